"""A panel of the provinces scored on dimensions and sub-dimensions, published as a data file (PAPI): no template;
the province's rank is computed from the scores; drawn and stated dimension by dimension."""
from __future__ import annotations

from pathlib import Path

from qnindex.analysis.metrics import national_summary
from qnindex.analysis.yeardata import YearData
from qnindex.core.paths import Outputs
from qnindex.indices import panel
from qnindex.kinds.base import Kind, indices_of, save_chart, write_csv
from qnindex.render import charts
from qnindex.render.narrative.contexts import panel_context
from qnindex.render.narrative.contexts.shortcomings import focus_dimensions, weakest_dimension


class Panel(Kind):
    """Provinces scored on dimensions: ranked from the scores, drawn by dimension this year, on maps and over the
    years; what fell short in it is the province's weakest dimension."""

    name = "panel"
    national = True
    dimensions = True
    has_template = False
    ranks_from_panel = True
    sections = {"panel": panel_context}
    shortcomings = {"weakest_dimension": (weakest_dimension, focus_dimensions)}

    def load(self, project, s, year, path):
        return panel.load_panel(s, year, path, project.shown(path), project.raw / s.folder)

    def side_files(self, project, s):
        return super().side_files(project, s) + sorted((project.raw / s.folder / "codebook").glob("*.csv"))

    def write(self, data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
        """The panel's tidy table and national summary, the province by dimension (this year and over the years),
        the ranking and the maps of the provinces."""
        written = []
        for index in indices_of(data, notebook):
            table = data.current[index]
            written += [write_csv(table, out.processed / f"{index}_tidy.csv"),
                        write_csv(national_summary(table), out.processed / f"{index}_national_summary.csv")]
            for lang in langs:
                written += save_chart(data, charts.panel_dimensions(data, index, lang),
                                      out.figures / f"{index}_dimensions_{lang}")
                written += save_chart(data, charts.province_ranking(data, index, lang),
                                      out.figures / f"{index}_ranking_{lang}")
                written += save_chart(data, charts.province_map(data, index, lang), out.figures / f"{index}_map_{lang}")
                written += save_chart(data, charts.dimension_maps(data, index, lang),
                                      out.figures / f"{index}_dimension_maps_{lang}")
                trends = charts.dimension_trends(data, index, lang)  # None before three years
                if trends is not None:
                    written += save_chart(data, trends, out.figures / f"{index}_dimension_trends_{lang}")
        return written
