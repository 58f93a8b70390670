"""The yearly job: run the notebooks for a year (papermill's parameters, nbclient's execution, one
kernel for several notebooks) and publish the pack as one transaction.

The year's one kernel also runs the gate before the notebooks and writes report.html after them
(``qnindex.pipeline.kernel``): this process only orchestrates, imports no data library, and says what the
kernel found.

Notebooks write into a staging folder; only when every notebook succeeded is the pack published by
``qnindex.core.publish`` (a journal, then renames; an interrupted publish is finished by the next
run), so readers find the old pack or the new one, never a mix. A manifest records the inputs' hashes;
when nothing changed, a rerun does no work and says so. One OS lock per year serialises runs.
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
from typing import TYPE_CHECKING

from qnindex.core.messages import current, text as message
from qnindex.indices.files import raw_files
from qnindex.core.publish import (JOURNAL, SUBFOLDERS, RunLocked, new_root, publish, recover, year_dir,  # noqa: F401
                                  year_lock)  # (RunLocked: what a caller of build_many catches)
from qnindex.indices.specs import SPECS, notebooks, spec
from qnindex.pipeline.notebook_io import read_notebook

if TYPE_CHECKING:
    from qnindex.pipeline.engine import YearKernel
from qnindex.core.paths import PACKAGE_DIR, figures_dir, notebooks_dir, processed_dir, project_root, raw_dir, reports_dir

# notebook -> the indices it writes (a notebook whose indices all lack data for the year is skipped)
NEEDS = notebooks()
INDEX_NOTEBOOKS = tuple(NEEDS)
LAST = "overview"  # runs after the others: it collects their charts into the deck
# run in the kernel between two notebooks: the next one starts from an empty namespace (qnindex.pipeline.kernel)
RESET = "from qnindex.pipeline.kernel import fresh_namespace; fresh_namespace()"
LANGS = ("vi", "en")
ENGINE = "qnindex"  # papermill's name for YearEngine
PACKAGES = ("qnindex", "pandas", "numpy", "matplotlib", "pandera", "babel", "jinja2", "openpyxl", "python-pptx",
            "papermill", "nbclient", "jupytext", "pillow")


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


# ----------------------------------------------------------------------------- one notebook

def new_kernel() -> "YearKernel":
    """The year's kernel (started at its first notebook): in the notebooks folder, knowing that it publishes."""
    _without_uri_grammar()  # before papermill imports nbformat
    from qnindex.pipeline.engine import YearKernel  # papermill is imported when there is work to do

    return YearKernel(notebooks_dir(), {"QNINDEX_PUBLISHING": "1"})


def execute(kernel: "YearKernel", nb, parameters: dict | None = None):
    """Run the notebook node ``nb`` in the year's kernel through papermill (``parameters`` injected as papermill
    does); returns the executed notebook. Raises PapermillExecutionError (a cell failed; papermill has put its
    error cell at the top) or DeadKernelError (the kernel is shut down then: the next call starts a new one)."""
    _without_uri_grammar()
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.engines import papermill_engines

    from qnindex.pipeline.engine import YearEngine

    papermill_engines.register(ENGINE, YearEngine)
    try:
        return papermill.execute_notebook(nb, None, parameters=parameters, engine_name=ENGINE, kernel_name="python3",
                                          language="python", progress_bar=False, request_save_on_cell_execute=False,
                                          execution_timeout=1800, kernel=kernel)
    except DeadKernelError:
        kernel.shutdown()
        raise


def call(kernel: "YearKernel", function: str, **arguments):
    """``qnindex.pipeline.kernel.<function>(**arguments)`` in the year's kernel (arguments and result as JSON)."""
    import nbformat

    code = (f"__import__('qnindex.pipeline.kernel', fromlist=['reply']).reply({function!r}, "
            f"{json.dumps(arguments, ensure_ascii=False)!r})")
    nb = execute(kernel, nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]))
    for output in nb.cells[-1].get("outputs", []):
        if "application/json" in output.get("data", {}):
            return output["data"]["application/json"].get("result")
    return None


def reset(kernel: "YearKernel") -> None:
    """An empty namespace for the next notebook."""
    import nbformat

    execute(kernel, nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RESET)]))


def run_notebooks(names: list[str], year: int, langs: tuple[str, ...], staging: Path,
                  echo=None, defaults: bool = False,
                  kernel: "YearKernel | None" = None) -> list[tuple[str, float, NotebookFailure | None]]:
    """Execute notebooks with papermill in one kernel, one after the other (namespace reset between them), so a
    year pays for one kernel start and one set of imports instead of one per notebook.

    Each ``notebooks/<name>.py`` (jupytext) gets papermill's parameters for ``year``, as
    ``papermill notebooks/<name>.py out.ipynb -p year <year>`` would; the executed copy goes to staging. A failing
    notebook does not stop the next one. Returns (name, seconds, failure or None) per notebook. With ``defaults``
    the notebooks run with the values of their own parameters cell, as in JupyterLab. Without ``kernel`` one is
    started for these notebooks and shut down after them.
    """
    _without_uri_grammar()
    import nbformat
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    parameters = {"year": year, "lang": ",".join(langs), "raw_dir": _relative(raw_dir(), project_root() / "data" / "raw"),
                  "output_root": _relative(staging)}
    results: list[tuple[str, float, NotebookFailure | None]] = []
    own = kernel is None
    kernel = kernel or new_kernel()
    try:
        for name in names:
            start = time.perf_counter()
            nb = read_notebook(notebooks_dir() / f"{name}.py")
            failure = None
            try:
                nb = execute(kernel, nb, None if defaults else parameters)
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
            reset(kernel)  # the next notebook starts from an empty namespace
    finally:
        if own:
            kernel.shutdown()
    return results


def kernel_died() -> str:
    """What to tell the user when the kernel process ended in the middle of a cell."""
    from qnindex.core.messages import text as message

    return str(message("cli.kernel_died"))


def _without_uri_grammar() -> None:
    """Import the notebook tooling without jsonschema's optional URI checker: ``rfc3987_syntax`` compiles some 40
    grammars when imported (~1 s of CPU per process) and a notebook's schema checks no URI format. A module
    set to None in ``sys.modules`` is one Python will not import; jsonschema then goes without that check."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _relative(path: Path, default: Path | None = None) -> str | None:
    """A path as a notebook parameter: relative to the project root (the same on every machine and
    checkout), or None when it is the default."""
    path = Path(path).resolve()
    if default is not None and path == Path(default).resolve():
        return None
    try:
        return os.path.relpath(path, project_root())
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
    for cell in nb.cells:  # the charts are in figures/ and report.html: the pack stores each image once
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            plain = "".join(data.get("text/plain", ""))  # a chart not drawn (or a saved PNG not shown) when publishing
            figure = plain.startswith(("<Figure size", "<IPython.core.display.Image object>"))
            if "image/png" in data or figure:
                data.pop("image/png", None)
                data["text/plain"] = "[biểu đồ: xem figures/ và report.html]"
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


def inputs_of(year: int) -> dict[str, str]:
    """Everything a year's pack depends on, with hashes: raw data, notebooks, the package's code and data —
    named relative to their folders (``data/raw/…``, ``notebooks/…``, ``qnindex/…``), the same on every machine."""
    out = {}
    for base, name, patterns in ((raw_dir(), "data/raw", ("*",)), (notebooks_dir(), "notebooks", ("*.py",)),
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


def manifest_path(year: int) -> Path:
    return reports_dir(year) / "manifest.json"


def _fingerprint(inputs: dict[str, str], parameters: dict, package_versions: dict) -> str:
    blob = json.dumps({"inputs": inputs, "parameters": parameters, "versions": package_versions}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


DEFAULT_LANGUAGE_FILES = {"vi": ("report", "briefing", "tables")}  # names without a language suffix: Vietnamese


def language_of(path: Path) -> str | None:
    """The language an output is written in (``narrative_en.md``, ``report.html``: vi), None when it has none."""
    stem = path.name.split(".")[0]
    for lang in LANGS:
        if stem.endswith(f"_{lang}") or stem in DEFAULT_LANGUAGE_FILES.get(lang, ()):
            return lang
    return None


def carry_other_languages(year: int, langs: tuple[str, ...], staging: Path) -> list[str]:
    """A run for some languages only (``--lang en``) keeps the published pack's outputs in the others: they are
    copied into the staged pack, which replaces the published one whole. Returns the files carried over."""
    carried = []
    for sub in SUBFOLDERS:
        staged = staging / sub / str(year)
        published = {"figures": figures_dir, "data/processed": processed_dir, "reports": reports_dir}[sub](year)
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
    for sub in ("figures", "data/processed", "reports"):
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


# ----------------------------------------------------------------------------- the year

def available_notebooks(year: int) -> tuple[list[str], list[str]]:
    """Notebooks with data for ``year``, and the indices of the year that have no data for it."""
    from qnindex.core.settings import is_home

    home = is_home()  # another province's pack: only the national rankings (the own assessments are the project's)
    missing, run = [], []
    for nb, indices in NEEDS.items():
        due = [i for i in indices if spec(i).exists_in(year) and (home or spec(i).national)]
        have = [i for i in due if _has_year(i, year)]
        missing += [i for i in due if i not in have]
        if have:
            run.append(nb)
    for s in SPECS:  # the indices the overview writes (provincial PAR, DDCI, ...): a blank one is said too
        if s.notebook == LAST and s.exists_in(year) and (home or s.national) and not _has_year(s.id, year):
            missing.append(s.id)
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
        from qnindex.indices.kinds import load

        load(index, year, found[0].path)
    except TemplateNotFilled:
        return False
    except RawDataError:
        return True
    return True


def build(year: int, langs: tuple[str, ...] = LANGS, jobs: int = 1, force: bool = False,
          echo=print, wait: bool = True) -> YearResult:
    """Build the pack of ``year`` (its notebooks in one kernel) and publish it as one transaction.

    ``jobs`` is accepted for symmetry with ``build_many`` (a single year always runs in one kernel, so
    any ``--jobs`` gives the same bytes). With ``wait`` a run finding the year locked says who holds it
    and waits; without, it raises RunLocked.
    """
    from qnindex.core.settings import is_home, province

    start = time.perf_counter()
    due = [i for indices in NEEDS.values() for i in indices if spec(i).exists_in(year) and (is_home() or spec(i).national)]
    if not any(raw_files(year, i) for i in due):
        from qnindex.pipeline.validate import unread_problems

        stray = unread_problems(year)  # a file of the year in a format that is not read: said, never skipped
        if stray:
            return YearResult(year, "invalid", missing=due, problems=[str(p) for p in stray])
        return YearResult(year, "no data", missing=due)  # not one file: no kernel started to find out
    from qnindex.core.settings import DPI, chart_dpi

    dpi = chart_dpi()
    parameters = {"year": year, "langs": list(langs)} | ({"svg": True} if os.environ.get("QNINDEX_SVG") == "1" else {}) \
        | ({"dpi": dpi} if dpi != DPI else {}) \
        | ({} if is_home() else {"province": province()})  # a draft and a slide-ready pack are not the same build
    with year_lock(year, wait=wait, echo=echo):
        done = recover(year)
        if done:
            echo(str(message("cli.recovered.forward" if done == "rolled forward" else "cli.recovered.back", year=year)))
        if not force and up_to_date(year, parameters):
            manifest = _relative(manifest_path(year))
            echo(str(message("cli.up_to_date", year=year, manifest=manifest)))
            return YearResult(year, "up to date", seconds=time.perf_counter() - start)
        kernel = new_kernel()
        try:
            return _build_in(kernel, year, langs, parameters, echo, current(), start)
        finally:
            kernel.shutdown()
            if not (year_dir(year) / JOURNAL).exists():
                shutil.rmtree(year_dir(year), ignore_errors=True)


def _build_in(kernel: "YearKernel", year: int, langs: tuple[str, ...], parameters: dict, echo, lang: str,
              start: float) -> YearResult:
    """The locked part of a build: gate, notebooks, report.html in the kernel; manifest and publishing here."""
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    try:  # the same check as `qnindex validate --year`: no notebook runs on bad input
        plan = call(kernel, "plan", year=year, lang=lang)
    except (PapermillExecutionError, DeadKernelError) as err:
        name, value = (err.ename, _one_line(err.evalue)) if isinstance(err, PapermillExecutionError) else \
            ("DeadKernelError", kernel_died())
        return YearResult(year, "failed", [NotebookFailure("gate", "-", name, value)],
                          seconds=time.perf_counter() - start)
    notebooks, missing = plan["notebooks"], plan["missing"]
    if plan["problems"]:
        return YearResult(year, "invalid", missing=missing, problems=plan["problems"],
                          seconds=time.perf_counter() - start)
    if not notebooks:
        return YearResult(year, "no data", missing=missing, blank=plan.get("blank", []))
    inputs = inputs_of(year)
    if missing:
        echo(str(message("cli.building_rest", year=year, names_vi="; ".join(spec(i).short_vi for i in missing),
                         names_en="; ".join(spec(i).short_en for i in missing))))
    staging = new_root(year)
    staging.mkdir(parents=True)
    results = run_notebooks([*notebooks, LAST], year, langs, staging, echo, kernel=kernel)
    failures = [f for _n, _s, f in results if f]
    if not failures:
        try:
            call(kernel, "write_report", year=year, langs=list(langs), staging=str(staging))
        except PapermillExecutionError as err:
            failures = [NotebookFailure("report.html", "-", err.ename, _one_line(err.evalue))]
        except DeadKernelError:
            failures = [NotebookFailure("report.html", "-", "DeadKernelError", kernel_died())]
    if failures:
        for f in failures:
            echo(str(message("cli.failed", year=year, failure=f)))
        return YearResult(year, "failed", failures, missing, seconds=time.perf_counter() - start)
    carried = carry_other_languages(year, langs, staging)
    if carried:
        echo(str(message("cli.carried", year=year, count=len(carried))))
    _write_manifest(staging, year, parameters, inputs, [*notebooks, LAST], missing, carried)
    n_outputs = sum(1 for sub in SUBFOLDERS for _ in _files(staging / sub / str(year)))
    publish(year)
    return YearResult(year, "built", [], missing, n_outputs, time.perf_counter() - start)


def build_many(years: list[int], langs: tuple[str, ...] = LANGS, jobs: int = 1, force: bool = False,
               echo=print, wait: bool = True) -> list[YearResult]:
    """Build several years; with jobs > 1 the years run side by side, one worker and one kernel each."""
    if len(years) == 1 or jobs <= 1:
        return [build(y, langs, force=force, echo=echo, wait=wait) for y in years]
    spawn = multiprocessing.get_context("spawn")  # as on Windows and macOS: a fresh interpreter, nothing forked
    with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn, initializer=end_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_build_quietly, y, langs, force, wait, current()): y for y in years}
        results = []
        for future in as_completed(futures):
            result, lines = future.result()
            for line in lines:
                echo(line)
            results.append(result)
    return sorted(results, key=lambda r: r.year)


def _build_quietly(year: int, langs: tuple[str, ...], force: bool, wait: bool,
                   message_lang: str = "vi") -> tuple[YearResult, list[str]]:
    """build() in a worker: its progress lines are returned, printed in order by the parent; messages in the
    parent's language (a worker process starts with the default)."""
    from qnindex.core.messages import language

    lines: list[str] = []
    with language(message_lang):
        return build(year, langs, force=force, echo=lines.append, wait=wait), lines
