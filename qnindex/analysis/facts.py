"""Facts: numbers the narrative states, each carrying how it was computed and from which data rows.

A Fact is built from tidy rows with an operation (the value itself, a mean, a change, a share...);
its value is computed here and nowhere else, and ``refs`` name the rows, so the claims ledger can
trace every number back to ``file:row`` and a test can recompute it from freshly loaded data.
"""
from __future__ import annotations

from collections.abc import Collection

from dataclasses import dataclass, field

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from qnindex.core.formatting import fmt_number, fmt_percent
from qnindex.data.loading import records

KEYS = ["index", "year", "unit_id", "component", "measure"]

OPS = {
    "value", "mean", "wmean", "sum", "count", "min", "max", "median",
    "diff",         # op_a(a) - op_b(b)
    "pct_change",   # 100 * (op_a(a) / op_b(b) - 1)
    "share",        # 100 * op_a(a) / max_value(a)
    "share_diff",   # share(a) - share(b)
    "rank",         # competition rank of a's value among b's values (descending)
    "max_value",    # the scale maximum of a's single row (e.g. 63 ranked provinces, 170 points)
    "registry",     # a count of the unit registry (units of a group on a year's reference date)
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
    exact: Decimal | None = None  # the exact decimal value (formatted half-up once, when written)

    @property
    def missing(self) -> bool:
        return self.value is None or pd.isna(self.value)

    @property
    def zero(self) -> bool:
        """True when the value is written as zero (a change that rounds to 0 is 'unchanged', not 'up 0')."""
        if self.missing:
            return False
        value = self.exact if self.exact is not None else Decimal(repr(float(self.value)))
        places = 0 if self.kind in ("rank", "count") else self.decimals
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == 0

    def interval(self, on: bool = True) -> tuple[float, float] | None:
        """The 95 % Wilson interval of a survey rate this fact states (one unit's rate, the highest or lowest,
        or a respondent-weighted mean), when respondents are known and intervals are ``on`` (the run's setting);
        else None."""
        from qnindex.analysis.metrics import wilson

        if (not on or self.missing or self.kind != "pct" or self.op not in ("value", "max", "min", "wmean")
                or len(self.parts) != 1 or not self.parts[0]):
            return None
        rows = self.parts[0]
        if any(r.get("weight") is None or pd.isna(r.get("weight")) for r in rows):
            return None
        if self.op == "wmean":
            return wilson(self.value, float(sum(float(r["weight"]) for r in rows)))
        row = next((r for r in rows if abs(float(r["value"]) - self.value) < 1e-9), None)
        return None if row is None else wilson(float(row["value"]), float(row["weight"]))

    def sources(self) -> list[str]:
        return sorted({f"{r['source_file']}:{r['source_row']}" for part in self.parts for r in part},
                      key=lambda s: (s.rsplit(":", 1)[0], int(s.rsplit(":", 1)[1])))

    def refs(self) -> list[list[dict]]:
        return [[{k: r[k] for k in KEYS} for r in part] for part in self.parts]


def exact(value: object) -> Decimal:
    """A typed value as the exact decimal a person typed: 73.83 -> Decimal('73.83') (not 73.8299999…)."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def _aggregate(rows: pd.DataFrame, how: str) -> Decimal:
    values = [exact(v) for v in rows["value"].astype(float) if v == v]
    if how == "value":
        if len(rows) != 1:
            raise ValueError(f"'value' needs exactly one row, got {len(rows)}")
        return exact(float(rows["value"].iloc[0]))
    if how == "count":
        return Decimal(len(rows))
    if how == "wmean":
        weights = [exact(w) for w in rows["weight"].astype(float)]
        return sum(v * w for v, w in zip(values, weights)) / sum(weights)
    if how == "mean":
        return sum(values) / len(values)
    if how == "sum":
        return sum(values, Decimal(0))
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    if how == "median":
        ordered = sorted(values)
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    raise ValueError(how)


def evaluate_exact(op: str, parts: list[pd.DataFrame], inner: str = "value") -> Decimal:
    """The exact value of an operation over row sets, computed in decimal from the values as typed (a change
    76,415 − 73,83 is exactly 2,585), so that rounding half-up happens once, when the number is written."""
    if op not in OPS:
        raise ValueError(f"unknown op {op}")
    if op in ("value", "mean", "wmean", "sum", "count", "min", "max", "median"):
        return _aggregate(parts[0], op)
    if op == "max_value":
        return exact(float(parts[0]["max_value"].iloc[0]))
    a = _aggregate(parts[0], inner)
    if op == "rank":
        values = [exact(v) for v in parts[1]["value"].astype(float).dropna()]
        return Decimal(sum(1 for v in values if v > a) + 1)
    hundred = Decimal(100)
    if op == "share":
        return hundred * a / exact(float(parts[0]["max_value"].iloc[0]))
    b = _aggregate(parts[1], inner)
    if op == "diff":
        return a - b
    if op == "pct_change":
        return hundred * (a / b - 1)
    if op == "share_diff":
        return hundred * a / exact(float(parts[0]["max_value"].iloc[0])) - \
            hundred * b / exact(float(parts[1]["max_value"].iloc[0]))
    raise AssertionError(op)


def evaluate(op: str, parts: list[pd.DataFrame], inner: str = "value") -> float:
    """The value of an operation over row sets (the same function builds facts and checks the ledger)."""
    return float(evaluate_exact(op, parts, inner))


STRUCTURAL = {"count", "max_value"}


def _status(parts: list[pd.DataFrame]) -> str:
    return "illustrative" if any((p["source"] == "illustrative").any() for p in parts) else "published"


def written_places(rows: pd.DataFrame, cap: int = 4) -> int:
    """The decimals the values of ``rows`` are written with (40 -> 0, 28.16 -> 2), at most ``cap``: a number a
    table states once (a target) said as the table states it."""
    places = 0
    for v in rows["value"].dropna():
        places = max(places, -Decimal(repr(float(v))).normalize().as_tuple().exponent)
    return min(max(places, 0), cap)


def make(op: str, *parts: pd.DataFrame, kind: str = "num", inner: str = "value", decimals: int = 2,
         label: str = "", status: str | None = None, **extra) -> Fact:
    """A Fact computed from tidy row sets. Status is illustrative when any row behind it is."""
    frames = [p for p in parts]
    if any(len(p) == 0 for p in frames):
        return Fact(None, kind, op, [records(p) for p in frames], inner, decimals, "missing", label, extra)
    precise = evaluate_exact(op, frames, inner)
    if status is None and op in STRUCTURAL:
        status = "published"  # how many units, the scale's maximum: not drawn from the (illustrative) values
    fact = Fact(float(precise), kind, op, [records(p) for p in frames], inner, decimals,
                status or _status(frames), label, extra)
    fact.exact = precise
    return fact


def registry_count(group: str, year: int) -> Fact:
    """How many units of ``group`` existed on ``year``'s reference date, as a Fact the ledger can check
    against the registry (the administrative map, not a data file)."""
    from qnindex.data import registry

    n = len(registry.units_in(group, year))
    fact = Fact(float(n), "count", "registry", [], "value", 0, "published", f"registry:{group}:{year}")
    fact.exact = Decimal(n)
    return fact


def rows_of(table: pd.DataFrame, unit_id: str | Collection[str] | None = None, component: str = "total",
            measure: str | None = None) -> pd.DataFrame:
    """Rows of a tidy table for a unit (an id, or the ids a unit had over the years, such as ``data.focus.ids``),
    component and measure (measure defaults to the non-rank value)."""
    import numpy as np

    # the component selects a few rows of many: the unit and the measure are tested on those rows only (the
    # narrative asks hundreds of times), then the rows are taken in their order at once
    rows = np.flatnonzero(table["component"].to_numpy() == component)
    if unit_id is not None:
        units = table["unit_id"].to_numpy()[rows]
        wanted = {unit_id} if isinstance(unit_id, str) else set(unit_id)
        rows = rows[[u in wanted for u in units]]
    measures = table["measure"].to_numpy()[rows]
    if measure is None:
        rows = rows[[not m.startswith("rank") for m in measures]]
    else:
        rows = rows[[m == measure for m in measures]]
    return table.iloc[rows]


def format_fact(fact: Fact, lang: str, style: str = "val") -> str:
    """A fact as printed: a percentage for ``pct`` (unless ``style`` starts with ``num``), whole
    numbers for ranks and counts, otherwise half-up without trailing zeros; ``...abs`` prints |value|."""
    value = fact.exact if fact.exact is not None else fact.value
    v = abs(value) if style.endswith("abs") else value
    if fact.kind == "pct" and not style.startswith("num"):
        return fmt_percent(v, fact.decimals, lang)
    if fact.kind in ("rank", "count"):
        return fmt_number(v, 0, lang)
    return fmt_number(v, fact.decimals, lang)
