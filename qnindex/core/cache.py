"""A disk cache of loaded raw files (by their content) and of loaded years, so that the gate, the notebooks, every
year that needs a file and the next run read and validate each raw file once.

Entries are keyed by the content of the raw files and of the package's code and data, so an edited input or a new
version of qnindex never reads a stale entry. Files are named in keys as messages and tables name them (relative to
the project's root), so copies of a project can share one cache folder (the tests share one across their scratch
projects). Each call reads its entry from disk: a value is never shared between two callers, so a table changed by
hand in a notebook never leaks into the next load.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from qnindex.core.paths import PACKAGE_DIR, display_path

T = TypeVar("T")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package's code and data, hashed once per process (a new version of qnindex reads no stale entry)."""
    return _hash_folder(PACKAGE_DIR, hashlib.sha256()).hexdigest()[:24]


def _hash_folder(base: Path, digest):
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest


@dataclass(frozen=True)
class Cache:
    """The cache of one project: entries under ``folder`` (None: no cache, every value computed), files named
    relative to ``root``."""

    folder: Path | None
    root: Path

    def file(self, kind: str, files: list[Path], compute: Callable[[], T]) -> T:
        """``compute()`` for raw ``files``, stored under the files' content (and the code's), so a file is read and
        validated once, whichever year, command or kernel needs it. A data error is stored too and raised again."""
        if self.folder is None:
            return compute()
        digest = hashlib.sha256(kind.encode())
        for f in files:  # named as messages and source_file name them (relative to the root): what the value holds
            digest.update(display_path(f, self.root).encode() + b"\0")
            digest.update(f.read_bytes() if f.is_file() else b"")
        digest.update(code_fingerprint().encode())
        ok, value = self._entry(self.folder / "files" / f"{kind}-{digest.hexdigest()[:32]}.pkl", compute,
                                keep_errors=True)
        if not ok:
            raise value
        return value

    def value(self, name: str, folder: Path, compute: Callable[[], T]) -> T:
        """``compute()``, stored under ``name`` and the content of every file of ``folder`` (the raw data) and of
        the package; written atomically."""
        if self.folder is None:
            return compute()
        digest = hashlib.sha256(display_path(folder, self.root).encode())  # tables name their files by it
        _hash_folder(folder, digest)
        digest.update(code_fingerprint().encode())
        return self._entry(self.folder / f"{name}-{digest.hexdigest()[:24]}.pkl", compute)[1]

    def keyed(self, name: str, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, stored under ``name`` and ``key`` (a digest of everything the value is computed from: a
        year's tables, its settings) and the package's code."""
        if self.folder is None:
            return compute()
        digest = hashlib.sha256(key.encode())
        digest.update(code_fingerprint().encode())
        return self._entry(self.folder / f"{name}-{digest.hexdigest()[:24]}.pkl", compute)[1]

    def _entry(self, path: Path, compute, keep_errors: bool = False) -> tuple[bool, object]:
        found = _read(path)
        if found is None:
            with _only_one(path):  # two cold processes: one computes, the other waits and reads its entry
                found = _read(path)
                if found is None:
                    try:
                        found = (True, compute())
                    except Exception as err:  # noqa: BLE001 - stored only when it is a data error (below)
                        from qnindex.core.errors import RawDataError

                        if not (keep_errors and isinstance(err, RawDataError)):
                            raise
                        found = (False, err)
                    _store(path, found)
        return found


def _read(path: Path):
    """A stored entry ``(ok, value)``, or None when there is none, or it is damaged or of another layout (it is
    then recomputed)."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError, TypeError):
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
