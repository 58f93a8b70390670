"""The outputs of a year's pack, one function per notebook, so that a notebook is a few calls and the same
pack can be built in one process without notebooks (``build_in_process``, used by the benchmarks)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.core.messages import text, words
from qnindex.render import charts
from qnindex.render import deck
from qnindex.render import export
from qnindex.render import narrative
from qnindex.analysis.metrics import national_summary
from qnindex.core.paths import Outputs
from qnindex.data import registry
from qnindex.indices.kinds import NationalRanking, Panel, UnitAssessment, UnitSurvey, kind_of
from qnindex.indices.specs import SPECS, ministry_tables, spec, with_chart
from qnindex.analysis.yeardata import YearData, load_year

NATIONAL = tuple(ministry_tables())  # the national indices of the "national" notebook (PAPI has its own)


def _csv(table: pd.DataFrame, path: Path) -> Path:
    return export.write_csv(table, path)


def write_sipas(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """A survey of the province's units (the provincial SIPAS): tidy table with intervals, chart, paragraph and unit
    tables per language."""
    from qnindex.analysis.metrics import survey_intervals, with_intervals

    written = []
    for index in indices_of(data, notebook):
        sipas, year = data.current[index], data.year
        written += [_csv(with_intervals(sipas), out.processed / f"{index}_tidy.csv"),
                    _csv(survey_intervals(sipas), out.processed / f"{index}_intervals.csv")]
        for lang in langs:
            for chart in spec(index).charts:
                written += charts.save(charts.draw_units(chart, sipas, None, lang), out.figures / f"{chart}_{lang}")
            paragraph = out.processed / f"{notebook}_paragraph_{lang}.md"
            paragraph.write_text(narrative.section_text(data, spec(index).narrative, lang), encoding="utf-8")
            table = export.sipas_unit_table(sipas, lang)
            md = out.processed / f"{notebook}_units_{lang}.md"
            md.write_text(export.to_markdown(table, lang), encoding="utf-8")
            written += [paragraph, md, export.write_xlsx({f"{spec(index).sheet(lang)} {year}": table},
                                                         out.processed / f"{notebook}_units_{lang}.xlsx")]
    return written


def write_national(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """The national indices: tidy table, scorecard, rank trajectories, and rankings where a full table exists."""
    tables = [data.current[i] for i in NATIONAL if data.has(i)]
    written = [_csv(pd.concat(tables, ignore_index=True), out.processed / "national_tidy.csv")] if tables else []
    for lang in langs:
        written += charts.save(charts.scorecard(data, lang), out.figures / f"scorecard_{lang}")
        written += charts.save(charts.rank_trajectories(data, lang), out.figures / f"rank_trajectories_{lang}")
        written += charts.save(charts.score_trends(data, lang), out.figures / f"score_trends_{lang}")
        for index in NATIONAL:
            provinces = len(registry.units_in("province", data.year))  # 63 to 2024, 34 from 2025
            if data.has(index) and data.current[index]["unit_id"].nunique() >= 0.95 * provinces:  # a full table
                written += charts.save(charts.province_ranking(data.current[index], lang),
                                       out.figures / f"{index}_ranking_{lang}")
                written += charts.save(charts.province_map(data.current[index], lang), out.figures / f"{index}_map_{lang}")
    return written


def write_papi(data: YearData, langs: list[str], out: Outputs, notebook: str) -> list[Path]:
    """A panel of dimensions (PAPI): tidy table, national summary, the province by dimension (this year and over the
    years), the ranking and the maps of the provinces."""
    written = []
    for index in indices_of(data, notebook):
        papi = data.current[index]
        written += [_csv(papi, out.processed / f"{index}_tidy.csv"),
                    _csv(national_summary(papi), out.processed / f"{index}_national_summary.csv")]
        for lang in langs:
            written += charts.save(charts.papi_dimensions(papi, lang), out.figures / f"{index}_dimensions_{lang}")
            written += charts.save(charts.province_ranking(papi, lang), out.figures / f"{index}_ranking_{lang}")
            written += charts.save(charts.province_map(papi, lang), out.figures / f"{index}_map_{lang}")
            written += charts.save(charts.papi_dimension_maps(papi, lang), out.figures / f"{index}_dimension_maps_{lang}")
            trends = charts.papi_dimension_trends(data.history[index], lang, data.year)  # None before three years
            if trends is not None:
                written += charts.save(trends, out.figures / f"{index}_dimension_trends_{lang}")
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
            for chart in spec(index).charts:
                figure = charts.draw_units(chart, data.current[index], data.previous.get(index), lang)
                written += charts.save(figure, out.figures / f"{chart}_{lang}")
    return written


def indices_of(data: YearData, notebook: str) -> list[str]:
    """The indices a notebook shows that have data this year, in the specs' order."""
    return [s.id for s in SPECS if s.notebook == notebook and data.has(s.id)]


def write_notebook(data: YearData, notebook: str, langs: list[str], out: Outputs) -> list[Path]:
    """Everything one notebook of the pack writes (``national``, ``papi``, ``sipas``, ``dgi``, ``egov``, or the
    notebook of an index a project adds), by the kind of its indices; nothing when none has data this year."""
    indices = indices_of(data, notebook)
    if not indices:
        return []
    kind = type(kind_of(indices[0]))
    return WRITERS[kind](data, langs, out, notebook)


def notebooks() -> list[str]:
    """The notebooks of the pack's indices in the specs' order (the overview, which needs them all, comes after)."""
    return list(dict.fromkeys(s.notebook for s in SPECS if s.notebook != "overview"))


def write_overview(data: YearData, langs: list[str], out: Outputs) -> list[Path]:
    """The narrative, claims ledger, ranking tables, every tidy row of the year, and the briefing decks."""
    all_rows = data.all_tables()
    from qnindex.analysis.metrics import with_intervals

    written = [_csv(with_intervals(all_rows[all_rows["year"] == data.year]), out.processed / "tidy_all.csv")]
    for lang in langs:
        drawn = [("own_trends", charts.own_trends(data, lang))] + [
            (index, charts.rate_trend(data, index, lang)) for index in with_chart("rate_trend", data.year)]
        for stem, figure in drawn:
            if figure is not None:  # None when too few years exist
                written += charts.save(figure, out.figures / f"{stem}_{lang}")
        story = narrative.build(data, lang)
        written += export.write_year_pack(data, out.processed, lang, story)
        name = "briefing.pptx" if lang == "vi" else f"briefing_{lang}.pptx"
        written.append(deck.build(data, out.figures, out.reports / name, lang, story))
    return written


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
    from qnindex.indices.specs import spec

    s, years = spec(index), ", ".join(str(y) for y in years_with_files(index)) or "–"
    said = text("cli.no_data_this_year", year=data.year, index_vi=s.short_vi, index_en=s.short_en, years=years)
    raise NoDataThisYear(said.vi if lang == "vi" else said.en)


def explore(data: YearData, section: str, index: str | None, lang: str = "vi") -> None:
    """In a notebook: the section's paragraph as in the report, its claims (number, how computed, data rows)
    and the index's ranking table with last year's values and the changes, formatted. A year without the index's
    data stops here with one sentence naming the years it has."""
    from IPython.display import HTML, Markdown, display

    from qnindex.indices.specs import SPECS

    if index:  # the notebook stops when none of its indices has data (national: any ranking; e-government: any)
        notebook = next(s.notebook for s in SPECS if s.id == index)
        if not any(data.has(s.id) for s in SPECS if s.notebook == notebook):
            require(data, index, lang)

    from qnindex.render import tables

    from qnindex.core.cache import publishing

    # the section's contexts only (the notebook shows no more); in the yearly job, the whole narrative, which the
    # overview notebook needs and then finds built
    story = narrative.build(data, lang) if publishing() else narrative.build(data, lang, only=section)
    display(Markdown(story.sections.get(section, "").rstrip("\n") + "\n"))
    claims = story.ledger()
    if len(claims):
        display(claims_table(claims[claims["section"] == section], lang))
    if index and data.has(index):
        styled = tables.ranking_table(data.current[index], data.previous.get(index), lang).style.format(
            precision=2, decimal="," if lang == "vi" else ".", thousands="." if lang == "vi" else ",", na_rep="–")
        display(HTML(styled.set_uuid(f"qn-{section}").to_html()))  # fixed ids, no object address: same bytes


CLAIM_WORDS = words("claims")  # core/messages.yml, domain claims


def claims_table(claims: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The claims of a section as a reader reads them, in ``lang``: the number as printed, how it was computed,
    whether its data are published, and the data rows (``file: rows 2-42``)."""
    w = CLAIM_WORDS[lang]
    table = pd.DataFrame({
        w["text"]: claims["text"].to_numpy(),
        w["how"]: [w["ops"].get(op, op) for op in claims["op"]],
        w["status"]: [w["states"].get(st, st) for st in claims["status"]],
        w["rows"]: [_row_ranges(str(refs), w["row"]) for refs in claims["sources"]],
    })
    if lang == "en":  # the claim's label is English: shown beside the number in English only
        table.insert(1, "label", claims["label"].to_numpy())
    return table


def _row_ranges(sources: str, word: str) -> str:
    """``a.csv:2;a.csv:3;a.csv:4;b.csv:7`` -> ``a.csv: dòng 2–4; b.csv: dòng 7``."""
    rows: dict[str, list[int]] = {}
    for ref in filter(None, sources.split(";")):
        file, _, row = ref.rpartition(":")
        if row.isdigit():
            rows.setdefault(Path(file).name, []).append(int(row))
    parts = []
    for file, numbers in rows.items():
        numbers, spans = sorted(set(numbers)), []
        for n in numbers:
            if spans and n == spans[-1][1] + 1:
                spans[-1][1] = n
            else:
                spans.append([n, n])
        parts.append(f"{file}: {word} " + ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans))
    return "; ".join(parts)


def show(paths: list[Path]) -> None:
    """Display, in a notebook, the charts (PNG) and texts (Markdown) a step wrote."""
    from IPython.display import Image, Markdown, display

    for path in paths:
        if path.suffix == ".png":
            display(Image(filename=str(path), width=900))
        elif path.suffix == ".md" and ("paragraph" in path.name or "narrative" in path.name):
            display(Markdown(path.read_text(encoding="utf-8")))


def gallery(data: YearData, lang: str, folder: Path | str, dpi: int = charts.DPI) -> list[Path]:
    """Every chart the year's data allow, in ``lang``, saved under ``folder`` (figures only, PNG at ``dpi``)."""
    with charts.resolution(dpi):
        return _gallery(data, lang, folder)


def _gallery(data: YearData, lang: str, folder: Path | str) -> list[Path]:
    from qnindex.core.paths import outputs

    out = outputs(data.year, folder)
    written: list[Path] = []
    for notebook in notebooks():
        written += write_notebook(data, notebook, [lang], out)
    return [p for p in written if p.suffix in (".png", ".svg")]


def build_in_process(year: int, langs: list[str], out: Outputs) -> list[Path]:
    """The whole pack of a year in this process, without notebooks (same outputs as the notebooks')."""
    import gc

    from qnindex.core.settings import settle_heap

    data = load_year(year)
    settle_heap()  # as the kernel of the yearly job does once the stack is loaded; undone below (a caller's process)
    try:
        written = []
        for notebook in notebooks():
            written += write_notebook(data, notebook, langs, out)
        written += write_overview(data, langs, out)
        written += write_report(data.year, langs, out)
    finally:
        gc.unfreeze()
    return written


def write_report(year: int, langs: list[str], out: Outputs) -> list[Path]:
    """report.html (and report_<lang>.html) from what the year's steps wrote into ``out``: after every notebook."""
    from qnindex.render import report_html
    from qnindex.render.slides import ORDER

    return report_html.write_report(year, list(langs), out.processed, out.figures, out.reports, ORDER)


WRITERS = {NationalRanking: write_national, Panel: write_papi, UnitSurvey: write_sipas, UnitAssessment: write_units}
