"""What a year's job will do, found before any notebook runs: the gate's problems, the notebooks that have data, the
indices that have none, the templates still blank. The yearly job runs ``check.ipynb`` (beside this module) in its
kernel through papermill; the notebook writes the plan to a file the command reads (``Plan.read``).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qnindex.indices.project import Project

LAST = "overview"  # runs after the others: it collects their charts into the deck and report.html
CHECK_NOTEBOOK = Path(__file__).with_name("check.ipynb")


@dataclass
class Plan:
    """The gate's problems (each a line in the messages' language), the notebooks to run, the indices without data
    and the year's templates still blank."""

    problems: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)

    def write(self, path: Path | str) -> Path:
        path = Path(path)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path | str) -> "Plan":
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


def plan_year(project: Project, year: int, lang: str = "vi") -> Plan:
    """The check ``qnindex report`` runs first (the same as ``qnindex validate --year``), then the notebooks that have
    data for ``year``. The files the check reads stay in the disk cache for the notebooks."""
    from qnindex.core.messages import language
    from qnindex.pipeline.validate import gate

    with language(lang):
        checked = gate(project, year)
        problems = [str(p) for p in checked.problems]
    blank = sorted({p.file for p in checked.blank if re.search(rf"{year}\.\w+$", p.file)})  # the year's own templates
    notebooks, missing = available_notebooks(project, year)
    return Plan(problems, notebooks, missing, blank)


def due(project: Project, year: int) -> list[str]:
    """The indices of the year's notebooks with an edition in ``year`` (for another province's pack: the national
    rankings only; the own assessments in the raw folder are the project's province's)."""
    return [i for indices in project.specs.notebooks().values() for i in indices
            if project.spec(i).exists_in(year) and (project.is_home or project.spec(i).national)]


def available_notebooks(project: Project, year: int) -> tuple[list[str], list[str]]:
    """Notebooks with data for ``year``, and the indices of the year that have no data for it."""
    home = project.is_home
    missing, run = [], []
    for nb, indices in project.specs.notebooks().items():
        indices_due = [i for i in indices if project.spec(i).exists_in(year) and (home or project.spec(i).national)]
        have = [i for i in indices_due if _has_year(project, i, year)]
        missing += [i for i in indices_due if i not in have]
        if have:
            run.append(nb)
    for s in project.specs:  # the indices the overview writes (provincial PAR, DDCI, ...): a blank one is said too
        if s.notebook == LAST and s.exists_in(year) and (home or s.national) and not _has_year(project, s.id, year):
            missing.append(s.id)
    return run, missing


def _has_year(project: Project, index: str, year: int) -> bool:
    """A raw file exists for the year and is not a blank template (a broken file counts: its notebook
    will fail with the file's problems, which is what the user needs to see)."""
    from qnindex.core.errors import RawDataError, TemplateNotFilled
    from qnindex.indices.files import raw_files
    from qnindex.indices.tables import load

    found = raw_files(project, year, index)
    if not found:
        return False
    if found[0].path.suffix == ".csv":  # templates are written as .xlsx: a .csv is data
        return True
    try:
        load(index, year, project, found[0].path)
    except TemplateNotFilled:
        return False
    except RawDataError:
        return True
    return True
