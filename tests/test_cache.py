"""The disk cache: processes that start cold at the same time compute an entry once (a lock), and read it after."""
import multiprocessing
import os
import time
from pathlib import Path

import pytest


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
    context = multiprocessing.get_context("spawn")  # as on Windows and macOS
    for kind in ("year", "file"):
        log = tmp_path / f"computed-{kind}.log"
        with context.Pool(4) as pool:
            results = pool.starmap(_cold_start, [(str(tmp_path), str(log), kind)] * 4)
        assert results == ["the year's tables"] * 4
        assert len(log.read_text(encoding="utf-8").splitlines()) == 1, kind  # one computed, three waited and read


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    """A project of its own under tmp_path, with an empty cache and no session entries: its raw folder."""
    from qnindex.core import cache

    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    monkeypatch.setenv("QNINDEX_ROOT", str(tmp_path))
    monkeypatch.delenv("QNINDEX_RAW", raising=False)
    monkeypatch.delenv("QNINDEX_NO_CACHE", raising=False)
    monkeypatch.setenv("QNINDEX_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_SESSION", {})
    return raw


def test_the_yearly_kernel_reads_an_entry_once_and_a_notebook_by_hand_reads_a_fresh_copy(own_cache, monkeypatch):
    """In the kernel of `qnindex report` (QNINDEX_PUBLISHING=1) every notebook shares one loaded value; in
    JupyterLab each load is a fresh copy, so a table changed by hand does not leak into the next load; an edited
    raw file is a new entry either way."""
    from qnindex.core import cache

    raw = own_cache
    (raw / "probe.csv").write_text("a,b\n1,2\n", encoding="utf-8")
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


def test_the_yearly_kernel_shares_a_validated_file_and_its_error_and_a_notebook_by_hand_reads_a_copy(own_cache,
                                                                                                    monkeypatch):
    """A raw file the gate validated is not read again from disk by the notebooks of the same kernel (the entry
    is shared, a data error included); outside it every load is a fresh copy; an edited file is a new entry."""
    from qnindex.core import cache
    from qnindex.core.errors import Problem, RawDataError

    good, bad = own_cache / "good.csv", own_cache / "bad.csv"
    good.write_text("a,b\n1,2\n", encoding="utf-8")
    bad.write_text("a,b\n1,x\n", encoding="utf-8")
    computed = []

    def load() -> dict:
        computed.append(good.read_text(encoding="utf-8"))
        return {"rows": good.read_text(encoding="utf-8").splitlines()}

    def refuse() -> dict:
        computed.append("bad")
        raise RawDataError([Problem("data/raw/bad.csv", 2, "b", "không phải số", "ghi một số")])

    monkeypatch.delenv("QNINDEX_PUBLISHING", raising=False)
    first = cache.cached_file("good", [good], load)
    assert cache.cached_file("good", [good], load) is not first and len(computed) == 1
    monkeypatch.setenv("QNINDEX_PUBLISHING", "1")
    shared = cache.cached_file("good", [good], load)
    assert shared == first and len(computed) == 1
    for entry in (own_cache.parents[1] / "cache").rglob("good-*.pkl"):
        entry.unlink()  # the disk entry is gone: the kernel still has it
    assert cache.cached_file("good", [good], load) is shared and len(computed) == 1
    errors = []
    for _ in range(2):
        try:
            cache.cached_file("bad", [bad], refuse)
        except RawDataError as err:
            errors.append(err)
    assert len(errors) == 2 and errors[0] is errors[1] and computed.count("bad") == 1
    good.write_text("a,b\n1,3\n", encoding="utf-8")
    edited = cache.cached_file("good", [good], load)
    assert edited["rows"] == ["a,b", "1,3"] and len(computed) == 3
