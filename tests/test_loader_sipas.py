import pandas as pd
import pytest

from conftest import write_lines
from qnindex.core.errors import RawDataError
from conftest import load_table
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
    sipas = load_table("sipas_qn", 2019)
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
    sipas = load_table("sipas_qn", 2018)
    assert "dist-hoanh-bo" in set(sipas["unit_id"])
    assert (sipas["source"] == "illustrative").all()


# Cases not in tests/corpus (which holds the file-level ones with their exact messages).
@pytest.mark.parametrize("row, column, value, expected", [
    (7, "unit", "Sở Thông tin truyen thong", r"dòng 7, cột 'unit': không có đơn vị .*tên gần nhất: Sở Thông tin và Truyền thông"),
    (8, "year", "2018", r"dòng 8, cột 'year': năm 2018 trong tệp của năm 2019"),
    (9, "unit", "Huyện Hoành Bồ", r"dòng 9, cột 'unit': không có đơn vị 'Huyện Hoành Bồ' thuộc khối Sở, ban, ngành"),
])
def test_bad_cells_name_file_row_and_column(tmp_path, sipas_2019_rows, row, column, value, expected):
    rows = _edit(sipas_2019_rows, row, column, value)  # Hoành Bồ existed in 2019, but not as a department
    path = write_lines(tmp_path / "sipas_qn_2019.csv", rows)
    with pytest.raises(RawDataError, match=expected) as err:
        load_table("sipas_qn", 2019, path)
    assert str(err.value).startswith(str(path))


def test_every_problem_is_reported_not_only_the_first(tmp_path, sipas_2019_rows):
    rows = _edit(_edit(sipas_2019_rows, 5, "satisfaction_pct", "105"), 10, "respondents", "0")
    with pytest.raises(RawDataError) as err:
        load_table("sipas_qn", 2019, write_lines(tmp_path / "x.csv", rows))
    assert [(p.row, p.column) for p in err.value.problems] == [(5, "satisfaction_pct"), (10, "respondents")]


def test_missing_year_file_says_what_to_add():
    with pytest.raises(RawDataError, match=r"chưa có số liệu SIPAS cấp tỉnh năm 1999.*thêm tệp sipas_qn_1999.xlsx"):
        load_table("sipas_qn", 1999)


def test_tidy_output_is_sorted_and_typed():
    sipas = load_table("sipas_qn", 2019)
    assert sipas["year"].dtype.kind == "i" and sipas["value"].dtype.kind == "f"
    assert sipas.equals(sipas.sort_values(["index", "year", "group", "unit_id", "component", "measure"])
                        .reset_index(drop=True))
    assert isinstance(sipas, pd.DataFrame)
