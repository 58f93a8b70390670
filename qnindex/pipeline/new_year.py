"""``qnindex new-year``: Excel templates an official can fill in alone, for every index with an edition that year.

Each workbook has the sheet *Dữ liệu* (one row per unit valid on the year's reference date, 31/12, pre-filled;
dropdowns for units, groups and sources; number cells limited to 0 and each component's maximum, written in
the header) and the sheet *Hướng dẫn*, which lists every rule ``qnindex validate`` enforces. A hidden sheet
*Danh mục* holds the lists the dropdowns read.
"""
from __future__ import annotations

from pathlib import Path

from qnindex.data import registry
from qnindex.indices.files import raw_files
from qnindex.kinds.base import number_text
from qnindex.indices.project import Project
from qnindex.indices.specs import IndexSpec

SOURCES = ["công bố", "minh họa"]
DATA_SHEET, GUIDE_SHEET, LISTS_SHEET = "Dữ liệu", "Hướng dẫn", "Danh mục"


def _layout(project: Project, spec: IndexSpec, year: int) -> tuple[list[dict], list[registry.Unit]]:
    """The template's columns (header, kind, bounds) and the units it lists: the kind says which."""
    kind = spec.kind
    units = kind.template_units(project, spec, year)
    cols = ([{"header": "Năm", "kind": "year"}] + kind.template_columns(spec, year, units)
            + [{"header": "Nguồn", "kind": "source"}, {"header": "Ghi chú", "kind": "text"}])
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
    rules += spec.kind.template_rules(spec, year, units)
    aggregates = ("Số liệu tổng hợp đã công bố (nếu có, ghi trong PROVENANCE.yml của thư mục, mục "
                  f"published_aggregates, ví dụ {year}: {{all: 87.12}}) phải khớp với số liệu các dòng.")
    if spec.kind.average_on_record_only:  # the report states such an average only when it is on record
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


NO_MAXIMUM = 1_000_000_000  # the upper bound of a number rule for a scale without a maximum


def write_template(project: Project, spec: IndexSpec, year: int, path: Path) -> Path:
    """One index's template for ``year`` at ``path`` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols, units = _layout(project, spec, year)
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
        elif c["kind"] == "number" and c.get("max") is None:  # a scale with no published maximum: 'between' 0 and a
            # bound no score reaches, the form every spreadsheet program keeps (Calc drops a lone lower bound)
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(NO_MAXIMUM),
                                allow_blank=True)
            dv.error, dv.errorTitle = "Nhập một số không âm.", c["header"]
        elif c["kind"] == "number":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{c['max']:g}",
                                allow_blank=True)
            dv.error, dv.errorTitle = f"Nhập một số từ 0 đến {number_text(c['max'])}.", c["header"]
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


def write_year_templates(year: int, project: Project) -> tuple[list[Path], list[Path]]:
    """Write ``data/raw/<index>/<index>_<year>.xlsx`` for every index with an edition in ``year`` and no file yet.

    Returns (written, kept): an existing raw file is never overwritten. PAPI has no template (its panel is
    published as a data file, bundled from the source).
    """
    written, kept = [], []
    for spec in project.specs:
        if not spec.exists_in(year) or not spec.kind.has_template:
            continue
        _cols, units = _layout(project, spec, year)
        if not units:
            continue
        existing = [f.path for f in raw_files(project, year, spec.id)]
        if existing:
            kept += existing
            continue
        path = project.raw / spec.folder / f"{spec.file_stem(year)}.xlsx"
        written.append(write_template(project, spec, year, path))
    return written, kept
