"""The kinds of index, and the project opened with them: every index's spec carries its kind (``spec.kind``), the
one type that reads, states, draws and writes it.

    project = open_project(Settings())          # the project's indices, each with its kind
    project.spec("dgi").kind.write(data, ["vi"], out, "dgi")

A kind's module is imported at the first use of the kind (``KINDS`` holds each by name): the command that only reads
the specs (which years, which notebooks) starts without the data and drawing libraries.
"""
from __future__ import annotations

from importlib import import_module

from qnindex.core.settings import Settings
from qnindex.indices import project as projects
from qnindex.indices.project import Project

# a kind's name -> its type (module, class): the types are the kinds; a project's specs name them
TYPES = {"national": ("qnindex.kinds.national", "NationalRanking"), "panel": ("qnindex.kinds.panel", "Panel"),
         "survey": ("qnindex.kinds.survey", "UnitSurvey"), "units": ("qnindex.kinds.units", "UnitAssessment")}
_MADE: dict[str, object] = {}


def kind_named(name: str):
    """The kind called ``name`` (``national``, ``panel``, ``survey``, ``units``), one object per process."""
    if name not in _MADE:
        module, cls = TYPES[name]
        _MADE[name] = getattr(import_module(module), cls)()
    return _MADE[name]


class _KindWhenUsed:
    """A spec's kind as the project is opened: its name now, the kind itself at the first question asked of it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attribute: str):
        return getattr(kind_named(self.name), attribute)

    def __repr__(self) -> str:
        return f"<kind {self.name}>"

    def __eq__(self, other: object) -> bool:
        return getattr(other, "name", None) == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __reduce__(self):
        return _KindWhenUsed, (self.name,)


KINDS = {name: _KindWhenUsed(name) for name in TYPES}

__all__ = ["KINDS", "TYPES", "kind_named", "open_project"]


def open_project(settings: Settings | None = None, fault: str = "") -> Project:
    """The project ``settings`` describe (default settings: this checkout), its indices read from its raw folder,
    each with its kind."""
    return projects.open_project(settings, KINDS, fault)
