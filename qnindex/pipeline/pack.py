"""The outputs of a year's pack, one function per notebook, so that a notebook is a few calls and the same pack can
be built in one process without notebooks (``build_in_process``, used by the benchmarks). Every writer receives the
year (``YearData``: its tables, its project and settings) and the folders to write to.
"""
from __future__ import annotations

from pathlib import Path


from qnindex.analysis.ledger import DataRows, verify
from qnindex.analysis.metrics import with_intervals
from qnindex.analysis.yeardata import YearData, load_year
from qnindex.core.messages import text
from qnindex.core.paths import Outputs
from qnindex.indices.project import Project
from qnindex.kinds.base import indices_of, save_chart, surveys, write_csv
from qnindex.pipeline.plan import LAST
from qnindex.render import charts, deck, export, narrative, pages
from qnindex.render.narrative import Narrative
from qnindex.render.tables import table_sources, year_tables


def write_notebook(data: YearData, notebook: str, langs: list[str], out: Outputs) -> list[Path]:
    """Everything one notebook of the pack writes (``national``, ``papi``, ``sipas``, ``dgi``, ``egov``, or the
    notebook of an index a project adds): its indices' kind writes it; nothing when none has data this year."""
    indices = indices_of(data, notebook)
    if not indices:
        return []
    return data.spec(indices[0]).kind.write(data, langs, out, notebook)


def notebooks(project: Project) -> list[str]:
    """The notebooks of the pack's indices in the specs' order (the overview, which needs them all, comes after)."""
    return list(dict.fromkeys(s.notebook for s in project.specs if s.notebook != "overview"))


class ClaimsDoNotVerify(ValueError):
    """A narrative states a number its data do not give: the pack is not published."""


def check_claims(stories: dict[str, Narrative], data: YearData) -> None:
    """The claims gate, once per language and before any file of the narrative is written: every number each
    narrative states is recomputed from the data rows it names (``analysis.ledger.verify``)."""
    tables = data.all_tables()
    rows = DataRows(tables)  # (each claim's rows found and recomputed once for every language)
    for story in stories.values():
        problems = verify(story.sentences(), story.ledger(), tables, story.lang, rows)
        if problems:  # a pack whose claims do not check out is not published
            raise ClaimsDoNotVerify("the narrative's claims do not verify: " + " | ".join(problems[:5]))


def write_overview(data: YearData, langs: list[str], out: Outputs) -> list[Path]:
    """The narratives (checked first), claims ledgers, ranking tables, every tidy row of the year, the briefing decks
    and report.html (after every other step: it shows their figures)."""
    stories = {lang: narrative.story(data, lang) for lang in langs}
    check_claims(stories, data)
    all_rows = data.all_tables()
    written = [write_csv(with_intervals(all_rows[all_rows["year"] == data.year], surveys(data),
                                        data.settings.intervals), out.processed / "tidy_all.csv")]
    tables = {}
    for lang in langs:
        story = stories[lang]
        drawn = [("own_trends", charts.own_trends(data, lang))] + [  # and the charts of the overview's indices
            (f"{s.id}_{chart}", s.kind.draw(chart, data, s.id, lang))
            for s in data.specs if s.notebook == LAST and s.exists_in(data.year) for chart in s.charts]
        for stem, figure in drawn:
            if figure is not None:  # None when too few years exist
                written += save_chart(data, figure, out.figures / f"{stem}_{lang}")
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
