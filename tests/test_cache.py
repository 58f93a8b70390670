"""The disk cache: processes that start cold at the same time compute an entry once (a lock), and read it after."""
import multiprocessing
import os
import time
from pathlib import Path


def _cold_start(root: str, log: str, kind: str) -> str:
    os.environ["QNINDEX_ROOT"] = root
    os.environ.pop("QNINDEX_RAW", None)
    os.environ.pop("QNINDEX_NO_CACHE", None)
    os.environ.pop("QNINDEX_CACHE", None)  # this project's own cache, empty
    from qnindex.core import cache

    def compute() -> str:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        time.sleep(0.4)  # long enough for the others to arrive while it computes
        return "the year's tables"

    if kind == "year":
        return cache.cached("probe", compute)
    raw = Path(root) / "data" / "raw" / "probe.csv"
    return cache.cached_file("probe", [raw], compute)


def test_concurrent_cold_starts_compute_each_entry_once(tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "probe.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    for kind in ("year", "file"):
        log = tmp_path / f"computed-{kind}.log"
        with context.Pool(4) as pool:
            results = pool.starmap(_cold_start, [(str(tmp_path), str(log), kind)] * 4)
        assert results == ["the year's tables"] * 4
        assert len(log.read_text(encoding="utf-8").splitlines()) == 1, kind  # one computed, three waited and read


def test_the_yearly_kernel_reads_an_entry_once_and_a_notebook_by_hand_reads_a_fresh_copy(tmp_path, monkeypatch):
    """In the kernel of `qnindex report` (QNINDEX_PUBLISHING=1) every notebook shares one loaded value; in
    JupyterLab each load is a fresh copy, so a table changed by hand does not leak into the next load; an edited
    raw file is a new entry either way."""
    from qnindex.core import cache

    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "probe.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setenv("QNINDEX_ROOT", str(tmp_path))
    monkeypatch.delenv("QNINDEX_RAW", raising=False)
    monkeypatch.delenv("QNINDEX_NO_CACHE", raising=False)
    monkeypatch.setenv("QNINDEX_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_SESSION", {})
    computed = []

    def compute() -> dict:
        computed.append(1)
        return {"rows": [1, 2]}

    monkeypatch.delenv("QNINDEX_PUBLISHING", raising=False)
    by_hand = cache.cached("probe", compute)
    again = cache.cached("probe", compute)
    assert by_hand == again and by_hand is not again and len(computed) == 1  # read from disk, a new copy each time
    monkeypatch.setenv("QNINDEX_PUBLISHING", "1")
    first = cache.cached("probe", compute)
    assert cache.cached("probe", compute) is first and len(computed) == 1
    (raw / "probe.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    assert cache.cached("probe", compute) is not first and len(computed) == 2
