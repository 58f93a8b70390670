"""Section contexts: what each section of the narrative states, computed from the year's tidy tables as Facts (the
templates only choose words and print them). ``national``: the national rankings; ``units``: the province's own
assessments; ``overview``: the overview and the shortcomings, from the other sections."""
from qnindex.render.narrative.contexts.national import national_context, papi_context
from qnindex.render.narrative.contexts.overview import overview_context, shortcomings_context
from qnindex.render.narrative.contexts.units import (GROUP_SUBJECT, block_leaders, dgi_context, egov_context,
                                                     intervals_on, online_measure, sipas_qn_context, units_context)

__all__ = ["GROUP_SUBJECT", "block_leaders", "dgi_context", "egov_context", "intervals_on", "national_context",
           "online_measure", "overview_context", "papi_context", "shortcomings_context", "sipas_qn_context",
           "units_context"]
