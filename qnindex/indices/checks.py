"""Checks of a loaded table against what its producer published: found while loading, so that
``qnindex validate`` reports a contradiction with the file, rows, column and the fix, and rendering
code never has to check data."""
from __future__ import annotations

import pandas as pd

from qnindex.core.errors import Problem
from qnindex.core.messages import Text, text
from qnindex.core.formatting import round_half_up
from qnindex.data.averages import unit_average
from qnindex.data.loading import records
from qnindex.indices.specs import IndexSpec


def _rows_text(rows: pd.Series) -> tuple[str, str]:
    rows = sorted(int(r) for r in rows)
    span = f"{rows[0]}–{rows[-1]}" if len(rows) > 1 else f"{rows[0]}"
    return f"dòng {span}", (f"rows {span}" if len(rows) > 1 else f"row {span}")


def aggregate_value(spec: IndexSpec, tidy: pd.DataFrame, key: str) -> tuple[float, pd.DataFrame] | None:
    """The aggregate ``key`` (``all``, a group, ``<component>_share``, ``max``, ``min``) computed the way the
    producer computes it (respondent-weighted for a survey, a plain mean otherwise), with its rows."""
    values = tidy[~tidy["measure"].str.startswith("rank")]
    totals = values[values["component"] == "total"]
    if key in ("all", *spec.groups) and key != "province":
        rows = totals if key == "all" else totals[totals["group"] == key]
        if rows.empty:
            return None
        return unit_average(rows), rows
    if key in ("max", "min"):
        return (float(getattr(totals["value"], key)()), totals) if len(totals) else None
    if key.endswith("_share"):
        rows = values[values["component"] == key[: -len("_share")]]
        if rows.empty:
            return None
        return 100.0 * float(rows["value"].mean()) / float(rows["max_value"].iloc[0]), rows
    return None


def _coarseness(values: pd.Series) -> float:
    """How far an average of values typed coarser than the published 2 decimals can be from the exact one
    (83,9 typed for 83,93: each value off by up to 0,05)."""
    def slack(v: float) -> float:
        digits = repr(float(v)).split(".")[1].rstrip("0") if "." in repr(float(v)) else ""
        return 0.5 * 10 ** -len(digits) if len(digits) == 1 else 0.0  # whole numbers are exact
    spread = [slack(v) for v in values.dropna()]
    return sum(spread) / len(spread) if spread else 0.0


def _mostly_complete(rows: pd.DataFrame, year: int, share: float = 0.75) -> bool:
    """Do the rows cover at least ``share`` of the units of their groups that existed in ``year``? (A survey
    need not cover every unit; a draft or an extract of a few rows is not the published table.)"""
    from qnindex.data import registry

    expected = {u.unit_id for g in set(rows["group"]) for u in registry.units_in(g, year)}
    return len(set(rows["unit_id"]) & expected) >= share * len(expected)


def published_aggregate_problems(spec: IndexSpec, tidy: pd.DataFrame, file: str, meta: dict) -> list[Problem]:
    """Every aggregate the producer published for the year (``meta``: its ``PROVENANCE.yml``) that the rows
    contradict."""
    if tidy.empty:
        return []
    year = int(tidy["year"].iloc[0])
    table = meta.get("published_aggregates") or {}
    published = table.get(year) or table.get(str(year)) or {}
    problems = []
    for key, value in published.items():
        computed = aggregate_value(spec, tidy, str(key))
        if computed is None:
            continue
        got, rows = computed
        if not _mostly_complete(rows, year):
            continue  # an extract with a few of the units cannot be held to an average over all of them
        if round_half_up(got, 2) != round_half_up(float(value), 2) and \
                abs(got - float(value)) > 0.005 + _coarseness(rows["value"]):
            column = "satisfaction_pct" if spec.weighted_by_respondents else (
                str(key)[: -len("_share")] if str(key).endswith("_share") else "total")
            rows_vi, rows_en = _rows_text(rows["source_row"])
            got_s, pub_s = str(round_half_up(got, 2)), str(round_half_up(float(value), 2))
            problems.append(Problem(
                file, None, column,
                Text(text("raw.aggregate", rows=rows_vi, key=key, got=got_s.replace(".", ","), published=pub_s.replace(".", ",")).vi,
                     text("raw.aggregate", rows=rows_en, key=key, got=got_s, published=pub_s).en),
                text("raw.aggregate.fix")))
    return problems


def published_rank_problems(tidy: pd.DataFrame, file: str) -> list[Problem]:
    """A rank typed in the file must be the rank of the unit's total within its group."""
    totals = tidy[(tidy["component"] == "total") & ~tidy["measure"].str.startswith("rank")]
    ranks = tidy[(tidy["component"] == "total") & (tidy["measure"] == "rank")]
    if ranks.empty:
        return []
    computed = totals.assign(_r=totals.groupby("group")["value"].rank(method="min", ascending=False))
    by_unit = computed.set_index("unit_id")["_r"]
    problems = []
    for rec in records(ranks):
        got = by_unit.get(rec["unit_id"])
        if got is not None and pd.notna(got) and int(got) != int(rec["value"]):
            problems.append(Problem(file, int(rec["source_row"]), "rank",
                                    text("raw.rank.typed", typed=int(rec["value"]), computed=int(got)), text("raw.rank.typed.fix")))
    return problems
