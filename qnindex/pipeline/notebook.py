"""What every notebook of the pack starts with, and the steps it shows a reader, so that its cells read like
sentences and the setup is one import, not a copy per notebook:

    nb = start(year, lang, raw_dir, output_root)   # the parameters: languages, output folders, the year's data
    sipas = nb.table("sipas_qn")                   # the tidy table (a year without it stops with one sentence)
    nb.describe(sipas)                             # its first rows and what it holds
    nb.chart(charts.unit_ranking, sipas, nb.lang)  # a chart drawn inline from a visible call with its data
    nb.section("sipas_qn")                         # the paragraph as in the report, its claims, the ranking table
    nb.write("sipas")                              # every file of this step of the pack

Computation stays in the library (and its tests); a notebook is where it is seen.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qnindex.core.messages import text, words
from qnindex.analysis.yeardata import YearData, load_year
from qnindex.core.paths import Outputs, notebook_setup
from qnindex.pipeline import pack

HEADERS = words("notebook")  # core/messages.yml, domain notebook
SCREEN_DPI = 90
SHOWN = ["year", "unit_name", "group", "component", "measure", "value", "max_value", "weight", "source", "source_row"]


@dataclass
class Notebook:
    """A notebook's year: its languages, where it writes, and the year's data loaded once."""

    year: int
    langs: list[str]
    out: Outputs
    data: YearData

    @property
    def lang(self) -> str:
        """The language the notebook shows (the first of ``lang``)."""
        return self.langs[0]

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
        indices = pack.indices_of(self.data, notebook)
        if not indices:
            from qnindex.indices.specs import SPECS

            pack.require(self.data, next(s.id for s in SPECS if s.notebook == notebook), self.lang)
        return indices[0]

    def describe(self, table: pd.DataFrame, rows: int = 5) -> None:
        """The table's first rows (the tidy columns a reader needs), then how many rows and units it holds by group
        and source: published values or illustrative ones."""
        from IPython.display import display

        h = HEADERS[self.lang]
        display(table[[c for c in SHOWN if c in table.columns]].head(rows))
        from qnindex.data.registry import GROUP_NAMES

        counts = (table.assign(**{h["source"]: table["source"].map({"published": h["published"],
                                                                    "illustrative": h["illustrative"]}),
                                  "group": table["group"].map(lambda g: GROUP_NAMES[self.lang].get(g, g))})
                  .groupby(["group", h["source"]], sort=False)
                  .agg(**{h["rows"]: ("value", "size"), h["units"]: ("unit_id", "nunique")})
                  .rename_axis([h["group"], h["source"]]))
        display(counts)

    def chart(self, draw, *args, **kwargs) -> None:
        """Draw a chart inline with the library's own function and data (``nb.chart(charts.dgi_chart, dgi,
        nb.lang)``). In the yearly job the figure is not drawn twice: the pack saves it (``write``) and the
        executed notebook names the files."""
        from qnindex.core.cache import publishing

        import matplotlib.pyplot as plt
        from IPython.display import display

        if publishing():  # the pack's notebooks store no image: each chart is stored once, in figures/
            display({"text/plain": HEADERS[self.lang]["saved"]}, raw=True)
            return None

        figure = draw(*args, **kwargs)
        if figure is not None:
            figure.set_dpi(SCREEN_DPI)  # the same figure at screen resolution: the slide's file is drawn by ``write``
            display(figure)
            plt.close(figure)
        return None

    def section(self, section: str, index: str | None = None) -> None:
        """The section's paragraph as the report prints it, its claims and the index's ranking table."""
        pack.explore(self.data, section, index, self.lang)

    def write(self, notebook: str) -> list[Path]:
        """Every file of this notebook's step of the pack (charts in each language, tables, paragraphs), listed."""
        from IPython.display import display

        written = (pack.write_overview(self.data, self.langs, self.out) if notebook == "overview"
                   else pack.write_notebook(self.data, notebook, self.langs, self.out))
        h = HEADERS[self.lang]
        root = self.out.figures.parent.parent
        display(pd.DataFrame({h["file"]: [_relative(p, root) for p in written],
                              h["what"]: [p.suffix.lstrip(".") for p in written]}))
        return written


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def start(year: int, lang: str = "vi", raw_dir: str | Path | None = None,
          output_root: str | Path | None = None) -> Notebook:
    """A notebook's parameters made real: its languages ("vi,en"), its output folders (a scratch folder unless
    ``qnindex report`` runs it), its raw data, and the year's data loaded once."""
    langs, out = notebook_setup(year, lang, raw_dir, output_root)
    return Notebook(year, langs, out, load_year(year))


WORK_DIR = "work"  # notebooks/work/: the researchers' copies (not tracked); the notebooks beside it are templates


def working_copy(name: str, year: int | None = None, lang: str = "vi", fresh: bool = False) -> tuple[Path, bool]:
    """A notebook of the project (``sipas``, ``explore/units_over_time``) copied to ``notebooks/work/`` as
    ``<name>_<year>.ipynb`` with its parameters set (the template's own year when none is given), for a researcher to open, change and save: JupyterLab's
    autosave then never touches the tracked template. An existing copy is kept (it holds someone's work) unless
    ``fresh``. Returns the copy and whether it was written now."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    from qnindex.core.paths import notebooks_dir
    from qnindex.pipeline.notebook_io import read_notebook

    source = notebooks_dir() / f"{name}.py"
    if not source.is_file():
        known = sorted(p.relative_to(notebooks_dir()).with_suffix("").as_posix()
                       for p in notebooks_dir().rglob("*.py") if WORK_DIR not in p.relative_to(notebooks_dir()).parts)
        raise FileNotFoundError(str(text("cli.no_notebook", name=name, known=", ".join(known))))
    stem = name.replace("/", "_") + (f"_{year}" if year is not None else "")
    target = notebooks_dir() / WORK_DIR / f"{stem}.ipynb"
    if target.exists() and not fresh:
        return target, False
    template = read_notebook(source)
    wanted = {"year": year, "lang": lang} if year is not None else {"lang": lang}
    parameters = next((c.source for c in template.cells if "parameters" in c.metadata.get("tags", [])), "")
    nb = parameterize_notebook(template, {k: v for k, v in wanted.items() if f"{k} =" in parameters})
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    return target, True
