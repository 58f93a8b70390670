"""The years before a report's year, reduced to what its trend charts draw: the province's score in each national
index, PAPI's dimensions against the range of the provinces, the average of each own assessment, and the share of
applications filed online. Every function takes tables already loaded (``YearData.history``, ``YearData.series``):
drawing never goes back to the raw files."""
from __future__ import annotations

import pandas as pd

from qnindex.analysis.metrics import covers_the_country, rank_provinces, values_only
from qnindex.data.averages import unit_average
from qnindex.indices.panel import DIMENSIONS


def _by_year(history: pd.DataFrame | None, year: int) -> list[tuple[int, pd.DataFrame]]:
    if history is None or history.empty:
        return []
    return [(int(y), t) for y, t in history[history["year"] <= year].groupby("year", sort=True)]


def _gaps_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Every year between the first and the last, a year without data as NaN: a line never joins across it."""
    return frame.reindex(range(int(frame.index.min()), int(frame.index.max()) + 1))


def _panel_scores(history: pd.DataFrame, year: int, focus: frozenset[str]) -> pd.DataFrame:
    """A panel index's (PAPI's) total per year: the province's score (``focus``: its ids), the provinces' median and
    range, the scale."""
    rows = []
    for y, table in _by_year(history, year):
        ranked = rank_provinces(table).dropna(subset=["value"])
        focus_value = ranked[ranked["unit_id"].isin(focus)]["value"]
        scale = table[table["component"] == "total"]["max_value"].dropna()
        rows.append({"year": y, "value": float(focus_value.iloc[0]) if len(focus_value) else float("nan"),
                     "median": float(ranked["value"].median()), "low": float(ranked["value"].min()),
                     "high": float(ranked["value"].max()),
                     "scale": float(scale.iloc[0]) if len(scale) else float("nan")})
    return pd.DataFrame(rows).set_index("year") if rows else pd.DataFrame(columns=["value"])


def score_frames(data) -> dict[str, pd.DataFrame]:
    """The province's score per year in each national index drawn over the years (three years or more), indexed by
    year with gaps kept; a panel index adds the provinces' median, range and scale (once a year: both languages'
    charts draw them)."""
    return data.memo(("score_frames",), lambda: _score_frames(data))


def _score_frames(data) -> dict[str, pd.DataFrame]:
    frames = {}
    for index in data.specs.with_chart("rank_trajectories"):
        if data.spec(index).panel:
            frame = _panel_scores(data.history.get(index), data.year, data.focus.ids)
        elif index in data.series:
            s = data.series[index]
            s = s[s["unit_id"].isin(data.focus.ids) & (s["component"] == "total")
                  & ~s["measure"].str.startswith("rank")]
            frame = s.set_index("year")[["value"]].sort_index()
        else:
            continue
        if frame["value"].notna().sum() >= 3:
            frames[index] = _gaps_shown(frame)
    return frames


def dimension_frame(history: pd.DataFrame | None, year: int, focus: frozenset[str]) -> pd.DataFrame:
    """PAPI's dimensions per year to ``year``: the province's score (``focus``: its ids), and the provinces' median
    and range in years whose table covers (nearly) all of them. Columns component, year, value, median, low,
    high."""
    dimension_ids = [cid for cid, _vi, _en in DIMENSIONS.values()]
    per_year = []
    for y, table in _by_year(history, year):
        table = table[table["component"].isin(dimension_ids) & ~table["measure"].str.startswith("rank")
                      ].dropna(subset=["value"])
        stats = table.groupby("component")["value"].agg(["median", "min", "max", "size"])
        full = covers_the_country(stats["size"], y)
        stats[["median", "min", "max"]] = stats[["median", "min", "max"]].where(full)
        scores = table[table["unit_id"].isin(focus)].drop_duplicates("component").set_index("component")["value"]
        per_year.append(stats.assign(value=scores, year=y).rename(columns={"min": "low", "max": "high"}))
    columns = ["component", "year", "value", "median", "low", "high"]
    if not per_year:
        return pd.DataFrame(columns=columns)
    return pd.concat(per_year).rename_axis("component").reset_index()[columns]


def own_frames(data) -> dict[str, pd.DataFrame]:
    """Each own assessment with three years or more: the average of its units per year (respondent-weighted for a
    survey) and the lowest and highest unit, indexed by year with gaps kept (once a year, for both languages)."""
    return data.memo(("own_frames",), lambda: _own_frames(data))


def _own_frames(data) -> dict[str, pd.DataFrame]:
    frames = {}
    for index, history in data.history.items():
        s = data.spec(index)
        if not s.of_units:
            continue
        rows = []
        for y, table in _by_year(values_only(history), data.year):
            totals = table[table["component"] == "total"].dropna(subset=["value"])
            if totals.empty:
                continue
            rows.append({"year": y, "mean": unit_average(totals), "low": float(totals["value"].min()),
                         "high": float(totals["value"].max())})
        if len(rows) >= 3:
            frames[index] = _gaps_shown(pd.DataFrame(rows).set_index("year"))
    return frames


def rate_frame(data, index: str) -> pd.DataFrame | None:
    """The province's rate in a single-value index (the share of applications filed online) per year to the report's
    year, whether the year is illustrative, and the province's target in force (NaN where none). None with fewer
    than two years or when the report's year has no rate: a trend ending before its year says nothing."""
    rows = []
    for y, table in _by_year(values_only(data.history[index]) if index in data.history else None, data.year):
        focus = table[table["unit_id"].isin(data.focus.ids) & (table["component"] == "total")].dropna(subset=["value"])
        if len(focus):
            target = data.project.targets.target_for(index, focus["unit_id"].iloc[0], y)
            rows.append({"year": y, "value": float(focus["value"].iloc[0]),
                         "illustrative": bool((focus["source"] == "illustrative").any()),
                         "target": float(target["target"]) if target else float("nan")})
    if len(rows) < 2 or rows[-1]["year"] != data.year:
        return None
    return pd.DataFrame(rows).set_index("year")
