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
