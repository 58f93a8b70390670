"""Charts of the province's own units: satisfaction by unit (SIPAS), DGI with its components, e-government."""
from __future__ import annotations

from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from qnindex.analysis.metrics import values_only, extremes, group_means, share_of_max, tier, wilson
from qnindex.core.formatting import fmt_number
from qnindex.data import registry
from qnindex.indices.provincial import component_label
from qnindex.render.charts.style import (COLORS, GROUP_LABELS, SIZE, SMALL, TIER_COLORS, _figure, _finish, _fit,
                                         _fmt_axis, _illustrative, _legend_top, _new, _panel_title, _tier_handles,
                                         _totals, _wrap, source_height, texts)


def unit_ranking(data, index: str, lang: str = "vi") -> plt.Figure:
    """A satisfaction survey of the province's units (``index`` of ``data``): every unit's rate by group, sorted,
    with the group averages (a group with more units than a column can name shows its best and poorest, the others
    counted in one row; all are in the table)."""
    t = texts(data, lang)
    tidy = values_only(data.current[index])
    groups = [g for g in registry.BLOCK_ORDER if g in set(tidy["group"])]
    year = int(tidy["year"].iloc[0])
    means = group_means(tidy).set_index("group")["value"]
    ext = extremes(tidy)
    fig, axes = _new(data, 1, len(groups),
                     gridspec_kw={"width_ratios": [1.12 if g == "department" else 1 for g in groups]})
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
        for y, v, (_lo, top) in zip(ys, d["value"], bounds):  # clear of the whisker's end, over the average line
            ax.annotate(fmt_number(v, 2, lang), (top, y), xytext=(5, 0), textcoords="offset points", va="center",
                        fontsize=SMALL, color="#333333", zorder=4,
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
        _panel_title(ax, GROUP_LABELS[lang][group], pad=6, loc="right")  # right-aligned: long names stay inside
        ax.xaxis.set_visible(False)  # every bar carries its value: the rows get the height instead
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    handles = ([Patch(color=COLORS["best"], label=t["best"]), Patch(color=COLORS["worst"], label=t["worst"])]
               if marked else []) + \
        [Patch(facecolor=COLORS["context"], alpha=0.6, hatch="///", edgecolor="white", label=t["illustrative"])]
    if tidy["weight"].notna().all():
        handles.append(plt.Line2D([], [], color="#444444", lw=0.8, marker="|", markersize=8, label=t["interval"]))
    _legend_top(fig, handles, y=0.94)
    return _finish(fig, t["unit_ranking"].format(name=data.spec(index).name(lang), year=year), data.project.source_line(index, year, lang), top=0.90)


UNIT_ROWS = 21  # rows of units one column of a slide names at the smallest type without them running together


def _ranks(table: pd.DataFrame, totals: pd.DataFrame) -> list[float]:
    """Each unit's rank as the table and the narrative state it: the published rank where one was typed,
    else the competition rank of its total (ties share a rank: 1, 2, 3, 3, 5)."""
    typed = table[(table["component"] == "total") & (table["measure"] == "rank")].set_index("unit_id")["value"]
    computed = totals["value"].rank(method="min", ascending=False)
    return [float(typed.get(u, c)) for u, c in zip(totals["unit_id"], computed)]


def components_chart(data, index: str, lang: str = "vi") -> plt.Figure:
    """Units ranked by an index with components (DGI: the districts; bars) beside a heatmap of their components."""
    table = data.current[index]
    spec = data.spec(index)
    t = texts(data, lang)
    year = int(table["year"].iloc[0])
    totals = _totals(table).sort_values(["value", "unit_id"], ascending=[True, False])
    comps = [c.name for c in spec.components]
    matrix = table[table["component"].isin(comps)].pivot_table(index="unit_id", columns="component", values="value")
    matrix = matrix.loc[totals["unit_id"], comps]
    fig = _figure(data)
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
    for y, v in zip(ys, totals["value"]):  # over the average line, never crossed by it
        ax.text(v + 0.2, y, fmt_number(v, 2, lang), va="center", fontsize=SMALL, zorder=4,
                bbox={"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none"})
    ax.set_yticks(ys, [f"{int(r)}. {registry.name_in_year(u, year, lang, short=True)}"
                       for r, u in zip(_ranks(table, totals), totals["unit_id"])])
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
    source = data.project.source_line(index, year, lang)
    fig.subplots_adjust(left=0.155, right=0.99, bottom=source_height(source) + 0.05, top=0.73)
    column_pt = hm.get_position().width * SIZE[0] * 72 / len(comps) - 6
    upright = [_fit(component_label(spec, c, lang, short=True), column_pt, SMALL) for c in comps]
    if all(len(h.splitlines()) <= 4 and _widest(h, SMALL) <= column_pt for h in upright):
        hm.set_xticks(range(len(comps)), upright, linespacing=1.1, va="bottom", ha="center")  # read level
    else:  # a word wider than its column (English "Accountability"): the headers turned, the table lower
        fig.subplots_adjust(top=0.66)
        hm.set_xticks(range(len(comps)), [_wrap(component_label(spec, c, lang), 15) for c in comps], rotation=90,
                      linespacing=1.2, va="bottom", ha="center")
    hm.tick_params(axis="x", length=0)
    hm.tick_params(axis="y", left=False, labelleft=False)
    for spine in hm.spines.values():
        spine.set_visible(False)
    if (totals["source"] == "illustrative").any():
        fig.legend(handles=[Patch(facecolor=COLORS["context"], alpha=0.6, hatch="///", edgecolor="white",
                                  label=_wrap(t["illustrative"], 18))], loc="upper left", bbox_to_anchor=(0.005, 0.90),
                   frameon=False)
    units = registry.group_words("count")[lang].get(spec.groups[0], "")
    return _finish(fig, t["components"].format(index=spec.short(lang), year=year, units=units), source,
                   tight=False)


def criteria_shares(data, index: str, lang: str = "vi") -> plt.Figure:
    """Departments' average share of the maximum per criteria group, coloured by tier."""
    egov = data.current[index]
    spec = data.spec(index)
    targets = data.project.targets
    t = texts(data, lang)
    year = int(egov["year"].iloc[0])
    tiers = targets.tiers(index)
    rows = []
    for c in spec.components + (None,):
        name = c.name if c else "total"
        d = egov[egov["component"] == name]
        d = d[~d["measure"].str.startswith("rank")]
        share = share_of_max(d["value"].mean(), d["max_value"].iloc[0])
        key, shown = ("all", d["value"].mean()) if name == "total" else (f"{name}_share", share)
        published = bool(data.project.reproduces_published(index, year, key, shown))
        # the total is written as the narrative writes it, in points of the maximum ('73,83/100 điểm'); a group of
        # criteria as its share of the group's maximum
        shown_text = (f"{fmt_number(d['value'].mean(), 2, lang)}/{fmt_number(d['max_value'].iloc[0], 0, lang)} "
                      f"{t['points'].lower()}" if name == "total" else f"{fmt_number(share, 2, lang)}%")
        rows.append((component_label(spec, name, lang), share, tier(share, tiers),
                     (d["source"] == "illustrative").any() and not published, shown_text))
    fig, ax = _new(data)
    ys = np.arange(len(rows))[::-1]
    for y, (label, share, tr, illus, shown_text) in zip(ys, rows):
        bar = ax.barh(y, share, color=TIER_COLORS[tr], height=0.62)[0]
        if illus:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
        ax.text(share + 1, y, f"{shown_text} · {targets.tier_name(tr, lang)}", va="center", fontsize=16,
                fontweight="bold" if label == component_label(spec, "total", lang) else "normal")
    ax.set_yticks(ys, [_wrap(r[0], 30) for r in rows], fontsize=16)
    for bound, name in tiers:
        if bound > 0:
            ax.axvline(bound, color="#999999", ls=":", lw=1.2)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))  # a share of the maximum: no tick past 100
    ax.set_ylim(-0.6, len(rows) - 0.4)
    _fmt_axis(ax, "x", 0, lang)
    ax.tick_params(axis="y", length=0)
    handles = _tier_handles(tiers, targets, lang)
    if any(r[3] for r in rows):
        handles.append(Patch(facecolor="#CCCCCC", hatch="//", edgecolor="white", label=t["illustrative"]))
    _legend_top(fig, handles)
    return _finish(fig, t["criteria_shares"].format(name=data.spec(index).name(lang), year=year), data.project.source_line(index, year, lang), top=0.88)


def points_against_maximum(data, index: str, lang: str = "vi") -> plt.Figure:
    """Districts' points against the maximum, with this year's and last year's averages."""
    egov, previous = data.current[index], data.previous.get(index)
    t = texts(data, lang)
    year = int(egov["year"].iloc[0])
    totals = _totals(egov).sort_values(["value", "unit_id"], ascending=[False, True])
    max_points = float(totals["max_value"].iloc[0])
    tiers = data.project.targets.tiers(index)
    fig, ax = _new(data)
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
    handles = _tier_handles(tiers, data.project.targets, lang, max_points)  # the axis is in points: so are the bounds
    handles.append(Patch(facecolor="#CCCCCC", hatch="//", edgecolor="white", label=t["illustrative"]))
    _legend_top(fig, handles)
    return _finish(fig, t["points_against_maximum"].format(name=data.spec(index).name(lang), year=year,
                                                      max=fmt_number(max_points, 0, lang)),
                   data.project.source_line(index, year, lang), top=0.88)


def points_distribution(data, index: str, lang: str = "vi") -> plt.Figure:
    """Distribution of the communes' points this year against last year's, when there is one (histograms on one
    scale)."""
    egov, previous = data.current[index], data.previous.get(index)
    t = texts(data, lang)
    year = int(egov["year"].iloc[0])
    totals = _totals(egov)
    max_points = float(totals["max_value"].iloc[0])
    bins = np.arange(0, max_points + 5, 5)
    fig, ax = _new(data)
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
    title = t["points_distribution" if previous is not None and len(previous) else "points_distribution_alone"]  # no 'against' alone
    return _finish(fig, title.format(name=data.spec(index).name(lang), year=year, prev=year - 1), data.project.source_line(index, year, lang), top=0.88)


def _widest(text: str, size: float) -> float:
    """The width in points of the widest line of ``text`` at ``size``."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=size)
    return max(text_to_path.get_text_width_height_descent(line, font, ismath=False)[0] for line in text.splitlines())
