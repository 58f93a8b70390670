"""`qnindex report` for a year with only some indices (2022), in both languages, and a failing notebook that
leaves the published pack as it was. Its own scratch project, so it runs beside tests/test_report.py. Charts
at draft resolution (``--dpi 60``): these tests are about which outputs exist; tests/test_report.py builds
the 2019 pack at the slide resolution."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from qnindex.pipeline.cli import main


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project2022")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    old = os.environ["QNINDEX_ROOT"]
    os.environ["QNINDEX_ROOT"] = str(root)
    yield root
    os.environ["QNINDEX_ROOT"] = old


# `qnindex report` as a user runs it, then the data libraries its own process imported
DRIVER = """import runpy, sys
sys.argv = ["qnindex", "report", "--year", "2022", "--dpi", "60"]
try:
    runpy.run_module("qnindex", run_name="__main__")
except SystemExit as exit:
    print("exit", exit.code)
print("imported", sorted(m for m in ("pandas", "pandera", "matplotlib", "PIL", "openpyxl", "numpy") if m in sys.modules))
"""


def _report_2022() -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER], capture_output=True, text=True, env=os.environ.copy())


def test_a_year_with_some_indices_builds_what_exists(project):
    """... and the process that runs it leaves every step on data (gate, notebooks, report.html) to the kernel:
    it imports no data library (the kernel imports them once for the whole year)."""
    proc = _report_2022()  # the default: both languages
    out = proc.stdout
    assert "exit 0" in out and "imported []" in out, proc.stderr
    assert "2022: chưa có số liệu SIPAS cấp tỉnh; DGI; CQĐT sở, ngành;" in out  # named as the report names them
    assert "sipas_qn" not in out
    narrative = (project / "data/processed/2022/narrative_vi.md").read_text(encoding="utf-8")
    assert "Chưa có số liệu DGI năm 2022." in narrative
    assert (project / "figures/2022/papi_ranking_vi.png").exists()
    assert not (project / "figures/2022/dgi_components_vi.png").exists()
    english = (project / "data/processed/2022/narrative_en.md").read_text(encoding="utf-8")
    assert "In 2022, Quang Ninh's DTI was 0.7024" in english
    assert {"briefing.pptx", "briefing_en.pptx", "report.html"} <= {p.name for p in (project / "reports/2022").iterdir()}
    assert (project / "figures/2022/scorecard_en.png").exists()
    assert not (project / "figures/2022/dti_ranking_vi.png").exists()  # DTI: a partial table, no ranking chart


def test_a_draft_resolution_is_a_parameter_of_the_pack_and_does_not_outlive_the_run(project):
    """`--dpi` draws the charts at another resolution; the manifest records it, so a draft is never taken for the
    slide-ready pack (a default run rebuilds), and the setting does not leak into what runs next."""
    import json

    from PIL import Image

    from qnindex.pipeline import report

    manifest = json.loads((project / "reports/2022/manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == {"year": 2022, "langs": ["vi", "en"], "dpi": 60}
    with Image.open(project / "figures/2022/papi_ranking_vi.png") as img:
        assert img.size == (799, 450) and round(img.info["dpi"][0]) == 60  # 13.333 x 7.5 in at 60 dpi
    from conftest import project_at

    built = project_at(project, dpi=60)
    assert report.manifest_parameters(built, 2022) == manifest["parameters"]
    assert report.up_to_date(built, 2022, manifest["parameters"])
    assert not report.up_to_date(built, 2022, {"year": 2022, "langs": ["vi", "en"]})  # the default: rebuilt
    assert "QNINDEX_DPI" not in os.environ


def test_a_resolution_out_of_range_is_refused(capsys, monkeypatch):
    with pytest.raises(SystemExit):
        main(["report", "--year", "2022", "--dpi", "20"])
    assert "--dpi" in capsys.readouterr().err
    from qnindex.core.settings import Settings, SettingError
    from qnindex.pipeline.environment import settings_from_environment

    with pytest.raises(SettingError, match="QNINDEX_DPI phải là một số nguyên từ 50 đến 600"):
        settings_from_environment({"QNINDEX_DPI": "cao"})
    with pytest.raises(SettingError):
        Settings(dpi=5)
    monkeypatch.setenv("QNINDEX_DPI", "cao")
    capsys.readouterr()
    assert main(["report", "--year", "2022"]) == 2  # the command: one line naming the setting, no traceback
    err = capsys.readouterr().err
    assert err.startswith("qnindex: QNINDEX_DPI phải là một số nguyên từ 50 đến 600, không phải 'cao'")
    assert "Traceback" not in err


def test_bad_input_stops_at_the_gate_each_problem_once_and_the_previous_pack_is_kept(project):
    raw = project / "data/raw/papi/2022.csv"
    good = raw.read_text(encoding="utf-8")
    png = (project / "figures/2022/papi_ranking_vi.png").read_bytes()
    lines = good.splitlines()
    cells = lines[3].split(",")
    cells[1] = "11.5"  # a sub-dimension scored out of 10
    try:
        raw.write_text("\n".join(lines[:3] + [",".join(cells)] + lines[4:]) + "\n", encoding="utf-8")
        proc = _report_2022()
        assert "exit 2" in proc.stdout and "imported []" in proc.stdout  # found by the kernel, said by the driver
        err = proc.stderr.splitlines()
        problem = "data/raw/papi/2022.csv, dòng 4, cột 'SC11': điểm chỉ số nội dung thành phần 11,5 nằm ngoài 0–10"
        assert sum(line.startswith(problem) for line in err) == 1  # once, although several years read the file
        assert "notebook" not in " ".join(err) and "Traceback" not in " ".join(err)  # no notebook ran
        assert err[-1].startswith("qnindex: 2022: 1 lỗi trong số liệu gốc; chưa công bố, bộ kết quả cũ giữ nguyên")
        assert (project / "figures/2022/papi_ranking_vi.png").read_bytes() == png
    finally:
        raw.write_text(good, encoding="utf-8")


def test_a_failing_notebook_is_named_with_its_cell_and_the_previous_pack_kept(project, capsys):
    """Every notebook stops at its first cell (quick: the run still tries each one and names each failure)."""
    sources = {p: p.read_text(encoding="utf-8") for p in (project / "notebooks").glob("*.py")}
    png = (project / "figures/2022/papi_ranking_vi.png").read_bytes()
    try:
        for path, good in sources.items():
            broken = good.replace("# %%\nfrom qnindex", "# %%\nraise RuntimeError('hỏng')\nfrom qnindex", 1)
            assert broken != good, path.name
            path.write_text(broken, encoding="utf-8")
        assert main(["report", "--year", "2022", "--lang", "vi", "--dpi", "60"]) == 1
        err = capsys.readouterr().err
        assert "notebook papi lỗi ở ô 3: RuntimeError: hỏng" in err  # cell 3: after the parameters and setup
        from conftest import project_at
        from qnindex.pipeline.plan import LAST, available_notebooks

        ran = [*available_notebooks(project_at(project), 2022)[0], LAST]
        assert [f"notebook {name} lỗi ở ô 3" in err for name in ran] == [True] * len(ran)  # each one tried
        assert "năm 2022 chưa công bố; bộ kết quả cũ giữ nguyên" in err
        assert (project / "figures/2022/papi_ranking_vi.png").read_bytes() == png
    finally:
        for path, good in sources.items():
            path.write_text(good, encoding="utf-8")



def test_a_kernel_that_dies_is_a_named_failure_and_the_next_notebook_runs_in_a_new_one(project, tmp_path):
    """A kernel ending in the middle of a cell (out of memory, a crashing library) is reported as that notebook's
    failure, at that cell, in words; the notebooks after it still run (a new kernel is started), no traceback."""
    from conftest import project_at
    from qnindex.pipeline.report import run_notebooks

    header = "# %% tags=[\"parameters\"]\nyear = 2022\nlang = \"vi\"\nraw_dir = None\noutput_root = None\n\n"
    notebooks = project / "notebooks"
    (notebooks / "crash.py").write_text(header + "# %%\nimport os\n\n# %%\nos._exit(3)\n", encoding="utf-8")
    (notebooks / "after.py").write_text(header + "# %%\nprint('ran', year)\n", encoding="utf-8")
    try:
        results = run_notebooks(project_at(project, langs=("vi",)), ["crash", "after"], 2022, tmp_path)
    finally:
        (notebooks / "crash.py").unlink()
        (notebooks / "after.py").unlink()
    (crash, _s, failure), (after, _t, fine) = results
    assert crash == "crash" and failure.error_name == "DeadKernelError"
    assert failure.cell == "4"  # parameters, injected parameters, import, then the cell that ended the kernel
    assert "nhân Python (kernel) đã dừng đột ngột" in failure.error_value
    assert after == "after" and fine is None
