"""The conference narrative, from data: section contexts computed from tidy tables, rendered by
editable Jinja2 templates (``qnindex/render/templates/<lang>/<section>.md.j2``), with a claims ledger.

Every number a template prints goes through a filter (``pct``, ``num``, ``int``, ``delta``) that
formats it half-up for the locale *and* records it as a claim: the sentence it stands in, its value,
how it was computed and the data rows (``file:row``) behind it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd

from qnindex.analysis.yeardata import YearData
from qnindex.core.text import SENTENCE_END
from qnindex.render.narrative.claims import Claim, Recorder, _resolve_marks, mark_illustrative, render
from qnindex.render.narrative.contexts import (dgi_context, egov_context, national_context, overview_context,
                                               papi_context, shortcomings_context, survey_context, units_context)
from qnindex.render.narrative.html import markdown_to_html
from qnindex.render.narrative.names import focus_names, join_names, unit_label
from qnindex.indices.specs import SPECS
from qnindex.indices.kinds import NationalRanking, Panel, UnitSurvey, kind_of

__all__ = ["Narrative", "build", "render_section", "section_text", "section_contexts", "unit_label",
           "join_names", "markdown_to_html", "TITLES"]


@dataclass
class Narrative:
    """The rendered narrative of a year and its claims ledger."""

    year: int
    lang: str
    markdown: str
    claims: list[Claim]
    sections: dict[str, str] = field(default_factory=dict)

    def key_sentences(self, section: str, starts: str = "") -> list[str]:
        """The section's sentences that state a number (those starting with ``starts``, if given), in order."""
        found = []
        for line in self.sections.get(section, "").splitlines():
            if line.startswith("_"):  # a note in italics ('Lưu ý: ... minh họa'), not a message
                continue
            for sentence in SENTENCE_END.split(line):
                sentence = sentence.strip().lstrip("- ")
                if sentence and not sentence.startswith("#") and any(ch.isdigit() for ch in sentence) \
                        and sentence.startswith(starts):
                    found.append(sentence)
        return found

    def key_sentence(self, section: str, starts: str = "") -> str:
        """The first sentence of a section that states a number (and starts with ``starts``, if given)."""
        found = self.key_sentences(section, starts)
        return found[0] if found else ""

    def ledger(self) -> pd.DataFrame:
        """One row per number stated: section, sentence, text, value, how computed, source rows."""
        records = [c.record() for c in self.claims]
        table = pd.DataFrame(records)
        if not table.empty:
            table["refs"] = table["refs"].map(lambda r: json.dumps(r, ensure_ascii=False, default=_json))
        return table

    def html(self) -> str:
        """A standalone HTML page of the narrative."""
        return markdown_to_html(self.markdown, title=title(self.year, self.lang), lang=self.lang)


TITLES = {"vi": "Kết quả các chỉ số cải cách hành chính năm {year} của {province_title}",
          "en": "{province}'s administrative reform indices, {year}"}


def title(year: int, lang: str) -> str:
    """The narrative's title: the year's indices of the province the pack is about."""
    return TITLES[lang].format(year=year, **focus_names(year, lang))


def _json(o):
    if hasattr(o, "item"):
        return o.item()
    return str(o)


# the section of each kind: every national ranking has national_context (national.md.j2 unless its own template),
# a panel papi_context, a survey of units survey_context; assessments of units whose section is of its own shape are
# named by their template below (DGI's components, e-government's levels and the province's rate), and every other
# (provincial PAR, DDCI, units' DTI, or one a project adds) has its kind's section (units_context, units.md.j2)
KIND_SECTIONS = {NationalRanking: national_context, Panel: papi_context, UnitSurvey: survey_context}
OWN_SECTIONS = {"dgi": dgi_context, "egov": egov_context}


def section_contexts(data: YearData, lang: str, only: str | None = None) -> dict[str, dict]:
    """The context of every section of the year's narrative, in reading order: the overview, each national
    index with an edition in the year, the province's own assessments, the shortcomings (``only``: that section
    alone; the overview needs them all)."""
    contexts: dict[str, dict] = {}
    alone = only not in (None, "overview")
    for s in SPECS:
        if not s.narrative or s.narrative in contexts or not s.exists_in(data.year) or s.id in data.not_covered:
            continue  # (another province's pack: the overview says which own assessments it does not cover)
        if alone and s.narrative != only:
            continue
        kind = type(kind_of(s))
        if kind in KIND_SECTIONS:
            contexts[s.narrative] = KIND_SECTIONS[kind](data, s.id, lang)
        elif s.narrative in OWN_SECTIONS:
            contexts[s.narrative] = OWN_SECTIONS[s.narrative](data, s.id, lang)
        elif data.has(s.id):  # an assessment of units without data this year is not a section
            contexts[s.narrative] = units_context(data, s.id, lang)
    if not alone or only == "shortcomings":
        contexts["shortcomings"] = shortcomings_context(data, lang)
    if alone:
        return contexts
    return {"overview": overview_context(data, contexts, lang), **contexts}


_BUILT: dict = {}  # in the kernel of ``qnindex report``: (id of the data, lang) -> (data, its narrative)


def build(data: YearData, lang: str = "vi", only: str | None = None) -> Narrative:
    """The narrative of ``data.year`` in ``lang``: every section whose data exist, and the gaps said plainly
    (``only``: one section and its claims, for a notebook that shows that section). In the kernel of ``qnindex
    report`` (where every notebook shares one loaded year) a whole narrative is built once per language."""
    from qnindex.core.cache import publishing

    if only is None and publishing():
        found = _BUILT.get((id(data), lang))
        if found is None or found[0] is not data:
            found = _BUILT[(id(data), lang)] = (data, _build(data, lang, None))
        return found[1]
    return _build(data, lang, only)


def _build(data: YearData, lang: str, only: str | None) -> Narrative:
    recorder = Recorder(lang)
    parts = [f"# {title(data.year, lang)}\n"]
    for section, context in section_contexts(data, lang, only).items():
        parts.append(f"\x05{section}\x06" + render(section, context, recorder).strip() + "\n")
    text = _resolve_marks("\n".join(parts), recorder)
    text = mark_illustrative(text, recorder.claims, lang)  # every sentence with an illustrative number says so
    sections = {m.group(1): m.group(2) for m in re.finditer("\x05(\\w+)\x06(.*?)(?=\x05|\\Z)", text, re.S)}
    text = re.sub("\x05\\w+\x06", "", text)
    for claim in recorder.claims:
        claim.sentence = re.sub("\x05\\w+\x06", "", claim.sentence)
    return Narrative(data.year, lang, text, recorder.claims, sections)


def render_section(section: str, context: dict, lang: str = "vi") -> str:
    """One section rendered to plain text (claims dropped): for notebooks that show a single section."""
    recorder = Recorder(lang)
    return _resolve_marks(render(section, context, recorder), recorder).strip() + "\n"


def section_text(data: YearData, section: str, lang: str = "vi") -> str:
    """One section of the year's narrative exactly as the report prints it (with last year's comparison and its
    notes): what a notebook shows and saves beside its charts."""
    return build(data, lang, only=section).sections.get(section, "").strip() + "\n"
