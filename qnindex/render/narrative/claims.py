"""The claims engine: every number a template prints becomes a claim (its sentence, value, operation and
data rows) while the editable Jinja2 templates render the text.

A number is printed through a filter (``val``, ``num``, ``int``, ``delta``) that formats it half-up for the locale
and records it. Where it stands in the text is read from the pieces the template yields as it renders
(``Template.generate``): a number printed directly is its own piece; one printed inside a macro or joined into a
longer string is found in the piece that string becomes. No marker is written into the text.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, StrictUndefined

from qnindex.analysis.facts import Fact, format_fact
from qnindex.core.paths import templates_dir
from qnindex.core.text import SENTENCE_END
from qnindex.render.narrative.names import join_names
from qnindex.render.templating import environment


@dataclass
class Claim:
    """One number as stated in the narrative."""

    claim_id: int
    section: str
    text: str
    fact: Fact
    absolute: bool
    sentence: str = ""

    def record(self, intervals: bool = True) -> dict:
        """The claim as a ledger row (``intervals``: the run's setting; a survey rate carries its interval)."""
        f = self.fact
        interval = None if self.absolute else f.interval(intervals)
        return {
            "claim": self.claim_id, "section": self.section, "sentence": self.sentence, "text": self.text,
            "value": None if f.missing else (abs(f.value) if self.absolute else f.value),
            "absolute": self.absolute, "kind": f.kind, "decimals": f.decimals, "op": f.op, "inner": f.inner,
            "status": f.status, "label": f.label, "judgement": bool(f.extra.get("judgement")),
            "refs": f.refs(), "sources": ";".join(f.sources()),
            "interval_low": None if interval is None else round(interval[0], 4),
            "interval_high": None if interval is None else round(interval[1], 4),
        }


class Printed(str):
    """A number as a template prints it, knowing its claim: Jinja yields it as it is (``str()`` of it is itself), so
    its place in the text is known without marking the text."""

    claim: Claim

    def __str__(self) -> str:
        return self


@dataclass
class Recorder:
    """Collects the claims of one rendering (ids continue across the sections of one narrative)."""

    lang: str
    claims: list[Claim] = field(default_factory=list)
    section: str = ""

    def print(self, fact: Fact, text: str, absolute: bool) -> Printed:
        claim = Claim(len(self.claims) + 1, self.section, text, fact, absolute)
        self.claims.append(claim)
        printed = Printed(text)
        printed.claim = claim
        return printed


_RENDERING: ContextVar[tuple] = ContextVar("qnindex_rendering")  # (template, recorder) of the render under way


def _printer(style: str, absolute: bool = False):
    """A filter that prints a Fact and records it as a claim of the template being rendered."""
    def apply(fact):
        template, recorder = _RENDERING.get()
        if not isinstance(fact, Fact):
            raise TypeError(f"template {template}: a number must be a Fact to be printed, got {fact!r}")
        if fact.missing:
            raise ValueError(f"template {template}: '{fact.label}' has no value; test .missing first")
        return recorder.print(fact, format_fact(fact, recorder.lang, style + ("abs" if absolute else "")), absolute)
    return apply


@lru_cache(maxsize=2)
def _environment(lang: str) -> Environment:
    """One environment per language: templates are compiled once (and again when an analyst edits one), their
    compiled code kept for the next run (``render.templating``)."""
    env = environment(templates_dir() / lang, undefined=StrictUndefined, keep_trailing_newline=True,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters["names"] = lambda units: join_names(list(units), lang)
    env.filters["lower_first"] = lambda t: t if t[1:2].isupper() else t[:1].lower() + t[1:]
    env.filters.update({"val": _printer("val"), "num": _printer("num"), "int": _printer("int"),
                        "delta": _printer("val", absolute=True)})
    return env


def render(section: str, context: dict, recorder: Recorder, templates: list[str]) -> tuple[str, list[Claim]]:
    """Render section ``section`` with the first of ``templates`` found in ``<lang>/`` (an index's own template, else
    its section's shape's or its kind's: ``national.md.j2`` for a national ranking) and give each number it printed
    the sentence it stands in. Returns the text and the claims of this rendering."""
    lang = recorder.lang
    template = section
    recorder.section = section
    first = len(recorder.claims)
    names = [f"{name}.md.j2" for name in templates]
    token = _RENDERING.set((template, recorder))
    try:
        pieces = _environment(lang).select_template(names).generate(**context, lang=lang)
        text, places = _placed(pieces, recorder, first)
    finally:
        _RENDERING.reset(token)
    claims = recorder.claims[first:]
    _give_sentences(text, claims, places)
    return text, claims


def _placed(pieces, recorder: Recorder, first: int) -> tuple[str, dict[int, int]]:
    """The rendered text, and where each claim stands in it: a printed number is its own piece; numbers printed
    inside a macro (or joined into a string) are looked for, in order, in the next piece."""
    out: list[str] = []
    places: dict[int, int] = {}
    at = 0
    seen = first  # claims recorded before this piece
    for piece in pieces:
        if isinstance(piece, Printed):
            places.setdefault(piece.claim.claim_id, at)
        else:
            cursor = 0
            for claim in recorder.claims[seen:]:
                found = piece.find(claim.text, cursor)
                if found >= 0:
                    places.setdefault(claim.claim_id, at + found)
                    cursor = found + len(claim.text)
        seen = len(recorder.claims)
        out.append(piece)
        at += len(piece)
    return "".join(out), places


def _give_sentences(text: str, claims: list[Claim], places: dict[int, int]) -> None:
    """Each claim's sentence: the one its position falls in."""
    bounds, start = [], 0
    for m in SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    for claim in claims:
        if claim.claim_id in places:
            p = places[claim.claim_id]
            s, e = next(((s, e) for s, e in bounds if s <= p <= e), (0, len(text)))
            claim.sentence = text[s:e].strip()


MARKERS = {"vi": "số liệu minh họa", "en": "illustrative"}


def mark_illustrative(sentence: str, lang: str) -> str:
    """A sentence that states an illustrative number, saying so (as it is when it says so already)."""
    marker = MARKERS[lang]
    if marker in sentence:
        return sentence
    body = sentence.rstrip(".;:")
    return f"{body} ({marker}){sentence[len(body):]}"
