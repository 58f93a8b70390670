"""Write the bundled 2023 and 2024 data of the province's own assessments, reproducing the 2024 conference
(15/3/2025; ../shared/brief/reform-2025-notes.md §3): every published figure exact, every other value
illustrative (marked per row). Run from the project root: ``python scripts/make_conference_2024.py``.

Published: provincial PAR average 87.12 (+1.27), satisfaction 95.97 (+0.69), DGI 92.29 (+1.29) — the 2023
averages are derived from the changes —, and the leading unit of each block (rank 1) for PAR, SIPAS, DDCI,
DGI and the DTI of the province's units. Unit values are illustrative, drawn so that the averages equal the
published ones (respondent-weighted for SIPAS, plain means otherwise) and the published leaders lead.
"""
from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

from qnindex.core.paths import raw_dir
from qnindex.data import registry
from qnindex.indices.specs import spec

CONFERENCE = "hội nghị công bố các chỉ số 2024 (15/3/2025)"
LEADERS_2024 = {
    "par_qn": {"department": "dept-noi-vu", "district": "dist-ha-long", "central": "cent-kho-bac"},
    "sipas_qn": {"department": "dept-tu-phap", "district": "dist-cam-pha", "central": "cent-bien-phong"},
    "ddci": {"department": "dept-kinh-te", "district": "dist-ha-long", "central": "cent-hai-quan"},
    "dgi": {"district": "dist-co-to"},
    "dti_qn": {"district": "dist-ha-long", "department": "dept-hanh-chinh-cong", "commune": "comm-07153"},
}
MEANS = {"par_qn": {2024: "87.12", 2023: "85.85"}, "sipas_qn": {2024: "95.97", 2023: "95.28"},
         "dgi": {2024: "92.29", 2023: "91.00"}}


def half_up(x: Decimal, places: int = 2) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def exact_values(rng, n: int, mean: Decimal, lo: Decimal, hi: Decimal, spread: float) -> list[Decimal]:
    """n values (2 decimals) in [lo, hi] whose plain mean is exactly ``mean``."""
    target = int(mean * 100) * n
    values = [int(min(hi * 100, max(lo * 100, round(v)))) for v in rng.normal(float(mean) * 100, spread * 100, n)]
    diff = target - sum(values)
    while diff:
        i = int(rng.integers(0, n))
        step = 1 if diff > 0 else -1
        if lo * 100 <= values[i] + step <= hi * 100:
            values[i] += step
            diff -= step
    return [Decimal(v).scaleb(-2) for v in values]


def lead(values: dict[str, Decimal], leaders: dict[str, str], groups: dict[str, str]) -> dict[str, Decimal]:
    """Swap values so that each published leader has the highest value of its group (the mean is kept)."""
    for group, leader in leaders.items():
        members = [u for u in values if groups[u] == group]
        top = max(members, key=lambda u: values[u])
        if top != leader and leader in values:
            values[top], values[leader] = values[leader], values[top]
        others = sorted(values[u] for u in members if u != leader)
        if others and values[leader] == others[-1]:  # a tie for first would not be "the" leader
            values[leader] += Decimal("0.01")
            lowest = min((u for u in members if u != leader), key=lambda u: values[u])
            values[lowest] -= Decimal("0.01")
    return values


def units(index: str, year: int) -> list[registry.Unit]:
    return [u for g in spec(index).groups_in(year) for u in registry.units_in(g, year)]


def write(index: str, year: int, rows: list[dict]) -> None:
    folder = raw_dir() / index
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{index}_{year}.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def components_for(rng, total: Decimal, comps) -> list[Decimal]:
    """Components (2 decimals, each within its maximum) that add up exactly to ``total``."""
    share = total / sum(Decimal(str(c.max_value)) for c in comps)
    parts = [half_up(Decimal(str(c.max_value)) * share * Decimal(str(rng.uniform(0.97, 1.03)))) for c in comps]
    parts = [min(p, Decimal(str(c.max_value))) for p, c in zip(parts, comps)]
    diff = total - sum(parts)
    i = 0
    while diff:
        c = comps[i % len(comps)]
        room = (Decimal(str(c.max_value)) - parts[i % len(comps)]) if diff > 0 else -parts[i % len(comps)]
        step = min(diff, room) if diff > 0 else max(diff, room)
        parts[i % len(comps)] += step
        diff -= step
        i += 1
    return parts


def write_units_index(index: str, year: int, seed: int, mean: Decimal | None, lo: Decimal, hi: Decimal,
                      leaders: dict[str, str]) -> None:
    rng = np.random.default_rng(seed)
    members = units(index, year)
    groups = {u.unit_id: u.group for u in members}
    values = dict(zip(groups, exact_values(rng, len(members), mean if mean is not None else Decimal("80.00"),
                                           lo, hi, 2.5)))
    values = lead(values, leaders, groups)
    s = spec(index)
    rows = []
    for u in members:
        total = values[u.unit_id]
        row = {"year": year, "unit": registry.name_in_year(u.unit_id, year)}
        if len(s.groups_in(year)) > 1:
            row["group"] = registry.GROUP_NAMES["vi"][u.group]
        parts = components_for(rng, total * (len(s.components) if s.total_rule == "mean" else 1), s.components) \
            if s.components else []
        for c, v in zip(s.components, parts):
            row[c.name] = f"{v:.2f}"
        row["total"] = f"{total:.2f}"
        leader = leaders.get(u.group) == u.unit_id
        row["rank"] = 1 if leader and year == 2024 else ""
        row["source"] = "illustrative"
        row["note"] = (f"đứng đầu khối ({CONFERENCE}); điểm số minh họa" if leader and year == 2024 else "")
        rows.append(row)
    write(index, year, rows)


def write_sipas(year: int, seed: int, mean: Decimal, leaders: dict[str, str]) -> None:
    rng = np.random.default_rng(seed)
    members = units("sipas_qn", year)
    groups = {u.unit_id: u.group for u in members}
    weights = {u.unit_id: int(rng.integers(180, 420)) for u in members}
    values = dict(zip(groups, exact_values(rng, len(members), mean, Decimal("91"), Decimal("99.5"), 1.2)))
    values = lead(values, leaders if year == 2024 else {}, groups)

    def weighted() -> Decimal:
        return sum(values[u] * weights[u] for u in values) / sum(weights.values())

    movable = [u for u in values if u not in set(leaders.values())]
    while half_up(weighted()) != mean:  # move the weighted mean onto the published figure, 0.01 at a time
        step = Decimal("0.01") if weighted() < mean else Decimal("-0.01")
        u = movable[int(rng.integers(0, len(movable)))]
        group_top = max(values[v] for v in values if groups[v] == groups[u])
        if Decimal("90") < values[u] + step < group_top:
            values[u] += step
    rows = []
    for u in members:
        leader = year == 2024 and leaders.get(u.group) == u.unit_id
        rows.append({"year": year, "group": registry.GROUP_NAMES["vi"][u.group],
                     "unit": registry.name_in_year(u.unit_id, year), "respondents": weights[u.unit_id],
                     "satisfaction_pct": f"{values[u.unit_id]:.2f}", "rank": 1 if leader else "",
                     "source": "illustrative",
                     "note": f"đứng đầu khối ({CONFERENCE}); tỷ lệ minh họa" if leader else ""})
    write("sipas_qn", year, rows)


def main() -> None:
    for year, seed in ((2023, 230), (2024, 240)):
        leaders = {k: (v if year == 2024 else {}) for k, v in LEADERS_2024.items()}
        write_sipas(year, seed, Decimal(MEANS["sipas_qn"][year]), LEADERS_2024["sipas_qn"])
        write_units_index("par_qn", year, seed + 1, Decimal(MEANS["par_qn"][year]), Decimal("80"), Decimal("95"),
                          leaders["par_qn"])
        write_units_index("dgi", year, seed + 2, Decimal(MEANS["dgi"][year]), Decimal("86"), Decimal("97"),
                          leaders["dgi"])
    write_units_index("ddci", 2024, 243, None, Decimal("68"), Decimal("90"), LEADERS_2024["ddci"])
    write_units_index("dti_qn", 2024, 244, None, Decimal("55"), Decimal("92"), LEADERS_2024["dti_qn"])


if __name__ == "__main__":
    main()
