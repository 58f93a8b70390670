"""Disk caches: a loaded raw file (by its content) and a loaded year, so that the gate, the notebooks, every
year that needs a file and the next run read and validate each raw file once.

Entries are keyed by the content of the raw files and of the package's code and data, so an edited
input or a new version of qnindex never reads a stale entry. ``QNINDEX_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from qnindex.core.paths import PACKAGE_DIR, project_root, raw_dir


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for base in (raw_dir(), PACKAGE_DIR):
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package's code and data, hashed once per process (a new version of qnindex reads no stale entry)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def cached_file(kind: str, files: list[Path], compute):
    """``compute()`` for raw ``files``, stored under the files' content (and the code's), so a file is read and
    validated once, whichever year, command or kernel needs it. A data error is stored too and raised again."""
    if os.environ.get("QNINDEX_NO_CACHE"):
        return compute()
    digest = hashlib.sha256(kind.encode())
    digest.update(str(project_root()).encode())  # messages and source_file name files relative to the root
    for f in files:
        digest.update(str(Path(f).resolve()).encode())
        digest.update(f.read_bytes() if f.is_file() else b"")
    digest.update(code_fingerprint().encode())
    path = cache_dir() / "files" / f"{kind}-{digest.hexdigest()[:32]}.pkl"
    if path.exists():
        try:
            with path.open("rb") as fh:
                ok, value = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass  # a damaged entry is recomputed
        else:
            if ok:
                return value
            raise value
    try:
        value, ok = compute(), True
    except Exception as err:  # noqa: BLE001 - stored only when it is a data error (see below)
        from qnindex.core.errors import RawDataError

        if not isinstance(err, RawDataError):
            raise
        value, ok = err, False
    _store(path, (ok, value))
    if not ok:
        raise value
    return value


def _store(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written is only slower


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
