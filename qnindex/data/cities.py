"""Whether a province is a centrally-run city (thành phố trực thuộc trung ương), read with the csv module from the
registry's files: what a command needs to name a project's indices ('Chỉ số CCHC của thành phố') before, and
without, loading the registry's tables."""
from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache

from qnindex.core.paths import registry_data_dir

CENTRALLY_RUN = "centrally_run_cities.csv"


@lru_cache(maxsize=1)
def _spans() -> dict[str, tuple[str, str]]:
    with open(registry_data_dir() / CENTRALLY_RUN, encoding="utf-8", newline="") as fh:
        return {r["unit_id"]: (r["from"], r["to"]) for r in csv.DictReader(fh)}


@lru_cache(maxsize=64)
def _ids_named(name: str) -> tuple[str, ...]:
    with open(registry_data_dir() / "provinces.csv", encoding="utf-8", newline="") as fh:
        return tuple(r["unit_id"] for r in csv.DictReader(fh) if r["name_vi"] == name)


def is_city(name: str, on: date | None = None) -> bool:
    """Whether the province the registry names ``name`` is a centrally-run city on ``on`` (default: in its latest
    period). An unknown name is not a city (the registry says why elsewhere)."""
    day = (on or date.max).isoformat()
    spans = [_spans()[unit] for unit in _ids_named(name) if unit in _spans()]
    return any(start <= day and (not end or day <= end) for start, end in spans)
