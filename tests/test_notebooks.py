"""Notebooks are stored as jupytext scripts: diffable, output-free, with a parameters cell."""
import jupytext
import pytest

from qnindex.paths import notebooks_dir

NOTEBOOKS = sorted(notebooks_dir().glob("*.py"))


def test_there_are_notebooks():
    assert [p.stem for p in NOTEBOOKS] >= ["sipas"]
    assert not list(notebooks_dir().glob("*.ipynb")), "commit the .py source only"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_converts_and_has_parameters(path):
    nb = jupytext.read(path)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert "year =" in params[0].source and "lang =" in params[0].source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
