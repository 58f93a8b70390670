"""Settings of the pack that are not data: which province it is about."""
from __future__ import annotations

# The province the pack is about (its registry id): Quảng Ninh. Charts highlight it, the narrative,
# the scorecard and the deck state its values and ranks (``qnindex.analysis.focus.focus_summary``).
FOCUS_UNIT = "prov-22"
