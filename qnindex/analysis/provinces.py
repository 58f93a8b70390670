"""Every province's results in a year's national rankings, one row each: what the national page lists and what each
province's own pack states (the same summaries, ``focus_summary``, so the page and the packs never disagree)."""
from __future__ import annotations

import pandas as pd

from qnindex.analysis.focus import focus_summary
from qnindex.core.text import vietnamese_key
from qnindex.data import registry


def provinces_of(year: int) -> list[str]:
    """The registry's provinces at the end of ``year`` (63 to 2024, 34 from 2025), in the order of their names."""
    units = registry.units_in("province", year)
    return [u.unit_id for u in sorted(units, key=lambda u: vietnamese_key(registry.name_in_year(u.unit_id, year)))]


def with_national_data(data, year: int | None = None) -> list[str]:
    """The provinces of ``data``'s year with a row in at least one of the year's national tables (those a pack can
    be built for), in the registry's order of names."""
    year = year or data.year
    named: set[str] = set()
    for s in data.specs:
        if s.national and data.has(s.id):
            named |= set(data.current[s.id]["unit_id"])
    return [u for u in provinces_of(year) if u in named]


def province_results(data, provinces: list[str]) -> pd.DataFrame:
    """One row per province of ``provinces`` (registry ids): its name, and for each national index with data this
    year its value, rank, the number ranked and the leading group it was named in (``<id>_value``,
    ``<id>_rank``, ``<id>_n``, ``<id>_top``; NaN where not known)."""
    year = data.year
    indices = [s.id for s in data.specs if s.national and data.has(s.id)]
    rows = []
    for unit_id in provinces:
        row: dict = {"unit_id": unit_id, "province": registry.name_in_year(unit_id, year),
                     "province_en": registry.name_in_year(unit_id, year, "en"),
                     "city": registry.is_centrally_run(unit_id, year)}
        for index in indices:
            summary = focus_summary(data, index, unit_id)
            for field, fact in (("value", summary.value), ("rank", summary.rank), ("n", summary.n),
                                ("top", summary.top_group)):
                row[f"{index}_{field}"] = float("nan") if fact.missing else float(fact.value)
        rows.append(row)
    return pd.DataFrame(rows)
