"""Slide-ready charts, all in one style (``qnindex.mplstyle``), labelled in vi or en.

Every chart: 16:9 (13.333 x 7.5 in), the year in the title, a source line from the data's provenance, numbers
formatted for the locale (decimal comma in vi), colour with one meaning everywhere (Okabe–Ito palette, colour-blind
safe): the province blue, context grey, tiers in one sequence, best green, worst vermilion. Illustrative values are
drawn hatched. One module per concern: ``style`` (sizes, colours, texts, helpers), ``units`` (the province's own
units), ``national`` (one year's national rankings), ``trends`` (over the years), ``maps``, ``output`` (saving).
A chart receives the year (``YearData``: its tables, its project and settings) and the index it draws; none loads
any data: ``charts.unit_ranking(data, "sipas_qn", "vi")``.
"""
from qnindex.render.charts.maps import QUARTILE_COLORS, dimension_maps, province_map
from qnindex.render.charts.national import panel_dimensions, province_ranking, scorecard
from qnindex.render.charts.output import DPI, palette_png, save
from qnindex.render.charts.style import (COLORS, MEDIUM, MIN_SLIDE_PT, SIZE, SLIDE_WIDTH_IN, SMALL, _fit, texts,
                                         use_style)
from qnindex.render.charts.trends import dimension_trends, own_trends, rank_trajectories, rate_trend, score_trends
from qnindex.render.charts.units import (UNIT_ROWS, components_chart, criteria_shares, points_against_maximum,
                                         points_distribution, unit_ranking)

__all__ = ["COLORS", "DPI", "MEDIUM", "MIN_SLIDE_PT", "QUARTILE_COLORS", "SIZE", "SLIDE_WIDTH_IN", "SMALL", "UNIT_ROWS",
           "_fit", "components_chart", "criteria_shares", "dimension_maps", "dimension_trends", "own_trends",
           "palette_png", "panel_dimensions", "points_against_maximum", "points_distribution", "province_map",
           "province_ranking", "rank_trajectories", "rate_trend", "save", "save_for", "score_trends", "scorecard",
           "texts", "unit_ranking", "use_style"]


def save_for(data, fig, stem) -> list:
    """Save ``fig`` as the year's settings ask (resolution, SVG beside the PNG) with the indices' colours exact."""
    return save(fig, stem, data.settings.dpi, data.settings.svg, tuple(s.color for s in data.specs))
