"""Settings of the pack that are not data: which province it is about, who issues it, the charts' resolution."""
from __future__ import annotations

# The province the pack is about (its registry id): Quảng Ninh. Charts highlight it, the narrative,
# the scorecard and the deck state its values and ranks (``qnindex.analysis.focus.focus_summary``).
FOCUS_UNIT = "prov-22"

# Who issues the pack (title slide of the deck); QNINDEX_ISSUER overrides it.
ISSUER = {"vi": "UBND tỉnh Quảng Ninh — Sở Nội vụ", "en": "Quảng Ninh Provincial People's Committee — Department of Home Affairs"}


def issuer(lang: str) -> str:
    import os

    return os.environ.get("QNINDEX_ISSUER") or ISSUER[lang]


# Resolution of the chart PNGs: 200 dpi is slide-ready (2666 x 1500 px); QNINDEX_DPI (``qnindex report --dpi``)
# asks for a lower one for a quick draft.
DPI = 200


def chart_dpi() -> int:
    """The charts' resolution for this run: QNINDEX_DPI when set (50–600), else 200."""
    import os

    text = os.environ.get("QNINDEX_DPI", "").strip()
    if not text:
        return DPI
    if not text.isdigit() or not 50 <= int(text) <= 600:
        raise ValueError(f"QNINDEX_DPI phải là một số nguyên từ 50 đến 600, không phải {text!r} "
                         f"(QNINDEX_DPI must be a whole number from 50 to 600)")
    return int(text)


def settle_heap() -> None:
    """In a batch process, after the libraries are imported: collect once, then exempt every object alive now
    (libraries, loaded caches) from later collections. Python's collector otherwise walks the whole heap some
    ten times per year built (~0.6 s of CPU to find a few cycles); objects made later are collected as usual."""
    import gc

    gc.collect()
    gc.freeze()
