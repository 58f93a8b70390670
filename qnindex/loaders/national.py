"""National indices in which Quảng Ninh competes with the other provinces (PAR INDEX, SIPAS, ICT
Index, PCI), read from the ministry's annual table: one row per province with score and rank.

A full 63-row table and a partial one (only the provinces a source published) load the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import registry
from ..errors import Problem, display_path
from ..provenance import provenance
from ..readers import ROW, Column
from ..schema import check, finish_tidy
from .common import check_year, find_raw_file, parse_sources, raise_if, read_and_parse, resolve_units


@dataclass(frozen=True)
class NationalIndex:
    """How one national index is scaled and which component columns its table has."""

    index: str
    measure: str
    max_value: float
    components: dict[str, tuple[str, ...]] = field(default_factory=dict)


NATIONAL = {
    "par_index": NationalIndex("par_index", "score", 100.0),
    "sipas": NationalIndex("sipas", "rate", 100.0),
    "pci": NationalIndex("pci", "score", 100.0),
    "ict_index": NationalIndex("ict_index", "score", 1.0, {
        "technical_infrastructure": ("hạ tầng kỹ thuật", "ha tang ky thuat"),
        "human_resources": ("hạ tầng nhân lực", "nhân lực", "ha tang nhan luc"),
        "it_application": ("ứng dụng cntt", "ung dung cntt"),
    }),
}
LABELS = {
    "par_index": ("PAR INDEX", "PAR INDEX"), "sipas": ("SIPAS", "SIPAS"),
    "pci": ("PCI", "PCI"), "ict_index": ("ICT Index", "ICT Index"), "papi": ("PAPI", "PAPI"),
}


def _columns(spec: NationalIndex) -> list[Column]:
    cols = [
        Column("year", ("năm",), "year"),
        Column("province", ("tỉnh", "tỉnh, thành phố", "tinh", "địa phương")),
        Column("score", ("điểm", "chỉ số", "giá trị", "diem"), "number", required=False),
        Column("rank", ("xếp hạng", "thứ hạng", "hạng"), "integer", required=False),
        Column("rank_at_most", ("trong nhóm",), "integer", required=False),
        Column("rank_at_least", (), "integer", required=False),
        Column("source", ("nguồn",), required=False),
        Column("source_url", ("link", "url", "đường dẫn"), required=False),
        Column("note", ("ghi chú",), required=False),
    ]
    cols += [Column(name, headers, "number", required=False) for name, headers in spec.components.items()]
    return cols


def load_national(index: str, year: int, path: Path | str | None = None) -> pd.DataFrame:
    """A national index for ``year`` as a tidy table: score, components and published ranks per province."""
    spec = NATIONAL[index]
    meta = provenance(index)
    n_ranked = float(meta.get("ranked_units", 63))
    path = Path(path) if path else find_raw_file(index, index, year)
    file = display_path(path)
    columns = _columns(spec)
    frame, problems = read_and_parse(path, columns)
    problems += check_year(frame, year, file)
    ids, unit_problems = resolve_units(frame, year, file, column="province", group_column=None)
    problems += unit_problems
    sources, source_problems = parse_sources(frame, file)
    problems += source_problems
    frame["unit_id"], frame["source"] = ids, sources
    rank_check = pa.Check.in_range(1, n_ranked)
    schema = pa.DataFrameSchema({
        "score": pa.Column(float, pa.Check.in_range(0, spec.max_value), nullable=True),
        "rank": pa.Column(float, rank_check, nullable=True),
        "rank_at_most": pa.Column(float, rank_check, nullable=True),
        "rank_at_least": pa.Column(float, rank_check, nullable=True),
        "unit_id": pa.Column(str, unique=True, nullable=True),
        **{c: pa.Column(float, pa.Check.in_range(0, spec.max_value), nullable=True) for c in spec.components},
    }, coerce=True)
    problems += check(frame, schema, file, {
        "score": f"write a score between 0 and {spec.max_value:g}",
        "rank": f"write a rank between 1 and {n_ranked:g}",
        "unit_id": "keep one row per province",
    }, rename={"unit_id": "province"})
    problems += _rank_order_problems(frame, file)
    raise_if(problems)
    rows = []
    for rec in frame.to_dict("records"):
        common = {"index": index, "year": year, "unit_id": rec["unit_id"],
                  "unit_name": registry.name_in_year(rec["unit_id"], year), "level": "province",
                  "group": "province", "weight": float("nan"), "source": rec["source"],
                  "source_file": file, "source_row": int(rec[ROW]), "note": rec["note"]}
        values = [("total", spec.measure, rec["score"], spec.max_value)]
        values += [(c, spec.measure, rec[c], spec.max_value) for c in spec.components]
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
    for rec in known.to_dict("records"):
        if best_so_far is not None and rec["rank"] <= best_so_far["rank"] and rec["score"] < best_so_far["score"]:
            better = "as good as" if rec["rank"] == best_so_far["rank"] else "better than"
            problems.append(Problem(file, int(rec[ROW]), "rank",
                                    f"rank {int(rec['rank'])} is {better} the rank {int(best_so_far['rank'])} "
                                    f"of a higher score (row {int(best_so_far[ROW])})",
                                    "check the score and rank of both rows"))
        best_so_far = rec
    return problems


def load_national_series(index: str, years: range | list[int] | None = None) -> pd.DataFrame:
    """Every available year of a national index, concatenated (years without a file are skipped)."""
    from ..paths import raw_dir

    folder = raw_dir() / index
    available = sorted(int(p.stem.rsplit("_", 1)[1]) for p in folder.glob(f"{index}_*.*")
                       if p.suffix in (".csv", ".xlsx") and p.stem.rsplit("_", 1)[1].isdigit())
    wanted = [y for y in available if years is None or y in years]
    return pd.concat([load_national(index, y) for y in wanted], ignore_index=True)
