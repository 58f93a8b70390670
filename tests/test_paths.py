"""Where things are: the project's folders are settings made once (``Settings``), paths are pure functions of them."""
from pathlib import Path

import qnindex
from qnindex.core import paths
from qnindex.core.settings import Settings


def test_the_default_root_is_the_folder_holding_the_package():
    settings = Settings()
    assert settings.root == Path(qnindex.__file__).resolve().parent.parent == paths.default_root()
    assert (settings.raw_dir / "sipas_qn").is_dir()
    assert settings.cache_dir == settings.root / ".qnindex-cache"


def test_settings_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    before = Settings(raw="data/raw").raw_dir
    monkeypatch.chdir(tmp_path)
    assert Settings(raw="data/raw").raw_dir == before  # a relative raw folder is the root's, not the cwd's


def test_outputs_under_a_staging_root(tmp_path):
    out = paths.pack_outputs(tmp_path, 2019)
    assert out.figures == tmp_path / "figures" / "2019" and out.figures.is_dir()
    assert out.processed == tmp_path / "data" / "processed" / "2019" and out.processed.is_dir()
    assert out.reports.is_dir() and out.root == tmp_path


def test_a_path_is_shown_relative_to_the_root_it_is_in(tmp_path):
    assert paths.display_path(tmp_path / "data" / "raw" / "a.csv", tmp_path) == str(Path("data/raw/a.csv"))
    assert paths.display_path("/elsewhere/a.csv", tmp_path) == "/elsewhere/a.csv"
    assert paths.slug("Hải Phòng") == "hai-phong" and paths.slug("TP. Hồ Chí Minh") == "tp-ho-chi-minh"
