"""What every province's pack of a year costs (`qnindex report --year Y --province all`), against one province's
pack built alone. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/provinces.py [--year 2024] [--jobs 1 2] [--limit N] [--dpi 200]

Each run starts from a fresh scratch copy of the project (raw data and notebooks, an empty cache), so the first
province pays for reading and checking the national tables and the others find them in the cache. ``--limit N``
builds the first N provinces of the year (the national page lists those), for a quicker estimate.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import QNINDEX, cpu_seconds_of_children, run, scratch  # noqa: E402  (this folder's helpers)

LONE = "Hải Phòng"  # a province other than the project's own: its pack is national rankings only, as most are


def provinces(year: int, limit: int | None) -> list[str]:
    from qnindex.analysis.provinces import with_national_data
    from qnindex.analysis.yeardata import load_year
    from qnindex.core.settings import Settings
    from qnindex.data import registry
    from qnindex.kinds import open_project

    root = scratch()
    try:
        data = load_year(year, open_project(Settings(root=root, cache=None)))
        names = [registry.name_in_year(u, year) for u in with_national_data(data)]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return names[:limit] if limit else names


def measure(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the whole process tree: command, workers, kernels) of one command in a fresh scratch."""
    root = scratch()
    try:
        cpu = cpu_seconds_of_children()
        wall, _peak = run([*QNINDEX, *args], root)
        return wall, cpu_seconds_of_children() - cpu
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()
    names = provinces(args.year, args.limit)
    common = ["report", "--year", str(args.year), "--dpi", str(args.dpi)]
    print(f"{args.year}: {len(names)} provinces with national data (dpi {args.dpi})")
    lone_wall, lone_cpu = measure([*common, "--province", LONE])
    print(f"one province alone ({LONE}):           wall {lone_wall:7.1f} s   CPU {lone_cpu:7.1f} s")
    for jobs in args.jobs:
        typed = "all" if not args.limit else ",".join(names)
        wall, cpu = measure([*common, "--province", typed, "--jobs", str(jobs)])
        n = len(names)
        print(f"{n} provinces, --jobs {jobs}:  wall {wall:7.1f} s ({wall / n:5.1f} s each)   "
              f"CPU {cpu:7.1f} s ({cpu / n:5.1f} s each, {cpu / n / lone_cpu:4.2f}× a lone build)")
        years = 2024 - 2011 + 1
        print(f"   all {years} bundled years × {n} provinces at this rate: wall {years * wall / 3600:5.1f} h, "
              f"CPU {years * cpu / 3600:5.1f} h")


if __name__ == "__main__":
    main()
