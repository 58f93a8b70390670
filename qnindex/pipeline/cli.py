"""Command line: ``qnindex report``, ``qnindex validate``, ``qnindex new-year``.

Heavy libraries are imported inside the commands, so ``qnindex --help`` starts fast. A data problem
prints one line per problem (file, row, column, fix) and exits with 2, never with a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys

from qnindex.core.messages import language, plain, text as message


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
        raise argparse.ArgumentTypeError(str(message("cli.not_a_year", typed=text))) from None


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
                        help="số năm (--years) hoặc số tỉnh (--province all) dựng song song; mặc định bằng số "
                             "lõi, tối đa 4 (years or provinces built side by side)")
    report.add_argument("--force", action="store_true",
                        help="dựng lại kể cả khi không có gì thay đổi (rebuild even when nothing changed)")
    report.add_argument("--svg", action="store_true", help="ghi thêm mọi biểu đồ dạng SVG để in (also write SVG)")
    report.add_argument("--dpi", type=int, choices=range(50, 601), metavar="50-600", default=None,
                        help="độ phân giải ảnh biểu đồ; mặc định 200, đủ cho trình chiếu; thấp hơn để xem nháp "
                             "(chart resolution; lower for a quick draft)")
    report.add_argument("--province", metavar="TÊN",
                        help="tỉnh, thành phố mà bộ kết quả nói về, viết như thường viết (\"Hải Phòng\", \"TP HCM\"); "
                             "mặc định là tỉnh của dự án (data/raw/project.yml); bộ kết quả của tỉnh khác ghi vào "
                             "provinces/<tên>/; 'all' cho mọi tỉnh, thành phố có số liệu năm đó, hoặc một danh sách "
                             "cách nhau bởi dấu phẩy, kèm trang toàn quốc provinces/<năm>/index.html (the province the "
                             "pack is about; 'all' or a comma-separated list: every one's pack and a national page)")
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
    notebook.add_argument("name", help="tên một sổ trong notebooks/, không có đuôi: overview, explore/units_over_time … "
                                       "(a notebook of notebooks/, without its suffix)")
    notebook.add_argument("--year", type=int, default=None, help="năm (mặc định: năm trong sổ) (the year)")
    notebook.add_argument("--lang", default="vi", help="ngôn ngữ của sổ: vi, en hoặc vi,en (the notebook's language)")
    notebook.add_argument("--fresh", action="store_true", help="chép lại, bỏ bản đã có (replace an existing copy)")
    return parser


def year_range(project) -> tuple[int, int]:
    """The years qnindex can work on: from the first edition of any of the project's indices (a project without
    indices yet: the first year a tidy table holds) to next year."""
    from datetime import date

    from qnindex.core.settings import YEARS

    first = project.specs.first_year()
    return YEARS[0] if first is None else first, date.today().year + 1


def _check_years(project, years: list[int]) -> str | None:
    first, last = year_range(project)
    bad = [y for y in years if not first <= y <= last]
    if bad:
        return str(message("cli.year_outside", year=bad[0], first=first, last=last))
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``qnindex`` console script. Messages are in the language asked for while it runs
    (called as a function, it leaves the caller's message language as it was)."""
    args = _parser().parse_args(argv)
    langs = getattr(args, "lang", None) or ["vi"]
    with language(langs if isinstance(langs, str) else langs[0]):
        from qnindex.core.errors import ProjectFileError
        from qnindex.core.settings import SettingError

        try:
            project = _project(args)
            if project is None:
                return 2
            for year in project.packs.finish_pending():  # a run killed between two folders left two packs: first,
                print(message("cli.finished_pending", year=year))  # one again
            return _main(args, project)
        except ProjectFileError as err:  # project.yml, an index.yml ... that cannot be used: where, and the fix
            print(f"qnindex: {err}", file=sys.stderr)
            return 2
        except SettingError as err:  # a setting of the environment the run cannot use: one line, no traceback
            print(f"qnindex: {err}", file=sys.stderr)
            return 2


def _project(args):
    """The project the command works on, with its settings: the flags, then the environment (the edge,
    ``qnindex.pipeline.environment``); None after printing why a typed province is not one."""
    from qnindex.kinds import open_project
    from qnindex.pipeline.environment import fault_from_environment, settings_from_environment

    from qnindex.pipeline.provinces import is_many

    province = None
    if getattr(args, "province", None) and not is_many(args.province):  # several: chosen per year, in _provinces
        province = _province(args.province)
        if province is None:
            return None
    flags = {}
    if args.command == "report":
        flags = {"langs": tuple(dict.fromkeys(args.lang)) if args.lang else None, "dpi": args.dpi, "svg": args.svg}
    return open_project(settings_from_environment(province=province, **flags), fault_from_environment())


def _main(args, project) -> int:
    years = ([args.year] if getattr(args, "year", None) is not None else []) + (getattr(args, "years", None) or [])
    outside = _check_years(project, years)
    if outside:
        print(outside, file=sys.stderr)
        return 2
    if args.command == "report":
        try:
            return _report(args, project)
        except OSError as err:
            print(_os_error_line(project, err), file=sys.stderr)
            return 2
    if args.command == "validate":
        from qnindex.pipeline.validate import validate_all, validate_file

        checked = validate_file(project, args.file, args.index) if args.file else validate_all(project, args.year)
        for problem in checked.blank:
            print(problem)
        for line in checked.lines():
            print(line)
        if checked.problems:
            print(message("cli.invalid_files", problems=len(checked.problems), files=checked.files), file=sys.stderr)
            return 2
        print(message("cli.valid_files_blank" if checked.blank else "cli.valid_files", files=checked.files,
                      blank=len(checked.blank)))
        return 0
    if args.command == "notebook":
        from qnindex.pipeline.notebook import working_copy

        try:
            path, written = working_copy(project, args.name, args.year, args.lang, args.fresh)
        except FileNotFoundError as err:
            print(f"qnindex: {err}", file=sys.stderr)
            return 2
        print(message("cli.notebook_copied" if written else "cli.notebook_kept", path=project.shown(path)))
        return 0
    if args.command == "new-year":
        from qnindex.core.errors import RawDataError
        from qnindex.pipeline.new_year import write_year_templates

        try:
            written, kept = write_year_templates(args.year, project)
        except RawDataError as err:
            print(f"qnindex: {err}", file=sys.stderr)
            return 2
        for path in written:
            print(message("cli.template_written", path=project.shown(path)))
        for path in kept:
            print(message("cli.template_kept", path=project.shown(path)))
        print(message("cli.templates_next", year=args.year))
        return 0
    return 1


def _provinces(args, project) -> int:
    """``--province all`` (or a list): every province's pack of the year, then the national page; 0 when every pack
    is built or up to date, 2 when one is not (each named with its reason)."""
    import time

    from qnindex.pipeline.provinces import build_provinces, chosen, page_dir, write_national_page

    if args.year is None:
        print(message("cli.provinces.one_year"), file=sys.stderr)
        return 2
    year = args.year
    names = chosen(args.province, project, year, _province)
    if names is None:
        return 2
    if not names:
        print(message("cli.provinces.none", year=year), file=sys.stderr)
        return 2
    jobs = max(1, args.jobs if args.jobs is not None else min(4, os.cpu_count() or 1))
    print(message("cli.provinces.start", year=year, count=len(names), jobs=min(jobs, len(names))))
    start = time.perf_counter()
    results = build_provinces(year, project, names, jobs=jobs, force=args.force)
    for r in results:
        if not r.ok:
            print(message("cli.provinces.failed", year=year, province=r.province, status=r.status,
                          reason=r.reason or "-"), file=sys.stderr)
    write_national_page(year, project, names)
    page = project.shown(page_dir(project, year) / "index.html")
    print(message("cli.provinces.done", year=year, built=sum(r.status == "built" for r in results),
                  kept=sum(r.status == "up to date" for r in results), failed=sum(not r.ok for r in results),
                  seconds=f"{time.perf_counter() - start:.1f}", page=page))
    return 0 if all(r.ok for r in results) else 2


def _os_error_line(project, err: OSError) -> str:
    """One line for a folder that cannot be written: which folder, why, and the fix."""
    import errno

    where = plain(project.shown(err.filename)) if err.filename else message("cli.project_folder")
    if err.errno == errno.ENOSPC:
        fix = message("cli.disk_full.fix")
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = message("cli.not_writable.fix")
    else:
        fix = message("cli.folder.fix")
    return str(message("cli.cannot_write", where_vi=where.vi, where_en=where.en, reason=err.strerror or err,
                       fix_vi=fix.vi, fix_en=fix.en))


def _province(typed: str) -> str | None:
    """The province a typed name means (every accepted form: "TP Hải Phòng", "TP HCM", ...), as the registry names
    it; None after printing why it is not one."""
    from qnindex.data.registry import UnknownUnitError, get, province_lineage

    try:
        return get(province_lineage(typed)[0]).name_vi
    except UnknownUnitError as err:
        if err.ambiguous:
            print(message("cli.province_ambiguous", typed=typed, detail=err.detail), file=sys.stderr)
        else:
            near = ", ".join(err.suggestions)
            print(message("cli.province_unknown", typed=typed, near=near), file=sys.stderr)
        return None


def _report(args, project) -> int:
    from qnindex.pipeline.provinces import is_many
    from qnindex.pipeline.report import RunLocked, build_many

    if is_many(args.province):
        return _provinces(args, project)

    years = [args.year] if args.year is not None else args.years
    langs = project.settings.langs
    worst = 0
    try:
        jobs = args.jobs if args.jobs is not None else min(4, os.cpu_count() or 1)
        results = build_many(years, project, jobs=max(1, jobs), force=args.force, wait=not args.no_wait)
    except RunLocked as err:
        print(f"qnindex: {err}", file=sys.stderr)
        return 2
    at = project.pack_root.relative_to(project.root).as_posix()
    at = "" if at == "." else at + "/"  # another province's packs: provinces/<name>/
    for result in results:
        year = result.year
        if result.status == "built":
            print(message("cli.published", year=year, outputs=result.outputs, seconds=f"{result.seconds:.1f}", at=at))
            first = langs[0]
            suffix = "" if first == "vi" else "_" + first
            for what, path in (("report", f"{at}reports/{year}/report{suffix}.html"),
                               ("deck", f"{at}reports/{year}/briefing{suffix}.pptx"),
                               ("narrative", f"{at}data/processed/{year}/narrative_{first}.md")):
                print(f"  {message('cli.open.' + what)}: {path}")
        elif result.status == "invalid":
            for problem in result.problems:
                print(problem, file=sys.stderr)
            print(message("cli.invalid_year", year=year, problems=len(result.problems)), file=sys.stderr)
            worst = 2
        elif result.status == "no data":
            if result.blank:  # the templates are there, still empty
                files = ", ".join(result.blank)
                print(message("cli.blank_templates", year=year, count=len(result.blank), files=files))
            else:
                print(message("cli.no_files", year=year, raw=project.shown(project.raw)))
        elif result.status == "failed":
            for failure in result.failures:
                print(f"qnindex: {failure}", file=sys.stderr)
            print(message("cli.not_published", year=year), file=sys.stderr)
            data_error = all(f.error_name in ("RawDataError", "OSError", "PermissionError") for f in result.failures)
            worst = max(worst, 2 if data_error else 1)
    return worst


if __name__ == "__main__":
    sys.exit(main())
