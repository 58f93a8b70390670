"""The one averaging rule of every tidy table: rows that carry weights (the respondents of a satisfaction survey)
are averaged with them — the share of all respondents who were satisfied, the method that reproduces every published
average — and rows without weights get a plain mean. Validation, metrics and charts all average through here."""
from __future__ import annotations

import pandas as pd


def weighted_mean(values: pd.Series, weights: pd.Series | None = None) -> float:
    """Mean of ``values`` weighted by ``weights`` (plain mean when weights are absent)."""
    v = values.astype(float)
    if weights is None or weights.isna().all():
        return float(v.mean())
    w = weights.astype(float)
    if (w <= 0).any() or w.isna().any():
        raise ValueError("weights must be positive and complete for a weighted mean")
    return float((v * w).sum() / w.sum())


def unit_average(rows: pd.DataFrame) -> float:
    """The average of a table's unit rows as its producer states it (``value``, weighted by ``weight`` if any)."""
    return weighted_mean(rows["value"], rows["weight"])
