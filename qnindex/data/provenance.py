"""The provenance sidecar of each raw dataset (``data/raw/<index>/PROVENANCE.yml``)."""
from __future__ import annotations

from pathlib import Path

from qnindex.core.paths import raw_dir


def _read(path: Path) -> dict:
    """The YAML file, parsed once per version of it (``qnindex.core.yamlfile``)."""
    from qnindex.core.yamlfile import read_yaml

    return read_yaml(path)


def provenance(index: str) -> dict:
    """The sidecar of ``index`` as a dict (producer, published vs illustrative, source lines)."""
    path = raw_dir() / index / "PROVENANCE.yml"
    if not path.exists():
        from qnindex.core.errors import Problem, ProjectFileError, display_path
        from qnindex.core.messages import text

        raise ProjectFileError([Problem(display_path(path), None, None, text("raw.provenance.missing"),
                                        text("raw.provenance.missing.fix"))])
    return _read(path)


def conference(year: int) -> dict:
    """The conference that announced ``year``'s results (date, data cut-off), from data/raw/conference.yml."""
    path = raw_dir() / "conference.yml"
    if not path.exists():
        return {}
    return (_read(path) or {}).get(year) or {}


def source_line(index: str, year: int, lang: str = "vi") -> str:
    """The one-line source shown under a chart or table."""
    return provenance(index)[f"source_line_{lang}"].format(year=year)


def published_aggregate(index: str, year: int, key: str) -> float | None:
    """An aggregate (``all``, a group, ...) that the producer published for ``year``, if any."""
    table = provenance(index).get("published_aggregates") or {}
    value = (table.get(year) or table.get(str(year)) or {}).get(key)
    return None if value is None else float(value)


def reproduces_published(index: str, year: int, key: str, value: float) -> bool | None:
    """Does ``value`` equal, to 2 decimals half-up, the aggregate the producer published?
    None when nothing was published for that key."""
    from qnindex.core.formatting import round_half_up

    published = published_aggregate(index, year, key)
    if published is None:
        return None
    return round_half_up(value, 2) == round_half_up(published, 2)
