"""The bad-input corpus (tests/corpus, made by make_corpus.py): each file either loads correctly or fails
with exact one-line messages naming file, row, column and the fix; the CLI exits 2, never with a traceback."""
import subprocess
import sys

import pytest

from qnindex.core.errors import RawDataError

from qnindex.pipeline.cli import main
from qnindex.indices import load_national, load_sipas
from qnindex.core.paths import project_root
from qnindex.pipeline.validate import validate_file

C = "tests/corpus/"
LOADS = [
    "sipas_qn/utf8_bom_2019.csv", "sipas_qn/utf16_tabs_2019.csv", "sipas_qn/windows1258_2019.csv",
    "sipas_qn/decimal_comma_2019.csv", "sipas_qn/nfd_names_2019.csv", "sipas_qn/old_tone_2019.csv",
    "sipas_qn/spaces_nbsp_2019.csv", "sipas_qn/percent_signs_2019.csv", "sipas_qn/excel_title_rows_2019.xlsx",
]
FAILS = {
    "sipas_qn/unknown_unit_2019.csv": [
        "row 4, column 'unit': unknown unit 'Sở Kế hoạch Đầu tư Tài chính' in group 'department'; closest known: "
        "Sở Kế hoạch và Đầu tư, Sở Tài chính, Sở Khoa học và Công nghệ — fix: write the unit's name as the "
        "registry has it (closest names above)"],
    "sipas_qn/hoanh_bo_after_merger_2020.csv": [
        "row 43, column 'unit': unit 'Huyện Hoành Bồ' (dist-hoanh-bo) did not exist in 2020: valid … to 2019-12-31; "
        "from 2020 it is part of 'dist-ha-long' — fix: report it under 'Thành phố Hạ Long'"],
    "sipas_qn/duplicate_unit_2019.csv": [
        "row 6, column 'unit': 'dept-cong-thuong' appears more than once — fix: keep one row per unit (merge or "
        "delete the repeated row)",
        "row 43, column 'unit': 'dept-cong-thuong' appears more than once — fix: keep one row per unit (merge or "
        "delete the repeated row)"],
    "sipas_qn/missing_column_2019.csv": [
        "row 1, column 'respondents': required column is missing — fix: add a column headed 'respondents' "
        "(found: year, group, unit, satisfaction_pct, source, note)"],
    "sipas_qn/extra_column_2019.csv": [
        "row 1, column 'xếp loại': unexpected column — fix: remove it or rename it to one of: year, group, unit, "
        "respondents, satisfaction_pct, source, note"],
    "sipas_qn/empty_2019.csv": [
        ": the file is empty — fix: fill in the template (header row, then one row per unit)"],
    "sipas_qn/header_only_2019.csv": [
        "row 1: the file has a header but no data rows — fix: add one row per unit below the header"],
    "sipas_qn/rate_above_100_2019.csv": [
        "row 7, column 'satisfaction_pct': 105.2 is out of range: expected a value from 0 to 100 — fix: write the "
        "rate in percent, between 0 and 100 (e.g. 93,46)"],
    "sipas_qn/text_in_number_2019.csv": [
        "row 9, column 'satisfaction_pct': 'khoảng 90' is not a number — fix: write a number such as 93,46"],
    "sipas_qn/negative_respondents_2019.csv": [
        "row 10, column 'respondents': -40 is out of range: expected more than 0 — fix: write the number of people "
        "surveyed, a whole number above 0"],
    "sipas_qn/year_not_name_2019.csv": [
        "row 2, column 'year': every row (rows 2–42) says 2018 but the file is for 2019 — fix: rename the file for "
        "2018, or correct the year column"],
    "sipas_qn/missing_year_2019.csv": ["row 12, column 'year': empty cell — fix: fill in a value"],
    "sipas_qn/unknown_source_2019.csv": [
        "row 13, column 'source': unknown source 'ước tính' — fix: write published or illustrative"],
    "sipas_qn/notes.txt": [": the file name does not end with the year — fix: name it sipas_qn_<year>.txt"],
    "egov_district/above_maximum_2019.csv": [
        "row 3, column 'readiness': 56 is out of range: expected a value from 0 to 50 — fix: write points between "
        "0 and 50 (Mức độ sẵn sàng)",
        "row 3, column 'total': total 123 is not the sum of the components (139.00) — fix: correct the total or "
        "the components, or leave the total empty"],
    "egov_district/total_not_sum_2019.csv": [
        "row 4, column 'total': 200 is out of range: expected a value from 0 to 170 — fix: write a total between "
        "0 and 170",
        "row 4, column 'total': total 200 is not the sum of the components (120.00) — fix: correct the total or "
        "the components, or leave the total empty"],
    "dgi/wrong_level_unit_2019.csv": [
        "row 5, column 'unit': unknown unit 'Sở Y tế' in group 'district'; closest known: Huyện Cô Tô, "
        "Thị xã Đông Triều, Huyện Đầm Hà — fix: write the unit's name as the registry has it (closest names above)"],
    "par_index/rank_contradicts_score_2019.csv": [
        "row 3, column 'rank': rank 1 is as good as the rank 1 of a higher score (row 2) — fix: check the score "
        "and rank of both rows"],
    "papi/sub_dimension_out_of_range_2019.csv": [
        "row 15, column 'SC21': sub-dimension score 11.2 outside 0-10 — fix: check the value"],
}


def test_the_corpus_has_at_least_25_files_and_every_one_is_covered():
    files = {str(p.relative_to(project_root() / "tests/corpus")) for p in (project_root() / "tests/corpus").rglob("*")
             if p.is_file() and p.suffix != ".py"}
    covered = set(LOADS) | set(FAILS) | {"sipas_qn/thousands_2019.csv", "par_index/province_variants_2019.csv"}
    assert len(files) >= 25
    assert files == covered


@pytest.mark.parametrize("name", LOADS)
def test_messy_but_valid_files_load_to_the_same_data(name):
    expected = load_sipas(2019)
    got = load_sipas(2019, project_root() / C / name)
    assert got["unit_id"].tolist() == expected["unit_id"].tolist()
    assert got["value"].tolist() == expected["value"].tolist()
    assert got["weight"].tolist() == expected["weight"].tolist()
    assert got["unit_name"].tolist() == expected["unit_name"].tolist()
    if name.endswith(".xlsx"):  # title rows above the header: rows are numbered as Excel shows them
        assert got["source_row"].min() == expected["source_row"].min() + 2


def test_thousands_separators():
    from qnindex.data.loading import read_and_parse
    from qnindex.indices.sipas import COLUMNS

    path = project_root() / C / "sipas_qn/thousands_2019.csv"
    frame, problems = read_and_parse(path, COLUMNS)
    assert problems == [] and frame["respondents"].tolist()[:2] == [1234, 1205]
    # respondents changed, so the weighted averages no longer give the published 2019 figures: refused
    with pytest.raises(RawDataError, match="93.46 was published"):
        load_sipas(2019, path)


def test_province_spelling_variants():
    got = load_national("par_index", 2019, project_root() / C / "par_index/province_variants_2019.csv")
    assert set(got["unit_id"]) >= {"prov-22", "prov-01", "prov-87"}


@pytest.mark.parametrize("name", sorted(FAILS))
def test_bad_files_fail_with_exact_messages(name):
    assert validate_file(project_root() / C / name) == [C + name + line if line.startswith(":") else
                                                        f"{C}{name}, {line}" for line in FAILS[name]]


@pytest.mark.parametrize("name", ["sipas_qn/rate_above_100_2019.csv", "sipas_qn/empty_2019.csv",
                                  "sipas_qn/notes.txt"])
def test_cli_exits_2_with_one_line_per_problem_and_no_traceback(name, capsys):
    assert main(["validate", "--file", str(project_root() / C / name)]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [C + name + line if line.startswith(":") else f"{C}{name}, {line}"
                                for line in FAILS[name]]
    assert "Traceback" not in out + err


def test_cli_in_a_real_process_never_prints_a_traceback():
    proc = subprocess.run([sys.executable, "-m", "qnindex", "validate", "--file",
                           str(project_root() / C / "sipas_qn/unknown_unit_2019.csv")],
                          capture_output=True, text=True, cwd=project_root())
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith(C + "sipas_qn/unknown_unit_2019.csv, row 4, column 'unit'")
