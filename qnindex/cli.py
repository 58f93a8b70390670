"""Command line: ``qnindex report --year 2019``. Data errors print one line each and exit 2."""
from __future__ import annotations

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qnindex", description="Quảng Ninh reform indices: the yearly pack.")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="run the notebooks for a year and publish figures, tables, text")
    report.add_argument("--year", type=int, required=True, help="index year, e.g. 2019")
    report.add_argument("--lang", choices=("vi", "en"), action="append",
                        help="language (repeat for several; default: vi and en)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``qnindex`` console script."""
    args = _parser().parse_args(argv)
    if args.command == "report":
        from .report import LANGS, NotebookFailure, build

        langs = tuple(args.lang) if args.lang else LANGS
        try:
            executed = build(args.year, langs)
        except NotebookFailure as err:
            print(f"qnindex: {err}", file=sys.stderr)
            return 2 if err.error_name == "RawDataError" else 1
        for path in executed:
            print(f"ran {path}")
        print(f"pack for {args.year}: figures/{args.year}/, data/processed/{args.year}/, reports/{args.year}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
