"""Settings of the pack that are not data: which province it is about, who issues it, the charts' resolution."""
from __future__ import annotations

import os

# The province a project is about when its project file (data/raw/project.yml) says nothing: Quảng Ninh.
DEFAULT_PROVINCE = "Quảng Ninh"
PROJECT_FILE = "project.yml"


def project_settings() -> dict:
    """``data/raw/project.yml``: the project's province and issuer (read again when edited)."""
    from qnindex.core.paths import raw_dir

    from qnindex.core.yamlfile import read_yaml

    path = raw_dir() / PROJECT_FILE
    return read_yaml(path) if path.is_file() else {}


def home_province() -> str:
    """The province whose own assessments the project's raw data hold (its project file; Quảng Ninh by default)."""
    return str(project_settings().get("province") or DEFAULT_PROVINCE)


def province() -> str:
    """The province this run's pack is about, as named: ``QNINDEX_PROVINCE`` (``qnindex report --province``), else
    the project's own. Charts highlight it; the narrative, scorecard and deck state its values and ranks."""
    return os.environ.get("QNINDEX_PROVINCE") or home_province()


def is_home() -> bool:
    """Is the pack about the project's own province (whose own assessments are in data/raw)?"""
    from qnindex.core.text import name_key, strip_prefix

    return strip_prefix(name_key(province())) == strip_prefix(name_key(home_province()))


def issuer(lang: str) -> str | None:
    """Who issues the pack: ``QNINDEX_ISSUER``, else the project file's issuer for its own province; None for another
    province (the deck then names that province's People's Committee)."""
    if os.environ.get("QNINDEX_ISSUER"):
        return os.environ["QNINDEX_ISSUER"]
    named = project_settings().get("issuer") or {}
    return str(named[lang]) if is_home() and lang in named else None


# Resolution of the chart PNGs: 200 dpi is slide-ready (2666 x 1500 px); QNINDEX_DPI (``qnindex report --dpi``)
# asks for a lower one for a quick draft.
DPI = 200


class SettingError(ValueError):
    """A setting given in the environment (``QNINDEX_DPI`` ...) that cannot be used: the command says so in one line."""


def chart_dpi() -> int:
    """The charts' resolution for this run: QNINDEX_DPI when set (50–600), else 200."""
    import os

    text = os.environ.get("QNINDEX_DPI", "").strip()
    if not text:
        return DPI
    if not text.isdigit() or not 50 <= int(text) <= 600:
        from qnindex.core.messages import text as message

        raise SettingError(str(message("cli.bad_dpi", typed=repr(text))))
    return int(text)


def settle_heap() -> None:
    """In a batch process, after the libraries are imported: collect once, then exempt every object alive now
    (libraries, loaded caches) from later collections. Python's collector otherwise walks the whole heap some
    ten times per year built (~0.6 s of CPU to find a few cycles); objects made later are collected as usual."""
    import gc

    gc.collect()
    gc.freeze()
