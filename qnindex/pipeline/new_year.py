"""``qnindex new-year``: Excel templates an official can fill in alone, for every index with an edition that year.

Each workbook has the sheet *Dữ liệu* (one row per unit valid on the year's reference date, 31/12, pre-filled;
dropdowns for units, groups and sources; number cells limited to 0 and each component's maximum, written in
the header) and the sheet *Hướng dẫn*, which lists every rule ``qnindex validate`` enforces. A hidden sheet
*Danh mục* holds the lists the dropdowns read.
"""
from __future__ import annotations

from pathlib import Path

from qnindex.core.paths import raw_dir
from qnindex.data.registry import focus_ids
from qnindex.data import registry
from qnindex.indices.files import raw_files
from qnindex.indices.specs import SPECS, IndexSpec

SOURCES = ["công bố", "minh họa"]
DATA_SHEET, GUIDE_SHEET, LISTS_SHEET = "Dữ liệu", "Hướng dẫn", "Danh mục"


def _number(v: float) -> str:
    return f"{v:g}".replace(".", ",")


def _layout(spec: IndexSpec, year: int) -> tuple[list[dict], list[registry.Unit]]:
    """The template's columns (header, kind, bounds) and the units it lists."""
    units = [u for g in spec.groups_in(year) for u in registry.units_in(g, year)]
    if spec.loader == "units" and spec.groups == ("province",):
        units = [u for u in units if u.unit_id in focus_ids()]  # the province's own figure, not the country's
    cols: list[dict] = [{"header": "Năm", "kind": "year"}]
    if spec.loader == "survey":
        cols += [{"header": "Khối", "kind": "group"}, {"header": "Đơn vị", "kind": "unit"},
                 {"header": "Số phiếu", "kind": "whole"},
                 {"header": "Tỷ lệ hài lòng (%)", "kind": "number", "max": 100.0}]
    elif spec.loader == "units":
        cols += [{"header": "Đơn vị", "kind": "unit"}]
        if len(spec.groups_in(year)) > 1:
            cols += [{"header": "Khối", "kind": "group"}]
        cols += [{"header": f"{c.label_vi} (tối đa {_number(c.max_value)})", "kind": "number", "max": c.max_value}
                 for c in spec.components]
        if spec.components:
            cols += [{"header": f"Tổng điểm (tối đa {_number(spec.max_value)})", "kind": "number",
                      "max": spec.max_value}]
        else:
            cols += [{"header": "Tỷ lệ (%)", "kind": "number", "max": 100.0} if spec.measure == "rate" else
                     {"header": f"Điểm (tối đa {_number(spec.max_value)})", "kind": "number", "max": spec.max_value}]
    else:  # a national ranking: the ministry's table of provinces
        cols += [{"header": "Tỉnh, thành phố", "kind": "unit"},
                 {"header": "Điểm" + (" (%)" if spec.value_kind == "pct" else
                                      f" (tối đa {_number(spec.max_value)})" if spec.max_value is not None else ""),
                  "kind": "number", "max": spec.max_value},
                 {"header": "Xếp hạng", "kind": "whole", "max": float(len(units))}]
        cols += [{"header": f"{c.label_vi} (tối đa {_number(c.max_value)})", "kind": "number", "max": c.max_value}
                 for c in spec.components]
        cols += [{"header": "Đường dẫn", "kind": "text"}]
    cols += [{"header": "Nguồn", "kind": "source"}, {"header": "Ghi chú", "kind": "text"}]
    return cols, units


def _rows(spec: IndexSpec, year: int, cols: list[dict], units: list[registry.Unit]) -> list[list]:
    rows = []
    for u in units:
        row = []
        for c in cols:
            if c["kind"] == "year":
                row.append(year)
            elif c["kind"] == "unit":
                row.append(registry.name_in_year(u.unit_id, year))
            elif c["kind"] == "group":
                row.append(registry.GROUP_NAMES["vi"][u.group])
            else:
                row.append(None)
        rows.append(row)
    return rows


def guide(spec: IndexSpec, year: int, cols: list[dict], units: list[registry.Unit], name: str) -> list[str]:
    """The instructions sheet: every rule the validator enforces, in Vietnamese, numbered as they apply to this
    index and year (the blocks named are the year's: communes replace district-level units from 1/7/2025)."""
    rules = ["Nhập số liệu vào trang 'Dữ liệu', mỗi đơn vị một dòng. Không đổi tên cột, không đổi tên trang, "
             "không chèn dòng tiêu đề giữa bảng.",
             f"Danh sách {len(units)} đơn vị đã điền sẵn là các đơn vị còn tồn tại vào ngày 31/12/{year} "
             "(theo danh mục đơn vị hành chính; chọn trong danh sách thả xuống). Không thêm đơn vị đã giải thể "
             "hoặc sáp nhập: số liệu của đơn vị đó ghi vào đơn vị tiếp nhận.",
             "Đơn vị không được đánh giá trong năm: để trống các ô số liệu của dòng đó (được hiểu là 'không đánh "
             "giá'). Một dòng đã điền thì phải điền đủ các ô số.",
             "Số thập phân dùng dấu phẩy hoặc dấu chấm (93,46 hoặc 93.46). Dấu phân cách hàng nghìn chỉ được đặt "
             "giữa từng nhóm ba chữ số (1.234 hoặc 1 234); viết sai như 1.234.5 sẽ bị báo lỗi."]
    if [c for c in cols if c["header"].endswith("(%)")]:
        rules.append("Tỷ lệ ghi theo phần trăm, từ 0 đến 100: 93,46 — không ghi 0,9346. Ô định dạng phần trăm "
                     "của Excel (93,46%) được chấp nhận.")
    maxima = [c for c in cols if c["kind"] == "number" and "tối đa" in c["header"]]
    if maxima:
        rules.append("Điểm tối đa của từng cột (ghi trong tiêu đề cột): " + "; ".join(c["header"] for c in maxima) + ".")
    if spec.loader == "units" and spec.components:
        rule = ("tổng các điểm thành phần" if spec.total_rule == "sum"
                else "trung bình cộng các điểm thành phần")
        rules.append(f"Tổng điểm bằng {rule}. Có thể để trống tổng điểm: chương trình sẽ tự tính. Nếu ghi, "
                     "tổng điểm được đối chiếu với sai lệch cho phép theo số chữ số thập phân đã ghi (ví dụ ghi 83,9 "
                     "được phép lệch đến 0,05; ghi số nguyên thì phải khớp đúng).")
    if spec.loader == "survey":
        blocks = " / ".join(dict.fromkeys(registry.GROUP_NAMES["vi"][u.group] for u in units))
        rules.append(f"Số phiếu là số nguyên lớn hơn 0. Khối: {blocks} (chọn trong danh sách).")
    if spec.loader == "national":
        rules.append("Chỉ cần điền các tỉnh có số liệu đã công bố; các dòng khác để trống. Thứ hạng là số nguyên "
                     f"từ 1 đến {len(units)}; tỉnh điểm cao hơn không thể xếp hạng thấp hơn. Ghi đường dẫn nguồn công bố.")
    aggregates = ("Số liệu tổng hợp đã công bố (nếu có, ghi trong PROVENANCE.yml của thư mục, mục "
                  f"published_aggregates, ví dụ {year}: {{all: 87.12}}) phải khớp với số liệu các dòng.")
    if spec.loader == "units":  # the report states this index's average only when it is on record
        aggregates += (" Báo cáo chỉ nêu điểm bình quân chung khi điểm đó đã được ghi ở đó và khớp với số liệu các "
                       "dòng; nếu chưa ghi, báo cáo nói điểm bình quân không được công bố.")
    rules += [
        "Cột 'Nguồn': 'công bố' nếu số liệu đã được công bố chính thức, 'minh họa' nếu là số liệu giả định "
        "(để trống được hiểu là 'minh họa').",
        aggregates,
        "Không dùng công thức; nếu có, mở và lưu lại tệp trong Excel trước khi kiểm tra.",
        f"Lưu tệp với tên giữ nguyên ({name}) trong thư mục data/raw/{spec.folder}/ — mỗi chỉ số, mỗi năm chỉ "
        "một tệp (.xlsx hoặc .csv).",
        f"Kiểm tra: qnindex validate --year {year}. Mỗi lỗi được báo trên một dòng (tệp, trang, dòng, cột, "
        f"cách sửa). Khi không còn lỗi: qnindex report --year {year}.",
    ]
    return ([f"HƯỚNG DẪN NHẬP SỐ LIỆU — {spec.name_vi} — năm {year}", ""]
            + [f"{i}. {rule}" for i, rule in enumerate(rules, start=1)]
            + ["Mẫu để trống hoàn toàn được hiểu là 'chưa có số liệu' của năm."])


def write_template(spec: IndexSpec, year: int, path: Path) -> Path:
    """One index's template for ``year`` at ``path`` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols, units = _layout(spec, year)
    rows = _rows(spec, year, cols, units)
    wb = Workbook()
    data = wb.active
    data.title = DATA_SHEET
    data.append([c["header"] for c in cols])
    for cell in data[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        data.append(row)
    data.freeze_panes = "A2"
    last = max(len(rows) + 1, 2) + 20  # room for a unit someone must add back
    lists = wb.create_sheet(LISTS_SHEET)
    names = [registry.name_in_year(u.unit_id, year) for u in units]
    for i, n in enumerate(names, start=1):
        lists.cell(row=i, column=1, value=n)
    groups = [registry.GROUP_NAMES["vi"][g] for g in spec.groups_in(year)]
    for i, g in enumerate(groups, start=1):
        lists.cell(row=i, column=2, value=g)
    for i, s in enumerate(SOURCES, start=1):
        lists.cell(row=i, column=3, value=s)
    lists.sheet_state = "hidden"
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        area = f"{letter}2:{letter}{last}"
        dv = None
        if c["kind"] == "unit" and names:
            dv = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$A$1:$A${len(names)}", allow_blank=True)
            dv.error, dv.errorTitle = "Chọn đơn vị trong danh sách (đơn vị tồn tại vào 31/12).", "Đơn vị"
        elif c["kind"] == "group":
            dv = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$B$1:$B${len(groups)}", allow_blank=True)
            dv.error, dv.errorTitle = "Chọn khối trong danh sách.", "Khối"
        elif c["kind"] == "source":
            dv = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$C$1:$C${len(SOURCES)}", allow_blank=True)
            dv.error, dv.errorTitle = "Ghi 'công bố' hoặc 'minh họa'.", "Nguồn"
        elif c["kind"] == "whole":
            high = int(c.get("max") or 10_000_000)
            dv = DataValidation(type="whole", operator="between", formula1="1", formula2=str(high), allow_blank=True)
            dv.error, dv.errorTitle = f"Nhập một số nguyên từ 1 đến {high}.", c["header"]
        elif c["kind"] == "number" and c.get("max") is None:  # a scale with no published maximum
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.error, dv.errorTitle = "Nhập một số không âm.", c["header"]
        elif c["kind"] == "number":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{c['max']:g}",
                                allow_blank=True)
            dv.error, dv.errorTitle = f"Nhập một số từ 0 đến {_number(c['max'])}.", c["header"]
        if dv is not None:
            dv.showErrorMessage = True
            data.add_data_validation(dv)
            dv.add(area)
        width = 44 if c["kind"] == "unit" else max(10, min(30, len(c["header"]) + 2))
        data.column_dimensions[letter].width = width
        if c["kind"] == "number":
            for row in data.iter_rows(min_row=2, max_row=last, min_col=j, max_col=j):
                row[0].number_format = "0.00"
    sheet = wb.create_sheet(GUIDE_SHEET, 1)
    for line in guide(spec, year, cols, units, path.name):
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 130
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_year_templates(year: int) -> tuple[list[Path], list[Path]]:
    """Write ``data/raw/<index>/<index>_<year>.xlsx`` for every index with an edition in ``year`` and no file yet.

    Returns (written, kept): an existing raw file is never overwritten. PAPI has no template (its panel is
    published as a data file, bundled from the source).
    """
    written, kept = [], []
    for spec in SPECS:
        if not spec.exists_in(year) or spec.loader == "papi":
            continue
        _cols, units = _layout(spec, year)
        if not units:
            continue
        existing = [f.path for f in raw_files(year, spec.id)]
        if existing:
            kept += existing
            continue
        path = raw_dir() / spec.folder / f"{spec.file_stem(year)}.xlsx"
        written.append(write_template(spec, year, path))
    return written, kept
