"""Where things are: the one module that knows the project's folders.

Everything is resolved from this file's location, so a notebook or papermill run behaves the same
from any working directory. ``QNINDEX_ROOT`` overrides the root (tests use it for scratch copies).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """The project root: ``$QNINDEX_ROOT`` if set, else the folder holding the ``qnindex`` package."""
    env = os.environ.get("QNINDEX_ROOT")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def raw_dir() -> Path:
    """Raw inputs as officials produce them; never written by code (``$QNINDEX_RAW`` overrides)."""
    env = os.environ.get("QNINDEX_RAW")
    return Path(env).resolve() if env else project_root() / "data" / "raw"


def use_raw_dir(path: str | Path | None) -> Path:
    """Read raw data from ``path`` from now on in this process (a notebook's ``raw_dir`` parameter)."""
    if path:
        os.environ["QNINDEX_RAW"] = str(_from_root(path))
    return raw_dir()


def _from_root(path: str | Path) -> Path:
    """A path as given to a notebook: absolute, or relative to the project root (not to the notebook)."""
    p = Path(path)
    return (p if p.is_absolute() else project_root() / p).resolve()


def output_root() -> Path:
    """Where packs are published: the project root for the project's own province, ``provinces/<name>/`` (the same
    layout) for a pack about another one (``qnindex report --province``), so neither overwrites the other."""
    from qnindex.core.settings import is_home, province
    from qnindex.core.text import ascii_fold

    if is_home():
        return project_root()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_fold(province()).lower()).split())
    return project_root() / "provinces" / slug


def processed_dir(year: int | None = None) -> Path:
    """Tidy tables, narrative and tables produced by a run (per year when given)."""
    base = output_root() / "data" / "processed"
    return base / str(year) if year is not None else base


def figures_dir(year: int | None = None) -> Path:
    """Slide-ready charts (per year when given)."""
    base = output_root() / "figures"
    return base / str(year) if year is not None else base


def reports_dir(year: int | None = None) -> Path:
    """Executed notebooks and reports (per year when given)."""
    base = output_root() / "reports"
    return base / str(year) if year is not None else base


def notebooks_dir() -> Path:
    """Notebook sources (jupytext percent scripts)."""
    return project_root() / "notebooks"


def templates_dir() -> Path:
    """Jinja2 narrative templates, one folder per language."""
    return PACKAGE_DIR / "render" / "templates"


def registry_data_dir() -> Path:
    """The unit registry's data files, shipped with the package."""
    return PACKAGE_DIR / "data" / "registry_data"


@dataclass(frozen=True)
class Outputs:
    """The folders one year's run writes to."""

    figures: Path
    processed: Path
    reports: Path

    def make(self) -> "Outputs":
        for folder in (self.figures, self.processed, self.reports):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def outputs(year: int, root: str | Path | None = None) -> Outputs:
    """Output folders for ``year``: the project's own, or the same layout under ``root`` (a staging
    folder that ``qnindex report`` moves into place only when the whole run succeeded)."""
    if root is None:
        return Outputs(figures_dir(year), processed_dir(year), reports_dir(year)).make()
    base = _from_root(root)
    return Outputs(base / "figures" / str(year), base / "data" / "processed" / str(year),
                   base / "reports" / str(year)).make()


def scratch_dir() -> Path:
    """Where a notebook run by hand writes: never the published pack (only ``qnindex report`` publishes)."""
    return output_root() / ".qnindex-scratch"


def notebook_setup(year: int, lang: str, raw: str | Path | None, output_root: str | Path | None
                   ) -> tuple[list[str], Outputs]:
    """What a notebook's parameters mean: the languages ("vi,en" -> ["vi", "en"]) and its output folders —
    a scratch folder by default (a notebook explored in JupyterLab leaves the published pack untouched),
    the staging folder that ``qnindex report`` passes otherwise. Raw data are read from ``raw`` when given.
    """
    use_raw_dir(raw)
    if os.environ.get("QNINDEX_PUBLISHING") == "1":
        _no_drawing_for_display()
    else:  # a publication interrupted between two folders is finished before anything is read
        from qnindex.core.publish import finish_pending

        finish_pending()
    return [code.strip() for code in lang.split(",") if code.strip()], outputs(year, output_root or scratch_dir())


def _no_drawing_for_display() -> None:
    """In a kernel run by ``qnindex report``: a figure a cell shows is not drawn to PNG (the published notebooks
    keep no image and the pack saves every figure itself); text, Markdown and tables still display."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.active_types = ["text/plain", "text/markdown", "text/html"]
