"""Everything a year's report needs, loaded once: each index's tidy table for the year and the year
before, the national series (for streaks), and what is missing and why."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qnindex.core.errors import MissingRawFile, TemplateNotFilled
from qnindex.data.registry import focus_ids
from qnindex.indices.kinds import kind_of, load
from qnindex.indices.files import years_with_files
from qnindex.indices.specs import SPECS, spec
from qnindex.indices.targets import targets_tidy


@dataclass
class YearData:
    """Tidy tables for one report year."""

    year: int
    current: dict[str, pd.DataFrame] = field(default_factory=dict)
    previous: dict[str, pd.DataFrame] = field(default_factory=dict)
    series: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    ended: dict[str, int] = field(default_factory=dict)  # index -> its last edition, for indices that ended
    averages: dict[str, pd.DataFrame] = field(default_factory=dict)  # national averages published (country rows)
    history: dict[str, pd.DataFrame] = field(default_factory=dict)  # the years to this one of the indices drawn
    # over the years that ``series`` does not hold (a panel, the own assessments): loaded once, drawn from here
    not_covered: list[str] = field(default_factory=list)  # own assessments of the project's province, not of the
    # province this pack is about (``qnindex report --province``): left out, and the narrative says so

    def papi_ranks(self) -> pd.DataFrame:
        """The focus province's PAPI rank per year up to this year, computed from the panel (NaN when unpublished)."""
        if "papi_ranks" not in self.series:
            from qnindex.analysis.metrics import rank_provinces

            rows = []
            panel = next((i for i in self.history if spec(i).panel), None)
            for y, table in (self.history[panel].groupby("year", sort=True) if panel else ()):
                ranked = rank_provinces(table)
                qn = ranked[ranked["unit_id"].isin(focus_ids())].iloc[0]
                rows.append({"year": int(y), "rank": float(qn["rank"]) if pd.notna(qn["rank"]) else float("nan"),
                             "value": float(qn["value"]), "n": int(qn["ranked_units"])})
            self.series["papi_ranks"] = pd.DataFrame(rows)
        return self.series["papi_ranks"]

    def has(self, index: str) -> bool:
        return index in self.current

    def all_tables(self) -> pd.DataFrame:
        """Every loaded table of the year and the year before, concatenated (the ledger's data)."""
        frames = [f for f in (*self.current.values(), *self.previous.values(), *self.series.values(),
                              *self.averages.values())
                  if len(f) and "index" in f.columns]
        return pd.concat(frames, ignore_index=True).drop_duplicates(
            ["index", "year", "unit_id", "component", "measure"])


def _try(index: str, year: int) -> pd.DataFrame | None:
    """A loaded table, or None when the year has no file or a blank template; bad files still raise."""
    try:
        return load(index, year)
    except (MissingRawFile, TemplateNotFilled):
        return None


def load_year(year: int) -> YearData:
    """Load every index available for ``year`` (and ``year - 1``); record the ones that are missing.

    Indices with no edition in ``year`` are skipped (those that ended are listed in ``ended``, not in
    ``missing``). Cached on disk by the content of the raw files and the package (``qnindex.core.cache``).
    """
    from qnindex.core.cache import cached
    from qnindex.core.settings import is_home, province
    from qnindex.core.text import ascii_fold

    def compute() -> YearData:
        data = _load_year(year)
        data.papi_ranks()  # needed by the scorecard, the trajectories and the deck
        return data

    about = "" if is_home() else "-" + "".join(c for c in ascii_fold(province()).lower() if c.isalnum())
    return cached(f"year-{year}{about}", compute)


def _load_year(year: int) -> YearData:
    from qnindex.core.settings import is_home

    data = YearData(year)
    home = is_home()
    for s in SPECS:
        if not s.exists_in(year):
            if s.ended_before(year):
                data.ended[s.id] = s.last_year
            continue
        if not s.national and not home:  # data/raw holds the project's own province's assessments, not this one's
            data.not_covered.append(s.id)
            continue
        years = [y for y in years_with_files(s.id) if y <= year] if kind_of(s).keeps_series else []
        current = _try(s.id, year)
        if current is None:
            data.missing[s.id] = "no data for the year"
            continue
        data.current[s.id] = current
        average = kind_of(s).published_average(s, year)
        if average is not None:
            data.averages[s.id] = average
        previous = _try(s.id, year - 1)
        if previous is not None:
            data.previous[s.id] = previous
        if kind_of(s).keeps_series:
            loaded = [t for t in (_try(s.id, y) for y in years) if t is not None]
            data.series[s.id] = pd.concat(loaded, ignore_index=True)
    for s in SPECS:  # the years drawn over time: a panel, every own assessment of the province
        if s.panel or (not s.national and home):
            history = _history(s.id, year, tolerant=not s.national)
            if history is not None:
                data.history[s.id] = history
    data.current["targets"] = targets_tidy(year)
    return data


def _history(index: str, year: int, tolerant: bool) -> pd.DataFrame | None:
    """Every year of ``index`` to ``year`` in one tidy table (None without any). ``tolerant``: a year whose file
    cannot be read is left out of the history (it is reported where that year is built), not fatal here."""
    from qnindex.core.errors import RawDataError

    tables = []
    for y in [y for y in years_with_files(index) if y <= year]:
        try:
            tables.append(load(index, y))
        except (MissingRawFile, TemplateNotFilled):
            continue
        except RawDataError:
            if not tolerant:
                raise
    return pd.concat(tables, ignore_index=True) if tables else None
