"""PAPI from the published sub-dimension panel: sub-dimensions -> dimensions -> total, per province.

A province missing a sub-dimension that the year's index has gets no dimension score and no total:
PAPI did not publish one, and qnindex never ranks a partial sum.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
    out_of_range = ((frame[sub_codes] < 0) | (frame[sub_codes] > 10)).any()  # one pass over every column
    for code in out_of_range[out_of_range].index:
        bad = frame[(frame[code] < 0) | (frame[code] > 10)]
        problems += [Problem(file, int(r), code, Text(text("raw.panel.subdimension", value=f"{v:g}".replace(".", ",")).vi,
                                                            text("raw.panel.subdimension", value=f"{v:g}").en), text("raw.panel.subdimension.fix"))
                     for v, r in zip(bad[code], bad[ROW])]
    raise_if(problems)
    # The year's index: sub-dimensions that most provinces have.
    expected = [c for c in sub_codes if frame[c].notna().mean() > 0.5]
    dims = sorted({parent[c] for c in expected})
    max_total = 10.0 * len(dims)
    rows = []
    absent = {"vi": NOT_PUBLISHED["vi"].format(producer=spec.short_vi),
              "en": NOT_PUBLISHED["en"].format(producer=spec.short_en)}
    for rec, unit_id in zip(frame.to_dict("records"), ids):
        unit = registry.get(unit_id)
        common = {"index": index, "year": year, "unit_id": unit_id,
                  "unit_name": registry.name_in_year(unit_id, year), "level": "province", "group": "province",
                  "source": "published", "source_file": file, "source_row": int(rec[ROW])}
        dim_values = {}
        for code in expected:
            rows.append({**common, "component": f"sub_{code.lower()}", "measure": "score",
                         "value": _num(rec[code]), "max_value": float("nan"),
                         **_notes(pd.notna(rec[code]), absent)})
        for dim in dims:
            subs = [rec[c] for c in expected if parent[c] == dim]
            complete = all(pd.notna(v) for v in subs)
            value = float(sum(subs)) if complete else float("nan")
            dim_values[dim] = value
            rows.append({**common, "component": DIMENSIONS[dim][0], "measure": "score", "value": value,
                         "max_value": 10.0, **_notes(complete, absent)})
        complete = all(pd.notna(v) for v in dim_values.values())
        missing = [DIMENSIONS[d][0] for d, v in dim_values.items() if pd.isna(v)]
        rows.append({**common, "component": "total", "measure": "score",
                     "value": float(sum(dim_values.values())) if complete else float("nan"),
                     "max_value": max_total,
                     **_notes(complete, absent, missing)})
        del unit
    return finish_tidy(pd.DataFrame(rows))


def _num(v: object) -> float:
    return float(v) if pd.notna(v) else float("nan")


def _notes(complete: bool, absent: dict[str, str], missing: list[str] = ()) -> dict[str, str]:
    """A row's notes in both languages: none for a value published, else what the producer did not publish (and
    the dimensions missing from a total)."""
    if complete:
        return {"note": "", "note_en": ""}
    if not missing:
        return {"note": absent["vi"], "note_en": absent["en"]}
    return {"note": f"{absent['vi']}: thiếu {', '.join(missing)}", "note_en": f"{absent['en']}: missing {', '.join(missing)}"}
