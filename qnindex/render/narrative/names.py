"""Unit names as written inside a sentence, and lists of names joined the way each language does."""
from __future__ import annotations

from qnindex.data import registry

AND = {"vi": "và", "en": "and"}


def unit_label(unit_id: str, year: int, lang: str) -> str:
    """A unit's name as written inside a sentence (``thành phố Hạ Long``, ``the Provincial Police``)."""
    unit = registry.get(unit_id)
    name = registry.name_in_year(unit_id, year, lang)
    if lang == "vi" and unit.group in ("district", "commune"):
        return name[0].lower() + name[1:]
    if lang == "en" and unit.group in ("department", "central"):
        return "the " + name
    return name


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A và B', 'A, B và C' (or with 'and')."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {AND[lang]} " + names[-1]
