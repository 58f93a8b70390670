"""A template filled and re-saved by a spreadsheet program in another format is read — or stops the year with a line
that says what to do; it is never skipped without a word."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from qnindex.pipeline.cli import main


def _filled_template(project) -> tuple:
    """`new-year 2026`, then the departments' e-government template filled (its other templates removed)."""
    assert main(["new-year", "2026"]) == 0
    raw = project / "data" / "raw"
    for other in raw.glob("*/*_2026.xlsx"):
        if other.parent.name != "egov_department":
            other.unlink()
    path = raw / "egov_department" / "egov_department_2026.xlsx"
    wb = load_workbook(path)
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    n = 0
    for i, row in enumerate(r for r in ws.iter_rows(min_row=2) if r[1].value):
        cells = dict(zip(header, row))
        cells["Hạ tầng kỹ thuật CNTT (tối đa 20)"].value = 15 + i % 5
        cells["Ứng dụng và đầu tư CNTT (tối đa 60)"].value = 40 + i % 11
        cells["Nhân lực CNTT (tối đa 20)"].value = 12 + i % 7
        cells["Tổng điểm (tối đa 100)"].value = 67 + i % 5 + i % 11 + i % 7
        cells["Nguồn"].value = "minh họa"
        n += 1
    wb.save(path)
    return path, n


def test_a_template_saved_as_ods_is_read_by_validate_and_report(scratch_project, capsys):
    import pandas as pd

    path, n = _filled_template(scratch_project)
    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
    ods = path.with_suffix(".ods")
    with pd.ExcelWriter(ods, engine="odf") as writer:  # the data sheet first, as the template has it
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, header=False, index=False)
    path.unlink()
    assert main(["validate", "--year", "2026"]) == 0, capsys.readouterr().out
    assert main(["report", "--year", "2026", "--lang", "vi", "--dpi", "50"]) == 0, capsys.readouterr().err
    narrative = (scratch_project / "data/processed/2026/narrative_vi.md").read_text(encoding="utf-8")
    assert f"{n} sở, ban, ngành" in narrative or f"{n} cơ quan" in narrative


def test_a_file_in_a_format_that_is_not_read_stops_the_year_with_a_line(scratch_project, capsys):
    path, _n = _filled_template(scratch_project)
    path.rename(path.with_suffix(".numbers"))
    assert main(["validate", "--year", "2026"]) == 2
    out = capsys.readouterr()
    assert "egov_department_2026.numbers" in out.out and "loại tệp '.numbers' không được hỗ trợ" in out.out
    assert ".ods" in out.out  # the fix names the formats that are read
    assert main(["report", "--year", "2026", "--lang", "vi"]) == 2
    assert "loại tệp '.numbers'" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["ods", "xls", "xlsx", "csv"])
def test_a_template_resaved_by_libreoffice_in_each_of_its_formats_validates(scratch_project, tmp_path, capsys, fmt):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (.ci/run installs it from the Debian packages)")
    path, _n = _filled_template(scratch_project)
    out = tmp_path / "out"
    filters = {"csv": "csv:Text - txt - csv (StarCalc):44,34,76,1"}  # UTF-8, the data sheet (the first)
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                           filters.get(fmt, fmt), "--outdir", str(out), str(path)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    path.unlink()
    shutil.copy(out / f"egov_department_2026.{fmt}", path.with_suffix(f".{fmt}"))
    assert main(["validate", "--year", "2026"]) == 0, capsys.readouterr().out
