"""The outputs of a year's pack, one function per notebook, so that a notebook is a few calls and the same pack can
be built in one process without notebooks (``build_in_process``, used by the benchmarks). Every writer receives the
year (``YearData``: its tables, its project and settings) and the folders to write to.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.analysis.ledger import verify
from qnindex.analysis.metrics import national_summary, survey_intervals, with_intervals
from qnindex.analysis.yeardata import YearData, load_year
from qnindex.core.messages import text
from qnindex.core.paths import Outputs
from qnindex.data import registry
from qnindex.indices.kinds import NationalRanking, Panel, UnitAssessment, UnitSurvey, kind_of
from qnindex.indices.project import Project
from qnindex.render import charts, deck, export, narrative, pages
from qnindex.render.narrative import Narrative, section_markdown
from qnindex.render.tables import table_sources, year_tables


def _csv(table: pd.DataFrame, path: Path) -> Path:
    return export.write_csv(table, path)


def _chart(data: YearData, figure, stem: Path) -> list[Path]:
    return charts.save_for(data, figure, stem)


def _surveys(data: YearData) -> set[str]:
    """The indices whose rates carry a sampling interval (surveys weighted by their respondents)."""
    return {s.id for s in data.specs if s.weighted_by_respondents}


def write_survey(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """A survey of the province's units (the provincial SIPAS): tidy table with intervals, chart, paragraph and unit
    tables per language."""
    written = []
    for index in indices_of(data, notebook):
        survey, year, spec = data.current[index], data.year, data.spec(index)
        written += [_csv(with_intervals(survey, _surveys(data), data.settings.intervals),
                         out.processed / f"{index}_tidy.csv"),
                    _csv(survey_intervals(survey), out.processed / f"{index}_intervals.csv")]
        for lang in langs:
            for chart in spec.charts:
                written += _chart(data, charts.draw_units(chart, data, index, lang), out.figures / f"{chart}_{lang}")
            paragraph = out.processed / f"{notebook}_paragraph_{lang}.md"
            paragraph.write_text(section_markdown(data, spec.narrative, lang), encoding="utf-8")
            table = export.sipas_unit_table(survey, lang)
            md = out.processed / f"{notebook}_units_{lang}.md"
            md.write_text(export.to_markdown(table, lang), encoding="utf-8")
            written += [paragraph, md, export.write_xlsx({f"{spec.sheet(lang)} {year}": table},
                                                         out.processed / f"{notebook}_units_{lang}.xlsx")]
    return written


def write_national(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """The national indices: tidy table, scorecard, rank trajectories, and rankings where a full table exists."""
    national = data.specs.ministry_tables()
    tables = [data.current[i] for i in national if data.has(i)]
    written = [_csv(pd.concat(tables, ignore_index=True), out.processed / "national_tidy.csv")] if tables else []
    for lang in langs:
        written += _chart(data, charts.scorecard(data, lang), out.figures / f"scorecard_{lang}")
        written += _chart(data, charts.rank_trajectories(data, lang), out.figures / f"rank_trajectories_{lang}")
        written += _chart(data, charts.score_trends(data, lang), out.figures / f"score_trends_{lang}")
        for index in national:
            provinces = len(registry.units_in("province", data.year))  # 63 to 2024, 34 from 2025
            if data.has(index) and data.current[index]["unit_id"].nunique() >= 0.95 * provinces:  # a full table
                written += _chart(data, charts.province_ranking(data, index, lang),
                                  out.figures / f"{index}_ranking_{lang}")
                written += _chart(data, charts.province_map(data, index, lang), out.figures / f"{index}_map_{lang}")
    return written


def write_panel(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """A panel of dimensions (PAPI): tidy table, national summary, the province by dimension (this year and over the
    years), the ranking and the maps of the provinces."""
    written = []
    for index in indices_of(data, notebook):
        panel = data.current[index]
        written += [_csv(panel, out.processed / f"{index}_tidy.csv"),
                    _csv(national_summary(panel), out.processed / f"{index}_national_summary.csv")]
        for lang in langs:
            written += _chart(data, charts.papi_dimensions(data, index, lang), out.figures / f"{index}_dimensions_{lang}")
            written += _chart(data, charts.province_ranking(data, index, lang), out.figures / f"{index}_ranking_{lang}")
            written += _chart(data, charts.province_map(data, index, lang), out.figures / f"{index}_map_{lang}")
            written += _chart(data, charts.papi_dimension_maps(data, index, lang),
                              out.figures / f"{index}_dimension_maps_{lang}")
            trends = charts.papi_dimension_trends(data, index, lang)  # None before three years
            if trends is not None:
                written += _chart(data, trends, out.figures / f"{index}_dimension_trends_{lang}")
    return written


def write_units(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """An assessment of the province's units (DGI; e-government of departments, districts and communes): one tidy
    table of the notebook's indices, and each index's charts per language (drawn with last year's table)."""
    indices = indices_of(data, notebook)
    if not indices:
        return []
    written = [_csv(pd.concat([data.current[i] for i in indices], ignore_index=True),
                    out.processed / f"{notebook}_tidy.csv")]
    for lang in langs:
        for index in indices:
            for chart in data.spec(index).charts:
                written += _chart(data, charts.draw_units(chart, data, index, lang), out.figures / f"{chart}_{lang}")
    return written


def indices_of(data: YearData, notebook: str) -> list[str]:
    """The indices a notebook shows that have data this year, in the specs' order."""
    return [s.id for s in data.specs if s.notebook == notebook and data.has(s.id)]


WRITERS = {NationalRanking: write_national, Panel: write_panel, UnitSurvey: write_survey, UnitAssessment: write_units}


def write_notebook(data: YearData, notebook: str, langs: list[str], out: Outputs) -> list[Path]:
    """Everything one notebook of the pack writes (``national``, ``papi``, ``sipas``, ``dgi``, ``egov``, or the
    notebook of an index a project adds), by the kind of its indices; nothing when none has data this year."""
    indices = indices_of(data, notebook)
    if not indices:
        return []
    return WRITERS[type(kind_of(data.spec(indices[0])))](data, langs, out, notebook)


def notebooks(project: Project) -> list[str]:
    """The notebooks of the pack's indices in the specs' order (the overview, which needs them all, comes after)."""
    return list(dict.fromkeys(s.notebook for s in project.specs if s.notebook != "overview"))


class ClaimsDoNotVerify(ValueError):
    """A narrative states a number its data do not give: the pack is not published."""


def check_claims(stories: dict[str, Narrative], data: YearData) -> None:
    """The claims gate, once per language and before any file of the narrative is written: every number each
    narrative states is recomputed from the data rows it names (``analysis.ledger.verify``)."""
    tables = data.all_tables()
    for story in stories.values():
        problems = verify(story.sentences(), story.ledger(), tables, story.lang)
        if problems:  # a pack whose claims do not check out is not published
            raise ClaimsDoNotVerify("the narrative's claims do not verify: " + " | ".join(problems[:5]))


def write_overview(data: YearData, langs: list[str], out: Outputs) -> list[Path]:
    """The narratives (checked first), claims ledgers, ranking tables, every tidy row of the year, the briefing decks
    and report.html (after every other step: it shows their figures)."""
    stories = {lang: narrative.story(data, lang) for lang in langs}
    check_claims(stories, data)
    all_rows = data.all_tables()
    written = [_csv(with_intervals(all_rows[all_rows["year"] == data.year], _surveys(data), data.settings.intervals),
                    out.processed / "tidy_all.csv")]
    tables = {}
    for lang in langs:
        story = stories[lang]
        drawn = [("own_trends", charts.own_trends(data, lang))] + [
            (index, charts.rate_trend(data, index, lang)) for index in data.specs.with_chart("rate_trend", data.year)]
        for stem, figure in drawn:
            if figure is not None:  # None when too few years exist
                written += _chart(data, figure, out.figures / f"{stem}_{lang}")
        tables[lang] = year_tables(data, lang)
        written += export.write_narrative(story, out.processed, pages.narrative_page(story))
        written += export.write_ledger(story, out.processed)
        written += export.write_tables(tables[lang], table_sources(data, lang), data.year, out.processed, lang)
        name = "briefing.pptx" if lang == "vi" else f"briefing_{lang}.pptx"
        written.append(deck.build(data, story, out.figures, out.reports / name))
    return written + pages.write_report(data, stories, out, tables)


class NoDataThisYear(LookupError):
    """A notebook opened for a year its index has no data for: one sentence that names the years it has (shown
    without a traceback in JupyterLab)."""

    def _render_traceback_(self) -> list[str]:  # IPython's hook: the sentence, not the stack
        return [str(self)]


def require(data: YearData, index: str, lang: str = "vi") -> None:
    """Stop a notebook with one sentence when ``index`` has no data for ``data.year``, naming the years it has."""
    if data.has(index):
        return
    from qnindex.indices.files import years_with_files

    s, years = data.spec(index), ", ".join(str(y) for y in years_with_files(data.project, index)) or "–"
    said = text("cli.no_data_this_year", year=data.year, index_vi=s.short_vi, index_en=s.short_en, years=years)
    raise NoDataThisYear(said.vi if lang == "vi" else said.en)


def build_in_process(year: int, project: Project, out: Outputs) -> list[Path]:
    """The whole pack of a year in this process, without notebooks (same outputs as the notebooks')."""
    data = load_year(year, project)
    langs = list(project.settings.langs)
    written = []
    for notebook in notebooks(project):
        written += write_notebook(data, notebook, langs, out)
    return written + write_overview(data, langs, out)


def gallery(data: YearData, lang: str, folder: Path | str) -> list[Path]:
    """Every chart the year's data allow, in ``lang``, saved under ``folder`` (figures only, PNG at the data's
    resolution: ``data.with_settings(dpi=...)`` for another)."""
    from qnindex.core.paths import pack_outputs

    out = pack_outputs(folder, data.year)
    written: list[Path] = []
    for notebook in notebooks(data.project):
        written += write_notebook(data, notebook, [lang], out)
    return [p for p in written if p.suffix in (".png", ".svg")]
