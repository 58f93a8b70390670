"""Read raw files (CSV or Excel, as officials export them) into a frame of text cells.

Each returned frame keeps ``_row``, the row number a person sees in the file (1-based, header
included), so every later error can point at the cell to fix. Parsing of numbers lives here too,
because decimal commas and thousands separators are a property of how files are typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qnindex.core.errors import Problem, RawDataError, display_path
from qnindex.core.text import name_key, nfc

ROW = "_row"
_ENCODINGS = ("utf-8", "cp1258", "cp1252")


@dataclass(frozen=True)
class Column:
    """A column a loader reads: its tidy name, the headers people type for it, and its kind."""

    name: str
    headers: tuple[str, ...]
    kind: str = "text"  # text | number | integer | year
    required: bool = True

    def matches(self, header: str) -> bool:
        key = _header_key(header)
        return key in {_header_key(h) for h in (self.name, *self.headers)}


def _header_key(text: str) -> str:
    return re.sub(r"[\s_()%.:]+", " ", name_key(text)).strip()


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RawDataError([Problem(display_path(path), None, None, "cannot decode the file",
                                "save it as CSV UTF-8 from Excel")])


def _grid_from_csv(path: Path) -> list[list[str]]:
    import csv
    import io

    text = _decode(path)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _grid_from_excel(path: Path, sheet: str | int | None) -> list[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=False, data_only=True)
    ws = wb[sheet] if isinstance(sheet, str) else wb.worksheets[sheet or 0]
    grid: list[list[str]] = []
    for row in ws.iter_rows(values_only=True):
        grid.append(["" if v is None else _cell_text(v) for v in row])
    return grid


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_grid(path: Path | str, sheet: str | int | None = None) -> list[list[str]]:
    """All cells of a CSV or Excel file as text, row by row (row 0 is the file's first row)."""
    path = Path(path)
    if not path.exists():
        raise RawDataError([Problem(display_path(path), None, None, "file not found",
                                    "put the file there, or run 'qnindex new-year' for a blank one")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _grid_from_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _grid_from_excel(path, sheet)
    raise RawDataError([Problem(display_path(path), None, None, f"unsupported file type '{suffix}'",
                                "use .csv or .xlsx")])


def read_table(path: Path | str, columns: list[Column], sheet: str | int | None = None) -> pd.DataFrame:
    """The rows of a raw file under the loader's column names, as NFC text, plus ``_row``.

    The header is the first row that contains every required column, so title rows above it
    (as in official Excel sheets) are skipped. Unknown columns are reported, not silently kept.
    """
    path = Path(path)
    shown = display_path(path)
    grid = [[nfc(c) for c in row] for row in read_grid(path, sheet)]
    if not any(any(c for c in row) for row in grid):
        raise RawDataError([Problem(shown, None, None, "the file is empty",
                                    "fill in the template (header row, then one row per unit)")])
    required = [c for c in columns if c.required]
    header_at = None
    for i, row in enumerate(grid[:20]):
        if all(any(col.matches(h) for h in row if h) for col in required):
            header_at = i
            break
    if header_at is None:
        first = next(i for i, row in enumerate(grid) if any(row))
        found = [h for h in grid[first] if h]
        missing = [c.name for c in required if not any(c.matches(h) for h in found)]
        raise RawDataError([
            Problem(shown, first + 1, m, "required column is missing",
                    f"add a column headed '{m}' (found: {', '.join(found)})")
            for m in missing
        ])
    header = grid[header_at]
    mapping: dict[int, str] = {}
    problems: list[Problem] = []
    for j, h in enumerate(header):
        if not h:
            continue
        match = next((c for c in columns if c.matches(h)), None)
        if match is None:
            problems.append(Problem(shown, header_at + 1, h, "unexpected column",
                                    f"remove it or rename it to one of: {', '.join(c.name for c in columns)}"))
        elif match.name in mapping.values():
            problems.append(Problem(shown, header_at + 1, h, f"column '{match.name}' appears twice",
                                    "keep one of them"))
        else:
            mapping[j] = match.name
    if problems:
        raise RawDataError(problems)
    records = []
    for i, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        if not any(row):
            continue
        rec = {name: (row[j] if j < len(row) else "") for j, name in mapping.items()}
        rec[ROW] = i
        records.append(rec)
    if not records:
        raise RawDataError([Problem(shown, header_at + 1, None, "the file has a header but no data rows",
                                    "add one row per unit below the header")])
    frame = pd.DataFrame.from_records(records)
    for col in columns:
        if col.name not in frame.columns:
            frame[col.name] = ""
    return frame[[c.name for c in columns] + [ROW]]


_NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}([ .,\u202f]\d{3})+|\d+)([.,]\d+)?$")


def parse_number(text: str, integer: bool = False) -> float | None:
    """A number as typed in Vietnamese or English style: '93,46', '93.46', '1.234', '1,234', '93,46%'.

    Returns None for an empty cell; raises ValueError for text that is not a number. With one kind
    of separator only, it is a decimal separator unless it groups exactly three digits in an integer
    column (or appears more than once).
    """
    s = nfc(text).replace(" ", "").rstrip("%")
    if s == "":
        return None
    if not _NUMBER_RE.match(s):
        raise ValueError(text)
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = s.split(sep)
        grouped = len(parts) > 2 or (integer and len(parts[-1]) == 3)
        s = s.replace(sep, "") if grouped else s.replace(sep, ".")
    value = float(s)
    if integer and not value.is_integer():
        raise ValueError(text)
    return value


def parse_columns(frame: pd.DataFrame, columns: list[Column], file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert number/integer/year columns; every cell that is not a number becomes a Problem."""
    out = frame.copy()
    problems: list[Problem] = []
    for col in columns:
        if col.kind == "text":
            continue
        values = []
        for text, row in zip(frame[col.name], frame[ROW]):
            try:
                v = parse_number(text, integer=col.kind in ("integer", "year"))
            except ValueError:
                expected = "a whole number" if col.kind in ("integer", "year") else "a number such as 93,46"
                problems.append(Problem(file, int(row), col.name, f"'{text}' is not a number",
                                        f"write {expected}"))
                v = None
            if v is None and col.required and not any(p.row == row and p.column == col.name for p in problems):
                problems.append(Problem(file, int(row), col.name, "empty cell", "fill in a value"))
            values.append(v)
        out[col.name] = pd.array(values, dtype="Float64")
    return out, problems
