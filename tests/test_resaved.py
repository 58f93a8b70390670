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


def _rules(path) -> set[tuple]:
    """A template's number and list rules as (column, type, operator, bounds): what the official is held to."""
    sheet = load_workbook(path)["Dữ liệu"]
    found = set()
    for dv in sheet.data_validations.dataValidation:
        operator = "" if dv.type == "list" else dv.operator or "between"  # a list has no operator
        bounds = (str(dv.formula1).replace("'", "").replace("$", "").lstrip("="),
                  str(dv.formula2) if operator == "between" else "")
        for cells in str(dv.sqref).split():
            found.add((cells.split(":")[0].rstrip("0123456789"), dv.type, operator, bounds))
    return found


def test_every_template_keeps_its_rules_through_a_libreoffice_resave_in_each_format(scratch_project, tmp_path):
    """`new-year` templates re-saved by LibreOffice Calc as .xlsx, .ods and .xls (read back as .xlsx) keep every
    rule: the list of units, the whole numbers, the bounded scores, and a score with only a lower bound (PGI's)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (.ci/run installs it from the Debian packages)")
    assert main(["new-year", "2026"]) == 0
    templates = sorted((scratch_project / "data" / "raw").glob("*/*_2026.xlsx"))
    assert len(templates) >= 10 and any(p.parent.name == "pgi" for p in templates)

    def convert(fmt: str, files: list, out) -> None:
        done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                               fmt, "--outdir", str(out), *map(str, files)], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-500:]

    original = {p.stem: _rules(p) for p in templates}
    pgi = original["pgi_2026"]
    assert any(kind == "decimal" and bounds[0] == "0" for _c, kind, _o, bounds in pgi)  # its score: not negative
    for fmt in ("xlsx", "ods", "xls"):
        saved = tmp_path / fmt
        convert(fmt, templates, saved)
        back = saved
        if fmt != "xlsx":
            back = tmp_path / f"{fmt}-back"
            convert("xlsx", sorted(saved.glob(f"*.{fmt}")), back)
        for stem, rules in original.items():
            assert _rules(back / f"{stem}.xlsx") == rules, (fmt, stem, rules ^ _rules(back / f"{stem}.xlsx"))
