"""The province's own assessments of its units, one raw row per unit with component columns:
DGI (districts), e-government maturity (departments, districts, communes), the provincial PAR
index (departments and districts) and the use of online public services (the province).

Each index is described by its spec in ``qnindex.indices.specs``; one loader reads them all the same way.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from qnindex.core.messages import Text, say, text
from qnindex.data import registry
from qnindex.data.readers import ROW, Column
from qnindex.data.schema import check, finish_tidy
from qnindex.indices.checks import published_aggregate_problems, published_rank_problems
from qnindex.indices.specs import IndexSpec
from qnindex.data.loading import (check_year, duplicate_units, fraction_problems, parse_sources, problem, raise_if,
                                  read_and_parse, records, resolve_units, tolerance)


def columns(spec: IndexSpec) -> list[Column]:
    """The columns of an own assessment's file, the first header of each as its template writes it."""
    cols = [Column("year", ("năm",), "year"),
            Column("unit", ("đơn vị", "tên đơn vị", "don vi", "province", "tỉnh")),
            Column("group", ("khối", "nhóm"), required=False)]
    cols += [Column(c.name, (c.label_vi, c.label_en, *c.headers), "number", required=True) for c in spec.components]
    cols += [Column("total", ("tổng điểm", "tổng", "chỉ số", "điểm", "tỷ lệ", "rate"), "number",
                    required=not spec.components),
             Column("rank", ("xếp hạng", "thứ hạng", "hạng"), "integer", required=False),
             Column("source", ("nguồn",), required=False),
             Column("components_source", ("nguồn điểm thành phần",), required=False),
             Column("note", ("ghi chú",), required=False),
             Column("note_en", ("ghi chú tiếng Anh", "ghi chú (tiếng Anh)", "note (English)", "English note"), required=False)]
    return cols


def load_unit_index(spec: IndexSpec, year: int, path: Path, file: str, meta: dict) -> pd.DataFrame:
    """An internal index for ``year`` as a tidy table: components, total and any published rank per unit.

    A ``rank`` typed into the raw file is a rank the province published; the total is checked against
    its components (sum or mean) when both are given, and computed when the total is left empty.
    ``source`` is the source of the total; ``components_source`` (default: the same) that of the components.
    ``file`` names ``path`` in messages and rows; ``meta`` is the index's provenance (its published aggregates).
    """
    index = spec.id
    frame, problems = read_and_parse(path, columns(spec), file)
    problems += check_year(frame, year, file)
    groups = spec.groups_in(year)
    group = groups[0] if len(groups) == 1 else None
    if group is not None:
        frame["group"] = frame["group"].where(frame["group"] != "", group)
    ids, unit_problems = resolve_units(frame, year, file)
    problems += unit_problems
    sources, source_problems = parse_sources(frame, file)
    problems += source_problems
    frame["components_source"] = frame["components_source"].where(frame["components_source"] != "", frame["source"])
    component_sources, more = parse_sources(frame, file, "components_source")
    problems += more
    problems += duplicate_units(frame, ids, year)
    if spec.measure == "rate":
        problems += fraction_problems(frame, "total")
    frame["unit_id"], frame["source"], frame["components_source"] = ids, sources, component_sources
    groups_vi = " / ".join(registry.GROUP_NAMES["vi"][g] for g in groups)
    groups_en = " or ".join(registry.GROUP_NAMES["en"][g] for g in groups)
    for uid, row in zip(frame["unit_id"], frame[ROW]):
        if isinstance(uid, str) and registry.get(uid).group not in groups:
            name = registry.name_in_year(uid, year)
            problems.append(problem(frame, int(row), "unit",
                                    Text(text("raw.unit.wrong_group", name=name, groups=groups_vi).vi,
                                         text("raw.unit.wrong_group", name=name, groups=groups_en).en),
                                    text("raw.unit.wrong_group.fix")))
    schema = pa.DataFrameSchema({
        **{c.name: pa.Column(float, pa.Check.in_range(0, c.max_value), nullable=True) for c in spec.components},
        "total": pa.Column(float, pa.Check.in_range(0, spec.max_value), nullable=True),
        "rank": pa.Column(float, pa.Check.greater_than_or_equal_to(1), nullable=True),
    }, coerce=True)
    fixes = {c.name: text("raw.points.fix", high=f"{c.max_value:g}", label=c.label_vi) for c in spec.components}
    fixes |= {"total": text("raw.rate.fix") if spec.measure == "rate" else text("raw.total.fix", high=f"{spec.max_value:g}")}
    problems += check(frame, schema, file, fixes, rename={"unit_id": "unit"})
    totals = []
    typed = frame.attrs.get("decimals", {})
    for i, rec in enumerate(records(frame)):
        parts = [rec[c.name] for c in spec.components]
        computed = None
        if spec.components and all(pd.notna(p) for p in parts):
            computed = float(sum(parts)) if spec.total_rule == "sum" else float(sum(parts)) / len(parts)
        given = rec["total"]
        if computed is not None and pd.notna(given):
            # the total and the components were each rounded as typed: the check allows exactly that
            part_tol = [tolerance(int(typed.get(c.name, [0] * len(frame))[i])) for c in spec.components]
            allowed = tolerance(int(typed.get("total", [0] * len(frame))[i])) + (
                sum(part_tol) if spec.total_rule == "sum" else sum(part_tol) / len(part_tol)) + 1e-9
            if abs(computed - given) > allowed:
                rule_vi, rule_en = ("tổng", "sum") if spec.total_rule == "sum" else ("trung bình cộng", "mean")
                shown_given, shown_computed = f"{given:g}".replace(".", ","), f"{computed:.2f}".replace(".", ",")
                problems.append(problem(frame, int(rec[ROW]), "total",
                                        Text(text("raw.total.rule", given=shown_given, rule=rule_vi, computed=shown_computed).vi,
                                             text("raw.total.rule", given=f"{given:g}", rule=rule_en,
                                                  computed=f"{computed:.2f}").en),
                                        text("raw.total.rule.fix", tolerance=f"{allowed:.3f}".rstrip("0").rstrip(".").replace(".", ","))
                                        if allowed > 1e-6 else text("raw.total.rule.fix.exact")))
        totals.append(float(given) if pd.notna(given) else (computed if computed is not None else float("nan")))
    raise_if(problems)
    frame["total"] = totals
    rows = []
    for rec in records(frame):
        unit = registry.get(rec["unit_id"])
        common = {"index": index, "year": year, "unit_id": unit.unit_id,
                  "unit_name": registry.name_in_year(unit.unit_id, year), "level": unit.level,
                  "group": unit.group, "weight": float("nan"), "source_file": file,
                  "source_row": int(rec[ROW]), "note": rec["note"],
                  "note_en": rec["note_en"]}
        for c in spec.components:
            rows.append({**common, "component": c.name, "measure": spec.measure, "value": float(rec[c.name]),
                         "max_value": c.max_value, "source": rec["components_source"]})
        rows.append({**common, "component": "total", "measure": spec.measure, "value": rec["total"],
                     "max_value": float(spec.max_value), "source": rec["source"]})
        if pd.notna(rec["rank"]):
            rows.append({**common, "component": "total", "measure": "rank", "value": float(rec["rank"]),
                         "max_value": float(len(frame)), "source": "published"})
    tidy = finish_tidy(pd.DataFrame(rows))
    raise_if(published_rank_problems(tidy, file) + published_aggregate_problems(spec, tidy, file, meta))
    return tidy


def component_label(spec: IndexSpec, component: str, lang: str = "vi", short: bool = False) -> str:
    """Display name of a component of an internal index (``short``: its column header where space is short)."""
    if component == "total":
        return say("common.total", lang)
    for c in spec.components:
        if c.name == component:
            shortened = (c.short_vi if lang == "vi" else c.short_en) if short else ""
            return shortened or (c.label_vi if lang == "vi" else c.label_en)
    raise KeyError(component)

