"""Command line: ``qnindex report``, ``qnindex validate``, ``qnindex new-year``.

Heavy libraries are imported inside the commands, so ``qnindex --help`` starts fast. A data problem
prints one line per problem (file, row, column, fix) and exits with 2, never with a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys


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
        raise argparse.ArgumentTypeError(f"'{text}' is not a year or a range like 2017-2024") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qnindex",
                                     description="Quảng Ninh's reform indices: the yearly conference pack.")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="run the notebooks for a year and publish figures, tables, text, deck")
    when = report.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=int, help="index year, e.g. 2019")
    when.add_argument("--years", type=_years, help="a range of years, e.g. 2017-2024")
    report.add_argument("--lang", choices=("vi", "en"), action="append",
                        help="language (repeat for both; default: vi and en)")
    report.add_argument("--jobs", type=int, default=None,
                        help="kernels run side by side (default: the number of cores, at most 4)")
    report.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    validate = sub.add_parser("validate", help="check every raw file and list every problem found")
    validate.add_argument("--year", type=int, help="only the files of this year")
    validate.add_argument("--file", help="check one file (its folder names its index, its name ends with the year)")
    validate.add_argument("--index", help="the index of --file when its folder does not say it")
    new_year = sub.add_parser("new-year", help="write blank raw templates for a year, with its units filled in")
    new_year.add_argument("year", type=int)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``qnindex`` console script."""
    args = _parser().parse_args(argv)
    if args.command == "report":
        return _report(args)
    if args.command == "validate":
        from qnindex.pipeline.validate import validate_all, validate_file

        if args.file:
            problems, checked = validate_file(args.file, args.index), 1
        else:
            problems, checked = validate_all(args.year)
        for line in problems:
            print(line)
        if problems:
            print(f"qnindex: {len(problems)} problem(s) in {checked} file(s)", file=sys.stderr)
            return 2
        print(f"all {checked} raw file(s) valid")
        return 0
    if args.command == "new-year":
        from qnindex.core.errors import RawDataError
        from qnindex.pipeline.new_year import write_year_templates

        from qnindex.core.errors import display_path

        try:
            written, kept = write_year_templates(args.year)
        except RawDataError as err:
            print(f"qnindex: {err}", file=sys.stderr)
            return 2
        for path in written:
            print(f"wrote {display_path(path)}")
        for path in kept:
            print(f"kept {display_path(path)}: it already exists (raw data are never overwritten)")
        print(f"fill in the files, then: qnindex validate --year {args.year}")
        return 0
    return 1


def _report(args) -> int:
    from qnindex.pipeline.report import LANGS, RunLocked, build_many

    langs = tuple(dict.fromkeys(args.lang)) if args.lang else LANGS
    years = [args.year] if args.year is not None else args.years
    worst = 0
    try:
        jobs = args.jobs if args.jobs is not None else min(4, os.cpu_count() or 1)
        results = build_many(years, langs, jobs=max(1, jobs), force=args.force)
    except RunLocked as err:
        print(f"qnindex: {err}", file=sys.stderr)
        return 1
    for result in results:
        year = result.year
        if result.status == "locked":
            worst = max(worst, 1)
        elif result.status == "built":
            print(f"{year}: pack published ({result.outputs} files) in {result.seconds:.1f}s: "
                  f"figures/{year}/, data/processed/{year}/, reports/{year}/")
        elif result.status == "no data":
            print(f"{year}: no data for any index; nothing built")
        elif result.status == "failed":
            for failure in result.failures:
                print(f"qnindex: {failure}", file=sys.stderr)
            print(f"qnindex: {year} not published; the previous pack is unchanged", file=sys.stderr)
            data_error = all(f.error_name == "RawDataError" for f in result.failures)
            worst = max(worst, 2 if data_error else 1)
    return worst


if __name__ == "__main__":
    sys.exit(main())
