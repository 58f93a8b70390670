"""Loaders: raw file -> validated tidy table (see ``qnindex.schema``)."""
from qnindex.indices.national import NATIONAL, load_national, load_national_series
from qnindex.indices.papi import load_papi
from qnindex.indices.provincial import INDICES, load_dgi, load_egov, load_online_services, load_par_qn, load_unit_index
from qnindex.indices.sipas import load_sipas
from qnindex.indices.targets import load_targets, load_tiers, target_for, tier_name

__all__ = [
    "NATIONAL", "INDICES", "load_national", "load_national_series", "load_papi", "load_sipas", "load_dgi",
    "load_egov", "load_par_qn", "load_online_services", "load_unit_index", "load_targets", "load_tiers",
    "target_for", "tier_name",
]
