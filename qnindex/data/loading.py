"""What every loader does the same way: find the year's file, parse it, resolve unit names."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.data import registry
from qnindex.core.errors import Problem, RawDataError, TemplateNotFilled, display_path
from qnindex.core.paths import raw_dir
from qnindex.data.readers import ROW, Column, parse_columns, read_table

SOURCE_VALUES = {
    "published": "published", "công bố": "published", "cong bo": "published",
    "illustrative": "illustrative", "minh họa": "illustrative", "minh hoạ": "illustrative",
    "minh hoa": "illustrative",
}
GROUP_VALUES = {
    "department": "department", "sở, ban, ngành": "department", "sở ban ngành": "department", "sở": "department",
    "district": "district", "cấp huyện": "district", "huyện": "district",
    "central": "central", "cơ quan trung ương": "central", "trung ương": "central",
    "commune": "commune", "cấp xã": "commune", "xã": "commune",
    "province": "province", "tỉnh": "province",
}



def read_and_parse(path: Path, columns: list[Column]) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a raw file and convert its number columns, collecting every problem.

    A file whose number columns are all empty is a template not filled in yet (TemplateNotFilled).
    """
    frame = read_table(path, columns)
    numeric = [c.name for c in columns if c.kind in ("number", "integer")]
    if numeric and (frame[numeric] == "").all().all():
        raise TemplateNotFilled([Problem(display_path(path), None, None, "the template has not been filled in yet",
                                         "fill in the values, or remove the file if there are no data this year")])
    return parse_columns(frame, columns, display_path(path))


def check_year(frame: pd.DataFrame, year: int, file: str, column: str = "year") -> list[Problem]:
    """Every row's year must be the year the file is loaded for (the year in its name)."""
    wrong = [(int(v), int(row)) for v, row in zip(frame[column], frame[ROW]) if pd.notna(v) and int(v) != year]
    if wrong and len(wrong) == len(frame) and len({v for v, _ in wrong}) == 1:
        other = wrong[0][0]
        return [Problem(file, wrong[0][1], column,
                        f"every row (rows {wrong[0][1]}–{wrong[-1][1]}) says {other} but the file is for {year}",
                        f"rename the file for {other}, or correct the year column")]
    return [Problem(file, row, column, f"year {v} in a file loaded for {year}",
                    f"write {year}, or move the row to the {v} file") for v, row in wrong]


def resolve_units(frame: pd.DataFrame, year: int, file: str, column: str = "unit",
                  group_column: str | None = "group") -> tuple[list[str | None], list[Problem]]:
    """Registry ids for the names in ``column``; unknown or out-of-period names become Problems."""
    ids: list[str | None] = []
    problems: list[Problem] = []
    for rec in frame.to_dict("records"):
        row = int(rec[ROW])
        group = None
        if group_column and rec.get(group_column):
            group = GROUP_VALUES.get(rec[group_column].casefold())
            if group is None:
                problems.append(Problem(file, row, group_column, f"unknown group '{rec[group_column]}'",
                                        "write department, district or central"))
        try:
            unit = registry.resolve(rec[column], year=year, group=group)
            ids.append(unit.unit_id)
        except registry.UnknownUnitError as err:
            fix = "write the unit's name as the registry has it (closest names above)" if err.suggestions \
                else "write the unit's full registry name"
            problems.append(Problem(file, row, column, str(err), fix))
            ids.append(None)
        except registry.InvalidInYearError as err:
            fix = f"report it under '{registry.get(err.unit.successor).name_vi}'" if err.unit.successor else \
                "remove the row"
            problems.append(Problem(file, row, column, str(err), fix))
            ids.append(None)
    return ids, problems


def parse_sources(frame: pd.DataFrame, file: str, column: str = "source") -> tuple[list[str], list[Problem]]:
    """published / illustrative per row (Vietnamese words accepted); empty means illustrative."""
    values, problems = [], []
    for text, row in zip(frame[column], frame[ROW]):
        key = (text or "illustrative").casefold()
        if key not in SOURCE_VALUES:
            problems.append(Problem(file, int(row), column, f"unknown source '{text}'",
                                    "write published or illustrative"))
        values.append(SOURCE_VALUES.get(key, "illustrative"))
    return values, problems


def raise_if(problems: list[Problem]) -> None:
    """Raise one RawDataError carrying every problem, ordered by row."""
    if problems:
        raise RawDataError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
