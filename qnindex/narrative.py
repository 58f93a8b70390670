"""The conference narrative, from data: section contexts computed from tidy tables, rendered by
editable Jinja2 templates (``qnindex/templates/<lang>/<section>.md.j2``), with a claims ledger.

Every number a template prints goes through a filter (``pct``, ``num``, ``int``, ``delta``) that
formats it half-up for the locale *and* records it as a claim: the sentence it stands in, its value,
how it was computed and the data rows (``file:row``) behind it.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import registry
from .facts import Fact, make, rows_of
from .formatting import fmt_compact, fmt_number, fmt_percent
from .loaders.papi import DIMENSIONS, dimension_label
from .loaders.provincial import INDICES, component_label
from .loaders.targets import load_tiers, tier_name
from .metrics import extremes, first_time_within, rank_series, share_of_max, streak, tier
from .paths import templates_dir
from .provenance import provenance, published_aggregate, reproduces_published
from .yeardata import YearData

QN = "prov-22"
SECTIONS = ("overview", "par_index", "sipas", "papi", "ict_index", "sipas_qn", "dgi", "egov", "shortcomings")
NATIONAL_SCALE = {  # how a national index's score is written: percent with 2 decimals, or points
    "par_index": ("pct", 2), "sipas": ("pct", 2), "pci": ("num", 2), "ict_index": ("num", 4),
}
GROUP_SUBJECT = {
    "vi": {"department": "Khối sở, ban, ngành", "district": "Khối UBND cấp huyện",
           "central": "Khối cơ quan Trung ương đóng trên địa bàn tỉnh"},
    "en": {"department": "Departments and provincial agencies", "district": "District-level People's Committees",
           "central": "Central agencies located in the province"},
}
AND = {"vi": "và", "en": "and"}
LOW_SATISFACTION = 90.0  # % below which a unit is named among the shortcomings


# ----------------------------------------------------------------------------- names

def unit_label(unit_id: str, year: int, lang: str) -> str:
    """A unit's name as written inside a sentence (``thành phố Hạ Long``, ``the Provincial Police``)."""
    unit = registry.get(unit_id)
    name = registry.name_in_year(unit_id, year, lang)
    if lang == "vi" and unit.group in ("district", "commune"):
        return name[0].lower() + name[1:]
    if lang == "en" and unit.group in ("department", "central"):
        return "the " + name
    return name


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A và B', 'A, B và C' (or with 'and')."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {AND[lang]} " + names[-1]


# ----------------------------------------------------------------------------- claims

@dataclass
class Claim:
    """One number as stated in the narrative."""

    claim_id: int
    section: str
    text: str
    fact: Fact
    absolute: bool
    sentence: str = ""

    def record(self) -> dict:
        f = self.fact
        return {
            "claim": self.claim_id, "section": self.section, "sentence": self.sentence, "text": self.text,
            "value": None if f.missing else (abs(f.value) if self.absolute else f.value),
            "absolute": self.absolute, "kind": f.kind, "decimals": f.decimals, "op": f.op, "inner": f.inner,
            "status": f.status, "label": f.label, "refs": f.refs(), "sources": ";".join(f.sources()),
        }


@dataclass
class Recorder:
    """Collects the claims of one rendering."""

    lang: str
    claims: list[Claim] = field(default_factory=list)
    section: str = ""

    def mark(self, fact: Fact, text: str, absolute: bool) -> str:
        claim = Claim(len(self.claims) + 1, self.section, text, fact, absolute)
        self.claims.append(claim)
        return f"\x02{claim.claim_id}\x03{text}\x04"


_MARK = re.compile("\x02(\\d+)\x03(.*?)\x04", re.S)
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ_*(])|\n+")


def _resolve_marks(text: str, recorder: Recorder) -> str:
    """Strip claim markers, and give each claim the sentence it stands in."""
    clean, positions, pos, last = [], {}, 0, 0
    for m in _MARK.finditer(text):
        clean.append(text[last:m.start()])
        pos += len(text[last:m.start()])
        positions[int(m.group(1))] = pos
        clean.append(m.group(2))
        pos += len(m.group(2))
        last = m.end()
    clean.append(text[last:])
    plain = "".join(clean)
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(plain):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(plain)))
    for claim in recorder.claims:
        if claim.claim_id in positions:
            p = positions[claim.claim_id]
            s, e = next(((s, e) for s, e in bounds if s <= p <= e), (0, len(plain)))
            claim.sentence = plain[s:e].strip()
    return plain


def _fmt(fact: Fact, lang: str, style: str) -> str:
    v = abs(fact.value) if style.endswith("abs") else fact.value
    if fact.kind == "pct" and not style.startswith("num"):
        return fmt_percent(v, fact.decimals, lang)
    if fact.kind in ("rank", "count"):
        return fmt_number(v, 0, lang)
    return fmt_compact(v, fact.decimals, lang)


@lru_cache(maxsize=2)
def _environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates_dir() / lang)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters["names"] = lambda units: join_names(list(units), lang)
    env.filters["lower_first"] = lambda t: t if t[1:2].isupper() else t[:1].lower() + t[1:]
    return env


def render(template: str, context: dict, recorder: Recorder) -> str:
    """Render ``<lang>/<template>.md.j2``; numbers printed through the filters become claims."""
    lang = recorder.lang
    recorder.section = template

    def filt(style: str, absolute: bool = False):
        def apply(fact):
            if not isinstance(fact, Fact):
                raise TypeError(f"template {template}: a number must be a Fact to be printed, got {fact!r}")
            if fact.missing:
                raise ValueError(f"template {template}: '{fact.label}' has no value; test .missing first")
            return recorder.mark(fact, _fmt(fact, lang, style + ("abs" if absolute else "")), absolute)
        return apply

    env = _environment(lang).overlay()
    env.filters.update({"val": filt("val"), "num": filt("num"), "int": filt("int"),
                        "delta": filt("val", absolute=True)})
    return env.get_template(f"{template}.md.j2").render(**context, lang=lang)


# ----------------------------------------------------------------------------- national indices

def _ranked_rows(table: pd.DataFrame, rank: float) -> pd.DataFrame:
    return table[(table["component"] == "total") & (table["measure"] == "rank") & (table["value"] == rank)]


def _streak_rows(series: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    d = series[(series["unit_id"] == QN) & (series["component"] == "total")
               & series["measure"].isin(["rank", "rank_at_most"]) & series["year"].isin(years)]
    return d.sort_values(["year", "measure"]).drop_duplicates("year")


def national_context(data: YearData, index: str, lang: str) -> dict:
    """What the section on a national index states for Quảng Ninh."""
    year = data.year
    meta = provenance(index)
    ctx: dict = {"year": year, "index": index, "name": HEADINGS[lang][index], "short": _SHORT[index],
                 "available": data.has(index)}
    if not ctx["available"]:
        return ctx
    cur, prev, series = data.current[index], data.previous.get(index), data.series.get(index)
    kind, decimals = NATIONAL_SCALE[index]
    score = make("value", rows_of(cur, QN), kind=kind, decimals=decimals, label=f"{index} score")
    rank_rows = rows_of(cur, QN, measure="rank")
    rank = make("value", rank_rows, kind="rank", label=f"{index} rank")
    ctx.update(score=score, rank=rank, n=make("max_value", rank_rows, kind="count", label="ranked units"),
               top_group=make("value", rows_of(cur, QN, measure="rank_at_most"), kind="rank",
                              label=f"{index} within top k"))
    prev_rows = rows_of(prev, QN) if prev is not None else rows_of(cur.iloc[0:0], QN)
    ctx["change"] = make("diff", rows_of(cur, QN), prev_rows, kind="pp" if kind == "pct" else "num",
                         decimals=decimals, label=f"{index} change")
    ranks = rank_series(series, QN)
    prev_rank_rows = rows_of(prev, QN, measure="rank") if prev is not None else rank_rows.iloc[0:0]
    ctx["places"] = make("diff", prev_rank_rows, rank_rows, kind="rank", label="places gained")
    ctx["prev_rank"] = make("value", prev_rank_rows, kind="rank", label="previous rank")
    top_len, top_start = _complete(ranks, *streak(ranks, year, k=1))
    ten_len, ten_start = _complete(ranks, *streak(ranks, year, k=10))
    ctx["top_streak"] = make("count", _streak_rows(series, list(range(top_start or year, year + 1))),
                             kind="count", label="years at the top") if top_len >= 2 else None
    ctx["top_start"] = top_start
    ctx["ten_streak"] = make("count", _streak_rows(series, list(range(ten_start or year, year + 1))),
                             kind="count", label="years in the top 10") if ten_len > max(top_len, 1) else None
    ctx["ten_start"] = ten_start
    ctx["first_top"] = (first_time_within(ranks, year, 1, int(meta["series_start"]))
                        if "series_start" in meta and not rank.missing and rank.value == 1 else None)
    ctx["after"] = None
    if not ctx["prev_rank"].missing and not rank.missing and rank.value != ctx["prev_rank"].value:
        n_prev, start_prev = _complete(ranks, *streak(ranks, year - 1, exact=ctx["prev_rank"].value))
        if n_prev >= 2:
            ctx["after"] = {"count": make("count", _streak_rows(series, list(range(start_prev, year))),
                                          kind="count", label="years at the previous rank"),
                            "start": start_prev, "end": year - 1}
    followers = []
    if not rank.missing and rank.value == 1:
        for r in (2, 3):
            rows = _ranked_rows(cur, r)
            if rows.empty:
                continue
            names = [unit_label(u, year, lang) for u in rows["unit_id"]]
            scores = [make("value", rows_of(cur, u), kind=kind, decimals=decimals, label=f"{index} score")
                      for u in rows["unit_id"]]
            followers.append({"rank": make("value", rows.iloc[[0]], kind="rank", label="rank"),
                              "names": names, "scores": scores, "tie": len(rows) > 1})
    ctx["followers"] = followers
    return ctx


HEADINGS = {
    "vi": {"par_index": "Chỉ số cải cách hành chính (PAR INDEX)",
           "sipas": "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
           "ict_index": "Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT (ICT Index)",
           "pci": "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)"},
    "en": {"par_index": "Public Administration Reform Index (PAR INDEX)",
           "sipas": "Satisfaction Index of Public Administrative Services (SIPAS)",
           "ict_index": "ICT readiness index (Vietnam ICT Index)",
           "pci": "Provincial Competitiveness Index (PCI)"},
}
def _complete(ranks: pd.DataFrame, length: int, start: int | None) -> tuple[int, int | None]:
    """A streak is stated only when the year before it is known (or precedes all data): a gap inside the
    series (e.g. no ICT Index in 2021) would make 'the 2nd consecutive year' misleading."""
    if length and (start - 1) not in ranks.index and start - 1 >= ranks.index.min():
        return 0, None
    return length, start


_SHORT = {"par_index": "PAR INDEX", "sipas": "SIPAS", "ict_index": "ICT Index", "pci": "PCI", "papi": "PAPI"}


def papi_context(data: YearData, lang: str) -> dict:
    """PAPI for Quảng Ninh: total and rank, national median, dimension ranks against last year."""
    from .metrics import rank_provinces

    year = data.year
    ctx: dict = {"year": year, "available": data.has("papi")}
    if not ctx["available"]:
        return ctx
    cur, prev = data.current["papi"], data.previous.get("papi")
    total_rows = rows_of(cur, QN)
    ctx["total"] = make("value", total_rows, decimals=2, label="PAPI total")
    ctx["max_total"] = make("max_value", total_rows, kind="count", label="PAPI maximum")
    totals = rows_of(cur, None)
    ranked = totals.dropna(subset=["value"])
    ctx["rank"] = make("rank", total_rows, ranked, kind="rank", label="PAPI rank") if not ctx["total"].missing \
        else make("value", total_rows.iloc[0:0], kind="rank", label="PAPI rank")
    ctx["n_ranked"] = make("count", ranked, kind="count", label="provinces with a total")
    ctx["median"] = make("median", ranked, decimals=2, label="national median")
    ctx["missing_dims"] = _papi_missing(total_rows, lang)
    ctx["prev_missing"] = None
    dims = []
    if prev is not None:
        prev_total = rows_of(prev, QN)
        ctx["prev_total"] = make("value", prev_total, decimals=2, label="PAPI total last year")
        ctx["prev_missing"] = _papi_missing(prev_total, lang)
        if not ctx["prev_total"].missing and not ctx["total"].missing:
            ctx["change"] = make("diff", total_rows, prev_total, decimals=2, label="PAPI change")
        for cid, _vi, _en in DIMENSIONS.values():
            a, b = rows_of(cur, None, cid), rows_of(prev, None, cid)
            if a.empty or b.empty:
                continue
            qa, qb = a[a["unit_id"] == QN], b[b["unit_id"] == QN]
            if qa["value"].isna().all() or qb["value"].isna().all():
                continue
            ra = rank_provinces(cur, cid).set_index("unit_id").loc[QN, "rank"]
            rb = rank_provinces(prev, cid).set_index("unit_id").loc[QN, "rank"]
            dims.append({"label": dimension_label(cid, lang), "moved": int(rb) - int(ra),
                         "now": make("rank", qa, a.dropna(subset=["value"]), kind="rank", label=f"{cid} rank"),
                         "before": make("rank", qb, b.dropna(subset=["value"]), kind="rank",
                                        label=f"{cid} rank last year")})
    ctx["dims_up"] = [d for d in dims if d["moved"] > 0]
    ctx["dims_down"] = [d for d in dims if d["moved"] < 0]
    ctx["dims_same"] = [d for d in dims if d["moved"] == 0]
    ctx.setdefault("change", None)
    ctx.setdefault("prev_total", None)
    return ctx


def _papi_missing(total_rows: pd.DataFrame, lang: str) -> list[str] | None:
    """Names of the dimensions PAPI did not publish for the province ([] when none at all was)."""
    if total_rows.empty or pd.notna(total_rows["value"].iloc[0]):
        return None
    note = str(total_rows["note"].iloc[0])
    ids = [c.strip() for c in note.split("missing", 1)[-1].split(",")] if "missing" in note else []
    year = int(total_rows["year"].iloc[0])
    if len(ids) == (8 if year >= 2018 else 6):
        return []
    return [dimension_label(c, lang) for c in ids if c]


# ----------------------------------------------------------------------------- the province's own

def sipas_qn_context(data: YearData, lang: str) -> dict:
    """SIPAS of the province's agencies: overall and group averages (respondent-weighted), extremes."""
    year = data.year
    ctx: dict = {"year": year, "available": data.has("sipas_qn")}
    if not ctx["available"]:
        return ctx
    t = data.current["sipas_qn"]
    ctx["overall"] = _checked(make("wmean", t, kind="pct", label="SIPAS average"), "sipas_qn", year, "all")
    ctx["n_units"] = make("count", t, kind="count", label="units surveyed")
    ext = extremes(t)
    groups = []
    for g in ("department", "district", "central"):
        rows = t[t["group"] == g]
        if rows.empty:
            continue
        def pick(which: str) -> list[dict]:
            sel = ext[(ext["group"] == g) & (ext["extreme"] == which)]
            return [{"name": unit_label(u, year, lang),
                     "value": make("value", t[t["unit_id"] == u], kind="pct", label=f"{which} in {g}")}
                    for u in sel["unit_id"]]
        groups.append({"group": g, "label": GROUP_SUBJECT[lang][g],
                       "mean": _checked(make("wmean", rows, kind="pct", label=f"{g} average"), "sipas_qn", year, g),
                       "highest": pick("highest"), "lowest": pick("lowest")})
    ctx["groups"] = groups
    ctx["all_illustrative"] = bool((t["source"] == "illustrative").all())
    return ctx


def _checked(fact: Fact, index: str, year: int, key: str) -> Fact:
    """Mark an aggregate 'published' when it reproduces the published figure; a contradiction is an error."""
    matches = None if fact.missing else reproduces_published(index, year, key, fact.value)
    if matches is False:
        raise ValueError(f"{index} {year} {key}: computed {fact.value:.4f} but {published_aggregate(index, year, key)} "
                         "was published; check the raw data or the method")
    if matches:
        fact.status = "published"
    return fact


def dgi_context(data: YearData, lang: str) -> dict:
    """DGI: average of the districts, the top three and the last, range of component averages."""
    year = data.year
    ctx: dict = {"year": year, "available": data.has("dgi")}
    if not ctx["available"]:
        return ctx
    t = data.current["dgi"]
    totals = rows_of(t, None)
    ctx["all_illustrative"] = bool((t["source"] == "illustrative").all())
    ctx["n_units"] = make("count", totals, kind="count", label="district-level units")
    ctx["mean"] = _checked(make("mean", totals, kind="pct", label="DGI average"), "dgi", year, "all")
    ranked = totals.assign(_r=totals["value"].rank(method="min", ascending=False)).sort_values(["_r", "unit_id"])
    def at(rank_value: float) -> dict:
        rows = ranked[ranked["_r"] == rank_value]
        return {"names": [unit_label(u, year, lang) for u in rows["unit_id"]],
                "rank": make("rank", rows.iloc[[0]], totals, kind="rank", label="DGI rank"),
                "value": make("value", rows.iloc[[0]], kind="pct", label="DGI score"), "tie": len(rows) > 1}
    ctx["top"] = [at(r) for r in sorted(ranked["_r"].unique())[:3]]
    ctx["last"] = at(ranked["_r"].max())
    comp_means = []
    for c in INDICES["dgi"].components:
        rows = rows_of(t, None, c.name)
        comp_means.append((rows["value"].mean(), c.name, rows))
    comp_means.sort()
    lo, hi = comp_means[0], comp_means[-1]
    ctx["comp_low"] = {"label": component_label("dgi", lo[1], lang),
                       "value": make("mean", lo[2], kind="pct", label="lowest component average")}
    ctx["comp_high"] = {"label": component_label("dgi", hi[1], lang),
                        "value": make("mean", hi[2], kind="pct", label="highest component average")}
    published_ranks = t[t["measure"] == "rank"]
    for rec in published_ranks.to_dict("records"):
        computed = ranked.set_index("unit_id").loc[rec["unit_id"], "_r"]
        if computed != rec["value"]:
            raise ValueError(f"dgi {year}: {rec['unit_id']} ranks {int(computed)} in the data but "
                             f"{int(rec['value'])} was published ({rec['source_file']}:{rec['source_row']})")
    return ctx


def egov_context(data: YearData, lang: str) -> dict:
    """E-government maturity: departments by criteria group, districts against 170, communes."""
    year = data.year
    ctx: dict = {"year": year}
    # departments
    if data.has("egov_department"):
        t, prev = data.current["egov_department"], data.previous.get("egov_department")
        totals = rows_of(t, None)
        dep = {"n": make("count", totals, kind="count", label="departments assessed"),
               "mean": _checked(make("mean", totals, label="department average"), "egov_department", year, "all"),
               "max": make("max_value", totals.iloc[[0]], kind="count", label="maximum points")}
        shares = []
        for c in INDICES["egov_department"].components:
            rows = rows_of(t, None, c.name)
            f = make("share", rows, inner="mean", kind="pct", label=f"{c.name} share of maximum")
            _checked(f, "egov_department", year, f"{c.name}_share")
            shares.append({"label": component_label("egov_department", c.name, lang), "share": f})
        shares.sort(key=lambda s: -s["share"].value)
        dep["groups"] = shares
        dep["change"] = make("diff", totals, rows_of(prev, None) if prev is not None else totals.iloc[0:0],
                             inner="mean", label="department change")
        tiers = load_tiers("egov_department")
        dep["tier"] = tier_name(tier(share_of_max(dep["mean"].value, dep["max"].value), tiers), lang)
        ctx["department"] = dep
    # districts
    if data.has("egov_district"):
        t, prev = data.current["egov_district"], data.previous.get("egov_district")
        totals = rows_of(t, None)
        prev_totals = rows_of(prev, None) if prev is not None else totals.iloc[0:0]
        top = totals.loc[[totals["value"].idxmax()]]
        dis = {"n": make("count", totals, kind="count", label="district-level units assessed"),
               "mean": _checked(make("mean", totals, label="district average"), "egov_district", year, "all"),
               "max": make("max_value", totals.iloc[[0]], kind="count", label="maximum points"),
               "share": make("share", totals, inner="mean", kind="pct", decimals=2, label="average share"),
               "prev_mean": make("mean", prev_totals, label="last year's average"),
               "change": make("diff", totals, prev_totals, inner="mean", label="change of the average"),
               "change_pct": make("pct_change", totals, prev_totals, inner="mean", kind="pct",
                                  label="relative change of the average"),
               "share_change": make("share_diff", totals, prev_totals, inner="mean", kind="pp",
                                    label="change in points of percentage of the maximum"),
               "top_name": unit_label(top["unit_id"].iloc[0], year, lang),
               "top": make("value", top, label="highest district"),
               "top_share": make("share", top, kind="pct", decimals=2, label="highest district share")}
        if prev is not None and not prev_totals.empty:
            dis["prev_min"] = make("min", prev_totals, label="last year's lowest")
            dis["prev_max"] = make("max", prev_totals, label="last year's highest")
        ctx["district"] = dis
    # communes
    if data.has("egov_commune"):
        t, prev = data.current["egov_commune"], data.previous.get("egov_commune")
        totals = rows_of(t, None)
        prev_totals = rows_of(prev, None) if prev is not None else totals.iloc[0:0]
        com = {"n": make("count", totals, kind="count", label="communes assessed"),
               "mean": _checked(make("mean", totals, label="commune average"), "egov_commune", year, "all"),
               "max": make("max_value", totals.iloc[[0]], kind="count", label="maximum points"),
               "prev_mean": make("mean", prev_totals, label="last year's commune average"),
               "prev_n": make("count", prev_totals, kind="count", label="communes assessed last year"),
               "change_pct": make("pct_change", totals, prev_totals, inner="mean", kind="pct", decimals=2,
                                  label="relative change of the commune average")}
        tiers = load_tiers("egov_commune")
        com["tier"] = tier_name(tier(share_of_max(com["mean"].value, com["max"].value), tiers), lang)
        ctx["commune"] = com
    ctx["available"] = any(k in ctx for k in ("department", "district", "commune"))
    return ctx


def shortcomings_context(data: YearData, lang: str) -> dict:
    """What fell short: low satisfaction, weak e-government units, targets missed, weakest PAPI dimension."""
    year = data.year
    ctx: dict = {"year": year, "items": 0}
    if data.has("sipas_qn"):
        t = data.current["sipas_qn"]
        low = t[t["value"] < LOW_SATISFACTION].sort_values("value")
        ctx["low_sipas"] = [{"name": unit_label(u, year, lang),
                             "value": make("value", t[t["unit_id"] == u], kind="pct", label="low satisfaction")}
                            for u in low["unit_id"]]
        ctx["low_threshold"] = LOW_SATISFACTION
        lowest = t.loc[[t["value"].idxmin()]]
        ctx["lowest_sipas"] = {"name": unit_label(lowest["unit_id"].iloc[0], year, lang),
                               "value": make("value", lowest, kind="pct", label="lowest satisfaction")}
        ctx["items"] += 1
    if data.has("egov_department"):
        t = data.current["egov_department"]
        totals = rows_of(t, None)
        tiers = load_tiers("egov_department")
        weak = totals[[tier(share_of_max(v, m), tiers) in ("average", "weak")
                       for v, m in zip(totals["value"], totals["max_value"])]]
        fair_bound = next(b for b, n in tiers if n == "fair")
        ctx["weak_egov"] = {"count": make("count", weak, kind="count", label="departments below fair"),
                            "bound": fair_bound, "tier": tier_name("fair", lang)}
        ctx["items"] += 1
    if data.has("online_services"):
        t = data.current["online_services"]
        rows = rows_of(t, QN)
        target_rows = data.current.get("targets", rows.iloc[0:0])
        target_rows = target_rows[(target_rows["index"] == "target:online_services") & (target_rows["unit_id"] == QN)]
        if not target_rows.empty and not rows.empty:
            rate = make("value", rows, kind="pct", label="online services rate")
            target = make("value", target_rows, kind="pct", decimals=2, label="province target")
            ctx["online"] = {"rate": rate, "target": target, "met": rate.value >= target.value,
                             "gap": make("diff", target_rows, rows, kind="pp", label="gap to target")}
            if data.previous.get("online_services") is not None:
                prev = rows_of(data.previous["online_services"], QN)
                ctx["online"]["prev"] = make("value", prev, kind="pct", label="online services rate last year")
            ctx["items"] += 1
    if data.has("papi"):
        cur = data.current["papi"]
        from .metrics import rank_provinces
        worst = None
        for cid, _vi, _en in DIMENSIONS.values():
            a = rows_of(cur, None, cid)
            qa = a[a["unit_id"] == QN]
            if a.empty or qa["value"].isna().all():
                continue
            r = rank_provinces(cur, cid).set_index("unit_id").loc[QN, "rank"]
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


def overview_context(data: YearData, sections: dict[str, dict], lang: str) -> dict:
    """The headline: Quảng Ninh's rank in each national index this year, and what is missing."""
    ranks = []
    for index in ("par_index", "sipas", "papi", "ict_index"):
        ctx = sections.get(index, {})
        if ctx.get("available") and not ctx["rank"].missing:
            ranks.append({"short": _SHORT[index], "rank": ctx["rank"],
                          "n": ctx.get("n") if index != "papi" else ctx["n_ranked"]})
    missing = [_SHORT.get(i, i) for i in ("par_index", "sipas", "papi", "ict_index") if i in data.missing]
    not_ranked = [_SHORT[i] for i in ("par_index", "sipas", "papi", "ict_index")
                  if sections.get(i, {}).get("available") and sections[i]["rank"].missing]
    return {"year": data.year, "ranks": ranks, "missing": missing, "not_ranked": not_ranked}


# ----------------------------------------------------------------------------- the whole narrative

@dataclass
class Narrative:
    """The rendered narrative of a year and its claims ledger."""

    year: int
    lang: str
    markdown: str
    claims: list[Claim]
    sections: dict[str, str] = field(default_factory=dict)

    def key_sentence(self, section: str, starts: str = "") -> str:
        """The first sentence of a section that states a number (and starts with ``starts``, if given)."""
        for line in self.sections.get(section, "").splitlines():
            for sentence in _SENTENCE_END.split(line):
                sentence = sentence.strip().lstrip("- ")
                if sentence and not sentence.startswith("#") and any(ch.isdigit() for ch in sentence) \
                        and sentence.startswith(starts):
                    return sentence
        return ""

    def ledger(self) -> pd.DataFrame:
        """One row per number stated: section, sentence, text, value, how computed, source rows."""
        records = [c.record() for c in self.claims]
        table = pd.DataFrame(records)
        if not table.empty:
            table["refs"] = table["refs"].map(lambda r: json.dumps(r, ensure_ascii=False, default=_json))
        return table

    def html(self) -> str:
        """A standalone HTML page of the narrative."""
        return markdown_to_html(self.markdown, title=TITLES[self.lang].format(year=self.year), lang=self.lang)


TITLES = {"vi": "Kết quả các chỉ số cải cách hành chính năm {year} của tỉnh Quảng Ninh",
          "en": "Quảng Ninh's administrative reform indices, {year}"}


def _json(o):
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def build(data: YearData, lang: str = "vi") -> Narrative:
    """The narrative of ``data.year`` in ``lang``: every section whose data exist, and the gaps said plainly."""
    recorder = Recorder(lang)
    contexts = {
        "par_index": national_context(data, "par_index", lang),
        "sipas": national_context(data, "sipas", lang),
        "papi": papi_context(data, lang),
        "ict_index": national_context(data, "ict_index", lang),
        "sipas_qn": sipas_qn_context(data, lang),
        "dgi": dgi_context(data, lang),
        "egov": egov_context(data, lang),
        "shortcomings": shortcomings_context(data, lang),
    }
    contexts["overview"] = overview_context(data, contexts, lang)
    parts = [f"# {TITLES[lang].format(year=data.year)}\n"]
    for section in SECTIONS:
        parts.append(f"\x05{section}\x06" + render(section, contexts[section], recorder).strip() + "\n")
    text = _resolve_marks("\n".join(parts), recorder)
    sections = {m.group(1): m.group(2) for m in re.finditer("\x05(\\w+)\x06(.*?)(?=\x05|\\Z)", text, re.S)}
    text = re.sub("\x05\\w+\x06", "", text)
    for claim in recorder.claims:
        claim.sentence = re.sub("\x05\\w+\x06", "", claim.sentence)
    return Narrative(data.year, lang, text, recorder.claims, sections)


def render_section(section: str, context: dict, lang: str = "vi") -> str:
    """One section rendered to plain text (claims dropped): for notebooks that show a single section."""
    recorder = Recorder(lang)
    return _resolve_marks(render(section, context, recorder), recorder).strip() + "\n"


def sipas_paragraph(tidy: pd.DataFrame, lang: str = "vi") -> str:
    """The SIPAS section alone, from a SIPAS table (used by the SIPAS notebook)."""
    year = int(tidy["year"].iloc[0])
    data = YearData(year, current={"sipas_qn": tidy})
    recorder = Recorder(lang)
    return _resolve_marks(render("sipas_qn", sipas_qn_context(data, lang), recorder), recorder).strip() + "\n"


# ----------------------------------------------------------------------------- HTML

def markdown_to_html(text: str, title: str, lang: str) -> str:
    """The narrative's small Markdown subset (headings, paragraphs, lists, _italics_, **bold**) as HTML."""
    body, in_list = [], False
    for block in text.split("\n"):
        line = block.rstrip()
        if line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        if not line:
            continue
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if m:
            level = len(m.group(1))
            body.append(f"<h{level}>{_inline(m.group(2))}</h{level}>")
        else:
            body.append(f"<p>{_inline(line)}</p>")
    if in_list:
        body.append("</ul>")
    style = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.55;"
             "color:#222;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:1.8rem;color:#1F4E79}"
             "em{color:#8a4b00}")
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _inline(text: str) -> str:
    t = html.escape(text, quote=False)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    return re.sub(r"(?<![\w])_(.+?)_(?![\w])", r"<em>\1</em>", t)
