"""National indices in which the provinces compete (PAR INDEX, SIPAS, PCI, ...: every index the
registry loads as ``national``), read from the producer's annual table: one row per province with score and rank.

A full 63-row table and a partial one (only the provinces a source published) load the same way.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from qnindex.core.errors import Problem
from qnindex.core.messages import text
from qnindex.data import registry
from qnindex.data.loading import (check_year, duplicate_units, fraction_problems, parse_sources, problem, raise_if,
                                  read_and_parse, records, resolve_units)
from qnindex.data.readers import ROW, Column
from qnindex.data.schema import check, empty_tidy, finish_tidy
from qnindex.indices.specs import IndexSpec


def columns(spec: IndexSpec) -> list[Column]:
    """The columns of a national ranking's file, the first header of each as its template writes it."""
    cols = [
        Column("year", ("năm",), "year"),
        Column("province", ("tỉnh, thành phố", "tỉnh", "tinh", "địa phương")),
        Column("score", ("điểm", "chỉ số", "giá trị", "diem"), "number", required=False),
        Column("rank", ("xếp hạng", "thứ hạng", "hạng"), "integer", required=False),
        Column("rank_at_most", ("trong nhóm",), "integer", required=False),
        Column("rank_at_least", (), "integer", required=False),
        Column("source", ("nguồn",), required=False),
        Column("source_url", ("đường dẫn", "link", "url"), required=False),
        Column("note", ("ghi chú",), required=False),
        Column("note_en", ("ghi chú tiếng Anh", "ghi chú (tiếng Anh)", "note (English)", "English note"), required=False),
    ]
    cols += [Column(c.name, c.headers, "number", required=False) for c in spec.components]
    return cols


def load_national(spec: IndexSpec, year: int, path: Path, file: str) -> pd.DataFrame:
    """A national index for ``year`` from ``path`` (named ``file`` in messages and rows) as a tidy table: score,
    components and published ranks per province."""
    index = spec.id
    n_ranked = float(len(registry.units_in("province", year)))  # 63 provinces to 2024, 34 from 2025
    frame, problems = read_and_parse(path, columns(spec), file)
    problems += check_year(frame, year, file)
    ids, unit_problems = resolve_units(frame, year, file, column="province", group_column=None)
    problems += unit_problems
    sources, source_problems = parse_sources(frame, file)
    problems += source_problems
    problems += duplicate_units(frame, ids, year, column="province")
    if spec.value_kind == "pct":
        problems += fraction_problems(frame, "score")
    frame["unit_id"], frame["source"] = ids, sources
    rank_check = pa.Check.in_range(1, n_ranked)
    top = spec.max_value if spec.max_value is not None else float("inf")  # no published maximum: only >= 0
    schema = pa.DataFrameSchema({
        "score": pa.Column(float, pa.Check.in_range(0, top), nullable=True),
        "rank": pa.Column(float, rank_check, nullable=True),
        "rank_at_most": pa.Column(float, rank_check, nullable=True),
        "rank_at_least": pa.Column(float, rank_check, nullable=True),
        **{c.name: pa.Column(float, pa.Check.in_range(0, top), nullable=True) for c in spec.components},
    }, coerce=True)
    problems += check(frame, schema, file, {
        "score": text("raw.score.fix", high=f"{top:g}") if spec.max_value is not None else text("raw.score.fix.positive"),
        "rank": text("raw.rank.fix", high=f"{n_ranked:g}"),
    }, rename={"unit_id": "province"})
    problems += _rank_order_problems(frame, file)
    raise_if(problems)
    rows = []
    for rec in records(frame, ["unit_id", "source", ROW, "note", "note_en", "score", *[c.name for c in spec.components],
                               "rank", "rank_at_most", "rank_at_least"]):
        common = {"index": index, "year": year, "unit_id": rec["unit_id"],
                  "unit_name": registry.name_in_year(rec["unit_id"], year), "level": "province",
                  "group": "province", "weight": float("nan"), "source": rec["source"],
                  "source_file": file, "source_row": int(rec[ROW]), "note": rec["note"],
             "note_en": rec["note_en"]}
        top_value = spec.max_value if spec.max_value is not None else float("nan")
        values = [("total", spec.measure, rec["score"], top_value)]
        values += [(c.name, spec.measure, rec[c.name], top_value) for c in spec.components]
        values += [("total", m, rec[m], n_ranked) for m in ("rank", "rank_at_most", "rank_at_least")]
        for component, measure, value, max_value in values:
            if pd.notna(value):
                rows.append({**common, "component": component, "measure": measure,
                             "value": float(value), "max_value": max_value})
    return finish_tidy(pd.DataFrame(rows))


def _rank_order_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A province with a higher score cannot have a worse published rank."""
    known = frame.dropna(subset=["score", "rank"]).sort_values("score", ascending=False)
    problems = []
    best_so_far = None
    for rec in records(known, ["score", "rank", ROW]):
        if best_so_far is not None and rec["rank"] <= best_so_far["rank"] and rec["score"] < best_so_far["score"]:
            same = rec["rank"] == best_so_far["rank"]
            problems.append(problem(frame, int(rec[ROW]), "rank",
                                    text("raw.rank.order", rank=int(rec["rank"]), other=int(best_so_far["rank"]),
                                         row=int(best_so_far[ROW]), better="bằng" if same else "cao hơn",
                                         better_en="as good as" if same else "better than"),
                                    text("raw.rank.order.fix")))
        best_so_far = rec
    return problems


AVERAGE_FILE = "national_average.csv"  # beside the yearly tables: year, score, source, source_url, note
COUNTRY = "VN"  # the unit of a national average


def load_national_average(spec: IndexSpec, year: int, path: Path, file: str) -> pd.DataFrame:
    """The national average the producer published for ``year`` (``path``: ``data/raw/<index>/national_average.csv``,
    named ``file``), as tidy rows of the country (unit ``VN``), traceable to their row; empty when none is recorded
    for the year."""
    index = spec.id
    if not path.is_file():
        return empty_tidy()
    average_columns = [Column("year", ("năm",), "integer"), Column("score", ("điểm", "bình quân", "giá trị"), "number"),
                       Column("source", ("nguồn",), required=False),
                       Column("source_url", ("đường dẫn", "link", "url"), required=False),
                       Column("note", ("ghi chú",), required=False),
                       Column("note_en", ("ghi chú tiếng Anh", "ghi chú (tiếng Anh)", "note (English)", "English note"),
                              required=False)]
    frame, problems = read_and_parse(path, average_columns, file)
    sources, source_problems = parse_sources(frame, file)
    problems += source_problems
    top = spec.max_value if spec.max_value is not None else float("inf")
    problems += check(frame, pa.DataFrameSchema({"score": pa.Column(float, pa.Check.in_range(0, top))}, coerce=True),
                      file, {"score": text("raw.score.fix", high=f"{top:g}") if spec.max_value is not None
                             else text("raw.score.fix.positive")})
    raise_if(problems)
    frame["source"] = sources
    rows = [{"index": index, "year": year, "unit_id": COUNTRY, "unit_name": "Cả nước", "level": "country",
             "group": "country", "component": "total", "measure": spec.measure, "value": float(rec["score"]),
             "max_value": spec.max_value if spec.max_value is not None else float("nan"), "weight": float("nan"),
             "source": rec["source"], "source_file": file, "source_row": int(rec[ROW]), "note": rec["note"],
             "note_en": rec["note_en"]}
            for rec in records(frame) if int(rec["year"]) == year]
    return finish_tidy(pd.DataFrame(rows)) if rows else empty_tidy()
