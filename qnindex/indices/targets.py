"""The province's targets and the tier thresholds (``data/raw/targets/targets.yml``), read through one object per
project (``Project.targets``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qnindex.core.errors import Problem, RawDataError
from qnindex.core.messages import text
from qnindex.core.yamlfile import read_yaml
from qnindex.data import registry

TARGET_COLUMNS = ["index", "unit_id", "component", "target", "from_year", "to_year", "source", "note", "note_en"]


@dataclass(frozen=True)
class Targets:
    """The targets file at ``path`` (named ``shown`` in messages). A project without one (another province's
    project may set none) has no targets and the default thresholds; its tiers are then refused by name."""

    path: Path
    shown: str

    def _data(self) -> dict:
        return read_yaml(self.path, self.shown) if self.path.is_file() else {}

    def table(self) -> pd.DataFrame:
        """One row per target: index, unit_id, component, target, from_year, to_year, source, note (and note_en)."""
        if not self.path.is_file():
            return pd.DataFrame(columns=TARGET_COLUMNS)
        rows, problems = [], []
        for i, rec in enumerate(self._data().get("targets") or [], start=1):
            try:
                unit = registry.resolve(str(rec["unit"]))
                rows.append({"index": rec["index"], "unit_id": unit.unit_id,
                             "component": rec.get("component", "total"), "target": float(rec["target"]),
                             "from_year": int(rec.get("from_year") or 0), "to_year": int(rec.get("to_year") or 9999),
                             "source": rec.get("source", "published"), "note": rec.get("note", ""),
                             "note_en": rec.get("note_en", "")})
            except (KeyError, TypeError, ValueError, LookupError) as err:
                problems.append(Problem(self.shown, None, f"targets[{i}]", text("raw.target.invalid", reason=err),
                                        text("raw.target.invalid.fix")))
        if problems:
            raise RawDataError(problems)
        return pd.DataFrame(rows, columns=TARGET_COLUMNS) if rows else pd.DataFrame(columns=TARGET_COLUMNS)

    def target_for(self, index: str, unit_id: str, year: int, component: str = "total") -> dict | None:
        """The target in force for ``unit_id`` in ``year``, if any."""
        t = self.table()
        hit = t[(t["index"] == index) & (t["unit_id"] == unit_id) & (t["component"] == component)
                & (t["from_year"] <= year) & (t["to_year"] >= year)]
        return None if hit.empty else hit.iloc[-1].to_dict()

    def tiers(self, index: str) -> list[tuple[float, str]]:
        """Tier thresholds for ``index`` (its own or the default), highest first."""
        tiers = self._data().get("tiers") or {}
        found = tiers.get(index) or tiers.get("default")
        if not found:
            raise RawDataError([Problem(self.shown, None, "tiers", text("raw.tiers.missing", index=index),
                                        text("raw.tiers.missing.fix"))])
        return sorted(((float(b), str(n)) for b, n in found), key=lambda t: -t[0])

    def threshold(self, name: str, default: float) -> float:
        """A threshold the report judges by (``thresholds`` in targets.yml; ``default`` when the project sets none)."""
        value = (self._data().get("thresholds") or {}).get(name, default)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise RawDataError([Problem(self.shown, None, f"thresholds.{name}",
                                        text("raw.threshold.not_number", name=name, value=value),
                                        text("raw.threshold.not_number.fix"))]) from None

    def graded(self, index: str) -> bool:
        """Does the province grade the units of ``index`` in tiers of its own (``tiers`` names it, not only
        ``default``)?"""
        return index in (self._data().get("tiers") or {})

    def tier_name(self, tier_id: str, lang: str = "vi") -> str:
        """The word for a tier in ``lang`` (khá, fair, ...)."""
        return (self._data().get("tier_names") or {}).get(lang, {}).get(tier_id, tier_id)

    def tidy(self, year: int) -> pd.DataFrame:
        """The targets in force in ``year`` as tidy rows (index ``target:<index>``), so that a target stated in the
        narrative is traceable like any other number."""
        from qnindex.data.schema import empty_tidy, finish_tidy

        if not self.path.is_file():
            return empty_tidy()
        table = self.table()
        rows = []
        for i, t in enumerate(table.to_dict("records"), start=1):
            if not (t["from_year"] <= year <= t["to_year"]):
                continue
            unit = registry.get(t["unit_id"])
            rows.append({"index": f"target:{t['index']}", "year": year, "unit_id": unit.unit_id,
                         "unit_name": unit.name_vi, "level": unit.level, "group": unit.group,
                         "component": t["component"], "measure": "rate", "value": t["target"], "max_value": 100.0,
                         "weight": float("nan"), "source": t["source"], "source_file": self.shown, "source_row": i,
                         "note": t["note"], "note_en": t["note_en"]})
        return finish_tidy(pd.DataFrame(rows)) if rows else empty_tidy()
