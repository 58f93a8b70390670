"""Facts: numbers the narrative states, each carrying how it was computed and from which data rows.

A Fact is built from tidy rows with an operation (the value itself, a mean, a change, a share...);
its value is computed here and nowhere else, and ``refs`` name the rows, so the claims ledger can
trace every number back to ``file:row`` and a test can recompute it from freshly loaded data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qnindex.core.formatting import fmt_compact, fmt_number, fmt_percent

KEYS = ["index", "year", "unit_id", "component", "measure"]

OPS = {
    "value", "mean", "wmean", "sum", "count", "min", "max", "median",
    "diff",         # op_a(a) - op_b(b)
    "pct_change",   # 100 * (op_a(a) / op_b(b) - 1)
    "share",        # 100 * op_a(a) / max_value(a)
    "share_diff",   # share(a) - share(b)
    "rank",         # competition rank of a's value among b's values (descending)
    "max_value",    # the scale maximum of a's single row (e.g. 63 ranked provinces, 170 points)
}


@dataclass
class Fact:
    """A number with its provenance. ``kind``: pct (value in %), pp (percentage points), num, rank, count."""

    value: float | None
    kind: str
    op: str
    parts: list[list[dict]]
    inner: str = "value"
    decimals: int = 2
    status: str = "published"   # published | illustrative | computed
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def missing(self) -> bool:
        return self.value is None or pd.isna(self.value)

    def sources(self) -> list[str]:
        return sorted({f"{r['source_file']}:{r['source_row']}" for part in self.parts for r in part},
                      key=lambda s: (s.rsplit(":", 1)[0], int(s.rsplit(":", 1)[1])))

    def refs(self) -> list[list[dict]]:
        return [[{k: r[k] for k in KEYS} for r in part] for part in self.parts]


def _aggregate(rows: pd.DataFrame, how: str) -> float:
    v = rows["value"].astype(float)
    if how == "value":
        if len(rows) != 1:
            raise ValueError(f"'value' needs exactly one row, got {len(rows)}")
        return float(v.iloc[0])
    if how == "wmean":
        w = rows["weight"].astype(float)
        return float((v * w).sum() / w.sum())
    if how == "count":
        return float(len(rows))
    return float(getattr(v, how)())


def evaluate(op: str, parts: list[pd.DataFrame], inner: str = "value") -> float:
    """The value of an operation over row sets (the same function builds facts and checks the ledger)."""
    if op not in OPS:
        raise ValueError(f"unknown op {op}")
    if op in ("value", "mean", "wmean", "sum", "count", "min", "max", "median"):
        return _aggregate(parts[0], op)
    if op == "max_value":
        return float(parts[0]["max_value"].iloc[0])
    a = _aggregate(parts[0], inner)
    if op == "rank":
        values = parts[1]["value"].astype(float).dropna()
        return float((values > a).sum() + 1)
    if op == "share":
        return 100.0 * a / float(parts[0]["max_value"].iloc[0])
    b = _aggregate(parts[1], inner)
    if op == "diff":
        return a - b
    if op == "pct_change":
        return 100.0 * (a / b - 1.0)
    if op == "share_diff":
        return 100.0 * a / float(parts[0]["max_value"].iloc[0]) - 100.0 * b / float(parts[1]["max_value"].iloc[0])
    raise AssertionError(op)


def _status(parts: list[pd.DataFrame]) -> str:
    rows = pd.concat(parts)
    return "illustrative" if (rows["source"] == "illustrative").any() else "published"


def make(op: str, *parts: pd.DataFrame, kind: str = "num", inner: str = "value", decimals: int = 2,
         label: str = "", status: str | None = None, **extra) -> Fact:
    """A Fact computed from tidy row sets. Status is illustrative when any row behind it is."""
    frames = [p for p in parts]
    if any(len(p) == 0 for p in frames):
        return Fact(None, kind, op, [p.to_dict("records") for p in frames], inner, decimals, "missing", label, extra)
    value = evaluate(op, frames, inner)
    return Fact(value, kind, op, [p.to_dict("records") for p in frames], inner, decimals,
                status or _status(frames), label, extra)


def rows_of(table: pd.DataFrame, unit_id: str | None = None, component: str = "total",
            measure: str | None = None) -> pd.DataFrame:
    """Rows of a tidy table for a unit/component/measure (measure defaults to the non-rank value)."""
    d = table[table["component"] == component]
    if unit_id is not None:
        d = d[d["unit_id"] == unit_id]
    if measure is None:
        d = d[~d["measure"].str.startswith("rank")]
    else:
        d = d[d["measure"] == measure]
    return d


def format_fact(fact: Fact, lang: str, style: str = "val") -> str:
    """A fact as printed: a percentage for ``pct`` (unless ``style`` starts with ``num``), whole
    numbers for ranks and counts, otherwise half-up without trailing zeros; ``...abs`` prints |value|."""
    v = abs(fact.value) if style.endswith("abs") else fact.value
    if fact.kind == "pct" and not style.startswith("num"):
        return fmt_percent(v, fact.decimals, lang)
    if fact.kind in ("rank", "count"):
        return fmt_number(v, 0, lang)
    return fmt_compact(v, fact.decimals, lang)
