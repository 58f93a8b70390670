"""A survey of the province's units: respondents and the share satisfied per unit (the provincial SIPAS)."""
from __future__ import annotations

from pathlib import Path

from qnindex.analysis.metrics import survey_intervals, with_intervals
from qnindex.analysis.yeardata import YearData
from qnindex.core.paths import Outputs
from qnindex.data import registry
from qnindex.indices import survey
from qnindex.kinds.base import Kind, indices_of, save_chart, surveys, write_csv
from qnindex.render import charts, export
from qnindex.render.narrative import section_markdown
from qnindex.render.narrative.contexts import survey_context
from qnindex.render.narrative.contexts.shortcomings import all_rows, low_satisfaction


class UnitSurvey(Kind):
    """Units ranked by the share of their respondents satisfied, averaged by respondents, with a sampling interval
    each; what fell short in it is the units below the province's threshold."""

    name = "survey"
    weighted_by_respondents = True
    sections = {"survey": survey_context}
    charts = {"units": charts.unit_ranking}
    shortcomings = {"low_satisfaction": (low_satisfaction, all_rows)}

    def load(self, project, s, year, path):
        return survey.load_survey(s, year, path, project.shown(path), project.provenance(s.id))

    def template_columns(self, s, year, units):
        """The template's columns as the loader reads them: each one's first header, kind and bounds."""
        by_name = {c.name: c for c in survey.COLUMNS}
        columns = []
        for name in survey.TEMPLATE:
            c = by_name[name]
            kind = name if name in ("group", "unit") else "whole" if c.kind == "integer" else "number"
            column = {"header": c.label, "kind": kind}
            high = survey.BOUNDS.get(name, (None, None))[1]
            if high is not None:
                column["max"] = float(high)
            columns.append(column)
        return columns

    def template_rules(self, s, year, units):
        blocks = " / ".join(dict.fromkeys(registry.GROUP_NAMES["vi"][u.group] for u in units))
        return [f"Số phiếu là số nguyên lớn hơn 0. Khối: {blocks} (chọn trong danh sách)."]

    def write(self, data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
        """The survey's tidy table with intervals, its chart, paragraph and table of units per language."""
        written = []
        for index in indices_of(data, notebook):
            table, year, spec = data.current[index], data.year, data.spec(index)
            written += [write_csv(with_intervals(table, surveys(data), data.settings.intervals),
                                  out.processed / f"{index}_tidy.csv"),
                        write_csv(survey_intervals(table), out.processed / f"{index}_intervals.csv")]
            for lang in langs:
                for chart in spec.charts:
                    written += save_chart(data, self.draw(chart, data, index, lang), out.figures / f"{index}_{chart}_{lang}")
                paragraph = out.processed / f"{notebook}_paragraph_{lang}.md"
                paragraph.write_text(section_markdown(data, spec.narrative, lang), encoding="utf-8")
                units = export.survey_unit_table(table, lang)
                md = out.processed / f"{notebook}_units_{lang}.md"
                md.write_text(export.to_markdown(units, lang), encoding="utf-8")
                written += [paragraph, md, export.write_xlsx({f"{spec.sheet(lang)} {year}": units},
                                                             out.processed / f"{notebook}_units_{lang}.xlsx")]
        return written
