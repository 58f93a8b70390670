"""The yearly workflow: `qnindex new-year` templates and `qnindex validate`."""
import pytest
from openpyxl import load_workbook

from qnindex.pipeline.cli import main
from qnindex.analysis.yeardata import load_year


def test_new_year_writes_templates_with_the_units_of_that_year(scratch_project, capsys):
    assert main(["new-year", "2020"]) == 0
    raw = scratch_project / "data" / "raw"
    wb = load_workbook(raw / "dgi" / "dgi_2020.xlsx")
    assert wb.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    units = [r[1] for r in wb["Dữ liệu"].iter_rows(min_row=2, values_only=True)]
    assert len(units) == 13 and "Huyện Hoành Bồ" not in units  # merged into Hạ Long on 1/1/2020
    assert "HƯỚNG DẪN NHẬP SỐ LIỆU" in wb["Hướng dẫn"]["A1"].value
    communes = load_workbook(raw / "egov_commune" / "egov_commune_2020.xlsx")["Dữ liệu"]
    assert communes.max_row - 1 == 177
    assert (raw / "par_qn" / "par_qn_2020.xlsx").exists()
    # the blank templates count as 'no data yet', not as errors
    assert load_year(2020).missing["dgi"] == "no data for the year"
    out = capsys.readouterr().out
    assert "kept data/raw/pci/pci_2020.csv: it already exists" in out  # published 2020 data are untouched
    assert main(["new-year", "2020"]) == 0
    assert "wrote" not in capsys.readouterr().out


def test_new_year_after_the_2025_reform(scratch_project):
    assert main(["new-year", "2026"]) == 0
    raw = scratch_project / "data" / "raw"
    provinces = load_workbook(raw / "pci" / "pci_2026.xlsx")["Dữ liệu"]
    assert provinces.max_row - 1 == 34
    assert not (raw / "dgi" / "dgi_2026.xlsx").exists()  # no district level after 1/7/2025
    communes = load_workbook(raw / "egov_commune" / "egov_commune_2026.xlsx")["Dữ liệu"]
    assert communes.max_row - 1 == 54


def test_validate_lists_every_problem_with_file_row_column_and_fix(scratch_project, capsys):
    raw = scratch_project / "data" / "raw"
    path = raw / "sipas_qn" / "sipas_qn_2019.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("illustrative", "maybe")
    lines[5] = lines[5].replace(lines[5].split(",")[4], "105")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--year", "2019"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert any("sipas_qn_2019.csv, row 4, column 'source': unknown source 'maybe'" in line and "fix:" in line
               for line in out)
    assert any("row 6, column 'satisfaction_pct'" in line for line in out)
    assert main(["validate", "--year", "2018"]) == 0


@pytest.mark.parametrize("argv", [["report", "--year", "99999"], ["report", "--year", "-1"], ["report", "--year", "0"],
                                  ["report", "--years", "2000-2019"], ["validate", "--year", "1999"],
                                  ["new-year", "0"], ["new-year", "3000"]])
def test_years_outside_what_the_registry_knows_exit_2_with_the_range(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "(2005–" in err[0] and "Traceback" not in err[0]


def test_a_folder_that_cannot_be_written_is_one_line_and_exit_2(monkeypatch, capsys):
    import errno

    from qnindex.pipeline import report

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", "figures/2019")

    monkeypatch.setattr(report, "build_many", full)
    assert main(["report", "--year", "2019"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["qnindex: cannot write figures/2019: No space left on device — fix: free disk space, then run "
                   "the same command again; the previous pack is unchanged"]
