"""Every province's pack of a year in one command (``qnindex report --year Y --province all``, or a list), and the
national page that finds them (``provinces/<year>/index.html`` and ``tables.xlsx``).

Each province's pack is the one ``--province <name>`` builds (the same function, the same bytes); the national tables
are read and checked once, into the project's cache, and every province's build finds them there. A province that
fails is named with its reason and the others go on; a rerun rebuilds only what changed (each pack's manifest).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from qnindex.core.messages import current, text as message
from qnindex.core.paths import slug
from qnindex.core.settings import Settings
from qnindex.indices.project import Project
from qnindex.kinds import open_project

ALL = ("all", "tất cả", "tat ca")  # what --province takes for every province of the year


@dataclass
class ProvinceResult:
    """How one province's pack went: built, up to date, invalid, no data or failed (``reason``: why, one line)."""

    province: str
    status: str
    reason: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("built", "up to date")


def is_many(typed: str | None) -> bool:
    """Whether ``--province`` asks for several provinces: every one (``all``) or a comma-separated list."""
    return bool(typed) and (typed.strip().lower() in ALL or "," in typed)


def chosen(typed: str, project: Project, year: int, resolve) -> list[str] | None:
    """The provinces ``typed`` asks for in ``year``, by their registry names: every province with national data that
    year for ``all``, else each name of the list (``resolve``: a typed name to the registry's, None when it is not a
    province; the caller has said why). None when a name of the list is not a province."""
    if typed.strip().lower() in ALL:
        from qnindex.analysis.provinces import with_national_data
        from qnindex.analysis.yeardata import load_year
        from qnindex.data import registry

        return [registry.name_in_year(u, year) for u in with_national_data(load_year(year, project))]
    names = [resolve(part.strip()) for part in typed.split(",") if part.strip()]
    return None if any(n is None for n in names) else list(dict.fromkeys(names))


def build_provinces(year: int, project: Project, provinces: list[str], jobs: int = 1, force: bool = False,
                    progress: bool | None = None) -> list[ProvinceResult]:
    """Build the pack of ``year`` for each of ``provinces`` (registry names), ``jobs`` at a time in fresh worker
    processes (spawn, as on Windows), one after the other within a worker; a progress bar on a terminal. Results
    in the order of ``provinces``."""
    from tqdm import tqdm

    settings, fault, lang = project.settings, project.fault, current()
    shown = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(provinces), unit=" " + str(message("cli.provinces.unit")), file=sys.stderr,
               disable=not shown, dynamic_ncols=True, desc=str(message("cli.provinces.bar", year=year)))
    results: dict[str, ProvinceResult] = {}

    def done(result: ProvinceResult) -> None:
        results[result.province] = result
        bar.set_postfix_str(result.province, refresh=False)
        bar.update(1)

    try:
        if jobs <= 1 or len(provinces) == 1:
            for name in provinces:
                done(build_one(year, settings, fault, name, force, lang))
        else:
            from qnindex.pipeline.report import end_with_parent

            spawn = multiprocessing.get_context("spawn")  # nothing forked: the same on Linux, macOS and Windows
            with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn, initializer=end_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                futures = {pool.submit(build_one, year, settings, fault, name, force, lang): name
                           for name in provinces}
                for future in as_completed(futures):
                    try:
                        done(future.result())
                    except Exception as err:  # a worker that died: named, the others go on
                        done(ProvinceResult(futures[future], "failed", _reason(err)))
    finally:
        bar.close()
    return [results[name] for name in provinces]


def build_one(year: int, settings: Settings, fault: str, province: str, force: bool,
              message_lang: str = "vi") -> ProvinceResult:
    """One province's pack, exactly as ``qnindex report --year <year> --province <province>`` builds it; whatever
    goes wrong is its result, never an exception that would stop the others."""
    from qnindex.core.messages import language
    from qnindex.pipeline.report import build

    start = time.perf_counter()
    with language(message_lang):
        try:
            project = open_project(replace(settings, province=province), fault)
            for _year in project.packs.finish_pending():
                pass
            result = build(year, project, force=force, echo=lambda _line: None, wait=True)
        except Exception as err:  # noqa: BLE001 - any failure of one province is said, and the run goes on
            return ProvinceResult(province, "failed", _reason(err), time.perf_counter() - start)
    reason = ""
    if result.status == "failed":
        reason = "; ".join(str(f) for f in result.failures)
    elif result.status == "invalid":
        reason = "; ".join(result.problems[:3]) + (" …" if len(result.problems) > 3 else "")
    return ProvinceResult(province, result.status, reason, time.perf_counter() - start)


def _reason(err: BaseException) -> str:
    return " | ".join(line.strip() for line in f"{type(err).__name__}: {err}".splitlines() if line.strip())


# ----------------------------------------------------------------------------- the national page

def page_dir(project: Project, year: int) -> Path:
    """Where the national page of ``year`` is written: ``provinces/<year>/``."""
    return project.root / "provinces" / str(year)


def report_link(project: Project, name: str, year: int, lang: str) -> str | None:
    """The path of province ``name``'s report.html from the national page (None: not built)."""
    suffix = "" if lang == "vi" else f"_{lang}"
    home = name == project.province
    target = (project.root if home else project.root / "provinces" / slug(name)) / "reports" / str(year)
    if not (target / f"report{suffix}.html").is_file():
        return None
    return ("../../" if home else f"../{slug(name)}/") + f"reports/{year}/report{suffix}.html"


def write_national_page(year: int, project: Project, provinces: list[str] | None = None) -> list[Path]:
    """The national page of ``year`` (one per language of the run) and its workbook, for ``provinces`` (registry
    names; None: every province with national data that year); a file whose content did not change is left as it
    is, a changed one replaced whole (never half-written)."""
    from qnindex.analysis.provinces import province_results, with_national_data
    from qnindex.analysis.yeardata import load_year
    from qnindex.data import registry
    from qnindex.render.export import write_xlsx
    from qnindex.render.pages import PROVINCES, provinces_page, provinces_table

    data = load_year(year, project)
    units = with_national_data(data)
    if provinces is not None:
        wanted = set(provinces)
        units = [u for u in units if registry.name_in_year(u, year) in wanted]
    results = province_results(data, units)
    out = page_dir(project, year)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    focus = project.focus.unit(year)
    for lang in project.settings.langs:
        links = {u: report_link(project, registry.name_in_year(u, year), year, lang) for u in units}
        suffix = "" if lang == "vi" else f"_{lang}"
        html = provinces_page(data, results, {u: p for u, p in links.items() if p}, focus, lang)
        written.append(_replace_if_changed(out / f"index{suffix}.html", html.encode("utf-8")))
        sheet = PROVINCES[lang]["sheet"]
        staged = out / f".tables{suffix}.xlsx.part"
        write_xlsx({sheet: (provinces_table(data, results, lang), 2)}, staged, lang=lang,
                   titles={sheet: PROVINCES[lang]["title"].format(year=year)})
        written.append(_replace_if_changed(out / f"tables{suffix}.xlsx", staged.read_bytes()))
        staged.unlink()
    return written


def _replace_if_changed(path: Path, content: bytes) -> Path:
    """Write ``content`` at ``path`` through a temporary file and one rename, unless it is there already."""
    if path.is_file() and path.read_bytes() == content:
        return path
    staged = path.with_name(f".{path.name}.new")
    staged.write_bytes(content)
    os.replace(staged, path)
    return path
