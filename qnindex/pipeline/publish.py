"""Publishing a year's pack as one transaction, under one lock per year.

A year's pack lives in three folders (``figures/<y>``, ``data/processed/<y>``, ``reports/<y>``). It is
built in ``.qnindex-staging/<y>/new/`` and published by a journal written *before* the first rename:

1. the staged pack is complete (every file written and flushed);
2. ``journal.json`` is written atomically: "publishing", the three moves;
3. for each folder: the published one is moved to ``.qnindex-staging/<y>/old/``, the staged one into place;
4. the journal is removed, then the old pack.

Whatever instant a run is killed or fails at, the next run (or ``recover``) finishes the job: with a
journal it rolls forward (the staged pack is complete), without one it discards the staging folder and
the published pack was never touched. The lock is an OS lock (``fcntl.flock``): the kernel releases it
when its holder dies, so a stale lock cannot exist, and of many runs started at once exactly one wins.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from qnindex.core.paths import figures_dir, processed_dir, project_root, reports_dir

SUBFOLDERS = ("figures", "data/processed", "reports")
JOURNAL = "journal.json"


class RunLocked(RuntimeError):
    """Another ``qnindex report`` holds the year's lock."""


def staging_root() -> Path:
    return project_root() / ".qnindex-staging"


def year_dir(year: int) -> Path:
    """This year's work folder: ``new/`` (the pack being built), ``old/`` (the pack being replaced), journal."""
    return staging_root() / str(year)


def new_root(year: int) -> Path:
    """The root under which a run writes the new pack (same layout as the project's)."""
    return year_dir(year) / "new"


def finals(year: int) -> dict[str, Path]:
    return {"figures": figures_dir(year), "data/processed": processed_dir(year), "reports": reports_dir(year)}


def checkpoint(step: str) -> None:
    """A named step of publishing; ``QNINDEX_FAULT=<step>`` kills the process there (fault tests) and
    ``QNINDEX_FAULT=<step>:error`` raises an OSError there."""
    fault = os.environ.get("QNINDEX_FAULT", "")
    name, _, how = fault.partition(":")
    if name == step:
        if how == "error":
            raise OSError(28, "No space left on device (injected)", str(year_dir(0)))
        os.kill(os.getpid(), signal.SIGKILL)


STEPS = ("journal", "move-old-figures", "move-new-figures", "move-old-data/processed", "move-new-data/processed",
         "move-old-reports", "move-new-reports", "journal-removed", "old-removed")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_journal(year: int) -> None:
    path = year_dir(year) / JOURNAL
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"year": year, "state": "publishing", "folders": list(SUBFOLDERS)}), encoding="utf-8")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(path)
    _fsync_dir(path.parent)


def publish(year: int) -> None:
    """Move the complete staged pack of ``year`` into place (the caller holds the year's lock).

    An error on the way (a read-only folder, a full disk) puts back the folders already swapped and
    re-raises: the old pack stays whole. A kill is finished by the next run (``recover``).
    """
    checkpoint("journal")
    _write_journal(year)
    try:
        _roll_forward(year)
    except OSError:
        _roll_back(year)
        raise


def _roll_back(year: int) -> None:
    """Undo the swaps of a publish that failed with an error: every folder gets its old pack back."""
    work = year_dir(year)
    for sub, final in finals(year).items():
        staged = work / "new" / sub / str(year)
        old = work / "old" / sub
        if not staged.exists() and final.exists():  # this folder was swapped: put the new pack back aside
            staged.parent.mkdir(parents=True, exist_ok=True)
            final.rename(staged)
        if old.exists() and not final.exists():
            old.rename(final)
    (work / JOURNAL).unlink(missing_ok=True)


def _roll_forward(year: int) -> None:
    """Finish a publish whose journal was written: each folder ends up with the staged pack."""
    work = year_dir(year)
    for sub, final in finals(year).items():
        staged = work / "new" / sub / str(year)
        old = work / "old" / sub
        if not staged.exists():
            continue  # moved already
        if final.exists():
            if old.exists():  # a previous attempt moved an older copy aside: that one is the old pack
                shutil.rmtree(final)
            else:
                old.parent.mkdir(parents=True, exist_ok=True)
                checkpoint(f"move-old-{sub}")
                final.rename(old)
        final.parent.mkdir(parents=True, exist_ok=True)
        checkpoint(f"move-new-{sub}")
        staged.rename(final)
    _fsync_dir(figures_dir(year).parent)
    (work / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(work)
    checkpoint("journal-removed")
    shutil.rmtree(work / "old", ignore_errors=True)
    checkpoint("old-removed")


def recover(year: int) -> str:
    """Bring the year's folders to one consistent pack after an interrupted run (lock held by the caller).

    Returns what was done: "rolled forward", "discarded" (a build that never reached publishing) or "".
    """
    work = year_dir(year)
    if not work.exists():
        return ""
    if (work / JOURNAL).exists():
        _roll_forward(year)
        shutil.rmtree(work, ignore_errors=True)
        return "rolled forward"
    shutil.rmtree(work, ignore_errors=True)
    return "discarded"


# ----------------------------------------------------------------------------- the lock

@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started: str

    def __str__(self) -> str:
        from qnindex.core.messages import plain

        return str(plain(f"pid {self.pid} trên máy {self.host}, từ {self.started}",
                         f"pid {self.pid} on {self.host}, since {self.started}"))


def _holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        return Holder(int(data["pid"]), str(data["host"]), str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def year_lock(year: int, wait: bool = True, echo=print):
    """Hold the year's OS lock for the block. Busy: with ``wait`` say who holds it and wait, else RunLocked."""
    path = staging_root() / f"{year}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = True
        except BlockingIOError:
            holder = _holder(path)
            for _ in range(40):  # the winner writes who it is right after taking the lock
                if holder is not None:
                    break
                time.sleep(0.05)
                holder = _holder(path)
            from qnindex.core.messages import plain

            who = plain(f"một lần chạy qnindex report khác ({holder})" if holder else "một lần chạy qnindex report khác",
                        f"another qnindex report ({holder})" if holder else "another qnindex report")
            if not wait:
                raise RunLocked(str(plain(f"{who.vi} đang dựng năm {year}; hãy chờ lần chạy đó xong rồi chạy lại",
                                          f"{who.en} is building {year}; wait for it to finish"))) from None
            echo(str(plain(f"{year}: {who.vi} đang dựng năm này; chờ lần chạy đó xong",
                           f"{year}: {who.en} is building this year; waiting for it to finish")))
            fcntl.flock(fd, fcntl.LOCK_EX)
        held = True
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                           "started": time.strftime("%Y-%m-%d %H:%M:%S")}).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, info, 0)
        yield
    finally:
        if held:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
        os.close(fd)  # releases the lock (the kernel does the same if this process dies)
