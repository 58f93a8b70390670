"""What one run is asked for, as one object: made once at the edge — by the command from its flags and the
environment (``qnindex.pipeline.environment``), or by a notebook's parameters cell — and passed down. Nothing
below the command reads a setting from anywhere else, so one process can hold two settings at once (the packs of two
provinces built side by side) and every signature says what it depends on.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from qnindex.core.paths import default_root

DPI = 200  # the charts' resolution: 200 dpi is slide-ready (2666 x 1500 px); a draft asks for less
YEARS = (2000, 2100)  # the years qnindex works on, and a tidy table may hold
LANGS = ("vi", "en")
CACHE_FOLDER = ".qnindex-cache"


class SettingError(ValueError):
    """A setting that cannot be used (a resolution out of range ...): the command says so in one line."""


@dataclass(frozen=True)
class Settings:
    """One run's settings.

    ``root``: the project (its ``data/raw``, ``notebooks`` and published packs); ``raw``: the raw data (default
    ``<root>/data/raw``); ``province``: the province the pack is about, as the registry names it (None: the
    project's own, ``data/raw/project.yml``); ``langs``: the pack's languages; ``dpi`` and ``svg``: the charts'
    resolution and whether an SVG is written beside each PNG; ``intervals``: survey rates with their 95 % interval;
    ``issuer``: who issues the pack, when not the project file's; ``cache``: the folder of the disk cache (True: the
    project's ``.qnindex-cache``; None: no cache); ``job``: run by ``qnindex report`` (the notebook writes into the
    pack being built and draws each chart once, to its file).
    """

    root: Path = field(default_factory=default_root)
    raw: Path | None = None
    province: str | None = None
    langs: tuple[str, ...] = LANGS
    dpi: int = DPI
    svg: bool = False
    intervals: bool = True
    issuer: str | None = None
    cache: Path | bool | None = True
    job: bool = False

    def __post_init__(self) -> None:
        root = Path(self.root).resolve()
        object.__setattr__(self, "root", root)
        if self.raw is not None:
            raw = Path(self.raw)
            object.__setattr__(self, "raw", (raw if raw.is_absolute() else root / raw).resolve())
        if isinstance(self.cache, (str, Path)):
            object.__setattr__(self, "cache", Path(self.cache).resolve())
        object.__setattr__(self, "langs", tuple(self.langs))
        if isinstance(self.dpi, bool) or not isinstance(self.dpi, int) or not 10 <= self.dpi <= 1200:
            raise SettingError(f"the charts' resolution must be a whole number of dots per inch from 10 to 1200, "
                               f"not {self.dpi!r}")
        unknown = [lang for lang in self.langs if lang not in LANGS]
        if unknown or not self.langs:
            raise SettingError(f"languages must be among {', '.join(LANGS)}: {', '.join(unknown) or 'none given'}")

    @property
    def raw_dir(self) -> Path:
        """The raw data: read, never written."""
        return self.raw if self.raw is not None else self.root / "data" / "raw"

    @property
    def cache_dir(self) -> Path | None:
        """The disk cache's folder (None: no cache)."""
        if self.cache is True:
            return self.root / CACHE_FOLDER
        return self.cache or None

    @property
    def notebooks_dir(self) -> Path:
        """The project's notebooks (jupytext percent scripts)."""
        return self.root / "notebooks"

    def but(self, **changes) -> "Settings":
        """The same settings with ``changes`` (``settings.but(dpi=100)``)."""
        return replace(self, **changes)

    def as_parameters(self, folder: Path | None = None) -> dict:
        """The settings that differ from the defaults, as a notebook's ``settings`` parameter (JSON: what papermill
        injects). Paths are written relative — the root to the notebook's ``folder`` (where papermill runs it), the
        others to the root — so the executed notebook holds no path of the machine that ran it."""
        default = Settings(root=self.root)
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "root":
                if value != default_root():
                    out["root"] = _relative(value, folder) if folder is not None else str(value)
            elif value != getattr(default, f.name):
                out[f.name] = _relative(value, self.root) if isinstance(value, Path) else \
                    list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_parameters(cls, values: dict | None = None, **given) -> "Settings":
        """Settings from a notebook's parameters (``as_parameters``'s dict, plus the notebook's own ``raw_dir`` and
        ``lang``, given by name). A relative root is the notebook's folder's (papermill and JupyterLab run a notebook
        in its folder), other relative paths the root's."""
        values = {**(values or {}), **{k: v for k, v in given.items() if v is not None}}
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise SettingError(f"unknown settings: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        if "langs" in values and isinstance(values["langs"], str):
            values["langs"] = tuple(code.strip() for code in values["langs"].split(",") if code.strip())
        root = Path(values.pop("root", None) or default_root())
        if isinstance(values.get("cache"), str):
            values["cache"] = _from_root(values["cache"], root)
        return cls(root=root, **values)


def _relative(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` (with '..' where it lies outside; as it is on another drive)."""
    import os

    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return str(path)


def _from_root(path: str | Path, root: Path) -> Path:
    p = Path(path)
    return p if p.is_absolute() else root / p
