"""An index's yearly table, read once: the raw file of the year found (``indices.files``), read and validated by the
index's kind (``spec.kind``), stored in the project's cache by the content of the file and its side files.

    load("dgi", 2019, project)   # the validated tidy table of the year
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.data.schema import validate_tidy
from qnindex.indices.files import raw_file
from qnindex.indices.project import Project
from qnindex.indices.specs import IndexSpec


def load(index: str | IndexSpec, year: int, project: Project, path: Path | str | None = None) -> pd.DataFrame:
    """The validated tidy table of ``index`` for ``year`` in ``project`` (from ``path`` when given, else its raw
    folder), read and checked once per file content (``Project.cache``)."""
    table = read(index, year, project, path)
    validate_tidy(table)
    return table


def read(index: str | IndexSpec, year: int, project: Project, path: Path | str | None = None) -> pd.DataFrame:
    """``load`` without the tidy schema's final check, for a caller that checks many tables at once
    (``validate_tidy``): the raw file's own checks are made (and their problems raised) all the same."""
    s = index if isinstance(index, IndexSpec) else project.spec(index)
    path = Path(path) if path else raw_file(project, s.id, year)
    return project.cache.file(f"{s.id}-{year}", [path, *s.kind.side_files(project, s)],
                              lambda: s.kind.load(project, s, year, path))
