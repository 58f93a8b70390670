"""The disk cache: processes that start cold at the same time compute an entry once (a lock), and read it after;
every caller gets a copy of its own."""
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from qnindex.core.cache import Cache
from qnindex.core.errors import Problem, RawDataError


def _cold_start(root: str, log: str, kind: str) -> str:
    cache = Cache(Path(root) / "cache", Path(root))

    def compute() -> str:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        time.sleep(0.4)  # long enough for the others to arrive while it computes
        return "the year's tables"

    raw = Path(root) / "data" / "raw"
    if kind == "year":
        return cache.value("probe", raw, compute)
    return cache.file("probe", [raw / "probe.csv"], compute)


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
def raw(tmp_path) -> Path:
    folder = tmp_path / "data" / "raw"
    folder.mkdir(parents=True)
    return folder


def test_every_load_is_a_fresh_copy_and_an_edited_file_a_new_entry(raw, tmp_path):
    """A value is read from disk for each caller (a table changed by hand does not leak into the next load); an
    edited raw file is a new entry."""
    cache = Cache(tmp_path / "cache", tmp_path)
    (raw / "probe.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    computed = []

    def compute() -> dict:
        computed.append(1)
        return {"rows": [1, 2]}

    first = cache.value("probe", raw, compute)
    again = cache.value("probe", raw, compute)
    assert first == again and first is not again and len(computed) == 1
    (raw / "probe.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    cache.value("probe", raw, compute)
    assert len(computed) == 2


def test_a_validated_file_and_its_error_are_stored_and_no_cache_computes_each_time(raw, tmp_path):
    """A raw file validated once is not validated again (a data error included, raised again); without a cache
    folder every call computes."""
    good, bad = raw / "good.csv", raw / "bad.csv"
    good.write_text("a,b\n1,2\n", encoding="utf-8")
    bad.write_text("a,b\n1,x\n", encoding="utf-8")
    computed = []

    def load() -> dict:
        computed.append(good.read_text(encoding="utf-8"))
        return {"rows": good.read_text(encoding="utf-8").splitlines()}

    def refuse() -> dict:
        computed.append("bad")
        raise RawDataError([Problem("data/raw/bad.csv", 2, "b", "không phải số", "ghi một số")])

    cache = Cache(tmp_path / "cache", tmp_path)
    first = cache.file("good", [good], load)
    assert cache.file("good", [good], load) == first and len(computed) == 1
    for _ in range(2):
        with pytest.raises(RawDataError, match="không phải số"):
            cache.file("bad", [bad], refuse)
    assert computed.count("bad") == 1
    good.write_text("a,b\n1,3\n", encoding="utf-8")
    assert cache.file("good", [good], load)["rows"] == ["a,b", "1,3"] and len(computed) == 3
    off = Cache(None, tmp_path)
    off.file("good", [good], load), off.file("good", [good], load)
    assert len(computed) == 5
