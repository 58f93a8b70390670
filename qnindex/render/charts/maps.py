"""Maps of the provinces by score quartile, the province the pack is about outlined."""
from __future__ import annotations

from functools import lru_cache

from matplotlib.patches import Patch
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from qnindex.core.messages import words
from qnindex.core.formatting import fmt_number
from qnindex.data import registry
from qnindex.indices.panel import DIMENSIONS, dimension_label
from qnindex.render.charts.style import (COLORS, MEDIUM, SMALL, _figure, _finish, _legend_top, _totals, _wrap,
                                         source_height, texts)


QUARTILE_COLORS = ["#1A9641", "#A6D96A", "#FDAE61", "#D7191C"]  # best, high-average, low-average, poorest


ARCHIPELAGOS = {"vi": (("Quần đảo\nHoàng Sa", 112.3, 17.6), ("Quần đảo\nTrường Sa", 114.0, 8.7)),
                "en": (("Hoang Sa\n(Paracel) Islands", 112.3, 17.6), ("Truong Sa\n(Spratly) Islands", 114.0, 8.7))}


# small multiples: one line, the archipelagos' names only (the full names are on the single map)
ARCHIPELAGOS_SHORT = {"vi": (("Hoàng Sa", 112.3, 17.0), ("Trường Sa", 114.0, 8.3)),
                      "en": (("Hoang Sa", 112.3, 17.0), ("Truong Sa", 114.0, 8.3))}


MAP_TEXT = words("maps")  # core/messages.yml, domain maps


def _bands(values: pd.Series) -> tuple[pd.Series, list[tuple[float, float]]]:
    """Quartile band of each value (0 = best) and each band's score range, PAPI's convention."""
    q = values.quantile([0.25, 0.5, 0.75]).tolist()
    band = values.map(lambda v: 0 if v >= q[2] else 1 if v >= q[1] else 2 if v >= q[0] else 3)
    ranges = [(float(values[band == b].min()), float(values[band == b].max())) for b in range(4)]
    return band, ranges


def _outlines(project, year: int) -> tuple[tuple[str, ...], tuple, tuple[str, ...], tuple]:
    """The provinces of ``year`` as matplotlib paths, and the parts east of 110.5°E (the archipelagos) apart, from
    the project's boundary file."""
    from qnindex.data.boundaries import boundary_file

    return _outlines_of(project.cache, boundary_file(project.raw), year)


@lru_cache(maxsize=4)
def _outlines_of(cache, path, year: int) -> tuple[tuple[str, ...], tuple, tuple[str, ...], tuple]:
    """Built once per boundary file, year and code (disk cache: a warm run needs no geopandas) and drawn by every
    map (geopandas' own ``plot`` redraws the whole figure after each call); the rings are normalised as
    geopandas does, so the pixels are the same."""
    return cache.file(f"outlines-{year}", [path], lambda: _outline_paths(path, year))


def _outline_paths(boundary, year: int) -> tuple[tuple[str, ...], tuple, tuple[str, ...], tuple]:
    from matplotlib.path import Path as MplPath

    from qnindex.data.boundaries import provinces

    def path(polygon) -> MplPath:
        rings = [MplPath(np.asarray(r.coords)[:, :2], closed=True)
                 for part in getattr(polygon, "geoms", [polygon]) for r in (part.exterior, *part.interiors)]
        return MplPath.make_compound_path(*rings)

    geo = provinces(year, boundary)
    units = tuple(geo["unit_id"])
    shapes = tuple(path(g) for g in geo.geometry.normalize())
    parts = geo.explode(index_parts=False)
    parts = parts[parts.geometry.bounds["minx"] > 110.5]  # Hoàng Sa (Đà Nẵng), Trường Sa (Khánh Hòa)
    return units, shapes, tuple(parts["unit_id"]), tuple(path(g) for g in parts.geometry.normalize())


def _add_shapes(ax, shapes, **style) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    ax.add_collection(PatchCollection([PathPatch(s) for s in shapes], **style), autolim=True)


def _draw_map(ax, data, scores: pd.Series, lang: str, label_focus: str | None,
              compact: bool = False) -> list[tuple[float, float]]:
    """Provinces coloured by quartile band, the focus province outlined, both archipelagos labelled (``compact``:
    a small multiple — a thinner outline and the archipelagos' names on one line)."""
    known = scores.dropna()
    band, ranges = _bands(known)
    units, shapes, island_units, islands = _outlines(data.project, data.year)
    colors = {u: QUARTILE_COLORS[int(band[u])] if u in band.index else "#E6E6E6" for u in units}
    _add_shapes(ax, shapes, facecolor=[colors[u] for u in units], edgecolor="white", linewidth=0.3)
    focus = [s for u, s in zip(units, shapes) if u in data.focus.ids]
    _add_shapes(ax, focus, facecolor="none", edgecolor=COLORS["qn"], linewidth=1.2 if compact else 2.2)
    _add_shapes(ax, islands, facecolor=[colors[u] for u in island_units], edgecolor="#555555", linewidth=1.2)
    for name, x, y in (ARCHIPELAGOS_SHORT if compact else ARCHIPELAGOS)[lang]:
        ax.text(x, y, name, ha="center", va="center", fontsize=SMALL, color="#333333", style="italic",
                linespacing=1.0)
    if label_focus and focus:  # the label points at the province the pack is about, wherever it lies
        (x0, y0), (x1, y1) = np.min([p.vertices.min(axis=0) for p in focus], axis=0), \
            np.max([p.vertices.max(axis=0) for p in focus], axis=0)
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        ax.annotate(label_focus, xy=(x, y), xytext=(min(x + 1.6, 110.5), min(y + 1.4, 22.9)), fontsize=MEDIUM,
                    fontweight="bold", color=COLORS["qn"], arrowprops={"arrowstyle": "-", "color": COLORS["qn"]})
    ax.set_xlim(102, 117.5)
    ax.set_ylim(7.2, 23.6)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ranges


def province_map(data, index: str, lang: str = "vi", component: str = "total") -> plt.Figure:
    """A map of the provinces coloured by quartile band (PAPI's four colours, the legend gives each band's
    score range) beside the ten leading provinces; the focus province outlined and labelled with its score and rank."""
    from qnindex.data.boundaries import ATTRIBUTION

    t, m = texts(data, lang), MAP_TEXT[lang]
    tidy = data.current[index]
    year = int(tidy["year"].iloc[0])
    d = _totals(tidy) if component == "total" else tidy[tidy["component"] == component]
    scores = d.set_index("unit_id")["value"].astype(float)
    fig = _figure(data)
    source = f"{data.project.source_line(index, year, lang)} {ATTRIBUTION[lang]}."
    ax = fig.add_axes((0.0, source_height(source), 0.58, 0.93 - source_height(source)))
    ranked = scores.dropna().sort_values(ascending=False)
    focus = next((scores[u] for u in sorted(data.focus.ids) if u in scores.index), None)
    label = None
    if focus is not None and focus == focus:
        rank = int((ranked > focus).sum() + 1)
        label = f"{t['qn']}: {fmt_number(focus, 2, lang)} ({rank}/{len(ranked)})"
    ranges = _draw_map(ax, data, scores, lang, label)
    handles = [Patch(color=c, label=f"{name}: {fmt_number(lo, 2, lang)}–{fmt_number(hi, 2, lang)}")
               for c, name, (lo, hi) in zip(QUARTILE_COLORS, m["bands"], ranges) if lo == lo]
    handles.append(Patch(color="#E6E6E6", label=m["none"]))
    side = fig.add_axes((0.60, source_height(source) + 0.01, 0.38, 0.90 - source_height(source)))
    side.legend(handles=handles, loc="lower left", frameon=False, borderaxespad=0)
    side.set_axis_off()
    side.text(0, 1.0, m["top"], fontsize=MEDIUM, fontweight="bold", va="top", transform=side.transAxes)
    for i, (u, v) in enumerate(ranked.head(10).items()):
        rank = int((ranked > v).sum() + 1)
        color = COLORS["qn"] if u in data.focus.ids else "#222222"
        y = 0.915 - i * 0.056
        side.text(0.0, y, f"{rank}.", fontsize=SMALL, color=color, va="center", transform=side.transAxes)
        side.text(0.1, y, registry.name_in_year(u, year, lang, short=True), fontsize=SMALL, color=color, va="center",
                  fontweight="bold" if u in data.focus.ids else "normal", transform=side.transAxes)
        side.text(0.95, y, fmt_number(v, 2, lang), fontsize=SMALL, color=color, va="center", ha="right",
                  transform=side.transAxes)
    title = m["title"].format(index=data.spec(index).short(lang) if component == "total" else
                              dimension_label(component, lang), year=year)
    return _finish(fig, title, source, tight=False)


def dimension_maps(data, index: str, lang: str = "vi") -> plt.Figure:
    """A panel's dimensions (PAPI: ``index``) as small multiples of the map, each coloured by its own quartile
    bands."""
    from qnindex.data.boundaries import ATTRIBUTION

    table = data.current[index]
    year = int(table["year"].iloc[0])
    dims = [cid for cid, _vi, _en in DIMENSIONS.values() if cid in set(table["component"])]
    fig = _figure(data)
    cols = 4
    rows = (len(dims) + cols - 1) // cols
    source = f"{data.project.source_line(index, year, lang)} {ATTRIBUTION[lang]}."
    bottom, top = source_height(source), 0.86
    height = (top - bottom) / rows
    for i, cid in enumerate(dims):
        ax = fig.add_axes((0.01 + (i % cols) * 0.245, bottom + (rows - 1 - i // cols) * height, 0.235, height - 0.09))
        d = table[table["component"] == cid].set_index("unit_id")["value"].astype(float)
        _draw_map(ax, data, d, lang, None, compact=True)
        ax.set_title(_wrap(dimension_label(cid, lang), 22), fontsize=SMALL, linespacing=1.0, pad=2)
    m = MAP_TEXT[lang]
    handles = [Patch(color=c, label=name) for c, name in zip(QUARTILE_COLORS, m["short"])]
    scored = set(table.dropna(subset=["value"])["unit_id"])
    if not set(_outlines(data.project, year)[0]) <= scored:  # grey only where a province has no score
        handles.append(Patch(color="#E6E6E6", label=m["none"]))
    handles.append(Patch(facecolor="white", edgecolor=COLORS["qn"], linewidth=1.6, label=data.focus.label(lang)))
    _legend_top(fig, handles)
    return _finish(fig, m["dims"].format(index=data.spec(index).short(lang), year=year), source, tight=False)
