"""Command line: ``qnindex report``, ``qnindex validate``, ``qnindex new-year``.

Heavy libraries are imported inside the commands, so ``qnindex --help`` starts fast. A data problem
prints one line per problem (file, row, column, fix) and exits with 2, never with a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager

from qnindex.core.messages import language, plain


def _years(text: str) -> list[int]:
    """'2019' or '2017-2024' -> list of years."""
    try:
        if "-" in text:
            first, last = (int(x) for x in text.split("-", 1))
            if last < first:
                raise ValueError
            return list(range(first, last + 1))
        return [int(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(str(plain(f"'{text}' không phải một năm hay một khoảng năm như 2017-2024",
                                                   f"'{text}' is not a year or a range like 2017-2024"))) from None


def _parser() -> argparse.ArgumentParser:
    # the help is read before any --lang is known: Vietnamese first, then English
    parser = argparse.ArgumentParser(
        prog="qnindex", description="Các chỉ số cải cách hành chính của tỉnh, thành phố: bộ kết quả hội nghị hằng "
                                    "năm. (A province's reform indices: the yearly conference pack.)")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="chạy các notebook của một năm, công bố biểu đồ, bảng, văn bản, bản "
                                           "trình chiếu (run a year's notebooks, publish its pack)")
    when = report.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=int, help="năm của chỉ số, ví dụ 2019 (index year)")
    when.add_argument("--years", type=_years, help="một khoảng năm, ví dụ 2017-2024 (a range of years)")
    report.add_argument("--lang", choices=("vi", "en"), action="append",
                        help="ngôn ngữ, lặp lại cho cả hai; mặc định vi và en; ngôn ngữ đầu tiên là ngôn ngữ của "
                             "thông báo (language; repeat for both; the first one is the messages')")
    report.add_argument("--jobs", type=int, default=None,
                        help="số năm dựng song song với --years; mặc định bằng số lõi, tối đa 4 "
                             "(years built side by side)")
    report.add_argument("--force", action="store_true",
                        help="dựng lại kể cả khi không có gì thay đổi (rebuild even when nothing changed)")
    report.add_argument("--svg", action="store_true", help="ghi thêm mọi biểu đồ dạng SVG để in (also write SVG)")
    report.add_argument("--dpi", type=int, choices=range(50, 601), metavar="50-600", default=None,
                        help="độ phân giải ảnh biểu đồ; mặc định 200, đủ cho trình chiếu; thấp hơn để xem nháp "
                             "(chart resolution; lower for a quick draft)")
    report.add_argument("--province", metavar="TÊN",
                        help="tỉnh, thành phố mà bộ kết quả nói về, viết như thường viết (\"Hải Phòng\", \"TP HCM\"); "
                             "mặc định là tỉnh của dự án (data/raw/project.yml); bộ kết quả của tỉnh khác ghi vào "
                             "provinces/<tên>/ (the province the pack is about; default: the project's own)")
    report.add_argument("--no-wait", action="store_true",
                        help="nếu một lần chạy khác đang dựng năm đó thì dừng ngay, không chờ "
                             "(stop at once when another run is building the year)")
    validate = sub.add_parser("validate", help="kiểm tra mọi tệp số liệu gốc, liệt kê mọi lỗi "
                                               "(check every raw file, list every problem)")
    validate.add_argument("--year", type=int, help="chỉ các tệp của năm này (only the files of this year)")
    validate.add_argument("--file", help="kiểm tra một tệp: thư mục chứa tệp cho biết chỉ số, tên tệp kết thúc bằng "
                                         "năm (check one file)")
    validate.add_argument("--index", help="chỉ số của --file khi thư mục không cho biết (the index of --file)")
    validate.add_argument("--lang", choices=("vi", "en"), default="vi",
                          help="ngôn ngữ của thông báo, mặc định vi (language of the messages)")
    new_year = sub.add_parser("new-year", help="tạo các mẫu nhập liệu trống của một năm, điền sẵn các đơn vị "
                                               "(write a year's blank templates)")
    new_year.add_argument("year", type=int, help="năm của chỉ số (index year)")
    new_year.add_argument("--lang", choices=("vi", "en"), default="vi",
                          help="ngôn ngữ của thông báo, mặc định vi (language of the messages)")
    notebook = sub.add_parser("notebook", help="chép một sổ (notebook) ra notebooks/work/ cho một năm để mở trong "
                                                "JupyterLab; sổ gốc không bị sửa (copy a notebook for a year to work on)")
    notebook.add_argument("name", help="tên sổ: sipas, dgi, egov, papi, national, overview, explore/units_over_time …")
    notebook.add_argument("--year", type=int, default=None, help="năm (mặc định: năm trong sổ) (the year)")
    notebook.add_argument("--lang", default="vi", help="ngôn ngữ của sổ: vi, en hoặc vi,en (the notebook's language)")
    notebook.add_argument("--fresh", action="store_true", help="chép lại, bỏ bản đã có (replace an existing copy)")
    return parser


def year_range() -> tuple[int, int]:
    """The years qnindex can work on: from the first edition of any index to next year."""
    from datetime import date

    from qnindex.indices.specs import first_year

    return first_year(), date.today().year + 1


def _check_years(years: list[int]) -> str | None:
    first, last = year_range()
    bad = [y for y in years if not first <= y <= last]
    if bad:
        return str(plain(f"qnindex: năm {bad[0]} nằm ngoài khoảng có thể xử lý ({first}–{last}) — cách sửa: cho một "
                         f"năm từ {first} đến {last}",
                         f"qnindex: year {bad[0]} is outside the years qnindex knows ({first}–{last}) — fix: give a "
                         f"year from {first} to {last}"))
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``qnindex`` console script. Messages are in the language asked for while it runs
    (called as a function, it leaves the caller's message language as it was)."""
    args = _parser().parse_args(argv)
    langs = getattr(args, "lang", None) or ["vi"]
    with language(langs if isinstance(langs, str) else langs[0]):
        from qnindex.core.publish import finish_pending

        for year in finish_pending():  # a run killed between two folders left two packs: one again, before any read
            print(plain(f"{year}: đã công bố nốt bộ kết quả của một lần chạy trước bị ngắt giữa chừng",
                        f"{year}: finished publishing the pack of an earlier run that was interrupted"))
        return _main(args)


def _main(args) -> int:
    years = ([args.year] if getattr(args, "year", None) is not None else []) + (getattr(args, "years", None) or [])
    message = _check_years(years)
    if message:
        print(message, file=sys.stderr)
        return 2
    if args.command == "report":
        try:
            return _report(args)
        except OSError as err:
            print(_os_error_line(err), file=sys.stderr)
            return 2
    if args.command == "validate":
        from qnindex.pipeline.validate import validate_all, validate_file

        checked = validate_file(args.file, args.index) if args.file else validate_all(args.year)
        for problem in checked.blank:
            print(problem)
        for line in checked.lines():
            print(line)
        if checked.problems:
            print(plain(f"qnindex: {len(checked.problems)} lỗi trong {checked.files} tệp",
                        f"qnindex: {len(checked.problems)} problem(s) in {checked.files} file(s)"), file=sys.stderr)
            return 2
        print(plain(f"{checked.files} tệp đã kiểm tra: không có lỗi"
                    + (f" ({len(checked.blank)} mẫu chưa có số liệu)" if checked.blank else ""),
                    f"all {checked.files} raw file(s) valid"
                    + (f" ({len(checked.blank)} blank template(s): no data yet)" if checked.blank else "")))
        return 0
    if args.command == "notebook":
        from qnindex.core.errors import display_path
        from qnindex.pipeline.notebook import working_copy

        try:
            path, written = working_copy(args.name, args.year, args.lang, args.fresh)
        except FileNotFoundError as err:
            print(f"qnindex: {err}", file=sys.stderr)
            return 2
        print(plain(f"{'đã chép' if written else 'đã có bản làm việc'}: {display_path(path)} — mở bằng: "
                    f"jupyter lab {display_path(path)}" + ("" if written else " (chép lại: --fresh)"),
                    f"{'copied' if written else 'your copy exists'}: {display_path(path)} — open it with: "
                    f"jupyter lab {display_path(path)}" + ("" if written else " (copy again: --fresh)")))
        return 0
    if args.command == "new-year":
        from qnindex.core.errors import RawDataError, display_path
        from qnindex.pipeline.new_year import write_year_templates

        try:
            written, kept = write_year_templates(args.year)
        except RawDataError as err:
            print(f"qnindex: {err}", file=sys.stderr)
            return 2
        for path in written:
            print(plain(f"đã tạo {display_path(path)}", f"wrote {display_path(path)}"))
        for path in kept:
            print(plain(f"giữ nguyên {display_path(path)}: tệp đã có (số liệu gốc không bao giờ bị ghi đè)",
                        f"kept {display_path(path)}: it already exists (raw data are never overwritten)"))
        print(plain(f"điền số liệu vào các tệp (xem trang 'Hướng dẫn'), rồi chạy: qnindex validate --year {args.year}",
                    f"fill in the files (see the sheet 'Hướng dẫn'), then: qnindex validate --year {args.year}"))
        return 0
    return 1


def _os_error_line(err: OSError) -> str:
    """One line for a folder that cannot be written: which folder, why, and the fix."""
    import errno

    from qnindex.core.errors import display_path

    where = plain(display_path(err.filename) if err.filename else "thư mục dự án",
                  display_path(err.filename) if err.filename else "the project folder")
    if err.errno == errno.ENOSPC:
        fix = plain("giải phóng dung lượng ổ đĩa rồi chạy lại đúng lệnh đó",
                    "free disk space, then run the same command again")
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = plain("cấp quyền ghi cho thư mục (hoặc chạy từ một bản sao dự án ghi được) rồi chạy lại",
                    "make the folder writable (or run from a copy of the project you can write), then run again")
    else:
        fix = plain("kiểm tra thư mục rồi chạy lại đúng lệnh đó", "check the folder, then run the same command again")
    reason = err.strerror or err
    return str(plain(f"qnindex: không ghi được {where.vi}: {reason} — cách sửa: {fix.vi}; bộ kết quả cũ giữ nguyên",
                     f"qnindex: cannot write {where.en}: {reason} — fix: {fix.en}; the previous pack is unchanged"))


@contextmanager
def _environment(values: dict[str, str]):
    """Set environment variables for the run (its kernels inherit them), as they were afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _province(typed: str) -> str | None:
    """The province a typed name means (every accepted form: "TP Hải Phòng", "TP HCM", ...), as the registry names
    it; None after printing why it is not one."""
    from qnindex.data.registry import UnknownUnitError, get, province_lineage

    try:
        return get(province_lineage(typed)[0]).name_vi
    except UnknownUnitError as err:
        if err.ambiguous:
            print(plain(f"qnindex: --province \"{typed}\" có thể là nhiều tỉnh, thành phố ({err.detail}); ghi rõ hơn",
                        f"qnindex: --province \"{typed}\" could be several provinces ({err.detail}); be more precise"),
                  file=sys.stderr)
        else:
            near = ", ".join(err.suggestions)
            print(plain(f"qnindex: --province \"{typed}\" không phải tên một tỉnh, thành phố; gần nhất: {near}",
                        f"qnindex: --province \"{typed}\" is not the name of a province; closest: {near}"),
                  file=sys.stderr)
        return None


def _report(args) -> int:
    from qnindex.pipeline.report import LANGS, RunLocked, build_many

    langs = tuple(dict.fromkeys(args.lang)) if args.lang else LANGS
    years = [args.year] if args.year is not None else args.years
    worst = 0
    province = _province(args.province) if args.province else None
    if args.province and province is None:
        return 2
    try:
        jobs = args.jobs if args.jobs is not None else min(4, os.cpu_count() or 1)
        asked = {"QNINDEX_SVG": "1" if args.svg else None, "QNINDEX_DPI": None if args.dpi is None else str(args.dpi),
                 "QNINDEX_PROVINCE": province}
        with _environment({k: v for k, v in asked.items() if v is not None}):  # read by the charts in the kernels
            results = build_many(years, langs, jobs=max(1, jobs), force=args.force, wait=not args.no_wait)
            from qnindex.core.paths import output_root, project_root

            at = output_root().relative_to(project_root()).as_posix()
            at = "" if at == "." else at + "/"  # another province's packs: provinces/<name>/
    except RunLocked as err:
        print(f"qnindex: {err}", file=sys.stderr)
        return 2
    for result in results:
        year = result.year
        if result.status == "built":
            print(plain(f"{year}: đã công bố bộ kết quả ({result.outputs} tệp, {result.seconds:.1f} giây): "
                        f"{at}figures/{year}/, {at}data/processed/{year}/, {at}reports/{year}/",
                        f"{year}: pack published ({result.outputs} files) in {result.seconds:.1f}s: "
                        f"{at}figures/{year}/, {at}data/processed/{year}/, {at}reports/{year}/"))
            first = langs[0]
            for vi, en, path in (("Báo cáo (mở bằng trình duyệt)", "Report (open in a browser)",
                                  f"{at}reports/{year}/report{'' if first == 'vi' else '_' + first}.html"),
                                 ("Bộ trình chiếu", "Briefing deck",
                                  f"{at}reports/{year}/briefing{'' if first == 'vi' else '_' + first}.pptx"),
                                 ("Văn bản báo cáo", "Narrative", f"{at}data/processed/{year}/narrative_{first}.md")):
                print(f"  {plain(vi, en)}: {path}")
        elif result.status == "invalid":
            for problem in result.problems:
                print(problem, file=sys.stderr)
            print(plain(f"qnindex: {year}: {len(result.problems)} lỗi trong số liệu gốc; chưa công bố, bộ kết quả cũ giữ "
                        f"nguyên — sửa các lỗi trên (qnindex validate --year {year})",
                        f"qnindex: {year}: {len(result.problems)} problem(s) in the raw data; not published, the "
                        f"previous pack is unchanged — fix them (qnindex validate --year {year})"), file=sys.stderr)
            worst = 2
        elif result.status == "no data":
            from qnindex.core.errors import display_path
            from qnindex.core.paths import raw_dir

            raw = display_path(raw_dir())
            if result.blank:  # the templates are there, still empty
                files = ", ".join(result.blank)
                print(plain(f"{year}: {len(result.blank)} mẫu nhập liệu của năm {year} chưa có số liệu ({files}); "
                            f"không dựng gì — điền số liệu vào các mẫu (xem trang 'Hướng dẫn' của mỗi tệp), rồi chạy: "
                            f"qnindex validate --year {year}",
                            f"{year}: {len(result.blank)} template(s) of {year} still blank ({files}); nothing built — "
                            f"fill them in (see each file's 'Hướng dẫn' sheet), then run: qnindex validate --year {year}"))
            else:
                print(plain(f"{year}: {raw}/ chưa có tệp số liệu chỉ số nào của năm {year}; không dựng gì — tạo các "
                            f"mẫu nhập liệu của năm: qnindex new-year {year}",
                            f"{year}: {raw}/ has no index file of {year}; nothing built — to write the year's "
                            f"templates: qnindex new-year {year}"))
        elif result.status == "failed":
            for failure in result.failures:
                print(f"qnindex: {failure}", file=sys.stderr)
            print(plain(f"qnindex: năm {year} chưa công bố; bộ kết quả cũ giữ nguyên",
                        f"qnindex: {year} not published; the previous pack is unchanged"), file=sys.stderr)
            data_error = all(f.error_name in ("RawDataError", "OSError", "PermissionError") for f in result.failures)
            worst = max(worst, 2 if data_error else 1)
    return worst


if __name__ == "__main__":
    sys.exit(main())
