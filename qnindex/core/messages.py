"""What qnindex says to the people who fill in the raw files: Vietnamese first, English on request.

Every problem found in a raw file is a message from this catalogue, kept in both languages, so the
validator speaks Vietnamese to officials (``qnindex validate``) and English with ``--lang en``.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

_LANG = ["vi"]


def current() -> str:
    """The language messages are shown in (``vi`` unless set)."""
    return _LANG[-1]


def set_language(lang: str) -> None:
    """Show messages in ``lang`` (``vi`` or ``en``) from now on in this process."""
    if lang not in ("vi", "en"):
        raise ValueError(f"unsupported language '{lang}': use vi or en")
    _LANG[0] = lang


@contextmanager
def language(lang: str):
    """Show messages in ``lang`` inside the block."""
    _LANG.append(lang)
    try:
        yield
    finally:
        _LANG.pop()


@dataclass(frozen=True)
class Text:
    """A sentence in both languages; shown in the current one."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi if current() == "vi" else self.en

    def __bool__(self) -> bool:
        return bool(self.vi or self.en)


CATALOGUE: dict[str, tuple[str, str]] = {
    # --- where (used by Problem)
    "where.sheet": ("trang '{sheet}'", "sheet '{sheet}'"),
    "where.row": ("dòng {row}", "row {row}"),
    "where.column": ("cột '{column}'", "column '{column}'"),
    "fix": ("cách sửa", "fix"),
    # --- files
    "file.missing": ("không tìm thấy tệp", "file not found"),
    "file.missing.fix": ("đặt tệp vào đúng thư mục, hoặc chạy 'qnindex new-year <năm>' để có mẫu trống",
                         "put the file there, or run 'qnindex new-year <year>' for a blank template"),
    "file.none_for_year": ("chưa có số liệu {index} năm {year}", "no {index} data for {year}"),
    "file.none_for_year.fix": ("thêm tệp {stem}.xlsx (hoặc .csv) vào thư mục {folder}",
                               "add {stem}.xlsx (or .csv) to {folder}"),
    "file.several": ("có {n} tệp cho cùng chỉ số và năm: {names}", "{n} files for the same index and year: {names}"),
    "file.several.fix": ("giữ lại một tệp, xóa hoặc chuyển các tệp kia ra khỏi thư mục",
                         "keep one file; delete or move the others out of the folder"),
    "file.not_regular": ("đây không phải là một tệp thông thường ({what})", "this is not a regular file ({what})"),
    "file.not_regular.fix": ("đặt vào đây tệp .xlsx hoặc .csv thật", "put a real .xlsx or .csv file here"),
    "file.too_big": ("tệp quá lớn ({size} MB; tối đa {limit} MB)", "the file is too large ({size} MB; at most {limit} MB)"),
    "file.too_big.fix": ("chỉ giữ bảng số liệu của năm trong tệp", "keep only the year's table in the file"),
    "file.unreadable": ("không mở được tệp ({reason})", "the file cannot be opened ({reason})"),
    "file.unreadable.fix": ("kiểm tra quyền đọc tệp, hoặc lưu lại tệp", "check that the file can be read, or save it again"),
    "file.type": ("loại tệp '{suffix}' không được hỗ trợ", "unsupported file type '{suffix}'"),
    "file.type.fix": ("lưu tệp thành Excel (.xlsx), bảng tính OpenDocument (.ods) hoặc CSV UTF-8 (.csv)",
                      "save it as Excel (.xlsx), OpenDocument (.ods) or CSV UTF-8 (.csv)"),
    "file.content": ("tệp có đuôi '{suffix}' nhưng nội dung là {actual_vi}",
                     "the file is named '{suffix}' but its content is {actual_en}"),
    "file.content.fix": ("mở tệp bằng Excel và lưu lại đúng định dạng (.xlsx), hoặc đổi đuôi tệp thành {right}",
                         "open it in Excel and save it in the right format (.xlsx), or rename it to {right}"),
    "file.broken": ("tệp Excel bị hỏng hoặc chưa lưu xong ({reason})", "the Excel file is damaged or incomplete ({reason})"),
    "file.broken.fix": ("mở tệp bằng Excel, lưu lại, rồi chạy lại", "open it in Excel, save it again, then run again"),
    "file.encoding": ("không đọc được mã ký tự của tệp", "cannot decode the file"),
    "file.encoding.fix": ("trong Excel chọn Lưu thành → CSV UTF-8", "in Excel choose Save As → CSV UTF-8"),
    "file.xls_unreadable": ("không đọc được tệp Excel cũ (.xls): {reason}", "cannot read the old Excel file (.xls): {reason}"),
    "file.xls_unreadable.fix": ("mở tệp bằng Excel và lưu thành .xlsx", "open it in Excel and save it as .xlsx"),
    "file.empty": ("tệp trống", "the file is empty"),
    "file.empty.fix": ("điền vào mẫu: dòng tiêu đề, rồi mỗi đơn vị một dòng",
                       "fill in the template: the header row, then one row per unit"),
    "file.no_rows": ("tệp có dòng tiêu đề nhưng không có dòng số liệu nào", "the file has a header but no data rows"),
    "file.no_rows.fix": ("thêm mỗi đơn vị một dòng bên dưới dòng tiêu đề", "add one row per unit below the header"),
    "file.blank_template": ("chưa có số liệu: mẫu chưa được điền", "no data yet: the template has not been filled in"),
    "file.blank_template.fix": ("điền số liệu khi có; mẫu trống được coi là chưa có số liệu của năm",
                                "fill it in when the data exist; a blank template means no data for the year yet"),
    # --- sheets and headers
    "sheet.other": ("không có trang nào có đủ các cột của mẫu; các trang: {sheets}",
                    "no sheet has the template's columns; sheets: {sheets}"),
    "sheet.other.fix": ("chép bảng số liệu vào trang đầu tiên, hoặc dùng mẫu của 'qnindex new-year'",
                        "copy the table to the first sheet, or use the template of 'qnindex new-year'"),
    "column.missing": ("thiếu cột bắt buộc", "required column is missing"),
    "column.missing.fix": ("thêm cột có tiêu đề '{header}' (các cột đang có: {found})",
                           "add a column headed '{header}' (found: {found})"),
    "column.unexpected": ("cột không thuộc mẫu", "unexpected column"),
    "column.unexpected.fix": ("xóa cột này, hoặc đổi tiêu đề thành một trong: {allowed}",
                              "remove it or rename it to one of: {allowed}"),
    "column.twice": ("cột '{header}' xuất hiện hai lần", "column '{header}' appears twice"),
    "column.twice.fix": ("giữ lại một cột", "keep one of them"),
    # --- cells
    "cell.not_number": ("'{text}' không phải là số", "'{text}' is not a number"),
    "cell.not_number.fix": ("ghi một số, ví dụ 93,46", "write a number such as 93,46"),
    "cell.not_integer.fix": ("ghi một số nguyên, ví dụ 1234", "write a whole number such as 1234"),
    "cell.grouping": ("'{text}' có dấu phân cách hàng nghìn không đúng", "'{text}' has misplaced thousands separators"),
    "cell.grouping.fix": ("ghi số không có dấu phân cách (1234), hoặc tách đúng từng nhóm ba chữ số (1.234)",
                          "write the number without separators (1234), or group exactly three digits (1.234)"),
    "cell.empty": ("ô trống", "empty cell"),
    "cell.empty.fix": ("điền giá trị; nếu đơn vị không được đánh giá năm nay, để trống cả dòng",
                       "fill in a value; if the unit was not assessed this year, leave the whole row blank"),
    "cell.formula": ("ô có công thức nhưng chưa có giá trị đã lưu", "a formula cell without a saved value"),
    "cell.formula.fix": ("mở và lưu lại tệp trong Excel (để Excel tính và lưu kết quả)",
                         "open and save the file again in Excel (so Excel computes and saves the result)"),
    "cell.control": ("ô có ký tự điều khiển không in được (mã {code} ở vị trí {pos})",
                     "the cell has an unprintable control character (code {code} at position {pos})"),
    "cell.control.fix": ("gõ lại nội dung ô", "type the cell again"),
    "cell.range": ("{found} nằm ngoài khoảng cho phép: từ {low} đến {high}", "{found} is out of range: expected a value from {low} to {high}"),
    "cell.min": ("{found} không hợp lệ: cần từ {low} trở lên", "{found} is out of range: expected {low} or more"),
    "cell.above": ("{found} không hợp lệ: cần lớn hơn {low}", "{found} is out of range: expected more than {low}"),
    "cell.fraction": ("các tỷ lệ được ghi dưới dạng phân số (ví dụ {example}); tỷ lệ phải ghi theo %",
                      "the rates are written as fractions (e.g. {example}); rates are in percent"),
    "cell.fraction.fix": ("{example} → nhập {percent}", "{example} → type {percent}"),
    "rate.fix": ("ghi tỷ lệ theo %, từ 0 đến 100 (ví dụ 93,46)", "write the rate in percent, between 0 and 100 (e.g. 93,46)"),
    "respondents.fix": ("ghi số phiếu khảo sát, một số nguyên lớn hơn 0", "write the number of people surveyed, a whole number above 0"),
    "points.fix": ("ghi điểm từ 0 đến {high} ({label})", "write points between 0 and {high} ({label})"),
    "total.fix": ("ghi tổng điểm từ 0 đến {high}", "write a total between 0 and {high}"),
    "score.fix": ("ghi điểm từ 0 đến {high}", "write a score between 0 and {high}"),
    "score.fix.positive": ("ghi điểm là một số không âm", "write a score of 0 or more"),
    "rank.fix": ("ghi thứ hạng từ 1 đến {high}", "write a rank between 1 and {high}"),
    # --- rows
    "year.all": ("mọi dòng (dòng {first}–{last}) ghi năm {found} nhưng tệp là của năm {year}",
                 "every row (rows {first}–{last}) says {found} but the file is for {year}"),
    "year.all.fix": ("đổi tên tệp thành năm {found}, hoặc sửa cột năm", "rename the file for {found}, or correct the year column"),
    "year.one": ("năm {found} trong tệp của năm {year}", "year {found} in a file loaded for {year}"),
    "year.one.fix": ("ghi {year}, hoặc chuyển dòng sang tệp năm {found}", "write {year}, or move the row to the {found} file"),
    "group.unknown": ("khối '{text}' không có trong danh mục", "unknown group '{text}'"),
    "group.unknown.fix": ("chọn một trong: {allowed}", "choose one of: {allowed}"),
    "source.unknown": ("nguồn '{text}' không hợp lệ", "unknown source '{text}'"),
    "source.unknown.fix": ("ghi 'công bố' hoặc 'minh họa'", "write 'published' or 'illustrative'"),
    "unit.unknown": ("không có đơn vị '{name}'{where} trong danh mục", "unknown unit '{name}'{where}"),
    "unit.unknown.where": (" thuộc khối {group}", " in group {group}"),
    "unit.unknown.fix": ("ghi đúng tên đơn vị như trong danh mục; tên gần nhất: {suggestions}",
                         "write the unit's name as the registry has it; closest names: {suggestions}"),
    "unit.unknown.nofix": ("ghi đủ tên đơn vị như trong danh mục (chọn trong danh sách của mẫu)",
                           "write the unit's full name as the registry has it (pick it from the template's list)"),
    "unit.ambiguous": ("tên '{name}' có thể là nhiều đơn vị: {names}", "'{name}' could be several units: {names}"),
    "unit.ambiguous.fix": ("ghi đủ tên, kể cả loại đơn vị (Phường/Xã/Huyện…)", "give the full name, with its kind (Phường/Xã/Huyện…)"),
    "unit.not_in_year": ("đơn vị '{name}' không còn tồn tại vào {day}", "unit '{name}' did not exist on {day}"),
    "unit.not_in_year.successor": ("'{name}' không còn tồn tại vào {day} (đã nhập vào {successor})",
                                   "'{name}' did not exist on {day} (merged into {successor})"),
    "unit.not_in_year.fix": ("báo cáo số liệu dưới tên '{successor}'", "report it under '{successor}'"),
    "unit.not_in_year.remove": ("xóa dòng này", "remove the row"),
    "unit.twice": ("đơn vị '{name}' xuất hiện nhiều lần", "unit '{name}' appears more than once"),
    "unit.twice.fix": ("mỗi đơn vị một dòng: gộp hoặc xóa dòng lặp", "keep one row per unit: merge or delete the repeated row"),
    "unit.wrong_group": ("'{name}' không thuộc {groups}", "'{name}' is not a {groups} unit"),
    "unit.wrong_group.fix": ("xóa dòng này hoặc đưa vào đúng tệp", "remove the row or use the right file"),
    "total.rule": ("tổng điểm {given} không bằng {rule} các điểm thành phần ({computed})",
                   "total {given} is not the {rule} of the components ({computed})"),
    "total.rule.fix.exact": ("sửa tổng điểm hoặc điểm thành phần, hoặc để trống tổng điểm (sẽ được tính)",
                             "correct the total or the components, or leave the total empty (it is computed)"),
    "total.rule.fix": ("sửa tổng điểm hoặc điểm thành phần (sai lệch cho phép {tolerance}), hoặc để trống tổng điểm",
                       "correct the total or the components (tolerance {tolerance}), or leave the total empty"),
    "rank.order": ("thứ hạng {rank} {better} thứ hạng {other} của một điểm cao hơn (dòng {row})",
                   "rank {rank} is {better_en} the rank {other} of a higher score (row {row})"),
    "rank.order.fix": ("kiểm tra điểm và thứ hạng của cả hai dòng", "check the score and rank of both rows"),
    "rank.typed": ("thứ hạng ghi là {typed}, nhưng theo tổng điểm đơn vị xếp thứ {computed}",
                   "rank {typed} was typed, but the totals rank the unit {computed}"),
    "rank.typed.fix": ("sửa thứ hạng hoặc tổng điểm (đồng hạng: 1, 2, 2, 4)", "correct the rank or the total (ties share a rank: 1, 2, 2, 4)"),
    "aggregate": ("số liệu {rows} cho {key} = {got}, nhưng số đã công bố là {published}",
                  "the values of {rows} give {key} = {got}, but {published} was published"),
    "aggregate.fix": ("đối chiếu các số này với bảng đã công bố (PROVENANCE.yml, published_aggregates)",
                      "check these values against the published table (PROVENANCE.yml, published_aggregates)"),
    "papi.subdimension": ("điểm chỉ số nội dung thành phần {value} nằm ngoài 0–10", "sub-dimension score {value} outside 0-10"),
    "papi.subdimension.fix": ("kiểm tra lại giá trị", "check the value"),
    "papi.province.fix": ("dùng mã P01..P63 hoặc tên tỉnh", "use P01..P63 or a province name"),
    "target.invalid": ("chỉ tiêu không hợp lệ: {reason}", "invalid target: {reason}"),
    "target.invalid.fix": ("ghi đủ index, unit, target và from_year", "give index, unit, target and from_year"),
    "tiers.missing": ("không có ngưỡng xếp loại cho '{index}' và không có ngưỡng mặc định",
                      "no tiers for '{index}' and no default"),
    "tiers.missing.fix": ("thêm tiers.default", "add tiers.default"),
}


def text(key: str, /, **params) -> Text:
    """The catalogue's sentence ``key`` with ``params`` filled in, in both languages."""
    vi, en = CATALOGUE[key]
    return Text(vi.format(**params), en.format(**params))


def plain(vi: str, en: str | None = None) -> Text:
    """A sentence that is not in the catalogue (one language when both are the same)."""
    return Text(vi, vi if en is None else en)
