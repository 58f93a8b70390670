"""The focus province's result in one national index: one computed summary that the scorecard, the
deck's summary table and the narrative all state, so they can never disagree."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qnindex.analysis.facts import Fact, make, rows_of


@dataclass
class FocusSummary:
    """Value, rank among N, and change from the year before, each a Fact traceable to its rows."""

    index: str
    year: int
    value: Fact        # score or rate this year
    rank: Fact         # rank this year (published, or computed from a full table for PAPI)
    n: Fact            # number of units ranked
    top_group: Fact    # "within the top k" when only that was published
    prev_value: Fact
    prev_rank: Fact
    change: Fact       # value - prev_value
    places: Fact       # prev_rank - rank (positive: moved up); published ranks only

    @property
    def rank_change(self) -> int | None:
        """Places moved up since last year (negative: down), when both ranks are known."""
        if self.rank.missing or self.prev_rank.missing:
            return None
        return int(self.prev_rank.value) - int(self.rank.value)


def _panel_rank(table: pd.DataFrame | None, focus: frozenset[str], label: str) -> tuple[Fact, Fact]:
    """A panel's rank of the focus province (``focus``: its ids) among provinces with a total, and how many have
    one."""
    empty = pd.DataFrame(columns=["value"]) if table is None else table.iloc[0:0]
    if table is None:
        return (make("value", empty, kind="rank", label=label), make("count", empty, kind="count", label=label))
    rows = rows_of(table, focus)
    ranked = rows_of(table, None).dropna(subset=["value"])
    n = make("count", ranked, kind="count", label="provinces with a total")
    if rows.empty or rows["value"].isna().all():
        return make("value", rows.iloc[0:0], kind="rank", label=label), n
    return make("rank", rows, ranked, kind="rank", label=label), n


def _provinces(year: int) -> int:
    """How many provinces the country had in ``year`` (the registry's map)."""
    from qnindex.data import registry

    return len(registry.units_in("province", year))


def focus_absent(data, index: str) -> bool:
    """The focus province has no row at all in the year's table of ``index`` (published for other provinces): its
    result is not in the project's data — which is not to say it was not published."""
    return data.has(index) and not data.current[index]["unit_id"].isin(data.focus.ids).any()


def rank_status(data, index: str) -> str | None:
    """What is known of the pack's province's place in national ``index`` this year, said in one wording wherever it
    is said (narrative, scorecard, deck): ranked; top_group (among the k leading, no exact rank); not_published (a
    table of the whole country without its rank); not_in_data (a partial table: only what a source printed);
    no_total (a panel without its total); absent (no row of it). None without data of the index."""
    summary = focus_summary(data, index)
    if summary is None:
        return None
    if data.spec(index).kind.ranks_from_panel:
        return "ranked" if not summary.rank.missing else "no_total"
    if focus_absent(data, index):
        return "absent"
    if not summary.rank.missing:
        return "ranked"
    if not summary.top_group.missing:
        return "top_group"
    return "not_published" if data.covers_the_country(index) else "not_in_data"


def focus_summary(data, index: str, unit_id: str | None = None) -> FocusSummary | None:
    """The summary of ``unit_id`` (default: the province the pack is about, as it is in ``data.year``) in ``index``
    for ``data.year``, computed from the tables as they are (once per year's data); None without data."""
    unit_id = unit_id or data.focus.unit(data.year)  # this year's unit: a province new in 2025 has no value of 2024
    if not data.has(index):
        return None
    return data.memo(("focus_summary", index, unit_id), lambda: _summary(data, index, unit_id))


def _summary(data, index: str, unit_id: str) -> FocusSummary:
    s = data.spec(index)
    cur, prev = data.current[index], data.previous.get(index)
    kind = "pct" if s.value_kind == "pct" else "num"
    value_rows = rows_of(cur, unit_id)
    prev_rows = rows_of(prev, unit_id) if prev is not None else value_rows.iloc[0:0]
    value = make("value", value_rows, kind=kind, decimals=s.decimals, label=f"{index} score")
    prev_value = make("value", prev_rows, kind=kind, decimals=s.decimals, label=f"{index} score last year")
    change = make("diff", value_rows, prev_rows, kind="pp" if kind == "pct" else "num", decimals=s.decimals,
                  label=f"{index} change")
    ids = data.focus.ids if unit_id in data.focus.ids else frozenset({unit_id})  # another province than the pack's
    if s.kind.ranks_from_panel:
        rank, n = _panel_rank(cur, ids, f"{s.short_en} rank")
        prev_rank, _ = _panel_rank(prev, ids, f"{s.short_en} rank last year")
        places = make("value", value_rows.iloc[0:0], kind="rank", label="places gained")
        top_group = make("value", value_rows.iloc[0:0], kind="rank", label=f"{s.short_en} within top k")
    else:
        rank_rows = rows_of(cur, unit_id, measure="rank")
        prev_rank_rows = rows_of(prev, unit_id, measure="rank") if prev is not None else rank_rows.iloc[0:0]
        rank = make("value", rank_rows, kind="rank", label=f"{index} rank")
        n = make("max_value", rank_rows, kind="count", label="ranked units")
        if n.missing:  # no rank published: the scale of the table's ranks still says how many are ranked
            any_rank = cur[cur["measure"].str.startswith("rank")]
            n = make("max_value", any_rank.iloc[[0]], kind="count", label="ranked units") if len(any_rank) else n
        prev_rank = make("value", prev_rank_rows, kind="rank", label="previous rank")
        places = make("diff", prev_rank_rows, rank_rows, kind="rank", label="places gained")
        top_group = make("value", rows_of(cur, unit_id, measure="rank_at_most"), kind="rank",
                         label=f"{index} within top k")
    if not s.kind.ranks_from_panel and prev is not None and not n.missing:
        prev_n = rows_of(prev, None, measure="rank")
        if len(prev_n) and float(prev_n["max_value"].iloc[0]) != n.value:
            # ranks out of tables of different sizes (the provinces before and after 2025) do not compare: no rise
            # or fall is stated
            places = make("value", value_rows.iloc[0:0], kind="rank", label="places gained")
            prev_rank = make("value", value_rows.iloc[0:0], kind="rank", label="previous rank")
    if s.kind.ranks_from_panel and not n.missing and prev is not None:
        _, prev_n = _panel_rank(prev, ids, f"{s.short_en} rank last year")
        if not prev_n.missing and _provinces(data.year) != _provinces(data.year - 1):  # ranks of two maps
            prev_rank = make("value", value_rows.iloc[0:0], kind="rank", label=f"{s.short_en} rank last year")
    return FocusSummary(index, data.year, value, rank, n, top_group, prev_value, prev_rank, change, places)
