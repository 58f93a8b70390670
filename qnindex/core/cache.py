"""Disk caches: a loaded raw file (by its content) and a loaded year, so that the gate, the notebooks, every
year that needs a file and the next run read and validate each raw file once.

Entries are keyed by the content of the raw files and of the package's code and data, so an edited
input or a new version of qnindex never reads a stale entry. Files are named in keys as messages and tables
name them (relative to the project root), so copies of a project can share one cache: ``QNINDEX_CACHE`` puts
it in another folder (the tests share one across their scratch projects). ``QNINDEX_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from qnindex.core.paths import PACKAGE_DIR, project_root, raw_dir


def _fingerprint() -> str:
    from qnindex.core.errors import display_path

    digest = hashlib.sha256(display_path(raw_dir()).encode())  # tables name their files by it
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
    validated once, whichever year, command or kernel needs it. A data error is stored too and raised again. In
    the kernel of ``qnindex report`` an entry is read from disk once and then shared, as ``cached`` does."""
    if os.environ.get("QNINDEX_NO_CACHE"):
        return compute()
    from qnindex.core.errors import display_path

    digest = hashlib.sha256(kind.encode())
    for f in files:  # named as messages and source_file name them (relative to the root): what the value holds
        digest.update(display_path(f).encode() + b"\0")
        digest.update(f.read_bytes() if f.is_file() else b"")
    digest.update(code_fingerprint().encode())
    path = cache_dir() / "files" / f"{kind}-{digest.hexdigest()[:32]}.pkl"
    found = _SESSION.get(path) if publishing() else None  # the yearly job's kernel: the gate read it already
    found = found or _read(path)
    if found is None:
        with _only_one(path):  # two cold processes: one computes, the other waits and reads its entry
            found = _read(path)
            if found is None:
                try:
                    found = (True, compute())
                except Exception as err:  # noqa: BLE001 - stored only when it is a data error (see below)
                    from qnindex.core.errors import RawDataError

                    if not isinstance(err, RawDataError):
                        raise
                    found = (False, err)
                _store(path, found)
    if publishing():
        _SESSION[path] = found
    ok, value = found
    if not ok:
        raise value
    return value


def _read(path: Path):
    """A stored entry ``(ok, value)``, or None when there is none, or it is damaged or of another layout (it is
    then recomputed)."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
        return None
    return found if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], bool) else None


@contextmanager
def _only_one(path: Path):
    """An exclusive OS lock beside a cache entry while it is computed (filelock: Linux, macOS and Windows alike);
    where no lock file can be made, the entry is computed without one."""
    from filelock import FileLock

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path.with_suffix(".lock"))
        lock.acquire()
    except OSError:
        yield
        return
    try:
        yield
    finally:
        lock.release()


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
    """``.qnindex-cache`` in the project, or the folder ``QNINDEX_CACHE`` names."""
    env = os.environ.get("QNINDEX_CACHE")
    return Path(env) if env else project_root() / ".qnindex-cache"


def publishing() -> bool:
    """Is this the kernel of ``qnindex report`` (which runs the project's own notebooks, one after the other)?"""
    return os.environ.get("QNINDEX_PUBLISHING") == "1"


_SESSION: dict = {}  # in the kernel of ``qnindex report``: entries already read, by their file


def cached(name: str, compute):
    """``compute()``, stored under ``name`` and the inputs' fingerprint; written atomically. In the kernel of
    ``qnindex report`` an entry is read once and the same value serves every notebook (they only read it); in
    JupyterLab each call reads a fresh copy, so a table changed by hand never leaks into the next cell's load."""
    if os.environ.get("QNINDEX_NO_CACHE"):
        return compute()
    path = cache_dir() / f"{name}-{_fingerprint()}.pkl"
    if publishing() and path in _SESSION:
        return _SESSION[path]
    found = _read(path)
    if found is None:
        with _only_one(path):  # a year computed once, however many kernels start cold at the same time
            found = _read(path)
            if found is None:
                found = (True, compute())
                _store(path, found)
    if publishing():
        _SESSION[path] = found[1]
    return found[1]
