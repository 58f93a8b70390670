"""A disk cache of loaded years: the notebooks of one run (and the next run) load the raw files once.

Entries are keyed by the content of every raw file and of the package's code and data, so an edited
input or a new version of qnindex never reads a stale entry. ``QNINDEX_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from qnindex.core.paths import PACKAGE_DIR, project_root, raw_dir


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for base in (raw_dir(), PACKAGE_DIR):
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def cache_dir() -> Path:
    return project_root() / ".qnindex-cache"


def cached(name: str, compute):
    """``compute()``, stored under ``name`` and the inputs' fingerprint; written atomically."""
    if os.environ.get("QNINDEX_NO_CACHE"):
        return compute()
    path = cache_dir() / f"{name}-{_fingerprint()}.pkl"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            pass  # a damaged entry is recomputed
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    with tmp.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return value
