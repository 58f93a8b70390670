"""The yearly workflow: `qnindex new-year` templates and `qnindex validate`."""
import pytest
from openpyxl import load_workbook

from conftest import project_at
from qnindex.analysis.yeardata import load_year
from qnindex.pipeline.cli import main


def test_new_year_writes_templates_with_the_units_of_that_year(scratch_project, capsys):
    assert main(["new-year", "2020"]) == 0
    raw = scratch_project / "data" / "raw"
    wb = load_workbook(raw / "dgi" / "dgi_2020.xlsx")
    assert wb.sheetnames == ["Dữ liệu", "Hướng dẫn", "Danh mục"] and wb["Danh mục"].sheet_state == "hidden"
    units = [r[1] for r in wb["Dữ liệu"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert len(units) == 13 and "Huyện Hoành Bồ" not in units  # merged into Hạ Long on 1/1/2020
    assert "HƯỚNG DẪN NHẬP SỐ LIỆU" in wb["Hướng dẫn"]["A1"].value
    guide = " ".join(r[0] or "" for r in wb["Hướng dẫn"].iter_rows(values_only=True))
    assert "Tổng điểm bằng trung bình cộng các điểm thành phần" in guide and "83,9" in guide
    communes = load_workbook(raw / "egov_commune" / "egov_commune_2020.xlsx")["Dữ liệu"]
    names = [r[1] for r in communes.iter_rows(min_row=2, values_only=True) if r[1]]
    assert len(names) == 177 and "Phường Hoành Bồ" in names and "Thị trấn Trới" not in names
    headers = [c.value for c in communes[1]]
    assert headers[2:6] == ["Mức độ sẵn sàng (tối đa 30)", "Kết quả đạt được (tối đa 60)",
                            "Tiêu chí của tỉnh (tối đa 10)", "Tổng điểm (tối đa 100)"]
    rules = {(dv.type, str(dv.formula1), str(dv.formula2)) for dv in communes.data_validations.dataValidation}
    assert ("list", "='Danh mục'!$A$1:$A$177", "None") in rules and ("decimal", "0", "30") in rules
    sipas = load_workbook(raw / "sipas_qn" / "sipas_qn_2020.xlsx")["Dữ liệu"]
    assert {r[1] for r in sipas.iter_rows(min_row=2, values_only=True) if r[1]} == {
        "Sở, ban, ngành", "UBND cấp huyện", "Cơ quan Trung ương"}  # groups in Vietnamese
    assert ("whole", "1", "10000000") in {(dv.type, str(dv.formula1), str(dv.formula2))
                                          for dv in sipas.data_validations.dataValidation}
    online = load_workbook(raw / "online_services" / "online_services_2021.xlsx")["Dữ liệu"] if (
        raw / "online_services" / "online_services_2021.xlsx").exists() else None
    assert (raw / "par_qn" / "par_qn_2020.xlsx").exists() and online is None
    # the blank templates count as 'no data yet', not as errors
    assert load_year(2020, project_at(scratch_project)).missing["dgi"] == "no data for the year"
    out = capsys.readouterr().out
    assert "giữ nguyên data/raw/pci/pci_2020.csv: tệp đã có" in out  # published 2020 data are untouched
    assert main(["new-year", "2020"]) == 0
    assert "đã tạo" not in capsys.readouterr().out
    assert main(["validate", "--year", "2020"]) == 0  # blank templates: "chưa có số liệu", exit 0
    assert "mẫu chưa có số liệu" in capsys.readouterr().out


def test_the_online_services_template_lists_the_province_only(scratch_project):
    assert main(["new-year", "2021"]) == 0
    sheet = load_workbook(scratch_project / "data/raw/online_services/online_services_2021.xlsx")["Dữ liệu"]
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]] == ["Quảng Ninh"]


def test_new_year_after_the_2025_reform(scratch_project):
    assert main(["new-year", "2026"]) == 0
    raw = scratch_project / "data" / "raw"
    provinces = load_workbook(raw / "pci" / "pci_2026.xlsx")["Dữ liệu"]
    assert len([r for r in provinces.iter_rows(min_row=2, values_only=True) if r[1]]) == 34
    assert not (raw / "dgi" / "dgi_2026.xlsx").exists()  # no district level after 1/7/2025
    communes = load_workbook(raw / "egov_commune" / "egov_commune_2026.xlsx")["Dữ liệu"]
    assert len([r for r in communes.iter_rows(min_row=2, values_only=True) if r[1]]) == 54


def test_validate_lists_every_problem_with_file_row_column_and_fix(scratch_project, capsys):
    raw = scratch_project / "data" / "raw"
    path = raw / "sipas_qn" / "sipas_qn_2019.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("illustrative", "maybe")
    lines[5] = lines[5].replace(lines[5].split(",")[4], "105")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--year", "2019"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert any("sipas_qn_2019.csv, dòng 4, cột 'source': nguồn 'maybe' không hợp lệ" in line and "cách sửa:" in line
               for line in out)
    assert any("dòng 6, cột 'satisfaction_pct'" in line for line in out)
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
    assert err == ["qnindex: không ghi được figures/2019: No space left on device — cách sửa: giải phóng dung lượng ổ "
                   "đĩa rồi chạy lại đúng lệnh đó; bộ kết quả cũ giữ nguyên"]
    assert main(["report", "--year", "2019", "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["qnindex: cannot write figures/2019: No space left on device — fix: free disk space, then run "
                   "the same command again; the previous pack is unchanged"]


def test_a_year_without_any_file_says_so_in_the_users_language_and_how_to_start(scratch_project, capsys):
    """No index file of the year: nothing is built, nothing is started, and the message names the command that
    writes the year's templates (in Vietnamese unless English is asked for)."""
    for path in [p for p in (scratch_project / "data" / "raw").rglob("*") if p.is_file() and p.stem.endswith("2024")]:
        path.unlink()  # every index file of 2024 (the commune lists, named by month, stay)
    assert main(["report", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2024: data/raw/ chưa có tệp số liệu chỉ số nào của năm 2024; không dựng gì")
    assert "qnindex new-year 2024" in out
    assert main(["report", "--year", "2024", "--lang", "en"]) == 0
    assert "has no index file of 2024; nothing built" in capsys.readouterr().out
    assert not (scratch_project / "figures" / "2024").exists() and not (scratch_project / "reports" / "2024").exists()


def test_a_year_whose_templates_are_still_blank_says_to_fill_them_not_to_write_them(scratch_project, capsys):
    """Right after `new-year 2026` the templates exist and are empty: the report said the year had no file and
    told the user to run `new-year` again."""
    assert main(["new-year", "2026"]) == 0
    written = sorted(str(p.relative_to(scratch_project)) for p in (scratch_project / "data" / "raw").glob("*/*_2026.xlsx"))
    capsys.readouterr()
    assert main(["report", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"2026: {len(written)} mẫu nhập liệu của năm 2026 chưa có số liệu ({', '.join(written)}); "
                          "không dựng gì")
    assert "qnindex validate --year 2026" in out and "new-year" not in out
    assert main(["report", "--year", "2026", "--lang", "en"]) == 0
    assert f"{len(written)} template(s) of 2026 still blank" in capsys.readouterr().out
    assert not (scratch_project / "figures" / "2026").exists()


def test_the_command_line_help_is_vietnamese_first(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "năm của chỉ số, ví dụ 2019" in out and "dựng lại kể cả khi không có gì thay đổi" in out
    assert main(["report", "--year", "1990"]) == 2
    assert "năm 1990 nằm ngoài khoảng có thể xử lý" in capsys.readouterr().err


def test_a_command_in_english_leaves_the_callers_messages_in_vietnamese(capsys):
    """`main([... "--lang", "en"])` called as a function (tests, notebooks) does not switch the process's messages."""
    from qnindex.core import messages
    from qnindex.pipeline.cli import main

    assert messages.current() == "vi"
    main(["validate", "--year", "2019", "--lang", "en"])
    assert "raw file(s) valid" in capsys.readouterr().out  # English while the command ran
    assert messages.current() == "vi"


def test_a_templates_guide_names_the_years_blocks_and_numbers_its_rules_without_gaps(scratch_project):
    """From 1/7/2025 communes replace district-level units: the survey's guide names the blocks its rows have (it
    named 'UBND cấp huyện' in 2025); the rules are numbered 1, 2, 3, ... for whichever of them apply."""
    import re

    from qnindex.pipeline.new_year import write_year_templates

    write_year_templates(2025, project_at(scratch_project))
    write_year_templates(2020, project_at(scratch_project))
    raw = scratch_project / "data" / "raw"
    for path, blocks in ((raw / "sipas_qn" / "sipas_qn_2025.xlsx", "Sở, ban, ngành / Cấp xã / Cơ quan Trung ương"),
                         (raw / "sipas_qn" / "sipas_qn_2020.xlsx",
                          "Sở, ban, ngành / UBND cấp huyện / Cơ quan Trung ương"),
                         (raw / "par_qn" / "par_qn_2025.xlsx", None)):
        lines = [r[0] or "" for r in load_workbook(path)["Hướng dẫn"].iter_rows(values_only=True)]
        numbers = [int(m.group(1)) for line in lines if (m := re.match(r"(\d+)\. ", line))]
        assert numbers == list(range(1, len(numbers) + 1)), path.name
        if blocks:
            assert any(f"Khối: {blocks} (chọn trong danh sách)" in line for line in lines), path.name


def test_a_new_years_provincial_average_is_stated_once_it_is_recorded_as_published(scratch_project):
    """The provincial PAR index of a year is stated only when the province's published average is on record and the
    units reproduce it; the template's guide says where to record it, and an edit of PROVENANCE.yml in a running
    session is read (it was parsed once per process)."""
    import os

    from qnindex.analysis.yeardata import load_year
    from qnindex.render import narrative

    assert main(["new-year", "2026"]) == 0
    raw = scratch_project / "data" / "raw"
    path = raw / "par_qn" / "par_qn_2026.xlsx"
    book = load_workbook(path)
    guide = " ".join(r[0] or "" for r in book["Hướng dẫn"].iter_rows(values_only=True))
    assert "published_aggregates, ví dụ 2026: {all: 87.12}" in guide
    assert "Báo cáo chỉ nêu điểm bình quân chung khi điểm đó đã được ghi ở đó" in guide
    sheet = book["Dữ liệu"]
    header = [c.value for c in sheet[1]]
    totals = []
    for i, row in enumerate(r for r in sheet.iter_rows(min_row=2) if r[1].value):
        cells = dict(zip(header, row))
        parts = [c for h, c in cells.items() if h and "(tối đa" in h and not h.startswith("Tổng điểm")]
        values = [round(float(h.split("tối đa ")[1].rstrip(")")) * (0.7 + (i % 7) * 0.03), 2)
                  for h in header if h and "(tối đa" in h and not h.startswith("Tổng điểm")]
        for cell, value in zip(parts, values):
            cell.value = value
        totals.append(sum(values))
        cells["Nguồn"].value = "minh họa"
    book.save(path)
    for other in raw.glob("*/*_2026.xlsx"):
        if other != path:
            other.unlink()
    assert main(["validate", "--year", "2026"]) == 0

    def sentence() -> str:
        return narrative.build(load_year(2026, project_at(scratch_project)), "vi").section("par_qn").markdown \
            .splitlines()[2]

    assert sentence().endswith("được đánh giá Chỉ số CCHC của tỉnh; điểm bình quân không được công bố.")
    mean = sum(totals) / len(totals)
    provenance = raw / "par_qn" / "PROVENANCE.yml"
    provenance.write_text(provenance.read_text(encoding="utf-8").replace(
        "published_aggregates:\n", f"published_aggregates:\n  2026: {{all: {mean:.2f}}}\n"), encoding="utf-8")
    os.utime(provenance, ns=(provenance.stat().st_atime_ns, provenance.stat().st_mtime_ns + 10**9))
    assert f"đạt bình quân {mean:.2f}%".replace(".", ",") in sentence()


def test_a_project_without_targets_validates(scratch_project, capsys):
    """Another province's project may set no targets: `validate` does not stop on the missing file (it raised
    FileNotFoundError) and there are simply no targets."""
    import shutil

    from qnindex.pipeline.cli import main

    shutil.rmtree(scratch_project / "data" / "raw" / "targets")
    assert main(["validate", "--year", "2019"]) == 0, capsys.readouterr()
    project = project_at(scratch_project)
    assert project.targets.table().empty and project.targets.tidy(2019).empty
