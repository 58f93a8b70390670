"""Unit names as written inside a sentence, and lists of names joined the way each language does."""
from __future__ import annotations

from qnindex.core.messages import say
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


def focus_names(focus: registry.Focus, year: int, lang: str) -> dict[str, str]:
    """How the texts of a pack name the province it is about (``focus``), as it was in ``year``: ``province``
    ("Quảng Ninh"), ``province_kind`` ("tỉnh", "thành phố"; "province", "city"), ``province_title`` ("tỉnh Quảng
    Ninh", "thành phố Hải Phòng"; "Quang Ninh province") and ``Province_title`` (capitalised, to open a line)."""
    unit = focus.unit(year)
    city = registry.is_centrally_run(unit, year)
    return {"province": registry.name_in_year(unit, year, lang),
            "province_kind": say("common.kind.city" if city else "common.kind.province", lang),
            "province_title": registry.province_title(unit, year, lang),
            "Province_title": registry.province_title(unit, year, lang, capital=True)}


def default_issuer(focus: registry.Focus, year: int, lang: str) -> str:
    """Who issues a pack about a province the project file does not describe: its People's Committee's Department
    of Home Affairs ("UBND thành phố Hải Phòng — Sở Nội vụ", "UBND tỉnh ...")."""
    unit = focus.unit(year)
    if lang == "vi":
        return f"UBND {registry.province_title(unit, year, 'vi')} — Sở Nội vụ"
    kind = "City" if registry.is_centrally_run(unit, year) else "Provincial"
    return f"{registry.name_in_year(unit, year, 'en')} {kind} People's Committee — Department of Home Affairs"
