"""A national ranking: a producer's table of the provinces, with a score and a rank each (PAR INDEX, SIPAS, the ICT
Index, PCI, DTI)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.analysis.yeardata import YearData
from qnindex.core.paths import Outputs
from qnindex.indices import national
from qnindex.kinds.base import Kind, number_text, points, save_chart, write_csv
from qnindex.render import charts
from qnindex.render.narrative.contexts import national_context



class NationalRanking(Kind):
    """A ministry's table of the provinces: its indices are drawn on the scorecard and the rank trajectories, and
    as a ranking and a map of the provinces when the table holds the country."""

    name = "national"
    national = True
    keeps_series = True
    sections = {"national": national_context}

    def load(self, project, s, year, path):
        return national.load_national(s, year, path, project.shown(path))

    def published_average(self, project, s, year):
        path = project.raw / s.folder / national.AVERAGE_FILE
        average = national.load_national_average(s, year, path, project.shown(path))
        return average if len(average) else None

    def template_columns(self, s, year, units):
        column = {c.name: c for c in national.columns(s)}  # the loader's columns: the template writes their headers
        score = column["score"].label + (" (%)" if s.value_kind == "pct" else
                                         f" (tối đa {number_text(s.max_value)})" if s.max_value is not None else "")
        return ([{"header": column["province"].label, "kind": "unit"},
                 {"header": score, "kind": "number", "max": s.max_value},
                 {"header": column["rank"].label, "kind": "whole", "max": float(len(units))}]
                + [points(c.label_vi, c.max_value) for c in s.components]
                + [{"header": column["source_url"].label, "kind": "text"}])

    def template_rules(self, s, year, units):
        return ["Chỉ cần điền các tỉnh có số liệu đã công bố; các dòng khác để trống. Thứ hạng là số nguyên "
                f"từ 1 đến {len(units)}; tỉnh điểm cao hơn không thể xếp hạng thấp hơn. Ghi đường dẫn nguồn công bố."]

    def write(self, data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
        """The national rankings' tidy table, the scorecard, rank trajectories and scores over the years, and each
        ranking of the provinces and its map where the table holds the country."""
        tables = data.specs.ministry_tables()
        found = [data.current[i] for i in tables if data.has(i)]
        written = [write_csv(pd.concat(found, ignore_index=True), out.processed / "national_tidy.csv")] if found else []
        for lang in langs:
            written += save_chart(data, charts.scorecard(data, lang), out.figures / f"scorecard_{lang}")
            written += save_chart(data, charts.rank_trajectories(data, lang), out.figures / f"rank_trajectories_{lang}")
            written += save_chart(data, charts.score_trends(data, lang), out.figures / f"score_trends_{lang}")
            for index in tables:
                if data.covers_the_country(index):
                    written += save_chart(data, charts.province_ranking(data, index, lang),
                                          out.figures / f"{index}_ranking_{lang}")
                    written += save_chart(data, charts.province_map(data, index, lang),
                                          out.figures / f"{index}_map_{lang}")
        return written
