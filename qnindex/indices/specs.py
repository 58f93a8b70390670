"""The index registry: one declarative spec per index, and every list of indices derived from it.

An index's spec says what a newcomer would otherwise have to collect from a dozen modules: its names,
where its raw files are and in which formats, how it is loaded, the level of its units, how its
values are written (kind, decimals, maximum), its colour, charts, narrative template, table sheet,
notebook and the years it exists. Adding an index is adding a spec here (plus its data, its
``PROVENANCE.yml`` and, for a new kind of section, its templates).
"""
from __future__ import annotations

from dataclasses import dataclass, field
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
class IndexSpec:
    """Everything qnindex knows about one index.

    ``loader``: ``national`` (a ministry's table of provinces), ``papi`` (the sub-dimension panel),
    ``survey`` (the province's satisfaction survey, with respondents) or ``units`` (the province's own
    assessment of its units, one row per unit with component columns).
    """

    id: str
    loader: str
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
    raw_stem: str = ""               # file stem before _<year> (default: the id); "" + papi: <year>.csv
    formats: tuple[str, ...] = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
    later_groups: tuple = ()          # (from_year, groups): the units assessed after a reform (2025: no districts)
    producer_vi: str = ""
    producer_en: str = ""
    shortcoming: str = ""            # the rule that finds what fell short in it (render/narrative/contexts/shortcomings)
    extra: dict = field(default_factory=dict)

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
        """The raw file's name without extension for ``year`` (``dgi_2019``; PAPI: ``2019``)."""
        return str(year) if self.loader == "papi" else f"{self.raw_stem or self.id}_{year}"

    @property
    def national(self) -> bool:
        """Provinces ranked nationally (PAR INDEX, SIPAS, PAPI, ICT Index, PCI, DTI)."""
        return self.level == "province" and self.loader in ("national", "papi")

    @property
    def panel(self) -> bool:
        """A panel of provinces scored on dimensions (PAPI): its history is drawn dimension by dimension."""
        return self.loader == "papi"

    @property
    def weighted_by_respondents(self) -> bool:
        """A survey of units whose averages weigh each unit by its respondents (the provincial SIPAS)."""
        return self.loader == "survey"

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


DGI_COMPONENTS = (
    Component("participation", 100, "Sự tham gia của người dân", "Citizen participation", ("tham gia",),
              "Tham gia", "Participation"),
    Component("transparency", 100, "Công khai, minh bạch", "Transparency", ("minh bạch",), "Minh bạch",
              "Transparency"),
    Component("accountability", 100, "Trách nhiệm giải trình", "Accountability", ("giải trình",), "Giải trình",
              "Accountability"),
    Component("corruption_control", 100, "Kiểm soát tham nhũng", "Control of corruption", ("tham nhũng",),
              "Kiểm soát tham nhũng", "Anti-corruption"),
    Component("procedures", 100, "Thủ tục hành chính", "Administrative procedures", ("thủ tục hành chính",),
              "Thủ tục hành chính", "Procedures"),
    Component("service_delivery", 100, "Cung ứng dịch vụ công", "Public service delivery", ("dịch vụ công",),
              "Dịch vụ công", "Public services"),
    Component("environment", 100, "Quản trị môi trường", "Environmental governance", ("môi trường",),
              "Môi trường", "Environment"),
    Component("e_governance", 100, "Quản trị điện tử", "E-governance", ("quản trị điện tử",), "Quản trị điện tử",
              "E-governance"),
)
ICT_COMPONENTS = (
    Component("technical_infrastructure", 1.0, "Hạ tầng kỹ thuật", "Technical infrastructure",
              ("hạ tầng kỹ thuật", "ha tang ky thuat")),
    Component("human_resources", 1.0, "Hạ tầng nhân lực", "Human resources",
              ("hạ tầng nhân lực", "nhân lực", "ha tang nhan luc")),
    Component("it_application", 1.0, "Ứng dụng CNTT", "IT application", ("ứng dụng cntt", "ung dung cntt")),
)

BUILTIN_SPECS: tuple[IndexSpec, ...] = (
    # ------------------------------------------------------------------ national rankings
    IndexSpec("par_index", "national", "Chỉ số cải cách hành chính (PAR INDEX)",
              "Public Administration Reform Index (PAR INDEX)", "PAR INDEX", "PAR INDEX",
              "province", ("province",), "score", "pct", 2, 100.0, "#0072B2", "national",
              ("scorecard", "rank_trajectories", "ranking"), "par_index", "PAR INDEX", "PAR INDEX", first_year=2012),
    IndexSpec("sipas", "national", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
              "Satisfaction Index of Public Administrative Services (SIPAS)", "SIPAS", "SIPAS",
              "province", ("province",), "rate", "pct", 2, 100.0, "#009E73", "national",
              ("scorecard", "rank_trajectories", "ranking"), "sipas", "SIPAS", "SIPAS", first_year=2017),
    IndexSpec("papi", "papi", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
              "Provincial Governance and Public Administration Performance Index (PAPI)", "PAPI", "PAPI",
              "province", ("province",), "score", "num", 2, 80.0, "#CC79A7", "papi",
              ("scorecard", "rank_trajectories", "ranking", "papi_dimensions"), "papi", "PAPI", "PAPI",
              first_year=2011, shortcoming="weakest_dimension"),
    IndexSpec("ict_index", "national", "Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT (ICT Index)",
              "ICT readiness index (Vietnam ICT Index)", "ICT Index", "ICT Index",
              "province", ("province",), "score", "num", 4, 1.0, "#E69F00", "national",
              ("scorecard", "rank_trajectories", "ranking"), "ict_index", "ICT Index", "ICT Index",
              first_year=2006, last_year=2023, no_edition=(2021,), successor="dti", components=ICT_COMPONENTS),
    IndexSpec("pci", "national", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
              "Provincial Competitiveness Index (PCI)", "PCI", "PCI",
              "province", ("province",), "score", "num", 2, 100.0, "#56B4E9", "national",
              ("scorecard", "rank_trajectories", "ranking"), "pci", "PCI", "PCI", first_year=2005),
    IndexSpec("dti", "national", "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
              "Provincial Digital Transformation Index (DTI)", "DTI", "DTI",
              "province", ("province",), "score", "num", 4, 1.0, "#8C6BB1", "national",
              ("scorecard", "rank_trajectories", "ranking"), "dti", "DTI", "DTI", first_year=2020),
    # ------------------------------------------------------------------ the province's own assessments
    IndexSpec("par_qn", "units", "Chỉ số cải cách hành chính các sở, ngành, địa phương",
              "Provincial PAR index of departments, localities and central agencies", "Chỉ số CCHC của tỉnh",
              "Provincial PAR", "provincial", ("department", "district", "central"), "points", "pct", 2,
              100.0, "#0072B2", "overview", (), "par_qn", "CCHC sở ngành, địa phương", "Provincial PAR",
              later_groups=(2025, ("department", "commune", "central")), components=(
                  Component("direction", 10, "Công tác chỉ đạo, điều hành", "Direction and management",
                            ("chỉ đạo",)),
                  Component("institutions", 10, "Cải cách thể chế", "Institutional reform", ("thể chế",)),
                  Component("procedures", 15, "Cải cách thủ tục hành chính", "Administrative procedures",
                            ("thủ tục",)),
                  Component("organisation", 10, "Cải cách tổ chức bộ máy", "Organisational reform",
                            ("tổ chức bộ máy",)),
                  Component("civil_service", 15, "Cải cách chế độ công vụ", "Civil service reform", ("công vụ",)),
                  Component("public_finance", 10, "Cải cách tài chính công", "Public finance reform",
                            ("tài chính công",)),
                  Component("e_government", 15, "Xây dựng chính quyền điện tử", "E-government",
                            ("chính quyền điện tử",)),
                  Component("impact", 15, "Tác động của cải cách hành chính", "Impact of reform", ("tác động",)),
              ), total_rule="sum"),
    IndexSpec("sipas_qn", "survey", "Mức độ hài lòng của người dân, tổ chức với các cơ quan, đơn vị",
              "Satisfaction with the province's agencies (provincial SIPAS)", "SIPAS cấp tỉnh", "Provincial SIPAS",
              "provincial", ("department", "district", "central"), "rate", "pct", 2, 100.0, "#009E73", "sipas",
              ("sipas_units",), "sipas_qn", "SIPAS cấp tỉnh", "Provincial SIPAS",
              later_groups=(2025, ("department", "commune", "central")), shortcoming="low_satisfaction"),
    IndexSpec("ddci", "units", "Chỉ số năng lực cạnh tranh cấp sở, ngành, địa phương (DDCI)",
              "Department and District Competitiveness Index (DDCI)", "DDCI", "DDCI",
              "provincial", ("department", "district", "central"), "points", "num", 2, 100.0, "#0072B2",
              "overview", (), "ddci", "DDCI", "DDCI", first_year=2016,
              later_groups=(2025, ("department", "commune", "central"))),
    IndexSpec("dgi", "units", "Chỉ số hiệu quả quản trị và hành chính công cấp huyện (DGI)",
              "District Governance Index (DGI)", "DGI", "DGI",
              "district", ("district",), "score", "pct", 2, 100.0, "#0072B2", "dgi",
              ("dgi",), "dgi", "DGI", "DGI", last_year=2024, components=DGI_COMPONENTS, total_rule="mean"),
    IndexSpec("dti_qn", "units", "Chỉ số chuyển đổi số các sở, ngành, địa phương của tỉnh",
              "Digital transformation index of the province's departments and localities", "DTI cấp tỉnh",
              "Provincial DTI", "provincial", ("department", "district", "commune"), "points", "num", 2, 100.0,
              "#0072B2", "overview", (), "dti_qn", "DTI sở ngành, địa phương", "Provincial DTI", first_year=2020,
              later_groups=(2025, ("department", "commune"))),
    IndexSpec("egov_department", "units", "Mức độ chính quyền điện tử cấp sở, ngành",
              "E-government maturity, departments", "CQĐT sở, ngành", "E-gov departments",
              "provincial", ("department",), "points", "num", 1, 100.0, "#0072B2", "egov",
              ("egov_departments",), "egov", "CQĐT sở ngành", "E-gov departments", components=(
                  Component("infrastructure", 20, "Hạ tầng kỹ thuật CNTT", "ICT infrastructure", ("hạ tầng",)),
                  Component("application", 60, "Ứng dụng và đầu tư CNTT", "Application and investment",
                            ("ứng dụng",)),
                  Component("human_resources", 20, "Nhân lực CNTT", "Human resources", ("nhân lực",)),
              ), total_rule="sum", shortcoming="below_tier"),
    IndexSpec("egov_district", "units", "Mức độ chính quyền điện tử cấp huyện",
              "E-government maturity, districts", "CQĐT cấp huyện", "E-gov districts",
              "district", ("district",), "points", "num", 1, 170.0, "#0072B2", "egov",
              ("egov_districts",), "egov", "CQĐT cấp huyện", "E-gov districts", last_year=2024, components=(
                  Component("readiness", 50, "Mức độ sẵn sàng", "Readiness", ("sẵn sàng",)),
                  Component("results", 100, "Kết quả đạt được", "Results", ("kết quả",)),
                  Component("provincial", 20, "Tiêu chí của tỉnh", "Provincial criteria",
                            ("tiêu chí tỉnh", "tiêu chí của tỉnh")),
              ), total_rule="sum"),
    IndexSpec("egov_commune", "units", "Mức độ chính quyền điện tử cấp xã",
              "E-government maturity, communes", "CQĐT cấp xã", "E-gov communes",
              "commune", ("commune",), "points", "num", 1, 100.0, "#0072B2", "egov",
              ("egov_communes",), "egov", "CQĐT cấp xã", "E-gov communes", components=(
                  Component("readiness", 30, "Mức độ sẵn sàng", "Readiness", ("sẵn sàng",)),
                  Component("results", 60, "Kết quả đạt được", "Results", ("kết quả",)),
                  Component("provincial", 10, "Tiêu chí của tỉnh", "Provincial criteria",
                            ("tiêu chí tỉnh", "tiêu chí của tỉnh")),
              ), total_rule="sum"),
    IndexSpec("online_services", "units", "Tỷ lệ hồ sơ trực tuyến mức độ 3, 4",
              "Share of applications filed online (levels 3-4)", "DVC trực tuyến", "Online services",
              "province", ("province",), "rate", "pct", 2, 100.0, "#0072B2", "overview", ("rate_trend",), "egov",
              shortcoming="target_missed"),
)

SPEC_FILE = "index.yml"
TUPLE_FIELDS = ("groups", "charts", "no_edition", "formats")
KINDS = ("national", "papi", "survey", "units")
SHORTCOMING_RULES = ("low_satisfaction", "below_tier", "target_missed", "weakest_dimension")  # what a spec may name


def spec_from_file(path: Path, shown: str | None = None) -> IndexSpec:
    """An index a project adds by data alone: ``data/raw/<id>/index.yml`` holds its spec's fields (``kind``: which
    kind of index it is — ``national``, ``papi``, ``survey`` or ``units``; ``components``: a list of
    {name, max_value, label_vi, label_en, headers}). ``shown``: the file as messages name it."""
    from qnindex.core.errors import Problem, ProjectFileError
    from qnindex.core.messages import text
    from qnindex.core.yamlfile import read_yaml

    shown = shown or str(path)

    def refused(key: str, **params) -> ProjectFileError:
        return ProjectFileError([Problem(shown, None, None, text(f"raw.spec.{key}", **params), text("raw.spec.fix"))])

    fields = dict(read_yaml(path, shown))
    try:
        fields["loader"] = fields.pop("kind")
        fields.setdefault("id", path.parent.name)
        components = tuple(Component(**{**c, "headers": tuple(c.get("headers", ()))})
                           for c in fields.pop("components", None) or ())
        for name in TUPLE_FIELDS:
            if name in fields:
                fields[name] = tuple(fields[name])
        if "later_groups" in fields:
            fields["later_groups"] = (fields["later_groups"][0], tuple(fields["later_groups"][1]))
        spec = IndexSpec(**fields, components=components)
    except (KeyError, TypeError, IndexError) as err:
        raise refused("invalid", reason=err) from None
    if spec.id != path.parent.name or spec.loader not in KINDS:
        raise refused("id_kind", folder=path.parent.name, kinds=", ".join(KINDS))
    if spec.shortcoming and spec.shortcoming not in SHORTCOMING_RULES:
        raise refused("shortcoming", rule=spec.shortcoming, rules=", ".join(SHORTCOMING_RULES))
    return spec


class Catalogue:
    """The indices of one project, in order: the built-in specs, then those its raw folder adds
    (``data/raw/<id>/index.yml``). Every list of indices is asked of it, so a notebook pointed at another raw folder
    gets that folder's indices."""

    def __init__(self, specs: tuple[IndexSpec, ...]) -> None:
        self.specs = tuple(specs)
        self._by_id = {s.id: s for s in self.specs}

    def __iter__(self):
        return iter(self.specs)

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
        return [s.id for s in self.specs if s.loader == "national"]

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

    def first_year(self) -> int:
        """The first year any index has an edition (the earliest year qnindex can build)."""
        return min(s.first_year for s in self.specs if s.first_year is not None)


BUILTIN = Catalogue(BUILTIN_SPECS)  # the bundled indices alone (a project adds its own: ``load_catalogue``)


def load_catalogue(raw: Path, shown=str) -> Catalogue:
    """The built-in indices and those the raw folder ``raw`` adds (``<raw>/<id>/index.yml``, in the order of their
    folders); ``shown`` names a file as messages do."""
    builtin = {s.id for s in BUILTIN_SPECS}
    added = tuple(spec_from_file(p, shown(p)) for p in sorted(Path(raw).glob(f"*/{SPEC_FILE}"))
                  if p.parent.name not in builtin)
    return Catalogue(BUILTIN_SPECS + added)
