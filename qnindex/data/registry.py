"""Registry of the units qnindex reports on: ids, names in both languages, aliases and history.

The data live in ``registry_data/*.csv`` (package data an analyst can edit); this module reads them and
answers two questions: *which unit does this name mean?* and *what was the unit called in year Y?*
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from qnindex.core.paths import registry_data_dir
from qnindex.core.text import ascii_fold, name_key, nfc, strip_prefix
from qnindex.data.readers import records

GROUPS = ("province", "department", "district", "central", "commune")


def group_words(form: str = "name") -> dict[str, dict[str, str]]:
    """How a group of units is written, per language (``registry_data/groups.csv``, one row per group, in the order
    blocks are shown: departments, district level, communes, central agencies): ``name`` in
    tables, templates' dropdowns and the validator's messages; ``label`` over a chart's panel; ``subject`` starting a
    sentence; ``count`` after a number; ``block`` naming the block a unit leads."""
    import csv

    path = registry_data_dir() / "groups.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {lang: {r["group"]: r[f"{form}_{lang}"] for r in rows if r[f"{form}_{lang}"]} for lang in ("vi", "en")}


GROUP_NAMES = group_words("name")
BLOCK_ORDER = tuple(g for g in GROUP_NAMES["vi"] if g != "province")  # the blocks in the order they are shown  # a group as people write it (tables, dropdowns, the validator's messages)
REGISTRY_FILES = ("units.csv", "provinces.csv", "communes.csv")


class UnknownUnitError(LookupError):
    """A name that matches no unit; the message lists the closest known names."""

    def __init__(self, name: str, suggestions: list[str], detail: str = "", ambiguous: bool = False):
        self.name = name
        self.suggestions = suggestions
        self.detail = detail
        self.ambiguous = ambiguous
        hint = f"; closest known: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown unit '{name}'{detail}{hint}")


class InvalidInYearError(LookupError):
    """A known unit that did not exist in the year of the data (e.g. Hoành Bồ after 2019)."""

    def __init__(self, unit: "Unit", year: int):
        self.unit = unit
        self.year = year
        after = f"; then part of '{get(unit.successor).name_vi}'" if unit.successor else ""
        super().__init__(
            f"unit '{unit.name_vi}' did not exist in {year}: "
            f"valid {unit.valid_from or '…'} to {unit.valid_to or '…'}{after}"
        )


@dataclass(frozen=True)
class Unit:
    """One unit as the registry knows it."""

    unit_id: str
    group: str
    level: str
    code: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    valid_from: date | None
    valid_to: date | None
    successor: str
    aliases: tuple[str, ...]
    district: str = ""
    confirmed: bool = True
    note: str = ""

    def valid_on(self, day: date) -> bool:
        """True when the unit existed on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    def valid_in(self, year: int, on: date | None = None) -> bool:
        """True when the unit existed on the assessment's reference date of ``year`` (default 31/12): the
        units of a year's assessment are the units of that date (Hoành Bồ in 2019; not Cẩm Hải in 2024,
        merged on 1/11/2024; no district-level unit in 2025)."""
        return self.valid_on(on or date(year, 12, 31))


def _date_or_none(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(registry_data_dir() / name, dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=1)
def _units() -> dict[str, Unit]:
    """Every unit, read once from the package's registry files."""
    frames = [_read_csv(name) for name in REGISTRY_FILES if (registry_data_dir() / name).exists()]
    units: dict[str, Unit] = {}
    for frame in frames:
        for rec in records(frame):
            unit = Unit(
                unit_id=rec["unit_id"],
                group=rec["group"],
                level=rec["level"],
                code=rec.get("code", ""),
                name_vi=nfc(rec["name_vi"]),
                name_en=rec["name_en"],
                short_vi=nfc(rec.get("short_vi") or rec["name_vi"]),
                short_en=rec.get("short_en") or rec["name_en"],
                valid_from=_date_or_none(rec.get("valid_from", "")),
                valid_to=_date_or_none(rec.get("valid_to", "")),
                successor=rec.get("successor", ""),
                aliases=tuple(nfc(a) for a in rec.get("aliases", "").split(";") if a.strip()),
                district=rec.get("district", ""),
                confirmed=rec.get("confirmed", "yes") != "no",
                note=rec.get("note", ""),
            )
            if unit.group not in GROUPS:
                raise ValueError(f"registry: unit {unit.unit_id} has unknown group '{unit.group}'")
            if unit.unit_id in units:
                raise ValueError(f"registry: unit id {unit.unit_id} appears twice")
            units[unit.unit_id] = unit
    return units


@lru_cache(maxsize=1)
def _name_changes() -> dict[str, list[dict]]:
    """unit_id -> its renames, oldest first."""
    changes: dict[str, list[dict]] = {}
    for rec in records(_read_csv("name_changes.csv")):
        rec["effective"] = date.fromisoformat(rec["effective"])
        changes.setdefault(rec["unit_id"], []).append(rec)
    return {k: sorted(v, key=lambda r: r["effective"]) for k, v in changes.items()}


def _keys_for(unit: Unit) -> set[str]:
    names = {unit.name_vi, unit.name_en, unit.short_vi, unit.short_en, unit.unit_id, *unit.aliases}
    for change in _name_changes().get(unit.unit_id, []):  # a renamed unit answers to every name it had
        names |= {change["name_vi"], change["name_en"], change["short_vi"], change["short_en"]}
    keys: set[str] = set()
    for n in names:
        k = name_key(n)
        keys |= {k, strip_prefix(k), name_key(ascii_fold(n)), strip_prefix(name_key(ascii_fold(n)))}
    return {k for k in keys if k}


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Matching key -> unit ids that answer to it (several when a name is ambiguous)."""
    index: dict[str, list[str]] = {}
    units = _units()
    for unit in units.values():
        keys = _keys_for(unit)
        for key in keys:
            index.setdefault(key, []).append(unit.unit_id)
        successor = units.get(unit.successor) if unit.successor else None
        if successor is not None and successor.name_vi == unit.name_vi:  # 2025's Hải Phòng answers to every form
            for key in keys:  # of the old Hải Phòng's name ("TP Hải Phòng", "TP HCM"); the year tells them apart
                index.setdefault(key, []).append(successor.unit_id)
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def all_units() -> pd.DataFrame:
    """The registry as a table, one row per unit."""
    rows = [u.__dict__ | {"aliases": ";".join(u.aliases)} for u in _units().values()]
    return pd.DataFrame(rows)


def get(unit_id: str) -> Unit:
    """The unit with this id (KeyError if none)."""
    return _units()[unit_id]


def units_in(group: str, year: int, on: date | None = None) -> list[Unit]:
    """Units of ``group`` that existed on ``year``'s reference date (default 31/12), in registry order."""
    return [u for u in _units().values() if u.group == group and u.valid_in(year, on)]


def resolve(name: str, year: int | None = None, group: str | None = None) -> Unit:
    """The unit a typed name means: NFC, spacing, case, tone placement and prefixes do not matter.

    ``group`` narrows the search (a district and a commune may share a name); ``year`` checks that the
    unit existed then. Raises UnknownUnitError (with the closest names) or InvalidInYearError.
    """
    key = name_key(name)
    candidates = _index().get(key) or ()
    if year is not None:  # a full name ("TP Hải Phòng") and its bare form may name units of other periods
        candidates = tuple(dict.fromkeys((*candidates, *(_index().get(strip_prefix(key)) or ()))))
    candidates = candidates or _index().get(strip_prefix(key)) or ()
    units = [_units()[c] for c in candidates]
    if group is not None:
        units = [u for u in units if u.group == group]
    if len(units) > 1 and group is None:
        # A bare name such as 'Hạ Long' means the district or province, not a ward of the same name.
        units = [u for u in units if u.group != "commune"] or units
    if len(units) > 1 and year is not None:
        units = [u for u in units if u.valid_in(year)] or units
    if not units:
        raise UnknownUnitError(name, suggest(name, group, year=year), f" in group '{group}'" if group else "")
    if len(units) > 1:
        names = ", ".join(f"{u.name_vi} ({GROUP_NAMES['vi'][u.group]})" for u in units)
        raise UnknownUnitError(name, [], names, ambiguous=True)
    unit = units[0]
    if year is not None and not unit.valid_in(year):
        raise InvalidInYearError(unit, year)
    return unit


def suggest(name: str, group: str | None = None, n: int = 3, year: int | None = None) -> list[str]:
    """The ``n`` registry names closest to ``name`` (of units valid in ``year`` when given), for messages."""
    pool = {(name_in_year(u.unit_id, year) if year else u.name_vi): u for u in _units().values()
            if (group is None or u.group == group) and (year is None or u.valid_in(year))}
    key = strip_prefix(name_key(name))
    scored = sorted(
        pool,
        key=lambda nm: -difflib.SequenceMatcher(None, key, strip_prefix(name_key(nm))).ratio(),
    )
    return scored[:n]


def name_in_year(unit_id: str, year: int, lang: str = "vi", short: bool = False) -> str:
    """The unit's name as it was at the end of ``year`` (renames such as Đông Triều town → city)."""
    unit = get(unit_id)
    field = f"{'short' if short else 'name'}_{lang}"
    name = getattr(unit, field)
    for rec in _name_changes().get(unit_id, []):
        if rec["effective"] <= date(year, 12, 31):
            name = rec[field]
    return name


def successor_in(unit_id: str, year: int) -> str:
    """The unit that carries ``unit_id``'s line in ``year``, following successor links (merger aware)."""
    unit = get(unit_id)
    seen = {unit_id}
    while not unit.valid_in(year) and unit.successor and unit.valid_to and unit.valid_to < date(year, 12, 31):
        unit = get(unit.successor)
        if unit.unit_id in seen:
            raise ValueError(f"registry: successor cycle at {unit.unit_id}")
        seen.add(unit.unit_id)
    return unit.unit_id


def predecessors(unit_id: str) -> list[str]:
    """Units whose successor is ``unit_id`` (the provinces a 2025 province absorbed, Hoành Bồ for Hạ Long)."""
    return [u.unit_id for u in _units().values() if u.successor == unit_id]


# ----------------------------------------------------------------------------- the province a pack is about

@lru_cache(maxsize=16)
def _provinces_named(name: str) -> tuple[str, ...]:
    """Every province the name denotes over the years (2025's Hải Phòng continues the old one under its name)."""
    key = name_key(name)
    found = [_units()[c] for c in (*(_index().get(key) or ()), *(_index().get(strip_prefix(key)) or ()))]
    found = [u for u in found if u.group == "province"]
    if not found:
        raise UnknownUnitError(name, suggest(name, "province"), " in group 'province'")
    names = sorted({u.name_vi for u in found})
    if len(names) > 1:
        raise UnknownUnitError(name, [], ", ".join(names), ambiguous=True)
    return tuple(u.unit_id for u in _units().values() if u.group == "province" and u.name_vi == names[0])


@dataclass(frozen=True)
class Focus:
    """The province a pack is about: its name as the registry writes it and its ids in every period (one for Quảng
    Ninh, two for Hải Phòng: to 30/6/2025 and from 1/7/2025). A table of one year holds one of them."""

    name: str
    ids: frozenset[str]

    def __iter__(self):
        return iter(sorted(self.ids))

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.ids

    def unit(self, year: int) -> str:
        """Its id as it was in ``year`` (the latest before it when it no longer existed)."""
        units = [get(u) for u in self.ids]
        valid = [u for u in units if u.valid_in(year)]
        if valid:
            return valid[0].unit_id
        return max(units, key=lambda u: u.valid_to or date.max).unit_id

    def label(self, lang: str = "vi") -> str:
        """Its name ("Quảng Ninh"; "Quang Ninh" in English)."""
        unit = get(sorted(self.ids)[0])
        return unit.name_vi if lang == "vi" else unit.name_en


def focus_on(name: str) -> Focus:
    """The province a typed name means, as a pack's focus (UnknownUnitError when it names none)."""
    ids = _provinces_named(name)
    return Focus(get(ids[0]).name_vi, frozenset(ids))


CENTRALLY_RUN = "centrally_run_cities.csv"


@lru_cache(maxsize=1)
def _centrally_run() -> dict[str, tuple[date | None, date | None]]:
    table = pd.read_csv(registry_data_dir() / CENTRALLY_RUN, dtype=str, keep_default_na=False, encoding="utf-8")
    return {r["unit_id"]: (_date_or_none(r["from"]), _date_or_none(r["to"])) for r in records(table)}


def is_centrally_run(unit_id: str, year: int) -> bool:
    """Is the province a centrally-run city (thành phố trực thuộc trung ương) at the end of ``year``?"""
    span = _centrally_run().get(unit_id)
    if span is None:
        return False
    start, end = span
    day = date(year, 12, 31)
    return (start is None or start <= day) and (end is None or day <= end)


def province_title(unit_id: str, year: int, lang: str = "vi", capital: bool = False) -> str:
    """"tỉnh Quảng Ninh", "thành phố Hải Phòng" ("Quang Ninh province", "Hai Phong city")."""
    name = name_in_year(unit_id, year, lang)
    city = is_centrally_run(unit_id, year)
    if lang == "vi":
        kind = "thành phố" if city else "tỉnh"
        return f"{kind.capitalize() if capital else kind} {name}"
    return f"{name} {'city' if city else 'province'}"


def province_lineage(name: str) -> tuple[str, ...]:
    """The ids of the province a typed name means, in every period (UnknownUnitError when it names none, or is
    ambiguous between provinces of different names)."""
    return _provinces_named(name)
