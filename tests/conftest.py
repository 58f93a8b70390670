"""Shared fixtures: the bundled raw data and scratch copies of the project for end-to-end runs.

The suite never reads or writes the working copy's ``data/raw`` or cache: before any test module is imported, the
bundled raw data, notebooks and test corpus are copied to a temporary project; in-process tests open it as
``PROJECT`` (``Settings(root=ROOT, cache=CACHE)``), and the commands a test runs find it through ``QNINDEX_ROOT``
(the command's edge reads the environment; a user adding 2020 files to ``data/raw`` cannot break ``make test``).
The scratch projects of the end-to-end tests and both workers share one temporary cache (``QNINDEX_CACHE``): each
raw file is loaded once per run of the suite, not once per copy.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _fixture_project() -> Path:
    root = Path(tempfile.mkdtemp(prefix="qnindex-tests-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    shutil.copytree(REPO / "tests" / "corpus", root / "tests" / "corpus")
    return root


os.environ["QNINDEX_ROOT"] = str(_fixture_project())
if "QNINDEX_TEST_CACHE" not in os.environ:  # made by the first process (pytest, or xdist's controller); workers inherit it
    os.environ["QNINDEX_TEST_CACHE"] = tempfile.mkdtemp(prefix="qnindex-tests-cache-")
    atexit.register(shutil.rmtree, os.environ["QNINDEX_TEST_CACHE"], ignore_errors=True)
os.environ["QNINDEX_CACHE"] = os.environ["QNINDEX_TEST_CACHE"]  # one cache for every scratch copy of the project
os.environ.pop("QNINDEX_RAW", None)
os.environ.pop("QNINDEX_NO_CACHE", None)

from qnindex.core.settings import Settings  # noqa: E402
from qnindex.indices.project import Project  # noqa: E402
from qnindex.kinds import open_project  # noqa: E402

ROOT = Path(os.environ["QNINDEX_ROOT"]).resolve()  # the temporary copy of the bundled project
CACHE = Path(os.environ["QNINDEX_CACHE"])
SETTINGS = Settings(root=ROOT, cache=CACHE)
PROJECT = open_project(SETTINGS)


def project_at(root: Path, **settings) -> Project:
    """The project of a scratch copy ``root``, sharing the suite's cache (``settings``: other settings of the run)."""
    return open_project(Settings(root=root, **{"cache": CACHE, **settings}))


# ----------------------------------------------------------------------------- distribution over the xdist workers

# files whose tests share something expensive (a module's scratch project and its pack, the gallery, the narratives
# of every year): each group runs on one worker, in file order; every other test is scheduled on its own
GROUPS = {"tests/test_report.py": "pack-2019", "tests/test_report_partial.py": "pack-2022",
          "tests/test_official_year.py": "official-2020", "tests/test_charts.py": "gallery",
          "tests/test_narrative.py": "stories", "tests/test_one_source.py": "stories",
          "tests/test_windows.py": "windows", "tests/test_new_index.py": "new-index",
          "tests/test_province.py": "province", "tests/test_year_2025.py": "year-2025",
          "tests/test_all_provinces.py": "all-provinces"}
HEAVY_FIRST = ("tests/test_windows.py", "tests/test_report.py", "tests/test_new_index.py", "tests/test_province.py",
               "tests/test_all_provinces.py", "tests/test_year_2025.py", "tests/test_narrative.py", "tests/test_one_source.py",
               "tests/test_report_partial.py", "tests/test_official_year.py", "tests/test_notebooks.py",
               "tests/test_charts.py", "tests/test_reform.py")  # started first, so the workers finish together


def pytest_collection_modifyitems(items) -> None:
    rank = {path: i for i, path in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))  # stable: file order kept


def pytest_xdist_make_scheduler(config, log):
    """Schedule by GROUPS (xdist's own ``loadgroup`` renames node ids, which pytest 9 no longer allows)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return GROUPS.get(nodeid.split("::", 1)[0], nodeid)

    config.option.loadscopereorder = False  # the order above, not the size of each group
    return ByGroup(config, log)


@pytest.fixture
def sipas_2019_rows() -> list[str]:
    """The bundled 2019 SIPAS file as text lines (header first)."""
    return (ROOT / "data/raw/sipas_qn/sipas_qn_2019.csv").read_text(encoding="utf-8").splitlines()


def copy_project(root: Path) -> Path:
    """A copy of the bundled raw data and notebooks (not their executed copies) under ``root``."""
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    return root


@pytest.fixture
def scratch_project(tmp_path, monkeypatch) -> Path:
    """A copy of the project's raw data and notebooks under a temporary root (QNINDEX_ROOT for the commands a test
    runs; ``project_at(root)`` in process)."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("QNINDEX_ROOT", str(root))
    return root


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed (ơ, â), tone marks combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base, marks = parts[0], parts[1:]
            for mark in marks:  # keep the mark that cp1258 precomposes (â, ơ, ư, ă), the tone combining
                composed = unicodedata.normalize("NFC", base + mark)
                if len(composed) == 1 and composed.encode("cp1258", errors="ignore"):
                    base, marks = composed, marks.replace(mark, "", 1)
                    break
            out += (base + marks).encode("cp1258")
    return bytes(out)


def write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    text = "\n".join(lines) + "\n"
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


@lru_cache(maxsize=None)
def cached_year(year: int):
    """load_year(year, PROJECT), once per test session (tests copy a table before changing it)."""
    from qnindex.analysis.yeardata import load_year

    return load_year(year, PROJECT)


def year_of(year: int, current: dict | None = None, previous: dict | None = None, **fields):
    """A year of ``PROJECT`` made of the tables given (a chart or a section drawn from tables changed by hand)."""
    from qnindex.analysis.yeardata import YearData

    return YearData(year, PROJECT, current=dict(current or {}), previous=dict(previous or {}), **fields)


def load_series(index: str):
    """Every year of ``index`` with a file, as one table (a national ranking's series)."""
    import pandas as pd

    from qnindex.indices.files import years_with_files

    return pd.concat([load_table(index, y) for y in years_with_files(PROJECT, index)], ignore_index=True)


def load_table(index: str, year: int, path: Path | None = None):
    """The tidy table of ``index`` for ``year`` (from ``path`` when given), loaded as a notebook loads it."""
    from qnindex.indices.tables import load

    return load(index, year, PROJECT, path)


@lru_cache(maxsize=None)
def cached_story(year: int, lang: str):
    """The narrative of a bundled year, once per worker (tests read it; the files that use it share a worker)."""
    from qnindex.render import narrative

    return narrative.build(cached_year(year), lang)
