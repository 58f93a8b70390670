"""Read raw files (CSV or Excel, as officials produce them) into a frame of text cells.

Each returned frame keeps ``_row``, the row number a person sees in the file (1-based, header
included), so every later error can point at the cell to fix; ``frame.attrs`` keep the sheet, the
headers as written and the decimals typed per number. What officials actually hand over is handled
here, once: .xlsx, old .xls and CSV (any encoding, delimiter, CR line endings), a file whose content is
not what its name says, title rows above the header, the table on another sheet, Excel cells formatted
as percent, formulas without a saved value, zero-width and control characters, a stray cell a million
rows down, links to devices and oversized files.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from qnindex.core.errors import Problem, RawDataError
from qnindex.core.messages import text
from qnindex.core.text import is_plain, name_key, nfc

ROW = "_row"
_ENCODINGS = ("utf-8", "cp1258", "cp1252")
MAX_BYTES = 20 * 1024 * 1024      # a year's table is a few hundred kB; anything larger is not one
MAX_EMPTY_ROWS = 200              # after this many empty rows the table has ended (stray far cells cost nothing)
MAX_COLUMNS = 60
_FORMAT_CHARS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)  # invisible: removed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    """A column a loader reads: its tidy name, the headers people type for it, and its kind."""

    name: str
    headers: tuple[str, ...]
    kind: str = "text"  # text | number | integer | year
    required: bool = True

    def matches(self, header: str) -> bool:
        return _header_key(header) in _keys(self)

    @property
    def label(self) -> str:
        """The header shown to people (the template's Vietnamese header)."""
        return self.written(self.headers[0] if self.headers else self.name)

    def written(self, header: str) -> str:
        """``header``, one of the headers this column reads, as a template writes it (capitalised): a template's
        words are always words its loader reads back."""
        if not self.matches(header):
            raise ValueError(f"'{header}' is not a header of column {self.name!r}: {', '.join(self.headers)}")
        return header[:1].upper() + header[1:]


@lru_cache(maxsize=4096)
def _keys(column: Column) -> frozenset[str]:
    return frozenset(_header_key(h) for h in (column.name, *column.headers))


@lru_cache(maxsize=1 << 14)
def _header_key(text_: str) -> str:
    """Matching key of a header: the maximum written in brackets ("(tối đa 20)", "(%)") does not matter."""
    key = re.sub(r"\((?:tối đa|toi da|max)[^)]*\)", " ", name_key(text_))
    return re.sub(r"[\s_()%.:]+", " ", key).strip()


# ----------------------------------------------------------------------------- files

def _check_file(path: Path, shown: str) -> None:
    if not path.exists() and not path.is_symlink():
        raise RawDataError([Problem(shown, None, None, text("raw.file.missing"), text("raw.file.missing.fix"))])
    try:
        if path.is_dir():
            raise RawDataError([Problem(shown, None, None, text("raw.file.not_regular", what="thư mục / folder"),
                                        text("raw.file.not_regular.fix"))])
        if not path.is_file():
            raise RawDataError([Problem(shown, None, None, text("raw.file.not_regular", what="thiết bị / device"),
                                        text("raw.file.not_regular.fix"))])
        size = path.stat().st_size
    except OSError as err:
        raise RawDataError([Problem(shown, None, None, text("raw.file.unreadable", reason=err.strerror or err),
                                    text("raw.file.unreadable.fix"))]) from None
    if size > MAX_BYTES:
        raise RawDataError([Problem(shown, None, None, text("raw.file.too_big", size=round(size / 2**20, 1),
                                                           limit=MAX_BYTES // 2**20), text("raw.file.too_big.fix"))])


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise RawDataError([Problem(shown, None, None,
                                    text("raw.file.unreadable", reason=err.strerror or err),
                                    text("raw.file.unreadable.fix"))]) from None


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _kind_of(data: bytes) -> str:
    """What the bytes are: ods (a zip whose first entry names the OpenDocument type), xlsx (another zip), xls (an
    OLE2 compound file) or text."""
    if data.startswith(b"PK\x03\x04") and ODS_MIMETYPE in data[:200]:
        return "ods"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return "csv"


_KIND_WORDS = {"xlsx": ("một tệp Excel (.xlsx)", "an Excel workbook (.xlsx)"),
               "ods": ("một bảng tính OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)"),
               "xls": ("một tệp Excel cũ (.xls)", "an old Excel workbook (.xls)"),
               "csv": ("văn bản (CSV)", "text (CSV)")}
_SUFFIX_KIND = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}


def _decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RawDataError([Problem(shown, None, None, text("raw.file.encoding"), text("raw.file.encoding.fix"))])


@dataclass
class Sheet:
    """One sheet as text cells (row 0 is the sheet's first row), with what the reader noticed."""

    name: str | None
    grid: list[list[str]]
    formulas_without_value: set[tuple[int, int]]


def _grid_from_csv(data: bytes, shown: str) -> list[Sheet]:
    import csv
    import io

    decoded = _decode(data, shown)
    sample = decoded[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(decoded, newline=None), delimiter=delimiter))  # CR, LF or CRLF
    return [Sheet(None, rows, set())]


def _cell_text(value: object, percent: bool = False) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        v = float(value) * (100 if percent else 1)
        v = round(v, 10)
        return str(int(v)) if v.is_integer() else repr(v)
    if hasattr(value, "year") and hasattr(value, "month"):  # a date typed into a cell
        return str(value)
    return str(value)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows up to the last non-empty one, stopping after a long run of empty rows."""
    out: list[list[str]] = []
    empty_run = 0
    for row in rows:
        if any(row):
            out.extend([[]] * empty_run)
            out.append(row)
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_ROWS:
                break
    return out


def _grid_from_xlsx(path: Path, shown: str) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        values = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as err:
        raise RawDataError([Problem(shown, None, None, text("raw.file.broken", reason=type(err).__name__),
                                    text("raw.file.broken.fix"))]) from None
    sheets = []
    formulas = None
    try:
        for ws in values.worksheets:
            rows: list[list[str]] = []
            empty_run = 0
            for cells in ws.iter_rows(max_col=MAX_COLUMNS):
                row = []
                for cell in cells:
                    v = getattr(cell, "value", None)
                    fmt = getattr(cell, "number_format", "") or ""
                    row.append("" if v is None else _cell_text(v, percent="%" in fmt and isinstance(v, (int, float))))
                while row and not row[-1]:
                    row.pop()
                rows.append(row)
                empty_run = 0 if row else empty_run + 1
                if empty_run > MAX_EMPTY_ROWS:
                    break
            sheets.append(Sheet(ws.title, _trimmed(rows), set()))
    finally:
        values.close()
    # cells that hold a formula but no saved value (a file written by a program, never opened in Excel)
    if path.stat().st_size < 5 * 2**20:
        formulas = load_workbook(path, read_only=True, data_only=False)
        try:
            for sheet, ws in zip(sheets, formulas.worksheets):
                for i, cells in enumerate(ws.iter_rows(max_row=len(sheet.grid), max_col=MAX_COLUMNS)):
                    for j, cell in enumerate(cells):
                        v = getattr(cell, "value", None)
                        if isinstance(v, str) and v.startswith("=") and (j >= len(sheet.grid[i]) or not sheet.grid[i][j]):
                            sheet.formulas_without_value.add((i, j))
        finally:
            formulas.close()
    return sheets


def _grid_from_xls(path: Path, shown: str) -> list[Sheet]:
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency
        raise RawDataError([Problem(shown, None, None, text("raw.file.xls_unreadable", reason="xlrd"),
                                    text("raw.file.xls_unreadable.fix"))]) from None
    try:
        book = xlrd.open_workbook(str(path), formatting_info=False)
    except Exception as err:  # noqa: BLE001 - xlrd raises many kinds for a damaged file
        raise RawDataError([Problem(shown, None, None, text("raw.file.xls_unreadable", reason=str(err)[:80]),
                                    text("raw.file.xls_unreadable.fix"))]) from None
    sheets = []
    for sh in book.sheets():
        rows = []
        for i in range(min(sh.nrows, 5000)):
            row = []
            for cell in sh.row(i)[:MAX_COLUMNS]:
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append("")
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    row.append(_cell_text(cell.value))
                else:
                    row.append(str(cell.value))
            while row and not row[-1]:
                row.pop()
            rows.append(row)
        sheets.append(Sheet(sh.name, _trimmed(rows), set()))
    return sheets


def _grid_from_ods(path: Path, shown: str) -> list[Sheet]:
    """An OpenDocument spreadsheet (a template re-saved by LibreOffice Calc, the office suite of many government
    offices): its cells as text, through pandas' odf reader (numbers as numbers, a percent cell as its value)."""
    try:
        book = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    except Exception as err:  # noqa: BLE001 - a damaged file is one line, never a traceback
        raise RawDataError([Problem(shown, None, None, text("raw.file.xls_unreadable", reason=str(err)[:80]),
                                    text("raw.file.xls_unreadable.fix"))]) from None
    sheets = []
    for name, frame in book.items():
        rows = []
        for values in frame.itertuples(index=False):
            row = ["" if v is None or (isinstance(v, float) and v != v) else
                   _cell_text(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
                   for v in list(values)[:MAX_COLUMNS]]
            while row and not row[-1]:
                row.pop()
            rows.append(row)
        sheets.append(Sheet(str(name), _trimmed(rows), set()))
    return sheets


def read_sheets(path: Path | str, shown: str | None = None) -> list[Sheet]:
    """Every sheet of a raw file as text cells (a CSV is one sheet), checking what the file really is."""
    path = Path(path)
    shown = shown or str(path)
    _check_file(path, shown)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIX_KIND:
        raise RawDataError([Problem(shown, None, None, text("raw.file.type", suffix=suffix or "—"),
                                    text("raw.file.type.fix"))])
    data = _read_bytes(path, shown)
    actual = _kind_of(data)
    named = _SUFFIX_KIND[suffix]
    if actual != named and not (named == "xls" and actual == "csv" and data[:1] == b"<"):
        right = {"xlsx": ".xlsx", "xls": ".xls", "csv": ".csv", "ods": ".ods"}[actual]
        if named == "xlsx" and actual == "csv" and data.startswith(b"PK"):
            actual = "xlsx"  # a truncated zip: reported below as damaged
        else:
            raise RawDataError([Problem(shown, None, None,
                                        text("raw.file.content", suffix=suffix, actual_vi=_KIND_WORDS[actual][0],
                                             actual_en=_KIND_WORDS[actual][1]),
                                        text("raw.file.content.fix", right=right))])
    if actual == "xlsx":
        return _grid_from_xlsx(path, shown)
    if actual == "xls":
        return _grid_from_xls(path, shown)
    if actual == "ods":
        return _grid_from_ods(path, shown)
    return _grid_from_csv(data, shown)


# ----------------------------------------------------------------------------- the table

def _clean(cell: str) -> tuple[str, int | None]:
    """A cell as NFC text without invisible format characters; the position of a control character, if any."""
    if is_plain(cell):  # printable ASCII, spaced once: nothing to clean
        return cell, None
    cleaned = cell.translate(_FORMAT_CHARS)
    m = _CONTROL.search(cleaned)
    return nfc(cleaned), (m.start() + 1 if m else None)


def _find_header(grid: list[list[str]], columns: list[Column]) -> int | None:
    required = [c for c in columns if c.required]
    for i, row in enumerate(grid[:20]):
        if all(any(col.matches(h) for h in row if h) for col in required):
            return i
    return None


def read_table(path: Path | str, columns: list[Column], sheet: str | int | None = None,
               skip_blank: bool = True, shown: str | None = None) -> pd.DataFrame:
    """The rows of a raw file under the loader's column names, as NFC text, plus ``_row``.

    The header is the first row that contains every required column, so title rows above it (as in
    official Excel sheets) are skipped; when the first sheet has no such row, the one sheet that has it
    is read. Unknown columns are reported, not silently kept; a row with no value at all is skipped.
    """
    path = Path(path)
    shown = shown or str(path)  # the file as messages name it
    sheets = read_sheets(path, shown)
    if isinstance(sheet, str):
        sheets = [s for s in sheets if s.name == sheet]
    if not any(any(any(c for c in row) for row in s.grid) for s in sheets):
        raise RawDataError([Problem(shown, None, None, text("raw.file.empty"), text("raw.file.empty.fix"))])
    chosen = sheets[0]
    header_at = _find_header(chosen.grid, columns)
    if header_at is None and len(sheets) > 1:
        found = [(s, _find_header(s.grid, columns)) for s in sheets[1:]]
        found = [(s, h) for s, h in found if h is not None]
        if len(found) == 1:
            chosen, header_at = found[0]
        elif not any(any(c for c in row) for row in chosen.grid) or len(found) > 1:
            raise RawDataError([Problem(shown, None, None,
                                        text("raw.sheet.other", sheets=", ".join(f"'{s.name}'" for s in sheets)),
                                        text("raw.sheet.other.fix"))])
    grid = chosen.grid
    sheet_name = chosen.name if len(sheets) > 1 else None
    if header_at is None:
        first = next((i for i, row in enumerate(grid) if any(row)), 0)
        found_headers = [nfc(h) for h in grid[first] if h]
        missing = [c for c in columns if c.required and not any(c.matches(h) for h in found_headers)]
        raise RawDataError([
            Problem(shown, first + 1, m.label, text("raw.column.missing"),
                    text("raw.column.missing.fix", header=m.label, found=", ".join(found_headers)), sheet_name)
            for m in missing
        ])
    header = [nfc(h) for h in grid[header_at]]
    mapping: dict[int, str] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for j, h in enumerate(header):
        if not h:
            continue
        match = next((c for c in columns if c.matches(h)), None)
        if match is None:
            problems.append(Problem(shown, header_at + 1, h, text("raw.column.unexpected"),
                                    text("raw.column.unexpected.fix", allowed=", ".join(c.label for c in columns)),
                                    sheet_name))
        elif match.name in mapping.values():
            problems.append(Problem(shown, header_at + 1, h, text("raw.column.twice", header=h), text("raw.column.twice.fix"),
                                    sheet_name))
        else:
            mapping[j] = match.name
            written[match.name] = h
    if problems:
        raise RawDataError(problems)
    records = []
    numeric = {c.name for c in columns if c.kind in ("number", "integer")}
    for i, row in enumerate(grid[header_at + 1:], start=header_at + 1):
        rec: dict = {}
        for j, name in mapping.items():
            raw = row[j] if j < len(row) else ""
            value, control_at = _clean(raw)
            if control_at:
                problems.append(Problem(shown, i + 1, written[name],
                                        text("raw.cell.control", code=f"U+{ord(_CONTROL.search(raw.translate(_FORMAT_CHARS)).group()):04X}",
                                             pos=control_at), text("raw.cell.control.fix"), sheet_name))
                value = _CONTROL.sub("", value)
            if (i, j) in chosen.formulas_without_value:
                problems.append(Problem(shown, i + 1, written[name], text("raw.cell.formula"), text("raw.cell.formula.fix"),
                                        sheet_name))
                value = "\x00formula"
            rec[name] = value
        if not any(rec.values()):
            continue
        if skip_blank and numeric and all(not rec.get(n) for n in numeric):
            continue  # a unit left blank: not assessed this year (allowed)
        rec[ROW] = i + 1
        records.append(rec)
    if problems:
        raise RawDataError(problems)
    if not records:
        raise _blank(shown, header_at, numeric, grid, mapping, sheet_name)
    frame = pd.DataFrame.from_records(records)
    for col in columns:
        if col.name not in frame.columns:
            frame[col.name] = ""
    frame = frame[[c.name for c in columns] + [ROW]]
    frame.attrs.update(headers=Shared({c.name: written.get(c.name, c.label) for c in columns}), sheet=sheet_name, file=shown)
    return frame


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """The rows of ``frame`` (its ``columns``, default all) as dicts of plain Python values, as ``to_dict("records")``
    gives them (a missing value of a nullable column: None) at a fraction of its cost: read column by column, not
    boxed cell by cell (a loader walks every row of a file; the narrative walks hundreds of small row sets)."""
    columns = list(frame.columns) if columns is None else list(dict.fromkeys(columns))
    if not len(frame):
        return []
    cells = []
    for c in columns:
        column = frame[c]
        values = column.tolist()
        if getattr(column.dtype, "na_value", None) is pd.NA and any(v is pd.NA for v in values):
            values = [None if v is pd.NA else v for v in values]  # (a nullable column's missing value: None)
        cells.append(values)
    return [dict(zip(columns, row)) for row in zip(*cells)]


def _blank(shown: str, header_at: int, numeric: set[str], grid, mapping, sheet_name) -> RawDataError:
    """No row with a value: a blank template (units listed, nothing filled in) or a header alone."""
    from qnindex.core.errors import TemplateNotFilled

    has_units = any(any(row) for row in grid[header_at + 1:])
    if has_units and numeric:
        return TemplateNotFilled([Problem(shown, None, None, text("raw.file.blank_template"),
                                          text("raw.file.blank_template.fix"), sheet_name)])
    return RawDataError([Problem(shown, header_at + 1, None, text("raw.file.no_rows"), text("raw.file.no_rows.fix"),
                                 sheet_name)])


# ----------------------------------------------------------------------------- numbers

_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_SIMPLE_NUMBER = re.compile(r"\d+(?:[.,](\d+))?", re.ASCII)  # digits, and decimals after one separator


class NumberError(ValueError):
    """A cell that is not a number; ``kind`` says why (not_number, grouping)."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _parse(text_: str, integer: bool) -> tuple[float, int] | None:
    """(value, decimals typed) of a number as typed in Vietnamese or English style ('93,46', '93.46', '1.234',
    '1 234', '1,234', '93,46%'); None for an empty cell. Raises NumberError for text that is not a number or whose
    thousands separators are misplaced ('1.234.5', '12.34.567'). With one separator once, it is the decimal separator
    unless it groups exactly three digits in a whole-number column."""
    simple = _SIMPLE_NUMBER.fullmatch(text_) if isinstance(text_, str) else None
    if simple and not (integer and simple.group(1)):  # '93,46', '93.46', '170': most cells, read at once
        return float(text_.replace(",", ".")), len(simple.group(1) or "")
    s = nfc(text_).strip().rstrip("%").strip()
    if s == "":
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = s[0], s[1:]
    if not re.fullmatch(r"\d[\d.,\u00a0\u202f\u2009 ]*", s) or not s[-1].isdigit():
        raise NumberError("not_number")
    groups = r"\d{1,3}(?:%s\d{3})+"
    if _SPACES.search(s):  # '1 234' or '1 234,5': spaces group thousands, a final , or . is the decimal mark
        int_part, dec = s, ""
        m = re.search(r"[.,](\d+)$", s)
        if m:
            int_part, dec = s[:m.start()], m.group(1)
        if re.search(r"[.,]", int_part) or not re.fullmatch(groups % r"[\u00a0\u202f\u2009 ]", int_part):
            raise NumberError("grouping")
        return _finish(sign + _SPACES.sub("", int_part) + ("." + dec if dec else ""), integer, len(dec))
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        int_part, dec = s.rsplit(decimal, 1)
        if decimal in int_part or not re.fullmatch(groups % re.escape(grouping), int_part):
            raise NumberError("grouping")
        return _finish(sign + int_part.replace(grouping, "") + "." + dec, integer, len(dec))
    if has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = s.split(sep)
        if len(parts) > 2:
            if not re.fullmatch(groups % re.escape(sep), s):
                raise NumberError("grouping")
            return _finish(sign + s.replace(sep, ""), integer, 0)
        if integer and len(parts[1]) == 3:
            return _finish(sign + s.replace(sep, ""), integer, 0)
        return _finish(sign + s.replace(sep, "."), integer, len(parts[1]))
    return _finish(sign + s, integer, 0)


def _finish(s: str, integer: bool, decimals: int) -> tuple[float, int]:
    value = float(s)
    if integer and not value.is_integer():
        raise NumberError("not_number")
    return value, decimals


class Shared(dict):
    """Metadata kept in ``frame.attrs`` that pandas need not copy: pandas deep-copies attrs at every operation on a
    frame (thousands of times for the PAPI panel); this dict is never modified after it is made, so a copy is itself."""

    def __deepcopy__(self, memo: dict) -> "Shared":
        return self


def parse_columns(frame: pd.DataFrame, columns: list[Column], file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert number/integer/year columns; every cell that is not a number becomes a Problem.

    ``out.attrs["decimals"]`` keeps, per number column, the decimals typed in each row (a total typed to
    one decimal is checked with the tolerance of one decimal).
    """
    out = frame.copy()
    headers = frame.attrs.get("headers", {})
    sheet = frame.attrs.get("sheet")
    problems: list[Problem] = []
    decimals: dict[str, list[int]] = {}
    rows = frame[ROW].tolist()
    for col in columns:
        if col.kind == "text":
            continue
        shown = headers.get(col.name, col.label)
        values, typed = [], []
        integer = col.kind in ("integer", "year")
        for cell, row in zip(frame[col.name].tolist(), rows):  # (plain lists: a column's cells read one by one)
            if cell == "\x00formula":
                values.append(None)
                typed.append(0)
                continue
            try:
                parsed = _parse(cell, integer)
                v, places = parsed if parsed is not None else (None, 0)
            except NumberError as err:
                places = 0
                if err.kind == "grouping":
                    problems.append(Problem(file, int(row), shown, text("raw.cell.grouping", text=cell),
                                            text("raw.cell.grouping.fix"), sheet))
                else:
                    problems.append(Problem(file, int(row), shown, text("raw.cell.not_number", text=cell),
                                            text("raw.cell.not_integer.fix" if integer else "raw.cell.not_number.fix"), sheet))
                v = None
            if v is None and col.required and cell == "":
                problems.append(Problem(file, int(row), shown, text("raw.cell.empty"), text("raw.cell.empty.fix"), sheet))
            values.append(v)
            typed.append(places)
        out[col.name] = pd.array(values, dtype="Float64")
        decimals[col.name] = tuple(typed)
    out.attrs["decimals"] = Shared(decimals)
    return out, problems
