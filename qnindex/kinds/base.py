"""What every kind of index is: one type that owns an index's whole path. A kind reads and validates its indices'
raw files, writes the template officials fill for them and its rules, says which of its flags the pipeline asks
(national ranking, panel of dimensions, survey weighted by respondents), states their section of the narrative, draws
their charts, writes their files and finds what fell short in them. An index is a spec (``data/raw/<id>/index.yml``)
of one kind; adding an index of an existing kind touches its folder only.

The kinds sit above the steps they compose (loaders, metrics, charts, sections, exports): the steps below receive an
index's kind with its spec (``spec.kind``) and ask it, and none imports this package (tests/test_architecture.py).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from qnindex.analysis.yeardata import YearData
from qnindex.core.paths import Outputs
from qnindex.data import registry
from qnindex.data.provenance import PROVENANCE_FILE
from qnindex.indices.project import Project
from qnindex.indices.specs import IndexSpec
from qnindex.render import charts, export

Context = Callable[[YearData, str, str], dict]
Draw = Callable[[YearData, str, str], object]
Rule = tuple[Callable[[YearData, str, str], "dict | None"], Callable[[YearData, str], pd.DataFrame]]


def number_text(v: float) -> str:
    """A bound as a template writes it (100; 0,5)."""
    return f"{v:g}".replace(".", ",")


def points(label: str, maximum: float) -> dict:
    """A template column of points out of ``maximum``."""
    return {"header": f"{label} (tối đa {number_text(maximum)})", "kind": "number", "max": maximum}


class Kind:
    """What the indices of one kind share. A kind sets its flags, the section shapes, charts and shortcoming rules it
    offers, and overrides what it reads, fills and writes."""

    name = ""
    national = False           # its indices rank the country's provinces
    dimensions = False         # a panel of dimensions: drawn and stated dimension by dimension
    weighted_by_respondents = False  # its units' averages weigh each unit by its respondents
    has_template = True        # officials fill a template of it each year (``qnindex new-year``)
    keeps_series = False       # its whole series is loaded with a year (streaks of ranks)
    ranks_from_panel = False   # the province's rank is computed from the scores, not read from a table
    average_on_record_only = False  # its units' average is stated only when published (PROVENANCE.yml)
    sections: dict[str, Context] = {}  # the section shapes it states (a spec's ``section``; the first by default)
    charts: dict[str, Draw] = {}       # the charts of one of its indices a spec may name (``charts``)
    shortcomings: dict[str, Rule] = {}  # the rules that find what fell short in it (a spec's ``shortcoming``)

    def __repr__(self) -> str:
        return f"<kind {self.name}>"

    def __eq__(self, other: object) -> bool:
        return getattr(other, "name", None) == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    # ------------------------------------------------------------------ reading
    def load(self, project: Project, s: IndexSpec, year: int, path: Path) -> pd.DataFrame:
        raise NotImplementedError

    def side_files(self, project: Project, s: IndexSpec) -> list[Path]:
        """Files besides the year's table whose content its validation reads (a changed one reloads the year)."""
        return [project.raw / s.folder / PROVENANCE_FILE]

    def published_average(self, project: Project, s: IndexSpec, year: int) -> pd.DataFrame | None:
        """The national average its producer published for ``year``, as tidy rows (None: the kind has none)."""
        return None

    # ------------------------------------------------------------------ the template officials fill
    def template_units(self, project: Project, s: IndexSpec, year: int) -> list[registry.Unit]:
        """The units a template lists for ``year`` (the groups assessed that year: communes from 1/7/2025)."""
        return [u for g in s.groups_in(year) for u in registry.units_in(g, year)]

    def template_columns(self, s: IndexSpec, year: int, units: list) -> list[dict]:
        """The template's columns between 'Năm' and 'Nguồn'/'Ghi chú': header, kind, bounds."""
        raise NotImplementedError

    def template_rules(self, s: IndexSpec, year: int, units: list) -> list[str]:
        """The rules of this kind's template, in Vietnamese, as the validator enforces them."""
        return []

    # ------------------------------------------------------------------ the narrative
    def shape(self, s: IndexSpec) -> str:
        """The shape of the index's section: the spec's ``section``, else the kind's own (its first)."""
        return s.section or next(iter(self.sections))

    def section(self, data: YearData, s: IndexSpec, lang: str) -> dict | None:
        """What the index's section states in ``data.year`` (None: it has no section this year)."""
        return self.sections[self.shape(s)](data, s.id, lang)

    def templates(self, s: IndexSpec) -> list[str]:
        """The templates its section is written with, the first found: the index's own (``<narrative>.md.j2``),
        its section's shape's, its kind's."""
        return list(dict.fromkeys(n for n in (s.narrative, self.shape(s), self.name) if n))

    # ------------------------------------------------------------------ charts and files
    def draw(self, chart: str, data: YearData, index: str, lang: str):
        """The chart ``chart`` of ``index`` in ``data.year`` (None when the year cannot show it)."""
        return self.charts[chart](data, index, lang)

    def write(self, data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
        """Every file of a notebook's step of the pack for the indices of this kind it shows."""
        raise NotImplementedError


# ---------------------------------------------------------------------- what the writers share

def write_csv(table: pd.DataFrame, path: Path) -> Path:
    return export.write_csv(table, path)


def save_chart(data: YearData, figure, stem: Path) -> list[Path]:
    return charts.save_for(data, figure, stem)


def indices_of(data: YearData, notebook: str) -> list[str]:
    """The indices a notebook shows that have data this year, in the specs' order."""
    return [s.id for s in data.specs if s.notebook == notebook and data.has(s.id)]


def surveys(data: YearData) -> set[str]:
    """The indices whose rates carry a sampling interval (surveys weighted by their respondents)."""
    return {s.id for s in data.specs if s.weighted_by_respondents}
