"""The provenance sidecar of each raw dataset (``data/raw/<index>/PROVENANCE.yml``) and the project's conference
file (``data/raw/conference.yml``), read from the folder they are in (``qnindex.indices.project.Project`` passes
it)."""
from __future__ import annotations

from pathlib import Path

PROVENANCE_FILE = "PROVENANCE.yml"


def provenance(folder: Path, shown: str | None = None) -> dict:
    """The sidecar of the dataset in ``folder`` as a dict (producer, published vs illustrative, source lines),
    parsed once per version of the file; a folder without one is refused, naming the file (``shown``) to write."""
    from qnindex.core.yamlfile import read_yaml

    path = Path(folder) / PROVENANCE_FILE
    if not path.exists():
        from qnindex.core.errors import Problem, ProjectFileError
        from qnindex.core.messages import text

        raise ProjectFileError([Problem(shown or str(path), None, None, text("raw.provenance.missing"),
                                        text("raw.provenance.missing.fix"))])
    return read_yaml(path, shown)


def conference(path: Path, year: int, shown: str | None = None) -> dict:
    """The conference that announced ``year``'s results (date, data cut-off), from the conference file ``path``."""
    from qnindex.core.yamlfile import read_yaml

    if not Path(path).exists():
        return {}
    return (read_yaml(path, shown) or {}).get(year) or {}


def published_aggregate(meta: dict, year: int, key: str) -> float | None:
    """An aggregate (``all``, a group, ...) that the producer published for ``year`` (``meta``: its sidecar)."""
    table = meta.get("published_aggregates") or {}
    value = (table.get(year) or table.get(str(year)) or {}).get(key)
    return None if value is None else float(value)


def reproduces_published(meta: dict, year: int, key: str, value: float) -> bool | None:
    """Does ``value`` equal, to 2 decimals half-up, the aggregate the producer published (``meta``: its sidecar)?
    None when nothing was published for that key."""
    from qnindex.core.formatting import round_half_up

    published = published_aggregate(meta, year, key)
    if published is None:
        return None
    return round_half_up(value, 2) == round_half_up(published, 2)
