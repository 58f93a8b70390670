"""What the sections of the province's own assessments state (satisfaction, DGI, e-government, any assessment of
units), as Facts: averages by block on like bases, leaders from values, illustrative values never judged."""
from __future__ import annotations

import pandas as pd

from qnindex.analysis.facts import Fact, evaluate, make, rows_of, written_places
from qnindex.analysis.metrics import indistinguishable, survey_intervals, values_only, extremes, share_of_max, tier
from qnindex.analysis.yeardata import YearData
from qnindex.data import registry
from qnindex.indices.provincial import component_label
from qnindex.render.narrative.names import join_names, unit_label


GROUP_SUBJECT = registry.group_words("subject")  # a block starting a sentence




def survey_context(data: YearData, index: str, lang: str) -> dict:
    """A satisfaction survey of the province's units (the provincial SIPAS): overall and group averages
    (respondent-weighted), extremes. Its facts are the same in every language (``_survey_facts``, computed once for
    the year); units and blocks are named in the language's words."""
    year = data.year
    ctx: dict = {"year": year, "available": data.has(index), "name": data.spec(index).name(lang),
                 "short": data.spec(index).short(lang)}
    if not ctx["available"]:
        return ctx
    facts = data.memo(("survey_facts", index), lambda: _survey_facts(data, index))

    def named(units: list[dict]) -> list[dict]:
        return [{"name": unit_label(u["unit"], year, lang), **{k: v for k, v in u.items() if k != "unit"}}
                for u in units]

    ctx.update(overall=facts["overall"], n_units=facts["n_units"], composition=_counted(facts["composition"], lang),
               only_here=_blocks_only_here(data, index, facts["values"], lang), change=facts["change"],
               prev_base=({"n": facts["prev_base"]["n"], "composition": _counted(facts["prev_base"]["composition"], lang)}
                          if facts["prev_base"] else None),
               change_clear=facts["change_clear"])
    ctx["groups"] = [{"group": g["group"], "label": GROUP_SUBJECT[lang][g["group"]], "mean": g["mean"],
                      "highest": named(g["highest"]), "lowest": named(g["lowest"]),
                      "lowest_alike": [unit_label(u, year, lang) for u in g["lowest_alike"]],
                      "lowest_alike_many": g["lowest_alike_many"]} for g in facts["groups"]]
    ctx["all_illustrative"] = facts["all_illustrative"]
    return ctx


def _survey_facts(data: YearData, index: str) -> dict:
    """What a survey's section states, in no language: the averages (overall, by block, last year's), the change and
    whether it is clear of the sampling error, each block's highest and lowest units (by id)."""
    year = data.year
    ranks = data.current[index]
    ranks = ranks[ranks["measure"] == "rank"]  # published leaders of their groups
    t = values_only(data.current[index])
    out: dict = {"values": t}
    out["overall"] = _checked(make("wmean", t, kind="pct", label=f"{data.spec(index).short_en} average"), data, index, year, "all")
    out["n_units"] = make("count", t, kind="count", label="units surveyed")
    out["composition"] = _composition(t, index)
    prev = data.previous.get(index)
    prev = values_only(prev) if prev is not None else t.iloc[0:0]
    out["change"] = _published_change(make("diff", t, prev, inner="wmean", kind="pp", label=f"{data.spec(index).short_en} average change"),
                                      data, index, year, prev)
    # blocks surveyed last year and no more, or new (13 district-level units in 2024, 54 communes in 2025): the two
    # averages are not over the same kind of units, and the sentence comparing them says over which
    out["prev_base"] = ({"n": make("count", prev, kind="count", label="units surveyed last year"),
                         "composition": _composition(prev, index)}
                        if len(prev) and set(prev["group"]) != set(t["group"]) else None)
    intervals = survey_intervals(t)
    out["change_clear"] = True
    if data.settings.intervals and not out["change"].missing and prev["weight"].notna().all():
        now = intervals.set_index("unit_id").loc["mean:all"]
        before = survey_intervals(prev).set_index("unit_id").loc["mean:all"]
        out["change_clear"] = bool(now["low"] > before["high"] or before["low"] > now["high"])
    ext = extremes(t)
    groups = []
    for g in registry.BLOCK_ORDER:  # communes replace districts from 1/7/2025
        rows = t[t["group"] == g]
        if rows.empty:
            continue
        def pick(which: str) -> list[dict]:
            """The group's highest or lowest units, named only on published values or a published rank (never
            a judgement of a named unit on an illustrative number)."""
            leaders = ranks[(ranks["group"] == g) & (ranks["value"] == 1)]
            if which == "highest" and len(leaders):
                return [{"unit": u, "rank": make("value", leaders[leaders["unit_id"] == u], kind="rank",
                                                 label=f"leader of {g}", judgement=True),
                         "value": (make("value", t[t["unit_id"] == u], kind="pct", label=f"{which} in {g}")
                                   if _published(t, u) else None)}  # an illustrative rate is not shown
                        for u in leaders["unit_id"]]
            sel = ext[(ext["group"] == g) & (ext["extreme"] == which)]
            if not all(_published(t, u) for u in sel["unit_id"]):
                return []
            return [{"unit": u, "value": make("value", t[t["unit_id"] == u], kind="pct", label=f"{which} in {g}",
                                              judgement=True)}
                    for u in sel["unit_id"]]
        lowest = pick("lowest")
        low_ids = list(ext[(ext["group"] == g) & (ext["extreme"] == "lowest")]["unit_id"]) if lowest else []
        alike = [u for u in indistinguishable(intervals, low_ids[0]) if u not in low_ids] \
            if data.settings.intervals and len(low_ids) == 1 else []
        groups.append({"group": g, "mean": _checked(make("wmean", rows, kind="pct", label=f"{g} average"), data, index, year, g),
                       "highest": pick("highest"), "lowest": lowest,
                       "lowest_alike": alike if len(alike) <= 3 else [], "lowest_alike_many": len(alike) > 3})
    out["groups"] = groups
    out["all_illustrative"] = bool((t["source"] == "illustrative").all()) and out["overall"].status != "published"
    return out


def _checked(fact: Fact, data: YearData, index: str, year: int, key: str) -> Fact:
    """Mark an aggregate 'published' when it reproduces the published figure (the loader has already
    refused data that contradict a published aggregate)."""
    matches = None if fact.missing else data.project.reproduces_published(index, year, key, fact.value)
    if matches:
        fact.status = "published"
    return fact


def _merged_since(prev_rows: pd.DataFrame, year: int, lang: str) -> list[dict]:
    """Units in last year's base that have since merged (the 2019 district average includes Hoành Bồ, merged into
    Hạ Long on 1/1/2020): the sentence comparing the averages says so."""
    from qnindex.data import registry

    out = []
    for u in prev_rows["unit_id"].unique() if len(prev_rows) else []:
        unit = registry.get(u)
        if not unit.valid_in(year) and unit.successor:
            out.append({"name": unit_label(u, year - 1, lang),
                        "into": unit_label(registry.successor_in(u, year), year, lang)})
    return out


def _units_only_here(data: YearData, index: str, rows: pd.DataFrame, lang: str) -> dict | None:
    """District-level units this index assessed that the year's other district-level results do not have
    (e-government 2019 counts 14 units with Hoành Bồ, DGI and SIPAS 13): the sentence says which and why."""
    from datetime import timedelta

    from qnindex.analysis.metrics import values_only
    from qnindex.data import registry

    others, names = set(), []
    for other_id, table in data.current.items():
        if other_id == index or other_id not in data.specs or "group" not in table:
            continue
        district = values_only(table)[values_only(table)["group"] == "district"]
        if len(district):
            others |= set(district["unit_id"])
            names.append(data.spec(other_id).short(lang))
    extra = sorted(set(rows["unit_id"]) - others) if others else []
    if not extra:
        return None
    units = []
    for u in extra:
        unit = registry.get(u)
        merged = bool(unit.successor and unit.valid_to and unit.valid_to.year <= data.year + 1)
        units.append({"name": unit_label(u, data.year, lang),
                      "into": unit_label(unit.successor, data.year + 1, lang) if merged else "",
                      "on": (f"{(unit.valid_to + timedelta(days=1)).day}/{(unit.valid_to + timedelta(days=1)).month}/"
                             f"{(unit.valid_to + timedelta(days=1)).year}") if merged else ""})
    return {"units": units, "others": join_names(sorted(set(names)), lang)}


COUNT_BLOCKS = registry.group_words("count")  # a block after a number


def _composition(rows: pd.DataFrame, index: str) -> list[tuple[str, Fact]]:
    """How many units of each block an own assessment covers ('20 sở, ban, ngành; 13 đơn vị cấp huyện và 8 cơ quan
    Trung ương'), by block: the counts a reader compares between indices. Empty when the units form one block."""
    parts = []
    for group in registry.BLOCK_ORDER:
        part = rows[rows["group"] == group] if "group" in rows else rows.iloc[0:0]
        if len(part):
            parts.append((group, make("count", part, kind="count", label=f"{index}: units of the {group} block")))
    return parts if len(parts) > 1 else []


def _counted(composition: list[tuple[str, Fact]], lang: str) -> list[dict]:
    """Each block's count with the block's name in ``lang`` (as ``counts`` in the templates' macros says them)."""
    return [{"n": n, "block": COUNT_BLOCKS[lang][group]} for group, n in composition]


def _blocks_only_here(data: YearData, index: str, rows: pd.DataFrame, lang: str) -> dict | None:
    """Blocks of units this own assessment covers that the year's other assessments of the province's agencies do
    not (the satisfaction survey includes the central agencies; the provincial PAR index does not): why the
    numbers of units differ."""
    from qnindex.analysis.metrics import values_only

    mine = set(rows["group"]) if "group" in rows else set()
    others = []
    for s in data.specs:
        if s.id == index or not s.of_units or not data.has(s.id):
            continue
        theirs = set(values_only(data.current[s.id])["group"])
        if len(theirs) > 1 and theirs & mine and mine - theirs:  # another assessment of several blocks of agencies
            others.append((s.short(lang), sorted(mine - theirs)))
    if not others:
        return None
    blocks = sorted({g for _name, groups in others for g in groups})
    return {"blocks": join_names([COUNT_BLOCKS[lang][g] for g in blocks], lang),
            "others": join_names([name for name, _groups in others], lang)}


def _published_change(change: Fact, data: YearData, index: str, year: int, prev_rows: pd.DataFrame) -> Fact:
    """A change of an average is published when both years' averages are (it is their difference)."""
    if change.missing:
        return change
    inner = change.inner
    now = evaluate(inner, [pd.DataFrame(change.parts[0])]) if change.parts[0] else None
    before = evaluate(inner, [prev_rows]) if len(prev_rows) else None
    if now is not None and before is not None and data.project.reproduces_published(index, year, "all", now) and \
            data.project.reproduces_published(index, year - 1, "all", before):
        change.status = "published"
    return change


def _published(table: pd.DataFrame, unit_id: str) -> bool:
    """Is the unit's value in ``table`` a published one?"""
    rows = rows_of(table, unit_id)
    return bool(len(rows)) and bool((rows["source"] == "published").all())


def components_context(data: YearData, index: str, lang: str) -> dict:
    """An assessment of units by components (DGI's districts): the units' average, the top three and the last, the
    range of the component averages."""
    s = data.spec(index)
    year, short = data.year, s.short_en  # (the claims' labels name the index as the ledger does)
    ctx: dict = {"year": year, "available": data.has(index), "name": s.name(lang), "short": s.short(lang)}
    if not ctx["available"]:
        return ctx
    t = data.current[index]
    totals = rows_of(t, None)
    ctx["all_illustrative"] = bool((t["source"] == "illustrative").all())
    ctx["n_units"] = make("count", totals, kind="count", label="district-level units")
    ctx["mean"] = _checked(make("mean", totals, kind="pct", label=f"{short} average"), data, index, year, "all")
    prev = data.previous.get(index)
    prev_totals = rows_of(prev, None) if prev is not None else totals.iloc[0:0]
    ctx["change"] = _published_change(make("diff", totals, prev_totals, inner="mean", kind="pp",
                                           label=f"{short} average change"), data, index, year, prev_totals)
    ranked = totals.assign(_r=totals["value"].rank(method="min", ascending=False)).sort_values(["_r", "unit_id"])
    published_rank = set(t[(t["measure"] == "rank") & (t["component"] == "total")]["unit_id"])

    def at(rank_value: float) -> dict | None:
        """The units at a rank, named only when their value or their rank was published."""
        rows = ranked[ranked["_r"] == rank_value]
        if not all(_published(t, u) or u in published_rank for u in rows["unit_id"]):
            return None
        first = rows["unit_id"].iloc[0]
        typed_rank = t[(t["unit_id"] == first) & (t["measure"] == "rank") & (t["component"] == "total")]
        rank = make("value", typed_rank, kind="rank", label=f"{short} rank (published)", judgement=True) \
            if len(typed_rank) else make("rank", rows.iloc[[0]], totals, kind="rank", label=f"{short} rank", judgement=True)
        return {"names": [unit_label(u, year, lang) for u in rows["unit_id"]], "rank": rank,
                "value": make("value", rows.iloc[[0]], kind="pct", label=f"{short} score"), "tie": len(rows) > 1}
    top = [at(r) for r in sorted(ranked["_r"].unique())[:3]]
    ctx["top"] = [x for x in top if x is not None] if all(x is not None for x in top[:1]) else []
    ctx["last"] = at(ranked["_r"].max())
    comp_means = []
    for c in data.spec(index).components:
        rows = rows_of(t, None, c.name)
        comp_means.append((rows["value"].mean(), c.name, rows))
    comp_means.sort()
    lo, hi = comp_means[0], comp_means[-1]
    ctx["comp_low"] = {"label": component_label(data.spec(index), lo[1], lang),
                       "value": make("mean", lo[2], kind="pct", label="lowest component average")}
    ctx["comp_high"] = {"label": component_label(data.spec(index), hi[1], lang),
                        "value": make("mean", hi[2], kind="pct", label="highest component average")}
    return ctx


def units_context(data: YearData, index: str, lang: str) -> dict:
    """An own assessment of units (provincial PAR, DDCI, DTI of units): the average when the province published
    it (or the data reproduce it), its change, and the leading unit of each block as published."""
    year = data.year
    s = data.spec(index)
    ctx: dict = {"year": year, "index": index, "name": s.name(lang), "short": s.short(lang),
                 "available": data.has(index)}
    if not ctx["available"]:
        return ctx
    t = data.current[index]
    totals = rows_of(t, None)
    ctx["n_units"] = make("count", totals, kind="count", label="units assessed")
    ctx["composition"] = _counted(_composition(totals, index), lang)
    ctx["only_here"] = _blocks_only_here(data, index, totals, lang)
    mean = make("mean", totals, kind="pct" if s.value_kind == "pct" else "num", label=f"{index} average")
    ctx["mean"] = _checked(mean, data, index, year, "all") \
        if data.project.reproduces_published(index, year, "all", mean.value) \
        else None
    prev = data.previous.get(index)
    prev_totals = rows_of(prev, None) if prev is not None else totals.iloc[0:0]
    ctx["change"] = make("diff", totals, prev_totals, inner="mean", kind="pp" if s.value_kind == "pct" else "num",
                         label=f"{index} average change")
    if ctx["mean"] is not None and not ctx["change"].missing:
        ctx["change"] = _checked(ctx["change"], data, index, year, "all")
        if data.project.reproduces_published(index, year - 1, "all", make("mean", prev_totals).value):
            ctx["change"].status = "published"
    else:
        ctx["change"] = None
    # the blocks assessed changed (2025: communes instead of district-level units): the two averages are over other
    # units, so no change is stated, and the sentence says why
    ctx["bases_differ"] = bool(len(prev_totals)) and set(prev_totals["group"]) != set(totals["group"])
    if ctx["bases_differ"]:
        ctx["change"] = None
    ctx["leaders"] = block_leaders(t, totals, index, year, lang)
    return ctx


def block_leaders(table: pd.DataFrame, totals: pd.DataFrame, index: str, year: int, lang: str) -> list[dict]:
    """The leading unit(s) of each block of an assessment of units: the rank typed as published where the file has
    ranks, else the highest total of the block (competition ranking: units tied first all lead) — only when every
    total of the block is published (no unit is judged on an illustrative value)."""
    typed = table[(table["measure"] == "rank") & (table["component"] == "total")]
    leaders = []
    for group in registry.BLOCK_ORDER:
        block_ranks = typed[typed["group"] == group]
        if len(block_ranks):
            rows = block_ranks[block_ranks["value"] == 1]
            fact = make("value", rows.iloc[[0]], kind="rank", label=f"{index} leader", judgement=True) \
                if len(rows) else None
        else:
            block = totals[totals["group"] == group].dropna(subset=["value"])
            if block.empty or not (block["source"] == "published").all():
                continue
            rows = block[block["value"] == block["value"].max()]
            fact = make("rank", rows.iloc[[0]], block, kind="rank", label=f"{index} leader", judgement=True)
        if fact is not None and len(rows):
            leaders.append({"block": BLOCKS[lang][group], "rank": fact,
                            "names": [unit_label(u, year, lang) for u in rows["unit_id"]]})
    return leaders


BLOCKS = registry.group_words("block")  # the block a unit leads


def levels_context(data: YearData, index: str, lang: str) -> dict:
    """E-government maturity: departments by criteria group, districts against 170, communes. The section's indices
    are the specs of its narrative section, one per level (the block each assesses). Its facts are the same in every
    language (``_levels_facts``, computed once for the year); criteria, tiers and units are named in the language's
    words."""
    year = data.year
    facts = data.memo(("levels_facts", index), lambda: _levels_facts(data, index))
    level = facts["level"]
    ctx: dict = {"year": year}
    dep = facts["department"]
    if dep is not None:
        spec = data.spec(level["department"])
        ctx["department"] = {**{k: v for k, v in dep.items() if k not in ("groups", "tier")},
                             "groups": [{"label": component_label(spec, c, lang), "share": f} for c, f in dep["groups"]],
                             "tier": data.project.targets.tier_name(dep["tier"], lang)}
    dis = facts["district"]
    if dis is not None:
        ctx["district"] = {**{k: v for k, v in dis.items() if k not in ("top_unit", "totals", "prev_totals")},
                           "top_name": unit_label(dis["top_unit"], year, lang),
                           "base_merged": _merged_since(dis["prev_totals"], year, lang),
                           "only_here": _units_only_here(data, level["district"], dis["totals"], lang)}
    com = facts["commune"]
    if com is not None:
        ctx["commune"] = {**{k: v for k, v in com.items() if k not in ("tier", "totals")},
                          "tier": data.project.targets.tier_name(com["tier"], lang),
                          "kinds": _commune_kinds(com["totals"]["unit_id"], year, lang)}
    online = province_rate(data, level["province"], lang) if "province" in level else None
    # a target met, or a rate with no target in force, is said here; a target missed is a shortcoming
    ctx["online"] = online if online and online["met"] is not False else None
    ctx["available"] = any(k in ctx for k in ("department", "district", "commune")) or ctx["online"] is not None
    for level_name in ("department", "district", "commune"):  # a level without data this year: nothing to say
        ctx.setdefault(level_name, None)
    return ctx


def _levels_facts(data: YearData, index: str) -> dict:
    """What the e-government section states of each level, in no language: counts, averages, changes, the
    criteria groups' shares (by component) and the tiers (by id), the highest district (by id)."""
    year = data.year
    level = {s.groups[0]: s.id for s in data.specs if s.narrative == data.spec(index).narrative}
    out: dict = {"level": level, "department": None, "district": None, "commune": None}
    # departments
    if level.get("department") in data.current:
        t, prev = data.current[level["department"]], data.previous.get(level["department"])
        d = data.spec(level["department"]).decimals  # its points as the assessment writes them
        totals = rows_of(t, None)
        dep = {"n": make("count", totals, kind="count", label="departments assessed"),
               "mean": _checked(make("mean", totals, label="department average", decimals=d), data, level["department"], year, "all"),
               "max": make("max_value", totals.iloc[[0]], kind="count", label="maximum points")}
        shares = []
        for c in data.spec(level["department"]).components:
            rows = rows_of(t, None, c.name)
            f = make("share", rows, inner="mean", kind="pct", label=f"{c.name} share of maximum")
            _checked(f, data, level["department"], year, f"{c.name}_share")
            shares.append((c.name, f))
        shares.sort(key=lambda s: -s[1].value)
        dep["groups"] = shares
        dep["change"] = make("diff", totals, rows_of(prev, None) if prev is not None else totals.iloc[0:0],
                             inner="mean", label="department change", decimals=d)
        tiers = data.project.targets.tiers(level["department"])
        dep["tier"] = tier(share_of_max(dep["mean"].value, dep["max"].value), tiers)
        out["department"] = dep
    # districts
    if level.get("district") in data.current:
        t, prev = data.current[level["district"]], data.previous.get(level["district"])
        d = data.spec(level["district"]).decimals  # its points as the assessment writes them
        totals = rows_of(t, None)
        prev_totals = rows_of(prev, None) if prev is not None else totals.iloc[0:0]
        top = totals.loc[[totals["value"].idxmax()]]
        dis = {"n": make("count", totals, kind="count", label="district-level units assessed"),
               "mean": _checked(make("mean", totals, label="district average", decimals=d), data, level["district"], year, "all"),
               "max": make("max_value", totals.iloc[[0]], kind="count", label="maximum points"),
               "share": make("share", totals, inner="mean", kind="pct", decimals=2, label="average share"),
               "prev_mean": make("mean", prev_totals, label="last year's average", decimals=d),
               "change": make("diff", totals, prev_totals, inner="mean", label="change of the average", decimals=d),
               "change_pct": make("pct_change", totals, prev_totals, inner="mean", kind="pct",
                                  label="relative change of the average"),
               "share_change": make("share_diff", totals, prev_totals, inner="mean", kind="pp",
                                    label="change in points of percentage of the maximum"),
               "top_unit": top["unit_id"].iloc[0],
               "top": make("value", top, label="highest district", decimals=d),
               "top_share": make("share", top, kind="pct", decimals=2, label="highest district share"),
               "totals": totals, "prev_totals": prev_totals}
        if prev is not None and not prev_totals.empty:
            dis["prev_min"] = make("min", prev_totals, label="last year's lowest", decimals=d)
            dis["prev_max"] = make("max", prev_totals, label="last year's highest", decimals=d)
        out["district"] = dis
    # communes
    if level.get("commune") in data.current:
        t, prev = data.current[level["commune"]], data.previous.get(level["commune"])
        d = data.spec(level["commune"]).decimals  # its points as the assessment writes them
        totals = rows_of(t, None)
        prev_totals = rows_of(prev, None) if prev is not None else totals.iloc[0:0]
        com = {"n": make("count", totals, kind="count", label="communes assessed"),
               "mean": _checked(make("mean", totals, label="commune average", decimals=d), data, level["commune"], year, "all"),
               "max": make("max_value", totals.iloc[[0]], kind="count", label="maximum points"),
               "prev_mean": make("mean", prev_totals, label="last year's commune average", decimals=d),
               "prev_n": make("count", prev_totals, kind="count", label="communes assessed last year"),
               "change_pct": make("pct_change", totals, prev_totals, inner="mean", kind="pct", decimals=2,
                                  label="relative change of the commune average"),
               "totals": totals}
        tiers = data.project.targets.tiers(level["commune"])
        com["tier"] = tier(share_of_max(com["mean"].value, com["max"].value), tiers)
        out["commune"] = com
    return out


COMMUNE_KINDS = {"vi": ("xã", "phường", "thị trấn", "đặc khu"),
                 "en": ("communes", "wards", "towns", "special zones")}


def _commune_kinds(unit_ids, year: int, lang: str) -> str:
    """The kinds of commune-level units assessed, as their names say ('xã, phường, thị trấn' to June 2025; 'xã,
    phường, đặc khu' after: towns are gone, Vân Đồn and Cô Tô are special zones)."""
    from qnindex.data import registry

    found = {k for u in unit_ids for k in COMMUNE_KINDS["vi"]
             if registry.name_in_year(u, year).lower().startswith(k + " ")}
    kinds = [COMMUNE_KINDS[lang][i] for i, k in enumerate(COMMUNE_KINDS["vi"]) if k in found]
    if not kinds:
        return COMMUNE_KINDS[lang][0]
    return ", ".join(kinds) if lang == "vi" else join_names(kinds, lang)  # vi: as official texts list them


def rate_measure(data: YearData, index: str, year: int, lang: str) -> str:
    """How the province's rate ``index`` is defined in ``year`` (the online share: "mức độ 3, 4" to 2021, "toàn trình
    và một phần" from 2022), from ``data/raw/<index>/measures.yml``."""
    from qnindex.core.yamlfile import read_yaml

    path = data.project.folder(index) / "measures.yml"
    measures = read_yaml(path, data.project.shown(path)).get("measures", []) if path.is_file() else []
    for m in measures:
        if (m.get("from_year") or 0) <= year <= (m.get("to_year") or 9999):
            return str(m[lang])
    return "mức độ 3, 4" if lang == "vi" else "online at levels 3-4"


def province_rate(data: YearData, index: str, lang: str = "vi") -> dict | None:
    """The province's own rate ``index`` (applications filed online), by the measure in force in the year, against
    the province's target where one is in force: the rate, the target, met or not, the gap and the change on last
    year (None without a rate; no target, no judgement: ``met`` is None)."""
    if not data.has(index):
        return None
    rows = rows_of(data.current[index], data.focus.ids)
    target_rows = data.current.get("targets", rows.iloc[0:0])
    target_rows = target_rows[(target_rows["index"] == f"target:{index}") & (target_rows["unit_id"].isin(data.focus.ids))]
    if rows.empty:
        return None
    rate = make("value", rows, kind="pct", label="online services rate")
    online = {"rate": rate, "measure": rate_measure(data, index, data.year, lang), "target": None, "met": None}
    if not target_rows.empty:
        target = make("value", target_rows, kind="pct", decimals=written_places(target_rows, 2), label="province target")
        online.update(target=target, met=rate.value >= target.value,
                      gap=make("diff", target_rows, rows, kind="pp", label="gap to target"))
    if data.previous.get(index) is not None:
        prev = rows_of(data.previous[index], data.focus.ids)
        if not prev.empty:
            online["prev"] = make("value", prev, kind="pct", label="online services rate last year")
            online["vs_prev"] = make("diff", rows, prev, kind="pp", label="change on last year")
    return online
