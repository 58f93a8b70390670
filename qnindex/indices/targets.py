"""The province's targets and the tier thresholds (``data/raw/targets/targets.yml``)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from qnindex.core.yamlfile import read_yaml

from qnindex.data import registry
from qnindex.core.errors import Problem, RawDataError, display_path
from qnindex.core.messages import text
from qnindex.core.paths import raw_dir


def _read(path: Path | None) -> tuple[dict, str]:
    path = Path(path or raw_dir() / "targets" / "targets.yml")
    return read_yaml(path), display_path(path)


def load_targets(path: Path | None = None) -> pd.DataFrame:
    """One row per target: index, unit_id, component, target, from_year, to_year, source, note (none when the
    project has no targets file: another province's project may set none)."""
    if not Path(path or raw_dir() / "targets" / "targets.yml").is_file():
        return pd.DataFrame(columns=["index", "unit_id", "component", "target", "from_year", "to_year", "source",
                                     "note"])
    data, file = _read(path)
    rows, problems = [], []
    for i, rec in enumerate(data.get("targets") or [], start=1):
        try:
            unit = registry.resolve(str(rec["unit"]))
            rows.append({"index": rec["index"], "unit_id": unit.unit_id, "component": rec.get("component", "total"),
                         "target": float(rec["target"]), "from_year": int(rec.get("from_year") or 0),
                         "to_year": int(rec.get("to_year") or 9999), "source": rec.get("source", "published"),
                         "note": rec.get("note", "")})
        except (KeyError, TypeError, ValueError, LookupError) as err:
            problems.append(Problem(file, None, f"targets[{i}]", text("raw.target.invalid", reason=err),
                                    text("raw.target.invalid.fix")))
    if problems:
        raise RawDataError(problems)
    return pd.DataFrame(rows)


def target_for(index: str, unit_id: str, year: int, component: str = "total",
               path: Path | None = None) -> dict | None:
    """The target in force for ``unit_id`` in ``year``, if any."""
    t = load_targets(path)
    hit = t[(t["index"] == index) & (t["unit_id"] == unit_id) & (t["component"] == component)
            & (t["from_year"] <= year) & (t["to_year"] >= year)]
    return None if hit.empty else hit.iloc[-1].to_dict()


def load_tiers(index: str, path: Path | None = None) -> list[tuple[float, str]]:
    """Tier thresholds for ``index`` (its own or the default), highest first."""
    data, file = _read(path)
    tiers = data.get("tiers") or {}
    spec = tiers.get(index) or tiers.get("default")
    if not spec:
        raise RawDataError([Problem(file, None, "tiers", text("raw.tiers.missing", index=index), text("raw.tiers.missing.fix"))])
    return sorted(((float(b), str(n)) for b, n in spec), key=lambda t: -t[0])


def threshold(name: str, default: float, path: Path | None = None) -> float:
    """A threshold the report judges by (``thresholds`` in targets.yml; ``default`` when the project sets none)."""
    if not Path(path or raw_dir() / "targets" / "targets.yml").is_file():
        return default
    data, file = _read(path)
    value = (data.get("thresholds") or {}).get(name, default)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RawDataError([Problem(file, None, f"thresholds.{name}",
                                    text("raw.threshold.not_number", name=name, value=value),
                                    text("raw.threshold.not_number.fix"))]) from None


def graded(index: str, path: Path | None = None) -> bool:
    """Does the province grade the units of ``index`` in tiers of its own (``tiers`` names it, not only ``default``)?"""
    data, _ = _read(path)
    return index in (data.get("tiers") or {})


def tier_name(tier_id: str, lang: str = "vi", path: Path | None = None) -> str:
    """The word for a tier in ``lang`` (khá, fair, ...)."""
    data, _ = _read(path)
    return (data.get("tier_names") or {}).get(lang, {}).get(tier_id, tier_id)


def targets_tidy(year: int, path: Path | None = None) -> pd.DataFrame:
    """The targets in force in ``year`` as tidy rows (index ``target:<index>``), so that a target stated
    in the narrative is traceable like any other number."""
    from qnindex.data.schema import finish_tidy

    data, file = _read(path)
    rows = []
    for i, rec in enumerate(data.get("targets") or [], start=1):
        t = load_targets(path).iloc[i - 1]
        if not (t["from_year"] <= year <= t["to_year"]):
            continue
        unit = registry.get(t["unit_id"])
        rows.append({"index": f"target:{t['index']}", "year": year, "unit_id": unit.unit_id,
                     "unit_name": unit.name_vi, "level": unit.level, "group": unit.group,
                     "component": t["component"], "measure": "rate", "value": t["target"], "max_value": 100.0,
                     "weight": float("nan"), "source": t["source"], "source_file": file, "source_row": i,
                     "note": t["note"]})
    if not rows:
        from qnindex.data.schema import empty_tidy
        return empty_tidy()
    return finish_tidy(pd.DataFrame(rows))
