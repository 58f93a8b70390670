"""Run the notebooks for a year with papermill and publish their outputs all at once.

Notebooks write into a staging folder; only when every notebook succeeded are the year's
``figures/``, ``data/processed/`` and ``reports/`` folders swapped in, so a failed run leaves
the previous pack exactly as it was.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .paths import figures_dir, notebooks_dir, processed_dir, project_root, reports_dir

NOTEBOOKS = ("sipas",)
LANGS = ("vi", "en")


@dataclass
class NotebookFailure(Exception):
    """A notebook that stopped with an error: which one, which cell, and what the error said."""

    notebook: str
    cell: str
    error_name: str
    error_value: str

    def __str__(self) -> str:
        return f"notebook {self.notebook} failed in cell {self.cell}: {self.error_name}: {self.error_value}"


def run_notebook(name: str, year: int, lang: str, staging: Path) -> Path:
    """Execute ``notebooks/<name>.py`` (jupytext) for ``year``/``lang``; the executed copy goes to staging."""
    import jupytext
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = notebooks_dir() / f"{name}.py"
    notebook = jupytext.read(source)
    target = staging / "reports" / str(year) / f"{name}_{lang}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            notebook, str(target),
            parameters={"year": year, "lang": lang, "output_root": str(staging)},
            kernel_name="python3", progress_bar=False, cwd=str(notebooks_dir()),
        )
    except PapermillExecutionError as err:
        raise NotebookFailure(f"{name} ({lang})", str(err.exec_count), err.ename, err.evalue) from None
    return target


def _publish(staged: Path, final: Path) -> None:
    """Swap ``staged`` into ``final`` with renames; the old folder is removed only afterwards."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staged.rename(final)
    if old.exists():
        shutil.rmtree(old)


def build(year: int, langs: tuple[str, ...] = LANGS, notebooks: tuple[str, ...] = NOTEBOOKS) -> list[Path]:
    """Run every notebook for ``year`` in each language and publish the pack; returns executed notebooks."""
    staging = project_root() / ".qnindex-staging" / f"{year}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        executed = [run_notebook(nb, year, lang, staging) for nb in notebooks for lang in langs]
        for sub, final in (("figures", figures_dir(year)), ("data/processed", processed_dir(year)),
                           ("reports", reports_dir(year))):
            _publish(staging / sub / str(year), final)
        return [reports_dir(year) / p.name for p in executed]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.parent.rmdir()
        except OSError:
            pass
