"""Publishing a year's pack as one transaction: a kill or an error at every step leaves one consistent pack,
the OS lock has exactly one winner, exports cannot run code. Packs here are small fakes (no notebooks)."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from qnindex.core import publish
from qnindex.core.publish import Packs

YEAR = 2019


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("QNINDEX_ROOT", str(tmp_path))  # for the commands a test runs (the command's edge)
    return tmp_path


@pytest.fixture
def packs(project) -> Packs:
    """The packs published under the test's project."""
    return Packs(project)


def _write_pack(root: Path, tag: str) -> None:
    """A fake pack under ``root`` in the project's layout: every file says which pack it belongs to."""
    for sub in publish.SUBFOLDERS:
        folder = root / sub / str(YEAR)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{sub.replace('/', '_')}.txt").write_text(tag)
        (folder / "manifest.txt").write_text(tag)


def _packs_seen(project: Path) -> set[str]:
    """Which packs a reader finds in the three published folders (one value: consistent)."""
    seen = set()
    for sub in publish.SUBFOLDERS:
        folder = project / sub / str(YEAR)
        files = list(folder.glob("*.txt")) if folder.exists() else []
        seen |= {f.read_text() for f in files} if files else {"nothing"}
    return seen


_PUBLISH = textwrap.dedent("""
    import sys
    from pathlib import Path
    from qnindex.core.publish import Packs
    packs = Packs(Path(sys.argv[1]), fault=sys.argv[2])  # the fault: a step where the process ends, as killed
    with packs.year_lock(2019):
        packs.publish(2019)
""")


def _publish_killed_at(project: Path, step: str) -> int:
    """Publish the staged pack in another process that ends at ``step``; its exit status."""
    return subprocess.run([sys.executable, "-c", _PUBLISH, str(project), step]).returncode


@pytest.mark.parametrize("step", publish.STEPS)
def test_a_kill_at_every_step_leaves_the_old_or_the_new_pack_and_the_next_run_finishes(project, packs, step):
    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "new")
    assert _publish_killed_at(project, step) == publish.KILLED  # ended at that step, as by a kill: no clean-up ran
    with packs.year_lock(YEAR, wait=False):
        packs.recover(YEAR)
    expected = {"old"} if step == "journal" else {"new"}
    assert _packs_seen(project) == expected
    assert not packs.year_dir(YEAR).exists()


@pytest.mark.parametrize("step", [s for s in publish.STEPS if s.startswith("move") or s == "journal"])
def test_an_error_at_every_step_puts_the_old_pack_back(project, step):
    """A full disk or a read-only folder met while swapping: the error is raised, the old pack stays whole."""
    packs = Packs(project, fault=f"{step}:error")
    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "new")
    with packs.year_lock(YEAR), pytest.raises(OSError, match="No space left"):
        packs.publish(YEAR)
    assert _packs_seen(project) == {"old"}
    assert not (packs.year_dir(YEAR) / publish.JOURNAL).exists()


def test_a_first_publish_killed_midway_is_finished(project, packs):
    _write_pack(packs.new_root(YEAR), "new")
    assert _publish_killed_at(project, "move-new-data/processed") == publish.KILLED
    assert packs.recover(YEAR) == "rolled forward"
    assert _packs_seen(project) == {"new"}


@pytest.mark.parametrize("sub", publish.SUBFOLDERS)
def test_a_folder_held_open_by_another_program_keeps_the_old_pack_and_says_which(project, sub):
    """Windows refuses to move a folder while a file in it is open (last year's deck in PowerPoint): every folder
    swapped before it is put back, and the error names the folder to close, in Vietnamese."""
    packs = Packs(project, fault=f"move-old-{sub}:busy")
    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "new")
    with packs.year_lock(YEAR), pytest.raises(publish.PackInUse) as caught:
        packs.publish(YEAR)
    assert _packs_seen(project) == {"old"}
    assert not (packs.year_dir(YEAR) / publish.JOURNAL).exists()
    assert f"không thay được thư mục {sub}/{YEAR}" in str(caught.value)
    assert "đang mở trong chương trình khác" in str(caught.value) and "bộ kết quả cũ giữ nguyên" in str(caught.value)


def test_a_publication_killed_between_two_folders_is_finished_by_the_next_command(project, packs):
    """Killed right after the first folder was swapped, the three folders hold two packs: the next command of any
    kind (here `qnindex report` on a year with no data) finishes the publication before it reads anything."""
    from qnindex.pipeline.cli import main

    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "new")
    assert _publish_killed_at(project, "move-old-data/processed") == publish.KILLED
    assert _packs_seen(project) == {"old", "new"} and packs.pending_years() == [YEAR]
    main(["report", "--year", str(YEAR + 1)])
    assert _packs_seen(project) == {"new"} and packs.pending_years() == []


def test_a_notebook_opened_by_hand_finishes_a_pending_publication_in_its_setup(project, packs):
    """The notebook's setup (``start``) finishes a pending publication first, then reads the year."""
    from qnindex.pipeline.notebook import start

    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "new")
    assert _publish_killed_at(project, "move-old-reports") == publish.KILLED
    assert _packs_seen(project) == {"old", "new"}
    nb = start(YEAR, "vi", settings={"root": str(project), "cache": None})
    assert _packs_seen(project) == {"new"} and nb.data.current.keys() == {"targets"}  # (no raw data here)


def test_a_pending_publication_is_left_to_the_run_that_holds_its_lock(project, packs):
    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "new")
    assert _publish_killed_at(project, "move-new-figures") == publish.KILLED
    holder = subprocess.Popen([sys.executable, "-c", _RACE.replace("1.5", "60"), str(project)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().startswith("won")
        assert packs.finish_pending() == [] and packs.pending_years() == [YEAR]
    finally:
        holder.kill()
        holder.wait()
    assert packs.finish_pending() == [YEAR] and _packs_seen(project) == {"new"}


def test_a_build_that_never_reached_publishing_is_discarded(project, packs):
    _write_pack(project, "old")
    _write_pack(packs.new_root(YEAR), "half")
    assert packs.recover(YEAR) == "discarded"
    assert _packs_seen(project) == {"old"} and not packs.year_dir(YEAR).exists()


_RACE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from qnindex.core import publish
    try:
        with publish.Packs(Path(sys.argv[1])).year_lock(2019, wait=False):
            print("won", flush=True)
            time.sleep(1.5)
    except publish.RunLocked as err:
        print("lost:", err, flush=True)
""")


def test_of_many_runs_started_at_once_exactly_one_takes_the_lock(project):
    procs = [subprocess.Popen([sys.executable, "-c", _RACE, str(project)], stdout=subprocess.PIPE, text=True)
             for _ in range(8)]
    outputs = [p.communicate()[0] for p in procs]
    assert sum(o.startswith("won") for o in outputs) == 1
    losers = [o for o in outputs if o.startswith("lost")]
    assert len(losers) == 7 and all(f"đang dựng năm {YEAR}" in o and "pid" in o for o in losers)


def test_the_lock_of_a_killed_holder_is_free_at_once_and_a_waiting_run_says_who_holds_it(project):
    holder = subprocess.Popen([sys.executable, "-c", _RACE.replace("1.5", "60"), str(project)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().startswith("won")
    said = []
    waiter = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from pathlib import Path
        from qnindex.core.publish import Packs
        with Packs(Path(sys.argv[1])).year_lock(2019, echo=lambda m: print(m, flush=True)):
            print("acquired", flush=True)
    """), str(project)], stdout=subprocess.PIPE, text=True)
    said.append(waiter.stdout.readline())
    assert f"pid {holder.pid}" in said[0] and "đang dựng năm này; chờ lần chạy đó xong" in said[0]
    holder.kill()  # SIGKILL: the kernel releases the lock
    holder.wait()
    assert waiter.communicate(timeout=20)[0].strip() == "acquired"


def test_exports_cannot_run_code_and_numbers_stay_numbers(tmp_path):
    from openpyxl import load_workbook

    from qnindex.render import export

    table = pd.DataFrame({"Đơn vị": ["=HYPERLINK(\"x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "Sở Y tế"],
                          "Giá trị": [-1.5, 2.0, -3.25, 0.0, 1.0, 93.46]})
    written = export.write_csv(table, tmp_path / "t.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel on Windows needs to read UTF-8
    assert pd.read_csv(tmp_path / "t.csv")["Đơn vị"].iloc[-1] == "Sở Y tế"  # and pandas reads it back as it is
    csv = written.decode("utf-8-sig").splitlines()
    assert csv[1:] == ['"\'=HYPERLINK(""x"")",-1.5', "'+1,2.0", "'-cmd,-3.25", "'@SUM(A1),0.0", "'\tx,1.0",
                       "Sở Y tế,93.46"]
    md = export.to_markdown(table, "vi")
    assert "| '=HYPERLINK" in md and "| -1,50 |" in md and "| '-cmd |" in md
    path = export.write_xlsx({"t": table}, tmp_path / "t.xlsx")
    ws = load_workbook(path)["t"]
    cells = [(c.value, c.data_type, c.quotePrefix) for c in ws["A"][1:]]
    assert all(t == "s" for _v, t, _q in cells) and [q for _v, _t, q in cells] == [True] * 5 + [False]
    assert [c.value for c in ws["B"][1:]] == [-1.5, 2.0, -3.25, 0.0, 1.0, 93.46]
