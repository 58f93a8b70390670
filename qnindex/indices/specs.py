"""The index registry: one declarative spec per index, read from the project's raw folder, and every list of
indices derived from it.

An index's spec says what a newcomer would otherwise have to collect from a dozen modules: its names, where its raw
files are and in which formats, its kind (how it is loaded, drawn and stated), the level of its units, how its values
are written (kind, decimals, maximum), its colour, charts, narrative template, table sheet, notebook and the years it
exists. Every index, bundled or a project's own, is ``data/raw/<id>/index.yml``: adding, renaming or retiring an index
touches its folder only (plus, for a new kind of section, its templates).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Component:
    """A component column: its id, its maximum, its names and the headers people type for it."""

    name: str
    max_value: float
    label_vi: str
    label_en: str
    headers: tuple[str, ...] = ()
    short_vi: str = ""  # a column header's name where space is short (a heat map's columns); the label otherwise
    short_en: str = ""


@dataclass(frozen=True)
class FigureEntry:
    """One figure of an index in the deck and report.html: its chart (the file ``<id>_<chart>_<lang>.png``), the
    section whose sentence its slide states (default: the index's own; ``message_from``: another section's, its notes
    staying its own) and how that sentence starts, the slide's title when the narrative gives none, its caption."""

    chart: str
    section: str = ""
    starts: tuple[str, ...] = ()
    message_from: str = ""
    slide: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    deck: bool = True


@dataclass(frozen=True)
class IndexSpec:
    """Everything qnindex knows about one index (the fields of its ``index.yml``). ``kind``: the kind of index it is,
    the type that reads, states, draws and writes it (``qnindex.kinds``: ``national``, a producer's table of
    provinces; ``panel``, provinces scored on dimensions; ``survey``, the province's survey of its units, with
    respondents; ``units``, the province's assessment of its units), given by the project that reads the spec."""

    id: str
    kind: object  # a qnindex.kinds.Kind (the spec's layer knows it by what it asks of it)
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    level: str                       # level of the units ranked: province, provincial, district, commune
    groups: tuple[str, ...]          # registry groups of those units
    measure: str                     # rate | score | points
    value_kind: str                  # how a value is written: pct (93,46%) or num (0,735; 46,66)
    decimals: int
    max_value: float | None          # the scale's maximum (None: not published, no upper bound is checked or shown)
    color: str
    notebook: str
    charts: tuple[str, ...] = ()
    narrative: str | None = None     # template section (templates/<lang>/<narrative>.md.j2)
    sheet_vi: str = ""
    sheet_en: str = ""
    first_year: int | None = None    # first edition (None: as far back as data go)
    last_year: int | None = None     # last edition (None: still published)
    no_edition: tuple[int, ...] = ()  # years inside the run with no edition at all
    successor: str | None = None     # the index that continued it
    components: tuple[Component, ...] = ()
    total_rule: str = "none"         # units: total = sum | mean of the components
    file_name: str = "{id}_{year}"   # a raw file's name without its extension ({id}: the index's id; a panel: {year})
    formats: tuple[str, ...] = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
    later_groups: tuple = ()          # (from_year, groups): the units assessed after a reform (2025: no districts)
    shortcoming: str = ""            # the rule that finds what fell short in it (one its kind offers)
    section: str = ""                # the shape of its section, when not its kind's own (one its kind offers)
    figures: tuple[FigureEntry, ...] = ()  # its figures in the deck and report.html, in order
    order: int = 1000                # its place among the indices (sections, charts, tables, slides), then its id

    # ------------------------------------------------------------------ names and files
    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def short(self, lang: str = "vi") -> str:
        return self.short_vi if lang == "vi" else self.short_en

    def sheet(self, lang: str = "vi") -> str:
        return self.sheet_vi if lang == "vi" else self.sheet_en

    @property
    def folder(self) -> str:
        """The folder of its raw files under ``data/raw``."""
        return self.id

    def file_stem(self, year: int) -> str:
        """The raw file's name without extension for ``year`` (``dgi_2019``; a panel's: ``2019``)."""
        return self.file_name.format(id=self.id, year=year)

    @property
    def national(self) -> bool:
        """Provinces ranked nationally (PAR INDEX, SIPAS, PAPI, ICT Index, PCI, DTI)."""
        return self.level == "province" and self.kind.national

    @property
    def panel(self) -> bool:
        """A panel of provinces scored on dimensions (PAPI): its history is drawn dimension by dimension."""
        return self.kind.dimensions

    @property
    def weighted_by_respondents(self) -> bool:
        """A survey of units whose averages weigh each unit by its respondents (the provincial SIPAS)."""
        return self.kind.weighted_by_respondents

    @property
    def of_units(self) -> bool:
        """An own assessment of the province's units (not a national ranking, not the province's single rate)."""
        return not self.national and self.level != "province"

    # ------------------------------------------------------------------ years
    def exists_in(self, year: int) -> bool:
        """True when the index has an edition for ``year`` (whether or not its data are here yet)."""
        if self.first_year is not None and year < self.first_year:
            return False
        if self.last_year is not None and year > self.last_year:
            return False
        return year not in self.no_edition

    def ended_before(self, year: int) -> bool:
        """True when the index's last edition is before ``year`` (it is not 'missing', it ended)."""
        return self.last_year is not None and year > self.last_year

    def groups_in(self, year: int) -> tuple[str, ...]:
        """The groups of units assessed in ``year`` (after 1/7/2025 communes replace the district level)."""
        if self.later_groups and year >= self.later_groups[0]:
            return tuple(self.later_groups[1])
        return self.groups

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)


SPEC_FILE = "index.yml"
REQUIRED = ("kind", "name_vi", "name_en", "short_vi", "short_en", "level", "groups", "measure", "value_kind",
            "decimals", "max_value", "color", "notebook")
# what each field holds, as YAML writes it: text, a whole number, a number, a list of texts or of years, a mapping
TYPES = {"id": "text", "kind": "text", "name_vi": "text", "name_en": "text", "short_vi": "text", "short_en": "text",
         "level": "text", "groups": "texts", "measure": "text", "value_kind": "text", "decimals": "whole",
         "max_value": "number?", "color": "text", "notebook": "text", "charts": "texts", "narrative": "text?",
         "sheet_vi": "text", "sheet_en": "text", "first_year": "whole?", "last_year": "whole?",
         "no_edition": "wholes", "successor": "text?", "components": "components", "total_rule": "text",
         "file_name": "text", "formats": "texts", "later_groups": "later", "shortcoming": "text", "section": "text",
         "figures": "figures", "order": "whole"}
FIGURE_TYPES = {"chart": "text", "section": "text", "starts": "texts", "message_from": "text", "slide": "texts",
                "caption": "texts", "deck": "yes/no"}
COMPONENT_TYPES = {"name": "text", "max_value": "number", "label_vi": "text", "label_en": "text",
                   "headers": "texts", "short_vi": "text", "short_en": "text"}
assert set(TYPES) == {f.name for f in fields(IndexSpec)}
TYPE_WORDS = {"text": ("một chuỗi chữ", "text"), "whole": ("một số nguyên", "a whole number"),
              "number": ("một số", "a number"), "texts": ("một danh sách chữ, như [a, b]", "a list of texts, as [a, b]"),
              "wholes": ("một danh sách năm, như [2021]", "a list of years, as [2021]"),
              "components": ("một danh sách thành phần (name, max_value, label_vi, label_en)",
                             "a list of components (name, max_value, label_vi, label_en)"),
              "later": ("[năm, [các khối]], như [2025, [department, commune]]",
                        "[year, [groups]], as [2025, [department, commune]]"),
              "figures": ("một danh sách hình (chart, slide, caption ...)", "a list of figures (chart, slide, caption ...)"),
              "yes/no": ("true hoặc false", "true or false")}


def _fits(value, expected: str) -> bool:
    """Does a YAML value hold what a field of type ``expected`` needs?"""
    if expected.endswith("?"):
        return value is None or _fits(value, expected[:-1])
    whole = isinstance(value, int) and not isinstance(value, bool)
    return {"text": isinstance(value, str), "whole": whole, "number": whole or isinstance(value, float),
            "texts": isinstance(value, list) and all(isinstance(v, str) for v in value),
            "wholes": isinstance(value, list) and all(_fits(v, "whole") for v in value),
            "components": isinstance(value, list) and all(isinstance(v, dict) for v in value),
            "figures": isinstance(value, list) and all(isinstance(v, dict) for v in value),
            "yes/no": isinstance(value, bool),
            "later": isinstance(value, list) and len(value) == 2 and _fits(value[0], "whole")
            and _fits(value[1], "texts")}[expected]


def key_lines(path: Path) -> dict[tuple, int]:
    """The line of each key of the file (``("components", 2, "max_value")``: a key inside the third component)."""
    import yaml

    from qnindex.core.yamlfile import safe_loader

    found: dict[tuple, int] = {}

    def walk(node, at: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found[at + (key.value,)] = key.start_mark.line + 1
                walk(value, at + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, at + (i,))

    try:
        walk(yaml.compose(path.read_text(encoding="utf-8"), Loader=safe_loader()), ())
    except yaml.YAMLError:
        pass
    return found


def spec_from_file(path: Path, kinds: Mapping[str, object], shown: str | None = None) -> IndexSpec:
    """The spec in ``data/raw/<id>/index.yml``: named fields only (a key it does not know, a field missing or of the
    wrong type is refused with the file and line), ``kind`` one of ``kinds`` (name -> kind; the rules and sections
    its kind offers are checked with the data, ``qnindex validate``), ``components`` a list of {name, max_value,
    label_vi, label_en, headers, short_vi, short_en}. ``shown``: the file as messages name it."""
    from qnindex.core.errors import Problem, ProjectFileError
    from qnindex.core.messages import text
    from qnindex.core.yamlfile import read_yaml

    shown = shown or str(path)
    found = dict(read_yaml(path, shown))
    lines: dict[tuple, int] = {}  # the keys' lines, found when a first problem needs them (a good file is parsed once)
    problems = []

    def refuse(at: tuple, message: str, **params) -> None:
        if not problems:
            lines.update(key_lines(path))
        problems.append(Problem(shown, lines.get(at), None, text(f"raw.spec.{message}", **params),
                                text("raw.spec.fix")))

    for name, value in found.items():
        if name not in TYPES:
            refuse((name,), "unknown", key=name, known=", ".join(TYPES))
        elif not _fits(value, TYPES[name]):
            vi, en = TYPE_WORDS[TYPES[name].rstrip("?")]
            refuse((name,), "type", key=name, expected_vi=vi, expected_en=en)
    for name in REQUIRED:
        if name not in found:
            refuse((), "missing", key=name)
    for key, types, required in (("components", COMPONENT_TYPES, ("name", "max_value", "label_vi", "label_en")),
                                 ("figures", FIGURE_TYPES, ("chart",))):
        for i, item in enumerate(found.get(key) or []):  # each entry of a list of named fields, checked the same way
            if not isinstance(item, dict):
                continue
            for name, value in item.items():
                if name not in types:
                    refuse((key, i, name), "unknown", key=name, known=", ".join(types))
                elif not _fits(value, types[name]):
                    vi, en = TYPE_WORDS[types[name]]
                    refuse((key, i, name), "type", key=name, expected_vi=vi, expected_en=en)
            for name in required:
                if name not in item:
                    refuse((key, i), "missing", key=f"{key}[{i}].{name}")
    if found.get("id", path.parent.name) != path.parent.name:
        refuse(("id",), "id", folder=path.parent.name)
    kind = kinds.get(found["kind"]) if isinstance(found.get("kind"), str) else None
    if isinstance(found.get("kind"), str) and kind is None:
        refuse(("kind",), "kind", kind=found["kind"], kinds=", ".join(kinds))
    if problems:  # in the file's order, what is missing last
        raise ProjectFileError(sorted(problems, key=lambda p: (p.row is None, p.row or 0)))
    values = {**found, "id": path.parent.name, "kind": kind}
    values["components"] = tuple(Component(**{**c, "headers": tuple(c.get("headers", ()))})
                                 for c in found.get("components") or ())
    values["figures"] = tuple(FigureEntry(**{k: tuple(v) if isinstance(v, list) else v for k, v in f.items()})
                              for f in found.get("figures") or ())
    for name in ("groups", "charts", "no_edition", "formats"):
        if name in values:
            values[name] = tuple(values[name])
    if "later_groups" in values:
        values["later_groups"] = (values["later_groups"][0], tuple(values["later_groups"][1]))
    return IndexSpec(**values)


KIND_WORD = "{province_kind}"  # in a spec's names: 'tỉnh' or 'thành phố' ('province', 'city'), the province's kind
NAMES = ("name_vi", "name_en", "short_vi", "short_en", "sheet_vi", "sheet_en")


class Catalogue:
    """The indices of one project, in their order (``data/raw/<id>/index.yml``, by ``order`` then id; a year's
    outputs put the national rankings first: ``national_first``). Every list of
    indices is asked of it, so a notebook pointed at another raw folder gets that folder's indices."""

    def __init__(self, specs: tuple[IndexSpec, ...]) -> None:
        self.specs = tuple(specs)
        self._by_id = {s.id: s for s in self.specs}

    def __iter__(self):
        return iter(self.specs)

    def national_first(self) -> "Catalogue":
        """The national rankings, then the province's own assessments, each in the catalogue's order: the order of a
        year's sections, figures, slides and tables (asking a spec whether it is national loads its kind)."""
        return Catalogue(tuple(sorted(self.specs, key=lambda s: not s.national)))

    def named_for(self, words: Mapping[str, str]) -> "Catalogue":
        """The catalogue with ``{province_kind}`` in its names said (``words``: per language, 'tỉnh' or 'thành phố'):
        a centrally-run city's own assessments are named as the city's ('Chỉ số CCHC của thành phố')."""
        said = []
        for s in self.specs:
            changes = {f: getattr(s, f).replace(KIND_WORD, words[f[-2:]]) for f in NAMES if KIND_WORD in getattr(s, f)}
            said.append(replace(s, **changes) if changes else s)
        return Catalogue(tuple(said))

    def __len__(self) -> int:
        return len(self.specs)

    def __contains__(self, index: object) -> bool:
        return index in self._by_id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Catalogue) and other.specs == self.specs

    def __hash__(self) -> int:
        return hash(self.specs)

    def __repr__(self) -> str:
        return f"Catalogue({', '.join(self._by_id)})"

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, index: str) -> IndexSpec:
        """The spec of ``index`` (KeyError names the known ids)."""
        try:
            return self._by_id[index]
        except KeyError:
            raise KeyError(f"unknown index '{index}': known are {', '.join(self._by_id)}") from None

    def national_ids(self, year: int | None = None) -> list[str]:
        """National rankings in the catalogue's order (those with an edition in ``year`` when given)."""
        return [s.id for s in self.specs if s.national and (year is None or s.exists_in(year))]

    def ministry_tables(self) -> list[str]:
        """National indices read from a ministry's table of provinces (everything national but a panel)."""
        return [s.id for s in self.specs if s.national and not s.kind.ranks_from_panel]

    def notebooks(self) -> dict[str, tuple[str, ...]]:
        """Notebook -> the indices whose outputs it writes (the overview is run last, separately)."""
        out: dict[str, list[str]] = {}
        for s in self.specs:
            if s.notebook != "overview":
                out.setdefault(s.notebook, []).append(s.id)
        return {k: tuple(v) for k, v in out.items()}

    def with_chart(self, chart: str, year: int | None = None) -> list[str]:
        """Indices drawn by ``chart`` (``scorecard``, ``rank_trajectories``, ``ranking`` ...)."""
        return [s.id for s in self.specs if chart in s.charts and (year is None or s.exists_in(year))]

    def first_year(self) -> int | None:
        """The first year any index has an edition (the earliest year qnindex can build); None without one."""
        return min((s.first_year for s in self.specs if s.first_year is not None), default=None)


def load_catalogue(raw: Path, kinds: Mapping[str, object], shown=str) -> Catalogue:
    """The indices of the raw folder ``raw`` (``<raw>/<id>/index.yml``), in their order, each with its kind of
    ``kinds``; ``shown`` names a file as messages do. Every spec is read before any is refused, so the problems of
    all of them are said at once."""
    from qnindex.core.errors import ProjectFileError

    specs, problems = [], []
    for path in sorted(Path(raw).glob(f"*/{SPEC_FILE}")):
        try:
            specs.append(spec_from_file(path, kinds, shown(path)))
        except ProjectFileError as err:
            problems += err.problems
    if problems:
        raise ProjectFileError(problems)
    return Catalogue(tuple(sorted(specs, key=lambda s: (s.order, s.id))))
