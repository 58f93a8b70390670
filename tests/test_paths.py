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


def test_a_publishing_kernel_does_not_draw_figures_for_display(monkeypatch, tmp_path):
    """Run by `qnindex report`, a notebook's live figure is not drawn to PNG (the pack saves each figure once);
    explored in JupyterLab, it is."""
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure

    from qnindex.core import paths

    shell = InteractiveShell.instance()
    drawn = []
    shell.display_formatter.formatters["image/png"].for_type(Figure, lambda fig: drawn.append(fig) or b"png")
    try:
        monkeypatch.delenv("QNINDEX_PUBLISHING", raising=False)
        paths.notebook_setup(2019, "vi", None, tmp_path)
        assert "image/png" in shell.display_formatter.format(Figure())[0]
        monkeypatch.setenv("QNINDEX_PUBLISHING", "1")
        paths.notebook_setup(2019, "vi", None, tmp_path)
        data, _ = shell.display_formatter.format(Figure())
        assert "image/png" not in data and "text/plain" in data and len(drawn) == 1
    finally:
        InteractiveShell.clear_instance()
