"""What every loader does the same way: read and parse the file, check years, resolve unit names and
sources, and raise every problem found at once (with the headers as written in the file)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from qnindex.core.errors import Problem, RawDataError
from qnindex.core.messages import text
from qnindex.core.text import name_key
from qnindex.data import registry
from qnindex.data.readers import ROW, Column, parse_columns, read_table, records

SOURCE_VALUES = {
    "published": "published", "công bố": "published", "cong bo": "published",
    "illustrative": "illustrative", "minh họa": "illustrative", "minh hoạ": "illustrative",
    "minh hoa": "illustrative",
}
GROUP_VALUES = {
    "department": "department", "sở, ban, ngành": "department", "sở ban ngành": "department", "sở": "department",
    "district": "district", "cấp huyện": "district", "huyện": "district", "ubnd cấp huyện": "district",
    "central": "central", "cơ quan trung ương": "central", "trung ương": "central",
    "commune": "commune", "cấp xã": "commune", "xã": "commune",
    "province": "province", "tỉnh": "province",
}
GROUP_VALUES |= {name_key(name): group for names in registry.GROUP_NAMES.values() for group, name in names.items()}


def read_and_parse(path: Path, columns: list[Column], shown: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a raw file (named ``shown`` in messages) and convert its number columns, collecting every problem.

    A file whose units are listed but none has a value is a template not filled in yet (TemplateNotFilled);
    a row whose values are all empty is a unit not assessed this year and is skipped.
    """
    frame = read_table(path, columns, shown=shown)
    return parse_columns(frame, columns, shown)


def header(frame: pd.DataFrame, column: str) -> str:
    """The header of ``column`` as written in the file (what a person looks for)."""
    return frame.attrs.get("headers", {}).get(column, column)


def problem(frame: pd.DataFrame, row: int | None, column: str | None, message, fix="") -> Problem:
    """A Problem in the file ``frame`` was read from, naming the column by its header as written."""
    return Problem(frame.attrs.get("file", ""), row, header(frame, column) if column else None, message, fix,
                   frame.attrs.get("sheet"))


def check_year(frame: pd.DataFrame, year: int, file: str, column: str = "year") -> list[Problem]:
    """Every row's year must be the year the file is loaded for (the year in its name)."""
    wrong = [(int(v), int(row)) for v, row in zip(frame[column], frame[ROW]) if pd.notna(v) and int(v) != year]
    if wrong and len(wrong) == len(frame) and len({v for v, _ in wrong}) == 1:
        other = wrong[0][0]
        return [problem(frame, wrong[0][1], column,
                        text("raw.year.all", first=wrong[0][1], last=wrong[-1][1], found=other, year=year),
                        text("raw.year.all.fix", found=other))]
    return [problem(frame, row, column, text("raw.year.one", found=v, year=year), text("raw.year.one.fix", found=v, year=year))
            for v, row in wrong]


def _group_word(group: str) -> str:
    return registry.GROUP_NAMES["vi"].get(group, group)


def resolve_units(frame: pd.DataFrame, year: int, file: str, column: str = "unit",
                  group_column: str | None = "group", on: date | None = None) -> tuple[list[str | None], list[Problem]]:
    """Registry ids for the names in ``column`` (units valid on the reference date ``on``, default 31/12 of
    ``year``); unknown or out-of-period names become Problems that name units, never ids."""
    ids: list[str | None] = []
    problems: list[Problem] = []
    day = on or date(year, 12, 31)
    for rec in records(frame, [ROW, column, *([group_column] if group_column in frame.columns else [])]):
        row = int(rec[ROW])
        group = None
        if group_column and rec.get(group_column):
            group = GROUP_VALUES.get(name_key(rec[group_column]))
            if group is None:
                # the local level of the year in the registry: districts, or communes once districts are gone (1/7/2025)
                local = "district" if registry.units_in("district", year) else "commune"
                allowed = ", ".join(registry.GROUP_NAMES["vi"][g] for g in ("department", local, "central"))
                problems.append(problem(frame, row, group_column, text("raw.group.unknown", text=rec[group_column]),
                                        text("raw.group.unknown.fix", allowed=allowed)))
        try:
            unit = registry.resolve(rec[column], year=year, group=group)
            if not unit.valid_on(day):
                raise registry.InvalidInYearError(unit, year)
            ids.append(unit.unit_id)
        except registry.UnknownUnitError as err:
            where = str(text("raw.unit.unknown.where", group=_group_word(group))) if group else ""
            if err.suggestions:
                fix = text("raw.unit.unknown.fix", suggestions=", ".join(err.suggestions))
            else:
                fix = text("raw.unit.unknown.nofix")
            message = text("raw.unit.ambiguous", name=rec[column], names=err.detail) if err.ambiguous else \
                text("raw.unit.unknown", name=rec[column], where=where)
            problems.append(problem(frame, row, column, message, text("raw.unit.ambiguous.fix") if err.ambiguous else fix))
            ids.append(None)
        except registry.InvalidInYearError as err:
            shown_day = f"{day.day}/{day.month}/{day.year}"
            successor = registry.successor_in(err.unit.unit_id, year) if err.unit.successor else ""
            if successor and successor != err.unit.unit_id:
                name = registry.name_in_year(successor, year)
                message = text("raw.unit.not_in_year.successor", name=rec[column], day=shown_day, successor=name)
                fix = text("raw.unit.not_in_year.fix", successor=name)
            else:
                message = text("raw.unit.not_in_year", name=rec[column], day=shown_day)
                fix = text("raw.unit.not_in_year.remove")
            problems.append(problem(frame, row, column, message, fix))
            ids.append(None)
    return ids, problems


def duplicate_units(frame: pd.DataFrame, ids: list[str | None], year: int, column: str = "unit") -> list[Problem]:
    """Every row of a unit that appears more than once, named as the registry names it that year."""
    seen: dict[str, list[int]] = {}
    for uid, row in zip(ids, frame[ROW]):
        if uid:
            seen.setdefault(uid, []).append(int(row))
    return [problem(frame, row, column, text("raw.unit.twice", name=registry.name_in_year(uid, year)), text("raw.unit.twice.fix"))
            for uid, rows in seen.items() if len(rows) > 1 for row in rows]


def parse_sources(frame: pd.DataFrame, file: str, column: str = "source") -> tuple[list[str], list[Problem]]:
    """published / illustrative per row (Vietnamese words accepted); empty means illustrative."""
    values, problems = [], []
    for value, row in zip(frame[column], frame[ROW]):
        key = (value or "illustrative").casefold()
        if key not in SOURCE_VALUES:
            problems.append(problem(frame, int(row), column, text("raw.source.unknown", text=value),
                                    text("raw.source.unknown.fix")))
        values.append(SOURCE_VALUES.get(key, "illustrative"))
    return values, problems


def fraction_problems(frame: pd.DataFrame, column: str) -> list[Problem]:
    """A rate column whose every value looks like a fraction (0,9346) was typed or formatted wrongly."""
    values = frame[column].astype("Float64").dropna()
    if len(values) == 0 or not (values <= 1.0).all() or not (values > 0).any():
        return []
    first = frame.loc[values.index[0]]
    example = str(first[column]).replace(".", ",")
    typed = frame.attrs.get("typed", {}).get(column)
    shown = f"{float(values.iloc[0]):.4f}".rstrip("0").replace(".", ",") if typed is None else example
    percent = f"{float(values.iloc[0]) * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return [problem(frame, int(first[ROW]), column, text("raw.cell.fraction", example=shown),
                    text("raw.cell.fraction.fix", example=shown, percent=percent))]


def tolerance(decimals: int) -> float:
    """The largest difference rounding to ``decimals`` can explain (83,9 stands for 83,85–83,95); a whole
    number is taken as exact."""
    return 0.5 * 10 ** (-decimals) if decimals else 0.0


def raise_if(problems: list[Problem]) -> None:
    """Raise one RawDataError carrying every problem (each once), ordered by row."""
    if problems:
        raise RawDataError(sorted(dict.fromkeys(problems), key=lambda p: (p.row or 0, p.column or "")))


__all__ = ["read_and_parse", "check_year", "resolve_units", "duplicate_units", "parse_sources", "fraction_problems",
           "tolerance", "raise_if", "problem", "header"]
