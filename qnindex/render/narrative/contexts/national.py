"""What the sections of the national rankings state (PAR INDEX, SIPAS, the ICT Index, PCI, DTI ...; PAPI), as Facts computed
from the year's tables: ranks, scores, changes and streaks on a like basis."""
from __future__ import annotations

import pandas as pd

from qnindex.analysis.facts import make, rows_of
from qnindex.analysis.focus import focus_summary, rank_status
from qnindex.analysis.metrics import first_time_within, rank_series, streak
from qnindex.analysis.yeardata import YearData
from qnindex.indices.panel import DIMENSIONS, dimension_label
from qnindex.render.narrative.names import unit_label


def _ranked_rows(table: pd.DataFrame, rank: float) -> pd.DataFrame:
    return table[(table["component"] == "total") & (table["measure"] == "rank") & (table["value"] == rank)]


def _streak_rows(series: pd.DataFrame, years: list[int], focus: frozenset[str]) -> pd.DataFrame:
    d = series[(series["unit_id"].isin(focus)) & (series["component"] == "total")
               & series["measure"].isin(["rank", "rank_at_most"]) & series["year"].isin(years)]
    return d.sort_values(["year", "measure"]).drop_duplicates("year")


def national_context(data: YearData, index: str, lang: str) -> dict:
    """What the section on a national index states for the province the pack is about: its facts are the same in
    every language (``_national_facts``, computed once for the year), the provinces are named in the language's
    words."""
    s = data.spec(index)
    ctx: dict = {"year": data.year, "index": index, "name": s.name(lang), "short": s.short(lang),
                 "available": data.has(index)}
    if not ctx["available"]:
        return ctx
    facts = data.memo(("national_facts", index), lambda: _national_facts(data, index))
    ctx.update({k: v for k, v in facts.items() if k != "followers"})
    ctx["followers"] = [{**f, "names": [unit_label(u, data.year, lang) for u in f["names"]]}
                        for f in facts["followers"]]
    return ctx


def _national_facts(data: YearData, index: str) -> dict:
    """What a national index's section states, in no language (the provinces that lead by id)."""
    year = data.year
    meta = data.project.provenance(index)
    s = data.spec(index)
    ctx: dict = {}
    cur, series = data.current[index], data.series.get(index)
    kind, decimals = ("pct" if s.value_kind == "pct" else "num"), s.decimals
    focus = focus_summary(data, index)
    rank = focus.rank
    ctx.update(score=focus.value, rank=rank, n=focus.n, top_group=focus.top_group, change=focus.change,
               places=focus.places, prev_rank=focus.prev_rank)
    series = _same_basis(series, year)  # a streak never joins ranks out of 63 with ranks out of 34 (1/7/2025)
    ranks = rank_series(series, data.focus.ids)
    top_len, top_start = _complete(ranks, *streak(ranks, year, k=1))
    ten_len, ten_start = _complete(ranks, *streak(ranks, year, k=10))
    ctx["top_streak"] = make("count", _streak_rows(series, list(range(top_start or year, year + 1)), data.focus.ids),
                             kind="count", label="years at the top") if top_len >= 2 else None
    ctx["top_start"] = top_start
    ctx["ten_streak"] = make("count", _streak_rows(series, list(range(ten_start or year, year + 1)), data.focus.ids),
                             kind="count", label="years in the top 10") if ten_len > max(top_len, 1) else None
    ctx["ten_start"] = ten_start
    ctx["first_top"] = (first_time_within(ranks, year, 1, int(meta["series_start"]))
                        if "series_start" in meta and not rank.missing and rank.value == 1 else None)
    ctx["after"] = None
    if not ctx["prev_rank"].missing and not rank.missing and rank.value != ctx["prev_rank"].value:
        n_prev, start_prev = _complete(ranks, *streak(ranks, year - 1, exact=ctx["prev_rank"].value))
        if n_prev >= 2:
            ctx["after"] = {"count": make("count", _streak_rows(series, list(range(start_prev, year)), data.focus.ids),
                                          kind="count", label="years at the previous rank"),
                            "start": start_prev, "end": year - 1}
    # the province has no row at all: its result is not in the project's data (which is not to say the producer did
    # not publish it); what is known of the year is said instead: the top three (also when its exact rank is unknown)
    ctx["absent"] = cur[cur["unit_id"].isin(data.focus.ids)].empty
    ctx["rank_status"] = rank_status(data, index)  # one wording of it everywhere (_macros: status_words)
    followers = []
    unknown = ctx["absent"] or rank.missing  # the province's own place not known: who led is said instead
    if unknown or rank.value == 1:
        for r in ((1, 2, 3) if unknown else (2, 3)):
            rows = _ranked_rows(cur, r)
            if rows.empty:
                continue
            names = list(rows["unit_id"])  # (named in the section's language by national_context)
            scores = [make("value", rows_of(cur, u), kind=kind, decimals=decimals, label=f"{index} score")
                      for u in rows["unit_id"]]
            followers.append({"rank": make("value", rows.iloc[[0]], kind="rank", label="rank"),
                              "names": names, "scores": scores, "tie": len(rows) > 1})
    ctx["followers"] = followers
    # the national average its producer published: said as it is, and the province's distance from it
    average = data.averages.get(index)
    ctx["average"] = (make("value", average, kind=kind, decimals=decimals, label=f"{index} national average")
                      if average is not None else None)
    ctx["above_average"] = (make("diff", rows_of(cur, data.focus.ids), average, kind="pp" if kind == "pct" else "num",
                                 decimals=decimals, label=f"{index} against the national average")
                            if average is not None else None)
    return ctx


def _same_basis(series: pd.DataFrame, year: int) -> pd.DataFrame:
    """The years of a national series whose ranks are out of as many provinces as ``year``'s (63 to 2024, 34 from
    2025): streaks and "first time" are counted on one basis only."""
    ranked = series[series["measure"].str.startswith("rank")]
    basis = ranked.groupby("year")["max_value"].max()
    if year not in basis.index:
        return series
    return series[series["year"].isin(basis.index[basis == basis[year]]) | ~series["year"].isin(basis.index)]


def _complete(ranks: pd.DataFrame, length: int, start: int | None) -> tuple[int, int | None]:
    """A streak is stated only when the year before it is known (or precedes all data): a gap inside the
    series (e.g. no ICT Index in 2021) would make 'the 2nd consecutive year' misleading."""
    if length and (start - 1) not in ranks.index and start - 1 >= ranks.index.min():
        return 0, None
    return length, start


def panel_context(data: YearData, index: str, lang: str) -> dict:
    """A panel of dimensions (PAPI) for the province: total and rank, national median, dimension ranks against last
    year. Its facts are the same in every language (``_panel_facts``, computed once for the year); the names of its
    dimensions and provinces are the language's."""
    s = data.spec(index)
    ctx: dict = {"year": data.year, "available": data.has(index), "name": s.name(lang), "short": s.short(lang)}
    if not ctx["available"]:
        return ctx
    facts = data.memo(("panel_facts", index), lambda: _panel_facts(data, index))

    def named(dims: list[dict]) -> list[dict]:
        return [{**{k: v for k, v in d.items() if k != "cid"}, "label": dimension_label(d["cid"], lang)} for d in dims]

    def missing(cids: list[str] | None) -> list[str] | None:
        return None if cids is None else [dimension_label(c, lang) for c in cids]

    ctx.update({k: v for k, v in facts.items() if k not in ("dims", "dims_best", "dims_worst", "leaders",
                                                            "missing_dims", "prev_missing")})
    ctx["missing_dims"], ctx["prev_missing"] = missing(facts["missing_dims"]), missing(facts["prev_missing"])
    dims = named(facts["dims"])
    ctx["dims_up"] = [d for d in dims if d["moved"] > 0]
    ctx["dims_down"] = [d for d in dims if d["moved"] < 0]
    ctx["dims_same"] = [d for d in dims if d["moved"] == 0]
    ctx["dims_best"], ctx["dims_worst"] = named(facts["dims_best"]), named(facts["dims_worst"])
    ctx["leaders"] = [{"name": unit_label(u, data.year, lang), "total": total} for u, total in facts["leaders"]]
    return ctx


def _panel_facts(data: YearData, index: str) -> dict:
    """What a panel's section states, in no language: the province's total, rank, the national median, the
    dimensions (by id) that moved, its best and worst dimensions, the leading provinces (by id)."""
    short = data.spec(index).short_en  # (the claims' labels name the index as the ledger does)
    cur, prev = data.current[index], data.previous.get(index)
    ctx: dict = {}
    total_rows = rows_of(cur, data.focus.ids)
    ctx["total"] = make("value", total_rows, decimals=2, label=f"{short} total")
    ctx["max_total"] = make("max_value", total_rows, kind="count", label=f"{short} maximum")
    totals = rows_of(cur, None)
    ranked = totals.dropna(subset=["value"])
    ctx["rank"] = make("rank", total_rows, ranked, kind="rank", label=f"{short} rank") if not ctx["total"].missing \
        else make("value", total_rows.iloc[0:0], kind="rank", label=f"{short} rank")
    ctx["n_ranked"] = make("count", ranked, kind="count", label="provinces with a total")
    ctx["median"] = make("median", ranked, decimals=2, label="national median")
    ctx["missing_dims"] = _missing_dimensions(cur, data.focus.ids)
    ctx["absent"] = False  # a panel says a province without a row as one without a total (missing_dims: None)
    ctx["rank_status"] = "ranked" if not ctx["total"].missing else "no_total"
    ctx["prev_missing"] = None
    ctx["change"] = ctx["prev_total"] = None
    dims = []
    if prev is not None:
        prev_total = rows_of(prev, data.focus.ids)
        ctx["prev_total"] = make("value", prev_total, decimals=2, label=f"{short} total last year")
        ctx["prev_missing"] = _missing_dimensions(prev, data.focus.ids)
        if not ctx["prev_total"].missing and not ctx["total"].missing:
            ctx["change"] = make("diff", total_rows, prev_total, decimals=2, label=f"{short} change")
        for cid, _vi, _en in DIMENSIONS.values():
            a, b = rows_of(cur, None, cid), rows_of(prev, None, cid)
            if a.empty or b.empty:
                continue
            qa, qb = a[a["unit_id"].isin(data.focus.ids)], b[b["unit_id"].isin(data.focus.ids)]
            if qa["value"].isna().all() or qb["value"].isna().all():
                continue
            ra = data.ranks(index, cid).loc[qa["unit_id"].iloc[0]]
            rb = data.ranks(index, cid, previous=True).loc[qb["unit_id"].iloc[0]]
            dims.append({"cid": cid, "moved": int(rb) - int(ra),
                         "now": make("rank", qa, a.dropna(subset=["value"]), kind="rank", label=f"{cid} rank"),
                         "before": make("rank", qb, b.dropna(subset=["value"]), kind="rank",
                                        label=f"{cid} rank last year")})
    ctx["dims"] = dims
    ctx["dims_best"], ctx["dims_worst"] = _extreme_dimensions(data, index)  # this year's, then the changes
    ctx["leaders"] = [(u, make("value", ranked[ranked["unit_id"] == u], decimals=2, label=f"{short} leader's total"))
                      for u in ranked.sort_values("value", ascending=False).head(3)["unit_id"]] \
        if len(ranked) >= 10 else []  # the provinces with the highest totals, when the table holds the country
    return ctx


def _extreme_dimensions(data: YearData, index: str) -> tuple[list[dict], list[dict]]:
    """With no ranks of last year to compare with: the dimensions (by id) where the province ranks highest and lowest
    this year (each with its rank among the provinces scored on it); ([], []) when it has no dimension score."""
    cur, focus_ids = data.current[index], data.focus.ids
    dims = []
    for cid, _vi, _en in DIMENSIONS.values():
        rows = rows_of(cur, None, cid)
        focus = rows[rows["unit_id"].isin(focus_ids)]
        if rows.empty or focus["value"].isna().all():
            continue
        scored = rows.dropna(subset=["value"])
        dims.append({"cid": cid,
                     "rank": int(data.ranks(index, cid).loc[focus["unit_id"].iloc[0]]),
                     "now": make("rank", focus, scored, kind="rank", label=f"{cid} rank"),
                     "n": make("count", scored, kind="count", label=f"provinces scored on {cid}")})
    if not dims:
        return [], []
    best, worst = min(d["rank"] for d in dims), max(d["rank"] for d in dims)
    return [d for d in dims if d["rank"] == best], [d for d in dims if d["rank"] == worst and worst != best]


def _missing_dimensions(table: pd.DataFrame, focus_ids: frozenset[str]) -> list[str] | None:
    """The dimensions (ids) PAPI did not publish for the province ([] when it published none of the year's
    dimensions; None when it published its total). The year's dimensions are those scored in its table."""
    total_rows = rows_of(table, focus_ids)
    if total_rows.empty or pd.notna(total_rows["value"].iloc[0]):
        return None
    dimension_ids = [cid for cid, _vi, _en in DIMENSIONS.values()]
    scored = table[table["component"].isin(dimension_ids)].dropna(subset=["value"])["component"].unique()
    focus = table[table["unit_id"].isin(focus_ids) & table["component"].isin(scored)]
    missing = [c for c in dimension_ids if c in set(focus[focus["value"].isna()]["component"])]
    if len(missing) == len(scored):
        return []
    return missing
