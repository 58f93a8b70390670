"""Tables for people: Markdown for reading and Excel for working, with the same columns.

Excel sheets get Vietnamese/English headers, number formats with the right decimals, a frozen
header row, fitted column widths, and text that starts with = + - @ stored as text (never a formula).
Workbooks are written byte-identically for the same content (fixed document dates, zip times).
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from qnindex.core.messages import words
from qnindex.data import registry
from qnindex.core.formatting import fmt_number
from qnindex.analysis.metrics import add_rank, values_only, wilson
from qnindex.render.tables import GROUP_WORDS

FIXED_TIME = datetime(2000, 1, 1)
HEADERS = words("survey_table")  # core/messages.yml, domain survey_table
SOURCE_WORDS = words("sources")  # core/messages.yml, domain sources
GROUP_ORDER = {"department": 0, "district": 1, "commune": 1, "central": 2}  # communes in the districts' place


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def risky(text: object) -> bool:
    """A text cell a spreadsheet could run as a formula (OWASP CSV injection: = + - @ tab CR first)."""
    return isinstance(text, str) and text.startswith(_FORMULA_START)


def neutralise(value: object) -> object:
    """A text cell made inert the way OWASP recommends (a leading single quote); other values unchanged."""
    return "'" + value if risky(value) else value


CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: how Excel on Windows knows the file is UTF-8


def write_csv(table: pd.DataFrame, path: Path | str) -> Path:
    """A table as CSV whose text cells cannot run as formulas; numbers stay numbers. UTF-8 with a byte-order mark
    (Excel on Windows shows "Sở Nội vụ", not "Sá»Ÿ Ná»™i vá»¥"; pandas and Python's csv read it back with
    ``encoding="utf-8-sig"``, pandas with its default too), lines ending in LF on every system."""
    path = Path(path)
    safe = table.copy()
    for col in safe.columns:
        values = safe[col]
        if pd.api.types.is_numeric_dtype(values):
            continue
        if isinstance(values.dtype, pd.StringDtype) and not values.str.startswith(_FORMULA_START).any():
            continue  # a text column with no cell to neutralise (most of them: looked at in one pass)
        safe[col] = values.map(neutralise)
    safe.to_csv(path, index=False, lineterminator="\n", encoding=CSV_ENCODING)
    return path


def survey_unit_table(tidy: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per unit: rank within its group, group, name, respondents, rate, source and data row."""
    h = HEADERS[lang]
    year = int(tidy["year"].iloc[0])
    ranked = add_rank(values_only(tidy), by="group")
    ranked = ranked.assign(_g=ranked["group"].map(GROUP_ORDER)).sort_values(["_g", "rank", "unit_id"])
    return pd.DataFrame({
        h["rank"]: ranked["rank"].astype(int).to_numpy(),
        h["group"]: ranked["group"].map(GROUP_WORDS[lang]).to_numpy(),
        h["unit"]: [registry.name_in_year(u, year, lang) for u in ranked["unit_id"]],
        h["respondents"]: ranked["weight"].astype(int).to_numpy(),
        h["value"]: ranked["value"].to_numpy(),
        h["low"]: [wilson(v, w)[0] for v, w in zip(ranked["value"], ranked["weight"])],
        h["high"]: [wilson(v, w)[1] for v, w in zip(ranked["value"], ranked["weight"])],
        h["source"]: ranked["source"].map(SOURCE_WORDS[lang]).to_numpy(),
        h["row"]: [f"{f}:{r}" for f, r in zip(ranked["source_file"], ranked["source_row"])],
    })


def cell_text(v: object, decimals: int, lang: str) -> str:
    """A table cell as people read it: a float half-up to ``decimals`` in the locale, a whole number, '–' for none."""
    if v is pd.NA or (isinstance(v, float) and v != v):
        return "–"
    if isinstance(v, float):
        return fmt_number(v, decimals, lang)
    if isinstance(v, int) and not isinstance(v, bool):
        return fmt_number(v, 0, lang)
    return str(v)


def to_markdown(table: pd.DataFrame, lang: str = "vi", decimals: dict[str, int] | None = None) -> str:
    """A pipe table; float columns formatted half-up in the locale (2 decimals unless told); a text cell a
    spreadsheet could run as a formula is neutralised."""
    decimals = decimals or {}

    def cell(col: str, v: object) -> str:
        if v is pd.NA or isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool)):
            return cell_text(v, decimals.get(col, 2), lang)
        return str(neutralise(str(v))).replace("|", "\\|")

    numeric = [pd.api.types.is_numeric_dtype(table[c]) for c in table.columns]
    lines = ["| " + " | ".join(table.columns) + " |",
             "|" + "|".join("---:" if n else ":---" for n in numeric) + "|"]
    for rec in table.itertuples(index=False):
        lines.append("| " + " | ".join(cell(c, v) for c, v in zip(table.columns, rec)) + " |")
    return "\n".join(lines) + "\n"


PRINT = words("print")  # core/messages.yml, domain print
HEADER_FONT = "Arial"  # named, so Excel, LibreOffice Calc and a printer agree (LibreOffice: metric-compatible Liberation Sans)


def write_xlsx(sheets: dict[str, pd.DataFrame | tuple[pd.DataFrame, int]], path: Path | str,
               decimals: dict[str, int] | None = None, lang: str = "vi", titles: dict[str, str] | None = None,
               sources: dict[str, str] | None = None) -> Path:
    """Write one sheet per table, formatted for people and for the printer, byte-identical for identical content.

    A sheet may be given as ``(table, d)``: its float columns then get ``d`` decimals. Each sheet prints in
    landscape on A4, as wide as the page, its header row repeated on every page, with its title (``titles``, else
    its name) at the top and its source (``sources``) and the page number at the foot.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    decimals = decimals or {}
    wb = Workbook()
    wb.remove(wb.active)
    for name, item in sheets.items():
        table, sheet_decimals = item if isinstance(item, tuple) else (item, None)
        ws = wb.create_sheet(title=name[:31])
        ws.append(list(table.columns))
        for c in ws[1]:
            c.font = Font(name=HEADER_FONT, bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="1F4E79")
            c.alignment = Alignment(wrap_text=True, vertical="center")
        for rec in table.itertuples(index=False):
            ws.append([_excel_value(v) for v in rec])
        for j, col in enumerate(table.columns, start=1):
            letter = get_column_letter(j)
            if pd.api.types.is_float_dtype(table[col]):
                d = decimals.get(col, sheet_decimals if sheet_decimals is not None else 2)
                fmt = "0." + "0" * d if d else "0"
            elif pd.api.types.is_integer_dtype(table[col]):
                fmt = "#,##0"
            else:
                fmt = "@"
            for cell in ws[letter][1:]:
                if fmt == "@" and isinstance(cell.value, str):
                    cell.number_format = fmt
                    cell.data_type = "s"  # text, even when it starts with = + - @
                    if risky(cell.value):
                        cell.quotePrefix = True  # and stays text when a person edits the cell
                elif fmt != "@":
                    cell.number_format = fmt
            width = max([len(str(col))] + [len(str(v)) for v in table[col]])
            ws.column_dimensions[letter].width = min(max(10, width + 2), 60)
        ws.freeze_panes = "A2"
        _print_setup(ws, (titles or {}).get(name, name), (sources or {}).get(name, ""), lang)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "qnindex"
    buffer = io.BytesIO()
    wb.save(buffer)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalise_zip(buffer.getvalue()))
    return path


def _print_setup(ws, title: str, source: str, lang: str) -> None:
    """Landscape A4, one page wide (as many pages long as needed), the header row on every page, the title in the
    page header, the source and "page n of N" in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.center.text = title.replace("&", "&&")[:250]  # (Excel keeps 255 characters a part)
    ws.oddHeader.center.font = f"{HEADER_FONT},Bold"
    ws.oddFooter.left.text = source.replace("&", "&&")[:250]
    ws.oddFooter.right.text = PRINT[lang]["page"]


def _excel_value(v: object) -> object:
    if v is pd.NA:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx, pptx) with fixed entry times, so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


def write_narrative(story, processed: Path, page: str) -> list[Path]:
    """The narrative of one language as Markdown and as its page (``page``: the HTML the page template made)."""
    processed = Path(processed)
    processed.mkdir(parents=True, exist_ok=True)
    md, html_path = processed / f"narrative_{story.lang}.md", processed / f"narrative_{story.lang}.html"
    md.write_text(story.markdown, encoding="utf-8")
    html_path.write_text(page, encoding="utf-8")
    return [md, html_path]


def write_ledger(story, processed: Path) -> list[Path]:
    """The claims ledger of one language (.csv, with its row sets listed once)."""
    from qnindex.analysis.ledger import with_row_sets

    ledger_path, rows_path = processed / f"ledger_{story.lang}.csv", processed / f"ledger_rows_{story.lang}.csv"
    claims, row_sets = with_row_sets(story.ledger())  # a set of many rows is listed once
    return [write_csv(claims, ledger_path), write_csv(row_sets, rows_path)]


def write_tables(tables: dict[str, tuple[pd.DataFrame, int]], sources: dict[str, str], year: int, processed: Path,
                 lang: str) -> list[Path]:
    """The year's ranking tables in one language: a workbook (one sheet per index, printable) and Markdown."""
    xlsx = processed / ("tables.xlsx" if lang == "vi" else f"tables_{lang}.xlsx")
    write_xlsx(tables, xlsx, lang=lang, titles={name: f"{name} — {year}" for name in tables}, sources=sources)
    tables_md = processed / f"tables_{lang}.md"
    tables_md.write_text("".join(f"## {name}\n\n{to_markdown(t, lang, {c: d for c in t.columns})}\n"
                                 for name, (t, d) in tables.items()), encoding="utf-8")
    return [xlsx, tables_md]
