"""Everything a year's report needs, loaded once: each index's tidy table for the year and the year before, the
national series (for streaks), and what is missing and why — with the project they were loaded from, so that one
object carries the year down the pipeline (its settings, its indices, the province it is about)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from qnindex.core.errors import MissingRawFile, TemplateNotFilled
from qnindex.core.paths import slug
from qnindex.analysis.metrics import covers_the_country
from qnindex.core.settings import Settings
from qnindex.data.registry import Focus
from qnindex.indices.files import years_with_files
from qnindex.data.schema import validate_tidy
from qnindex.indices.tables import read
from qnindex.indices.project import Project
from qnindex.indices.specs import Catalogue, IndexSpec


@dataclass
class YearData:
    """Tidy tables for one report year, and the project they come from (not stored in the disk cache: a cached year
    is given the project that reads it)."""

    year: int
    project: Project | None = field(default=None, compare=False, repr=False)
    current: dict[str, pd.DataFrame] = field(default_factory=dict)
    previous: dict[str, pd.DataFrame] = field(default_factory=dict)
    series: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    ended: dict[str, int] = field(default_factory=dict)  # index -> its last edition, for indices that ended
    averages: dict[str, pd.DataFrame] = field(default_factory=dict)  # national averages published (country rows)
    history: dict[str, pd.DataFrame] = field(default_factory=dict)  # the years to this one of the indices drawn
    # over the years that ``series`` does not hold (a panel, the own assessments): loaded once, drawn from here
    panels: dict[str, pd.DataFrame] = field(default_factory=dict)  # a panel's ranks of the province, per year
    not_covered: list[str] = field(default_factory=list)  # own assessments of the project's province, not of the
    # province this pack is about (``qnindex report --province``): left out, and the narrative says so

    def __getstate__(self) -> dict:
        return {k: v for k, v in {**self.__dict__, "project": None}.items() if k != "_memo"}

    def memo(self, key: tuple, compute):
        """``compute()`` once for this year's data: what several charts, sentences and both languages state (a focus
        summary, a table's ranks) is computed once. The tables are not changed once loaded; ``with_table`` makes
        another year, with nothing remembered. Callers do not change what they get."""
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    # ------------------------------------------------------------------ what the year was loaded with
    @property
    def settings(self) -> Settings:
        return self.project.settings

    @property
    def specs(self) -> Catalogue:
        """The project's indices as this year names them (a centrally-run city's own assessments: 'thành phố')."""
        return self.memo(("specs",), lambda: self.project.specs_in(self.year))

    @property
    def focus(self) -> Focus:
        """The province the pack is about."""
        return self.project.focus

    def spec(self, index: str) -> IndexSpec:
        return self.specs.get(index)

    def with_settings(self, **changes) -> "YearData":
        """The same tables under other settings (``data.with_settings(dpi=60)``: a quick draft of the charts)."""
        project = replace(self.project, settings=self.project.settings.but(**changes))
        return replace(self, project=project)

    def with_table(self, index: str, table: pd.DataFrame, previous: pd.DataFrame | None = None) -> "YearData":
        """The same year with ``table`` as this year's table of ``index`` (and ``previous`` as last year's, if
        given): to draw or state a table changed by hand."""
        return replace(self, current={**self.current, index: table},
                       previous=self.previous if previous is None else {**self.previous, index: previous})

    # ------------------------------------------------------------------ the tables
    def panel_ranks(self, index: str) -> pd.DataFrame:
        """The focus province's rank per year in the panel ``index`` up to this year, computed from its scores (NaN
        when unpublished); computed with the year's tables (``load_year``)."""
        if index not in self.panels:
            from qnindex.analysis.metrics import rank_provinces

            rows = []
            for y, table in (self.history[index].groupby("year", sort=True) if index in self.history else ()):
                ranked = rank_provinces(table)
                qn = ranked[ranked["unit_id"].isin(self.focus.ids)].iloc[0]
                rows.append({"year": int(y), "rank": float(qn["rank"]) if pd.notna(qn["rank"]) else float("nan"),
                             "value": float(qn["value"]), "n": int(qn["ranked_units"])})
            self.panels[index] = pd.DataFrame(rows)
        return self.panels[index]

    def has(self, index: str) -> bool:
        return index in self.current

    def covers_the_country(self, index: str) -> bool:
        """Whether this year's table of national ``index`` names (nearly) every province of the year."""
        return self.has(index) and bool(covers_the_country(self.current[index]["unit_id"].nunique(), self.year))

    def ranks(self, index: str, component: str = "total", previous: bool = False) -> pd.Series:
        """Competition ranks of the provinces with a value of ``component`` in this year's (or last year's) table of
        ``index``, by unit id (NaN: no value)."""
        def compute() -> pd.Series:
            from qnindex.analysis.metrics import rank_provinces

            table = (self.previous if previous else self.current)[index]
            return rank_provinces(table, component).set_index("unit_id")["rank"]
        return self.memo(("ranks", index, component, previous), compute)

    def fingerprint(self) -> str:
        """A digest of the year's content — every table, what is missing and why, the province it is about — with
        which a value computed from the year (its narrative) is stored and found again: a table changed by hand is
        another year."""
        import hashlib
        import pickle

        digest = hashlib.sha256(repr((self.year, sorted(self.missing.items()), sorted(self.ended.items()),
                                      self.not_covered, sorted(self.focus.ids))).encode())
        for part in ("current", "previous", "series", "averages", "history"):  # (equal bytes: equal tables)
            digest.update(pickle.dumps(sorted(getattr(self, part).items()), protocol=pickle.HIGHEST_PROTOCOL))
        return digest.hexdigest()

    def all_tables(self) -> pd.DataFrame:
        """Every loaded table of the year and the year before, concatenated (the ledger's data)."""
        frames = [f for f in (*self.current.values(), *self.previous.values(), *self.series.values(),
                              *self.averages.values())
                  if len(f) and "index" in f.columns]
        return pd.concat(frames, ignore_index=True).drop_duplicates(
            ["index", "year", "unit_id", "component", "measure"])


def _try(project: Project, index: str, year: int) -> pd.DataFrame | None:
    """A table read for the year (checked with the year's others, ``_load_year``), or None when the year has no file
    or a blank template; bad files still raise."""
    try:
        return read(index, year, project)
    except (MissingRawFile, TemplateNotFilled):
        return None


def load_year(year: int, project: Project) -> YearData:
    """Load every index of ``project`` available for ``year`` (and ``year - 1``); record the ones that are missing.

    Indices with no edition in ``year`` are skipped (those that ended are listed in ``ended``, not in
    ``missing``). Cached on disk by the content of the raw files and the package (``Project.cache``).
    """
    def compute() -> YearData:
        data = _load_year(year, project)
        for s in project.specs:  # a panel's ranks of the province over the years (the trajectories draw them)
            if s.panel and s.id in data.history:
                data.panel_ranks(s.id)
        return data

    about = "" if project.is_home else "-" + slug(project.province).replace("-", "")
    data = project.cache.value(f"year-{year}{about}", project.raw, compute)
    data.project = project
    return data


def _load_year(year: int, project: Project) -> YearData:
    data = YearData(year, project)
    home = project.is_home
    for s in project.specs:
        if not s.exists_in(year):
            if s.ended_before(year):
                data.ended[s.id] = s.last_year
            continue
        if not s.national and not home:  # data/raw holds the project's own province's assessments, not this one's
            data.not_covered.append(s.id)
            continue
        years = [y for y in years_with_files(project, s.id) if y <= year] if s.kind.keeps_series else []
        current = _try(project, s.id, year)
        if current is None:
            data.missing[s.id] = "no data for the year"
            continue
        data.current[s.id] = current
        average = s.kind.published_average(project, s, year)
        if average is not None:
            data.averages[s.id] = average
        previous = _try(project, s.id, year - 1)
        if previous is not None:
            data.previous[s.id] = previous
        if s.kind.keeps_series:
            loaded = [t for t in (_try(project, s.id, y) for y in years) if t is not None]
            data.series[s.id] = pd.concat(loaded, ignore_index=True)
    for s in project.specs:  # the years drawn over time: a panel, every own assessment of the province
        if s.panel or (not s.national and home):
            history = _history(project, s.id, year, tolerant=not s.national)
            if history is not None:
                data.history[s.id] = history
    data.current["targets"] = project.targets.tidy(year)
    # each file's table once (this year's is in the series too); a published national average is a table of its own
    tables = {(part is data.averages, t["index"].iloc[0], int(t["year"].iloc[0])): t
              for part in (data.current, data.previous, data.averages, data.series, data.history)
              for table in part.values() for t in _by_year(table)}
    validate_tidy(*tables.values())  # every table read, once, in one pass of the schema
    return data


def _by_year(table: pd.DataFrame) -> list[pd.DataFrame]:
    """A tidy table's rows of each index and year (a series or a history holds many years)."""
    if table.empty:
        return []
    if table["year"].nunique() == 1 and table["index"].nunique() == 1:
        return [table]
    return [t for _, t in table.groupby(["index", "year"], sort=True)]


def _history(project: Project, index: str, year: int, tolerant: bool) -> pd.DataFrame | None:
    """Every year of ``index`` to ``year`` in one tidy table (None without any). ``tolerant``: a year whose file
    cannot be read is left out of the history (it is reported where that year is built), not fatal here."""
    from qnindex.core.errors import RawDataError

    tables = []
    for y in [y for y in years_with_files(project, index) if y <= year]:
        try:
            tables.append(read(index, y, project))
        except (MissingRawFile, TemplateNotFilled):
            continue
        except RawDataError:
            if not tolerant:
                raise
    return pd.concat(tables, ignore_index=True) if tables else None
