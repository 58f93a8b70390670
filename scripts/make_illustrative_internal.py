"""Write the bundled raw files of the province's own assessments (DGI, e-government maturity,
provincial PAR index, online public services) for 2018 and 2019.

What the 2019 conference published is reproduced exactly (F9–F13: averages, ranks, highest units,
criteria-group shares); everything else is illustrative, drawn with a fixed seed and marked per row.
Run once; the output is committed: ``python scripts/make_illustrative_internal.py``.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from qnindex.data import registry

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
DGI_COMPONENTS = ["participation", "transparency", "accountability", "corruption_control", "procedures",
                  "service_delivery", "environment", "e_governance"]
PAR_COMPONENTS = {"direction": 10, "institutions": 10, "procedures": 15, "organisation": 10, "civil_service": 15,
                  "public_finance": 10, "e_government": 15, "impact": 15}


def write(index: str, year: int, rows: list[dict]) -> None:
    folder = RAW / index
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{index}_{year}.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def districts(year: int, survey_after_merger: bool) -> list[str]:
    ids = [u.unit_id for u in registry.units_in("district", year)]
    return [u for u in ids if not (survey_after_merger and u == "dist-hoanh-bo")]


def name(unit_id: str, year: int) -> str:
    return registry.name_in_year(unit_id, year)


def split_exact(rng, total_tenths: int, n: int, lo: int, hi: int, spread: float | None = None) -> list[int]:
    """n integers in [lo, hi] (tenths of a point) that add up to total_tenths; drawn around the mean
    with standard deviation ``spread`` when given, else uniformly."""
    if spread is None:
        values = [int(v) for v in rng.integers(lo, hi + 1, size=n)]
    else:
        values = [int(min(hi, max(lo, round(v)))) for v in rng.normal(total_tenths / n, spread, size=n)]
    diff = total_tenths - sum(values)
    while diff:
        i = int(rng.integers(0, n))
        step = 1 if diff > 0 else -1
        if lo <= values[i] + step <= hi:
            values[i] += step
            diff -= step
    return values


# ------------------------------------------------------------------------------------------- DGI
def dgi(year: int, rng, fixed: dict[str, float], mean: float, ids: list[str], bands) -> list[dict]:
    """Totals with the published ranks and mean; components average to each total (total = mean)."""
    free = [u for u in ids if u not in fixed]
    lo, hi = bands
    totals = dict(fixed)
    totals.update({u: float(rng.uniform(lo, hi)) for u in free})
    for _ in range(100):
        shift = (mean * len(ids) - sum(totals.values())) / len(free)
        totals.update({u: min(max(totals[u] + shift, lo), hi) for u in free})
    rows = []
    for u in ids:
        target = totals[u]
        comps = [round(float(c), 2) for c in rng.normal(target, 3.0, size=8).clip(55, 99)]
        # move the components (by 0.01) until their mean rounds to the intended total, then keep that total
        total_cents = round(target * 100)
        while round(sum(comps) * 100) != total_cents * 8:
            diff = total_cents * 8 - round(sum(comps) * 100)
            i = int(rng.integers(0, 8))
            comps[i] = round(comps[i] + (0.01 if diff > 0 else -0.01), 2)
        rows.append({"unit": u, "comps": comps, "total": total_cents / 100})
    return rows


def write_dgi() -> None:
    rng = np.random.default_rng(2019)
    ids = districts(2019, survey_after_merger=True)
    fixed = {"dist-ha-long": 88.41, "dist-tien-yen": 87.36, "dist-quang-yen": 86.72, "dist-co-to": 77.05}
    rows = dgi(2019, rng, fixed, 83.93, ids, (80.6, 85.9))
    ranks = {"dist-ha-long": 1, "dist-tien-yen": 2, "dist-quang-yen": 3, "dist-co-to": 13}
    # fine-tune the mean of the totals to 83.93 by moving one free unit's first component by 0.08 (= 0.01 total)
    free = [r for r in rows if r["unit"] not in fixed]
    while round(sum(r["total"] for r in rows) * 100) != 109109:  # 83.93 x 13
        r = free[int(rng.integers(0, len(free)))]
        step = 1 if round(sum(x["total"] for x in rows) * 100) < 109109 else -1
        r["comps"][0] = round(r["comps"][0] + 0.08 * step, 2)
        r["total"] = round(r["total"] + 0.01 * step, 2)
    out = []
    for r in rows:
        rec = {"year": 2019, "unit": name(r["unit"], 2019)}
        rec.update(dict(zip(DGI_COMPONENTS, [f"{c:.2f}" for c in r["comps"]])))
        rec.update({"total": f"{r['total']:.2f}", "rank": ranks.get(r["unit"], ""),
                    "source": "illustrative",
                    "note": "rank published (conference 2019, F10); scores illustrative" if r["unit"] in ranks else ""})
        out.append(rec)
    write("dgi", 2019, out)
    rng = np.random.default_rng(2018)
    ids18 = districts(2018, survey_after_merger=False)
    rows18 = dgi(2018, rng, {}, 81.62, ids18, (76.0, 87.0))
    write("dgi", 2018, [{"year": 2018, "unit": name(r["unit"], 2018),
                         **dict(zip(DGI_COMPONENTS, [f"{c:.2f}" for c in r["comps"]])),
                         "total": f"{r['total']:.2f}", "rank": "", "source": "illustrative", "note": ""}
                        for r in rows18])


# ---------------------------------------------------------------------------- e-government
def write_egov_departments() -> None:
    ids = [u.unit_id for u in registry.units_in("department", 2019)]
    assert len(ids) == 30, len(ids)
    # 2019 published: infrastructure 98% of 20, application 70% of 60, total 73.83 -> human resources 12.23
    for year, means, seed in ((2019, (19.6, 42.0, 12.23), 7), (2018, (18.9, 38.6, 11.4), 8)):
        rng = np.random.default_rng(seed)
        n = len(ids)
        infra = split_exact(rng, round(means[0] * 10 * n), n, 170, 200)
        app = split_exact(rng, round(means[1] * 10 * n), n, 300, 540)
        hr_cents = round(means[2] * 100 * n)   # 12.23 x 30 = 366.9 -> tenths work
        hr = split_exact(rng, hr_cents // 10, n, 70, 190)
        rows = []
        for u, a, b, c in zip(ids, infra, app, hr):
            rows.append({"year": year, "unit": name(u, year), "infrastructure": f"{a / 10:.1f}",
                         "application": f"{b / 10:.1f}", "human_resources": f"{c / 10:.1f}",
                         "total": f"{(a + b + c) / 10:.1f}", "source": "illustrative", "components_source": "",
                         "note": ""})
        write("egov_department", year, rows)


def write_egov_districts() -> None:
    ids = districts(2019, survey_after_merger=False)  # the 2019 round covered 14 district-level units
    assert len(ids) == 14
    plans = {
        2019: {"mean": 128, "fixed": {"dist-uong-bi": 154}, "band": (104, 150), "seed": 19},
        2018: {"mean": 121, "fixed": {"dist-uong-bi": 146, "dist-co-to": 94}, "band": (98, 142), "seed": 18},
    }
    for year, plan in plans.items():
        rng = np.random.default_rng(plan["seed"])
        free = [u for u in ids if u not in plan["fixed"]]
        rest = plan["mean"] * len(ids) - sum(plan["fixed"].values())
        lo, hi = plan["band"]
        totals = dict(zip(free, split_exact(rng, rest, len(free), lo, hi)))
        totals.update(plan["fixed"])
        rows = []
        for u in ids:
            t = totals[u]
            prov = int(min(20, max(8, round(t / 170 * 20 + rng.integers(-2, 3)))))
            ready = int(min(50, max(20, round((t - prov) / 150 * 50 + rng.integers(-3, 4)))))
            res = t - prov - ready
            if res > 100:
                ready += res - 100
                res = 100
            published = u in plan["fixed"]
            note = ""
            if u == "dist-uong-bi":
                note = f"total published: highest, {t}/170 ({'uongbi.gov.vn' if year == 2018 else 'conference 2019, F12'})"
            elif year == 2018 and u == "dist-co-to":
                note = "the lowest total 94 was published, not which unit had it: the unit is illustrative"
            rows.append({"year": year, "unit": name(u, year), "readiness": ready, "results": res, "provincial": prov,
                         "total": t, "rank": 1 if u == "dist-uong-bi" else "",
                         "source": "published" if published and u == "dist-uong-bi" else "illustrative",
                         "components_source": "illustrative", "note": note})
        write("egov_district", year, rows)


def write_egov_communes() -> None:
    ids19 = [u.unit_id for u in registry.units_in("commune", 2019)]
    assert len(ids19) == 186
    for year, ids, mean, seed in ((2019, ids19, 59, 190), (2018, None, 41.3, 180)):
        rng = np.random.default_rng(seed)
        if ids is None:  # 2018: not every commune was assessed yet (2019 was the first full round)
            ids = sorted(rng.choice(ids19, size=120, replace=False).tolist())
        n = len(ids)
        totals = split_exact(rng, round(mean * 10 * n), n, 150 if year == 2018 else 250, 780 if year == 2018 else 920,
                             spread=110 if year == 2018 else 130)
        rows = []
        for u, t10 in zip(ids, totals):
            t = t10 / 10
            prov = round(min(10.0, max(0.0, t / 100 * 10 + float(rng.normal(0, 1)))), 1)
            ready = round(min(30.0, max(0.0, (t - prov) * 0.33 + float(rng.normal(0, 2)))), 1)
            res = round(t - prov - ready, 1)
            if res > 60:
                ready, res = round(ready + res - 60, 1), 60.0
            if res < 0:
                ready, res = round(ready + res, 1), 0.0
            rows.append({"year": year, "unit": registry.name_in_year(u, year), "readiness": f"{ready:.1f}",
                         "results": f"{res:.1f}", "provincial": f"{prov:.1f}", "total": f"{t:.1f}",
                         "source": "illustrative", "components_source": "", "note": ""})
        write("egov_commune", year, rows)


# ------------------------------------------------------------------------ provincial PAR index
def write_par_qn() -> None:
    sipas_departments = [
        "dept-noi-vu", "dept-tu-phap", "dept-ke-hoach-dau-tu", "dept-tai-chinh", "dept-cong-thuong",
        "dept-nong-nghiep", "dept-giao-thong", "dept-xay-dung", "dept-tai-nguyen", "dept-thong-tin",
        "dept-lao-dong", "dept-van-hoa", "dept-du-lich", "dept-khoa-hoc", "dept-giao-duc", "dept-y-te",
        "dept-ngoai-vu", "dept-thanh-tra", "dept-dan-toc", "dept-kinh-te"]
    for year, seed, after_merger in ((2019, 29, True), (2018, 28, False)):
        rng = np.random.default_rng(seed)
        rows = []
        for group, ids in (("department", sipas_departments), ("district", districts(year, after_merger))):
            for u in ids:
                level = float(rng.uniform(0.72, 0.95))
                comps = {k: round(min(m, max(0.0, m * (level + float(rng.normal(0, 0.05))))) * 2) / 2
                         for k, m in PAR_COMPONENTS.items()}
                rows.append({"year": year, "unit": name(u, year), "group": group,
                             **{k: f"{v:.1f}" for k, v in comps.items()},
                             "total": f"{sum(comps.values()):.1f}", "source": "illustrative", "note": ""})
        write("par_qn", year, rows)


def write_online_services() -> None:
    for year, rate in ((2018, "12.46"), (2019, "28.35")):
        write("online_services", year, [{"year": year, "unit": "Quảng Ninh", "total": rate,
                                         "source": "illustrative",
                                         "note": "rate not published; the 40% target and 'below target' are (F15)"}])


if __name__ == "__main__":
    write_dgi()
    write_egov_departments()
    write_egov_districts()
    write_egov_communes()
    write_par_qn()
    write_online_services()
    print("written under", RAW)
