"""Settings of the pack that are not data: which province it is about."""
from __future__ import annotations

# The province the pack is about (its registry id): Quảng Ninh. Charts highlight it, the narrative,
# the scorecard and the deck state its values and ranks (``qnindex.analysis.focus.focus_summary``).
FOCUS_UNIT = "prov-22"

# Who issues the pack (title slide of the deck); QNINDEX_ISSUER overrides it.
ISSUER = {"vi": "UBND tỉnh Quảng Ninh — Sở Nội vụ", "en": "Quảng Ninh Provincial People's Committee — Department of Home Affairs"}


def issuer(lang: str) -> str:
    import os

    return os.environ.get("QNINDEX_ISSUER") or ISSUER[lang]
