"""Panels across years: one index over several years as one tidy table, for questions no single year answers
(which units improved most since 2018, how a province's dimensions moved against its neighbours').

    qnindex.panel("dgi", project, range(2018, 2025))

One row per year, unit and component, with the value and — in columns of their own, never mixed into ``value`` —
the published rank. Units keep their registry id across renames (Đông Triều town → city); a unit merged into
another names the unit that carries its line at the panel's last year (``successor``: Hoành Bồ → Hạ Long), and
``comparable`` says whether the unit's value can be compared with its value in the panel's previous year: assessed
both years, existing both years, and nothing merged into it in between.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from qnindex.core.errors import MissingRawFile, TemplateNotFilled
from qnindex.data import registry
from qnindex.indices.files import years_with_files
from qnindex.indices.tables import load
from qnindex.indices.project import Project

COLUMNS = ["year", "index", "unit_id", "unit_name", "group", "component", "measure", "value", "max_value", "weight",
           "rank", "source", "successor", "comparable", "source_file", "source_row"]


def panel(index: str, project: Project, years: Iterable[int] | None = None,
          component: str | None = "total") -> pd.DataFrame:
    """``index`` of ``project`` over ``years`` (default: every year with a file) as one table (``component=None``:
    every component). Years without data are left out; a file with problems raises its RawDataError as a year's
    load does."""
    wanted = sorted(set(years) if years is not None else years_with_files(project, index))
    frames = []
    for year in wanted:
        try:
            frames.append(load(index, year, project))
        except (MissingRawFile, TemplateNotFilled):
            continue
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    tidy = pd.concat(frames, ignore_index=True)
    if component is not None:
        tidy = tidy[tidy["component"] == component]
    ranks = tidy[tidy["measure"] == "rank"][["year", "unit_id", "component", "value"]].rename(columns={"value": "rank"})
    values = tidy[~tidy["measure"].str.startswith("rank")]
    table = values.merge(ranks, on=["year", "unit_id", "component"], how="left")
    present = sorted(table["year"].unique())
    last = int(present[-1])
    table["successor"] = [registry.successor_in(u, last) for u in table["unit_id"]]
    previous = dict(zip(present[1:], present[:-1]))
    assessed = set(zip(table["year"], table["unit_id"], table["component"]))
    table["comparable"] = [_comparable(u, int(y), previous.get(y), (previous.get(y), u, c) in assessed)
                           for y, u, c in zip(table["year"], table["unit_id"], table["component"])]
    for col in COLUMNS:
        if col not in table:
            table[col] = pd.NA
    return table[COLUMNS].sort_values(["year", "component", "unit_id"]).reset_index(drop=True)


def _comparable(unit_id: str, year: int, before: int | None, assessed_before: bool) -> bool:
    """The same unit, assessed in the panel's previous year, with nothing merged into it since."""
    if before is None or not assessed_before:
        return False
    unit = registry.get(unit_id)
    if not unit.valid_in(before):
        return False
    start, end = date(before, 12, 31), date(year, 12, 31)
    merged = [p for p in registry.predecessors(unit_id)
              if registry.get(p).valid_to is not None and start <= registry.get(p).valid_to < end]
    return not merged


def improvement(table: pd.DataFrame, since: int, until: int | None = None) -> pd.DataFrame:
    """Each unit's change from ``since`` to ``until`` (default: the panel's last year) in a panel of one component:
    only units assessed both years with nothing merged into them in between (the change of a unit that absorbed
    another would mix two units). Largest rise first; ``published`` says whether both values were published. Where
    the index has respondents (a satisfaction survey), the change's 95 % interval (Newcombe's method from the two
    Wilson intervals) and whether it excludes zero (``beyond_sampling``); empty otherwise."""
    from qnindex.analysis.metrics import wilson

    until = until or int(table["year"].max())
    first = table[table["year"] == since].set_index("unit_id")
    last = table[table["year"] == until].set_index("unit_id")
    rows = []
    for unit_id in sorted(set(first.index) & set(last.index)):
        if not _comparable(unit_id, until, since, True):
            continue
        a, b = first.loc[unit_id], last.loc[unit_id]
        change = round(float(b["value"]) - float(a["value"]), 10)
        low = high = float("nan")
        if "weight" in table and pd.notna(a["weight"]) and pd.notna(b["weight"]):
            (l1, u1), (l2, u2) = wilson(float(b["value"]), float(b["weight"])), wilson(float(a["value"]), float(a["weight"]))
            p1, p2 = float(b["value"]), float(a["value"])
            low = change - ((p1 - l1) ** 2 + (u2 - p2) ** 2) ** 0.5
            high = change + ((u1 - p1) ** 2 + (p2 - l2) ** 2) ** 0.5
        rows.append({"unit_id": unit_id, "unit_name": b["unit_name"], "group": b["group"], "since": since,
                     "until": until, "value_since": a["value"], "value_until": b["value"], "change": change,
                     "change_low": low, "change_high": high,
                     "beyond_sampling": (low > 0 or high < 0) if low == low else pd.NA,
                     "published": a["source"] == "published" and b["source"] == "published"})
    out = pd.DataFrame(rows, columns=["unit_id", "unit_name", "group", "since", "until", "value_since", "value_until",
                                      "change", "change_low", "change_high", "beyond_sampling", "published"])
    return out.sort_values(["change", "unit_id"], ascending=[False, True]).reset_index(drop=True)


Z95 = 1.959963984540054  # the normal quantile of a two-sided 95 % interval


def relation(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Two indices of the same year across the units assessed in both (their totals, values only): the joined table
    (``unit_name``, ``group``, ``a``, ``b``, ``illustrative``) and the association — Pearson's r with its 95 %
    interval (Fisher's z; None under four units), Spearman's rho, n and how many rows are illustrative. It measures
    how the units line up, not that one index moves the other."""
    import math

    def totals(table: pd.DataFrame) -> pd.DataFrame:
        rows = table[(table["component"] == "total") & ~table["measure"].str.startswith("rank")]
        return rows.dropna(subset=["value"]).drop_duplicates("unit_id").set_index("unit_id")

    left, right = totals(a), totals(b)
    both = left.index.intersection(right.index)
    joined = pd.DataFrame({
        "unit_name": left.loc[both, "unit_name"], "group": left.loc[both, "group"],
        "a": left.loc[both, "value"].astype(float), "b": right.loc[both, "value"].astype(float),
        "illustrative": (left.loc[both, "source"] == "illustrative") | (right.loc[both, "source"] == "illustrative"),
    }).sort_values("a", ascending=False)
    n = len(joined)
    r = float(joined["a"].corr(joined["b"])) if n >= 3 else float("nan")
    low = high = None
    if n >= 4 and abs(r) < 1:
        z, se = math.atanh(r), 1 / math.sqrt(n - 3)
        low, high = math.tanh(z - Z95 * se), math.tanh(z + Z95 * se)
    rho = float(joined["a"].rank().corr(joined["b"].rank())) if n >= 3 else float("nan")
    return joined, {"n": n, "pearson_r": r, "r_low": low, "r_high": high, "spearman_rho": rho,
                    "illustrative_rows": int(joined["illustrative"].sum()),
                    "a": str(a["index"].iloc[0]), "b": str(b["index"].iloc[0])}
