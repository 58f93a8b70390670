"""Write the bad-input corpus: raw files as analysts really send them (run once; files are committed).

``python tests/corpus/make_corpus.py`` — every file is derived from the bundled 2019 data, so the
expected outcomes in tests/test_corpus.py are known exactly.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from conftest import to_cp1258 as cp1258  # noqa: E402  (one Windows-1258 encoder for tests and corpus)
RAW = HERE.parents[1] / "data" / "raw"


def lines(folder: str, name: str) -> list[str]:
    return (RAW / folder / name).read_text(encoding="utf-8").splitlines()


def write(folder: str, name: str, rows: list[str] | bytes, encoding: str = "utf-8") -> None:
    path = HERE / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(rows, bytes):
        path.write_bytes(rows)
    elif encoding == "cp1258":
        path.write_bytes(cp1258("\r\n".join(rows) + "\r\n"))
    else:
        path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))


def edit(rows: list[str], row: int, column: str, value: str, sep: str = ",") -> list[str]:
    header = rows[0].split(sep)
    out = list(rows)
    cells = out[row - 1].split(sep)
    cells[header.index(column)] = value
    out[row - 1] = sep.join(cells)
    return out


def main() -> None:
    s = lines("sipas_qn", "sipas_qn_2019.csv")
    vi_header = "Năm;Nhóm;Đơn vị;Số phiếu;Tỷ lệ hài lòng (%);Nguồn;Ghi chú"
    semicolon = [vi_header] + [r.replace(",", ";").replace(".", ",") for r in s[1:]]
    # --- encodings and typing that must load
    write("sipas_qn", "utf8_bom_2019.csv", ("\ufeff" + "\r\n".join(s) + "\r\n").encode("utf-8"))
    write("sipas_qn", "utf16_tabs_2019.csv", ("\ufeff" + "\r\n".join(r.replace(",", "\t") for r in s) + "\r\n")
          .encode("utf-16-le"))
    write("sipas_qn", "windows1258_2019.csv", semicolon, encoding="cp1258")
    write("sipas_qn", "decimal_comma_2019.csv", semicolon)
    write("sipas_qn", "thousands_2019.csv", edit(edit(s, 2, "respondents", '"1,234"'), 3, "respondents", "1.205"))
    write("sipas_qn", "nfd_names_2019.csv", [unicodedata.normalize("NFD", r) for r in s])
    write("sipas_qn", "old_tone_2019.csv", [r.replace("Sở Văn hóa và Thể thao", "Sở Văn hoá và Thể thao")
                                            .replace("Hòa", "Hoà") for r in s])
    write("sipas_qn", "spaces_nbsp_2019.csv", [s[0]] + [r.replace(",", " ,\u00a0", 2) for r in s[1:]])
    write("sipas_qn", "percent_signs_2019.csv", [s[0]] + [r.replace(",illustrative", "%,illustrative")
                                                          .replace(",published", "%,published") for r in s[1:]])
    # --- problems that must be reported exactly
    write("sipas_qn", "unknown_unit_2019.csv", edit(s, 4, "unit", "Sở Kế hoạch Đầu tư Tài chính"))
    write("sipas_qn", "duplicate_unit_2019.csv", s + [s[5]])
    write("sipas_qn", "missing_column_2019.csv", [",".join(c for i, c in enumerate(r.split(",")) if i != 3) for r in s])
    write("sipas_qn", "extra_column_2019.csv", [s[0] + ",xếp loại"] + [r + ",A" for r in s[1:]])
    write("sipas_qn", "empty_2019.csv", b"")
    write("sipas_qn", "header_only_2019.csv", [s[0]])
    write("sipas_qn", "rate_above_100_2019.csv", edit(s, 7, "satisfaction_pct", "105.2"))
    write("sipas_qn", "text_in_number_2019.csv", edit(s, 9, "satisfaction_pct", "khoảng 90"))
    write("sipas_qn", "negative_respondents_2019.csv", edit(s, 10, "respondents", "-40"))
    write("sipas_qn", "year_not_name_2019.csv", [s[0]] + [r.replace("2019,", "2018,", 1) for r in s[1:]])
    write("sipas_qn", "missing_year_2019.csv", edit(s, 12, "year", ""))
    write("sipas_qn", "unknown_source_2019.csv", edit(s, 13, "source", "ước tính"))
    write("sipas_qn", "notes.txt", ["this is not a data file"])
    s20 = [s[0]] + [r.replace("2019,", "2020,", 1) for r in s[1:]] + ["2020,district,Huyện Hoành Bồ,310,92.00,illustrative,"]
    write("sipas_qn", "hoanh_bo_after_merger_2020.csv", s20)
    # --- Excel as officials send it: title rows, merged cells, numbers stored as text with commas
    wb = Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"])
    ws.append(["KẾT QUẢ ĐO LƯỜNG SỰ HÀI LÒNG NĂM 2019"])
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    ws.append(vi_header.split(";"))
    for r in s[1:]:
        cells = r.split(",")
        ws.append([int(cells[0]), cells[1], cells[2], int(cells[3]), cells[4].replace(".", ","), cells[5], cells[6]])
    (HERE / "sipas_qn").mkdir(exist_ok=True)
    wb.save(HERE / "sipas_qn" / "excel_title_rows_2019.xlsx")
    # --- what officials hand over (issue 12): each loads the same data, or fails with one exact line
    rows = [r.split(",") for r in s[1:]]
    write("sipas_qn", "fraction_rates_2019.csv", [s[0]] + [",".join(c[:4] + [f"{float(c[4]) / 100:.4f}"] + c[5:])
                                                           for c in rows])
    write("sipas_qn", "bad_grouping_2019.csv", edit(s, 5, "respondents", "1.234.5"))
    write("sipas_qn", "zero_width_2019.csv", [s[0]] + [r.replace("Sở ", "Sở\u200b ", 1) if i == 3 else r
                                                       for i, r in enumerate(s[1:])])
    write("sipas_qn", "mac_cr_2019.csv", ("\r".join(s) + "\r").encode("utf-8"))
    write("sipas_qn", "control_char_2019.csv", edit(s, 6, "note", "ghi\x07chú"))
    s18 = lines("sipas_qn", "sipas_qn_2018.csv")  # 2018: no published average to hold the file to
    write("sipas_qn", "blank_unit_row_2018.csv", edit(edit(s18, 8, "respondents", ""), 8, "satisfaction_pct", ""))
    write("sipas_qn", "csv_named_xlsx_2019.xlsx", ("\r\n".join(s) + "\r\n").encode("utf-8"))

    def sheet(ws, percent: bool = False, formulas: bool = False) -> None:
        ws.append(vi_header.split(";"))
        for i, c in enumerate(rows):
            rate = float(c[4]) / 100 if percent else float(c[4])
            ws.append([int(c[0]), c[1], c[2], int(c[3]), rate, c[5], c[6]])
            if percent:
                ws.cell(row=i + 2, column=5).number_format = "0.00%"
        if formulas:
            ws.cell(row=5, column=4).value = "=195+10"  # written by a program: no saved value

    wb = Workbook()
    sheet(wb.active, percent=True)
    wb.save(HERE / "sipas_qn" / "percent_cells_2019.xlsx")
    wb = Workbook()
    wb.active.title = "Bìa"
    wb.active.append(["Báo cáo kết quả khảo sát 2019"])
    sheet(wb.create_sheet("Số liệu"))
    wb.save(HERE / "sipas_qn" / "second_sheet_2019.xlsx")
    wb = Workbook()
    wb.active.title = "Bìa"
    wb.active.append(["Báo cáo kết quả khảo sát 2019"])
    sheet(wb.create_sheet("Đợt 1"))
    sheet(wb.create_sheet("Đợt 2"))
    wb.save(HERE / "sipas_qn" / "two_data_sheets_2019.xlsx")
    wb = Workbook()
    sheet(wb.active, formulas=True)
    wb.save(HERE / "sipas_qn" / "formula_no_value_2019.xlsx")
    wb = Workbook()
    sheet(wb.active)
    wb.active.cell(row=1048576, column=1).value = "x"  # a stray keystroke at the bottom of the sheet
    wb.save(HERE / "sipas_qn" / "stray_far_cell_2019.xlsx")
    with (HERE / "sipas_qn" / "excel_title_rows_2019.xlsx").open("rb") as fh:
        data = fh.read()
    write("sipas_qn", "truncated_2019.xlsx", data[: len(data) // 2])
    import xlwt  # only to make the corpus: an old Excel 97-2003 file as officials still send them

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    for j, h in enumerate(vi_header.split(";")):
        ws.write(0, j, h)
    for i, c in enumerate(rows, start=1):
        for j, v in enumerate([int(c[0]), c[1], c[2], int(c[3]), float(c[4]), c[5], c[6]]):
            ws.write(i, j, v)
    book.save(str(HERE / "sipas_qn" / "old_excel_2019.xls"))
    import csv
    import io

    g = list(csv.DictReader(io.StringIO("\n".join(lines("dgi", "dgi_2019.csv")))))
    for r in g:  # totals typed to one decimal, as a person rounds them: still the mean of the components
        r["total"] = f"{float(r['total']):.1f}"
    out = io.StringIO()
    writer = csv.DictWriter(out, list(g[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(g)
    write("dgi", "total_one_decimal_2019.csv", out.getvalue().encode("utf-8"))
    # --- other loaders
    e = lines("egov_district", "egov_district_2019.csv")
    write("egov_district", "above_maximum_2019.csv", edit(e, 3, "readiness", "56"))
    write("egov_district", "total_not_sum_2019.csv", edit(e, 4, "total", "200"))
    d = lines("dgi", "dgi_2019.csv")
    write("dgi", "wrong_level_unit_2019.csv", edit(d, 5, "unit", "Sở Y tế"))
    p = lines("par_index", "par_index_2019.csv")
    write("par_index", "rank_contradicts_score_2019.csv", edit(p, 3, "rank", "1"))
    write("par_index", "province_variants_2019.csv", [p[0]] + [
        r.replace("Quảng Ninh", "Tỉnh Quảng Ninh").replace("Hà Nội", "TP. Hà Nội").replace("Đồng Tháp", "Dong Thap")
        for r in p[1:]])
    pa = lines("papi", "2019.csv")
    cells = pa[14].split(",")
    cells[5] = "11.2"
    write("papi", "sub_dimension_out_of_range_2019.csv", pa[:14] + [",".join(cells)] + pa[15:])


if __name__ == "__main__":
    main()
