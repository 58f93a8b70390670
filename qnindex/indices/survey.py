"""A survey of the province's units (the kind ``survey``; bundled: the provincial SIPAS, ``sipas_qn``): citizens'
satisfaction with each department, locality and central agency. One raw row per unit: group, respondents, rate in %."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from qnindex.core.messages import text
from qnindex.data import registry
from qnindex.data.readers import ROW, Column
from qnindex.data.schema import check, finish_tidy
from qnindex.indices.checks import published_aggregate_problems, published_rank_problems
from qnindex.indices.specs import IndexSpec
from qnindex.data.loading import (check_year, duplicate_units, fraction_problems, parse_sources, raise_if,
                                  read_and_parse, resolve_units)

COLUMNS = [
    Column("year", ("năm", "nam"), "year"),
    Column("group", ("khối", "nhóm", "nhom"), required=False),
    Column("unit", ("đơn vị", "don vi", "tên đơn vị", "cơ quan")),
    Column("respondents", ("số phiếu", "so phieu", "số người trả lời", "n"), "integer"),
    Column("satisfaction_pct", ("tỷ lệ hài lòng (%)", "tỷ lệ hài lòng", "tỉ lệ hài lòng", "ty le hai long", "satisfaction"),
           "number"),
    Column("rank", ("xếp hạng trong khối", "xếp hạng", "thứ hạng", "hạng"), "integer", required=False),
    Column("source", ("nguồn", "nguon"), required=False),
    Column("note", ("ghi chú", "ghi chu"), required=False),
    Column("note_en", ("ghi chú tiếng Anh", "ghi chú (tiếng Anh)", "note (English)", "English note"), required=False),
]

BOUNDS = {"satisfaction_pct": (0.0, 100.0), "respondents": (1, None), "rank": (1, None)}  # (lowest, highest)
TEMPLATE = ("group", "unit", "respondents", "satisfaction_pct")  # the yearly template's columns after 'Năm'
# the columns, their bounds and the template are written here once: the loader, the validator and the template
# (``qnindex.kinds.survey``) read them


def _check(low, high) -> pa.Check:
    return pa.Check.in_range(low, high) if high is not None else pa.Check.greater_than_or_equal_to(low)


raw_schema = pa.DataFrameSchema(
    {name: pa.Column(float, _check(low, high), nullable=True) for name, (low, high) in BOUNDS.items()},
    coerce=True,
)
FIXES = {"satisfaction_pct": text("raw.rate.fix"), "respondents": text("raw.respondents.fix")}


def load_survey(spec: IndexSpec, year: int, path: Path, file: str, meta: dict) -> pd.DataFrame:
    """A survey of the province's units (``spec``) for ``year`` from ``path`` (named ``file``) as a validated tidy
    table (one row per unit), checked against the aggregates its producer published (``meta``: its provenance)."""
    index = spec.id
    frame, problems = read_and_parse(path, COLUMNS, file)
    problems += check_year(frame, year, file)
    ids, unit_problems = resolve_units(frame, year, file)
    problems += unit_problems
    sources, source_problems = parse_sources(frame, file)
    problems += source_problems
    problems += duplicate_units(frame, ids, year)
    frame["unit_id"] = ids
    frame["source"] = sources
    problems += check(frame, raw_schema, file, FIXES, rename={"unit_id": "unit"})
    problems += fraction_problems(frame, "satisfaction_pct")
    raise_if(problems)
    units = [registry.get(u) for u in frame["unit_id"]]
    tidy = pd.DataFrame({
        "index": index,
        "year": year,
        "unit_id": frame["unit_id"],
        "unit_name": [registry.name_in_year(u.unit_id, year) for u in units],
        "level": [u.level for u in units],
        "group": [u.group for u in units],
        "component": "total",
        "measure": "rate",
        "value": frame["satisfaction_pct"].astype(float),
        "max_value": 100.0,
        "weight": frame["respondents"].astype(float),
        "source": frame["source"],
        "source_file": file,
        "source_row": frame[ROW].astype(int),
        "note": frame["note"],
        "note_en": frame["note_en"],
    })
    ranked = frame[frame["rank"].notna()]
    if len(ranked):  # a rank in its group that the province published (the block's leader)
        ranks = tidy[tidy["unit_id"].isin(set(ranked["unit_id"]))].copy()
        ranks["measure"], ranks["weight"], ranks["source"] = "rank", float("nan"), "published"
        ranks["value"] = ranks["unit_id"].map(ranked.set_index("unit_id")["rank"]).astype(float)
        ranks["max_value"] = ranks["group"].map(tidy["group"].value_counts()).astype(float)
        tidy = pd.concat([tidy, ranks], ignore_index=True)
    tidy = finish_tidy(tidy)
    raise_if(published_rank_problems(tidy, file) + published_aggregate_problems(spec, tidy, file, meta))
    return tidy
