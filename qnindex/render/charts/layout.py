"""Fitting a chart's axes between its title and its source line: matplotlib's tight layout, with each axes'
decorations measured once.

matplotlib's ``TightLayoutEngine`` fits the axes into a rectangle in two passes, and each pass measures every axes'
tick labels, titles and labels again (a third of the time it takes to draw a chart). The measures cannot change
between the passes (nothing moves until the end), so ``fit`` takes them once and runs matplotlib's arithmetic on
them twice: the same subplot parameters, to the last bit, for half the work.
"""
from __future__ import annotations

import warnings

import matplotlib as mpl
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox

PAD = 1.08  # matplotlib's padding around the axes, in font sizes


def _subplotspec(ax):
    """The grid cell ``ax`` was laid out in, or None when the layout cannot move it (as matplotlib decides)."""
    locator = ax.get_axes_locator() or ax
    spec = locator.get_subplotspec() if hasattr(locator, "get_subplotspec") else None
    if spec is None:
        return None
    spec = spec.get_topmost_subplotspec()
    return None if spec.get_gridspec().locally_modified_subplot_params() else spec


def _spaces(fig, renderer, groups: dict, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """How far each grid cell's decorations reach beyond its axes, left/right (``hspaces``) and top/bottom
    (``vspaces``), in figure fractions: the measure both passes share."""
    rows, cols = shape
    vspaces, hspaces = np.zeros((rows + 1, cols)), np.zeros((rows, cols + 1))
    for spec, axes in groups.items():
        visible = [ax for ax in axes if ax.get_visible()]
        if not visible:
            continue
        gs_rows, gs_cols = spec.get_gridspec().get_geometry()
        row_factor, col_factor = rows // gs_rows, cols // gs_cols
        rowspan = slice(spec.rowspan.start * row_factor, spec.rowspan.stop * row_factor)
        colspan = slice(spec.colspan.start * col_factor, spec.colspan.stop * col_factor)
        cell = spec.get_position(fig)
        tight = fig.transFigure.inverted().transform_bbox(
            Bbox.union([ax.get_tightbbox(renderer, for_layout_only=True) for ax in visible]))
        hspaces[rowspan, colspan.start] += cell.xmin - tight.xmin
        hspaces[rowspan, colspan.stop] += tight.xmax - cell.xmax
        vspaces[rowspan.start, colspan] += tight.ymax - cell.ymax
        vspaces[rowspan.stop, colspan] += cell.ymin - tight.ymin
    return hspaces, vspaces


def _parameters(fig, renderer, title, spaces, shape, rect) -> dict | None:
    """Subplot parameters that keep every cell's decorations inside ``rect`` (None: the whole figure, the title's
    height kept clear on top), as matplotlib's tight layout computes them; None when they cannot fit."""
    hspaces, vspaces = spaces
    rows, cols = shape
    pad_inch = PAD * FontProperties(size=mpl.rcParams["font.size"]).get_size_in_points() / 72
    if rect is None:
        left = bottom = right = top = None
    else:
        left, bottom, _right, _top = rect
        right = 1 - _right if _right else None
        top = 1 - _top if _top else None
    width, height = fig.get_size_inches()
    if not left:
        left = max(hspaces[:, 0].max(), 0) + pad_inch / width
    if not right:
        right = max(hspaces[:, -1].max(), 0) + pad_inch / width
    if not top:
        top = max(vspaces[0, :].max(), 0) + pad_inch / height
        if title is not None and title.get_in_layout():
            top += fig.transFigure.inverted().transform_bbox(title.get_window_extent(renderer)).height + \
                pad_inch / height
    if not bottom:
        bottom = max(vspaces[-1, :].max(), 0) + pad_inch / height
    if left + right >= 1 or bottom + top >= 1:
        warnings.warn("Tight layout not applied: the margins cannot hold the axes' decorations.", stacklevel=3)
        return None
    params = dict(left=left, right=1 - right, bottom=bottom, top=1 - top)
    if cols > 1:
        hspace = hspaces[:, 1:-1].max() + pad_inch / width
        axes_width = (1 - right - left - hspace * (cols - 1)) / cols
        if axes_width < 0:
            warnings.warn("Tight layout not applied: the axes cannot be narrow enough.", stacklevel=3)
            return None
        params["wspace"] = hspace / axes_width
    if rows > 1:
        vspace = vspaces[1:-1, :].max() + pad_inch / height
        axes_height = (1 - top - bottom - vspace * (rows - 1)) / rows
        if axes_height < 0:
            warnings.warn("Tight layout not applied: the axes cannot be short enough.", stacklevel=3)
            return None
        params["hspace"] = vspace / axes_height
    return params


def fit(fig, rect: tuple[float, float, float, float], title=None) -> None:
    """Lay ``fig``'s grid of axes out so that the axes with their decorations fill ``rect`` (left, bottom, right,
    top in figure fractions); ``title``: the figure's title text, kept clear when the layout is measured on the
    whole figure. Axes placed by hand (not in a grid, or in a grid with its own spacing) stay where they are."""
    if fig.get_supxlabel() or fig.get_supylabel():
        raise ValueError("fit() lays out figures without a figure-wide x or y label")
    groups: dict = {}
    for ax in fig.axes:
        groups.setdefault(_subplotspec(ax), []).append(ax)
    groups.pop(None, None)
    if not groups:
        return
    rows = max(spec.get_gridspec().nrows for spec in groups)
    cols = max(spec.get_gridspec().ncols for spec in groups)
    if any(rows % spec.get_gridspec().nrows or cols % spec.get_gridspec().ncols for spec in groups):
        warnings.warn("Tight layout not applied: the grids' rows and columns are not multiples of each other.",
                      stacklevel=2)
        return
    renderer = fig.canvas.get_renderer()
    spaces = _spaces(fig, renderer, groups, (rows, cols))
    params = _parameters(fig, renderer, title, spaces, (rows, cols), None)
    if params is None:
        return
    left, bottom, right, top = rect
    inner = (left + params["left"], bottom + params["bottom"], right - (1 - params["right"]),
             top - (1 - params["top"]))
    params = _parameters(fig, renderer, title, spaces, (rows, cols), inner)
    if params:
        fig.subplots_adjust(**params)
