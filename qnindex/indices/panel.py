"""PAPI from the published sub-dimension panel: sub-dimensions -> dimensions -> total, per province.

A province missing a sub-dimension that the year's index has gets no dimension score and no total:
PAPI did not publish one, and qnindex never ranks a partial sum.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from qnindex.core.errors import Problem
from qnindex.core.messages import Text, say, text
from qnindex.data import registry
from qnindex.data.loading import raise_if
from qnindex.data.readers import ROW, Column, parse_columns, read_table
from qnindex.data.schema import finish_tidy
from qnindex.indices.specs import IndexSpec

DIMENSIONS = {
    "C01": ("d1_participation", "Tham gia của người dân ở cấp cơ sở", "Participation at local levels"),
    "C02": ("d2_transparency", "Công khai, minh bạch", "Transparency"),
    "C03": ("d3_accountability", "Trách nhiệm giải trình với người dân", "Vertical accountability"),
    "C04": ("d4_corruption_control", "Kiểm soát tham nhũng trong khu vực công", "Control of corruption"),
    "C05": ("d5_procedures", "Thủ tục hành chính công", "Public administrative procedures"),
    "C06": ("d6_service_delivery", "Cung ứng dịch vụ công", "Public service delivery"),
    "C07": ("d7_environment", "Quản trị môi trường", "Environmental governance"),
    "C08": ("d8_e_governance", "Quản trị điện tử", "E-governance"),
}
NOT_PUBLISHED = {"vi": "{producer} không công bố", "en": "not published by {producer}"}  # a panel's note where a
# province has no value, in both languages (a Vietnamese table shows the first, an English one the second)


def dimension_label(component: str, lang: str = "vi") -> str:
    """The Vietnamese or English name of a PAPI dimension id (``d1_participation``) or ``total``."""
    if component == "total":
        return say("common.total", lang)
    for cid, vi, en in DIMENSIONS.values():
        if cid == component:
            return vi if lang == "vi" else en
    raise KeyError(component)


@lru_cache(maxsize=4)
def _codebooks(base: Path) -> tuple[dict[str, str], dict[str, str]]:
    provinces = pd.read_csv(base / "codebook" / "codebook_provinces.csv", dtype=str)
    subs = pd.read_csv(base / "codebook" / "codebook_subcriteria.csv", dtype=str)
    return (dict(zip(provinces["Variable_Code"], provinces["Variable_Name"])),
            dict(zip(subs["Variable_Code"], subs["Criteria_Code"])))


def load_panel(spec: IndexSpec, year: int, path: Path, file: str, base: Path) -> pd.DataFrame:
    """A panel of provinces (``spec``) for ``year`` as a tidy table, from its sub-dimension file ``path`` (named
    ``file``) and the codebooks of its folder ``base``: per province its sub-dimensions, dimensions and total (or
    NaN)."""
    index = spec.id
    province_names, parent = _codebooks(base)
    sub_codes = list(parent)
    columns = [Column("Province", ("province", "tỉnh"))] + [Column(c, (), "number", required=False)
                                                           for c in sub_codes]
    frame = read_table(path, columns, skip_blank=False, shown=file)  # a province with no value: not published by the panel
    frame, problems = parse_columns(frame, columns, file)
    ids = []
    for code, row in zip(frame["Province"], frame[ROW]):
        name = province_names.get(code, code)
        try:
            ids.append(registry.resolve(name, year=year, group="province").unit_id)
        except LookupError:
            problems.append(Problem(file, int(row), "Province", text("raw.unit.unknown", name=name, where=""),
                                    text("raw.panel.province.fix")))
            ids.append(None)
    values = frame[sub_codes].to_numpy(dtype=float, na_value=np.nan)  # provinces x sub-dimensions, NaN: none
    with np.errstate(invalid="ignore"):
        outside = (values < 0) | (values > 10)
    for j in np.flatnonzero(outside.any(axis=0)):  # each sub-dimension with a score outside 0-10, row by row
        problems += [Problem(file, int(r), sub_codes[j], Text(text("raw.panel.subdimension", value=f"{v:g}".replace(".", ",")).vi,
                                                                   text("raw.panel.subdimension", value=f"{v:g}").en), text("raw.panel.subdimension.fix"))
                     for v, r in zip(values[outside[:, j], j].tolist(), frame[ROW][outside[:, j]])]
    raise_if(problems)
    # The year's index: sub-dimensions that most provinces have.
    published = ~np.isnan(values)
    expected = [j for j, c in enumerate(sub_codes) if published[:, j].mean() > 0.5]
    dims = sorted({parent[sub_codes[j]] for j in expected})
    absent = {"vi": NOT_PUBLISHED["vi"].format(producer=spec.short_vi),
              "en": NOT_PUBLISHED["en"].format(producer=spec.short_en)}
    # per province, in this order: its sub-dimensions, its dimensions (each the sum of its sub-dimensions, in their
    # order, when all are published), its total (the sum of the dimensions, when all are published)
    blocks = [(f"sub_{sub_codes[j].lower()}", values[:, j], np.nan, published[:, j], None) for j in expected]
    dim_values = []
    for dim in dims:
        parts = [j for j in expected if parent[sub_codes[j]] == dim]
        added = sum(values[:, j] for j in parts)  # one after the other, as a person adds the published numbers
        complete = published[:, parts].all(axis=1)
        dim_values.append(np.where(complete, added, np.nan))
        blocks.append((DIMENSIONS[dim][0], dim_values[-1], 10.0, complete, None))
    complete = np.all([~np.isnan(v) for v in dim_values], axis=0) if dims else np.ones(len(frame), dtype=bool)
    added = sum(dim_values) if dims else np.zeros(len(frame))
    missing = [[DIMENSIONS[d][0] for d, v in zip(dims, dim_values) if np.isnan(v[i])] for i in range(len(frame))]
    blocks.append(("total", np.where(complete, added, np.nan), 10.0 * len(dims), complete, missing))
    n, k = len(frame), len(blocks)
    notes = [[_notes(bool(done[i]), absent, gaps[i] if gaps is not None else ()) for _c, _v, _m, done, gaps in blocks]
             for i in range(n)]
    names = [registry.name_in_year(u, year) for u in ids]
    table = pd.DataFrame({
        "index": index, "year": year,
        "unit_id": np.repeat(np.array(ids, dtype=object), k), "unit_name": np.repeat(np.array(names, dtype=object), k),
        "level": "province", "group": "province", "source": "published", "source_file": file,
        "source_row": np.repeat(frame[ROW].to_numpy(dtype=np.int64), k),
        "component": [c for c, _v, _m, _d, _g in blocks] * n, "measure": "score",
        "value": np.column_stack([v for _c, v, _m, _d, _g in blocks]).ravel() if n else np.array([], dtype=float),
        "max_value": [m for _c, _v, m, _d, _g in blocks] * n,
        "note": [note["note"] for row in notes for note in row],
        "note_en": [note["note_en"] for row in notes for note in row],
    }, index=pd.RangeIndex(n * k))
    return finish_tidy(table)


def _notes(complete: bool, absent: dict[str, str], missing: list[str] = ()) -> dict[str, str]:
    """A row's notes in both languages: none for a value published, else what the producer did not publish (and
    the dimensions missing from a total)."""
    if complete:
        return {"note": "", "note_en": ""}
    if not missing:
        return {"note": absent["vi"], "note_en": absent["en"]}
    return {"note": f"{absent['vi']}: thiếu {', '.join(missing)}", "note_en": f"{absent['en']}: missing {', '.join(missing)}"}
