from openpyxl import load_workbook

from qnindex import export
from qnindex.loaders import load_sipas


def test_unit_table_ranks_within_groups_and_keeps_the_source_row():
    table = export.sipas_unit_table(load_sipas(2019), "vi")
    assert list(table.columns) == ["Hạng trong khối", "Khối", "Đơn vị", "Số phiếu", "Tỷ lệ hài lòng (%)",
                                   "Nguồn số liệu", "Dòng dữ liệu"]
    first = table.iloc[0]
    assert (first["Hạng trong khối"], first["Đơn vị"], first["Tỷ lệ hài lòng (%)"]) == \
        (1, "Sở Thông tin và Truyền thông", 94.54)
    assert first["Nguồn số liệu"] == "công bố"
    assert first["Dòng dữ liệu"].startswith("data/raw/sipas_qn/sipas_qn_2019.csv:")
    assert len(table) == 41


def test_markdown_uses_the_locale():
    md = export.to_markdown(export.sipas_unit_table(load_sipas(2019), "vi"), "vi")
    assert "| 1 | Sở, ban, ngành | Sở Thông tin và Truyền thông | 195 | 94,54 | công bố |" in md


def test_xlsx_is_formatted_safe_and_reproducible(tmp_path):
    table = export.sipas_unit_table(load_sipas(2019), "vi")
    table.loc[0, "Đơn vị"] = "=HYPERLINK(\"x\")"
    a = export.write_xlsx({"SIPAS 2019": table}, tmp_path / "a.xlsx")
    b = export.write_xlsx({"SIPAS 2019": table}, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a)["SIPAS 2019"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "Hạng trong khối" and ws["A1"].font.bold
    assert ws["E2"].value == 94.54 and ws["E2"].number_format == "0.00"
    assert ws["C2"].data_type == "s" and ws["C2"].value.startswith("=")
    assert ws.column_dimensions["C"].width > 20
