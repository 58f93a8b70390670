"""The kinds of index, as types: what every index of one kind shares — how it is loaded, which side files its
validation reads, the template officials fill for it and that template's rules, and how the province's standing is
read from it (averages follow one rule for every kind: ``qnindex.data.averages``). An index is a spec (data:
``qnindex.indices.specs``) of one kind; adding an index of an existing kind touches its spec and data only.

    load("dgi", 2019, project)   # the validated tidy table of the year, read and validated once per file content
    kind_of(project.spec("dgi")).template_columns(project.spec("dgi"), 2019, units)

The specs are data and import no loader; the loaders import the specs; this module sits above both, so there is no
circle of imports inside ``indices`` (tests/test_architecture.py checks it).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.data import registry
from qnindex.data.schema import validate_tidy
from qnindex.data.provenance import PROVENANCE_FILE
from qnindex.indices import national, panel, provincial, survey
from qnindex.indices.files import raw_file
from qnindex.indices.project import Project
from qnindex.indices.specs import IndexSpec


def number_text(v: float) -> str:
    """A bound as a template writes it (100; 0,5)."""
    return f"{v:g}".replace(".", ",")


def _points(label: str, maximum: float) -> dict:
    return {"header": f"{label} (tối đa {number_text(maximum)})", "kind": "number", "max": maximum}


class Kind:
    """What the indices of one kind share. Subclasses set the flags and override what differs."""

    name = ""
    has_template = True        # officials fill a template of it each year (``qnindex new-year``)
    keeps_series = False       # its whole series is loaded with a year (streaks of ranks)
    ranks_from_panel = False   # the province's rank is computed from the panel's scores, not read from a table
    average_on_record_only = False  # its units' average is stated only when published (PROVENANCE.yml)

    def load(self, project: Project, s: IndexSpec, year: int, path: Path) -> pd.DataFrame:
        raise NotImplementedError

    def side_files(self, project: Project, s: IndexSpec) -> list[Path]:
        """Files besides the year's table whose content its validation reads (a changed one reloads the year)."""
        return [project.raw / s.folder / PROVENANCE_FILE]

    def published_average(self, project: Project, s: IndexSpec, year: int) -> pd.DataFrame | None:
        """The national average its producer published for ``year``, as tidy rows (None: the kind has none)."""
        return None

    def template_units(self, project: Project, s: IndexSpec, year: int) -> list[registry.Unit]:
        """The units a template lists for ``year`` (the groups assessed that year: communes from 1/7/2025)."""
        return [u for g in s.groups_in(year) for u in registry.units_in(g, year)]

    def template_columns(self, s: IndexSpec, year: int, units: list) -> list[dict]:
        """The template's columns between 'Năm' and 'Nguồn'/'Ghi chú': header, kind, bounds."""
        raise NotImplementedError

    def template_rules(self, s: IndexSpec, year: int, units: list) -> list[str]:
        """The rules of this kind's template, in Vietnamese, as the validator enforces them."""
        return []


class NationalRanking(Kind):
    """A ministry's table of the provinces, with a score and a rank each (PAR INDEX, SIPAS, the ICT Index, PCI ...)."""

    name = "national"
    keeps_series = True

    def load(self, project, s, year, path):
        return national.load_national(s, year, path, project.shown(path))

    def published_average(self, project, s, year):
        path = project.raw / s.folder / national.AVERAGE_FILE
        average = national.load_national_average(s, year, path, project.shown(path))
        return average if len(average) else None

    def template_columns(self, s, year, units):
        score = "Điểm" + (" (%)" if s.value_kind == "pct" else
                          f" (tối đa {number_text(s.max_value)})" if s.max_value is not None else "")
        return ([{"header": "Tỉnh, thành phố", "kind": "unit"},
                 {"header": score, "kind": "number", "max": s.max_value},
                 {"header": "Xếp hạng", "kind": "whole", "max": float(len(units))}]
                + [_points(c.label_vi, c.max_value) for c in s.components]
                + [{"header": "Đường dẫn", "kind": "text"}])

    def template_rules(self, s, year, units):
        return ["Chỉ cần điền các tỉnh có số liệu đã công bố; các dòng khác để trống. Thứ hạng là số nguyên "
                f"từ 1 đến {len(units)}; tỉnh điểm cao hơn không thể xếp hạng thấp hơn. Ghi đường dẫn nguồn công bố."]


class Panel(Kind):
    """A panel of the provinces scored on dimensions and sub-dimensions, published as a data file (PAPI): no template;
    the province's rank is computed from the scores."""

    name = "panel"
    has_template = False
    ranks_from_panel = True

    def load(self, project, s, year, path):
        return panel.load_panel(s, year, path, project.shown(path), project.raw / s.folder)

    def side_files(self, project, s):
        return super().side_files(project, s) + sorted((project.raw / s.folder / "codebook").glob("*.csv"))


class UnitSurvey(Kind):
    """A survey of the province's units: respondents and the share satisfied per unit (the provincial SIPAS)."""

    name = "survey"

    def load(self, project, s, year, path):
        return survey.load_survey(s, year, path, project.shown(path), project.provenance(s.id))

    def template_columns(self, s, year, units):
        return [{"header": "Khối", "kind": "group"}, {"header": "Đơn vị", "kind": "unit"},
                {"header": "Số phiếu", "kind": "whole"},
                {"header": "Tỷ lệ hài lòng (%)", "kind": "number", "max": 100.0}]

    def template_rules(self, s, year, units):
        blocks = " / ".join(dict.fromkeys(registry.GROUP_NAMES["vi"][u.group] for u in units))
        return [f"Số phiếu là số nguyên lớn hơn 0. Khối: {blocks} (chọn trong danh sách)."]


class UnitAssessment(Kind):
    """The province's assessment of its units, a total with or without components (the provincial PAR index, DDCI,
    the units' DTI, e-government, DGI); at the province's level, its own single figure (the online rate)."""

    name = "units"
    average_on_record_only = True

    def load(self, project, s, year, path):
        return provincial.load_unit_index(s, year, path, project.shown(path), project.provenance(s.id))

    def template_units(self, project, s, year):
        units = super().template_units(project, s, year)
        if s.groups == ("province",):  # the province's own figure, not the country's
            units = [u for u in units if u.unit_id in project.focus]
        return units

    def template_columns(self, s, year, units):
        cols = [{"header": "Đơn vị", "kind": "unit"}]
        if len(s.groups_in(year)) > 1:
            cols += [{"header": "Khối", "kind": "group"}]
        cols += [_points(c.label_vi, c.max_value) for c in s.components]
        if s.components:
            return cols + [_points("Tổng điểm", s.max_value)]
        return cols + [{"header": "Tỷ lệ (%)", "kind": "number", "max": 100.0} if s.measure == "rate" else
                       _points("Điểm", s.max_value)]

    def template_rules(self, s, year, units):
        if not s.components:
            return []
        rule = "tổng các điểm thành phần" if s.total_rule == "sum" else "trung bình cộng các điểm thành phần"
        return [f"Tổng điểm bằng {rule}. Có thể để trống tổng điểm: chương trình sẽ tự tính. Nếu ghi, "
                "tổng điểm được đối chiếu với sai lệch cho phép theo số chữ số thập phân đã ghi (ví dụ ghi 83,9 "
                "được phép lệch đến 0,05; ghi số nguyên thì phải khớp đúng)."]


KIND_TYPES = {k.name: k() for k in (NationalRanking, Panel, UnitSurvey, UnitAssessment)}


def kind_of(s: IndexSpec) -> Kind:
    """The kind of the index ``s`` (its spec's ``kind``)."""
    return KIND_TYPES[s.kind]


def load(index: str | IndexSpec, year: int, project: Project, path: Path | str | None = None) -> pd.DataFrame:
    """The validated tidy table of ``index`` for ``year`` in ``project`` (from ``path`` when given, else its raw
    folder), read and checked once per file content (``Project.cache``)."""
    table = read(index, year, project, path)
    validate_tidy(table)
    return table


def read(index: str | IndexSpec, year: int, project: Project, path: Path | str | None = None) -> pd.DataFrame:
    """``load`` without the tidy schema's final check, for a caller that checks many tables at once
    (``validate_tidy``): the raw file's own checks are made (and their problems raised) all the same."""
    s = index if isinstance(index, IndexSpec) else project.spec(index)
    kind = kind_of(s)
    path = Path(path) if path else raw_file(project, s.id, year)
    return project.cache.file(f"{s.id}-{year}", [path, *kind.side_files(project, s)],
                              lambda: kind.load(project, s, year, path))
