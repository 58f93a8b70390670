"""What every notebook of the pack starts with, and the steps it shows a reader, so that its cells read like
sentences and the setup is one import, not a copy per notebook:

    nb = start(year, lang, raw_dir, output_root, settings)  # the parameters: the run's settings, the year's data
    sipas = nb.table("sipas_qn")                             # the tidy table (a year without it stops with one sentence)
    nb.describe(sipas)                                       # its first rows and what it holds
    nb.chart(charts.unit_ranking, "sipas_qn")                # a chart drawn inline from a visible call
    nb.section("sipas_qn")                                   # the paragraph as in the report, its claims, the table
    nb.write("sipas")                                        # every file of this step of the pack

The parameters cell is where a notebook's settings are made (``Settings.from_parameters``): ``qnindex report`` passes
them as papermill parameters, a researcher's JupyterLab keeps the defaults. Computation stays in the library (and its
tests); a notebook is where it is seen.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qnindex.analysis.yeardata import YearData, load_year
from qnindex.core.messages import text, words
from qnindex.core.paths import Outputs, pack_outputs
from qnindex.core.settings import Settings
from qnindex.indices.project import Project
from qnindex.kinds import open_project
from qnindex.kinds.base import indices_of
from qnindex.pipeline import pack

HEADERS = words("notebook")  # core/messages.yml, domain notebook
SCREEN_DPI = 90
SHOWN = ["year", "unit_name", "group", "component", "measure", "value", "max_value", "weight", "source", "source_row"]
SCRATCH = ".qnindex-scratch"  # where a notebook run by hand writes: never the published pack


@dataclass
class Notebook:
    """A notebook's year: its languages, where it writes, and the year's data loaded once (with its project)."""

    year: int
    langs: list[str]
    out: Outputs
    data: YearData

    @property
    def lang(self) -> str:
        """The language the notebook shows (the first of ``lang``)."""
        return self.langs[0]

    @property
    def project(self) -> Project:
        return self.data.project

    @property
    def focus(self) -> frozenset[str]:
        """The registry ids of the province the pack is about."""
        return self.data.focus.ids

    def has(self, index: str) -> bool:
        return self.data.has(index)

    def table(self, index: str) -> pd.DataFrame:
        """The year's tidy table of ``index``; a year without it stops the notebook with one sentence naming the
        years it has."""
        pack.require(self.data, index, self.lang)
        return self.data.current[index]

    def first(self, notebook: str) -> str:
        """The first index of ``notebook`` with data this year (the national notebook: PAR INDEX, else the next
        ranking); a year with none stops the notebook with one sentence."""
        indices = indices_of(self.data, notebook)
        if not indices:
            pack.require(self.data, next(s.id for s in self.data.specs if s.notebook == notebook), self.lang)
        return indices[0]

    def describe(self, table: pd.DataFrame, rows: int = 5) -> None:
        """The table's first rows (the tidy columns a reader needs), then how many rows and units it holds by group
        and source: published values or illustrative ones."""
        from IPython.display import display

        from qnindex.data.registry import GROUP_NAMES

        h = HEADERS[self.lang]
        display(table[[c for c in SHOWN if c in table.columns]].head(rows))
        counts = (table.assign(**{h["source"]: table["source"].map({"published": h["published"],
                                                                    "illustrative": h["illustrative"]}),
                                  "group": table["group"].map(lambda g: GROUP_NAMES[self.lang].get(g, g))})
                  .groupby(["group", h["source"]], sort=False)
                  .agg(**{h["rows"]: ("value", "size"), h["units"]: ("unit_id", "nunique")})
                  .rename_axis([h["group"], h["source"]]))
        display(counts)

    def chart(self, draw, *args, **kwargs) -> None:
        """Draw a chart inline with the library's own function and the year's data (``nb.chart(charts.components_chart,
        "dgi")`` calls ``charts.components_chart(nb.data, "dgi", nb.lang)``). In the yearly job the figure is not drawn
        twice: the pack saves it (``write``) and the executed notebook shows the saved files there, under their
        captions."""
        import matplotlib.pyplot as plt
        from IPython.display import display

        if self.data.settings.job:  # the pack's notebooks store no image: each chart is stored once, in figures/
            display({"text/plain": HEADERS[self.lang]["saved"]}, raw=True)
            return None
        figure = draw(self.data, *args, **{"lang": self.lang, **kwargs})
        if figure is not None:
            figure.set_dpi(SCREEN_DPI)  # the same figure at screen resolution: the slide's file is drawn by ``write``
            display(figure)
            plt.close(figure)
        return None

    def section(self, section: str, index: str | None = None) -> None:
        """The section's paragraph as the report prints it, its claims and the index's ranking table."""
        explore(self.data, section, index, self.lang)

    def write(self, notebook: str) -> list[Path]:
        """Every file of this notebook's step of the pack (charts in each language, tables, paragraphs), listed."""
        from IPython.display import display

        written = (pack.write_overview(self.data, self.langs, self.out) if notebook == "overview"
                   else pack.write_notebook(self.data, notebook, self.langs, self.out))
        h = HEADERS[self.lang]
        root = self.out.root
        display(pd.DataFrame({h["file"]: [_relative(p, root) for p in written],
                              h["what"]: [p.suffix.lstrip(".") for p in written]}))
        if self.data.settings.job:  # the published notebook shows the charts it saved, from their files
            self.show_figures(written)
        return written

    def show_figures(self, files: list[Path]) -> None:
        """Each chart among ``files`` in the notebook's language, under its caption, as report.html shows it (the
        same screen rendition, made when the chart was saved: the file itself stays the slide's)."""
        from IPython.display import Image, Markdown, display

        from qnindex.render.pages import figures_shown

        pngs = [p for p in files if p.suffix == ".png"]
        for _stem, caption, png in figures_shown(self.data, self.lang, pngs):
            display(Markdown(f"**{caption}**"))
            display(Image(data=png, format="png"))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def start(year: int, lang: str = "vi", raw_dir: str | Path | None = None, output_root: str | Path | None = None,
          settings: dict | None = None) -> Notebook:
    """A notebook's parameters made real: its settings (``settings``: what ``qnindex report`` passes; its raw data
    from ``raw_dir``, relative to the project's root), its languages ("vi,en"), its output folders (a scratch folder
    unless ``qnindex report`` runs it), and the year's data loaded once. A publication left half done is finished
    first (the yearly job finishes its own)."""
    settings_ = Settings.from_parameters(settings, raw=raw_dir, langs=lang)
    shared = _JOB_YEAR.get((year, settings_)) if settings_.job else None  # the job's next notebook: its year and project
    project = shared.project if shared is not None else open_project(settings_)
    if not settings_.job:  # the setup's first step: one whole pack is what is read next
        project.packs.finish_pending()
    base = Path(output_root) if output_root else project.pack_root / SCRATCH
    out = pack_outputs(base if base.is_absolute() else settings_.root / base, year)
    return Notebook(year, list(settings_.langs), out, shared if shared is not None else year_data(year, project))


_JOB_YEAR: dict[tuple[int, Settings], YearData] = {}  # the year the yearly job's notebooks share in its kernel


def year_data(year: int, project: Project) -> YearData:
    """The year's data for a notebook. A researcher's notebook loads it afresh (from the disk cache: a table changed by
    hand never leaks into the next run). In the yearly job the year is one object in its kernel: the notebooks of the
    year share it, so what is computed from it (ranks, the trend frames, the narrative in each language) is computed
    once for the pack, as in one process (``pack.build_in_process``)."""
    if not project.settings.job:
        return load_year(year, project)
    key = (year, project.settings)
    if key not in _JOB_YEAR:
        _JOB_YEAR.clear()  # a kernel runs one year's job: the year before it is let go
        _JOB_YEAR[key] = load_year(year, project)
    return _JOB_YEAR[key]


def explore(data: YearData, section: str, index: str | None, lang: str = "vi") -> None:
    """In a notebook: the section's paragraph as in the report, its claims (number, how computed, data rows)
    and the index's ranking table with last year's values and the changes, formatted. A year without the index's
    data stops here with one sentence naming the years it has."""
    from IPython.display import HTML, Markdown, display

    from qnindex.render import narrative, tables

    if index:  # the notebook stops when none of its indices has data (national: any ranking; e-government: any)
        notebook = data.spec(index).notebook
        if not any(data.has(s.id) for s in data.specs if s.notebook == notebook):
            pack.require(data, index, lang)
    story = narrative.story(data, lang)  # the whole narrative of the year, built once: this notebook shows its section
    display(Markdown(story.section(section).markdown.rstrip("\n") + "\n"))
    claims = story.ledger(section)
    if len(claims):
        display(claims_table(claims, lang))
    if index and data.has(index):
        styled = tables.ranking_table(data, index, lang).style.format(
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


WORK_DIR = "work"  # notebooks/work/: the researchers' copies (not tracked); the notebooks beside it are templates


def working_copy(project: Project, name: str, year: int | None = None, lang: str = "vi",
                 fresh: bool = False) -> tuple[Path, bool]:
    """A notebook of the project (``sipas``, ``explore/units_over_time``) copied to ``notebooks/work/`` as
    ``<name>_<year>.ipynb`` with its parameters set (the template's own year when none is given), for a researcher to
    open, change and save: JupyterLab's autosave then never touches the tracked template. An existing copy is kept
    (it holds someone's work) unless ``fresh``. Returns the copy and whether it was written now."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    from qnindex.pipeline.notebook_io import read_notebook

    folder = project.settings.notebooks_dir
    source = folder / f"{name}.py"
    if not source.is_file():
        known = sorted(p.relative_to(folder).with_suffix("").as_posix()
                       for p in folder.rglob("*.py") if WORK_DIR not in p.relative_to(folder).parts)
        raise FileNotFoundError(str(text("cli.no_notebook", name=name, known=", ".join(known))))
    stem = name.replace("/", "_") + (f"_{year}" if year is not None else "")
    target = folder / WORK_DIR / f"{stem}.ipynb"
    if target.exists() and not fresh:
        return target, False
    template = read_notebook(source)
    wanted = {"year": year, "lang": lang} if year is not None else {"lang": lang}
    parameters = next((c.source for c in template.cells if "parameters" in c.metadata.get("tags", [])), "")
    nb = parameterize_notebook(template, {k: v for k, v in wanted.items() if f"{k} =" in parameters})
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    return target, True
