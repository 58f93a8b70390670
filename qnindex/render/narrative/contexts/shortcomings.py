"""What fell short in the year, by the rule each index's spec names (``shortcoming``): a rule judges published
values only — an illustrative value is never a finding, and cannot show that nothing fell short either.

    low_satisfaction   a survey of units: the units below the satisfaction threshold (targets.yml), or its lowest
    below_tier         an assessment of units graded in tiers: how many fall below 'khá' (fair)
    target_missed      the province's own rate against its target in force
    weakest_dimension  a panel of dimensions: the province's lowest-ranked dimension
"""
from __future__ import annotations


import pandas as pd

from qnindex.analysis.facts import make, rows_of
from qnindex.analysis.metrics import share_of_max, tier, values_only
from qnindex.analysis.yeardata import YearData
from qnindex.core.messages import say
from qnindex.data import registry
from qnindex.indices.panel import DIMENSIONS, dimension_label
from qnindex.render.narrative.contexts.units import _published, province_rate
from qnindex.render.narrative.names import unit_label

LOW_NAMED = 5  # units named among the shortcomings before the list is said by its count
COUNT_WORDS = registry.group_words("count")  # 'sở, ban, ngành', 'đơn vị cấp xã' ...


def low_satisfaction(data: YearData, index: str, lang: str) -> dict | None:
    """Units whose published satisfaction is below the threshold (the five lowest and their count when many); else
    the lowest unit, when its rate is published."""
    year, t = data.year, values_only(data.current[index])
    bound = data.project.targets.threshold("low_satisfaction", 90.0)  # % below which a unit is named (targets.yml)
    low = t[(t["value"] < bound) & (t["source"] == "published")].sort_values("value")
    found: dict = {"threshold": bound,
                   "low": [{"name": unit_label(u, year, lang),
                            "value": make("value", t[t["unit_id"] == u], kind="pct", label="low satisfaction",
                                          judgement=True)} for u in low["unit_id"]]}
    if len(found["low"]) > LOW_NAMED:  # a long list is said by its count and its lowest units
        found["low_count"] = make("count", low, kind="count", label="units below the threshold", judgement=True)
        found["low"] = found["low"][:LOW_NAMED]
    lowest = t.loc[[t["value"].idxmin()]]
    if _published(t, lowest["unit_id"].iloc[0]):
        found["lowest"] = {"name": unit_label(lowest["unit_id"].iloc[0], year, lang),
                           "value": make("value", lowest, kind="pct", label="lowest satisfaction", judgement=True)}
    return found if found["low"] or "lowest" in found else None


def below_tier(data: YearData, index: str, lang: str) -> dict | None:
    """How many units' published totals fall below the tier 'khá' (fair) of the index's tiers (targets.yml)."""
    totals = rows_of(data.current[index], None)
    targets = data.project.targets
    tiers = targets.tiers(index)
    weak = totals[[tier(share_of_max(v, m), tiers) in ("average", "weak")
                   for v, m in zip(totals["value"], totals["max_value"])]]
    if not len(weak) or not (weak["source"] == "published").all():  # no finding drawn from illustrative scores
        return None
    blocks = set(weak["group"])  # one block: its word ('sở, ban, ngành'); several: agencies and units
    units = COUNT_WORDS[lang].get(next(iter(blocks)), "") if len(blocks) == 1 else ""
    return {"count": make("count", weak, kind="count", label=f"{index}: units below fair", judgement=True),
            "bound": next(b for b, n in tiers if n == "fair"), "tier": targets.tier_name("fair", lang),
            "name": data.spec(index).name(lang), "units": units or say("common.units", lang)}


def target_missed(data: YearData, index: str, lang: str) -> dict | None:
    """The province's rate when it missed its target in force (a target met, or none in force, is no shortcoming)."""
    rate = province_rate(data, index, lang)
    return rate if rate and rate["met"] is False else None


def weakest_dimension(data: YearData, index: str, lang: str) -> dict | None:
    """The province's lowest-ranked dimension of the panel, with its rank among the provinces that have it."""
    cur = data.current[index]
    worst = None
    for cid, _vi, _en in DIMENSIONS.values():
        a = rows_of(cur, None, cid)
        qa = a[a["unit_id"].isin(data.focus.ids)]
        if a.empty or qa["value"].isna().all():
            continue
        r = data.ranks(index, cid).loc[qa["unit_id"].iloc[0]]
        if worst is None or r > worst[0]:
            worst = (r, cid, qa, a)
    if worst is None:
        return None
    scored = worst[3].dropna(subset=["value"])
    return {"label": dimension_label(worst[1], lang),
            "rank": make("rank", worst[2], scored, kind="rank", label=f"weakest {data.spec(index).short_en} dimension rank"),
            "n": make("count", scored, kind="count", label="provinces with the dimension")}


def all_rows(data: YearData, index: str) -> pd.DataFrame:
    return data.current[index]


def focus_dimensions(data: YearData, index: str) -> pd.DataFrame:
    rows = data.current[index]
    return rows[(rows["unit_id"].isin(data.focus.ids)) & (rows["component"] != "total")].dropna(subset=["value"])


def judged_indices(data: YearData) -> list[str]:
    """The indices a shortcoming is looked for in: the province's own first, then the national ones (spec order);
    a spec names its rule, one its kind offers (``Kind.shortcomings``, checked when its index.yml is read)."""
    return [s.id for s in sorted((s for s in data.specs if s.shortcoming), key=lambda s: s.national)]


def shortcomings_context(data: YearData, lang: str) -> dict:
    """What fell short: one finding per index whose rule found one (``findings``, each with its ``rule``), whether
    published data were looked at (``looked``: without any, 'no data'; with some, 'none found')."""
    findings, looked = [], False
    for index in judged_indices(data):
        if not data.has(index):
            continue
        spec = data.spec(index)
        find, judged = spec.kind.shortcomings[spec.shortcoming]
        looked = looked or bool((judged(data, index)["source"] == "published").any())
        found = find(data, index, lang)
        if found:
            findings.append({"rule": spec.shortcoming, "index": index, "short": spec.short(lang), **found})
    return {"year": data.year, "items": len(findings), "looked": looked, "findings": findings}
