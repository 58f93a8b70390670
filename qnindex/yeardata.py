"""Everything a year's report needs, loaded once: each index's tidy table for the year and the year
before, the national series (for streaks), and what is missing and why."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .errors import RawDataError, TemplateNotFilled
from .loaders import (NATIONAL, load_dgi, load_egov, load_national, load_online_services, load_papi,
                      load_par_qn, load_sipas)
from .loaders.targets import targets_tidy
from .paths import raw_dir

INTERNAL = {
    "sipas_qn": load_sipas,
    "dgi": load_dgi,
    "egov_department": lambda y: load_egov("department", y),
    "egov_district": lambda y: load_egov("district", y),
    "egov_commune": lambda y: load_egov("commune", y),
    "par_qn": load_par_qn,
    "online_services": load_online_services,
}
NATIONAL_ORDER = ("par_index", "sipas", "papi", "ict_index", "pci")


@dataclass
class YearData:
    """Tidy tables for one report year."""

    year: int
    current: dict[str, pd.DataFrame] = field(default_factory=dict)
    previous: dict[str, pd.DataFrame] = field(default_factory=dict)
    series: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)

    def papi_ranks(self) -> pd.DataFrame:
        """Quảng Ninh's PAPI rank per year up to this year, computed from the panel (NaN when unpublished)."""
        if "papi_ranks" not in self.series:
            from .metrics import rank_provinces

            rows = []
            for y in _available_years_papi():
                if y > self.year:
                    continue
                loaded = {self.year: self.current.get("papi"), self.year - 1: self.previous.get("papi")}.get(y)
                ranked = rank_provinces(loaded if loaded is not None else load_papi(y))
                qn = ranked[ranked["unit_id"] == "prov-22"].iloc[0]
                rows.append({"year": y, "rank": float(qn["rank"]) if pd.notna(qn["rank"]) else float("nan"),
                             "value": float(qn["value"]), "n": int(qn["ranked_units"])})
            self.series["papi_ranks"] = pd.DataFrame(rows)
        return self.series["papi_ranks"]

    def has(self, index: str) -> bool:
        return index in self.current

    def all_tables(self) -> pd.DataFrame:
        """Every loaded table of the year and the year before, concatenated (the ledger's data)."""
        frames = [f for f in (*self.current.values(), *self.previous.values(), *self.series.values())
                  if len(f) and "index" in f.columns]
        return pd.concat(frames, ignore_index=True).drop_duplicates(
            ["index", "year", "unit_id", "component", "measure"])


def _available_years(index: str) -> list[int]:
    folder = raw_dir() / index
    years = []
    for p in folder.glob("*.*"):
        tail = p.stem.rsplit("_", 1)[-1]
        if p.suffix in (".csv", ".xlsx") and tail.isdigit():
            years.append(int(tail))
    return sorted(set(years))


def _available_years_papi() -> list[int]:
    return sorted(int(p.stem) for p in (raw_dir() / "papi").glob("*.csv") if p.stem.isdigit())


def _try(loader, year: int) -> pd.DataFrame | None:
    """A loaded table, or None when the year has no file; bad files still raise."""
    try:
        return loader(year)
    except TemplateNotFilled:
        return None
    except RawDataError as err:
        if len(err.problems) == 1 and err.problems[0].row is None and (
                "no " in err.problems[0].message and "data for" in err.problems[0].message
                or err.problems[0].message == "file not found"):
            return None
        raise


def load_year(year: int) -> YearData:
    """Load every index available for ``year`` (and ``year - 1``); record the ones that are missing.

    Cached on disk by the content of the raw files and the package (see ``qnindex.cache``).
    """
    from .cache import cached

    def compute() -> YearData:
        data = _load_year(year)
        data.papi_ranks()  # needed by the scorecard, the trajectories and the deck
        return data

    return cached(f"year-{year}", compute)


def _load_year(year: int) -> YearData:
    data = YearData(year)
    for index in NATIONAL_ORDER:
        if index == "papi":
            loader = load_papi
        else:
            loader = (lambda i: (lambda y: load_national(i, y)))(index)
        years = [y for y in _available_years(index) if y <= year]
        if year not in years:
            data.missing[index] = "no data for the year"
            continue
        current = _try(loader, year)
        if current is None:
            data.missing[index] = "template not filled in"
            continue
        data.current[index] = current
        previous = _try(loader, year - 1) if year - 1 in years else None
        if previous is not None:
            data.previous[index] = previous
        if index in NATIONAL:
            loaded = [t for t in (_try(loader, y) for y in years) if t is not None]
            data.series[index] = pd.concat(loaded, ignore_index=True)
    for index, loader in INTERNAL.items():
        table = _try(loader, year)
        if table is None:
            data.missing[index] = "no data for the year"
            continue
        data.current[index] = table
        prev = _try(loader, year - 1)
        if prev is not None:
            data.previous[index] = prev
    data.current["targets"] = targets_tidy(year)
    return data
