"""Metrics over tidy tables: averages, ranks with ties, extremes, and year-on-year comparisons.

Functions take and return plain DataFrames so they compose in notebooks and tests.
"""
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


def group_means(tidy: pd.DataFrame, by: str = "group", weighted: bool = True) -> pd.DataFrame:
    """Average value per ``by`` group plus an ``all`` row; weighted by ``weight`` when asked.

    SIPAS averages are respondent-weighted: the share of all respondents of a group who were
    satisfied. That is the method that reproduces every published 2019 average (F5–F8).
    """
    def mean(d: pd.DataFrame) -> float:
        return weighted_mean(d["value"], d["weight"] if weighted else None)

    rows = [{by: key, "value": mean(d), "units": len(d), "weight": d["weight"].sum(min_count=1)}
            for key, d in tidy.groupby(by, sort=False)]
    rows.append({by: "all", "value": mean(tidy), "units": len(tidy), "weight": tidy["weight"].sum(min_count=1)})
    return pd.DataFrame(rows)


def competition_rank(values: pd.Series, ascending: bool = False) -> pd.Series:
    """Ranks where ties share the best rank and the next rank is skipped (1, 1, 3); NaN stays unranked."""
    return values.rank(method="min", ascending=ascending).astype("Int64")


def add_rank(tidy: pd.DataFrame, by: str | None = "group", ascending: bool = False) -> pd.DataFrame:
    """The table with a ``rank`` column, ranking within each ``by`` group (or overall when None)."""
    out = tidy.copy()
    if by is None:
        out["rank"] = competition_rank(out["value"], ascending)
    else:
        out["rank"] = out.groupby(by, group_keys=False)["value"].transform(
            lambda s: competition_rank(s, ascending)).astype("Int64")
    return out


def extremes(tidy: pd.DataFrame, by: str = "group") -> pd.DataFrame:
    """Highest and lowest unit(s) per group; ties are all kept (one row each)."""
    rows = []
    for key, d in tidy.groupby(by, sort=False):
        d = d.dropna(subset=["value"])
        for which, target in (("highest", d["value"].max()), ("lowest", d["value"].min())):
            for rec in d[d["value"] == target].to_dict("records"):
                rows.append({by: key, "extreme": which, **{k: v for k, v in rec.items() if k != by}})
    return pd.DataFrame(rows)
