"""The bad-input corpus (tests/corpus, made by make_corpus.py): each file either loads correctly or fails
with exact one-line messages naming file, row, column and the fix; the CLI exits 2, never with a traceback."""
import os
import shutil
import subprocess
import sys
from pathlib import Path


import pytest

from qnindex.pipeline.cli import main
from conftest import PROJECT, ROOT, load_table
from qnindex.pipeline.validate import validate_file

C = "tests/corpus/"
LOADS = [  # messy but valid: each loads to exactly the bundled 2019 data
    "sipas_qn/utf8_bom_2019.csv", "sipas_qn/utf16_tabs_2019.csv", "sipas_qn/windows1258_2019.csv",
    "sipas_qn/decimal_comma_2019.csv", "sipas_qn/nfd_names_2019.csv", "sipas_qn/old_tone_2019.csv",
    "sipas_qn/spaces_nbsp_2019.csv", "sipas_qn/percent_signs_2019.csv", "sipas_qn/excel_title_rows_2019.xlsx",
    "sipas_qn/zero_width_2019.csv", "sipas_qn/mac_cr_2019.csv", "sipas_qn/percent_cells_2019.xlsx",
    "sipas_qn/second_sheet_2019.xlsx", "sipas_qn/stray_far_cell_2019.xlsx", "sipas_qn/old_excel_2019.xls",
]
OTHER_LOADS = ["sipas_qn/blank_unit_row_2018.csv", "dgi/total_one_decimal_2019.csv",
               "par_index/province_variants_2019.csv"]
FAILS = {
    'dgi/wrong_level_unit_2019.csv': [
        "dòng 5, cột 'unit': không có đơn vị 'Sở Y tế' thuộc khối UBND cấp huyện trong danh mục — cách sửa: ghi đúng tên đơn vị như trong danh mục; tên gần nhất: Huyện Cô Tô, Thị xã Đông Triều, Huyện Đầm Hà",
    ],
    'egov_district/above_maximum_2019.csv': [
        "dòng 3, cột 'readiness': 56 nằm ngoài khoảng cho phép: từ 0 đến 50 — cách sửa: ghi điểm từ 0 đến 50 (Mức độ sẵn sàng)",
        "dòng 3, cột 'total': tổng điểm 123 không bằng tổng các điểm thành phần (139,00) — cách sửa: sửa tổng điểm hoặc điểm thành phần, hoặc để trống tổng điểm (sẽ được tính)",
    ],
    'egov_district/total_not_sum_2019.csv': [
        "dòng 4, cột 'total': 200 nằm ngoài khoảng cho phép: từ 0 đến 170 — cách sửa: ghi tổng điểm từ 0 đến 170",
        "dòng 4, cột 'total': tổng điểm 200 không bằng tổng các điểm thành phần (120,00) — cách sửa: sửa tổng điểm hoặc điểm thành phần, hoặc để trống tổng điểm (sẽ được tính)",
    ],
    'papi/sub_dimension_out_of_range_2019.csv': [
        "dòng 15, cột 'SC21': điểm chỉ số nội dung thành phần 11,2 nằm ngoài 0–10 — cách sửa: kiểm tra lại giá trị",
    ],
    'par_index/rank_contradicts_score_2019.csv': [
        "dòng 3, cột 'rank': thứ hạng 1 bằng thứ hạng 1 của một điểm cao hơn (dòng 2) — cách sửa: kiểm tra điểm và thứ hạng của cả hai dòng",
    ],
    'sipas_qn/bad_grouping_2019.csv': [
        "dòng 5, cột 'respondents': '1.234.5' có dấu phân cách hàng nghìn không đúng — cách sửa: ghi số không có dấu phân cách (1234), hoặc tách đúng từng nhóm ba chữ số (1.234)",
    ],
    'sipas_qn/control_char_2019.csv': [
        "dòng 6, cột 'note': ô có ký tự điều khiển không in được (mã U+0007 ở vị trí 4) — cách sửa: gõ lại nội dung ô",
    ],
    'sipas_qn/csv_named_xlsx_2019.xlsx': [
        ": tệp có đuôi '.xlsx' nhưng nội dung là văn bản (CSV) — cách sửa: mở tệp bằng Excel và lưu lại đúng định dạng (.xlsx), hoặc đổi đuôi tệp thành .csv",
    ],
    'sipas_qn/duplicate_unit_2019.csv': [
        "dòng 6, cột 'unit': đơn vị 'Sở Công Thương' xuất hiện nhiều lần — cách sửa: mỗi đơn vị một dòng: gộp hoặc xóa dòng lặp",
        "dòng 43, cột 'unit': đơn vị 'Sở Công Thương' xuất hiện nhiều lần — cách sửa: mỗi đơn vị một dòng: gộp hoặc xóa dòng lặp",
    ],
    'sipas_qn/empty_2019.csv': [
        ': tệp trống — cách sửa: điền vào mẫu: dòng tiêu đề, rồi mỗi đơn vị một dòng',
    ],
    'sipas_qn/extra_column_2019.csv': [
        "dòng 1, cột 'xếp loại': cột không thuộc mẫu — cách sửa: xóa cột này, hoặc đổi tiêu đề thành một trong: Năm, Khối, Đơn vị, Số phiếu, Tỷ lệ hài lòng (%), Xếp hạng trong khối, Nguồn, Ghi chú, Ghi chú tiếng Anh",
    ],
    'sipas_qn/formula_no_value_2019.xlsx': [
        "dòng 5, cột 'Số phiếu': ô có công thức nhưng chưa có giá trị đã lưu — cách sửa: mở và lưu lại tệp trong Excel (để Excel tính và lưu kết quả)",
    ],
    'sipas_qn/fraction_rates_2019.csv': [
        "dòng 2, cột 'satisfaction_pct': các tỷ lệ được ghi dưới dạng phân số (ví dụ 0,8953); tỷ lệ phải ghi theo % — cách sửa: 0,8953 → nhập 89,53",
    ],
    'sipas_qn/header_only_2019.csv': [
        'dòng 1: tệp có dòng tiêu đề nhưng không có dòng số liệu nào — cách sửa: thêm mỗi đơn vị một dòng bên dưới dòng tiêu đề',
    ],
    'sipas_qn/hoanh_bo_after_merger_2020.csv': [
        "dòng 43, cột 'unit': 'Huyện Hoành Bồ' không còn tồn tại vào 31/12/2020 (đã nhập vào Thành phố Hạ Long) — cách sửa: báo cáo số liệu dưới tên 'Thành phố Hạ Long'",
    ],
    'sipas_qn/missing_column_2019.csv': [
        "dòng 1, cột 'Số phiếu': thiếu cột bắt buộc — cách sửa: thêm cột có tiêu đề 'Số phiếu' (các cột đang có: year, group, unit, satisfaction_pct, source, note)",
    ],
    'sipas_qn/missing_year_2019.csv': [
        "dòng 12, cột 'year': ô trống — cách sửa: điền giá trị; nếu đơn vị không được đánh giá năm nay, để trống cả dòng",
    ],
    'sipas_qn/negative_respondents_2019.csv': [
        "dòng 10, cột 'respondents': -40 không hợp lệ: cần từ 1 trở lên — cách sửa: ghi số phiếu khảo sát, một số nguyên lớn hơn 0",
    ],
    'sipas_qn/notes.txt': [
        ': tên tệp không kết thúc bằng năm — cách sửa: đặt tên sipas_qn_<năm>.txt',
    ],
    'sipas_qn/rate_above_100_2019.csv': [
        "dòng 7, cột 'satisfaction_pct': 105,2 nằm ngoài khoảng cho phép: từ 0 đến 100 — cách sửa: ghi tỷ lệ theo %, từ 0 đến 100 (ví dụ 93,46)",
    ],
    'sipas_qn/text_in_number_2019.csv': [
        "dòng 9, cột 'satisfaction_pct': 'khoảng 90' không phải là số — cách sửa: ghi một số, ví dụ 93,46",
    ],
    'sipas_qn/thousands_2019.csv': [
        "cột 'satisfaction_pct': số liệu dòng 2–42 cho all = 93,27, nhưng số đã công bố là 93,46 — cách sửa: đối chiếu các số này với bảng đã công bố (PROVENANCE.yml, published_aggregates)",
    ],
    'sipas_qn/truncated_2019.xlsx': [
        ': tệp Excel bị hỏng hoặc chưa lưu xong (BadZipFile) — cách sửa: mở tệp bằng Excel, lưu lại, rồi chạy lại',
    ],
    'sipas_qn/two_data_sheets_2019.xlsx': [
        ": không có trang nào có đủ các cột của mẫu; các trang: 'Bìa', 'Đợt 1', 'Đợt 2' — cách sửa: chép bảng số liệu vào trang đầu tiên, hoặc dùng mẫu của 'qnindex new-year'",
    ],
    'sipas_qn/unknown_source_2019.csv': [
        "dòng 13, cột 'source': nguồn 'ước tính' không hợp lệ — cách sửa: ghi 'công bố' hoặc 'minh họa'",
    ],
    'sipas_qn/unknown_unit_2019.csv': [
        "dòng 4, cột 'unit': không có đơn vị 'Sở Kế hoạch Đầu tư Tài chính' thuộc khối Sở, ban, ngành trong danh mục — cách sửa: ghi đúng tên đơn vị như trong danh mục; tên gần nhất: Sở Kế hoạch và Đầu tư, Sở Tài chính, Sở Khoa học và Công nghệ",
    ],
    'sipas_qn/year_not_name_2019.csv': [
        "dòng 2, cột 'year': mọi dòng (dòng 2–42) ghi năm 2018 nhưng tệp là của năm 2019 — cách sửa: đổi tên tệp thành năm 2018, hoặc sửa cột năm",
    ],
}


def test_the_corpus_has_at_least_25_files_and_every_one_is_covered():
    files = {str(p.relative_to(ROOT / "tests/corpus")) for p in (ROOT / "tests/corpus").rglob("*")
             if p.is_file() and p.suffix != ".py"}
    assert len(files) >= 40
    assert files == set(LOADS) | set(FAILS) | set(OTHER_LOADS)


@pytest.mark.parametrize("name", LOADS)
def test_messy_but_valid_files_load_to_the_same_data(name):
    expected = load_table("sipas_qn", 2019)
    got = load_table("sipas_qn", 2019, ROOT / C / name)
    assert got["unit_id"].tolist() == expected["unit_id"].tolist()
    assert got["value"].tolist() == expected["value"].tolist()
    assert got["weight"].tolist() == expected["weight"].tolist()
    assert got["unit_name"].tolist() == expected["unit_name"].tolist()
    if name == "sipas_qn/excel_title_rows_2019.xlsx":  # title rows above the header: rows as Excel shows them
        assert got["source_row"].min() == expected["source_row"].min() + 2


def test_a_stray_cell_a_million_rows_down_costs_nothing():
    import time

    start = time.process_time()
    load_table("sipas_qn", 2019, ROOT / C / "sipas_qn/stray_far_cell_2019.xlsx")
    assert time.process_time() - start < 5  # the whole sheet would take ~50 s and ~2 GB


def test_thousands_separators_in_valid_groupings():
    from qnindex.data.loading import read_and_parse
    from qnindex.indices.survey import COLUMNS

    frame, problems = read_and_parse(ROOT / C / "sipas_qn/thousands_2019.csv", COLUMNS,
                                     PROJECT.shown(ROOT / C / "sipas_qn/thousands_2019.csv"))
    assert problems == [] and frame["respondents"].tolist()[:2] == [1234, 1205]
    # respondents changed, so the weighted averages no longer give the published 2019 figures: refused (FAILS)


def test_a_unit_left_blank_was_not_assessed():
    full, blank = load_table("sipas_qn", 2018), load_table("sipas_qn", 2018, ROOT / C / "sipas_qn/blank_unit_row_2018.csv")
    assert len(blank) == len(full) - 1 and set(full["unit_id"]) - set(blank["unit_id"])


def test_a_total_typed_to_one_decimal_is_checked_at_that_precision():

    dgi = load_table("dgi", 2019, ROOT / C / "dgi/total_one_decimal_2019.csv")
    totals = dgi[(dgi["component"] == "total") & (dgi["measure"] == "score")]
    assert (totals["value"] * 10).round(6).apply(float.is_integer).all()


def test_province_spelling_variants():
    got = load_table("par_index", 2019, ROOT / C / "par_index/province_variants_2019.csv")
    assert set(got["unit_id"]) >= {"prov-22", "prov-01", "prov-87"}


def _expected(name: str) -> list[str]:
    return [C + name + line if line.startswith(":") else f"{C}{name}, {line}" for line in FAILS[name]]


@pytest.mark.parametrize("name", sorted(FAILS))
def test_bad_files_fail_with_exact_messages(name):
    assert validate_file(PROJECT, ROOT / C / name).lines() == _expected(name)


@pytest.mark.parametrize("name", ["sipas_qn/rate_above_100_2019.csv", "sipas_qn/empty_2019.csv",
                                  "sipas_qn/notes.txt", "egov_district/above_maximum_2019.csv"])
def test_cli_exits_2_with_one_line_per_problem_each_once_and_no_traceback(name, capsys):
    assert main(["validate", "--file", str(ROOT / C / name)]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == _expected(name)
    assert "Traceback" not in out + err and "(+" not in out


def test_english_on_request(capsys):
    assert main(["validate", "--lang", "en", "--file", str(ROOT / C / "sipas_qn/fraction_rates_2019.csv")]) == 2
    assert capsys.readouterr().out.splitlines() == [
        f"{C}sipas_qn/fraction_rates_2019.csv, row 2, column 'satisfaction_pct': the rates are written as fractions "
        "(e.g. 0,8953); rates are in percent — fix: 0,8953 → type 89,53"]


def test_cli_in_a_real_process_never_prints_a_traceback():
    proc = subprocess.run([sys.executable, "-m", "qnindex", "validate", "--file",
                           str(ROOT / C / "sipas_qn/unknown_unit_2019.csv")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith(C + "sipas_qn/unknown_unit_2019.csv, dòng 4, cột 'unit'")


# ----------------------------------------------------------------------------- files as they turn up in data/raw

def _raw(scratch_project, name: str) -> Path:
    return scratch_project / "data" / "raw" / "sipas_qn" / name


def test_a_folder_or_a_device_named_like_a_raw_file_is_named_as_such(scratch_project, capsys):
    (_raw(scratch_project, "sipas_qn_2030.csv")).mkdir()
    os.symlink("/dev/zero", _raw(scratch_project, "sipas_qn_2031.csv"))
    assert main(["validate"]) == 2
    out = capsys.readouterr().out
    assert "sipas_qn_2030.csv: đây không phải là một tệp thông thường (thư mục / folder)" in out
    assert "sipas_qn_2031.csv: đây không phải là một tệp thông thường (thiết bị / device)" in out


def test_two_files_for_one_index_and_year_are_an_error(scratch_project, capsys):
    shutil.copy(ROOT / C / "sipas_qn/excel_title_rows_2019.xlsx", _raw(scratch_project, "sipas_qn_2019.xlsx"))
    assert main(["validate", "--year", "2019"]) == 2
    out = capsys.readouterr().out
    assert "data/raw/sipas_qn: có 2 tệp cho cùng chỉ số và năm: sipas_qn_2019.csv, sipas_qn_2019.xlsx" in out
    assert main(["report", "--year", "2019", "--lang", "vi"]) == 2  # report stops at the same gate, no traceback
    assert "có 2 tệp cho cùng chỉ số và năm" in capsys.readouterr().err


def test_an_old_xls_in_data_raw_is_read_not_ignored(scratch_project):
    from conftest import project_at
    from qnindex.indices.files import raw_files
    from qnindex.indices.tables import load

    _raw(scratch_project, "sipas_qn_2019.csv").unlink()
    shutil.copy(ROOT / C / "sipas_qn/old_excel_2019.xls", _raw(scratch_project, "sipas_qn_2019.xls"))
    project = project_at(scratch_project)
    assert [f.path.name for f in raw_files(project, 2019, "sipas_qn")] == ["sipas_qn_2019.xls"]
    expected = load_table("sipas_qn", 2019, ROOT / C / "sipas_qn/excel_title_rows_2019.xlsx")
    assert load("sipas_qn", 2019, project)["value"].tolist() == expected["value"].tolist()


@pytest.mark.parametrize("typed, integer, read", [
    ("93,46", False, (93.46, 2)), ("93.46", False, (93.46, 2)), ("170", True, (170.0, 0)), ("007", True, (7.0, 0)),
    ("1.234", True, (1234.0, 0)), ("1,234", True, (1234.0, 0)), ("1.234", False, (1.234, 3)),
    (" 93,46 ", False, (93.46, 2)), ("93,46%", False, (93.46, 2)), ("-3,2", False, (-3.2, 1)),
    ("1 234,5", False, (1234.5, 1)), ("1.234,5", False, (1234.5, 1)), ("", False, None), ("１２", True, (12.0, 0)),
])
def test_a_number_cell_is_read_as_it_was_typed(typed, integer, read):
    """Plain cells are read at once, the others by the full rules: the same value and typed decimals either way."""
    from qnindex.data.readers import _parse

    assert _parse(typed, integer) == read


@pytest.mark.parametrize("typed, integer, kind", [("12,5", True, "not_number"), ("1.234.5", False, "grouping"),
                                                  ("12a", False, "not_number"), ("12e3", False, "not_number")])
def test_a_cell_that_is_no_number_says_why(typed, integer, kind):
    from qnindex.data.readers import NumberError, _parse

    with pytest.raises(NumberError) as err:
        _parse(typed, integer)
    assert err.value.kind == kind


def test_rows_read_column_by_column_are_the_rows_pandas_gives():
    """``records`` (what loaders and facts walk) gives what ``to_dict("records")`` gives, value for value and type
    for type, whatever the columns' kinds and their missing values."""
    import math

    import pandas as pd

    from qnindex.data.loading import records

    frame = pd.DataFrame({
        "float": pd.array([1.5, None, 2.0], dtype="Float64"), "int": pd.array([1, None, 3], dtype="Int64"),
        "str": pd.Series(["x", None, "z"], dtype="str"), "string": pd.array(["u", None, "w"], dtype="string"),
        "row": [2, 3, 4], "nan": [1.0, float("nan"), 3.0], "bool": pd.array([True, None, False], dtype="boolean"),
        "object": pd.Series(["p", 1, None], dtype=object), "when": pd.to_datetime(["2020-01-01", None, "2021-06-30"]),
    })

    def same(a, b):
        return (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)) or \
            (type(a) is type(b) and (a is b or a == b))

    expected, got = frame.to_dict("records"), records(frame)
    assert len(got) == 3 and all(same(e[k], g[k]) for e, g in zip(expected, got) for k in frame.columns)
    assert all(list(g) == list(frame.columns) for g in got)
    chosen = records(frame, ["row", "str", "row"])  # the columns asked for, each once, in their order
    assert [list(r) for r in chosen] == [["row", "str"]] * 3
    assert [r["row"] for r in chosen] == [2, 3, 4] and chosen[0]["str"] == "x" and same(chosen[1]["str"], got[1]["str"])
    assert records(frame.iloc[0:0]) == []
