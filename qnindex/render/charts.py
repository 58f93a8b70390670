"""Slide-ready charts, all in one style (``qnindex.mplstyle``), labelled in vi or en.

Every chart: 16:9 (13.333 x 7.5 in), the year in the title, a source line from the data's
provenance, numbers formatted for the locale (decimal comma in vi), colour with one meaning
everywhere (Okabe–Ito palette, colour-blind safe): Quảng Ninh blue, context grey, tiers in
one sequence, best green, worst vermilion. Illustrative values are drawn hatched.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt  # noqa: E402  (no backend forced: inline in Jupyter, Agg when headless)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from qnindex.analysis.focus import focus_absent, focus_summary  # noqa: E402
from qnindex.core.settings import DPI, chart_dpi  # noqa: E402, F401  (DPI: charts.DPI)
from qnindex.data.registry import focus_ids, focus_name  # noqa: E402
from qnindex.indices.kinds import load  # noqa: E402
from qnindex.data import registry  # noqa: E402
from qnindex.indices.specs import spec, with_chart  # noqa: E402
from qnindex.core.formatting import fmt_compact, fmt_number  # noqa: E402
from qnindex.indices.papi import DIMENSIONS, dimension_label  # noqa: E402
from qnindex.indices.provincial import component_label  # noqa: E402
from qnindex.indices.targets import load_tiers, tier_name  # noqa: E402
from qnindex.analysis.metrics import values_only, extremes, group_means, share_of_max, tier, wilson  # noqa: E402
from qnindex.core.paths import PACKAGE_DIR  # noqa: E402
from qnindex.data.provenance import reproduces_published, source_line  # noqa: E402

STYLE = PACKAGE_DIR / "render" / "qnindex.mplstyle"
SIZE = (13.333, 7.5)
SLIDE_WIDTH_IN = 12.1  # the width at which the deck shows a chart (91 % of a 16:9 slide)
MIN_SLIDE_PT = 14  # the smallest type read from the back of a hall
SMALL = 15.5  # the smallest type drawn, in points at figure size: MIN_SLIDE_PT once shown at SLIDE_WIDTH_IN
MEDIUM = 17  # panel titles, emphasised labels
assert SMALL * SLIDE_WIDTH_IN / SIZE[0] >= MIN_SLIDE_PT
COLORS = {
    "qn": "#0072B2",          # Quảng Ninh, the unit to look at
    "context": "#B8C2CC",     # everything else
    "best": "#009E73",
    "worst": "#D55E00",
    "average": "#222222",
    "previous": "#E69F00",
    "median": "#555555",
}
TIER_COLORS = {"good": "#009E73", "fair": "#56B4E9", "average": "#E69F00", "weak": "#D55E00"}
def texts(lang: str) -> dict[str, str]:
    """The charts' texts in ``lang``, naming the province the pack is about where they name it."""
    name = focus_name(lang)
    return {k: v.replace("{province}", name) for k, v in T[lang].items()}


GROUP_LABELS = {
    "vi": {"department": "Sở, ban, ngành", "district": "UBND cấp huyện", "commune": "UBND cấp xã",
           "central": "Cơ quan Trung ương"},
    "en": {"department": "Departments", "district": "District-level units", "commune": "Communes",
           "central": "Central agencies"},
}
T = {
    "vi": {
        "sipas_units": "Mức độ hài lòng của người dân, tổ chức với các cơ quan, đơn vị năm {year} (%)",
        "scorecard": "{province} trên các bảng xếp hạng toàn quốc năm {year}",
        "papi_dims": "PAPI {year}: {province} so với trung vị cả nước và tỉnh cao nhất, theo chỉ số nội dung",
        "ranking": "{index} {year}: xếp hạng các tỉnh, thành phố",
        "trajectory": "Thứ hạng của {province} trên các bảng xếp hạng toàn quốc",
        "dgi": "DGI {year}: xếp hạng các đơn vị cấp huyện và chỉ số thành phần (%)",
        "egov_dept": "Mức độ chính quyền điện tử các sở, ngành năm {year}: theo nhóm tiêu chí (% điểm tối đa)",
        "egov_dist": "Mức độ chính quyền điện tử cấp huyện năm {year} (điểm / {max})",
        "egov_comm": "Mức độ chính quyền điện tử cấp xã: phân bố điểm năm {year} so với năm {prev}",
        "egov_comm_alone": "Mức độ chính quyền điện tử cấp xã: phân bố điểm năm {year}",
        "average": "Bình quân", "prev_average": "Bình quân {prev}", "illustrative": "Số liệu minh họa (không công bố)",
        "best": "Cao nhất", "worst": "Thấp nhất", "qn": "{province}", "other": "Tỉnh, thành phố khác",
        "median": "Trung vị cả nước", "top": "Tỉnh cao nhất", "range": "Khoảng điểm các tỉnh", "rank": "Thứ hạng", "of": "trên {n}",
        "change": "so với {prev}: {sign}{value}", "no_change": "chưa có số liệu {prev}",
        "no_edition": "năm {prev} không có kỳ đánh giá", "score_unpublished": "điểm năm {year} không công bố", "first_edition": "kỳ đánh giá đầu tiên",
        "not_published": "không công bố", "no_data": "chưa có số liệu", "rank_up": "↑ tăng {n} bậc",
        "rank_down": "↓ giảm {n} bậc", "rank_same": "giữ nguyên thứ hạng", "units": "Số đơn vị",
        "points": "Điểm", "year": "Năm", "communes": "đơn vị cấp xã", "score": "Điểm số",
        "unranked": "Không xếp hạng (thiếu chỉ số nội dung)", "interval": "Khoảng tin cậy 95%",
        "range_units": "Khoảng điểm các đơn vị", "illustrative_short": "minh họa", "target": "Chỉ tiêu {value}%",
        "online": "Tỷ lệ hồ sơ trực tuyến mức độ 3, 4 so với chỉ tiêu của tỉnh (đến năm {year})",
        "more_units": "… và {n} đơn vị khác",
    },
    "en": {
        "sipas_units": "Citizens' satisfaction with the province's agencies, {year} (%)",
        "scorecard": "{province} in the national rankings, {year}",
        "papi_dims": "PAPI {year}: {province} against the national median and the best province, by dimension",
        "ranking": "{index} {year}: ranking of the provinces",
        "trajectory": "{province}'s rank in the national indices",
        "dgi": "DGI {year}: district-level units ranked, and their component indices (%)",
        "egov_dept": "E-government maturity of departments, {year}: by criteria group (% of the maximum)",
        "egov_dist": "E-government maturity of district-level units, {year} (points / {max})",
        "egov_comm": "E-government maturity of communes: distribution of points, {year} against {prev}",
        "egov_comm_alone": "E-government maturity of communes: distribution of points, {year}",
        "average": "Average", "prev_average": "Average {prev}", "illustrative": "Illustrative (not published)",
        "best": "Highest", "worst": "Lowest", "qn": "{province}", "other": "Other provinces",
        "median": "National median", "top": "Best province", "range": "Range of the provinces", "rank": "Rank", "of": "of {n}",
        "change": "vs {prev}: {sign}{value}", "no_change": "no {prev} data",
        "no_edition": "no {prev} edition", "score_unpublished": "{year} score not published", "first_edition": "first edition",
        "not_published": "not published", "no_data": "no data", "rank_up": "↑ up {n}",
        "rank_down": "↓ down {n}", "rank_same": "rank unchanged", "units": "Units",
        "points": "Points", "year": "Year", "communes": "communes", "score": "Score",
        "unranked": "Not ranked (dimension missing)", "interval": "95% confidence interval",
        "range_units": "Range of the units", "illustrative_short": "illustrative", "target": "Target {value}%",
        "online": "Applications filed online at levels 3-4 against the province's target (to {year})",
        "more_units": "… and {n} more",
    },
}


def use_style() -> None:
    """Apply the project's one style (the chart functions call it themselves)."""
    plt.style.use(STYLE)


def _new(nrows: int = 1, ncols: int = 1, **kw) -> tuple[plt.Figure, object]:
    use_style()
    return plt.subplots(nrows, ncols, figsize=SIZE, dpi=current_dpi(), **kw)


def _finish(fig: plt.Figure, title: str, source: str, rect_bottom: float | None = None, top: float = 0.93,
            tight: bool = True) -> plt.Figure:
    """Title (with the year) on top, source line (wrapped, as large as any label) at the bottom, layout fitted
    between them."""
    import textwrap

    fig.suptitle(title, x=0.012, y=0.985, ha="left", va="top", fontsize=18, fontweight="bold")
    lines = textwrap.wrap(source, SOURCE_WIDTH, break_long_words=False)
    fig.text(0.012, 0.01, "\n".join(lines), ha="left", va="bottom", fontsize=SMALL, color="#555555",
             linespacing=1.1)
    if tight:  # the engine lays the figure out once; not kept on the figure, so savefig does not lay it out again
        from matplotlib.layout_engine import TightLayoutEngine

        TightLayoutEngine(rect=(0, source_height(source) if rect_bottom is None else rect_bottom, 1, top)).execute(fig)
    return fig


SOURCE_WIDTH = 105  # characters of the source line at SMALL across the figure


def source_height(source: str) -> float:
    """The share of the figure's height the wrapped source line takes (to keep axes clear of it)."""
    import textwrap

    return 0.015 + 0.042 * len(textwrap.wrap(source, SOURCE_WIDTH, break_long_words=False))


def _legend_top(fig: plt.Figure, handles: list, y: float = 0.925) -> None:
    """The legend in one row under the title, right-aligned (axes are laid out below ``y`` - 0.06)."""
    fig.legend(handles=handles, loc="upper right", ncol=len(handles), bbox_to_anchor=(0.995, y), frameon=False)


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


# ----------------------------------------------------------------------------- 5. SIPAS units

def unit_ranking(tidy: pd.DataFrame, lang: str = "vi") -> plt.Figure:
    """SIPAS of the province's agencies: every unit's rate by group, sorted, with the group averages (a group with
    more units than a column can name shows its best and poorest, the others counted in one row; all are in the
    table)."""
    t = texts(lang)
    tidy = values_only(tidy)
    groups = [g for g in ("department", "district", "commune", "central") if g in set(tidy["group"])]
    year = int(tidy["year"].iloc[0])
    means = group_means(tidy).set_index("group")["value"]
    ext = extremes(tidy)
    fig, axes = _new(1, len(groups), gridspec_kw={"width_ratios": [1.12 if g == "department" else 1 for g in groups]})
    axes = [axes] if len(groups) == 1 else list(axes)
    lo, hi = float(tidy["value"].min()), float(tidy["value"].max())
    xmin = max(0.0, (int(lo) // 5) * 5 - 5)
    if tidy["weight"].notna().all():  # room for the intervals' whiskers
        hi = max(hi, max(wilson(v, w)[1] for v, w in zip(tidy["value"], tidy["weight"])))
    xmax = min(100.0, hi + (hi - xmin) * 0.3)
    marked: set[str] = set()
    for ax, group in zip(axes, groups):
        d = tidy[tidy["group"] == group].sort_values(["value", "unit_id"], ascending=[True, False])
        hidden = len(d) - (UNIT_ROWS - 1)
        if hidden > 1:  # more units than a column can name: the best and the poorest, the middle counted in one row
            below = (UNIT_ROWS - 1) // 2
            d = pd.concat([d.iloc[:below], d.iloc[len(d) - (UNIT_ROWS - 1 - below):]])
            ys = np.r_[np.arange(below), np.arange(below + 1, UNIT_ROWS)]
        else:
            ys = np.arange(len(d))
        rows = int(ys[-1]) + 1
        judged = set(tidy[tidy["source"] == "published"]["unit_id"])  # an illustrative value is never judged
        best = set(ext[(ext["group"] == group) & (ext["extreme"] == "highest")]["unit_id"]) & judged
        worst = set(ext[(ext["group"] == group) & (ext["extreme"] == "lowest")]["unit_id"]) & judged
        marked |= best | worst
        colors = [COLORS["best"] if u in best else COLORS["worst"] if u in worst else COLORS["context"]
                  for u in d["unit_id"]]
        bars = ax.barh(ys, d["value"] - xmin, left=xmin, color=colors, height=0.72)
        bounds = [(v, v) for v in d["value"]]
        if d["weight"].notna().all():  # the 95 % sampling interval of each rate (Wilson), as thin whiskers
            bounds = [wilson(v, w) for v, w in zip(d["value"], d["weight"])]
            ax.errorbar(d["value"], ys, xerr=[[v - lo for v, (lo, _) in zip(d["value"], bounds)],
                                              [hi - v for v, (_, hi) in zip(d["value"], bounds)]],
                        fmt="none", ecolor="#444444", elinewidth=0.8, capsize=0, alpha=0.7, zorder=3)
        for bar, src in zip(bars, d["source"]):
            if src == "illustrative":
                _illustrative(bar)
        for y, v, (_lo, top) in zip(ys, d["value"], bounds):
            ax.text(top + 0.12, y, fmt_number(v, 2, lang), va="center", fontsize=SMALL, color="#333333",
                    bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"})
        names = [registry.name_in_year(u, year, lang, short=True) for u in d["unit_id"]]
        if hidden > 1:
            ax.set_yticks([*ys, below], [*names, t["more_units"].format(n=hidden)])
            ax.get_yticklabels()[-1].set(color="#555555", fontstyle="italic")
        else:
            ax.set_yticks(ys, names)
        avg = float(means[group])  # of every unit of the group, shown or not
        ax.axvline(avg, color=COLORS["average"], lw=1.4, ls="--")
        ax.text(avg, rows - 0.4 + rows * 0.02, f"{t['average']} {fmt_number(avg, 2, lang)}",
                ha="left" if avg < (xmin + xmax) / 2 else "right", va="bottom", fontsize=SMALL, fontweight="bold",
                color=COLORS["average"])
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(-0.6, rows + rows * 0.07)
        ax.set_title(GROUP_LABELS[lang][group], pad=6, loc="right")  # right-aligned: long names stay inside
        ax.xaxis.set_visible(False)  # every bar carries its value: the rows get the height instead
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    handles = ([Patch(color=COLORS["best"], label=t["best"]), Patch(color=COLORS["worst"], label=t["worst"])]
               if marked else []) + \
        [Patch(facecolor=COLORS["context"], alpha=0.6, hatch="///", edgecolor="white", label=t["illustrative"])]
    if tidy["weight"].notna().all():
        handles.append(plt.Line2D([], [], color="#444444", lw=0.8, marker="|", markersize=8, label=t["interval"]))
    _legend_top(fig, handles, y=0.94)
    return _finish(fig, t["sipas_units"].format(year=year), source_line("sipas_qn", year, lang), top=0.90)


UNIT_ROWS = 21  # rows of units one column of a slide names at the smallest type without them running together


# ----------------------------------------------------------------------------- 1. scorecard

def scorecard(data, lang: str = "vi") -> plt.Figure:
    """One card per national index: Quảng Ninh's value, rank among N, and change from last year."""
    t = texts(lang)
    year = data.year
    indices = with_chart("scorecard", year)
    source = _short_sources(indices, year, lang)
    fig, axes = _new(1, len(indices))
    axes = [axes] if len(indices) == 1 else list(axes)
    # a fixed layout: the cards share the width (the texts are wrapped to a card, so they never push cards apart)
    gap = 0.06  # between two cards, as a share of a card's width
    fig.subplots_adjust(left=0.004, right=0.996, bottom=source_height(source) + 0.01, top=0.9, wspace=gap)
    card_pt = 0.94 * 72 * SIZE[0] * 0.992 / (len(indices) + gap * (len(indices) - 1))
    line_pt = card_pt - 12  # a line of a card, with a little room on each side
    for ax, index in zip(axes, indices):
        ax.set_axis_off()
        ax.add_patch(plt.Rectangle((0.03, 0.05), 0.94, 0.88, transform=ax.transAxes, facecolor="#F4F6F8",
                                   edgecolor="none"))
        color = spec(index).color
        ax.add_patch(plt.Rectangle((0.03, 0.88), 0.94, 0.05, transform=ax.transAxes, facecolor=color,
                                   edgecolor="none"))
        ax.text(0.5, 0.79, spec(index).short(lang), ha="center", va="center", fontsize=22, fontweight="bold",
                transform=ax.transAxes, color="#222222")
        card = _card_values(data, index, lang)
        if card is None:
            ax.text(0.5, 0.5, t["no_data"], ha="center", va="center", fontsize=18, color="#777777",
                    transform=ax.transAxes)
            continue
        if card["rank"] is not None:
            ax.text(0.5, 0.59, f"{int(card['rank'])}", ha="center", va="center", fontsize=60, fontweight="bold",
                    color=color, transform=ax.transAxes)
            ax.text(0.5, 0.43, f"{t['rank']} {t['of'].format(n=int(card['n']))}", ha="center", va="center",
                    fontsize=SMALL, transform=ax.transAxes, color="#333333")
        else:
            ax.text(0.5, 0.5, t["not_published"], ha="center", va="center", fontsize=18, color="#777777",
                    transform=ax.transAxes)
        value = card["value_text"]
        if value:
            ax.text(0.5, 0.34, value, ha="center", va="center", fontsize=MEDIUM, fontweight="bold",
                    transform=ax.transAxes)
        if card["rank_change"] is not None:
            rc = card["rank_change"]
            text = t["rank_up"].format(n=rc) if rc > 0 else (t["rank_down"].format(n=-rc) if rc < 0 else t["rank_same"])
            ax.text(0.5, 0.25, _fit(text, line_pt, SMALL), ha="center", va="center", fontsize=SMALL,
                    transform=ax.transAxes, linespacing=1.1,
                    color=COLORS["best"] if rc > 0 else (COLORS["worst"] if rc < 0 else "#555555"))
        ax.text(0.5, 0.13, _fit(card["change_text"], line_pt, SMALL), ha="center", va="center",
                fontsize=SMALL, transform=ax.transAxes, color="#555555", linespacing=1.1)
    return _finish(fig, t["scorecard"].format(year=year), source, tight=False)


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


def _short_sources(indices, year: int, lang: str) -> str:
    """One source line for a chart of several indices: 'Nguồn: MOHA (PAR INDEX, SIPAS); ...'."""
    from qnindex.data.provenance import provenance

    by_producer: dict[str, list[str]] = {}
    for index in indices:
        producer = provenance(index).get(f"producer_short_{lang}", index)
        by_producer.setdefault(producer, []).append(spec(index).short(lang))
    word = "Nguồn" if lang == "vi" else "Source"
    body = "; ".join(f"{p} ({', '.join(i)})" for p, i in by_producer.items())
    return f"{word}: {body}; {year} (qua báo chí)" if lang == "vi" else f"{word}: {body}; {year} (as reported)"


def _card_values(data, index: str, lang: str) -> dict | None:
    """The province's value, rank, rank change and the texts of its card (from the one focus summary); None when
    the project has no data of it ("chưa có số liệu", also when only other provinces' rows are in the table)."""
    summary = focus_summary(data, index)
    if summary is None or focus_absent(data, index):
        return None
    s = spec(index)
    unit = "%" if s.value_kind == "pct" else ""
    value = None if summary.value.missing else summary.value.value
    prev_value = None if summary.prev_value.missing else summary.prev_value.value
    card = _card_texts(value, prev_value, s.decimals, unit, data.year - 1, lang,
                        prev_missing=index in data.previous and prev_value is None)
    if value is None:  # the score itself was not published (only the rank): say that, not "no data last year"
        card["change_text"] = texts(lang)["score_unpublished"].format(year=data.year)
    elif not s.exists_in(data.year - 1) and (s.first_year is None or data.year - 1 >= s.first_year):
        card["change_text"] = texts(lang)["no_edition"].format(prev=data.year - 1)
    elif s.first_year == data.year:
        card["change_text"] = texts(lang)["first_edition"]
    return {"value": value, "rank": None if summary.rank.missing else summary.rank.value,
            "n": None if summary.n.missing else summary.n.value, "unit": unit, "decimals": s.decimals,
            "rank_change": summary.rank_change, "prev_value": prev_value, "prev_year": data.year - 1,
            "value_text": None, "change_text": ""} | card


def _card_texts(value, prev_value, decimals, unit, prev_year, lang, prev_missing=False) -> dict:
    from qnindex.core.formatting import fmt_signed

    out = {}
    t = texts(lang)
    has_value = value is not None and not pd.isna(value)
    out["value_text"] = ((fmt_number(value, decimals, lang) if unit == "%" else fmt_compact(value, decimals, lang))
                         + unit) if has_value else None
    if has_value and prev_value is not None and not pd.isna(prev_value):
        change = float(value) - float(prev_value)
        out["change_text"] = t["change"].format(prev=prev_year, sign="", value=fmt_signed(change, decimals, lang))
    elif prev_missing:
        out["change_text"] = t["change"].format(prev=prev_year, sign="", value=t["not_published"])
    else:
        out["change_text"] = t["no_change"].format(prev=prev_year)
    return out



# ----------------------------------------------------------------------------- 2. PAPI dimensions

def papi_dimensions(papi: pd.DataFrame, lang: str = "vi") -> plt.Figure:
    """Quảng Ninh's score per PAPI dimension against the national median and the best province."""
    t = texts(lang)
    year = int(papi["year"].iloc[0])
    dims = [cid for cid, _vi, _en in DIMENSIONS.values() if cid in set(papi["component"])]
    fig, ax = _new()
    ys = np.arange(len(dims))[::-1]
    scored = papi[papi["component"].isin(dims) & papi["unit_id"].isin(focus_ids())]["value"].notna().any()
    for y, cid in zip(ys, dims):
        d = papi[(papi["component"] == cid)].dropna(subset=["value"])
        med, best = d["value"].median(), d.loc[d["value"].idxmax()]
        qn = d[d["unit_id"].isin(focus_ids())]
        ax.plot([d["value"].min(), best["value"]], [y, y], color="#DDDDDD", lw=6, solid_capstyle="round", zorder=1)
        ax.scatter([med], [y], marker="|", s=700, color=COLORS["median"], zorder=3, linewidths=3)
        ax.scatter([best["value"]], [y], s=150, color=COLORS["best"], zorder=3)
        ax.annotate(registry.name_in_year(best["unit_id"], year, lang, short=True), (best["value"], y),
                    xytext=(12, 0), textcoords="offset points", fontsize=SMALL, color=COLORS["best"], va="center")
        if len(qn):
            v = float(qn["value"].iloc[0])
            ax.scatter([v], [y], s=240, color=COLORS["qn"], zorder=4, edgecolor="white", linewidth=1.5)
            ax.annotate(fmt_number(v, 2, lang), (v, y), xytext=(-14, 0), textcoords="offset points", ha="right",
                        va="center", fontsize=SMALL, color=COLORS["qn"], fontweight="bold", zorder=5,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        elif scored:  # a dimension missing among others is said on its row; none at all, once in the legend
            ax.text(med, y - 0.25, t["not_published"], ha="center", va="top", fontsize=SMALL, color="#777777")
    ax.set_yticks(ys, [_wrap(dimension_label(c, lang), 24) for c in dims])
    ax.set_ylim(-0.8, len(dims) - 0.2)
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo, hi + 1.0)
    ax.set_xlabel(t["score"])
    _fmt_axis(ax, "x", 1, lang)
    ax.grid(axis="x", color="#EEEEEE")
    qn_label = t["qn"] if scored else f"{t['qn']}: {t['not_published']}"
    handles = [plt.Line2D([], [], marker="o", ls="", color=COLORS["qn"] if scored else "#BBBBBB", markersize=12,
                          label=qn_label),
               plt.Line2D([], [], marker="|", ls="", color=COLORS["median"], markersize=18, mew=3, label=t["median"]),
               plt.Line2D([], [], marker="o", ls="", color=COLORS["best"], markersize=10, label=t["top"]),
               plt.Line2D([], [], ls="-", lw=6, color="#DDDDDD", label=t["range"])]
    _legend_top(fig, handles)
    return _finish(fig, t["papi_dims"].format(year=year), source_line("papi", year, lang), top=0.88)


# ----------------------------------------------------------------------------- 3. ranking of provinces

def province_ranking(tidy: pd.DataFrame, lang: str = "vi", component: str = "total") -> plt.Figure:
    """Every province ranked on an index (a full table), Quảng Ninh highlighted; unranked provinces said so."""
    t = texts(lang)
    index = str(tidy["index"].iloc[0])
    year = int(tidy["year"].iloc[0])
    d = _totals(tidy) if component == "total" else tidy[tidy["component"] == component]
    d = d.sort_values(["value", "unit_id"], ascending=[False, True], na_position="last")
    ranked = d.dropna(subset=["value"])
    unranked = d[d["value"].isna()]
    fig, ax = _new()
    xs = np.arange(len(ranked))
    focus = focus_ids()
    colors = [COLORS["qn"] if u in focus else COLORS["context"] for u in ranked["unit_id"]]
    # dots, not bars: the axis does not start at zero, so bar lengths would exaggerate the gaps
    ax.scatter(xs, ranked["value"], color=colors, s=[140 if u in focus else 55 for u in ranked["unit_id"]], zorder=3)
    median = float(ranked["value"].median())
    ax.axhline(median, color=COLORS["median"], ls="--", lw=1.3, zorder=1)
    ax.text(len(ranked) - 0.5, median, f"{t['median']} {fmt_number(median, 2, lang)}", ha="right", va="bottom",
            fontsize=SMALL, color=COLORS["median"])
    # ranks on the axis; names only where they carry the message (a hall cannot read 63 names)
    shown = sorted({0, len(ranked) - 1, *range(9, len(ranked) - 3, 10)})  # a round rank next to the last is left out
    ranks = ranked["value"].rank(method="min", ascending=False).astype(int).to_numpy()
    ax.set_xticks(shown, [str(ranks[i]) for i in shown])
    ax.set_xlabel(t["rank"])
    for i, ha in ((0, "left"), (len(ranked) - 1, "right")):
        u = ranked["unit_id"].iloc[i]
        if u not in focus and len(ranked) > 1:
            v = float(ranked["value"].iloc[i])
            ax.annotate(f"{registry.name_in_year(u, year, lang, short=True)} {fmt_number(v, 2, lang)}", (i, v),
                        xytext=(-4 if ha == "left" else -12, 10 if ha == "left" else 0), textcoords="offset points",
                        ha=ha, va="bottom" if ha == "left" else "center", fontsize=SMALL, color="#333333")
    lo = float(ranked["value"].min())
    hi = float(ranked["value"].max())
    ax.set_ylim(max(0, lo - (hi - lo) * 0.25), hi + (hi - lo) * 0.12)
    _fmt_axis(ax, "y", 2 if hi < 2 else 0, lang)
    ax.grid(axis="y", color="#EEEEEE")
    ax.set_xlim(-0.8, len(ranked) - 0.2)
    qn = ranked[ranked["unit_id"].isin(focus)]
    if len(qn):
        i = int(np.where(ranked["unit_id"].isin(focus).to_numpy())[0][0])
        v = float(qn["value"].iloc[0])
        rank = int((ranked["value"] > v).sum() + 1)
        ax.annotate(f"{t['qn']}: {fmt_number(v, 2, lang)}\n{t['rank']} {rank}/{len(ranked)}", (i, v),
                    xytext=(i + (9 if i < len(ranked) / 2 else -9), hi + (hi - lo) * 0.04),
                    ha="left" if i < len(ranked) / 2 else "right", va="top",
                    fontsize=MEDIUM, color=COLORS["qn"], fontweight="bold",
                    arrowprops={"arrowstyle": "-", "color": COLORS["qn"]})
    if len(unranked):
        names = ", ".join(registry.name_in_year(u, year, lang, short=True) for u in unranked["unit_id"])
        qn_missing = bool(focus & set(unranked["unit_id"]))
        # Quảng Ninh unranked: the message, on top; others: bottom left, which the descending dots leave empty
        # (on top it ran into Quảng Ninh's label when the province sits in the right half, as in 2014)
        x, y, ha, va = (0.99, 0.97, "right", "top") if qn_missing else (0.01, 0.03, "left", "bottom")
        ax.text(x, y, f"{t['unranked']}: {names}", transform=ax.transAxes, ha=ha, va=va,
                fontsize=MEDIUM if qn_missing else SMALL, color=COLORS["qn"] if qn_missing else "#555555",
                fontweight="bold" if qn_missing else "normal", wrap=True)
    title = t["ranking"].format(index=spec(index).short(lang), year=year)
    return _finish(fig, title, source_line(index, year, lang))


# ----------------------------------------------------------------------------- 4. rank trajectories

def rank_trajectories(data, lang: str = "vi") -> plt.Figure:
    """Quảng Ninh's rank in each national index over the years, one small panel per index;
    rank 1 on top, gaps where no rank was published, hollow markers for 'in the top k' only."""
    from qnindex.analysis.metrics import rank_series

    t = texts(lang)
    panels = {}
    for index in with_chart("rank_trajectories"):
        if index == "papi":
            r = data.papi_ranks().set_index("year")
            panels[index] = pd.DataFrame({"rank": r["rank"], "rank_at_most": float("nan")})
        elif index in data.series:
            panels[index] = rank_series(data.series[index], focus_ids())[["rank", "rank_at_most"]]
    first = min(int(p.index.min()) for p in panels.values())
    years = list(range(first, data.year + 1))
    fig, axes = _new(1, len(panels), sharey=True)
    axes = [axes] if len(panels) == 1 else list(axes)
    step = _year_step(len(years), len(panels))
    for ax, (index, ranks) in zip(axes, panels.items()):
        ranks = ranks.reindex(years)
        color = spec(index).color
        ax.plot(years, ranks["rank"].astype(float).to_numpy(), marker="o", lw=2.6, markersize=7, color=color)
        bound = ranks["rank_at_most"].astype(float)
        ax.scatter(years, bound.to_numpy(), marker="o", s=60, facecolors="white", edgecolors=color, linewidths=2)
        worst = ranks["rank"].max()
        for y in _labelled_years(ranks["rank"]):  # the latest rank, the best and the worst: readable in a hall
            r = float(ranks["rank"][y])
            below = r == worst and r > ranks["rank"].min()  # the worst under its point, the others above
            ax.text(y, r * 1.15 if below else r / 1.15, str(int(r)), ha="center", va="top" if below else "bottom",
                    fontsize=SMALL, color=color, fontweight="bold",
                    bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        previous_bound = None
        for y, r, b in zip(years, ranks["rank"], bound):
            if pd.isna(r) and pd.notna(b) and b != previous_bound:
                ax.text(y - 0.3, float(b) / 1.12, f"top {int(b)}", ha="left", va="bottom", fontsize=SMALL, color=color)
            previous_bound = b if pd.notna(b) else None
        if ranks["rank"].isna().all() and bound.isna().all():  # in the data, but no rank of the province so far
            ax.text(0.5, 0.5, t["not_published"], transform=ax.transAxes, ha="center", va="center",
                    fontsize=SMALL, color="#777777")
        ax.set_title(spec(index).short(lang), color=color, fontsize=MEDIUM)
        ticks = [y for y in years if (data.year - y) % step == 0]
        ax.set_xticks(ticks, [f"'{str(y)[2:]}" for y in ticks])
        ax.set_xlim(first - 0.6, data.year + 0.6)
        ax.grid(axis="y", color="#EEEEEE")
    axes[0].set_yscale("log")
    axes[0].set_ylim(80, 0.75)
    ticks = [1, 2, 3, 5, 10, 20, 40, 63]
    axes[0].set_yticks(ticks, [str(x) for x in ticks])
    axes[0].yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    axes[0].set_ylabel(t["rank"])
    return _finish(fig, t["trajectory"] + f", {first}–{data.year}",
                   _short_sources(tuple(panels), data.year, lang))


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


# ----------------------------------------------------------------------------- 6. DGI

def _ranks(table: pd.DataFrame, totals: pd.DataFrame) -> list[float]:
    """Each unit's rank as the table and the narrative state it: the published rank where one was typed,
    else the competition rank of its total (ties share a rank: 1, 2, 3, 3, 5)."""
    typed = table[(table["component"] == "total") & (table["measure"] == "rank")].set_index("unit_id")["value"]
    computed = totals["value"].rank(method="min", ascending=False)
    return [float(typed.get(u, c)) for u, c in zip(totals["unit_id"], computed)]


def dgi_chart(dgi: pd.DataFrame, lang: str = "vi") -> plt.Figure:
    """Districts ranked by DGI (bars) beside a heatmap of their component indices."""
    t = texts(lang)
    year = int(dgi["year"].iloc[0])
    totals = _totals(dgi).sort_values(["value", "unit_id"], ascending=[True, False])
    comps = [c.name for c in spec("dgi").components]
    matrix = dgi[dgi["component"].isin(comps)].pivot_table(index="unit_id", columns="component", values="value")
    matrix = matrix.loc[totals["unit_id"], comps]
    use_style()
    fig = plt.figure(figsize=SIZE, dpi=current_dpi())
    gs = fig.add_gridspec(1, 2, width_ratios=[1, 2.35], wspace=0.03)
    ax = fig.add_subplot(gs[0])
    hm = fig.add_subplot(gs[1], sharey=ax)
    ys = np.arange(len(totals))
    colors = [COLORS["context"] if s != "published"  # an illustrative value is never judged highest or lowest
              else COLORS["best"] if v == totals["value"].max() else COLORS["worst"] if v == totals["value"].min()
              else COLORS["context"] for v, s in zip(totals["value"], totals["source"])]
    lo = float(totals["value"].min())
    xmin = max(0, (int(lo) // 5) * 5 - 5)
    bars = ax.barh(ys, totals["value"] - xmin, left=xmin, color=colors, height=0.72)
    for bar, src in zip(bars, totals["source"]):
        if src == "illustrative":
            _illustrative(bar)
    n = len(totals)
    for y, v in zip(ys, totals["value"]):
        ax.text(v + 0.2, y, fmt_number(v, 2, lang), va="center", fontsize=SMALL)
    ax.set_yticks(ys, [f"{int(r)}. {registry.name_in_year(u, year, lang, short=True)}"
                       for r, u in zip(_ranks(dgi, totals), totals["unit_id"])])
    avg = float(totals["value"].mean())
    ax.axvline(avg, color=COLORS["average"], ls="--", lw=1.3)
    ax.text(avg, n - 0.35, f"{t['average']} {fmt_number(avg, 2, lang)}", ha="center", va="bottom", fontsize=SMALL,
            fontweight="bold")
    ax.set_xlim(xmin, float(totals["value"].max()) + (float(totals["value"].max()) - xmin) * 0.35)
    ax.set_ylim(-0.6, n + 0.3)
    _fmt_axis(ax, "x", 0, lang)
    ax.tick_params(axis="y", length=0)
    image = hm.imshow(matrix.to_numpy(), aspect="auto", cmap="Blues", vmin=matrix.to_numpy().min() - 5,
                      vmax=100, extent=(-0.5, len(comps) - 0.5, -0.5, n - 0.5), origin="lower")
    del image
    for i, (_u, row) in enumerate(matrix.iterrows()):
        for j, v in enumerate(row):
            hm.text(j, i, fmt_number(v, 1, lang), ha="center", va="center", fontsize=SMALL,
                    color="white" if v > (matrix.to_numpy().min() + 100) / 2 + 5 else "#222222")
    hm.xaxis.tick_top()
    # upright headers would need ~1.6 in per column in English ("Accountability"): read them turned, two lines at most
    hm.set_xticks(range(len(comps)), [_wrap(component_label("dgi", c, lang), 15) for c in comps], rotation=90,
                  linespacing=1.2, va="bottom", ha="center")
    hm.tick_params(axis="x", length=0)
    hm.tick_params(axis="y", left=False, labelleft=False)
    for spine in hm.spines.values():
        spine.set_visible(False)
    source = source_line("dgi", year, lang)
    if (totals["source"] == "illustrative").any():
        fig.legend(handles=[Patch(facecolor=COLORS["context"], alpha=0.6, hatch="///", edgecolor="white",
                                  label=_wrap(t["illustrative"], 18))], loc="upper left", bbox_to_anchor=(0.005, 0.90),
                   frameon=False)
    fig.subplots_adjust(left=0.155, right=0.99, bottom=source_height(source) + 0.05, top=0.66)
    return _finish(fig, t["dgi"].format(year=year), source, tight=False)


# ----------------------------------------------------------------------------- 7. e-government

def egov_departments(egov: pd.DataFrame, lang: str = "vi") -> plt.Figure:
    """Departments' average share of the maximum per criteria group, coloured by tier."""
    t = texts(lang)
    year = int(egov["year"].iloc[0])
    tiers = load_tiers("egov_department")
    rows = []
    for c in spec("egov_department").components + (None,):
        name = c.name if c else "total"
        d = egov[egov["component"] == name]
        d = d[~d["measure"].str.startswith("rank")]
        share = share_of_max(d["value"].mean(), d["max_value"].iloc[0])
        key, shown = ("all", d["value"].mean()) if name == "total" else (f"{name}_share", share)
        published = bool(reproduces_published("egov_department", year, key, shown))
        rows.append((component_label("egov_department", name, lang), share, tier(share, tiers),
                     (d["source"] == "illustrative").any() and not published))
    fig, ax = _new()
    ys = np.arange(len(rows))[::-1]
    for y, (label, share, tr, illus) in zip(ys, rows):
        bar = ax.barh(y, share, color=TIER_COLORS[tr], height=0.62)[0]
        if illus:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
        ax.text(share + 1, y, f"{fmt_number(share, 2, lang)}% · {tier_name(tr, lang)}", va="center", fontsize=16,
                fontweight="bold" if label == component_label("egov_department", "total", lang) else "normal")
    ax.set_yticks(ys, [_wrap(r[0], 30) for r in rows], fontsize=16)
    for bound, name in tiers:
        if bound > 0:
            ax.axvline(bound, color="#999999", ls=":", lw=1.2)
    ax.set_xlim(0, 118)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    _fmt_axis(ax, "x", 0, lang)
    ax.tick_params(axis="y", length=0)
    handles = _tier_handles(tiers, lang)
    if any(r[3] for r in rows):
        handles.append(Patch(facecolor="#CCCCCC", hatch="//", edgecolor="white", label=t["illustrative"]))
    _legend_top(fig, handles)
    return _finish(fig, t["egov_dept"].format(year=year), source_line("egov_department", year, lang), top=0.88)


def _tier_handles(tiers: list[tuple[float, str]], lang: str) -> list[Patch]:
    """One legend entry per tier with its threshold (share of the maximum): 'khá (≥ 70%)'."""
    return [Patch(color=TIER_COLORS[n], label=f"{tier_name(n, lang)} (≥ {fmt_number(b, 0, lang)}%)" if b > 0
                  else tier_name(n, lang)) for b, n in tiers]


def egov_districts(egov: pd.DataFrame, previous: pd.DataFrame | None = None, lang: str = "vi") -> plt.Figure:
    """Districts' points against the maximum, with this year's and last year's averages."""
    t = texts(lang)
    year = int(egov["year"].iloc[0])
    totals = _totals(egov).sort_values(["value", "unit_id"], ascending=[False, True])
    max_points = float(totals["max_value"].iloc[0])
    tiers = load_tiers("egov_district")
    fig, ax = _new()
    xs = np.arange(len(totals))
    colors = [TIER_COLORS[tier(share_of_max(v, max_points), tiers)] for v in totals["value"]]
    bars = ax.bar(xs, totals["value"], color=colors, width=0.72)
    for bar, src in zip(bars, totals["source"]):
        if src == "illustrative":
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    for x, v in zip(xs, totals["value"]):
        ax.text(x, v + 2, fmt_number(v, 0, lang), ha="center", fontsize=SMALL,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    avg = float(totals["value"].mean())
    right = len(xs) - 0.35
    ax.axhline(avg, color=COLORS["average"], ls="--", lw=1.5)
    ax.text(right, avg + 1.5, _wrap(f"{t['average']} {year}: {fmt_number(avg, 1, lang)}", 12), ha="left",
            va="bottom", fontsize=SMALL, fontweight="bold")
    if previous is not None and len(previous):
        prev_avg = float(_totals(previous)["value"].mean())
        ax.axhline(prev_avg, color=COLORS["previous"], ls=":", lw=2)
        ax.text(right, prev_avg - 1.5, _wrap(t["prev_average"].format(prev=year - 1)
                                             + f": {fmt_number(prev_avg, 1, lang)}", 12),
                ha="left", va="top", fontsize=SMALL, color="#9A6700", fontweight="bold")
    ax.set_xlim(-0.6, len(xs) + 2.0)
    ax.axhline(max_points, color="#999999", lw=1)
    ax.set_ylim(0, max_points * 1.08)
    ax.set_xticks(xs, [registry.name_in_year(u, year, lang, short=True) for u in totals["unit_id"]], rotation=35,
                  ha="right", rotation_mode="anchor")
    ax.set_ylabel(t["points"])
    _fmt_axis(ax, "y", 0, lang)
    handles = _tier_handles(tiers, lang)
    handles.append(Patch(facecolor="#CCCCCC", hatch="//", edgecolor="white", label=t["illustrative"]))
    _legend_top(fig, handles)
    return _finish(fig, t["egov_dist"].format(year=year, max=fmt_number(max_points, 0, lang)),
                   source_line("egov_district", year, lang), top=0.88)


def egov_communes(egov: pd.DataFrame, previous: pd.DataFrame | None = None, lang: str = "vi") -> plt.Figure:
    """Distribution of the communes' points this year against last year's, when there is one (histograms on one
    scale)."""
    t = texts(lang)
    year = int(egov["year"].iloc[0])
    totals = _totals(egov)
    max_points = float(totals["max_value"].iloc[0])
    bins = np.arange(0, max_points + 5, 5)
    fig, ax = _new()
    ax.hist(totals["value"], bins=bins, color=COLORS["qn"], alpha=0.8, label=f"{year} ({len(totals)} {t['communes']})")
    if previous is not None and len(previous):
        prev = _totals(previous)
        ax.hist(prev["value"], bins=bins, histtype="step", color=COLORS["previous"], lw=3,
                label=f"{year - 1} ({len(prev)} {t['communes']})")
    top = ax.get_ylim()[1] * 1.12
    ax.set_ylim(0, top)
    ax.axvline(totals["value"].mean(), color=COLORS["average"], ls="--", lw=2)
    ax.text(totals["value"].mean() + 0.8, top * 0.97, f"{t['average']} {year}: {fmt_number(totals['value'].mean(), 1, lang)}",
            va="top", fontsize=SMALL, fontweight="bold")
    if previous is not None and len(previous):
        ax.axvline(prev["value"].mean(), color=COLORS["previous"], ls=":", lw=2.4)
        ax.text(prev["value"].mean() - 0.8, top * 0.97, t["prev_average"].format(prev=year - 1)
                + f": {fmt_number(prev['value'].mean(), 1, lang)}", ha="right", va="top", fontsize=SMALL,
                color="#9A6700", fontweight="bold")
    ax.set_xlim(0, max_points)
    ax.set_xlabel(f"{t['points']} (/ {fmt_number(max_points, 0, lang)})")
    ax.set_ylabel(t["units"])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _fmt_axis(ax, "x", 0, lang)
    handles, _labels = ax.get_legend_handles_labels()
    if (totals["source"] == "illustrative").any():  # said in the legend's row, in the marker's colour
        handles.append(Patch(facecolor="none", edgecolor="none", label=t["illustrative"]))
    _legend_top(fig, handles)
    if (totals["source"] == "illustrative").any():
        fig.legends[-1].get_texts()[-1].set_color("#8a4b00")
    title = t["egov_comm" if previous is not None and len(previous) else "egov_comm_alone"]  # no 'against' alone
    return _finish(fig, title.format(year=year, prev=year - 1), source_line("egov_commune", year, lang), top=0.88)


# ----------------------------------------------------------------------------- saving

_dpi: list[int] = []  # ``resolution(dpi)`` blocks; outside them QNINDEX_DPI (``qnindex report --dpi``) or DPI


def current_dpi() -> int:
    """The resolution ``save`` uses: a ``resolution`` block's, else the pack's (``settings.chart_dpi``)."""
    return _dpi[-1] if _dpi else chart_dpi()


_svg: list[bool] = []  # SVG on demand: ``vectors(True)`` or QNINDEX_SVG=1 (``qnindex report --svg``)


def svg_wanted() -> bool:
    """Whether ``save`` also writes an SVG (for print; slides and the reports use the PNG)."""
    import os

    return _svg[-1] if _svg else os.environ.get("QNINDEX_SVG") == "1"


@contextmanager
def vectors(on: bool = True):
    """Inside the block ``save`` writes (or not) an SVG beside each PNG."""
    _svg.append(on)
    try:
        yield
    finally:
        _svg.pop()


@contextmanager
def resolution(dpi: int):
    """Figures made and PNGs saved inside the block use ``dpi`` (a quick preview or a test gallery; the pack uses
    200). A figure is made at the resolution it will be saved at: the text measured to lay it out is then the text
    drawn (measured once, not once at 100 dpi and again at 200)."""
    _dpi.append(dpi)
    try:
        yield
    finally:
        _dpi.pop()


def score_trends(data, lang: str = "vi") -> plt.Figure:
    """Quảng Ninh's score in each national index over the years (not only its rank): one panel per index with
    at least three years of scores; for PAPI the national median and the range of the provinces beside it."""
    from qnindex.analysis.metrics import rank_provinces
    from qnindex.indices.files import years_with_files

    t = texts(lang)
    panels = {}
    for index in with_chart("rank_trajectories"):
        if index == "papi":
            rows = []
            for y in [y for y in years_with_files("papi") if y <= data.year]:
                table = load("papi", y)
                ranked = rank_provinces(table).dropna(subset=["value"])
                qn = ranked[ranked["unit_id"].isin(focus_ids())]["value"]
                scale = table[table["component"] == "total"]["max_value"].dropna()
                rows.append({"year": y, "value": float(qn.iloc[0]) if len(qn) else float("nan"),
                             "median": float(ranked["value"].median()), "low": float(ranked["value"].min()),
                             "high": float(ranked["value"].max()),
                             "scale": float(scale.iloc[0]) if len(scale) else float("nan")})
            frame = pd.DataFrame(rows).set_index("year")
        elif index in data.series:
            s = data.series[index]
            s = s[s["unit_id"].isin(focus_ids()) & (s["component"] == "total") & ~s["measure"].str.startswith("rank")]
            frame = s.set_index("year")[["value"]].sort_index()
        else:
            continue
        if frame["value"].notna().sum() >= 3:
            panels[index] = frame.reindex(range(int(frame.index.min()), int(frame.index.max()) + 1))  # gaps show
    fig, axes = _new(1, max(1, len(panels)))
    axes = [axes] if len(panels) <= 1 else list(axes)
    for ax, (index, frame) in zip(axes, panels.items()):
        s = spec(index)
        color = s.color
        years = frame.index.to_numpy()
        if "median" in frame:
            ax.fill_between(years, frame["low"], frame["high"], color="#E3E7EB", label=t["range"])
            ax.plot(years, frame["median"], color=COLORS["median"], ls="--", lw=1.3, label=t["median"])
        ax.plot(years, frame["value"], marker="o", color=color, lw=2.4, label=t["qn"])
        for y in _labelled_years(frame["value"]):
            v = float(frame["value"][y])
            first = y == years[0]  # a label on the first year starts at its point: centred, it crossed the y axis
            above = _label_above(frame["value"], y)
            ax.annotate(fmt_compact(v, s.decimals, lang), (y, v), xytext=(-4 if first else 0, 7 if above else -7),
                        textcoords="offset points", fontsize=SMALL, ha="left" if first else "center",
                        va="bottom" if above else "top",
                        color=color, fontweight="bold",
                        bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        ax.set_title(s.short(lang), color=color, fontsize=MEDIUM)
        _scale_changes(ax, frame, lang)
        step = _year_step(len(years), len(panels))
        ticks = [y for y in years if (years[-1] - y) % step == 0]
        ax.set_xticks(ticks, [f"'{str(y)[2:]}" for y in ticks])
        ax.margins(y=0.12)
        spread = float(frame[[c for c in ("value", "high", "low") if c in frame]].max().max()
                       - frame[[c for c in ("value", "high", "low") if c in frame]].min().min())
        decimals = 2 if frame["value"].max() <= 1 else (0 if spread > 8 else 1)
        if decimals == 0:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole ticks for whole labels
        _fmt_axis(ax, "y", decimals, lang)
        ax.grid(axis="y", color="#EEEEEE")
    if panels and "papi" in panels:  # PAPI's context (range, median) named above the panels: inside, it hid the line
        handles, labels = axes[list(panels).index("papi")].get_legend_handles_labels()
        _legend_top(fig, [h for h, label in zip(handles, labels) if label != t["qn"]])
    title = (f"Điểm của {focus_name(lang)} qua các năm" if lang == "vi" else f"{focus_name(lang)}'s scores over the years")
    until = f"đến năm {data.year}" if lang == "vi" else f"to {data.year}"
    return _finish(fig, f"{title} ({until})", _short_sources(tuple(panels) or ("papi",), data.year, lang),
                   top=0.9 if "papi" in panels else 0.93)


def _scale_changes(ax, frame: pd.DataFrame, lang: str) -> None:
    """Where an index changed its scale (PAPI: 60 points to 2017, 80 from 2018), a dotted line and a short note at
    that year: the jump of the scores is the new scale, not a change of the province."""
    if "scale" not in frame:
        return
    scales = frame["scale"].dropna()
    for before, after in zip(scales.index[:-1], scales.index[1:]):
        if scales[before] != scales[after]:
            ax.axvline(after - 0.5, color="#777777", ls=":", lw=1.2, zorder=1)
            note = (f"thang {scales[after]:g} điểm\ntừ {after}" if lang == "vi" else
                    f"{scales[after]:g}-point scale\nfrom {after}")
            ax.text(after - 0.4, 0.03, note, transform=ax.get_xaxis_transform(), fontsize=SMALL, color="#555555",
                    ha="left", va="bottom", linespacing=1.0)


def papi_dimension_trends(papi: pd.DataFrame, lang: str = "vi") -> plt.Figure | None:
    """PAPI's dimensions over the years as small multiples: Quảng Ninh's score in each dimension with the national
    median and the range of the provinces (in years whose table covers them all), for every dimension scored in at
    least three years to ``papi``'s."""
    from qnindex.indices.files import years_with_files

    t = texts(lang)
    year = int(papi["year"].iloc[0])
    dimension_ids = [cid for cid, _vi, _en in DIMENSIONS.values()]
    per_year = []
    for y in [y for y in years_with_files("papi") if y <= year]:
        table = papi if y == year else load("papi", y)
        table = table[table["component"].isin(dimension_ids) & ~table["measure"].str.startswith("rank")
                      ].dropna(subset=["value"])
        stats = table.groupby("component")["value"].agg(["median", "min", "max", "size"])
        full = stats["size"] >= 0.95 * len(registry.units_in("province", y))  # median and range over (nearly) all
        stats[["median", "min", "max"]] = stats[["median", "min", "max"]].where(full)
        qn = table[table["unit_id"].isin(focus_ids())].drop_duplicates("component").set_index("component")["value"]
        per_year.append(stats.assign(value=qn, year=y).rename(columns={"min": "low", "max": "high"}))
    frame = (pd.concat(per_year).rename_axis("component").reset_index()
             [["component", "year", "value", "median", "low", "high"]] if per_year else pd.DataFrame())
    dims = [cid for cid, _vi, _en in DIMENSIONS.values()
            if len(frame) and frame[(frame["component"] == cid)]["value"].notna().sum() >= 3]
    if not dims:
        return None
    cols = 4 if len(dims) > 6 else 3
    rows_n = (len(dims) + cols - 1) // cols
    fig, axes = _new(rows_n, cols, sharey=True, squeeze=False)
    color = spec("papi").color
    first, last = int(frame["year"].min()), year
    for ax, cid in zip(axes.ravel(), dims):
        d = frame[frame["component"] == cid].set_index("year").reindex(range(first, last + 1))  # gaps show
        years = d.index.to_numpy()
        ax.fill_between(years, d["low"], d["high"], color="#E3E7EB", label=t["range"])
        ax.plot(years, d["median"], color=COLORS["median"], ls="--", lw=1.3, label=t["median"])
        ax.plot(years, d["value"], marker="o", ms=4, color=color, lw=2.2, label=t["qn"])
        known = d["value"].dropna()
        if len(known):  # the latest score, right of the line's end
            y_last, v_last = int(known.index[-1]), float(known.iloc[-1])
            ax.annotate(fmt_number(v_last, 2, lang), (y_last, v_last), xytext=(7, 0), textcoords="offset points",
                        fontsize=SMALL, ha="left", va="center", color=color, fontweight="bold")
        ax.set_title(_wrap(dimension_label(cid, lang), 30 if cols == 3 else 21), fontsize=SMALL, linespacing=1.0)
        ticks = [first, last] if last > first else [last]
        ax.set_xticks(ticks, [str(y) for y in ticks])
        ax.set_xlim(first - 0.5, last + (last - first + 1) * 0.3)  # room for the latest score
        ax.grid(axis="y", color="#EEEEEE")
        _fmt_axis(ax, "y", 0, lang)
    for ax in axes.ravel()[len(dims):]:
        ax.set_axis_off()
    _legend_top(fig, axes.ravel()[0].get_legend_handles_labels()[0])
    title = (f"PAPI: các chỉ số nội dung của {focus_name(lang)} qua các năm (đến năm {year})" if lang == "vi"
             else f"PAPI: {focus_name(lang)}'s dimensions over the years (to {year})")
    return _finish(fig, title, _short_sources(("papi",), year, lang), top=0.86)


def own_trends(data, lang: str = "vi") -> plt.Figure | None:
    """The province's own assessments over the years: the average of its units per index (respondent-weighted for
    the satisfaction survey) with the range of the units, for every own index with at least three years."""
    from qnindex.core.errors import RawDataError
    from qnindex.indices.files import years_with_files
    from qnindex.indices.specs import SPECS

    panels = {}
    for s in SPECS:
        if s.national or s.id in ("online_services",) or s.id in data.not_covered:
            continue  # (another province's pack: the project's own assessments are not about it)
        rows = []
        for y in [y for y in years_with_files(s.id) if y <= data.year]:
            try:
                table = values_only(load(s, y))
            except RawDataError:
                continue
            totals = table[table["component"] == "total"].dropna(subset=["value"])
            if totals.empty:
                continue
            mean = group_means(totals).set_index("group").loc["all", "value"] if s.loader == "survey" else \
                float(totals["value"].mean())
            rows.append({"year": y, "mean": mean, "low": float(totals["value"].min()),
                         "high": float(totals["value"].max())})
        if len(rows) >= 3:
            frame = pd.DataFrame(rows).set_index("year")
            panels[s.id] = frame.reindex(range(int(frame.index.min()), int(frame.index.max()) + 1))
    if not panels:
        return None
    t = texts(lang)
    fig, axes = _new(1, len(panels))
    axes = [axes] if len(panels) == 1 else list(axes)
    title_pt = 72 * SIZE[0] / len(panels) - 40  # a panel's width, less its axis labels
    for ax, (index, frame) in zip(axes, panels.items()):
        years = frame.index.to_numpy()
        ax.fill_between(years, frame["low"], frame["high"], color="#E3E7EB", label=t["range_units"])
        alone = frame["low"].notna() & frame["low"].shift(1).isna() & frame["low"].shift(-1).isna()
        ax.vlines(years[alone.to_numpy()], frame["low"][alone], frame["high"][alone], color="#E3E7EB", lw=10,
                  zorder=1)  # a year with no neighbour: its range as a bar (a band of one year has no width)
        ax.plot(years, frame["mean"], marker="o", color=COLORS["qn"], lw=2.4, label=t["average"])
        for y in _labelled_years(frame["mean"]):
            v = float(frame["mean"][y])
            first = y == years[0]  # a label on the first year starts at its point: centred, it crossed the y axis
            above = _label_above(frame["mean"], y)
            ax.annotate(fmt_number(v, 2, lang), (y, v), xytext=(-4 if first else 0, 7 if above else -7),
                        textcoords="offset points", fontsize=SMALL, ha="left" if first else "center",
                        va="bottom" if above else "top", color=COLORS["qn"], fontweight="bold")
        ax.set_title(_fit(spec(index).short(lang), title_pt, MEDIUM, matplotlib.rcParams["axes.titleweight"]),
                     fontsize=MEDIUM)  # five panels: a long name on two lines
        step = _year_step(len(years), len(panels))
        ticks = [y for y in years if (years[-1] - y) % step == 0]
        ax.set_xticks(ticks, [f"'{str(y)[2:]}" for y in ticks])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _fmt_axis(ax, "y", 0, lang)
        ax.grid(axis="y", color="#EEEEEE")
    _legend_top(fig, axes[0].get_legend_handles_labels()[0])  # above the panels: inside one it covered the range
    title = "Kết quả đánh giá của tỉnh qua các năm" if lang == "vi" else "The province's own assessments over the years"
    until = f"đến năm {data.year}" if lang == "vi" else f"to {data.year}"
    source = (f"Nguồn: UBND {registry.province_title(registry.focus_unit(data.year), data.year)}; bình quân như đã công "
              "bố, điểm từng đơn vị phần lớn là số liệu minh họa." if lang == "vi" else
              f"Source: {focus_name('en')} People's Committee; averages as published, unit scores mostly illustrative.")
    return _finish(fig, f"{title} ({until})", source, top=0.9)


def online_services_trend(data, lang: str = "vi") -> plt.Figure | None:
    """The share of applications filed online at levels 3-4 over the years against the province's target
    (dashed, where one is in force); illustrative years drawn hollow and said so; consecutive years joined, a year
    with no rate left as a gap. None with fewer than two years, or when the report's year has no rate."""
    from qnindex.core.errors import RawDataError
    from qnindex.indices.files import years_with_files
    from qnindex.indices.targets import target_for

    rows = []
    for y in [y for y in years_with_files("online_services") if y <= data.year]:
        try:
            table = values_only(load("online_services", y))
        except RawDataError:
            continue
        focus = table[table["unit_id"].isin(focus_ids()) & (table["component"] == "total")].dropna(subset=["value"])
        if len(focus):
            target = target_for("online_services", focus["unit_id"].iloc[0], y)
            rows.append({"year": y, "value": float(focus["value"].iloc[0]),
                         "illustrative": bool((focus["source"] == "illustrative").any()),
                         "target": float(target["target"]) if target else float("nan")})
    if len(rows) < 2 or rows[-1]["year"] != data.year:  # a trend that ends before the report's year says nothing
        return None
    frame = pd.DataFrame(rows).set_index("year")
    t = texts(lang)
    fig, ax = _new()
    years = frame.index.to_numpy()
    values = frame["value"].to_numpy()
    for run in np.split(np.arange(len(years)), np.flatnonzero(np.diff(years) > 1) + 1):  # no line across missing years
        ax.plot(years[run], values[run], color=COLORS["qn"], lw=2.6, zorder=2)
    for i, (y, rec) in enumerate(frame.iterrows()):
        ax.scatter([y], [rec["value"]], s=140, zorder=3, color="white" if rec["illustrative"] else COLORS["qn"],
                   edgecolors=COLORS["qn"], linewidths=2.5)
        neighbours = values[max(0, i - 1):i + 2]
        above = rec["value"] >= neighbours.mean()  # a label on the side the line does not run
        ax.annotate(f"{fmt_number(rec['value'], 2, lang)}%" + (f" ({t['illustrative_short']})"
                                                                 if rec["illustrative"] else ""),
                    (y, rec["value"]), xytext=(0, 14 if above else -14), textcoords="offset points", ha="center",
                    va="bottom" if above else "top", fontsize=SMALL, color=COLORS["qn"], fontweight="bold")
    for y, target in frame["target"].dropna().items():  # the target of each year it was in force
        ax.hlines(target, y - 0.4, y + 0.4, color=COLORS["worst"], ls="--", lw=2.2, zorder=2.5)  # above the grid
        ax.annotate(t["target"].format(value=fmt_number(target, 0, lang)), (y, target), xytext=(0, 8),
                    textcoords="offset points", ha="center", va="bottom", fontsize=SMALL, color=COLORS["worst"],
                    fontweight="bold")
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
    top = max(frame["value"].max(), frame["target"].max(skipna=True) if frame["target"].notna().any() else 0)
    ax.set_ylim(0, max(50.0, top * 1.25))
    ax.set_ylabel("%")
    _fmt_axis(ax, "y", 0, lang)
    ax.grid(axis="y", color="#EEEEEE")
    title = t["online"].format(year=data.year)
    return _finish(fig, title, source_line("online_services", data.year, lang))


# ----------------------------------------------------------------------------- 8. maps

QUARTILE_COLORS = ["#1A9641", "#A6D96A", "#FDAE61", "#D7191C"]  # best, high-average, low-average, poorest
ARCHIPELAGOS = {"vi": (("Quần đảo\nHoàng Sa", 112.3, 17.6), ("Quần đảo\nTrường Sa", 114.0, 8.7)),
                "en": (("Hoang Sa\n(Paracel) Islands", 112.3, 17.6), ("Truong Sa\n(Spratly) Islands", 114.0, 8.7))}
MAP_TEXT = {"vi": {"bands": ("Nhóm cao nhất", "Nhóm trung bình cao", "Nhóm trung bình thấp", "Nhóm thấp nhất"),
                   "none": "Không có số liệu", "top": "10 tỉnh, thành phố dẫn đầu", "title": "{index} {year}: bản đồ "
                   "theo nhóm điểm (tứ phân vị)", "dims": "PAPI {year}: các chỉ số nội dung theo nhóm điểm (tứ phân vị)"},
            "en": {"bands": ("Best quartile", "High-average", "Low-average", "Poorest quartile"),
                   "none": "No data", "top": "The ten leading provinces", "title": "{index} {year}: map by score "
                   "quartile", "dims": "PAPI {year}: dimensions by score quartile"}}


def _bands(values: pd.Series) -> tuple[pd.Series, list[tuple[float, float]]]:
    """Quartile band of each value (0 = best) and each band's score range, PAPI's convention."""
    q = values.quantile([0.25, 0.5, 0.75]).tolist()
    band = values.map(lambda v: 0 if v >= q[2] else 1 if v >= q[1] else 2 if v >= q[0] else 3)
    ranges = [(float(values[band == b].min()), float(values[band == b].max())) for b in range(4)]
    return band, ranges


@lru_cache(maxsize=4)
def _outlines(year: int) -> tuple[tuple[str, ...], tuple, tuple[str, ...], tuple]:
    """The provinces of ``year`` as matplotlib paths, and the parts east of 110.5°E (the archipelagos) apart.

    Built once per boundary file, year and code (disk cache: a warm run needs no geopandas) and drawn by every
    map (geopandas' own ``plot`` redraws the whole figure after each call); the rings are normalised as
    geopandas does, so the pixels are the same."""
    from qnindex.core.cache import cached_file
    from qnindex.data.boundaries import boundary_file

    return cached_file(f"outlines-{year}", [boundary_file()], lambda: _outline_paths(year))


def _outline_paths(year: int) -> tuple[tuple[str, ...], tuple, tuple[str, ...], tuple]:
    from matplotlib.path import Path as MplPath

    from qnindex.data.boundaries import provinces

    def path(polygon) -> MplPath:
        rings = [MplPath(np.asarray(r.coords)[:, :2], closed=True)
                 for part in getattr(polygon, "geoms", [polygon]) for r in (part.exterior, *part.interiors)]
        return MplPath.make_compound_path(*rings)

    geo = provinces(year)
    units = tuple(geo["unit_id"])
    shapes = tuple(path(g) for g in geo.geometry.normalize())
    parts = geo.explode(index_parts=False)
    parts = parts[parts.geometry.bounds["minx"] > 110.5]  # Hoàng Sa (Đà Nẵng), Trường Sa (Khánh Hòa)
    return units, shapes, tuple(parts["unit_id"]), tuple(path(g) for g in parts.geometry.normalize())


def _add_shapes(ax, shapes, **style) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    ax.add_collection(PatchCollection([PathPatch(s) for s in shapes], **style), autolim=True)


def _draw_map(ax, year: int, scores: pd.Series, lang: str, label_focus: str | None) -> list[tuple[float, float]]:
    """Provinces coloured by quartile band, the focus province outlined, both archipelagos labelled."""
    known = scores.dropna()
    band, ranges = _bands(known)
    units, shapes, island_units, islands = _outlines(year)
    colors = {u: QUARTILE_COLORS[int(band[u])] if u in band.index else "#E6E6E6" for u in units}
    _add_shapes(ax, shapes, facecolor=[colors[u] for u in units], edgecolor="white", linewidth=0.3)
    _add_shapes(ax, [s for u, s in zip(units, shapes) if u in focus_ids()], facecolor="none",
                edgecolor=COLORS["qn"], linewidth=2.2)
    _add_shapes(ax, islands, facecolor=[colors[u] for u in island_units], edgecolor="#555555", linewidth=1.2)
    for name, x, y in ARCHIPELAGOS[lang]:
        ax.text(x, y, name, ha="center", va="center", fontsize=SMALL, color="#333333", style="italic",
                linespacing=1.0)
    if label_focus:
        ax.annotate(label_focus, xy=(107.6, 21.2), xytext=(109.2, 22.6), fontsize=MEDIUM, fontweight="bold",
                    color=COLORS["qn"], arrowprops={"arrowstyle": "-", "color": COLORS["qn"]})
    ax.set_xlim(102, 117.5)
    ax.set_ylim(7.2, 23.6)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ranges


def province_map(tidy: pd.DataFrame, lang: str = "vi", component: str = "total") -> plt.Figure:
    """A map of the provinces coloured by quartile band (PAPI's four colours, the legend gives each band's
    score range) beside the ten leading provinces; Quảng Ninh outlined and labelled with its score and rank."""
    from qnindex.data.boundaries import ATTRIBUTION

    t, m = texts(lang), MAP_TEXT[lang]
    index = str(tidy["index"].iloc[0])
    year = int(tidy["year"].iloc[0])
    d = _totals(tidy) if component == "total" else tidy[tidy["component"] == component]
    scores = d.set_index("unit_id")["value"].astype(float)
    use_style()
    fig = plt.figure(figsize=SIZE, dpi=current_dpi())
    source = f"{source_line(index, year, lang)} {ATTRIBUTION[lang]}."
    ax = fig.add_axes((0.0, source_height(source), 0.58, 0.93 - source_height(source)))
    ranked = scores.dropna().sort_values(ascending=False)
    focus = next((scores[u] for u in focus_ids() if u in scores.index), None)
    label = None
    if focus is not None and focus == focus:
        rank = int((ranked > focus).sum() + 1)
        label = f"{t['qn']}: {fmt_number(focus, 2, lang)} ({rank}/{len(ranked)})"
    ranges = _draw_map(ax, year, scores, lang, label)
    handles = [Patch(color=c, label=f"{name}: {fmt_number(lo, 2, lang)}–{fmt_number(hi, 2, lang)}")
               for c, name, (lo, hi) in zip(QUARTILE_COLORS, m["bands"], ranges) if lo == lo]
    handles.append(Patch(color="#E6E6E6", label=m["none"]))
    side = fig.add_axes((0.60, source_height(source) + 0.01, 0.38, 0.90 - source_height(source)))
    side.legend(handles=handles, loc="lower left", frameon=False, borderaxespad=0)
    side.set_axis_off()
    side.text(0, 1.0, m["top"], fontsize=MEDIUM, fontweight="bold", va="top", transform=side.transAxes)
    for i, (u, v) in enumerate(ranked.head(10).items()):
        rank = int((ranked > v).sum() + 1)
        color = COLORS["qn"] if u in focus_ids() else "#222222"
        y = 0.915 - i * 0.056
        side.text(0.0, y, f"{rank}.", fontsize=SMALL, color=color, va="center", transform=side.transAxes)
        side.text(0.1, y, registry.name_in_year(u, year, lang, short=True), fontsize=SMALL, color=color, va="center",
                  fontweight="bold" if u in focus_ids() else "normal", transform=side.transAxes)
        side.text(0.95, y, fmt_number(v, 2, lang), fontsize=SMALL, color=color, va="center", ha="right",
                  transform=side.transAxes)
    title = m["title"].format(index=spec(index).short(lang) if component == "total" else
                              dimension_label(component, lang), year=year)
    return _finish(fig, title, source, tight=False)


def papi_dimension_maps(papi: pd.DataFrame, lang: str = "vi") -> plt.Figure:
    """PAPI's dimensions as small multiples of the map, each coloured by its own quartile bands."""
    from qnindex.data.boundaries import ATTRIBUTION

    year = int(papi["year"].iloc[0])
    dims = [cid for cid, _vi, _en in DIMENSIONS.values() if cid in set(papi["component"])]
    use_style()
    fig = plt.figure(figsize=SIZE, dpi=current_dpi())
    cols = 4
    rows = (len(dims) + cols - 1) // cols
    source = f"{source_line('papi', year, lang)} {ATTRIBUTION[lang]}."
    bottom, top = source_height(source), 0.86
    height = (top - bottom) / rows
    for i, cid in enumerate(dims):
        ax = fig.add_axes((0.01 + (i % cols) * 0.245, bottom + (rows - 1 - i // cols) * height, 0.235, height - 0.09))
        d = papi[papi["component"] == cid].set_index("unit_id")["value"].astype(float)
        _draw_map(ax, year, d, lang, None)
        ax.set_title(_wrap(dimension_label(cid, lang), 22), fontsize=SMALL, linespacing=1.0, pad=2)
    m = MAP_TEXT[lang]
    handles = [Patch(color=c, label=name) for c, name in zip(QUARTILE_COLORS, m["bands"])]
    scored = set(papi.dropna(subset=["value"])["unit_id"])
    if not set(_outlines(year)[0]) <= scored:  # grey only where a province has no score
        handles.append(Patch(color="#E6E6E6", label=m["none"]))
    _legend_top(fig, handles)
    return _finish(fig, m["dims"].format(year=year), source, tight=False)


@lru_cache(maxsize=1)
def _exact_colours() -> list[tuple[int, int, int]]:
    """The colours that carry meaning (Quảng Ninh, tiers, bands, indices) and the flat greys and white."""
    from qnindex.indices.specs import SPECS

    hexes = {*COLORS.values(), *TIER_COLORS.values(), *QUARTILE_COLORS, *(s.color for s in SPECS),
             "#FFFFFF", "#000000", "#222222", "#333333", "#555555", "#E6E6E6", "#DDDDDD", "#E3E7EB", "#F4F6F8",
             "#EEEEEE", "#CCCCCC", "#9A6700", "#8A4B00"}
    return sorted({tuple(int(h.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)) for h in hexes})


def palette_png(image, width: int | None = None, dpi: int | None = None) -> bytes:
    """A chart image as a 256-colour PNG (a third of the bytes of RGB), scaled down to ``width`` pixels if wider.
    The palette holds the charts' own colours and entries fitted to the image; every entry close to one of the
    charts' colours is set to it exactly, so Quảng Ninh's blue, the tiers, the bands and the light card and range
    fills keep their exact values (none merges into white); no dithering."""
    import io

    from PIL import Image

    img = image if image.mode == "RGB" else image.convert("RGB")
    if width and img.width > width:
        img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
    # the palette: the charts' own colours, then entries fitted to the image reduced 4 times (every colour with an
    # area and the blends of its edges survive; a sixteenth of the work); the whole image is mapped onto it
    exact = _exact_colours()
    sample = img.reduce(4) if img.width >= 4 * 256 else img
    fitted = sample.quantize(colors=256 - len(exact), method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    entries = [c for rgb in exact for c in rgb] + fitted.getpalette()[: 3 * (256 - len(exact))]
    palette = Image.new("P", (1, 1))
    palette.putpalette(entries + entries[:3] * (256 - len(entries) // 3))  # padded with the first colour
    quantized = img.quantize(palette=palette, dither=Image.Dither.NONE)
    # the mapping is nearest within a few levels: an entry that close to one of the charts' colours becomes it
    found = np.array(quantized.getpalette()[: 3 * 256], dtype=np.int32).reshape(-1, 3)
    wanted = np.array(exact, dtype=np.int32)
    distance = ((found[:, None, :] - wanted[None, :, :]) ** 2).sum(axis=2)  # entries x exact colours
    close = distance.min(axis=1) <= 3 * 6 ** 2
    found[close] = wanted[distance.argmin(axis=1)[close]]
    quantized.putpalette(found.astype(np.uint8).ravel().tolist())
    out = io.BytesIO()
    quantized.save(out, format="PNG", compress_level=6, **({"dpi": (dpi, dpi)} if dpi else {}))  # 9 costs 8x for -10 %
    return out.getvalue()


def save(fig: plt.Figure, stem: Path | str, dpi: int | None = None, svg: bool | None = None) -> list[Path]:
    """Write ``stem``.png (200 dpi unless told, 256 colours with the charts' own colours exact; and ``stem``.svg
    on demand), byte-identical on rerun; closes the figure."""
    import io

    from PIL import Image

    dpi = dpi or current_dpi()
    svg_too = svg_wanted() if svg is None else svg
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png = stem.with_suffix(".png")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="raw", dpi=dpi)  # drawn once, pixels only: the PNG is encoded once, below
    width = int(fig.get_figwidth() * dpi)
    pixels = buffer.getbuffer()
    # RGBA read as RGB, the opaque alpha skipped while unpacking (a conversion afterwards costs as much again)
    rendered = Image.frombytes("RGB", (width, len(pixels) // (4 * width)), pixels, "raw", "RGBX")
    png.write_bytes(palette_png(rendered, dpi=dpi))
    written = [png]
    if svg_too:
        with matplotlib.rc_context({"svg.hashsalt": "qnindex"}):
            fig.savefig(stem.with_suffix(".svg"), metadata={"Date": None, "Creator": None})
        written.append(stem.with_suffix(".svg"))
    plt.close(fig)
    fig.canvas.__dict__.pop("renderer", None)  # its pixels (14 MB) go now: the figure's cycles wait for a full collection
    return written
