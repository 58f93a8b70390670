"""Raw-file discovery, once for every index: which files exist, for which index and year.

Every part of qnindex that asks "is there a file for this index and year?" asks here, so the rules
(file names, accepted formats, one file per index and year) are written once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qnindex.core.errors import MissingRawFile, Problem, RawDataError
from qnindex.core.messages import text
from qnindex.indices.specs import IndexSpec

if TYPE_CHECKING:
    from qnindex.indices.project import Project

_YEAR_AT_END = re.compile(r"(?:^|_)(\d{4})$")


@dataclass(frozen=True)
class RawFile:
    """One raw data file: its index, the year its name ends with, and where it is."""

    index: str
    year: int
    path: Path


def _year_of(index: IndexSpec, path: Path) -> int | None:
    m = _YEAR_AT_END.search(path.stem)
    if not m or path.suffix.lower() not in index.formats:
        return None
    return int(m.group(1)) if path.stem == index.file_stem(int(m.group(1))) else None


def raw_files(project: "Project", year: int | None = None, index: str | None = None) -> list[RawFile]:
    """Every raw data file of the project's indices (of ``year`` and ``index`` when given), sorted."""
    found = []
    specs = [project.spec(index)] if index else list(project.specs)
    for s in specs:
        folder = project.raw / s.folder
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            y = _year_of(s, path)
            if y is not None and (year is None or y == year):
                found.append(RawFile(s.id, y, path))
    return found


def unread_files(project: "Project", year: int | None = None) -> list[RawFile]:
    """Files named as an index's file of a year (``dgi_2020.numbers``, ``sipas_qn_2025.pdf``) in a format qnindex
    cannot read: never skipped silently — ``validate`` and ``report`` stop on them with the formats to use."""
    found = []
    for s in project.specs:
        folder = project.raw / s.folder
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            m = _YEAR_AT_END.search(path.stem)
            if (path.is_file() and m and path.suffix.lower() not in s.formats and path.stem == s.file_stem(int(m.group(1)))
                    and (year is None or int(m.group(1)) == year)):
                found.append(RawFile(s.id, int(m.group(1)), path))
    return found


def years_with_files(project: "Project", index: str) -> list[int]:
    """The years for which ``index`` has a raw file."""
    return sorted({f.year for f in raw_files(project, index=index)})


def raw_file(project: "Project", index: str, year: int) -> Path:
    """The one raw file of ``index`` for ``year``; MissingRawFile when there is none."""
    s = project.spec(index)
    found = [f.path for f in raw_files(project, year, index)]
    if not found:
        folder = project.raw / s.folder
        raise MissingRawFile(Problem(project.shown(folder / f"{s.file_stem(year)}.xlsx"), None, None,
                                     text("raw.file.none_for_year", index=s.short_vi, year=year),
                                     text("raw.file.none_for_year.fix", stem=s.file_stem(year),
                                          folder=project.shown(folder))), s.id, year)
    if len(found) > 1:
        raise RawDataError([Problem(project.shown(found[0].parent), None, None,
                                    text("raw.file.several", n=len(found), names=", ".join(p.name for p in found)),
                                    text("raw.file.several.fix"))])
    return found[0]
