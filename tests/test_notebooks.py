"""Notebooks are stored as jupytext scripts: diffable, output-free, with a parameters cell."""
from pathlib import Path

import jupytext
import pytest

from conftest import CACHE, PROJECT, ROOT, year_of
from qnindex.pipeline.plan import LAST

NOTEBOOKS_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.py"))


def _settings(root, **more) -> dict:
    """The ``settings`` parameter of a notebook run on the project at ``root`` (the suite's shared cache)."""
    return {"root": str(root), "cache": str(CACHE), **more}


def _run(path, parameters: dict | None = None, **options):
    """A notebook run through papermill's documented call, as a researcher or a scheduler runs it."""
    import papermill

    from qnindex.pipeline.notebook_io import read_notebook

    return papermill.execute_notebook(read_notebook(path), None, parameters=parameters, kernel_name="python3",
                                      progress_bar=False, **options)


def test_one_notebook_per_index_and_an_overview():
    from qnindex.pipeline import pack

    assert sorted(p.stem for p in NOTEBOOKS) == sorted([*pack.notebooks(PROJECT), LAST])
    assert not list(NOTEBOOKS_DIR.glob("*.ipynb")), "commit the .py source only"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_converts_and_has_parameters(path):
    nb = jupytext.read(path)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for name in ("year =", "lang =", "raw_dir =", "output_root =", "settings ="):
        assert name in params[0].source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_every_notebook_has_the_same_parameters_cell():
    """One parameters cell for all: what one notebook run with its defaults shows (below) holds for every one;
    each runs with injected parameters in every `qnindex report` (tests/test_report.py)."""
    cells = {p.stem: next(c.source for c in jupytext.read(p).cells if "parameters" in c.metadata.get("tags", []))
             for p in NOTEBOOKS}
    assert len(set(cells.values())) == 1, cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_stay_thin(path):
    """Computation lives in the library: a code cell is a few calls, never a function or class definition."""
    nb = jupytext.read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "class " not in cell.source
            assert len(cell.source.splitlines()) <= 12


def test_notebooks_run_top_to_bottom_with_their_defaults(scratch_project):
    """As in JupyterLab: one notebook opened alone (DGI), then the overview alone (its deck takes the charts there
    are), with the notebooks' own parameters — only the run's settings given (the project, a draft resolution).
    Outputs go to the scratch folder, never the published pack; the notebook shows its section's paragraph, claims
    and ranking table live."""
    import json

    for name in ("dgi", "overview"):
        executed = _run(scratch_project / "notebooks" / f"{name}.py",
                        {"settings": _settings(scratch_project, dpi=60)})
        outputs = json.dumps([c.get("outputs", []) for c in executed.cells], ensure_ascii=False)
        assert '"output_type": "error"' not in outputs, name
        if name == "dgi":
            assert "DGI bình quân của 13 đơn vị cấp huyện đạt 83,93%" in outputs
            assert "image/png" in outputs  # the chart drawn live
    scratch = scratch_project / ".qnindex-scratch"
    assert (scratch / "figures/2019/dgi_components_vi.png").exists() and (scratch / "reports/2019/briefing.pptx").exists()
    assert not (scratch_project / "figures").exists() and not (scratch_project / "reports").exists()


def test_no_code_is_sent_into_a_kernel_but_notebooks():
    """The yearly job talks to its kernel through papermill only: parameters in, files out. No cell is made of a
    string by the package, and no kernel is asked to execute one (the gate is ``check.ipynb``, report.html the
    overview's step)."""
    import ast

    import qnindex

    package = Path(qnindex.__file__).parent
    calls = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                calls.add(name)
    assert not calls & {"new_code_cell", "new_notebook", "execute_interactive", "run_cell", "reset_selective"}
    assert (package / "pipeline" / "check.ipynb").is_file()


def test_the_papermill_command_runs_a_notebook_as_the_yearly_job_does(scratch_project, tmp_path):
    """`papermill notebooks/dgi.py out.ipynb -p year 2019` from the project's folder: papermill reads the jupytext
    notebook (no conversion by hand), injects the parameters, and the notebook writes to the scratch folder."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path / "dgi_2019.ipynb"
    papermill = Path(sys.executable).with_name("papermill" + (".exe" if os.name == "nt" else ""))
    settings = f"settings: {{root: ., dpi: 60, cache: '{CACHE}'}}"  # the project: the folder papermill runs in
    done = subprocess.run([str(papermill), "notebooks/dgi.py", str(out), "-p", "year", "2019", "-p", "lang", "vi",
                           "-y", settings], cwd=scratch_project, capture_output=True, text=True, encoding="utf-8",
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    executed = json.loads(out.read_text(encoding="utf-8"))
    assert executed["metadata"]["papermill"]["parameters"] == {
        "year": 2019, "lang": "vi", "settings": {"root": ".", "dpi": 60, "cache": str(CACHE)}}
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in executed["cells"])
    outputs = json.dumps([c.get("outputs", []) for c in executed["cells"]], ensure_ascii=False)
    assert "DGI bình quân của 13 đơn vị cấp huyện đạt 83,93%" in outputs
    assert (scratch_project / ".qnindex-scratch/figures/2019/dgi_components_vi.png").is_file()


def test_a_notebook_for_a_year_without_its_index_stops_with_one_sentence():
    """`year = 2020` in the satisfaction notebook (no survey file that year): the years it has, not a KeyError."""
    from qnindex.pipeline import pack
    from qnindex.pipeline.notebook import explore

    with pytest.raises(pack.NoDataThisYear) as caught:
        explore(year_of(2020), "sipas_qn", "sipas_qn", "vi")
    assert str(caught.value).startswith("Năm 2020 chưa có số liệu SIPAS cấp tỉnh; các năm có số liệu: 2018, 2019")
    assert caught.value._render_traceback_() == [str(caught.value)]


def test_the_exploration_notebook_answers_its_questions_with_tables_and_figures():
    """notebooks/explore/ (not part of the conference pack): run as a researcher runs it, with its defaults — which
    units improved most since 2018, and PAPI's dimensions against the neighbours — tables and inline figures."""
    import json

    nb = _run(NOTEBOOKS_DIR / "explore" / "units_over_time.py", {"settings": _settings(ROOT)})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2  # the bar chart and the small multiples
    html = json.dumps([o.get("data", {}).get("text/html", "") for o in outputs], ensure_ascii=False)
    assert "Huyện Tiên Yên" in html  # the units ranked by their change (Hạ Long, merged since, is not among them)
    assert "Hải Phòng" in html and "d1_participation" in html  # the neighbours' dimensions


@pytest.mark.parametrize("name,figures", [("sipas", 1), ("dgi", 1), ("egov", 3), ("papi", 3), ("national", 3),
                                          ("overview", 1)])
def test_a_yearly_notebook_shows_its_steps_with_tables_and_inline_figures(name, figures, scratch_project):
    """Opened in JupyterLab and run with its defaults: the tidy table and its counts, the metrics, the charts drawn
    inline from the library's calls, the paragraph with its claims under Vietnamese headers, the files listed;
    nothing written outside the scratch folder."""
    import json

    nb = _run(NOTEBOOKS_DIR / f"{name}.py", {"settings": _settings(scratch_project)}, cwd=str(scratch_project))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == figures
    html = json.dumps([o.get("data", {}).get("text/html", "") for o in outputs], ensure_ascii=False)
    if name != "overview":
        assert "source_row" in html and "công bố" in html  # the tidy table and its counts by source
    assert "cách tính" in html and "dòng dữ liệu" in html and "label" not in html  # the claims, in Vietnamese
    assert "tệp đã ghi" in html
    assert not (scratch_project / "figures").exists() and (scratch_project / ".qnindex-scratch" / "figures").exists()


def test_a_researchers_copy_lives_outside_the_tracked_notebooks(scratch_project, capsys):
    """`qnindex notebook sipas --year 2020`: a copy in notebooks/work/ (ignored by git) with the year injected; the
    template is untouched, a second call keeps the researcher's edits, --fresh replaces them."""
    import hashlib

    import nbformat

    from qnindex.pipeline.cli import main

    template = scratch_project / "notebooks" / "sipas.py"
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    assert main(["notebook", "sipas", "--year", "2018"]) == 0
    copy = scratch_project / "notebooks" / "work" / "sipas_2018.ipynb"
    assert "notebooks/work/sipas_2018.ipynb" in capsys.readouterr().out
    nb = nbformat.read(str(copy), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "year = 2018" in injected[0].source
    nb.cells.append(nbformat.v4.new_code_cell("my_own_question = 1"))
    nbformat.write(nb, str(copy))
    assert main(["notebook", "sipas", "--year", "2018"]) == 0
    assert "my_own_question" in copy.read_text(encoding="utf-8") and "--fresh" in capsys.readouterr().out
    assert main(["notebook", "sipas", "--year", "2018", "--fresh"]) == 0
    assert "my_own_question" not in copy.read_text(encoding="utf-8")
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before
    from conftest import REPO

    assert "/notebooks/work/" in (REPO / ".gitignore").read_text(encoding="utf-8")
    assert main(["notebook", "nope"]) == 2


def test_the_distributions_and_relations_notebook_runs_with_its_defaults():
    """notebooks/explore/blocks_and_relations.py: satisfaction by block (seaborn box and strip plots) and the
    provincial PAR index against satisfaction of the same units, with r, its interval and the illustrative rows."""
    import json

    nb = _run(NOTEBOOKS_DIR / "explore" / "blocks_and_relations.py", {"settings": _settings(ROOT)})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
    text = json.dumps([o.get("data", {}).get("text/plain", "") for o in outputs], ensure_ascii=False)
    assert "pearson_r" in text and "r_low" in text and "illustrative_rows" in text
    assert "Sở, ban, ngành" in json.dumps([o.get("data", {}).get("text/html", "") for o in outputs], ensure_ascii=False)


def test_the_years_kernel_keeps_no_history_and_no_output_cache_but_shows_results(tmp_path):
    """The job's kernel writes no input history (nothing in the user's IPython profile, no SQLite write per cell) and
    keeps no output cache (``Out`` does not hold every table shown), while a cell's value is still its output."""
    import nbformat

    from qnindex.pipeline.engine import YearKernel, execute

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("21 * 2"),
        nbformat.v4.new_code_cell("ip = get_ipython()\nprint(ip.history_manager.enabled, len(ip.user_ns['Out']))"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    kernel = YearKernel(tmp_path)
    try:
        done = execute(nb, {}, kernel)
    finally:
        kernel.shutdown()
    assert done.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert done.cells[1].outputs[0]["text"].split() == ["False", "0"]


def test_the_jobs_notebooks_share_one_year_and_a_researchers_load_it_afresh():
    """In the yearly job's kernel the notebooks of a year share one year object (what they compute from it is
    computed once); a researcher's notebook loads the year afresh, so a table changed by hand never leaks into the
    next run; another setting is another year."""
    from qnindex.pipeline.notebook import start

    job = {"root": str(ROOT), "cache": str(CACHE), "job": True}
    first, second = start(2019, "vi,en", settings=job), start(2019, "vi,en", settings=job)
    assert first.data is second.data and first.data.current["sipas_qn"] is second.data.current["sipas_qn"]
    assert first.project is second.project  # (the project opened once, with the year)
    assert first.data.ranks("par_index") is second.data.ranks("par_index")  # computed once, by the first notebook
    other = start(2019, "vi,en", settings={**job, "dpi": 100})
    assert other.data is not first.data and other.data.settings.dpi == 100
    assert start(2018, "vi,en", settings=job).data.year == 2018

    mine = start(2019, "vi", settings={"root": str(ROOT), "cache": str(CACHE)})
    mine.data.current["sipas_qn"].loc[:, "value"] = -1.0  # changed by hand
    again = start(2019, "vi", settings={"root": str(ROOT), "cache": str(CACHE)})
    assert again.data is not mine.data and (again.data.current["sipas_qn"]["value"] >= 0).all()
