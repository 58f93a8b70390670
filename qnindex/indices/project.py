"""A project opened with its settings: the indices it holds (built-in and its own ``data/raw/<id>/index.yml``), the
province it is about, who issues its packs, where they are published, and its side files (provenance, targets,
conference). Made once from a ``Settings`` — by the command, or by a notebook's setup — and passed down:

    project = open_project(Settings(province="Hải Phòng"))   # qnindex.open_project: with the package's kinds
    data = load_year(2024, project)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qnindex.core.cache import Cache
from qnindex.core.paths import display_path, slug
from qnindex.core.publish import Packs
from qnindex.core.settings import Settings
from qnindex.core.text import name_key, strip_prefix
from qnindex.data import provenance as sidecars
from qnindex.indices.specs import Catalogue, IndexSpec, load_catalogue

if TYPE_CHECKING:  # the registry and the targets read tables: imported when used, so the command starts fast
    from qnindex.data.registry import Focus
    from qnindex.indices.targets import Targets

DEFAULT_PROVINCE = "Quảng Ninh"  # the province of a project whose project file says nothing
PROJECT_FILE = "project.yml"
CONFERENCE_FILE = "conference.yml"


@dataclass(frozen=True)
class Project:
    """One project as a run sees it. ``fault``: a step of publishing where the fault tests end the process."""

    settings: Settings
    specs: Catalogue
    home: str  # the province whose own assessments the raw data hold (project.yml; Quảng Ninh by default)
    fault: str = ""
    named: Catalogue | None = None  # the specs as written ({province_kind} in their names: said per year)

    # ------------------------------------------------------------------ where things are
    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def raw(self) -> Path:
        return self.settings.raw_dir

    def shown(self, path: Path | str) -> str:
        """A path as messages and tables name it (relative to the project's root)."""
        return display_path(path, self.root)

    def folder(self, index: str) -> Path:
        """The raw folder of ``index``."""
        return self.raw / self.spec(index).folder

    @property
    def pack_root(self) -> Path:
        """Where packs are published: the project's root for its own province, ``provinces/<name>/`` (the same
        layout) for a pack about another one, so neither overwrites the other."""
        return self.root if self.is_home else self.root / "provinces" / slug(self.province)

    @property
    def packs(self) -> Packs:
        """The packs published under ``pack_root``, their staging folders and locks."""
        return Packs(self.pack_root, self.fault, self.root)

    @property
    def cache(self) -> Cache:
        return Cache(self.settings.cache_dir, self.root)

    # ------------------------------------------------------------------ the indices
    def spec(self, index: str) -> IndexSpec:
        return self.specs.get(index)

    # ------------------------------------------------------------------ the province
    @property
    def province(self) -> str:
        """The province the pack is about, as named (the settings', else the project's own)."""
        return self.settings.province or self.home

    @property
    def is_home(self) -> bool:
        """Is the pack about the project's own province (whose own assessments are in the raw folder)?"""
        return strip_prefix(name_key(self.province)) == strip_prefix(name_key(self.home))

    @cached_property
    def focus(self) -> "Focus":
        """The province the pack is about, in the registry (its ids in every period)."""
        from qnindex.data.registry import focus_on

        return focus_on(self.province)

    def kind_words(self, year: int) -> dict[str, str]:
        """What the province is in ``year``, per language: 'tỉnh' / 'province', or 'thành phố' / 'city' for a
        centrally-run city (Huế from 2025)."""
        from qnindex.core.messages import say
        from qnindex.data.registry import is_centrally_run

        city = is_centrally_run(self.focus.unit(year), year)
        return {lang: say("common.kind.city" if city else "common.kind.province", lang) for lang in ("vi", "en")}

    def specs_in(self, year: int) -> Catalogue:
        """The indices as a pack of ``year`` names and orders them (the province's kind that year in their names; the
        national rankings first)."""
        return (self.named or self.specs).named_for(self.kind_words(year)).national_first()

    def issuer(self, lang: str) -> str | None:
        """Who issues the pack: the settings' issuer, else the project file's for its own province; None for another
        province (the deck then names that province's People's Committee)."""
        if self.settings.issuer:
            return self.settings.issuer
        named = self.file().get("issuer") or {}
        return str(named[lang]) if self.is_home and lang in named else None

    def file(self) -> dict:
        """``data/raw/project.yml``: the project's province and issuer ({} without one)."""
        return read_project_file(self.settings)

    # ------------------------------------------------------------------ side files
    def provenance(self, index: str) -> dict:
        """The provenance sidecar of ``index`` (producer, source lines, published aggregates)."""
        folder = self.folder(index)
        return sidecars.provenance(folder, self.shown(folder / sidecars.PROVENANCE_FILE))

    def source_line(self, index: str, year: int, lang: str = "vi") -> str:
        """The one-line source shown under a chart or table of ``index``."""
        return self.provenance(index)[f"source_line_{lang}"].format(year=year)

    def reproduces_published(self, index: str, year: int, key: str, value: float) -> bool | None:
        """Does ``value`` equal, to 2 decimals half-up, the aggregate the producer of ``index`` published?"""
        return sidecars.reproduces_published(self.provenance(index), year, key, value)

    def conference(self, year: int) -> dict:
        """The conference that announced ``year``'s results (date, data cut-off)."""
        path = self.raw / CONFERENCE_FILE
        return sidecars.conference(path, year, self.shown(path))

    @property
    def targets(self) -> "Targets":
        """The province's targets and tiers (``data/raw/targets/targets.yml``)."""
        from qnindex.indices.targets import Targets

        path = self.raw / "targets" / "targets.yml"
        return Targets(path, self.shown(path))


def read_project_file(settings: Settings) -> dict:
    """The project file of ``settings``' raw folder ({} when there is none)."""
    from qnindex.core.yamlfile import read_yaml

    path = settings.raw_dir / PROJECT_FILE
    return read_yaml(path, display_path(path, settings.root)) if path.is_file() else {}


def open_project(settings: Settings | None, kinds: Mapping[str, object], fault: str = "") -> Project:
    """The project ``settings`` describe (None: this checkout), its indices read from its raw folder, each given its
    kind of ``kinds`` (name -> kind: ``qnindex.kinds.open_project`` passes the package's)."""
    settings = settings or Settings()
    home = str(read_project_file(settings).get("province") or DEFAULT_PROVINCE)
    specs = load_catalogue(settings.raw_dir, kinds, lambda p: display_path(p, settings.root))
    project = Project(settings, specs, home, fault, named=specs)
    from qnindex.core.messages import say
    from qnindex.data.cities import is_city

    city = is_city(project.province)  # as the province is now (a year's data name it as it was that year)
    return replace(project, specs=specs.named_for(
        {lang: say("common.kind.city" if city else "common.kind.province", lang) for lang in ("vi", "en")}))
