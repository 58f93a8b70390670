"""The tidy table every loader returns, and the bridge from pandera's failures to Problems.

One long table for all indices: one row per (index, year, unit, component, measure). Columns:

- ``index``: which index (``sipas_qn``, ``papi``, ``par_index``, ...); ``year``: the index year.
- ``unit_id``/``unit_name``: the registry id and the unit's Vietnamese name in that year.
- ``level``: administrative level (province, provincial, district, commune);
  ``group``: grouping inside the index (province, department, district, central, commune).
- ``component``: ``total`` or a component/dimension name; ``measure``: rate, score, points, rank.
- ``value``/``max_value``: the number and the scale's maximum (100 for a rate in %).
- ``weight``: what the value is averaged with (respondents for satisfaction surveys), else empty.
- ``source``: ``published`` (a value an official source printed) or ``illustrative`` (sample data
  made up to complete a table) — set per row; ``source_file``/``source_row``: where it was read.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from qnindex.core.errors import Problem
from qnindex.core.messages import Text, plain, text
from qnindex.core.settings import YEARS
from qnindex.data.readers import ROW

TIDY_COLUMNS = [
    "index", "year", "unit_id", "unit_name", "level", "group", "component", "measure",
    "value", "max_value", "weight", "source", "source_file", "source_row", "note", "note_en",
]
SOURCES = ("published", "illustrative")
MEASURES = ("rate", "score", "points", "rank", "rank_at_most", "rank_at_least")
LEVELS = ("country", "province", "provincial", "district", "commune")  # country: a national average

tidy_schema = pa.DataFrameSchema(
    {
        "index": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(*YEARS)),
        "unit_id": pa.Column(str),
        "unit_name": pa.Column(str),
        "level": pa.Column(str, pa.Check.isin(LEVELS)),
        "group": pa.Column(str),
        "component": pa.Column(str),
        "measure": pa.Column(str, pa.Check.isin(MEASURES)),
        "value": pa.Column(float, nullable=True),
        "max_value": pa.Column(float, nullable=True),
        "weight": pa.Column(float, nullable=True),
        "source": pa.Column(str, pa.Check.isin(SOURCES)),
        "source_file": pa.Column(str),
        "source_row": pa.Column(int),
        "note": pa.Column(str),  # as typed (Vietnamese in the bundled files: "ghi chú")
        "note_en": pa.Column(str),  # the English note beside it (an English reader's)
    },
    checks=[
        pa.Check(lambda d: ~d.duplicated(["index", "year", "unit_id", "component", "measure"]),
                 error="one value per index, year, unit, component and measure"),
        pa.Check(lambda d: d["max_value"].isna() | d["value"].isna() | (d["value"] <= d["max_value"] + 1e-9),
                 error="value above its maximum"),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)


TIDY_TYPES = {c: ("int64" if c in ("year", "source_row") else "float64" if c in ("value", "max_value", "weight")
                  else "str") for c in TIDY_COLUMNS}  # the dtypes the schema coerces to, set before it checks


def empty_tidy() -> pd.DataFrame:
    """A tidy table with no rows and the right columns."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in TIDY_TYPES.items()})


def validate_tidy(*tables: pd.DataFrame) -> None:
    """Check tidy tables against the schema in one pass (pandera's cost is per call, not per row: a year's forty
    tables are checked at once). Raises pandera's SchemaError on the first table that breaks a rule."""
    frames = [t for t in tables if len(t)]
    tidy_schema.validate(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] if frames
                         else empty_tidy())


def check(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str,
          fixes: dict[str, object] | None = None, rename: dict[str, str] | None = None) -> list[Problem]:
    """Validate a raw frame (with ``_row``) against ``schema``; every failing cell becomes a Problem.

    ``fixes`` maps a column to the advice shown to the person who fixes the file; ``rename`` maps a
    derived column (``unit_id``) to the file's column that a person edits (``unit``). Columns are named
    by their headers as written in the file.
    """
    fixes = fixes or {}
    rename = rename or {}
    headers = frame.attrs.get("headers", {})
    sheet = frame.attrs.get("sheet")
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        cases = err.failure_cases
        for rec in cases.to_dict("records"):
            idx = rec.get("index")
            row = int(frame.loc[idx, ROW]) if idx is not None and pd.notna(idx) and idx in frame.index else None
            column = rec.get("column") if isinstance(rec.get("column"), str) else None
            check_name = str(rec.get("check"))
            found = rec.get("failure_case")
            shown = rename.get(column, column)
            problems.append(Problem(file, row, headers.get(shown, shown), _explain(check_name, found),
                                    fixes.get(column or "", fixes.get(check_name, "")), sheet))
        return sorted(set(problems), key=lambda p: (p.row or 0, p.column or ""))
    return []


def _number(v: object) -> str:
    """A bound or a value as a person reads it in a message: 105,2 / 0 / 170."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).replace(".", ",")


def _explain(check_name: str, found: object) -> Text:
    """pandera's check names in words a person understands (both languages)."""
    import re

    bounds = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", check_name)]
    if check_name.startswith("in_range") and len(bounds) == 2:
        return text("raw.cell.range", found=_number(found), low=_number(bounds[0]), high=_number(bounds[1]))
    if check_name.startswith("greater_than_or_equal_to") and bounds:
        return text("raw.cell.min", found=_number(found), low=_number(bounds[0]))
    if check_name.startswith("greater_than") and bounds:
        return text("raw.cell.above", found=_number(found), low=_number(bounds[0]))
    if check_name.startswith("not_nullable"):
        return text("raw.cell.empty")
    return plain(f"{check_name}: {found}")


def finish_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Order and type a loader's output as the project's tidy table, sorted. The schema's rules are checked by the
    loading step that hands it on (``kinds.load``; a year's tables at once in ``load_year``): ``validate_tidy``.
    Built column by column (a column already of its type is kept) and ordered by one stable lexicographic sort: a
    year's forty small tables pay pandas' cost per operation, not per row."""
    import numpy as np

    columns = {}
    for col in TIDY_COLUMNS:
        if col in ("note", "note_en"):
            column = frame[col].fillna("") if col in frame else pd.Series("", index=frame.index, dtype=object)
        else:
            column = frame[col] if col in frame else pd.Series(np.nan, index=frame.index)
        columns[col] = column if str(column.dtype) == TIDY_TYPES[col] else column.astype(TIDY_TYPES[col])
    out = pd.DataFrame(columns, index=frame.index).__finalize__(frame)
    keys = [out[c] for c in SORTED_BY]
    if any(key.isna().any() for key in keys):  # (a table the schema will refuse: pandas' order, empty keys last)
        return out.sort_values(SORTED_BY).reset_index(drop=True)
    return out.take(np.lexsort([key.to_numpy() for key in reversed(keys)])).reset_index(drop=True)


SORTED_BY = ["index", "year", "group", "unit_id", "component", "measure"]  # a tidy table's order
