"""The claims engine: every number a template prints becomes a claim (its sentence, value, operation and
data rows) while the editable Jinja2 templates render the text."""
from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from qnindex.analysis.facts import Fact, format_fact
from qnindex.core.paths import templates_dir
from qnindex.core.text import SENTENCE_END
from qnindex.render.narrative.names import join_names


@dataclass
class Claim:
    """One number as stated in the narrative."""

    claim_id: int
    section: str
    text: str
    fact: Fact
    absolute: bool
    sentence: str = ""

    def record(self) -> dict:
        f = self.fact
        interval = None if self.absolute else f.interval()
        return {
            "claim": self.claim_id, "section": self.section, "sentence": self.sentence, "text": self.text,
            "value": None if f.missing else (abs(f.value) if self.absolute else f.value),
            "absolute": self.absolute, "kind": f.kind, "decimals": f.decimals, "op": f.op, "inner": f.inner,
            "status": f.status, "label": f.label, "judgement": bool(f.extra.get("judgement")),
            "refs": f.refs(), "sources": ";".join(f.sources()),
            "interval_low": None if interval is None else round(interval[0], 4),
            "interval_high": None if interval is None else round(interval[1], 4),
        }


@dataclass
class Recorder:
    """Collects the claims of one rendering."""

    lang: str
    claims: list[Claim] = field(default_factory=list)
    section: str = ""

    def mark(self, fact: Fact, text: str, absolute: bool) -> str:
        claim = Claim(len(self.claims) + 1, self.section, text, fact, absolute)
        self.claims.append(claim)
        return f"\x02{claim.claim_id}\x03{text}\x04"


_MARK = re.compile("\x02(\\d+)\x03(.*?)\x04", re.S)


def _resolve_marks(text: str, recorder: Recorder) -> str:
    """Strip claim markers, and give each claim the sentence it stands in."""
    clean, positions, pos, last = [], {}, 0, 0
    for m in _MARK.finditer(text):
        clean.append(text[last:m.start()])
        pos += len(text[last:m.start()])
        positions[int(m.group(1))] = pos
        clean.append(m.group(2))
        pos += len(m.group(2))
        last = m.end()
    clean.append(text[last:])
    plain = "".join(clean)
    bounds, start = [], 0
    for m in SENTENCE_END.finditer(plain):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(plain)))
    for claim in recorder.claims:
        if claim.claim_id in positions:
            p = positions[claim.claim_id]
            s, e = next(((s, e) for s, e in bounds if s <= p <= e), (0, len(plain)))
            claim.sentence = plain[s:e].strip()
    return plain




_RENDERING: ContextVar[tuple] = ContextVar("qnindex_rendering")  # (template, recorder) of the render under way


def _printer(style: str, absolute: bool = False):
    """A filter that prints a Fact and records it as a claim of the template being rendered."""
    def apply(fact):
        template, recorder = _RENDERING.get()
        if not isinstance(fact, Fact):
            raise TypeError(f"template {template}: a number must be a Fact to be printed, got {fact!r}")
        if fact.missing:
            raise ValueError(f"template {template}: '{fact.label}' has no value; test .missing first")
        return recorder.mark(fact, format_fact(fact, recorder.lang, style + ("abs" if absolute else "")), absolute)
    return apply


@lru_cache(maxsize=2)
def _environment(lang: str) -> Environment:
    """One environment per language: templates are compiled once (and again when an analyst edits one)."""
    env = Environment(loader=FileSystemLoader(str(templates_dir() / lang)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters["names"] = lambda units: join_names(list(units), lang)
    env.filters["lower_first"] = lambda t: t if t[1:2].isupper() else t[:1].lower() + t[1:]
    env.filters.update({"val": _printer("val"), "num": _printer("num"), "int": _printer("int"),
                        "delta": _printer("val", absolute=True)})
    return env


def render(template: str, context: dict, recorder: Recorder) -> str:
    """Render ``<lang>/<template>.md.j2`` — or, for an index with no template of its own, its kind's template
    (``national.md.j2`` for a national ranking): numbers printed through the filters become claims."""
    from qnindex.indices.specs import SPECS

    lang = recorder.lang
    recorder.section = template
    kind = next((s.loader for s in SPECS if s.narrative == template), None)
    names = [f"{template}.md.j2"] + ([f"{kind}.md.j2"] if kind and kind != template else [])
    if "year" in context and "province" not in context:  # the province the pack is about, named as in that year
        from qnindex.render.narrative.names import focus_names

        context = {**context, **focus_names(context["year"], lang)}
    token = _RENDERING.set((template, recorder))
    try:
        return _environment(lang).select_template(names).render(**context, lang=lang)
    finally:
        _RENDERING.reset(token)


MARKERS = {"vi": "số liệu minh họa", "en": "illustrative"}


def mark_illustrative(text: str, claims: list[Claim], lang: str) -> str:
    """Every sentence that states an illustrative number says so: the marker is derived from the claims, not
    written per template (a sentence that has it already is left as it is)."""
    marker = MARKERS[lang]
    for sentence in dict.fromkeys(c.sentence for c in claims if c.fact.status == "illustrative" and c.sentence):
        if marker in sentence:
            continue
        body = sentence.rstrip(".;:")
        marked = f"{body} ({marker}){sentence[len(body):]}"
        text = text.replace(sentence, marked, 1)
        for claim in claims:
            if claim.sentence == sentence:
                claim.sentence = marked
    return text
