from pathlib import Path

import qnindex
from qnindex.core import paths


def test_root_is_the_folder_holding_the_package(monkeypatch):
    monkeypatch.delenv("QNINDEX_ROOT", raising=False)
    assert paths.project_root() == Path(qnindex.__file__).resolve().parent.parent
    assert (paths.raw_dir() / "sipas_qn").is_dir()
    assert paths.figures_dir(2019) == paths.project_root() / "figures" / "2019"


def test_paths_do_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("QNINDEX_ROOT", raising=False)
    before = paths.raw_dir()
    monkeypatch.chdir(tmp_path)
    assert paths.raw_dir() == before


def test_outputs_under_a_staging_root(tmp_path):
    out = paths.outputs(2019, tmp_path)
    assert out.figures == tmp_path / "figures" / "2019" and out.figures.is_dir()
    assert out.processed == tmp_path / "data" / "processed" / "2019" and out.processed.is_dir()
    assert out.reports.is_dir()
