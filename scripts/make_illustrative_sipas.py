"""Write the bundled SIPAS (Quảng Ninh's own survey) raw files for 2018 and 2019.

Only the values the 2019 conference published are real (F5–F8: three group averages, the overall
average, and the highest and lowest unit of each group). Everything else is illustrative: drawn
with a fixed seed, then shifted so that the respondent-weighted averages reproduce the published
ones exactly (to 2 decimals, with margin). Run once; the output is committed and never edited by
the package. ``python scripts/make_illustrative_sipas.py``
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from qnindex.data import registry
from qnindex.core.formatting import round_half_up

OUT = Path(__file__).resolve().parents[1] / "data" / "raw" / "sipas_qn"

SURVEYED_DEPARTMENTS = [
    "dept-noi-vu", "dept-tu-phap", "dept-ke-hoach-dau-tu", "dept-tai-chinh", "dept-cong-thuong",
    "dept-nong-nghiep", "dept-giao-thong", "dept-xay-dung", "dept-tai-nguyen", "dept-thong-tin",
    "dept-lao-dong", "dept-van-hoa", "dept-du-lich", "dept-khoa-hoc", "dept-giao-duc", "dept-y-te",
    "dept-ngoai-vu", "dept-thanh-tra", "dept-dan-toc", "dept-kinh-te",
]

# year -> group -> (target average, {unit_id: published rate}, respondents per unit range)
PLAN = {
    2019: {
        "department": (92.31, {"dept-thong-tin": 94.54, "dept-thanh-tra": 85.88}, (180, 320)),
        "district": (93.62, {"dist-ha-long": 95.17, "dist-binh-lieu": 91.71}, (380, 520)),
        "central": (94.65, {"cent-cong-an": 95.71, "cent-thue": 93.37}, (420, 560)),
    },
    # 2018: nothing at unit level or group level was published; all illustrative.
    2018: {
        "department": (90.84, {}, (180, 320)),
        "district": (92.10, {}, (380, 520)),
        "central": (93.05, {}, (420, 560)),
    },
}
OVERALL = {2019: 93.46, 2018: None}
PUBLISHED_AVERAGE_NOTE = "conference 2019 (F5–F8)"


def r2(x: float) -> float:
    return float(round_half_up(x, 2))


def units_for(year: int, group: str) -> list[str]:
    if group == "department":
        return SURVEYED_DEPARTMENTS
    units = [u.unit_id for u in registry.units_in(group, year)]
    if group == "district" and year == 2019:
        # The 2019 survey was run after the Hạ Long–Hoành Bồ merger: 13 district-level units.
        units = [u for u in units if u != "dist-hoanh-bo"]
    return units


def build_group(rng, ids, target, published, n_range, scale=1.0):
    n = {u: int(round(rng.integers(*n_range) * scale)) for u in ids}
    free = [u for u in ids if u not in published]
    lo = min(published.values(), default=target - 3.0)
    hi = max(published.values(), default=target + 2.0)
    base = {u: rng.uniform(lo + 0.4, hi - 0.4) for u in free}
    rates = dict(published)
    for _ in range(200):
        total_n = sum(n.values())
        fixed = sum(published[u] * n[u] for u in published)
        need = (target * total_n - fixed) / sum(n[u] for u in free)
        mean_free = sum(base[u] * n[u] for u in free) / sum(n[u] for u in free)
        shift = need - mean_free
        base = {u: min(max(v + shift, lo + 0.05), hi - 0.05) for u, v in base.items()}
        if abs(shift) < 1e-9:
            break
    rates.update({u: r2(v) for u, v in base.items()})
    # Nudge single rates by 0.01 until the weighted mean sits well inside the target's rounding band.
    for _ in range(500):
        mean = sum(rates[u] * n[u] for u in ids) / sum(n.values())
        err = mean - target
        if abs(err) < 0.0015:
            break
        step = -0.01 if err > 0 else 0.01
        u = max(free, key=lambda k: n[k] if lo + 0.05 < rates[k] + step < hi - 0.05 else -1)
        rates[u] = r2(rates[u] + step)
    return rates, n


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for year, plan in PLAN.items():
        for seed in range(1000):
            rng = np.random.default_rng(year * 1000 + seed)
            rows, sums = [], {}
            for group, (target, published, n_range) in plan.items():
                ids = units_for(year, group)
                rates, n = build_group(rng, ids, target, published, n_range)
                mean = sum(rates[u] * n[u] for u in ids) / sum(n.values())
                sums[group] = (mean, sum(n.values()))
                for u in ids:
                    rows.append({
                        "year": year, "group": group, "unit": registry.name_in_year(u, year),
                        "respondents": n[u], "satisfaction_pct": f"{rates[u]:.2f}",
                        "source": "published" if u in published else "illustrative",
                        "note": PUBLISHED_AVERAGE_NOTE if u in published else "",
                    })
            ok = all(abs(m - plan[g][0]) < 0.002 for g, (m, _) in sums.items())
            overall = sum(m * w for m, w in sums.values()) / sum(w for _, w in sums.values())
            if OVERALL[year] is not None:
                ok = ok and abs(overall - OVERALL[year]) < 0.002
            if ok:
                break
        else:
            raise SystemExit(f"no seed reproduces the {year} averages")
        path = OUT / f"sipas_qn_{year}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(path, "seed", seed, {g: round(m, 4) for g, (m, _) in sums.items()}, "overall", round(overall, 4))


if __name__ == "__main__":
    main()
