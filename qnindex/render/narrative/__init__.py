"""The conference narrative, from data: section contexts computed from tidy tables, rendered by editable Jinja2
templates (``qnindex/render/templates/<lang>/<section>.md.j2``) into sections as objects, with a claims ledger.

Every number a template prints goes through a filter (``val``, ``num``, ``int``, ``delta``) that formats it half-up
for the locale *and* records it as a claim: the sentence it stands in, its value, how it was computed and the data
rows (``file:row``) behind it. ``build`` returns a ``Narrative``: per section its heading, blocks and sentences, its
claims, and the sentences each figure's slide may state; the Markdown file, the page, the deck and the notebooks are
views of it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from qnindex.analysis.yeardata import YearData
from qnindex.render.narrative.claims import Claim, Recorder, mark_illustrative, render
from qnindex.render.narrative.contexts import overview_context, shortcomings_context
from qnindex.render.narrative.names import focus_names, join_names, unit_label
from qnindex.render.narrative.sections import Block, Section

__all__ = ["Narrative", "Section", "Block", "build", "story", "section_contexts", "unit_label", "join_names",
           "title", "TITLES"]


@dataclass
class Narrative:
    """The narrative of a year in one language: its sections (in reading order) and their claims, and for each
    figure the sentences that may state its message (``messages``, best first)."""

    year: int
    lang: str
    title: str
    sections: dict[str, Section]
    intervals: bool = True
    messages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def markdown(self) -> str:
        """The whole narrative as Markdown: the title, then every section."""
        return f"# {self.title}\n" + "".join("\n" + s.markdown for s in self.sections.values())

    @property
    def claims(self) -> list[Claim]:
        return [c for s in self.sections.values() for c in s.claims]

    def section(self, name: str) -> Section:
        """The section ``name`` (an empty one when the year has none)."""
        return self.sections.get(name) or Section(name, None, [])

    def ledger(self, section: str | None = None) -> pd.DataFrame:
        """One row per number stated (in ``section``, if given): section, sentence, text, value, how computed, source
        rows."""
        claims = self.claims if section is None else self.section(section).claims
        table = pd.DataFrame([c.record(self.intervals) for c in claims])
        if not table.empty:
            table["refs"] = table["refs"].map(lambda r: json.dumps(r, ensure_ascii=False, default=_json))
        return table

    def sentences(self) -> list[str]:
        """Every sentence the narrative states, in order: its title, then each section's heading and sentences."""
        return [self.title] + [s for section in self.sections.values()
                               for s in ([section.heading] if section.heading else []) + section.sentences()]

    def message(self, stem: str, used: set[str] = frozenset(), fits=lambda sentence: True) -> str:
        """The first sentence of figure ``stem``'s messages that is not ``used`` yet and ``fits`` (a slide's band)."""
        return next((s for s in self.messages.get(stem, []) if s not in used and fits(s)), "")


TITLES = {"vi": "Kết quả các chỉ số cải cách hành chính năm {year} của {province_title}",
          "en": "{province}'s administrative reform indices, {year}"}


def title(data: YearData, lang: str) -> str:
    """The narrative's title: the year's indices of the province the pack is about."""
    return TITLES[lang].format(year=data.year, **focus_names(data.focus, data.year, lang))


def _json(o):
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def section_contexts(data: YearData, lang: str, only: str | None = None) -> dict[str, dict]:
    """The context of every section of the year's narrative, in reading order: the overview, each national
    index with an edition in the year, the province's own assessments, the shortcomings (``only``: that section
    alone; the overview needs them all)."""
    contexts: dict[str, dict] = {}
    alone = only not in (None, "overview")
    for s in data.specs:
        if not s.narrative or s.narrative in contexts or not s.exists_in(data.year) or s.id in data.not_covered:
            continue  # (another province's pack: the overview says which own assessments it does not cover)
        if alone and s.narrative != only:
            continue
        context = s.kind.section(data, s, lang)  # the index's kind states it (None: no section this year)
        if context is not None:
            contexts[s.narrative] = context
    if not alone or only == "shortcomings":
        contexts["shortcomings"] = shortcomings_context(data, lang)
    if alone:
        return contexts
    return {"overview": overview_context(data, contexts, lang), **contexts}


def build(data: YearData, lang: str = "vi", only: str | None = None) -> Narrative:
    """The narrative of ``data.year`` in ``lang``: every section whose data exist, and the gaps said plainly
    (``only``: one section and its claims, for a notebook that shows that section)."""
    recorder = Recorder(lang)
    names = focus_names(data.focus, data.year, lang)
    sections = {}
    for name, context in section_contexts(data, lang, only).items():
        spec = next((s for s in data.specs if s.narrative == name), None)
        if "year" in context and "province" not in context:  # the province the pack is about, named as that year
            context = {**context, **names}
        text, claims = render(name, context, recorder, spec.kind.templates(spec) if spec else [name])
        sections[name] = _marked(Section.from_text(name, text, claims), lang)
    story = Narrative(data.year, lang, title(data, lang), sections, data.settings.intervals)
    from qnindex.render.slides import figure_messages

    story.messages = figure_messages(story, data)
    return story


def story(data: YearData, lang: str = "vi") -> Narrative:
    """The whole narrative of ``data`` in ``lang``, built once for the year's content and settings: the notebooks of a
    year each show their section of it, the overview writes it (``Project.cache``: stored by the digest of the year's
    tables; a table changed by hand is built again)."""
    settings = data.settings
    specs = [(s.id, s.kind.name, s.narrative, s.section) for s in data.specs]

    def stored() -> Narrative:
        key = f"{data.fingerprint()}|{lang}|{settings.intervals}|{specs}"
        return data.project.cache.keyed(f"narrative-{data.year}-{lang}", key, lambda: build(data, lang))
    return data.memo(("story", lang, settings.intervals, str(specs)), stored)


def _marked(section: Section, lang: str) -> Section:
    """Every sentence that states an illustrative number says so: the marker is derived from the claims, not written
    per template (a sentence that has it already is left as it is)."""
    for sentence in dict.fromkeys(c.sentence for c in section.claims if c.fact.status == "illustrative" and c.sentence):
        marked = mark_illustrative(sentence, lang)
        if marked == sentence:
            continue
        for block in section.blocks:
            if sentence in block.sentences:
                block.line = block.line.replace(sentence, marked, 1)
                block.sentences = [marked if s == sentence else s for s in block.sentences]
                break
        for claim in section.claims:
            if claim.sentence == sentence:
                claim.sentence = marked
    return section


def section_markdown(data: YearData, section: str, lang: str = "vi") -> str:
    """One section of the year's narrative exactly as the report prints it (with last year's comparison and its
    notes): what a notebook shows and saves beside its charts."""
    return story(data, lang).section(section).markdown.strip() + "\n"
