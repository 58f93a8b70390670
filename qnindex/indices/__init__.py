"""Loaders: raw file -> validated tidy table (see ``qnindex.data.schema``).

The loaders are imported when first used (``from qnindex.indices import load_sipas``), so that reading the index
specs alone (``qnindex.indices.specs``) does not import pandas and pandera.
"""
from importlib import import_module

_WHERE = {
    "NATIONAL": "national", "load_national": "national", "load_national_series": "national",
    "load_papi": "panel", "load_panel": "panel", "load_sipas": "survey", "load_survey": "survey",
    "load_dgi": "provincial", "load_egov": "provincial",
    "load_online_services": "provincial", "load_par_qn": "provincial", "load_unit_index": "provincial",
    "load_targets": "targets", "load_tiers": "targets", "target_for": "targets", "tier_name": "targets",
}
__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'qnindex.indices' has no attribute {name!r}")
    return getattr(import_module(f"qnindex.indices.{_WHERE[name]}"), name)
