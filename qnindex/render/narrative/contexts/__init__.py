"""Section contexts: what each section of the narrative states, computed from the year's tidy tables as Facts (the
templates only choose words and print them). ``national``: the national rankings; ``units``: the province's own
assessments; ``overview``: the overview, from the other sections; ``shortcomings``: what fell short, by each index's
rule."""
from qnindex.render.narrative.contexts.national import national_context, panel_context
from qnindex.render.narrative.contexts.overview import overview_context
from qnindex.render.narrative.contexts.shortcomings import shortcomings_context
from qnindex.render.narrative.contexts.units import (GROUP_SUBJECT, block_leaders, components_context, levels_context,
                                                     province_rate, rate_measure, survey_context,
                                                     units_context)

__all__ = ["GROUP_SUBJECT", "block_leaders", "components_context", "levels_context", "national_context",
           "overview_context", "panel_context", "province_rate", "rate_measure", "shortcomings_context",
           "survey_context", "units_context"]
