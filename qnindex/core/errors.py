"""Errors that point a person at the exact cell to fix."""
from __future__ import annotations

from dataclasses import dataclass
from qnindex.core.messages import Text, text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a raw file: where it is (file, sheet, row, the column's header as written), what
    was found and how to fix it. Message and fix are kept in Vietnamese and English (``core.messages``)."""

    file: str
    row: int | None
    column: str | None
    message: Text | str
    fix: Text | str = ""
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(str(text("raw.where.sheet", sheet=self.sheet)))
        if self.row is not None:
            where.append(str(text("raw.where.row", row=self.row)))
        if self.column:
            where.append(str(text("raw.where.column", column=self.column)))
        line = f"{', '.join(where)}: {self.message}"
        return f"{line} — {text('raw.fix')}: {self.fix}" if self.fix else line


class RawDataError(ValueError):
    """A raw file failed validation; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("RawDataError needs at least one problem")
        self.problems = list(dict.fromkeys(problems))  # every problem once
        first = str(self.problems[0])
        more = len(self.problems) - 1
        super().__init__(first if not more else f"{first} (+{more})")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def report(self) -> str:
        """Every problem, one per line."""
        return "\n".join(str(p) for p in self.problems)


class TemplateNotFilled(RawDataError):
    """A raw file that is still the blank template written by ``qnindex new-year``: no value filled in."""


class MissingRawFile(RawDataError):
    """No raw file for an index and year: not an error in the data, the year simply has none (yet)."""

    def __init__(self, problem: Problem, index: str, year: int):
        self.index = index
        self.year = year
        super().__init__([problem])


class ProjectFileError(RawDataError):
    """A file of the project's own settings (project.yml, targets.yml, an index.yml, a PROVENANCE.yml ...) that
    cannot be used: the command stops with a line naming the file, where and the fix, not with a traceback."""
