"""What a year's pack costs, and where the time goes. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/run.py [--repeat 3] [--year 2019] [--years-repeat 1] [--pack-only]

Every measurement runs in a scratch copy of the project (raw data and notebooks), so the real pack
is never touched. Each figure is the median of --repeat runs, with min and max; the runs compared by a ratio
alternate, and a ratio is the median of the ratios of each round (the machine's drift cancels out).
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
QNINDEX = [PY, "-m", "qnindex"]


def scratch() -> Path:
    root = Path(tempfile.mkdtemp(prefix="qnindex-bench-"))
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    return root


def run(cmd: list[str], root: Path, sample_memory: bool = False) -> tuple[float, float]:
    """Wall seconds of a command, and the peak summed RSS (MiB) of its process tree when asked."""
    env = dict(os.environ, QNINDEX_ROOT=str(root))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    if sample_memory:
        parent = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)
    code = proc.wait()
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    return time.perf_counter() - start, peak


def cpu_seconds_of_children() -> float:
    """CPU seconds (user + system) of every finished child process of this benchmark (the whole tree); NaN where the
    system does not count them (Windows has no ``resource``: the CPU figures read 'nan', the wall times stand)."""
    try:
        import resource
    except ImportError:
        return math.nan
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pack_megabytes(root: Path, year: str) -> float:
    """Size of a published pack: figures, processed data and reports of the year."""
    return sum(p.stat().st_size for sub in ("figures", "data/processed", "reports")
               for p in (root / sub / year).rglob("*") if p.is_file()) / 2**20


def stats(values: list[float]) -> str:
    return f"median {statistics.median(values):7.2f}  (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def clean(root: Path) -> None:
    for sub in ("figures", "data/processed", "reports", ".qnindex-staging", ".qnindex-cache"):
        shutil.rmtree(root / sub, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--years-repeat", type=int, default=1, help="repeats of the all-years runs (slow)")
    parser.add_argument("--pack-only", action="store_true", help="measure (1) and (2) only: the pack against its floor")
    args = parser.parse_args()
    root = scratch()
    year = str(args.year)
    print(f"qnindex benchmarks — {os.cpu_count()} cores, scratch project {root}\n")

    # The measures compared by a ratio run in rounds (pack, floor, --jobs 1, in-process, one after the other), so
    # that a machine that slows down or speeds up over the minutes weighs on both sides of every ratio; a ratio
    # is the median of its rounds' ratios.
    full, peaks, cpus, floors, copies, jobs1, inproc, inproc_cpu = [], [], [], [], [], [], [], []
    plan = root / "floor-plan.pickle"  # what the pack holds, taken once (not timed): the floor writes it again
    code = ("from qnindex.pipeline import pack; from qnindex.core.paths import pack_outputs; "
            "from qnindex.core.settings import Settings; from qnindex.kinds import open_project; "
            f"pack.build_in_process({year}, open_project(Settings(root=r'{root}')), "
            f"pack_outputs(r'{root / 'inproc'}', {year}))")
    size = 0.0
    for _ in range(args.repeat):
        clean(root)
        before = cpu_seconds_of_children()
        seconds, peak = run([*QNINDEX, "report", "--year", year], root, sample_memory=True)
        cpus.append(cpu_seconds_of_children() - before)
        full.append(seconds)
        peaks.append(peak)
        size = pack_megabytes(root, year)

        if not plan.exists():
            run([PY, str(ROOT / "benchmarks" / "floor.py"), "prepare", str(root), year, str(plan)], root)
        for extra, into in (([], floors), (["--copy"], copies)):
            out = Path(tempfile.mkdtemp(prefix="qnindex-floor-"))
            before = cpu_seconds_of_children()
            run([PY, str(ROOT / "benchmarks" / "floor.py"), "write", str(plan), str(out), *extra], root)
            into.append(cpu_seconds_of_children() - before)
            shutil.rmtree(out, ignore_errors=True)

        clean(root)
        before = cpu_seconds_of_children()
        run([*QNINDEX, "report", "--year", year, "--jobs", "1"], root)
        jobs1.append(cpu_seconds_of_children() - before)

        clean(root)
        before = cpu_seconds_of_children()
        inproc.append(run([PY, "-c", code], root)[0])
        inproc_cpu.append(cpu_seconds_of_children() - before)

    def paired(a: list[float], b: list[float]) -> str:
        ratios = [x / y for x, y in zip(a, b)]
        return f"{statistics.median(ratios):7.2f}   (rounds: {', '.join(f'{r:.2f}' for r in ratios)})"

    print(f"1. full pack {year} (notebooks, cold cache)     {stats(full)} s wall")
    print(f"   CPU of the whole process tree               {stats(cpus)} s")
    print(f"   pack size                                   {size:7.1f} MB   target <= 10")
    print(f"   floor: same figures and files, plain (CPU)  {stats(floors)} s")
    print(f"   CPU (1) / floor                             {paired(cpus, floors)}   target <= 1.3")
    print(f"   lower floor: bars, files copied (CPU)       {stats(copies)} s")
    print(f"   CPU (1) / lower floor                       {paired(cpus, copies)}")
    print(f"   --jobs 1 (CPU)                              {stats(jobs1)} s")
    print(f"   --jobs 1 / default (CPU)                    {paired(jobs1, cpus)}   target 0.9-1.1")
    print(f"2. same work in one process, no notebooks     {stats(inproc)} s")
    print(f"   CPU                                         {stats(inproc_cpu)} s")
    print(f"   notebook overhead (1)/(2), CPU              {paired(cpus, inproc_cpu)}   target <= 1.1")

    if args.pack_only:
        shutil.rmtree(root, ignore_errors=True)
        return
    years = "2011-2024"
    by_jobs = {}
    for jobs in (1, 2):
        times, cpu = [], []
        for _ in range(args.years_repeat):
            clean(root)
            before = cpu_seconds_of_children()
            times.append(run([*QNINDEX, "report", "--years", years, "--jobs", str(jobs)], root)[0])
            cpu.append(cpu_seconds_of_children() - before)
        by_jobs[jobs] = times
        print(f"3. all bundled years {years}, --jobs {jobs}        {stats(times)} s")
        print(f"   CPU per year                                {statistics.median(cpu) / 14:7.2f} s   "
              f"target <= CPU of (1) = {statistics.median(cpus):.2f}")
    print(f"   --jobs 2 / --jobs 1                         "
          f"{statistics.median(by_jobs[2]) / statistics.median(by_jobs[1]):7.2f}   target <= 0.6")

    clean(root)
    run([*QNINDEX, "report", "--year", year], root)
    rerun = [run([*QNINDEX, "report", "--year", year], root)[0] for _ in range(args.repeat)]
    print(f"4. rerun with unchanged inputs                 {stats(rerun)} s")
    print(f"   rerun / full pack                           {statistics.median(rerun) / statistics.median(full):7.2f}"
          "   target <= 0.02")
    print(f"5. peak memory of (1), whole process tree      {stats(peaks)} MiB   target <= 1024")
    helps = [run([*QNINDEX, "--help"], root)[0] for _ in range(max(args.repeat, 5))]
    print(f"6. qnindex --help start-up                     {stats(helps)} s")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
