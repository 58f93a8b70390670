"""``qnindex validate`` and the gate of ``qnindex report``: one check of the raw files, so that whatever
``report`` would fail on, ``validate`` reports first, each problem once, in Vietnamese (``--lang en``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qnindex.core.errors import MissingRawFile, Problem, RawDataError, TemplateNotFilled
from qnindex.core.messages import text
from qnindex.indices.files import RawFile, raw_files, unread_files
from qnindex.indices.project import PROJECT_FILE, Project


@dataclass
class Checked:
    """What a check of raw files found: problems (each once), blank templates (no data yet), files read."""

    problems: list[Problem] = field(default_factory=list)
    blank: list[Problem] = field(default_factory=list)
    files: int = 0

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def inputs_for(project: Project, year: int) -> list[RawFile]:
    """The raw files a year's pack reads: each index's file of the year and of the year before, and for
    the national rankings every earlier year (streaks and trajectories)."""
    files = []
    for s in project.specs:
        if not s.exists_in(year):
            continue
        for f in raw_files(project, index=s.id):
            if f.year in (year, year - 1) or (s.national and f.year <= year):
                files.append(f)
    return files


def check_files(project: Project, files: list[RawFile]) -> Checked:
    """Load every file with its index's loader; collect every problem, each once. The tables read are checked
    against the tidy schema together (one pass), and one by one only when that pass fails, to name the file."""
    from qnindex.data.schema import validate_tidy
    from qnindex.indices.tables import read

    out = Checked(files=len(files))
    tables: dict[Path, object] = {}
    by_key: dict[tuple[str, int], list[RawFile]] = {}
    for f in files:
        by_key.setdefault((f.index, f.year), []).append(f)
    for (index, year), group in sorted(by_key.items()):
        if len(group) > 1:
            out.problems.append(Problem(project.shown(group[0].path.parent), None, None,
                                        text("raw.file.several", n=len(group), names=", ".join(g.path.name for g in group)),
                                        text("raw.file.several.fix")))
            continue
        path = group[0].path
        try:
            tables[path] = read(index, year, project, path)
        except TemplateNotFilled as err:
            out.blank += err.problems
        except MissingRawFile:
            continue
        except RawDataError as err:
            out.problems += err.problems
        except Exception as err:  # noqa: BLE001 - an unreadable file is reported, never raised
            out.problems.append(_unreadable(project, path, err))
    try:
        validate_tidy(*tables.values())
    except Exception:  # noqa: BLE001 - which file breaks the schema: each is checked alone
        for path, table in tables.items():
            try:
                validate_tidy(table)
            except Exception as err:  # noqa: BLE001 - reported with the file, never raised
                out.problems.append(_unreadable(project, path, err))
    out.problems = list(dict.fromkeys(out.problems))
    return out


def _unreadable(project: Project, path: Path, err: Exception) -> Problem:
    return Problem(project.shown(path), None, None, text("raw.file.unreadable", reason=f"{type(err).__name__}: {err}"),
                   text("raw.file.unreadable.fix"))


def spec_problems(project: Project) -> list[Problem]:
    """Each index's spec names a shortcoming rule and a section its kind offers (a misspelt one would stop the
    narrative of every year instead of here), with the file and the line."""
    from qnindex.indices.specs import SPEC_FILE, key_lines

    problems = []
    for s in project.specs:
        path = project.raw / s.folder / SPEC_FILE
        for key, offered in (("shortcoming", s.kind.shortcomings), ("section", s.kind.sections)):
            named = getattr(s, key)
            if named and named not in offered:
                problems.append(Problem(project.shown(path), key_lines(path).get((key,)), None,
                                        text(f"raw.spec.{key}", rule=named, kind=s.kind.name,
                                             rules=", ".join(offered) or "—"), text("raw.spec.fix")))
    return problems


def _project(project: Project) -> list[Problem]:
    """The project file (``data/raw/project.yml``) names a province the registry knows: a misspelt one would stop
    every notebook of the pack instead of here; each index's spec names what its kind offers."""
    from qnindex.data.registry import UnknownUnitError, province_lineage

    typed = project.home
    try:
        province_lineage(typed)
    except UnknownUnitError as err:
        near = ", ".join(err.suggestions)
        return [Problem(project.shown(project.raw / PROJECT_FILE), None, None,
                        text("raw.project.province", typed=typed, near_vi=f"; gần nhất: {near}" if near else "",
                             near_en=f"; closest: {near}" if near else ""),
                        text("raw.project.province.fix"))] + spec_problems(project)
    return spec_problems(project)


def _targets(project: Project) -> list[Problem]:
    """The targets file reads (every target names an index, a unit and a number)."""
    try:
        project.targets.table()
    except RawDataError as err:
        return err.problems
    return []


def _averages(project: Project, year: int | None) -> list[Problem]:
    """The national averages a year states (every year's when ``year`` is None), checked like a yearly table."""
    problems: list[Problem] = []
    for s in project.specs:
        try:
            s.kind.published_average(project, s, year if year is not None else 0)
        except RawDataError as err:
            problems += err.problems
    return problems


def unread_problems(project: Project, year: int | None) -> list[Problem]:
    """A file of the year in a format that is not read (it would otherwise be left out without a word)."""
    return [Problem(project.shown(f.path), None, None, text("raw.file.type", suffix=f.path.suffix.lower() or "—"),
                    text("raw.file.type.fix")) for f in unread_files(project, year)]


def gate(project: Project, year: int) -> Checked:
    """The check ``qnindex report`` runs before any notebook: every input of the year's pack."""
    checked = check_files(project, inputs_for(project, year))
    checked.problems += _project(project) + _targets(project) + _averages(project, year) + unread_problems(project, year)
    return checked


def validate_all(project: Project, year: int | None = None) -> Checked:
    """Every raw file (those a year's pack reads when ``year`` is given), the targets, and files of an index in a
    format that cannot be read."""
    checked = check_files(project, inputs_for(project, year) if year is not None else raw_files(project))
    checked.problems += _project(project) + _targets(project) + _averages(project, year) + unread_problems(project, year)
    checked.files += 1
    return checked


def validate_file(project: Project, path: Path | str, index: str | None = None) -> Checked:
    """One raw file (its index is its folder's name unless given; its year ends its name)."""
    path = Path(path)
    folder = index or path.parent.name
    shown = project.shown(path)
    if folder not in project.specs:
        known = ", ".join(project.specs.ids)
        return Checked([Problem(shown, None, None, text("raw.file.unknown_index", folder=folder),
                                text("raw.file.unknown_index.fix", known=known))], files=1)
    m = re.search(r"(\d{4})$", path.stem)
    if not m:
        stem = project.spec(folder).file_stem(2020)
        return Checked([Problem(shown, None, None, text("raw.file.no_year"),
                                text("raw.file.no_year.fix", stem_vi=stem.replace("2020", "<năm>"),
                                     stem_en=stem.replace("2020", "<year>"), suffix=path.suffix or ".xlsx"))],
                       files=1)
    return check_files(project, [RawFile(folder, int(m.group(1)), path)])
