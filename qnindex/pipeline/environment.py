"""The edge: the one module of qnindex that reads environment variables. The command makes its ``Settings`` here,
from its flags and the environment, and passes them down; nothing below reads a variable.

    QNINDEX_ROOT       the project's folder (default: the checkout holding the package)
    QNINDEX_RAW        its raw data (default: <root>/data/raw)
    QNINDEX_CACHE      the disk cache's folder (default: <root>/.qnindex-cache); QNINDEX_NO_CACHE=1: no cache
    QNINDEX_PROVINCE   the province a pack is about (``--province``)
    QNINDEX_ISSUER     who issues the pack, for one run
    QNINDEX_DPI        the charts' resolution (``--dpi``); QNINDEX_SVG=1: SVG too (``--svg``)
    QNINDEX_INTERVALS  0: survey rates without their sampling intervals
    QNINDEX_FAULT      a step of publishing where the process ends (the fault tests' hook)
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from qnindex.core.messages import text
from qnindex.core.settings import DPI, LANGS, Settings, SettingError


def settings_from_environment(environ: Mapping[str, str] | None = None, *, province: str | None = None,
                              langs: tuple[str, ...] | None = None, dpi: int | None = None,
                              svg: bool | None = None) -> Settings:
    """The run's settings: the command's flags (given here), else the environment's variables, else the defaults."""
    env = os.environ if environ is None else environ
    root = env.get("QNINDEX_ROOT")
    cache: Path | bool | None = True
    if env.get("QNINDEX_NO_CACHE"):
        cache = None
    elif env.get("QNINDEX_CACHE"):
        cache = Path(env["QNINDEX_CACHE"])
    return Settings(**({"root": Path(root)} if root else {}),
                    raw=Path(env["QNINDEX_RAW"]) if env.get("QNINDEX_RAW") else None,
                    province=province or env.get("QNINDEX_PROVINCE") or None,
                    langs=tuple(langs or LANGS),
                    dpi=dpi if dpi is not None else _dpi(env.get("QNINDEX_DPI", "")),
                    svg=bool(svg) or env.get("QNINDEX_SVG") == "1",
                    intervals=env.get("QNINDEX_INTERVALS", "1") != "0",
                    issuer=env.get("QNINDEX_ISSUER") or None,
                    cache=cache)


def fault_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The step of publishing where the fault tests end the process (``QNINDEX_FAULT``), or ''."""
    env = os.environ if environ is None else environ
    return env.get("QNINDEX_FAULT", "")


def _dpi(typed: str) -> int:
    typed = typed.strip()
    if not typed:
        return DPI
    if not typed.isdigit() or not 50 <= int(typed) <= 600:
        raise SettingError(str(text("cli.bad_dpi", typed=repr(typed))))
    return int(typed)
