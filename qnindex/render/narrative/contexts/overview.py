"""What the overview and the shortcomings state, from the sections' contexts and the year's data: results at a
glance, what the pack does not cover, the reform, the units below the line."""
from __future__ import annotations

from qnindex.analysis.facts import make, registry_count, rows_of
from qnindex.analysis.focus import focus_summary
from qnindex.analysis.metrics import values_only, share_of_max, tier
from qnindex.analysis.yeardata import YearData
from qnindex.data.registry import focus_ids
from qnindex.indices.papi import DIMENSIONS, dimension_label
from qnindex.indices.specs import SPECS, national_ids, spec
from qnindex.indices.targets import load_tiers, threshold, tier_name
from qnindex.render.narrative.contexts.units import _online_services, _published
from qnindex.render.narrative.names import unit_label


LOW_NAMED = 5  # units named among the shortcomings before the list is said by its count


def _judgeable(data: YearData, index: str) -> bool:
    """Does ``index`` hold published values the shortcomings are looked for in (for PAPI: the focus province's own)?"""
    if not data.has(index):
        return False
    rows = data.current[index]
    if index == "papi":
        rows = rows[(rows["unit_id"].isin(focus_ids())) & (rows["component"] != "total")].dropna(subset=["value"])
    return bool((rows["source"] == "published").any())


def shortcomings_context(data: YearData, lang: str) -> dict:
    """What fell short: low satisfaction, weak e-government units, targets missed, weakest PAPI dimension."""
    year = data.year
    ctx: dict = {"year": year, "items": 0,
                 # published data a shortcoming is looked for in: without any, 'no data'; with some, 'none found'
                 # (illustrative values are never judged, so they cannot show that nothing fell short either)
                 "looked": any(_judgeable(data, i) for i in ("sipas_qn", "egov_department", "online_services",
                                                               "papi"))}
    if data.has("sipas_qn"):
        t = values_only(data.current["sipas_qn"])
        # a shortcoming of a named unit is stated only on a published value, never on an illustrative one
        bound = threshold("low_satisfaction", 90.0)  # % below which a unit is named (targets.yml)
        low = t[(t["value"] < bound) & (t["source"] == "published")].sort_values("value")
        ctx["low_sipas"] = [{"name": unit_label(u, year, lang),
                             "value": make("value", t[t["unit_id"] == u], kind="pct", label="low satisfaction",
                                           judgement=True)}
                            for u in low["unit_id"]]
        ctx["low_threshold"] = bound
        if len(ctx["low_sipas"]) > LOW_NAMED:  # a long list is said by its count and its lowest units
            ctx["low_count"] = make("count", low, kind="count", label="units below the threshold", judgement=True)
            ctx["low_sipas"] = ctx["low_sipas"][:LOW_NAMED]
        lowest = t.loc[[t["value"].idxmin()]]
        if _published(t, lowest["unit_id"].iloc[0]):
            ctx["lowest_sipas"] = {"name": unit_label(lowest["unit_id"].iloc[0], year, lang),
                                   "value": make("value", lowest, kind="pct", label="lowest satisfaction",
                                                 judgement=True)}
        if ctx["low_sipas"] or "lowest_sipas" in ctx:
            ctx["items"] += 1
    if data.has("egov_department"):
        t = data.current["egov_department"]
        totals = rows_of(t, None)
        tiers = load_tiers("egov_department")
        weak = totals[[tier(share_of_max(v, m), tiers) in ("average", "weak")
                       for v, m in zip(totals["value"], totals["max_value"])]]
        fair_bound = next(b for b, n in tiers if n == "fair")
        if len(weak) and (weak["source"] == "published").all():  # not a finding drawn from illustrative scores
            ctx["weak_egov"] = {"count": make("count", weak, kind="count", label="departments below fair",
                                              judgement=True), "bound": fair_bound, "tier": tier_name("fair", lang)}
            ctx["items"] += 1
    online = _online_services(data, lang)
    if online and online["met"] is False:  # a target met (or none in force) is not a shortcoming
        ctx["online"] = online
        ctx["items"] += 1
    if data.has("papi"):
        cur = data.current["papi"]
        from qnindex.analysis.metrics import rank_provinces
        worst = None
        for cid, _vi, _en in DIMENSIONS.values():
            a = rows_of(cur, None, cid)
            qa = a[a["unit_id"].isin(focus_ids())]
            if a.empty or qa["value"].isna().all():
                continue
            r = rank_provinces(cur, cid).set_index("unit_id").loc[qa["unit_id"].iloc[0], "rank"]
            if worst is None or r > worst[0]:
                worst = (r, cid, qa, a)
        if worst is not None:
            ctx["papi_worst"] = {"label": dimension_label(worst[1], lang),
                                 "rank": make("rank", worst[2], worst[3].dropna(subset=["value"]), kind="rank",
                                              label="weakest PAPI dimension rank"),
                                 "n": make("count", worst[3].dropna(subset=["value"]), kind="count",
                                           label="provinces with the dimension")}
            ctx["items"] += 1
    return ctx


def _reform(year: int) -> dict | None:
    """What the administrative map changed between the end of last year and this year's reference date."""

    before = {g: registry_count(g, year - 1) for g in ("province", "district", "commune")}
    after = {g: registry_count(g, year) for g in ("province", "district", "commune")}
    if all(before[g].value == after[g].value for g in before):
        return None
    return {"before": before, "after": after,
            "no_districts": after["district"].value == 0 and before["district"].value > 0,
            "provinces_changed": after["province"].value != before["province"].value}


def overview_context(data: YearData, sections: dict[str, dict], lang: str) -> dict:
    """The headline: the province's rank in each national index of the year, what is missing, what ended, and (for a
    province whose own assessments the project does not hold) what the pack does not cover."""
    year = data.year
    ranks, not_ranked, unknown, missing, absent, in_top = [], [], [], [], [], []
    provinces = registry_count("province", year).value
    for index in national_ids(year):
        ctx = sections.get(index, {})
        short = spec(index).short(lang)
        if index in data.missing:
            missing.append(short)
        elif ctx.get("absent"):  # published for other provinces; this one's result is not in the data
            absent.append(short)
        elif ctx.get("available") and not ctx["rank"].missing:
            ranks.append({"short": short, "rank": ctx["rank"],
                          "n": ctx.get("n") if index != "papi" else ctx["n_ranked"]})
        elif ctx.get("available") and ctx.get("top_group") is not None and not ctx["top_group"].missing:
            in_top.append({"short": short, "k": ctx["top_group"]})  # 'among the five leading', no exact rank
        elif ctx.get("available"):  # a full table without the province's rank: its producer did not publish one;
            # a partial table (only the provinces a source printed): the project's data do not hold it
            full = data.current[index]["unit_id"].nunique() >= 0.95 * provinces
            (not_ranked if full else unknown).append(short)
    ended = [{"short": s.short(lang), "last": s.last_year,
              "successor": spec(s.successor).short(lang) if s.successor else None,
              "successor_from": spec(s.successor).first_year if s.successor else None}
             for s in SPECS if s.national and s.ended_before(year) and s.last_year >= year - 3]
    no_edition = [s.short(lang) for s in SPECS if s.national and year in s.no_edition]
    top = [r for r in ranks if r["rank"].value == 1]
    top_ids = [i for i in national_ids(year) if sections.get(i, {}).get("available") and not sections[i]["rank"].missing
               and sections[i]["rank"].value == 1]
    continued = bool(top_ids) and all(
        (lambda f: f is not None and not f.prev_rank.missing and f.prev_rank.value == 1)(focus_summary(data, i))
        for i in top_ids)
    others: list[dict] = []
    for r in ranks:
        if r["rank"].value == 1:
            continue
        same = next((o for o in others if o["rank"].value == r["rank"].value and o["n"].value == r["n"].value), None)
        if same:
            same["shorts"].append(r["short"])
        else:
            others.append({**r, "shorts": [r["short"]]})
    reform = _reform(year)
    not_covered = [spec(i).short(lang) for i in data.not_covered]  # another province's pack: its own data are not here
    own_missing = [spec(i).short(lang) for i in data.missing if not spec(i).national]  # no file, or a blank template
    return {"year": year, "reform": reform, "ranks": ranks, "top": [r["short"] for r in top], "continued": continued,
            "others": others, "missing": missing, "not_ranked": not_ranked, "unknown_rank": unknown, "in_top": in_top, "ended": ended,
            "no_edition": no_edition, "not_covered": not_covered, "absent": absent, "own_missing": own_missing}
