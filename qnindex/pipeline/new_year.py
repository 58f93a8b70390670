"""``qnindex new-year``: blank raw templates for a year, pre-filled with the units valid in that year."""
from __future__ import annotations

from pathlib import Path

from qnindex.data import registry
from qnindex.core.paths import raw_dir
from qnindex.indices.files import raw_files

SOURCE_NOTE = "công bố / minh họa"
NATIONAL_HEADERS = ["Năm", "Tỉnh, thành phố", "Điểm", "Xếp hạng", "Nguồn", "Đường dẫn", "Ghi chú"]
GUIDE = [
    "HƯỚNG DẪN NHẬP SỐ LIỆU — {title} năm {year}",
    "",
    "1. Nhập số liệu vào trang 'Dữ liệu': mỗi dòng một đơn vị; không đổi tên cột, không thêm dòng tiêu đề giữa bảng.",
    "2. Danh sách đơn vị đã được điền sẵn theo danh mục đơn vị hành chính có hiệu lực trong năm {year}.",
    "   Xóa dòng của đơn vị không được đánh giá; không thêm đơn vị đã giải thể, sáp nhập.",
    "3. Số thập phân dùng dấu phẩy hoặc dấu chấm đều được (93,46 hoặc 93.46); tỷ lệ ghi theo %, không ghi ký hiệu %.",
    "4. Cột 'Nguồn': ghi 'công bố' nếu số liệu đã được công bố chính thức, 'minh họa' nếu là số liệu giả định.",
    "5. Lưu tệp với tên giữ nguyên ({name}) trong thư mục {folder}, rồi chạy: qnindex validate --year {year}",
    "   Lệnh sẽ liệt kê mọi lỗi (tệp, dòng, cột và cách sửa). Khi không còn lỗi, chạy: qnindex report --year {year}",
]


def _specs(year: int) -> list[tuple[str, str, list[str], list[list]]]:
    """(folder, title, headers, rows) of every template for ``year``: one per index with an edition that year."""
    from qnindex.indices.specs import SPECS

    def units(*groups: str) -> list[registry.Unit]:
        return [u for g in groups for u in registry.units_in(g, year)]

    specs = []
    for spec in SPECS:
        if not spec.exists_in(year):
            continue
        members = units(*spec.groups)
        if not members:
            continue
        if spec.loader == "survey":
            specs.append((spec.id, "Khảo sát mức độ hài lòng (SIPAS cấp tỉnh)",
                          ["Năm", "Nhóm", "Đơn vị", "Số phiếu", "Tỷ lệ hài lòng (%)", "Nguồn", "Ghi chú"],
                          [[year, u.group, registry.name_in_year(u.unit_id, year), None, None, None, None]
                           for u in members]))
        elif spec.loader == "units":
            headers = ["Năm", "Đơn vị"] + (["Nhóm"] if len(spec.groups) > 1 else [])
            headers += [c.label_vi for c in spec.components] + ["Tổng điểm" if spec.components else "Tỷ lệ"]
            headers += ["Nguồn", "Ghi chú"]
            rows = []
            for u in members:
                row = [year, registry.name_in_year(u.unit_id, year)] + ([u.group] if len(spec.groups) > 1 else [])
                rows.append(row + [None] * (len(headers) - len(row)))
            specs.append((spec.id, spec.name_vi, headers, rows))
        elif spec.loader == "national":
            extra = [c.label_vi for c in spec.components]
            headers = NATIONAL_HEADERS[:4] + extra + NATIONAL_HEADERS[4:]
            rows = [[year, registry.name_in_year(p.unit_id, year)] + [None] * (len(headers) - 2) for p in members]
            specs.append((spec.id, spec.short_vi, headers, rows))
    return specs


def write_year_templates(year: int) -> tuple[list[Path], list[Path]]:
    """Write ``data/raw/<index>/<index>_<year>.xlsx`` for every index that has no file for the year yet.

    Returns (written, kept): an existing raw file is never overwritten.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    written, kept = [], []
    for folder, title, headers, rows in _specs(year):
        existing = [f.path for f in raw_files(year, folder)]
        if existing:
            kept += existing
            continue
        wb = Workbook()
        data = wb.active
        data.title = "Dữ liệu"
        data.append(headers)
        for cell in data[1]:
            cell.font = Font(bold=True)
        for row in rows:
            data.append(row)
        data.freeze_panes = "A2"
        for column, header in zip(data.columns, headers):
            data.column_dimensions[column[0].column_letter].width = max(12, min(45, len(str(header)) + 4,
                                                                              ) if header != "Đơn vị" else 40)
        guide = wb.create_sheet("Hướng dẫn")
        name = f"{folder}_{year}.xlsx"
        for line in GUIDE:
            guide.append([line.format(title=title, year=year, name=name, folder=f"data/raw/{folder}/")])
        guide["A1"].font = Font(bold=True, size=13)
        guide.column_dimensions["A"].width = 120
        path = raw_dir() / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
        written.append(path)
    return written, kept
