import pandas as pd
import pytest
from openpyxl import Workbook

from conftest import write_lines
from qnindex.core.errors import RawDataError
from qnindex.indices import load_sipas
from qnindex.data.schema import TIDY_COLUMNS, tidy_schema


def _edit(rows: list[str], row: int, column: str, value: str) -> list[str]:
    """rows with one cell replaced (row is the 1-based file row, header = 1)."""
    header = rows[0].split(",")
    out = list(rows)
    cells = out[row - 1].split(",")
    cells[header.index(column)] = value
    out[row - 1] = ",".join(cells)
    return out


def test_bundled_2019_is_a_valid_tidy_table_with_the_published_values():
    sipas = load_sipas(2019)
    assert list(sipas.columns) == TIDY_COLUMNS
    tidy_schema.validate(sipas)
    assert sipas.groupby("group").size().to_dict() == {"central": 8, "department": 20, "district": 13}
    published = sipas[sipas["source"] == "published"].set_index("unit_id")["value"].to_dict()
    assert published == {
        "cent-cong-an": 95.71, "cent-thue": 93.37, "dept-thanh-tra": 85.88, "dept-thong-tin": 94.54,
        "dist-binh-lieu": 91.71, "dist-ha-long": 95.17,
    }
    assert (sipas["source_file"] == "data/raw/sipas_qn/sipas_qn_2019.csv").all()
    assert sipas["source_row"].between(2, 42).all()


def test_2018_keeps_hoanh_bo_and_is_all_illustrative():
    sipas = load_sipas(2018)
    assert "dist-hoanh-bo" in set(sipas["unit_id"])
    assert (sipas["source"] == "illustrative").all()


def test_xlsx_with_title_rows_loads_the_same_as_csv(tmp_path, sipas_2019_rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND TỈNH QUẢNG NINH"])
    ws.append(["Kết quả SIPAS 2019"])
    ws.merge_cells("A1:E1")
    for line in sipas_2019_rows:
        cells = line.split(",")
        ws.append([float(c) if c.replace(".", "").isdigit() and "." in c else c for c in cells])
    path = tmp_path / "sipas_qn_2019.xlsx"
    wb.save(path)
    from_xlsx = load_sipas(2019, path)
    from_csv = load_sipas(2019)
    assert from_xlsx["value"].tolist() == from_csv["value"].tolist()
    assert from_xlsx["weight"].tolist() == from_csv["weight"].tolist()
    assert from_xlsx["source_row"].min() == 4  # two title rows, then the header in row 3


def test_decimal_comma_and_cp1258_load(tmp_path, sipas_2019_rows):
    rows = [r.replace(",", ";") for r in sipas_2019_rows]
    rows = [rows[0]] + [r.replace("95.17", "95,17") for r in rows[1:]]
    path = write_lines(tmp_path / "s.csv", rows, encoding="cp1258")
    sipas = load_sipas(2019, path)
    assert sipas.set_index("unit_id").loc["dist-ha-long", "value"] == 95.17


@pytest.mark.parametrize("row, column, value, expected", [
    (5, "satisfaction_pct", "105", r"row 5, column 'satisfaction_pct'.*105.*out of range"),
    (5, "satisfaction_pct", "cao", r"row 5, column 'satisfaction_pct'.*'cao' is not a number"),
    (6, "respondents", "-3", r"row 6, column 'respondents'.*out of range"),
    (7, "unit", "Sở Thông tin truyen thong", r"row 7, column 'unit'.*unknown unit.*Sở Thông tin và Truyền thông"),
    (8, "year", "2018", r"row 8, column 'year'.*year 2018 in a file loaded for 2019"),
    (9, "unit", "Huyện Hoành Bồ", None),  # valid in 2019: loads
])
def test_bad_cells_name_file_row_and_column(tmp_path, sipas_2019_rows, row, column, value, expected):
    rows = _edit(sipas_2019_rows, row, column, value)
    if expected is None:  # Hoành Bồ replaces a department row: wrong group, must be reported
        expected = r"row 9, column 'unit'.*unknown unit 'Huyện Hoành Bồ' in group 'department'"
    path = write_lines(tmp_path / "sipas_qn_2019.csv", rows)
    with pytest.raises(RawDataError, match=expected) as err:
        load_sipas(2019, path)
    assert str(err.value).startswith(str(path))


def test_duplicate_unit_names_both_rows(tmp_path, sipas_2019_rows):
    path = write_lines(tmp_path / "d.csv", sipas_2019_rows + [sipas_2019_rows[2]])
    with pytest.raises(RawDataError) as err:
        load_sipas(2019, path)
    rows = sorted(p.row for p in err.value.problems)
    assert rows == [3, 43] and {p.column for p in err.value.problems} == {"unit"}


def test_missing_column_names_it(tmp_path, sipas_2019_rows):
    rows = [",".join(c for i, c in enumerate(r.split(",")) if i != 3) for r in sipas_2019_rows]
    path = write_lines(tmp_path / "m.csv", rows)
    with pytest.raises(RawDataError, match=r"row 1, column 'respondents': required column is missing"):
        load_sipas(2019, path)


def test_unit_that_no_longer_exists(tmp_path, sipas_2019_rows):
    rows = [sipas_2019_rows[0]] + [r.replace("2019,", "2020,", 1) for r in sipas_2019_rows[1:]]
    rows.append("2020,district,Huyện Hoành Bồ,300,90.00,illustrative,")
    path = write_lines(tmp_path / "sipas_qn_2020.csv", rows)
    with pytest.raises(RawDataError, match=r"row 43, column 'unit'.*did not exist in 2020.*Thành phố Hạ Long"):
        load_sipas(2020, path)


def test_every_problem_is_reported_not_only_the_first(tmp_path, sipas_2019_rows):
    rows = _edit(_edit(sipas_2019_rows, 5, "satisfaction_pct", "105"), 10, "respondents", "0")
    with pytest.raises(RawDataError) as err:
        load_sipas(2019, write_lines(tmp_path / "x.csv", rows))
    assert [(p.row, p.column) for p in err.value.problems] == [(5, "satisfaction_pct"), (10, "respondents")]


def test_missing_year_file_says_what_to_add():
    with pytest.raises(RawDataError, match=r"no sipas_qn data for 1999.*add sipas_qn_1999.csv"):
        load_sipas(1999)


def test_tidy_output_is_sorted_and_typed():
    sipas = load_sipas(2019)
    assert sipas["year"].dtype.kind == "i" and sipas["value"].dtype.kind == "f"
    assert sipas.equals(sipas.sort_values(["index", "year", "group", "unit_id", "component", "measure"])
                        .reset_index(drop=True))
    assert isinstance(sipas, pd.DataFrame)
