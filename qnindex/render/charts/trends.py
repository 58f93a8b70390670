"""Charts over the years, drawn from the history a year's data carry (``YearData.series``/``history``):
ranks, scores, PAPI's dimensions, the own assessments and the online rate."""
from __future__ import annotations

from matplotlib.ticker import MaxNLocator
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from qnindex.analysis.history import dimension_frame, own_frames, rate_frame, score_frames
from qnindex.core.formatting import fmt_number
from qnindex.data import registry
from qnindex.indices.panel import DIMENSIONS, dimension_label
from qnindex.render.charts.style import (COLORS, MEDIUM, SIZE, SMALL, _finish, _fit, _fmt_axis, _label_above,
                                         _labelled_years, _legend_top, _new, _panel_title, _short_sources, _wrap,
                                         _year_step, texts)


def rank_trajectories(data, lang: str = "vi") -> plt.Figure:
    """The focus province's rank in each national index over the years, one small panel per index;
    rank 1 on top, gaps where no rank was published, hollow markers for 'in the top k' only."""
    from qnindex.analysis.metrics import rank_series

    t = texts(data, lang)
    panels = {}
    for index in data.specs.with_chart("rank_trajectories"):
        if data.spec(index).panel:
            r = data.panel_ranks(index).set_index("year")
            panels[index] = pd.DataFrame({"rank": r["rank"], "rank_at_most": float("nan")})
        elif index in data.series:
            ranks = data.memo(("rank_series", index), lambda: rank_series(data.series[index], data.focus.ids))
            panels[index] = ranks[["rank", "rank_at_most"]]
    first = min((int(p.index.min()) for p in panels.values() if len(p)), default=data.year)  # none: this year
    years = list(range(first, data.year + 1))
    fig, axes = _new(data, 1, len(panels), sharey=True)
    axes = [axes] if len(panels) == 1 else list(axes)
    step = _year_step(len(years), len(panels))
    for ax, (index, ranks) in zip(axes, panels.items()):
        ranks = ranks.reindex(years)
        color = data.spec(index).color
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
        _panel_title(ax, data.spec(index).short(lang), color=color, fontsize=MEDIUM)
        ticks = [y for y in years if (data.year - y) % step == 0]
        ax.set_xticks(ticks, [f"'{str(y)[2:]}" for y in ticks])
        ax.set_xlim(first - 0.6, data.year + 0.6)
        ax.grid(axis="y", color="#EEEEEE")
    axes[0].set_yscale("log")
    axes[0].set_ylim(80, 0.75)
    provinces = max(len(registry.units_in("province", y)) for y in {first, data.year})  # the lowest rank shown
    ticks = [r for r in (1, 2, 3, 5, 10, 20, 40) if r < provinces] + [provinces]
    axes[0].set_yticks(ticks, [str(x) for x in ticks])
    axes[0].yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    axes[0].set_ylabel(t["rank"])
    return _finish(fig, t["trajectory"] + f", {first}–{data.year}",
                   _short_sources(data, tuple(panels), data.year, lang))


def score_trends(data, lang: str = "vi") -> plt.Figure:
    """The focus province's score in each national index over the years (not only its rank): one panel per index with
    at least three years of scores; for PAPI the national median and the range of the provinces beside it."""
    t = texts(data, lang)
    panels = score_frames(data)
    fig, axes = _new(data, 1, max(1, len(panels)))
    axes = [axes] if len(panels) <= 1 else list(axes)
    for ax, (index, frame) in zip(axes, panels.items()):
        s = data.spec(index)
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
            ax.annotate(fmt_number(v, s.decimals, lang), (y, v), xytext=(-4 if first else 0, 7 if above else -7),
                        textcoords="offset points", fontsize=SMALL, ha="left" if first else "center",
                        va="bottom" if above else "top",
                        color=color, fontweight="bold",
                        bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        _panel_title(ax, s.short(lang), color=color, fontsize=MEDIUM)
        _scale_changes(ax, frame, t)
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
    panel = next((i for i in panels if data.spec(i).panel), None)
    if panel:  # a panel's context (range, median) named above the panels: inside, it hid the line
        handles, labels = axes[list(panels).index(panel)].get_legend_handles_labels()
        _legend_top(fig, [h for h, label in zip(handles, labels) if label != t["qn"]])
    sources = _short_sources(data, tuple(panels) or tuple(data.specs.with_chart("rank_trajectories")), data.year, lang)
    return _finish(fig, t["score_trends"].format(year=data.year), sources, top=0.9 if panel else 0.93)


def _scale_changes(ax, frame: pd.DataFrame, t: dict) -> None:
    """Where an index changed its scale (PAPI: 60 points to 2017, 80 from 2018), a dotted line and a short note at
    that year: the jump of the scores is the new scale, not a change of the province."""
    if "scale" not in frame:
        return
    scales = frame["scale"].dropna()
    for before, after in zip(scales.index[:-1], scales.index[1:]):
        if scales[before] != scales[after]:
            ax.axvline(after - 0.5, color="#777777", ls=":", lw=1.2, zorder=1)
            note = t["scale_note"].format(scale=f"{scales[after]:g}", year=after)
            ax.text(after - 0.4, 0.03, note, transform=ax.get_xaxis_transform(), fontsize=SMALL, color="#555555",
                    ha="left", va="bottom", linespacing=1.0)


def dimension_trends(data, index: str, lang: str = "vi") -> plt.Figure | None:
    """A panel's dimensions (PAPI: ``index``) over the years to ``data.year`` as small multiples: the province's
    score in each dimension with the national median and the range of the provinces (in years whose table covers
    them all), for every dimension scored in at least three years (``YearData.history``); None when none is."""
    t = texts(data, lang)
    year = data.year
    frame = data.memo(("dimension_frame", index), lambda: dimension_frame(data.history.get(index), year, data.focus.ids))
    dims = [cid for cid, _vi, _en in DIMENSIONS.values()
            if len(frame) and frame[(frame["component"] == cid)]["value"].notna().sum() >= 3]
    if not dims:
        return None
    cols = 4 if len(dims) > 6 else 3
    rows_n = (len(dims) + cols - 1) // cols
    fig, axes = _new(data, rows_n, cols, sharey=True, squeeze=False)
    color = data.spec(index).color
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
        _panel_title(ax, _wrap(dimension_label(cid, lang), 30 if cols == 3 else 21), fontsize=SMALL, linespacing=1.0)
        ticks = [first, last] if last > first else [last]
        ax.set_xticks(ticks, [str(y) for y in ticks])
        ax.set_xlim(first - 0.5, last + (last - first + 1) * 0.3)  # room for the latest score
        ax.grid(axis="y", color="#EEEEEE")
        _fmt_axis(ax, "y", 0, lang)
    for ax in axes.ravel()[len(dims):]:
        ax.set_axis_off()
    _legend_top(fig, axes.ravel()[0].get_legend_handles_labels()[0])
    name, short = data.focus.label(lang), data.spec(index).short(lang)
    title = (f"{short}: các chỉ số nội dung của {name} qua các năm (đến năm {year})" if lang == "vi"
             else f"{short}: {name}'s dimensions over the years (to {year})")
    return _finish(fig, title, _short_sources(data, (index,), year, lang), top=0.86)


def own_trends(data, lang: str = "vi") -> plt.Figure | None:
    """The province's own assessments over the years: the average of its units per index (respondent-weighted for
    the satisfaction survey) with the range of the units, for every own index with at least three years."""
    panels = own_frames(data)
    if not panels:
        return None
    t = texts(data, lang)
    fig, axes = _new(data, 1, len(panels))
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
        _panel_title(ax, _fit(data.spec(index).short(lang), title_pt, MEDIUM, matplotlib.rcParams["axes.titleweight"]),
                     fontsize=MEDIUM)  # five panels: a long name on two lines
        step = _year_step(len(years), len(panels))
        ticks = [y for y in years if (years[-1] - y) % step == 0]
        ax.set_xticks(ticks, [f"'{str(y)[2:]}" for y in ticks])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _fmt_axis(ax, "y", 0, lang)
        ax.grid(axis="y", color="#EEEEEE")
    _legend_top(fig, axes[0].get_legend_handles_labels()[0])  # above the panels: inside one it covered the range
    source = t["own_trends_source"].format(
        province_title=registry.province_title(data.focus.unit(data.year), data.year))
    return _finish(fig, t["own_trends"].format(year=data.year), source, top=0.9)


def rate_trend(data, index: str, lang: str = "vi") -> plt.Figure | None:
    """The province's own rate (``index``: the share of applications filed online) over the years against its
    target (dashed, where one is in force); illustrative years drawn hollow and said so; consecutive years joined, a
    year with no rate left as a gap. None with fewer than two years, or when the report's year has no rate."""
    frame = rate_frame(data, index)
    if frame is None:
        return None
    t = texts(data, lang)
    fig, ax = _new(data)
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
    title = t["rate_trend"].format(name=data.spec(index).name(lang), year=data.year)
    return _finish(fig, title, data.project.source_line(index, data.year, lang))
