"""Publishing a year's pack as one transaction, under one lock per year: ``Packs(root)`` is the packs published
under one folder (the project's root, or ``provinces/<name>/`` for another province's packs).

A year's pack lives in three folders (``figures/<y>``, ``data/processed/<y>``, ``reports/<y>``). It is
built in ``.qnindex-staging/<y>/new/`` and published by a journal written *before* the first rename:

1. the staged pack is complete (every file written and flushed);
2. ``journal.json`` is written atomically: "publishing", the three moves;
3. for each folder: the published one is moved to ``.qnindex-staging/<y>/old/``, the staged one into place;
4. the journal is removed, then the old pack.

Whatever instant a run is killed or fails at, the next run (or ``recover``) finishes the job: with a
journal it rolls forward (the staged pack is complete), without one it discards the staging folder and
the published pack was never touched. Three folders cannot be swapped at one instant: a run killed between
two renames leaves a journal, and every ``qnindex`` command and every notebook's setup finishes such a
publication (``Packs.finish_pending``) as its first step, before it reads anything.

The same steps hold under Windows' rules: no folder is renamed over another (each target is free when it
is renamed into), and a folder that cannot be moved because a file in it is open (last year's deck in
PowerPoint) stops the publication before anything is lost: the folders already swapped are put back and
``PackInUse`` says which folder to close.

The lock is an OS lock through filelock (``flock`` on Linux and macOS, ``LockFileEx`` on Windows): the
system releases it when its holder dies, so a stale lock cannot exist, and of many runs started at once
exactly one wins. Who holds it is written beside it (``<year>.holder.json``), since a locked file cannot be
read on Windows.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from qnindex.core.paths import PACK_PARTS as SUBFOLDERS

JOURNAL = "journal.json"
KILLED = 137  # the exit status of a process ended at a checkpoint (as a shell reports a SIGKILL)
STEPS = ("journal", "move-old-figures", "move-new-figures", "move-old-data/processed", "move-new-data/processed",
         "move-old-reports", "move-new-reports", "journal-removed", "old-removed")


class RunLocked(RuntimeError):
    """Another ``qnindex report`` holds the year's lock."""


class PackInUse(PermissionError):
    """A published folder could not be replaced because another program holds a file in it open (Windows)."""

    shown: str | None = None  # the folder as messages name it (relative to the project's root)

    def __str__(self) -> str:
        from qnindex.core.messages import text

        return str(text("cli.folder_open", where=self.shown or self.filename or "?"))


@dataclass(frozen=True)
class Packs:
    """The packs published under ``root`` (``figures/<y>``, ``data/processed/<y>``, ``reports/<y>``), with their
    work folders and locks in ``root/.qnindex-staging``. ``fault`` names a step of publishing at which the process
    ends as a kill would end it (``<step>``), or an error is raised there (``<step>:error``: a full disk;
    ``<step>:busy``: what Windows raises for a folder holding an open file): the fault tests' hook, set by the
    command from ``QNINDEX_FAULT``."""

    root: Path
    fault: str = ""
    project_root: Path | None = None  # to name folders in messages as the rest of qnindex does

    @property
    def staging_root(self) -> Path:
        """Work folders and locks of these packs."""
        return self.root / ".qnindex-staging"

    def year_dir(self, year: int) -> Path:
        """This year's work folder: ``new/`` (the pack being built), ``old/`` (the pack being replaced), journal."""
        return self.staging_root / str(year)

    def new_root(self, year: int) -> Path:
        """The root under which a run writes the new pack (same layout as the published one)."""
        return self.year_dir(year) / "new"

    def finals(self, year: int) -> dict[str, Path]:
        """The published folders of ``year``."""
        return {sub: self.root / sub / str(year) for sub in SUBFOLDERS}

    def checkpoint(self, step: str, path: Path | None = None) -> None:
        """A named step of publishing, where ``fault`` may end the process or raise (fault tests)."""
        name, _, how = self.fault.partition(":")
        if name != step:
            return
        if how == "error":
            raise OSError(28, "No space left on device (injected)", str(self.year_dir(0)))
        if how == "busy":
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used by "
                                  "another process (injected)", str(path or self.year_dir(0)))
        os._exit(KILLED)

    def _write_journal(self, year: int) -> None:
        path = self.year_dir(year) / JOURNAL
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"year": year, "state": "publishing", "folders": list(SUBFOLDERS)}),
                       encoding="utf-8")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
        _fsync_dir(path.parent)

    def publish(self, year: int) -> None:
        """Move the complete staged pack of ``year`` into place (the caller holds the year's lock).

        An error on the way (a read-only folder, a full disk) puts back the folders already swapped and
        re-raises: the old pack stays whole. A kill is finished by the next run (``recover``).
        """
        self.checkpoint("journal")
        self._write_journal(year)
        try:
            self._roll_forward(year)
        except OSError as err:
            self._roll_back(year)
            if isinstance(err, PermissionError) and err.filename and Path(err.filename) in self.finals(year).values():
                from qnindex.core.paths import display_path

                in_use = PackInUse(err.errno, err.strerror, err.filename)
                in_use.shown = display_path(err.filename, self.project_root or self.root)
                raise in_use from err
            raise

    def _roll_back(self, year: int) -> None:
        """Undo the swaps of a publish that failed with an error: every folder gets its old pack back."""
        work = self.year_dir(year)
        for sub, final in self.finals(year).items():
            staged = work / "new" / sub / str(year)
            old = work / "old" / sub
            if not staged.exists() and final.exists():  # this folder was swapped: put the new pack back aside
                staged.parent.mkdir(parents=True, exist_ok=True)
                final.rename(staged)
            if old.exists() and not final.exists():
                old.rename(final)
        (work / JOURNAL).unlink(missing_ok=True)

    def _roll_forward(self, year: int) -> None:
        """Finish a publish whose journal was written: each folder ends up with the staged pack."""
        work = self.year_dir(year)
        for sub, final in self.finals(year).items():
            staged = work / "new" / sub / str(year)
            old = work / "old" / sub
            if not staged.exists():
                continue  # moved already
            if final.exists():
                if old.exists():  # a previous attempt moved an older copy aside: that one is the old pack
                    shutil.rmtree(final)
                else:
                    old.parent.mkdir(parents=True, exist_ok=True)
                    self.checkpoint(f"move-old-{sub}", final)
                    _rename(final, old)
            final.parent.mkdir(parents=True, exist_ok=True)
            self.checkpoint(f"move-new-{sub}", final)
            _rename(staged, final)
        _fsync_dir(self.root / "figures")
        (work / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(work)
        self.checkpoint("journal-removed")
        shutil.rmtree(work / "old", ignore_errors=True)
        self.checkpoint("old-removed")

    def pending_years(self) -> list[int]:
        """Years whose publication was interrupted after its journal was written (their folders may hold two
        packs)."""
        if not self.staging_root.is_dir():
            return []
        return sorted(int(p.parent.name) for p in self.staging_root.glob(f"*/{JOURNAL}") if p.parent.name.isdigit())

    def finish_pending(self) -> list[int]:
        """Finish every interrupted publication whose lock is free (a run that holds it finishes its own), so that
        what is read next is one whole pack: the first step of every command and of a notebook's setup. Returns the
        years done."""
        done = []
        for year in self.pending_years():
            try:
                with self.year_lock(year, wait=False):
                    if self.recover(year):
                        done.append(year)
            except RunLocked:
                continue
        return done

    def recover(self, year: int) -> str:
        """Bring the year's folders to one consistent pack after an interrupted run (lock held by the caller).

        Returns what was done: "rolled forward", "discarded" (a build that never reached publishing) or "".
        """
        work = self.year_dir(year)
        if not work.exists():
            return ""
        if (work / JOURNAL).exists():
            self._roll_forward(year)
            shutil.rmtree(work, ignore_errors=True)
            return "rolled forward"
        shutil.rmtree(work, ignore_errors=True)
        return "discarded"

    # ------------------------------------------------------------------------- the lock

    def _holder_path(self, year: int) -> Path:
        return self.staging_root / f"{year}.holder.json"

    @contextmanager
    def year_lock(self, year: int, wait: bool = True, echo=print):
        """Hold the year's OS lock for the block. Busy: with ``wait`` say who holds it and wait, else RunLocked."""
        from filelock import FileLock, Timeout

        root = self.staging_root
        root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(root / f"{year}.lock")
        holder_file = self._holder_path(year)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            holder = _holder(holder_file)
            for _ in range(40):  # the winner writes who it is right after taking the lock
                if holder is not None:
                    break
                time.sleep(0.05)
                holder = _holder(holder_file)
            from qnindex.core.messages import text

            who = text("cli.other_run.holder", holder=holder) if holder else text("cli.other_run")
            if not wait:
                raise RunLocked(str(text("cli.locked", who_vi=who.vi, who_en=who.en, year=year))) from None
            echo(str(text("cli.waiting", year=year, who_vi=who.vi, who_en=who.en)))
            lock.acquire()
        try:
            info = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
            tmp = holder_file.with_name(f"{holder_file.name}.{os.getpid()}.tmp")
            try:
                tmp.write_text(json.dumps(info), encoding="utf-8")
                os.replace(tmp, holder_file)
            except OSError:
                tmp.unlink(missing_ok=True)  # who holds the lock is only said to waiting runs
            yield
        finally:
            try:
                holder_file.unlink(missing_ok=True)
            except OSError:
                pass
            lock.release()  # (the system releases it too if this process dies)


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


def _rename(source: Path, target: Path) -> None:
    """Move a folder; on Windows a folder holding a file just closed (an antivirus, the search indexer) can refuse
    for a moment, so a refusal is tried again for about a second before it is an error. An error names the folder
    that could not be moved."""
    for attempt in range(6):
        try:
            source.rename(target)
            return
        except PermissionError as err:
            if attempt == 5:
                raise PermissionError(err.errno, err.strerror, str(source)) from err
            time.sleep(0.2)


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started: str

    def __str__(self) -> str:
        from qnindex.core.messages import text

        return str(text("cli.holder", pid=self.pid, host=self.host, started=self.started))


def _holder(path: Path) -> Holder | None:
    """Who holds the lock, as it wrote beside it; None when unknown (not written yet, or left by a run that died)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        holder = Holder(int(data["pid"]), str(data["host"]), str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if holder.host == socket.gethostname():
        import psutil

        if not psutil.pid_exists(holder.pid):
            return None
    return holder
