"""Charts of the national rankings for one year: the scorecard, PAPI's dimensions, the ranking of provinces."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from qnindex.analysis.focus import focus_absent, focus_summary, rank_status
from qnindex.core.formatting import fmt_number
from qnindex.data import registry
from qnindex.indices.panel import DIMENSIONS, dimension_label
from qnindex.render.charts.style import (COLORS, MEDIUM, SIZE, SMALL, _finish, _fit, _fmt_axis, _legend_top, _new,
                                         _short_sources, _totals, _wrap, source_height, texts)


def scorecard(data, lang: str = "vi") -> plt.Figure:
    """One card per national index: the focus province's value, rank among N, and change from last year."""
    t = texts(data, lang)
    year = data.year
    indices = data.specs.with_chart("scorecard", year)
    source = _short_sources(data, indices, year, lang)
    fig, axes = _new(data, 1, len(indices))
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
        color = data.spec(index).color
        ax.add_patch(plt.Rectangle((0.03, 0.88), 0.94, 0.05, transform=ax.transAxes, facecolor=color,
                                   edgecolor="none"))
        ax.text(0.5, 0.79, data.spec(index).short(lang), ha="center", va="center", fontsize=22, fontweight="bold",
                transform=ax.transAxes, color="#222222")
        card = _card_values(data, index, lang)
        status = rank_status(data, index)  # said as the narrative says it
        if card is None:
            ax.text(0.5, 0.5, _fit(t["not_in_data"] if status == "absent" else t["no_data"], line_pt, 18),
                    ha="center", va="center", fontsize=18, color="#777777", transform=ax.transAxes)
            continue
        if card["rank"] is not None:
            ax.text(0.5, 0.59, f"{int(card['rank'])}", ha="center", va="center", fontsize=60, fontweight="bold",
                    color=color, transform=ax.transAxes)
            ax.text(0.5, 0.43, f"{t['rank']} {t['of'].format(n=int(card['n']))}", ha="center", va="center",
                    fontsize=SMALL, transform=ax.transAxes, color="#333333")
        else:
            unknown = (t["top_group"].format(k=int(focus_summary(data, index).top_group.value)) if status == "top_group"
                       else t["not_in_data"] if status == "not_in_data" else t["not_published"])
            ax.text(0.5, 0.5, _fit(unknown, line_pt, 18), ha="center", va="center", fontsize=18, color="#777777",
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


def _card_values(data, index: str, lang: str) -> dict | None:
    """The province's value, rank, rank change and the texts of its card (from the one focus summary); None when
    the project has no data of it ("chưa có số liệu", also when only other provinces' rows are in the table)."""
    summary = focus_summary(data, index)
    if summary is None or focus_absent(data, index):
        return None
    s = data.spec(index)
    t = texts(data, lang)
    unit = "%" if s.value_kind == "pct" else ""
    value = None if summary.value.missing else summary.value.value
    prev_value = None if summary.prev_value.missing else summary.prev_value.value
    card = _card_texts(t, value, prev_value, s.decimals, unit, data.year - 1, lang,
                        prev_missing=index in data.previous and prev_value is None)
    if value is None:  # the score itself was not published (only the rank): say that, not "no data last year"
        card["change_text"] = t["score_unpublished"].format(year=data.year)
    elif not s.exists_in(data.year - 1) and (s.first_year is None or data.year - 1 >= s.first_year):
        card["change_text"] = t["no_edition"].format(prev=data.year - 1)
    elif s.first_year == data.year:
        card["change_text"] = t["first_edition"]
    return {"value": value, "rank": None if summary.rank.missing else summary.rank.value,
            "n": None if summary.n.missing else summary.n.value, "unit": unit, "decimals": s.decimals,
            "rank_change": summary.rank_change, "prev_value": prev_value, "prev_year": data.year - 1,
            "value_text": None, "change_text": ""} | card


def _card_texts(t: dict, value, prev_value, decimals, unit, prev_year, lang, prev_missing=False) -> dict:
    from qnindex.core.formatting import fmt_signed

    out = {}
    has_value = value is not None and not pd.isna(value)
    out["value_text"] = (fmt_number(value, decimals, lang)  # the decimals of its table, a whole score too (29,00)
                         + unit) if has_value else None
    if has_value and prev_value is not None and not pd.isna(prev_value):
        change = float(value) - float(prev_value)
        out["change_text"] = t["change"].format(prev=prev_year, sign="", value=fmt_signed(change, decimals, lang))
    elif prev_missing:
        out["change_text"] = t["change"].format(prev=prev_year, sign="", value=t["not_published"])
    else:
        out["change_text"] = t["no_change"].format(prev=prev_year)
    return out


def panel_dimensions(data, index: str, lang: str = "vi") -> plt.Figure:
    """The focus province's score per dimension of a panel (PAPI: ``index`` of ``data``) against the national median
    and the best province."""
    table, focus = data.current[index], data.focus.ids
    t = texts(data, lang)
    year = int(table["year"].iloc[0])
    dims = [cid for cid, _vi, _en in DIMENSIONS.values() if cid in set(table["component"])]
    fig, ax = _new(data)
    ys = np.arange(len(dims))[::-1]
    scored = table[table["component"].isin(dims) & table["unit_id"].isin(focus)]["value"].notna().any()
    for y, cid in zip(ys, dims):
        d = table[(table["component"] == cid)].dropna(subset=["value"])
        med, best = d["value"].median(), d.loc[d["value"].idxmax()]
        qn = d[d["unit_id"].isin(focus)]
        ax.plot([d["value"].min(), best["value"]], [y, y], color="#DDDDDD", lw=6, solid_capstyle="round", zorder=1)
        ax.scatter([med], [y], marker="|", s=700, color=COLORS["median"], zorder=3, linewidths=3)
        ax.scatter([best["value"]], [y], s=150, color=COLORS["best"], zorder=3)
        ax.annotate(registry.name_in_year(best["unit_id"], year, lang, short=True), (best["value"], y),
                    xytext=(12, 0), textcoords="offset points", fontsize=SMALL, color=COLORS["best"], va="center")
        if len(qn):
            v = float(qn["value"].iloc[0])
            ax.scatter([v], [y], s=240, color=COLORS["qn"], zorder=4, edgecolor="white", linewidth=1.5)
            # above its dot: beside it, the value covered the median's mark or the range
            ax.annotate(fmt_number(v, 2, lang), (v, y), xytext=(0, 9), textcoords="offset points", ha="center",
                        va="bottom", fontsize=SMALL, color=COLORS["qn"], fontweight="bold", zorder=5)
        elif scored:  # a dimension missing among others is said on its row; none at all, once in the legend
            ax.text(med, y - 0.25, t["not_published"], ha="center", va="top", fontsize=SMALL, color="#777777")
    ax.set_yticks(ys, [_wrap(dimension_label(c, lang), 24) for c in dims], linespacing=1.0)
    ax.set_ylim(-0.8, len(dims) - 0.2 + 0.3)  # room above the first row for its value
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo, hi + 1.0)
    ticks = ax.get_xticks()  # no tick at the very right edge: its label ran past the figure
    ax.set_xticks([x for x in ticks if lo <= x <= hi + 1.0 - 0.3 * (ticks[1] - ticks[0])])
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
    return _finish(fig, t["panel_dimensions"].format(index=data.spec(index).short(lang), year=year),
                   data.project.source_line(index, year, lang), top=0.88)


def province_ranking(data, index: str, lang: str = "vi", component: str = "total") -> plt.Figure:
    """Every province ranked on an index (a full table), the focus province highlighted; unranked provinces said so."""
    t = texts(data, lang)
    tidy = data.current[index]
    year = int(tidy["year"].iloc[0])
    d = _totals(tidy) if component == "total" else tidy[tidy["component"] == component]
    d = d.sort_values(["value", "unit_id"], ascending=[False, True], na_position="last")
    ranked = d.dropna(subset=["value"])
    unranked = d[d["value"].isna()]
    fig, ax = _new(data)
    xs = np.arange(len(ranked))
    focus = data.focus.ids
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
        # the focus province unranked: the message, on top; others: bottom left, which the descending dots leave empty
        # (on top it ran into the focus province's label when the province sits in the right half, as in 2014)
        x, y, ha, va = (0.99, 0.97, "right", "top") if qn_missing else (0.01, 0.03, "left", "bottom")
        ax.text(x, y, f"{t['unranked']}: {names}", transform=ax.transAxes, ha=ha, va=va,
                fontsize=MEDIUM if qn_missing else SMALL, color=COLORS["qn"] if qn_missing else "#555555",
                fontweight="bold" if qn_missing else "normal", wrap=True)
    title = t["ranking"].format(index=data.spec(index).short(lang), year=year)
    return _finish(fig, title, data.project.source_line(index, year, lang))
