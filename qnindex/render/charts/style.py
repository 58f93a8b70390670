"""The one style of every chart: sizes for a 16:9 slide, colours with one meaning, the charts' texts in vi and en,
and the small helpers every chart uses (title and source line, axes in the locale's numbers, fitting text)."""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
import matplotlib.pyplot as plt
import pandas as pd

from qnindex.core.messages import words
from qnindex.core.formatting import fmt_number
from qnindex.core.paths import PACKAGE_DIR
from qnindex.data import registry
from qnindex.render.charts.layout import fit


STYLE = PACKAGE_DIR / "render" / "qnindex.mplstyle"


SIZE = (13.333, 7.5)


SLIDE_WIDTH_IN = 12.1  # the width at which the deck shows a chart (91 % of a 16:9 slide)


MIN_SLIDE_PT = 14  # the smallest type read from the back of a hall


SMALL = 15.5  # the smallest type drawn, in points at figure size: MIN_SLIDE_PT once shown at SLIDE_WIDTH_IN


MEDIUM = 17  # panel titles, emphasised labels


assert SMALL * SLIDE_WIDTH_IN / SIZE[0] >= MIN_SLIDE_PT


COLORS = {
    "qn": "#0072B2",          # the focus province (Quảng Ninh by default), the unit to look at
    "context": "#B8C2CC",     # everything else
    "best": "#009E73",
    "worst": "#D55E00",
    "average": "#222222",
    "previous": "#E69F00",
    "median": "#555555",
}


TIER_COLORS = {"good": "#009E73", "fair": "#56B4E9", "average": "#E69F00", "weak": "#D55E00"}


def texts(data, lang: str) -> dict[str, str]:
    """The charts' texts in ``lang``, naming the province ``data`` is about where they name it."""
    name = data.focus.label(lang)
    return {k: v.replace("{province}", name) for k, v in T[lang].items()}


GROUP_LABELS = registry.group_words("label")  # a group over its panel of a chart


T = words("charts")  # core/messages.yml, domain charts


def use_style() -> None:
    """Apply the project's one style (the chart functions call it themselves)."""
    plt.style.use(STYLE)


class Chart(Figure):
    """A chart: a matplotlib figure on its own Agg canvas, made without pyplot, so no backend keeps it (Jupyter's
    inline backend holds every pyplot figure of a cell until the cell ends) and drawing one never touches another.
    In a notebook it shows itself (IPython's rich display): a PNG at the figure's resolution, trimmed to its ink."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        FigureCanvasAgg(self)

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.dpi, bbox_inches="tight", facecolor=self.get_facecolor(),
                     edgecolor=self.get_edgecolor())  # (as IPython's inline backend shows a pyplot figure)
        return buffer.getvalue()


def _new(data, nrows: int = 1, ncols: int = 1, **kw) -> tuple[Chart, object]:
    """A slide-sized figure at the run's resolution (``data.settings.dpi``): made at the resolution it is saved at,
    so the text measured to lay it out is the text drawn."""
    fig = _figure(data)
    return fig, fig.subplots(nrows, ncols, **kw)


def _figure(data) -> Chart:
    """An empty slide-sized chart at the run's resolution."""
    use_style()
    return Chart(figsize=SIZE, dpi=data.settings.dpi)


def _finish(fig: plt.Figure, title: str, source: str, rect_bottom: float | None = None, top: float = 0.93,
            tight: bool = True) -> plt.Figure:
    """Title (with the year) on top, source line (wrapped, as large as any label) at the bottom, layout fitted
    between them. The chart is finished: its axes without an axis label keep none (``_pin_unlabelled``)."""
    import textwrap

    heading = fig.suptitle(title, x=0.012, y=0.985, ha="left", va="top", fontsize=18, fontweight="bold")
    lines = textwrap.wrap(source, SOURCE_WIDTH, break_long_words=False)
    fig.text(0.012, 0.01, "\n".join(lines), ha="left", va="bottom", fontsize=SMALL, color="#555555",
             linespacing=1.1)
    _pin_unlabelled(fig)
    if tight:  # laid out once, here: no layout engine is kept on the figure for savefig to run again
        fit(fig, (0, source_height(source) if rect_bottom is None else rect_bottom, 1, top), heading)
    return fig


def _pin_unlabelled(fig: plt.Figure) -> None:
    """Give every axis without a label (an empty text, never drawn) a fixed place (``set_label_coords``), where a
    label would go. matplotlib otherwise places that empty label beside the axis' tick labels, measuring them all again
    each time the chart is laid out or drawn (a twentieth of a pack's time); the pixels are the same. A label set
    on a finished chart afterwards stays at that place (the axes' fractions below, or left of, the axes)."""
    for ax in fig.axes:
        if ax.xaxis.label.get_text() == "":
            ax.xaxis.set_label_coords(0.5, -0.1)
        if ax.yaxis.label.get_text() == "":
            ax.yaxis.set_label_coords(-0.1, 0.5)


def _panel_title(ax, label: str, **kwargs) -> None:
    """A panel's title where matplotlib puts it, on top of its axes, placed once (``y=1``). Left to place it,
    matplotlib measures the y axis' tick labels again at every layout and draw, to lift the title over ticks or an
    offset text on top, which the panels never have, or over the axes' edge when the text reaches below its pad (6 pt;
    DejaVu Sans' letters, with Vietnamese marks below, and signs reach 4 pt at the panels' 17 pt). A quarter of a
    second a pack; the pixels are the same."""
    ax.set_title(label, y=1.0, **kwargs)


SOURCE_WIDTH = 105  # characters of the source line at SMALL across the figure


def source_height(source: str) -> float:
    """The share of the figure's height the wrapped source line takes (to keep axes clear of it)."""
    import textwrap

    return 0.015 + 0.042 * len(textwrap.wrap(source, SOURCE_WIDTH, break_long_words=False))


def _legend_top(fig: plt.Figure, handles: list, y: float = 0.925) -> None:
    """The legend in one row under the title, right-aligned (axes are laid out below ``y`` - 0.06). A row wider than
    the figure is set tighter (shorter swatches, less space between entries) rather than in smaller type or cut."""
    legend = fig.legend(handles=handles, loc="upper right", ncol=len(handles), bbox_to_anchor=(0.995, y),
                        frameon=False)
    if legend.get_window_extent(fig.canvas.get_renderer()).width > 0.985 * fig.bbox.width:
        legend.remove()
        fig.legend(handles=handles, loc="upper right", ncol=len(handles), bbox_to_anchor=(0.995, y), frameon=False,
                   columnspacing=0.9, handlelength=1.3, handletextpad=0.45, borderaxespad=0.2)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width, break_long_words=False)


def _fmt_axis(ax, axis: str, decimals: int, lang: str) -> None:
    formatter = FuncFormatter(lambda x, _: fmt_number(x, decimals, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _illustrative(bar) -> None:
    bar.set_hatch("///")
    bar.set_edgecolor("white")
    bar.set_alpha(0.6)


def _totals(tidy: pd.DataFrame) -> pd.DataFrame:
    return tidy[(tidy["component"] == "total") & ~tidy["measure"].str.startswith("rank")]


def _fit(text: str, width_pt: float, size: float, weight: str = "normal") -> str:
    """``text`` broken between words into lines no wider than ``width_pt`` at ``size`` points (measured with the
    style's font, not counted in characters: Vietnamese diacritics and digits differ in width)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=size, weight=weight)
    width = lambda line: text_to_path.get_text_width_height_descent(line, font, ismath=False)[0]  # noqa: E731
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and width(trial) <= width_pt:
            lines[-1] = trial
        else:
            lines.append(word)
    return "\n".join(_balanced(text.split(), len(lines), width, width_pt) or lines)


def _balanced(words: list[str], count: int, width, width_pt: float) -> list[str] | None:
    """``words`` in ``count`` lines as even as they fit: the widest line as narrow as it can be, then the lines as
    alike as they can be ('giữ nguyên / thứ hạng', not 'giữ nguyên thứ / hạng'; no last line of one short word);
    None when there is nothing to balance or no way fits."""
    from itertools import combinations

    if count < 2 or len(words) > 24:
        return None
    widths: dict[tuple[int, int], float] = {}

    def span(i: int, j: int) -> float:
        if (i, j) not in widths:
            widths[(i, j)] = width(" ".join(words[i:j]))
        return widths[(i, j)]

    best = None
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        spans = [span(a, b) for a, b in zip(bounds, bounds[1:])]
        key = (max(spans), max(spans) - min(spans))  # the widest line, then the most even
        if key[0] <= width_pt and (best is None or key < best[0]):
            best = (key, bounds)
    return None if best is None else [" ".join(words[a:b]) for a, b in zip(best[1], best[1][1:])]


def _short_sources(data, indices, year: int, lang: str) -> str:
    """One source line for a chart of several indices: 'Nguồn: MOHA (PAR INDEX, SIPAS); ...'."""
    by_producer: dict[str, list[str]] = {}
    for index in indices:
        producer = data.project.provenance(index).get(f"producer_short_{lang}", index)
        by_producer.setdefault(producer, []).append(data.spec(index).short(lang))
    body = "; ".join(f"{p} ({', '.join(i)})" for p, i in by_producer.items())
    return T[lang]["sources_reported"].format(body=body, year=year)


def _year_step(n_years: int, n_panels: int) -> int:
    """Label every k-th year so that the year labels of small panels never touch (about 0.5 in each)."""
    per_panel = max(1, int(12.5 / max(1, n_panels) / 0.55))
    return max(1, -(-n_years // per_panel))


def _labelled_years(values: pd.Series) -> list[int]:
    """The years whose value a small line chart writes out: the latest, and the highest and lowest where they
    differ from it (first time reached)."""
    known = values.dropna()
    if known.empty:
        return []
    last = known.index[-1]
    years = {int(last)}
    for year in (known.idxmin(), known.idxmax()):
        if known[year] != known[last]:
            years.add(int(year))
    return sorted(years)


def _label_above(values: pd.Series, year: int) -> bool:
    """Does a point's label go above it? Yes unless the line runs above the point (a low, or a first point the
    line leaves upwards): the label goes on the side its line does not run."""
    around = [values.get(y) for y in (year - 1, year, year + 1)]
    known = [float(v) for v in around if v is not None and pd.notna(v)]
    return float(values[year]) >= sum(known) / len(known)


def _tier_handles(tiers: list[tuple[float, str]], names, lang: str, maximum: float | None = None) -> list[Patch]:
    """One legend entry per tier with its threshold in the axis's unit: a share of the maximum ('khá (≥ 70%)'), or
    points when the axis is in points out of ``maximum`` ('khá (≥ 119)' on an axis of points out of 170). ``names``:
    the project's targets, which name the tiers."""

    def bound(b: float) -> str:
        if maximum is None:
            return f"{fmt_number(b, 0, lang)}%"
        return fmt_number(b * maximum / 100, 0, lang)  # the axis says "Điểm"

    return [Patch(color=TIER_COLORS[n], label=f"{names.tier_name(n, lang)} (≥ {bound(b)})" if b > 0 else
                  names.tier_name(n, lang)) for b, n in tiers]
