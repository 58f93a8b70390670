"""The province's assessment of its units, a total with or without components (the provincial PAR index, DDCI, the
units' DTI, e-government, DGI); at the province's level, its own single figure (the online rate)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.analysis.yeardata import YearData
from qnindex.core.paths import Outputs
from qnindex.indices import provincial
from qnindex.kinds.base import Kind, indices_of, points, save_chart, write_csv
from qnindex.render import charts
from qnindex.render.narrative.contexts import components_context, levels_context, units_context
from qnindex.render.narrative.contexts.shortcomings import all_rows, below_tier, target_missed


def _units(data: YearData, index: str, lang: str) -> dict | None:
    """The kind's own section: every assessment of units with data this year (none without)."""
    return units_context(data, index, lang) if data.has(index) else None


class UnitAssessment(Kind):
    """Units scored on a total (and its components): stated by block against last year, drawn as the chart its
    spec names, tiered by the province's targets; what fell short is the units below a tier, or a rate below its
    target."""

    name = "units"
    average_on_record_only = True
    # the section's shape: any assessment of units; components by unit (a heat map's section); the levels of one
    # assessment stated together (departments, districts, communes and the province's own rate)
    sections = {"units": _units, "components": components_context, "levels": levels_context}
    charts = {"components": charts.components_chart, "criteria": charts.criteria_shares,
              "points": charts.points_against_maximum, "distribution": charts.points_distribution,
              "trend": charts.rate_trend}
    shortcomings = {"below_tier": (below_tier, all_rows), "target_missed": (target_missed, all_rows)}

    def load(self, project, s, year, path):
        return provincial.load_unit_index(s, year, path, project.shown(path), project.provenance(s.id))

    def template_units(self, project, s, year):
        units = super().template_units(project, s, year)
        if s.groups == ("province",):  # the province's own figure, not the country's
            units = [u for u in units if u.unit_id in project.focus]
        return units

    def template_columns(self, s, year, units):
        column = {c.name: c for c in provincial.columns(s)}  # the loader's columns: the template writes their headers
        cols = [{"header": column["unit"].label, "kind": "unit"}]
        if len(s.groups_in(year)) > 1:
            cols += [{"header": column["group"].label, "kind": "group"}]
        cols += [points(c.label_vi, c.max_value) for c in s.components]
        total = column["total"]
        if s.components:
            return cols + [points(total.label, s.max_value)]
        return cols + [{"header": total.written("tỷ lệ") + " (%)", "kind": "number", "max": 100.0}
                       if s.measure == "rate" else points(total.written("điểm"), s.max_value)]

    def template_rules(self, s, year, units):
        if not s.components:
            return []
        rule = "tổng các điểm thành phần" if s.total_rule == "sum" else "trung bình cộng các điểm thành phần"
        return [f"Tổng điểm bằng {rule}. Có thể để trống tổng điểm: chương trình sẽ tự tính. Nếu ghi, "
                "tổng điểm được đối chiếu với sai lệch cho phép theo số chữ số thập phân đã ghi (ví dụ ghi 83,9 "
                "được phép lệch đến 0,05; ghi số nguyên thì phải khớp đúng)."]

    def write(self, data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
        """One tidy table of the notebook's indices, and each index's charts per language (drawn with last year's
        table)."""
        indices = indices_of(data, notebook)
        if not indices:
            return []
        written = [write_csv(pd.concat([data.current[i] for i in indices], ignore_index=True),
                             out.processed / f"{notebook}_tidy.csv")]
        for lang in langs:
            for index in indices:
                for chart in data.spec(index).charts:
                    written += save_chart(data, self.draw(chart, data, index, lang), out.figures / f"{index}_{chart}_{lang}")
        return written
