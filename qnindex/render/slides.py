"""What the briefing deck shows after its scorecard, in order (also the order of the figures in report.html), and
each figure's caption: read from ``figures.yml`` (an analyst's file), so the yearly job can read it without importing
python-pptx and matplotlib."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from qnindex.indices.specs import SPECS

FIGURES_FILE = Path(__file__).with_name("figures.yml")


@lru_cache(maxsize=1)
def figures() -> tuple[dict, ...]:
    """Every figure of the catalogue in order, ``rankings`` expanded into one ranking of the provinces per index that
    draws one (the panel first)."""
    entries = []
    for entry in yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8")):
        if entry != "rankings":
            entries.append({"deck": True, "section": "", "starts": "", **entry})
            continue
        for s in sorted((s for s in SPECS if "ranking" in s.charts), key=lambda s: not s.panel):
            starts = (["Ba tổng điểm PAPI cao nhất", "The three highest"] if s.panel else "")
            entries.append({"stem": f"{s.id}_ranking", "section": s.narrative, "starts": starts, "deck": True,
                            "slide": [f"{s.short_vi}: xếp hạng các tỉnh",
                                      f"{s.short_en}: the provinces ranked" if s.panel else f"{s.short_en} ranking"],
                            "caption": [f"{s.short_vi}: xếp hạng các tỉnh, thành phố",
                                        f"{s.short_en}: the provinces ranked"]})
    return tuple(entries)


# chart stem -> (narrative section, the key sentence starts with, slide title vi, slide title en)
SLIDES = [(f["stem"], f["section"], tuple(f["starts"]) if f["starts"] else "", *f["slide"])
          for f in figures() if f["deck"]]
ORDER = [f["stem"] for f in figures()]  # the figures of report.html, in order
MESSAGE_FROM = {f["stem"]: f["message_from"] for f in figures() if f.get("message_from")}  # stem -> section
CAPTIONS = {f["stem"]: tuple(f["caption"]) for f in figures() if "caption" in f}  # chart stem -> caption (vi, en)
