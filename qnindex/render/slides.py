"""The figures of a pack after its scorecard, in order (the deck's slides and report.html's figures), each with its
caption and the section whose sentences may state its message: read from ``figures.yml`` (an analyst's file), for
the indices of a project's catalogue."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from qnindex.core.yamlfile import safe_loader
from qnindex.indices.specs import FigureEntry

FIGURES_FILE = Path(__file__).with_name("figures.yml")
YEAR_START = {"vi": "Năm {year},", "en": "In {year},"}
# the charts of the overview state no sentence of their own: their message is a sentence of the sections they draw
# (over the years: a streak; scores: a year's score; own assessments: the first sentence of an own section)
MESSAGE_WORDS = {"rank_trajectories": ("liên tiếp", "running", "consecutive"), "score_trends": ("đạt", " was ")}


@dataclass(frozen=True)
class Figure:
    """One figure of the pack: the chart's file stem (``<stem>_<lang>.png``), whether the deck shows it, the section
    whose sentence titles its slide (``starts``: the sentence starts so, per language; ``message_from``: another
    section's sentence, its notes staying its own), the slide's title when the narrative gives none, its caption."""

    stem: str
    deck: bool
    section: str
    starts: tuple[str, str] | str
    slide: tuple[str, str]
    caption: tuple[str, str] | None
    message_from: str | None = None

    def slide_title(self, lang: str) -> str:
        return self.slide[0 if lang == "vi" else 1]

    def prefix(self, lang: str) -> str:
        return self.starts[0 if lang == "vi" else 1] if isinstance(self.starts, tuple) else self.starts


@lru_cache(maxsize=1)
def _entries() -> tuple:
    return tuple(yaml.load(FIGURES_FILE.read_text(encoding="utf-8"), Loader=safe_loader()))


def figures(specs) -> tuple[Figure, ...]:
    """Every figure of the catalogue in order: the overview's (``figures.yml``), then at ``indices`` each index's in
    the specs' order (the figures its spec lists; a national ranking drawn as a ranking of the provinces gets one,
    worded from its names, unless its spec words it)."""
    out = []
    for entry in _entries():
        if entry != "indices":
            e = {"deck": True, "section": "", "starts": "", **entry}
            out.append(Figure(e["stem"], e["deck"], e["section"], tuple(e["starts"]) if e["starts"] else "",
                              tuple(e.get("slide", ("", ""))), tuple(e["caption"]) if "caption" in e else None,
                              e.get("message_from")))
            continue
        for s in specs:
            own = {f.chart: f for f in s.figures}
            drawn = [c for c in s.charts if c in s.kind.charts or (c == "ranking" and s.national)]
            for chart in [*own] + [c for c in drawn if c not in own]:
                f = own.get(chart) or _worded(s, chart)
                out.append(Figure(f"{s.id}_{f.chart}", f.deck, f.section or s.narrative or "", tuple(f.starts) or "",
                                  tuple(f.slide) or ("", ""), tuple(f.caption) or None, f.message_from or None))
    return tuple(out)


def _worded(s, chart: str) -> FigureEntry:
    """A figure of index ``s`` its spec does not word: a ranking of the provinces, or its chart named by the index."""
    if chart == "ranking":
        return FigureEntry(chart, slide=(f"{s.short_vi}: xếp hạng các tỉnh", f"{s.short_en} ranking"),
                           caption=(f"{s.short_vi}: xếp hạng các tỉnh, thành phố", f"{s.short_en}: the provinces ranked"))
    return FigureEntry(chart, slide=(s.short_vi, s.short_en), caption=(s.name_vi, s.name_en))


def order(specs) -> list[str]:
    """The figures of report.html, in order."""
    return [f.stem for f in figures(specs)]


def caption(specs, stem: str, lang: str, province: str) -> str:
    """A figure's caption in report.html ({province}: the province the pack is about); a map of an index's provinces
    without an entry of its own is named by its index."""
    found = next((f.caption for f in figures(specs) if f.stem == stem and f.caption), None)
    if found is None and stem.endswith("_map") and stem[: -len("_map")] in specs:
        s = specs.get(stem[: -len("_map")])
        found = (f"{s.short_vi}: bản đồ theo nhóm điểm", f"{s.short_en}: map by score quartile")
    found = found or (stem, stem)
    return found[0 if lang == "vi" else 1].replace("{province}", province)


def _message_sections(figure: Figure, specs) -> list[str]:
    """The narrative sections a slide's message may come from."""
    if figure.message_from:  # figures.yml: the message is another section's (the notes stay the slide's own)
        return [figure.message_from]
    if figure.section != "overview":
        return [figure.section]
    if figure.stem in ("rank_trajectories", "score_trends"):
        return [s.narrative for s in specs if s.national and s.narrative]
    if figure.stem == "own_trends":
        return [s.narrative for s in specs if not s.national and s.narrative]
    return []


def figure_messages(story, data) -> dict[str, list[str]]:
    """For each figure, the narrative's sentences that may state its message, best first: the sentences of its
    section that state a number (and start as figures.yml says); a chart of the overview takes a sentence of the
    sections it draws that opens with its year. The scorecard's: the year's result in the national rankings."""
    lang, year = story.lang, story.year
    opening = YEAR_START[lang].format(year=year)
    overview = story.section("overview")
    messages = {"scorecard": [s for s in (overview.key_sentence(opening) or overview.key_sentence(),) if s]}
    for figure in figures(data.specs):
        if not figure.deck:
            continue
        prefix = opening if figure.section == "overview" else figure.prefix(lang)
        words = MESSAGE_WORDS.get(figure.stem)
        messages[figure.stem] = [s for section in _message_sections(figure, data.specs)
                                 for s in story.section(section).key_sentences(prefix)
                                 if not words or any(w in s for w in words)]
    return messages
