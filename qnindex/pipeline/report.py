"""The yearly job: run a year's notebooks (papermill's parameters, nbclient's execution, one kernel for the year)
and publish the pack as one transaction.

The job is a sequence of notebooks in the year's kernel, each given its parameters and each answering with files:
``check.ipynb`` (the gate, then the notebooks that have data: ``plan.json``), then every yearly notebook of
``notebooks/``, the overview last (it writes the narratives, the decks and report.html). This process only
orchestrates: it imports no data library, and says what the notebooks found.

Notebooks write into a staging folder; only when every notebook succeeded is the pack published by
``qnindex.core.publish`` (a journal, then renames; an interrupted publish is finished by the next run), so readers
find the old pack or the new one, never a mix. A manifest records the inputs' hashes; when nothing changed, a rerun
does no work and says so. One OS lock per year serialises runs.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from qnindex.core.messages import current, text as message
from qnindex.core.paths import PACK_PARTS, PACKAGE_DIR, display_path
from qnindex.core.publish import JOURNAL, RunLocked  # noqa: F401 (RunLocked: what a caller of build_many catches)
from qnindex.core.settings import DPI
from qnindex.indices.files import raw_files
from qnindex.indices.project import Project
from qnindex.kinds import open_project
from qnindex.pipeline.notebook_io import read_notebook
from qnindex.pipeline.plan import CHECK_NOTEBOOK, LAST, Plan, due

PACKAGES = ("qnindex", "pandas", "numpy", "matplotlib", "pandera", "babel", "jinja2", "openpyxl", "python-pptx",
            "papermill", "nbclient", "jupytext", "pillow")
PLAN_FILE = "plan.json"


@dataclass
class NotebookFailure(Exception):
    """A notebook that stopped with an error: which one, which cell, and what the error said."""

    notebook: str
    cell: str
    error_name: str
    error_value: str

    def __str__(self) -> str:
        error = f"{self.error_name}: {self.error_value}"
        return str(message("cli.cell_failed", notebook=self.notebook, cell=self.cell, error=error))


@dataclass
class YearResult:
    """What happened to one year: built, skipped (up to date / no data) or failed."""

    year: int
    status: str
    failures: list[NotebookFailure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    outputs: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # raw-data problems found by the gate (status "invalid"),
    # each as a line in the run's language
    blank: list[str] = field(default_factory=list)  # the year's templates written by new-year and not filled yet


# ----------------------------------------------------------------------------- the notebooks

def notebook_parameters(project: Project, year: int, staging: Path) -> dict:
    """papermill's parameters of every yearly notebook: the year, its languages, the raw folder and the staging
    folder (relative to the project's root: the same on every machine), and the rest of the run's settings."""
    settings = project.settings.but(job=True)
    rest = {k: v for k, v in settings.as_parameters(settings.notebooks_dir).items() if k not in ("raw", "langs")}
    return {"year": year, "lang": ",".join(settings.langs), "raw_dir": _relative(project, settings.raw_dir,
                                                                                   settings.root / "data" / "raw"),
            "output_root": _relative(project, staging), "settings": rest}


def run_notebooks(project: Project, names: list[str], year: int, staging: Path, echo=None, defaults: bool = False,
                  kernel=None) -> list[tuple[str, float, NotebookFailure | None]]:
    """Execute notebooks with papermill in one kernel, one after the other, so a year pays for one kernel start and
    one set of imports instead of one per notebook.

    Each ``notebooks/<name>.py`` (jupytext) gets papermill's parameters for ``year``, as ``papermill notebooks/<name>.py
    out.ipynb -p year <year>`` would; the executed copy goes to staging. A failing notebook does not stop the next
    one. Returns (name, seconds, failure or None) per notebook. With ``defaults`` the notebooks run with the values of
    their own parameters cell, as in JupyterLab. Without ``kernel`` one is started for these notebooks and shut down
    after them.
    """
    import nbformat
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from qnindex.pipeline.engine import YearKernel, execute

    parameters = notebook_parameters(project, year, staging)
    results: list[tuple[str, float, NotebookFailure | None]] = []
    own = kernel is None
    kernel = kernel or YearKernel(project.settings.notebooks_dir)
    try:
        for name in names:
            start = time.perf_counter()
            nb = read_notebook(project.settings.notebooks_dir / f"{name}.py")
            failure = None
            try:
                nb = execute(nb, None if defaults else parameters, kernel)
            except PapermillExecutionError as err:
                failure = NotebookFailure(name, str(kernel.running or "?"), err.ename, _one_line(err.evalue))
            except DeadKernelError:
                failure = NotebookFailure(name, str(kernel.running or "?"), "DeadKernelError", kernel_died())
            target = staging / "reports" / str(year) / f"{name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(_scrub(nb), target)
            results.append((name, time.perf_counter() - start, failure))
            if echo:
                seconds = results[-1][1]
                echo(str(message("cli.notebook_failed" if failure else "cli.notebook_done", year=year, name=name,
                                 seconds=f"{seconds:.1f}")))
    finally:
        if own:
            kernel.shutdown()
    return results


def check(project: Project, year: int, kernel, lang: str) -> Plan:
    """The gate, in the year's kernel: ``check.ipynb`` with the year and the run's settings writes the plan, which is
    read here."""
    import nbformat

    from qnindex.pipeline.engine import execute

    plan_file = project.packs.year_dir(year) / PLAN_FILE
    plan_file.parent.mkdir(parents=True, exist_ok=True)
    settings = project.settings.as_parameters(project.settings.notebooks_dir)
    execute(nbformat.read(CHECK_NOTEBOOK, as_version=4),
            {"year": year, "lang": lang, "settings": settings, "plan_file": str(plan_file)}, kernel)
    return Plan.read(plan_file)


def kernel_died() -> str:
    """What to tell the user when the kernel process ended in the middle of a cell."""
    return str(message("cli.kernel_died"))


def _relative(project: Project, path: Path, default: Path | None = None) -> str | None:
    """A path as a notebook parameter: relative to the project root (the same on every machine and
    checkout), or None when it is the default."""
    path = Path(path).resolve()
    if default is not None and path == Path(default).resolve():
        return None
    try:
        return os.path.relpath(path, project.root)
    except ValueError:
        return str(path)


def end_with_parent(parent: int) -> None:
    """In a worker process of ``--jobs``: end at once when the process that started it ends, however it ends (a
    watcher thread, psutil: the same on Linux, macOS and Windows). Its kernel then ends with it."""
    import threading

    import psutil

    try:
        starter = psutil.Process(parent)
    except psutil.NoSuchProcess:
        os._exit(1)

    def watch() -> None:
        while starter.is_running():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="qnindex-parent-watch", daemon=True).start()


def _scrub(nb):
    """Drop run timestamps and random cell ids from an executed notebook: same inputs, same file."""
    nb.metadata.pop("papermill", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"  # jupytext and papermill draw random ids
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):  # papermill's status and exception stay
            cell.metadata.get("papermill", {}).pop(key, None)
    return nb


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


def inputs_of(project: Project) -> dict[str, str]:
    """Everything a year's pack depends on, with hashes: raw data, notebooks, the package's code and data —
    named relative to their folders (``data/raw/…``, ``notebooks/…``, ``qnindex/…``), the same on every machine."""
    out = {}
    for base, name, patterns in ((project.raw, "data/raw", ("*",)),
                                 (project.settings.notebooks_dir, "notebooks", ("*.py",)),
                                 (PACKAGE_DIR, "qnindex", ("*",))):
        for path in _files(base, patterns):
            out[f"{name}/{path.relative_to(base).as_posix()}"] = _sha256(path)
    return out


def versions() -> dict[str, str]:
    """Versions of the packages that shape the outputs, and the hash of the lock the environment was installed from
    (``requirements.lock`` beside the package; "none" for an installation without it)."""
    found = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    lock = PACKAGE_DIR.parent / "requirements.lock"
    found["requirements.lock"] = f"sha256:{_sha256(lock)}" if lock.is_file() else "none"
    return found


def manifest_path(project: Project, year: int) -> Path:
    return project.pack_root / "reports" / str(year) / "manifest.json"


def _fingerprint(inputs: dict[str, str], parameters: dict, package_versions: dict) -> str:
    blob = json.dumps({"inputs": inputs, "parameters": parameters, "versions": package_versions}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


LANGS = ("vi", "en")
DEFAULT_LANGUAGE_FILES = {"vi": ("report", "briefing", "tables")}  # names without a language suffix: Vietnamese


def language_of(path: Path) -> str | None:
    """The language an output is written in (``narrative_en.md``, ``report.html``: vi), None when it has none."""
    stem = path.name.split(".")[0]
    for lang in LANGS:
        if stem.endswith(f"_{lang}") or stem in DEFAULT_LANGUAGE_FILES.get(lang, ()):
            return lang
    return None


def carry_other_languages(project: Project, year: int, staging: Path) -> list[str]:
    """A run for some languages only (``--lang en``) keeps the published pack's outputs in the others: they are
    copied into the staged pack, which replaces the published one whole. Returns the files carried over."""
    carried = []
    langs = project.settings.langs
    for sub in PACK_PARTS:
        staged = staging / sub / str(year)
        published = project.pack_root / sub / str(year)
        for path in _files(published) if published.is_dir() else []:
            lang = language_of(path)
            target = staged / path.relative_to(published)
            if lang is not None and lang not in langs and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                carried.append(f"{sub}/{year}/{path.relative_to(published).as_posix()}")
    return carried


def _write_manifest(staging: Path, year: int, parameters: dict, inputs: dict, notebooks: list[str],
                    missing: list[str], carried: list[str] | None = None) -> Path:
    package_versions = versions()
    outputs = {}
    for sub in PACK_PARTS:
        base = staging / sub / str(year)
        for path in _files(base):
            outputs[f"{sub}/{year}/{path.relative_to(base)}"] = _sha256(path)
    manifest = {
        "year": year, "parameters": parameters, "notebooks": notebooks, "missing": missing,
        "fingerprint": _fingerprint(inputs, parameters, package_versions),
        "versions": package_versions, "inputs": inputs, "outputs": outputs,
    } | ({"carried_over": sorted(carried)} if carried else {})  # outputs kept from the previous build (other languages)
    path = staging / "reports" / str(year) / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def up_to_date(project: Project, year: int, parameters: dict) -> bool:
    """True when the published pack was built from exactly these inputs and is complete and unmodified."""
    path = manifest_path(project, year)
    if not path.exists():
        return False
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("fingerprint") != _fingerprint(inputs_of(project), parameters, versions()):
        return False
    root = project.pack_root
    return all((root / rel).exists() and _sha256(root / rel) == digest
               for rel, digest in manifest.get("outputs", {}).items() if not rel.endswith("manifest.json"))


def manifest_parameters(project: Project, year: int) -> dict:
    """What makes two builds of a year different beside their inputs (a draft and a slide-ready pack are not the
    same build): the year, the languages, SVG, a resolution other than the slide-ready one, another province."""
    s = project.settings
    return {"year": year, "langs": list(s.langs)} | ({"svg": True} if s.svg else {}) \
        | ({"dpi": s.dpi} if s.dpi != DPI else {}) | ({} if project.is_home else {"province": project.province})


# ----------------------------------------------------------------------------- the year

def build(year: int, project: Project, force: bool = False, echo=print, wait: bool = True) -> YearResult:
    """Build the pack of ``year`` for ``project`` (its notebooks in one kernel) and publish it as one transaction.
    With ``wait`` a run finding the year locked says who holds it and waits; without, it raises RunLocked."""
    start = time.perf_counter()
    indices = due(project, year)
    if not any(raw_files(project, year, i) for i in indices):
        from qnindex.pipeline.validate import unread_problems

        stray = unread_problems(project, year)  # a file of the year in a format that is not read: said, never skipped
        if stray:
            return YearResult(year, "invalid", missing=indices, problems=[str(p) for p in stray])
        return YearResult(year, "no data", missing=indices)  # not one file: no kernel started to find out
    parameters = manifest_parameters(project, year)
    packs = project.packs
    with packs.year_lock(year, wait=wait, echo=echo):
        done = packs.recover(year)
        if done:
            echo(str(message("cli.recovered.forward" if done == "rolled forward" else "cli.recovered.back", year=year)))
        if not force and up_to_date(project, year, parameters):
            manifest = display_path(manifest_path(project, year), project.root)
            echo(str(message("cli.up_to_date", year=year, manifest=manifest)))
            return YearResult(year, "up to date", seconds=time.perf_counter() - start)
        from qnindex.pipeline.engine import YearKernel

        kernel = YearKernel(project.settings.notebooks_dir)
        try:
            return _build_in(kernel, project, year, parameters, echo, current(), start)
        finally:
            kernel.shutdown()
            if not (packs.year_dir(year) / JOURNAL).exists():
                shutil.rmtree(packs.year_dir(year), ignore_errors=True)


def _build_in(kernel, project: Project, year: int, parameters: dict, echo, lang: str, start: float) -> YearResult:
    """The locked part of a build: the gate and the notebooks in the kernel; manifest and publishing here."""
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    try:  # the same check as `qnindex validate --year`: no notebook runs on bad input
        plan = check(project, year, kernel, lang)
    except (PapermillExecutionError, DeadKernelError) as err:
        name, value = (err.ename, _one_line(err.evalue)) if isinstance(err, PapermillExecutionError) else \
            ("DeadKernelError", kernel_died())
        return YearResult(year, "failed", [NotebookFailure("gate", "-", name, value)],
                          seconds=time.perf_counter() - start)
    if plan.problems:
        return YearResult(year, "invalid", missing=plan.missing, problems=plan.problems,
                          seconds=time.perf_counter() - start)
    if not plan.notebooks:
        return YearResult(year, "no data", missing=plan.missing, blank=plan.blank)
    inputs = inputs_of(project)
    if plan.missing:
        echo(str(message("cli.building_rest", year=year,
                         names_vi="; ".join(project.spec(i).short_vi for i in plan.missing),
                         names_en="; ".join(project.spec(i).short_en for i in plan.missing))))
    staging = project.packs.new_root(year)
    staging.mkdir(parents=True)
    names = [*plan.notebooks, LAST]
    results = run_notebooks(project, names, year, staging, echo, kernel=kernel)
    failures = [f for _n, _s, f in results if f]
    if failures:
        for f in failures:
            echo(str(message("cli.failed", year=year, failure=f)))
        return YearResult(year, "failed", failures, plan.missing, seconds=time.perf_counter() - start)
    carried = carry_other_languages(project, year, staging)
    if carried:
        echo(str(message("cli.carried", year=year, count=len(carried))))
    _write_manifest(staging, year, parameters, inputs, names, plan.missing, carried)
    n_outputs = sum(1 for sub in PACK_PARTS for _ in _files(staging / sub / str(year)))
    project.packs.publish(year)
    return YearResult(year, "built", [], plan.missing, n_outputs, time.perf_counter() - start)


def build_many(years: list[int], project: Project, jobs: int = 1, force: bool = False, echo=print,
               wait: bool = True) -> list[YearResult]:
    """Build several years; with jobs > 1 the years run side by side, one worker and one kernel each (the settings
    travel to the workers as the object they are)."""
    if len(years) == 1 or jobs <= 1:
        return [build(y, project, force=force, echo=echo, wait=wait) for y in years]
    spawn = multiprocessing.get_context("spawn")  # as on Windows and macOS: a fresh interpreter, nothing forked
    with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn, initializer=end_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_build_quietly, y, project.settings, project.fault, force, wait, current()): y
                   for y in years}
        results = []
        for future in as_completed(futures):
            result, lines = future.result()
            for line in lines:
                echo(line)
            results.append(result)
    return sorted(results, key=lambda r: r.year)


def _build_quietly(year: int, settings, fault: str, force: bool, wait: bool,
                   message_lang: str = "vi") -> tuple[YearResult, list[str]]:
    """build() in a worker: its progress lines are returned, printed in order by the parent; messages in the
    parent's language (a worker process starts with the default)."""
    from qnindex.core.messages import language

    lines: list[str] = []
    with language(message_lang):
        return build(year, open_project(settings, fault), force=force, echo=lines.append, wait=wait), lines
