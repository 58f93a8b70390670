"""Metrics over tidy tables: averages, ranks with ties, extremes, and year-on-year comparisons.

Functions take and return plain DataFrames so they compose in notebooks and tests.
"""
from __future__ import annotations

import pandas as pd

from qnindex.data import registry
from qnindex.data.averages import weighted_mean  # noqa: F401  (metrics.weighted_mean)

FULL_TABLE = 0.95  # a national table naming this share of a year's provinces covers the country (a source that
# printed only the leaders does not)


def covers_the_country(n_units, year: int):
    """Whether a national table of ``n_units`` provinces (a number or a Series of them) covers the country in ``year``
    (the registry's provinces that year): drawn as a ranking and a map, its missing rank a rank not published."""
    return n_units >= FULL_TABLE * len(registry.units_in("province", year))


def values_only(tidy: pd.DataFrame) -> pd.DataFrame:
    """The value rows of a tidy table (published ranks, kept beside them, are not values)."""
    return tidy[~tidy["measure"].str.startswith("rank")] if "measure" in tidy else tidy


def group_means(tidy: pd.DataFrame, by: str = "group", weighted: bool = True) -> pd.DataFrame:
    """Average value per ``by`` group plus an ``all`` row; weighted by ``weight`` when asked.

    SIPAS averages are respondent-weighted: the share of all respondents of a group who were
    satisfied. That is the method that reproduces every published 2019 average (F5–F8).
    """
    def mean(d: pd.DataFrame) -> float:
        return weighted_mean(d["value"], d["weight"] if weighted else None)

    tidy = values_only(tidy)
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
    tidy = values_only(tidy)
    rows = []
    for key, d in tidy.groupby(by, sort=False):
        d = d.dropna(subset=["value"])
        for which, target in (("highest", d["value"].max()), ("lowest", d["value"].min())):
            for rec in d[d["value"] == target].to_dict("records"):
                rows.append({by: key, "extreme": which, **{k: v for k, v in rec.items() if k != by}})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- year-on-year and over time

def previous_unit_map(previous: pd.DataFrame, current: pd.DataFrame) -> dict[str, str]:
    """Map each previous-year unit to the unit that carries it in the current data.

    A unit absent from the current data whose registry successor is present (Hoành Bồ -> Hạ Long)
    is mapped to that successor; every other unit maps to itself.
    """
    from qnindex.data import registry

    present = set(current["unit_id"])
    year = int(current["year"].iloc[0]) if "year" in current and len(current) else None
    mapping = {}
    for unit_id in previous["unit_id"].unique():
        target = unit_id
        if unit_id not in present:
            try:
                unit = registry.get(unit_id)
            except KeyError:
                unit = None
            merged_since = unit is not None and unit.successor and (year is None or not unit.valid_in(year))
            if merged_since and unit.successor in present:  # merged before the current year, not just unsurveyed
                target = unit.successor
        mapping[unit_id] = target
    return mapping


def change_from_previous(current: pd.DataFrame, previous: pd.DataFrame,
                         keys: tuple[str, ...] = ("component", "measure")) -> pd.DataFrame:
    """Current values beside last year's: absolute change, relative change (%) and merger notes.

    For rates (in %), the absolute change is in percentage points. Previous units that merged into
    a current unit are combined with it (respondent-weighted when weights exist, else the
    successor's own previous value is used) and listed in ``merged_from``. A unit new this year whose
    predecessors did not all have a value last year gets none (one of them alone is not its base).
    """
    from qnindex.data import registry

    from qnindex.data.loading import records

    mapping = previous_unit_map(previous, current)
    prev = previous.assign(unit_id=previous["unit_id"].map(mapping), _orig=previous["unit_id"])
    prev_year = int(previous["year"].iloc[0]) if "year" in previous and len(previous) else None
    groups: dict[tuple, list[dict]] = {}  # last year's rows of each (unit, key...), in the order they come
    for rec in records(prev, ["unit_id", *keys, "_orig", "value", "weight"]):
        key = (rec["unit_id"], *(rec[k] for k in keys))
        if not any(pd.isna(k) for k in key):  # (as a groupby: a row without a unit is no group)
            groups.setdefault(key, []).append(rec)
    rows = []
    for key, d in groups.items():
        origs = {r["_orig"] for r in d}
        merged = sorted(origs - {key[0]})
        excluded: list[str] = []
        absent = [u for u in registry.predecessors(key[0]) if u not in origs and prev_year is not None
                  and registry.get(u).valid_in(prev_year)] if key[0] not in origs else []
        if absent:  # a new unit (the 2025 Hải Phòng) with a predecessor lacking last year's value: no like base
            value, merged = float("nan"), []
        elif len(d) == 1:
            value = float(d[0]["value"])
        elif all(pd.notna(r["weight"]) for r in d):  # pooled: the merged units' respondents count
            value = weighted_mean(pd.Series([r["value"] for r in d], dtype=float),
                                  pd.Series([r["weight"] for r in d], dtype=float))
        else:
            own = [r for r in d if r["_orig"] == key[0]]
            value = float(own[0]["value"]) if own else float("nan")
            merged, excluded = [], merged  # not pooled: the base is the unit's own value, without them
        rows.append(dict(zip(("unit_id", *keys), key), previous=value, merged_from=";".join(merged),
                         base_excludes=";".join(excluded)))
    prev_table = pd.DataFrame(rows, columns=["unit_id", *keys, "previous", "merged_from", "base_excludes"])
    out = current.merge(prev_table, on=["unit_id", *keys], how="left")
    out["merged_from"] = out["merged_from"].fillna("")
    out["base_excludes"] = out["base_excludes"].fillna("")
    out["change"] = out["value"] - out["previous"]
    out["change_pct"] = 100.0 * out["change"] / out["previous"]
    return out


def rank_change(current_rank: float, previous_rank: float) -> float:
    """Places gained (positive) or lost (negative): 4th -> 3rd is +1."""
    return float(previous_rank - current_rank)


def rank_series(tidy: pd.DataFrame, unit_id: str | frozenset[str], component: str = "total") -> pd.DataFrame:
    """A unit's published rank information per year: rank, rank_at_most, rank_at_least (``unit_id``: an id, or the
    ids the unit had over the years)."""
    ids = {unit_id} if isinstance(unit_id, str) else set(unit_id)
    d = tidy[tidy["unit_id"].isin(ids) & (tidy["component"] == component)
             & tidy["measure"].isin(["rank", "rank_at_most", "rank_at_least"])]
    table = d.pivot_table(index="year", columns="measure", values="value", aggfunc="first")
    for col in ("rank", "rank_at_most", "rank_at_least"):
        if col not in table:
            table[col] = float("nan")
    return table[["rank", "rank_at_most", "rank_at_least"]].sort_index()


def _within_top(row: pd.Series, k: int) -> bool | None:
    """True/False when the year's information settles 'rank <= k', None when it does not."""
    if pd.notna(row["rank"]):
        return bool(row["rank"] <= k)
    if pd.notna(row["rank_at_most"]) and row["rank_at_most"] <= k:
        return True
    if pd.notna(row["rank_at_least"]) and row["rank_at_least"] > k:
        return False
    return None


def streak(ranks: pd.DataFrame, year: int, k: int | None = None, exact: int | None = None) -> tuple[int, int | None]:
    """Consecutive years ending in ``year`` at rank <= ``k`` (or exactly ``exact``), and the first of them.

    A year with no rank information, or a gap in the years, ends the streak: it is never assumed.
    """
    length, start = 0, None
    y = year
    while y in ranks.index:
        row = ranks.loc[y]
        ok = (row["rank"] == exact if pd.notna(row["rank"]) else None) if exact is not None else _within_top(row, k)
        if not ok:
            break
        length, start, y = length + 1, y, y - 1
    return length, start


def first_time_within(ranks: pd.DataFrame, year: int, k: int, series_start: int) -> bool | None:
    """Is ``year`` the first year at rank <= k since the series began? None when the data cannot tell."""
    if year not in ranks.index or not _within_top(ranks.loc[year], k):
        return False
    for y in range(series_start, year):
        if y not in ranks.index:
            return None
        earlier = _within_top(ranks.loc[y], k)
        if earlier is None:
            return None
        if earlier:
            return False
    return True


# ---------------------------------------------------------------- scales, tiers and targets

def share_of_max(value: float, max_value: float) -> float:
    """Value as a percentage of its maximum (128/170 -> 75.29)."""
    return 100.0 * float(value) / float(max_value)


def tier(share: float, thresholds: list[tuple[float, str]]) -> str:
    """The first tier whose lower bound ``share`` reaches; thresholds from highest to lowest.

    ``tier(73.8, [(80, "good"), (70, "fair"), (0, "weak")]) == "fair"``.
    """
    ordered = sorted(thresholds, key=lambda t: -t[0])
    for bound, name in ordered:
        if share >= bound:
            return name
    return ordered[-1][1]


def gap_to_target(value: float, target: float, higher_is_better: bool = True) -> dict:
    """Distance to a target and whether it was met (value - target, in the value's unit)."""
    gap = float(value) - float(target)
    return {"value": float(value), "target": float(target), "gap": gap,
            "met": gap >= 0 if higher_is_better else gap <= 0}


# ---------------------------------------------------------------- among provinces

def rank_provinces(tidy: pd.DataFrame, component: str = "total") -> pd.DataFrame:
    """Competition ranks among the provinces that have a value; those without stay unranked (NaN)."""
    d = tidy[(tidy["component"] == component) & ~tidy["measure"].str.startswith("rank")].copy()
    d["rank"] = competition_rank(d["value"])
    d["ranked_units"] = int(d["value"].notna().sum())
    return d.sort_values(["rank", "unit_id"], na_position="last").reset_index(drop=True)


def national_summary(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per component: national mean, median, best and worst value and province, number with a value."""
    d = tidy[~tidy["component"].str.startswith("sub_") & ~tidy["measure"].str.startswith("rank")]
    rows = []
    for component, g in d.groupby("component", sort=False):
        g = g.dropna(subset=["value"])
        best = g.loc[g["value"].idxmax()]
        worst = g.loc[g["value"].idxmin()]
        rows.append({"component": component, "mean": g["value"].mean(), "median": g["value"].median(),
                     "best": best["value"], "best_unit": best["unit_id"],
                     "worst": worst["value"], "worst_unit": worst["unit_id"], "units": len(g)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- how sure a survey rate is

Z95 = 1.959963984540054


def wilson(rate_pct: float, respondents: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval (95 % by default) of a satisfaction rate in %, from its number of respondents.

    Assumes simple random sampling within the unit and no design effect (none is published).
    """
    n = float(respondents)
    if not n or n <= 0 or rate_pct != rate_pct:
        return float("nan"), float("nan")
    p = float(rate_pct) / 100.0
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return 100.0 * (centre - half), 100.0 * (centre + half)


def survey_intervals(tidy: pd.DataFrame) -> pd.DataFrame:
    """Every unit's rate with its 95 % Wilson interval, and each group's and the overall respondent-weighted
    rate with the interval of the pooled respondents (units with respondents only)."""
    rows = values_only(tidy).dropna(subset=["value", "weight"])
    out = []
    for rec in rows.to_dict("records"):
        lo, hi = wilson(rec["value"], rec["weight"])
        out.append({"unit_id": rec["unit_id"], "group": rec["group"], "value": rec["value"],
                    "respondents": rec["weight"], "low": lo, "high": hi})
    for key, d in [*rows.groupby("group", sort=False), ("all", rows)]:
        n = float(d["weight"].sum())
        rate = float((d["value"] * d["weight"]).sum() / n)
        lo, hi = wilson(rate, n)
        out.append({"unit_id": f"mean:{key}", "group": key, "value": rate, "respondents": n, "low": lo, "high": hi})
    return pd.DataFrame(out)


def with_intervals(tidy: pd.DataFrame, surveys: set[str] | frozenset[str], on: bool = True) -> pd.DataFrame:
    """``tidy`` with ``interval_low``/``interval_high``: the 95 % Wilson interval of each rate of the ``surveys``
    (indices weighted by respondents) whose respondents are known (empty for other rows, and everywhere unless
    ``on``: the run's ``intervals`` setting)."""
    out = tidy.copy()
    out["interval_low"] = out["interval_high"] = float("nan")
    if not on or out.empty:
        return out
    rows = (out["index"].isin(surveys) & ~out["measure"].astype(str).str.startswith("rank")
            & out["value"].notna() & out["weight"].notna() & (out["weight"] > 0))
    bounds = [wilson(float(v), float(w)) for v, w in zip(out.loc[rows, "value"], out.loc[rows, "weight"])]
    out.loc[rows, "interval_low"] = [lo for lo, _ in bounds]
    out.loc[rows, "interval_high"] = [hi for _, hi in bounds]
    return out


def differ(rate_a: float, n_a: float, rate_b: float, n_b: float, z: float = Z95) -> bool:
    """Do two survey rates (in %) differ at 95 %? A two-proportion z-test on the respondents (simple random
    sampling within each unit, no design effect)."""
    pa, pb = rate_a / 100.0, rate_b / 100.0
    se = (pa * (1 - pa) / n_a + pb * (1 - pb) / n_b) ** 0.5
    return abs(pa - pb) > z * se if se > 0 else pa != pb


def indistinguishable(intervals: pd.DataFrame, unit_id: str) -> list[str]:
    """Units of the same group whose rate cannot be told apart from ``unit_id``'s at 95 % (``differ``)."""
    units = intervals[~intervals["unit_id"].str.startswith("mean:")].set_index("unit_id")
    if unit_id not in units.index:
        return []
    me = units.loc[unit_id]
    same = units[(units["group"] == me["group"]) & (units.index != unit_id)]
    return [u for u, r in same.iterrows()
            if not differ(me["value"], me["respondents"], r["value"], r["respondents"])]
