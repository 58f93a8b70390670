"""The yearly job: run the notebooks for a year (papermill's parameters, nbclient's execution, one
kernel for several notebooks) and publish the pack all at once.

Notebooks write into a staging folder; only when every notebook succeeded are the year's
``figures/``, ``data/processed/`` and ``reports/`` folders swapped in (renames), so a failed or
killed run leaves the previous pack exactly as it was. A manifest records the inputs' hashes; when
nothing changed, a rerun does no work and says so. One lock per year refuses a second concurrent run.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from qnindex.indices.files import raw_files
from qnindex.indices.specs import notebooks, spec
from qnindex.core.paths import PACKAGE_DIR, figures_dir, notebooks_dir, processed_dir, project_root, raw_dir, reports_dir

# notebook -> the indices it writes (a notebook whose indices all lack data for the year is skipped)
NEEDS = notebooks()
INDEX_NOTEBOOKS = tuple(NEEDS)
LAST = "overview"  # runs after the others: it collects their charts into the deck
LANGS = ("vi", "en")
PACKAGES = ("qnindex", "pandas", "numpy", "matplotlib", "pandera", "babel", "jinja2", "openpyxl", "python-pptx",
            "papermill", "nbconvert", "jupytext")


@dataclass
class NotebookFailure(Exception):
    """A notebook that stopped with an error: which one, which cell, and what the error said."""

    notebook: str
    cell: str
    error_name: str
    error_value: str

    def __str__(self) -> str:
        return f"notebook {self.notebook} failed in cell {self.cell}: {self.error_name}: {self.error_value}"


@dataclass
class YearResult:
    """What happened to one year: built, skipped (up to date / no data) or failed."""

    year: int
    status: str
    failures: list[NotebookFailure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    outputs: int = 0
    seconds: float = 0.0


class RunLocked(RuntimeError):
    """Another `qnindex report` is building the same year."""


# ----------------------------------------------------------------------------- one notebook

def run_notebooks(names: list[str], year: int, langs: tuple[str, ...], staging: Path,
                  echo=None, defaults: bool = False) -> list[tuple[str, float, NotebookFailure | None]]:
    """Execute notebooks in one kernel, one after the other (namespace reset between them), so a year
    pays for one kernel start and one set of imports instead of one per notebook.

    Each ``notebooks/<name>.py`` (jupytext) gets papermill's parameters cell for ``year``; the executed
    copy goes to staging. A failing notebook does not stop the next one. Runs in a worker process
    when --jobs > 1. Returns (name, seconds, failure or None) per notebook. With ``defaults`` the
    notebooks run with the values of their own parameters cell, as in JupyterLab.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbclient.util import run_sync
    from papermill.parameterize import parameterize_notebook

    parameters = {"year": year, "lang": ",".join(langs), "raw_dir": str(raw_dir()), "output_root": str(staging)}
    resources = {"metadata": {"path": str(notebooks_dir())}}
    results: list[tuple[str, float, NotebookFailure | None]] = []
    owner = None
    try:
        for name in names:
            start = time.perf_counter()
            source = jupytext.read(notebooks_dir() / f"{name}.py")
            for cell in source.cells:
                cell.metadata.setdefault("tags", [])
            source.metadata.setdefault("papermill", {})
            nb = source if defaults else parameterize_notebook(source, parameters, kernel_name="python3",
                                                               language="python")
            client = NotebookClient(nb, km=owner.km if owner else None, kernel_name="python3",
                                    resources=resources, timeout=1800)
            failure = None
            try:
                client.execute(cleanup_kc=False)
            except CellExecutionError as err:
                cell = next((str(c.get("execution_count")) for c in nb.cells
                             if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
                failure = NotebookFailure(name, cell, err.ename, _one_line(err.evalue))
            owner = owner or client
            target = staging / "reports" / str(year) / f"{name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, target)
            _scrub(target)
            results.append((name, time.perf_counter() - start, failure))
            if echo:
                echo(f"{year}: {name} {'failed' if failure else 'done'} in {results[-1][1]:.1f}s")
            reset = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%reset -f")])
            NotebookClient(reset, km=owner.km, kernel_name="python3", resources=resources).execute(cleanup_kc=False)
    finally:
        if owner is not None and owner.km is not None:
            run_sync(owner.km.shutdown_kernel)(now=True)
    return results


def _scrub(path: Path) -> None:
    """Drop run timestamps and random cell ids from an executed notebook: same inputs, same file."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"  # jupytext and papermill draw random ids
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
    nbformat.write(nb, path)


def _one_line(text: str) -> str:
    """A multi-line error message on one line."""
    return " | ".join(line.strip() for line in str(text).splitlines() if line.strip())


# ----------------------------------------------------------------------------- manifest

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path, patterns: tuple[str, ...] = ("*",)) -> list[Path]:
    found = {p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()}
    return sorted(p for p in found if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts)


def inputs_of(year: int) -> dict[str, str]:
    """Everything a year's pack depends on, with hashes: raw data, notebooks, the package's code and data."""
    root = project_root()
    files = _files(raw_dir()) + _files(notebooks_dir(), ("*.py",)) + _files(PACKAGE_DIR)
    out = {}
    for path in files:
        try:
            shown = str(path.relative_to(root))
        except ValueError:
            shown = str(path)
        out[shown] = _sha256(path)
    return out


def versions() -> dict[str, str]:
    """Versions of the packages that shape the outputs."""
    found = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def manifest_path(year: int) -> Path:
    return reports_dir(year) / "manifest.json"


def _fingerprint(inputs: dict[str, str], parameters: dict, package_versions: dict) -> str:
    blob = json.dumps({"inputs": inputs, "parameters": parameters, "versions": package_versions}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _write_manifest(staging: Path, year: int, parameters: dict, inputs: dict, notebooks: list[str],
                    missing: list[str]) -> Path:
    package_versions = versions()
    outputs = {}
    for sub in ("figures", "data/processed", "reports"):
        base = staging / sub / str(year)
        for path in _files(base):
            outputs[f"{sub}/{year}/{path.relative_to(base)}"] = _sha256(path)
    manifest = {
        "year": year, "parameters": parameters, "notebooks": notebooks, "missing": missing,
        "fingerprint": _fingerprint(inputs, parameters, package_versions),
        "versions": package_versions, "inputs": inputs, "outputs": outputs,
    }
    path = staging / "reports" / str(year) / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def up_to_date(year: int, parameters: dict) -> bool:
    """True when the published pack was built from exactly these inputs and is complete and unmodified."""
    path = manifest_path(year)
    if not path.exists():
        return False
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("fingerprint") != _fingerprint(inputs_of(year), parameters, versions()):
        return False
    root = project_root()
    return all((root / rel).exists() and _sha256(root / rel) == digest
               for rel, digest in manifest.get("outputs", {}).items() if not rel.endswith("manifest.json"))


# ----------------------------------------------------------------------------- publishing

def _publish(staged: Path, final: Path) -> None:
    """Swap ``staged`` into ``final`` with renames; the old folder is removed only afterwards."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staged.rename(final)
    if old.exists():
        shutil.rmtree(old)


def _lock(year: int) -> Path:
    """Take the year's lock (a file created exclusively); a stale lock of a dead process is taken over."""
    lock = project_root() / ".qnindex-staging" / f"{year}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            return lock
        except FileExistsError:
            try:
                pid = int(lock.read_text() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise RunLocked(f"another qnindex report (pid {pid}) is building {year}; wait for it to finish")
            lock.unlink(missing_ok=True)
    raise RunLocked(f"cannot take the lock {lock}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_leftovers(year: int) -> None:
    """Remove the staging folder and half-swapped folders left by a killed run (never the published pack).

    Called with the year's lock held, so whatever is in the staging folder is a dead run's.
    """
    shutil.rmtree(project_root() / ".qnindex-staging" / str(year), ignore_errors=True)
    for final in (figures_dir(year), processed_dir(year), reports_dir(year)):
        for old in final.parent.glob(f".{final.name}.old-*"):
            pid = old.name.rsplit("-", 1)[1]
            if pid.isdigit() and _alive(int(pid)):
                continue
            if final.exists():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.rename(final)  # the swap was interrupted between the two renames: restore


# ----------------------------------------------------------------------------- the year

def available_notebooks(year: int) -> tuple[list[str], list[str]]:
    """Notebooks with data for ``year``, and the indices of the year that have no data for it."""
    missing, run = [], []
    for nb, indices in NEEDS.items():
        due = [i for i in indices if spec(i).exists_in(year)]
        have = [i for i in due if _has_year(i, year)]
        missing += [i for i in due if i not in have]
        if have:
            run.append(nb)
    return run, missing


def _has_year(index: str, year: int) -> bool:
    """A raw file exists for the year and is not a blank template (a broken file counts: its notebook
    will fail with the file's problems, which is what the user needs to see)."""
    from qnindex.core.errors import RawDataError, TemplateNotFilled

    found = raw_files(year, index)
    if not found:
        return False
    if found[0].path.suffix == ".csv":  # templates are written as .xlsx: a .csv is data
        return True
    try:
        spec(index).load(year, found[0].path)
    except TemplateNotFilled:
        return False
    except RawDataError:
        return True
    return True


def build(year: int, langs: tuple[str, ...] = LANGS, jobs: int = 1, force: bool = False,
          echo=print) -> YearResult:
    """Build the pack of ``year``: run the notebooks (``jobs`` at a time), then publish atomically."""
    start = time.perf_counter()
    notebooks, missing = available_notebooks(year)
    if not notebooks:
        return YearResult(year, "no data", missing=missing)
    parameters = {"year": year, "langs": list(langs)}
    lock = _lock(year)
    staging = project_root() / ".qnindex-staging" / str(year)  # one per year: the lock makes it ours
    try:
        _clean_leftovers(year)
        if not force and up_to_date(year, parameters):
            echo(f"{year}: nothing changed since the last build (manifest {manifest_path(year)}); no work done")
            return YearResult(year, "up to date", missing=missing, seconds=time.perf_counter() - start)
        inputs = inputs_of(year)
        if missing:
            echo(f"{year}: no data for {', '.join(missing)}; building the rest")
        staging.mkdir(parents=True)
        failures = _run_all(notebooks, year, langs, staging, jobs, echo)
        if failures:
            for f in failures:
                echo(f"{year}: FAILED {f}")
            return YearResult(year, "failed", failures, missing, seconds=time.perf_counter() - start)
        write_html_report(staging / "reports" / str(year), year, [*notebooks, LAST])
        _write_manifest(staging, year, parameters, inputs, [*notebooks, LAST], missing)
        n_outputs = sum(1 for sub in ("figures", "data/processed", "reports")
                        for _ in _files(staging / sub / str(year)))
        for sub, final in (("figures", figures_dir(year)), ("data/processed", processed_dir(year)),
                           ("reports", reports_dir(year))):
            _publish(staging / sub / str(year), final)
        return YearResult(year, "built", [], missing, n_outputs, time.perf_counter() - start)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        lock.unlink(missing_ok=True)


def build_many(years: list[int], langs: tuple[str, ...] = LANGS, jobs: int = 1, force: bool = False,
               echo=print) -> list[YearResult]:
    """Build several years; with jobs > 1 the years run side by side, one kernel each."""
    if len(years) == 1 or jobs <= 1:
        return [build(y, langs, jobs=jobs, force=force, echo=echo) for y in years]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_build_quietly, y, langs, force): y for y in years}
        results = []
        for future in as_completed(futures):
            result, lines = future.result()
            for line in lines:
                echo(line)
            results.append(result)
    return sorted(results, key=lambda r: r.year)


def _build_quietly(year: int, langs: tuple[str, ...], force: bool) -> tuple[YearResult, list[str]]:
    """build() in a worker: its progress lines are returned, printed in order by the parent."""
    lines: list[str] = []
    try:
        return build(year, langs, jobs=1, force=force, echo=lines.append), lines
    except RunLocked as err:
        return YearResult(year, "locked", failures=[]), lines + [f"qnindex: {err}"]


# relative cost of each notebook, to share them out between workers
COST = {"national": 3, "papi": 2, "sipas": 2, "dgi": 1, "egov": 2}


def _groups(notebooks: list[str], jobs: int) -> list[list[str]]:
    """Notebooks shared out between ``jobs`` kernels, heaviest first onto the least loaded."""
    groups: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(notebooks))))]
    load = [0] * len(groups)
    for nb in sorted(notebooks, key=lambda n: -COST.get(n, 1)):
        i = load.index(min(load))
        groups[i].append(nb)
        load[i] += COST.get(nb, 1)
    return [sorted(g, key=notebooks.index) for g in groups]


def _run_all(notebooks: list[str], year: int, langs: tuple[str, ...], staging: Path, jobs: int,
             echo) -> list[NotebookFailure]:
    """Run the index notebooks, then the overview; every one runs even when another fails."""
    if jobs <= 1:
        results = run_notebooks([*notebooks, LAST], year, langs, staging, echo)
        return [f for _n, _s, f in results if f]
    failures: list[NotebookFailure] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_notebooks, group, year, langs, staging) for group in _groups(notebooks, jobs)]
        for future in as_completed(futures):
            for name, seconds, failure in future.result():
                echo(f"{year}: {name} {'failed' if failure else 'done'} in {seconds:.1f}s")
                if failure:
                    failures.append(failure)
    (name, seconds, failure), = run_notebooks([LAST], year, langs, staging)
    echo(f"{year}: {name} {'failed' if failure else 'done'} in {seconds:.1f}s")
    return sorted(failures, key=lambda f: f.notebook) + ([failure] if failure else [])


def write_html_report(folder: Path, year: int, notebooks: list[str]) -> Path:
    """One HTML report of the executed notebooks, without code cells (nbconvert, exclude_input)."""
    import nbformat
    from nbconvert import HTMLExporter

    merged = None
    for name in notebooks:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        nb.cells = [c for c in nb.cells if "parameters" not in c.metadata.get("tags", [])
                    and "injected-parameters" not in c.metadata.get("tags", [])]
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{name}-{i:03d}"  # unique across the merged notebooks, the same on every run
        if merged is None:
            merged = nb
        else:
            merged.cells.extend(nb.cells)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(merged, resources={"metadata": {"name": f"qnindex {year}"}})
    path = folder / "report.html"
    path.write_text(body, encoding="utf-8")
    return path
