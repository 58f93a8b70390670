"""How an index of each kind is loaded: one loader per kind, chosen by the spec's ``kind`` (its ``loader`` field).

    load("dgi", 2019)   # the validated tidy table of the year, read and validated once per file content

The specs (``qnindex.indices.specs``) are data and import no loader; the loaders import the specs; this module sits
above both, so there is no circle of imports inside ``indices`` (tests/test_architecture.py checks it).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from qnindex.core.cache import cached_file
from qnindex.core.paths import raw_dir
from qnindex.indices import national, papi, provincial, sipas
from qnindex.indices.files import raw_file
from qnindex.indices.specs import IndexSpec, spec

LOADERS = {  # kind -> (spec, year, path) -> tidy table
    "national": lambda s, year, path: national.load_national(s.id, year, path),
    "papi": lambda s, year, path: papi.load_papi(year, path),
    "survey": lambda s, year, path: sipas.load_sipas(year, path),
    "units": lambda s, year, path: provincial.load_unit_index(s.id, year, path),
}


def load(index: str | IndexSpec, year: int, path: Path | str | None = None) -> pd.DataFrame:
    """The validated tidy table of ``index`` for ``year`` (from ``path`` when given, else its raw folder), read and
    validated once per file content (``qnindex.core.cache.cached_file``)."""
    s = index if isinstance(index, IndexSpec) else spec(index)
    path = Path(path) if path else raw_file(s.id, year)
    side = [raw_dir() / s.folder / "PROVENANCE.yml"]
    if s.loader == "papi":
        side += sorted((raw_dir() / s.folder / "codebook").glob("*.csv"))
    return cached_file(f"{s.id}-{year}", [path, *side], lambda: LOADERS[s.loader](s, year, path))
