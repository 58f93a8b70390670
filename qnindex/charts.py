"""Slide-ready charts, all in one style (``qnindex.mplstyle``), labelled in vi or en.

Every chart: 16:9, the year in the title, a source line from the data's provenance, values
formatted for the locale, colour with a meaning (Okabe–Ito palette, colour-blind safe).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from . import registry  # noqa: E402
from .formatting import fmt_number  # noqa: E402
from .metrics import extremes, group_means  # noqa: E402
from .paths import PACKAGE_DIR  # noqa: E402
from .provenance import source_line  # noqa: E402

STYLE = PACKAGE_DIR / "qnindex.mplstyle"
# Okabe–Ito: safe for the common colour-vision deficiencies.
COLORS = {
    "unit": "#9AA5B1",        # context grey-blue
    "highlight": "#0072B2",   # Quảng Ninh / the unit to look at
    "best": "#009E73",
    "worst": "#D55E00",
    "average": "#222222",
    "previous": "#E69F00",
}
GROUP_LABELS = {
    "vi": {"department": "Sở, ban, ngành", "district": "UBND cấp huyện", "central": "Cơ quan Trung ương",
           "commune": "Cấp xã", "province": "Tỉnh, thành phố"},
    "en": {"department": "Departments", "district": "District-level units", "central": "Central agencies",
           "commune": "Communes", "province": "Provinces"},
}
TEXT = {
    "vi": {"sipas_title": "Mức độ hài lòng của người dân, tổ chức với các cơ quan, đơn vị năm {year} (%)",
           "average": "Bình quân", "illustrative": "Số liệu minh họa (không công bố)",
           "published": "Số liệu công bố", "best": "Cao nhất", "worst": "Thấp nhất"},
    "en": {"sipas_title": "Citizens' satisfaction with the province's agencies, {year} (%)",
           "average": "Average", "illustrative": "Illustrative (not published)",
           "published": "Published", "best": "Highest", "worst": "Lowest"},
}


def use_style() -> None:
    """Apply the project's style (call before drawing; charts here call it themselves)."""
    plt.style.use(STYLE)


def _add_source(fig: plt.Figure, text: str) -> None:
    fig.text(0.01, 0.012, text, ha="left", va="bottom", fontsize=9.5, color="#555555")


def unit_ranking(tidy: pd.DataFrame, lang: str = "vi", groups: tuple[str, ...] | None = None) -> plt.Figure:
    """Every unit's value by group, sorted, with the group average; best/worst coloured.

    Illustrative (unpublished) values are drawn hatched and light, published ones solid.
    """
    use_style()
    t = TEXT[lang]
    groups = groups or tuple(g for g in ("department", "district", "central") if g in set(tidy["group"]))
    year = int(tidy["year"].iloc[0])
    index = str(tidy["index"].iloc[0])
    means = group_means(tidy).set_index("group")["value"]
    ext = extremes(tidy)
    sizes = [max(int((tidy["group"] == g).sum()), 6) for g in groups]
    fig, axes = plt.subplots(1, len(groups), figsize=(13.333, 7.5),
                             gridspec_kw={"width_ratios": [1] * len(groups)})
    axes = [axes] if len(groups) == 1 else list(axes)
    lo, hi = float(tidy["value"].min()), float(tidy["value"].max())
    xmin = max(0.0, (int(lo) // 5) * 5 - 5)
    xmax = min(100.0, hi + (hi - xmin) * 0.18)
    for ax, group, n in zip(axes, groups, sizes):
        d = tidy[tidy["group"] == group].sort_values(["value", "unit_id"], ascending=[True, False])
        best = set(ext[(ext["group"] == group) & (ext["extreme"] == "highest")]["unit_id"])
        worst = set(ext[(ext["group"] == group) & (ext["extreme"] == "lowest")]["unit_id"])
        labels = [registry.name_in_year(u, year, lang, short=True) for u in d["unit_id"]]
        colors = [COLORS["best"] if u in best else COLORS["worst"] if u in worst else COLORS["unit"]
                  for u in d["unit_id"]]
        ys = range(len(d))
        bars = ax.barh(ys, d["value"] - xmin, left=xmin, color=colors, height=0.72)
        for bar, src in zip(bars, d["source"]):
            if src == "illustrative":
                bar.set_alpha(0.55)
                bar.set_hatch("///")
                bar.set_edgecolor("white")
        for y, v in zip(ys, d["value"]):
            ax.text(v + 0.12, y, fmt_number(v, 2, lang), va="center", fontsize=9.5, color="#333333",
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        ax.set_yticks(list(ys), labels, fontsize=10 if len(d) > 14 else 11)
        avg = float(means[group])
        ax.axvline(avg, color=COLORS["average"], lw=1.4, ls="--")
        ax.text(avg, len(d) - 0.3, f"{t['average']} {fmt_number(avg, 2, lang)}", ha="center", va="bottom",
                fontsize=10.5, fontweight="bold", color=COLORS["average"])
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(-0.6, len(d) + 0.4)
        ax.set_title(GROUP_LABELS[lang][group], fontsize=13)
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: fmt_number(x, 0, lang)))
        ax.tick_params(axis="y", length=0)
    fig.suptitle(t["sipas_title"].format(year=year), x=0.01, ha="left", fontsize=17, fontweight="bold")
    handles = [
        matplotlib.patches.Patch(color=COLORS["best"], label=t["best"]),
        matplotlib.patches.Patch(color=COLORS["worst"], label=t["worst"]),
        matplotlib.patches.Patch(facecolor=COLORS["unit"], alpha=0.55, hatch="///", edgecolor="white",
                                 label=t["illustrative"]),
    ]
    fig.legend(handles=handles, loc="lower right", ncol=3, bbox_to_anchor=(0.995, 0.0), fontsize=10)
    _add_source(fig, source_line(index, year, lang))
    fig.tight_layout(rect=(0, 0.035, 1, 0.95), w_pad=1.5)
    return fig


def save(fig: plt.Figure, stem: Path | str) -> list[Path]:
    """Write ``stem``.png (200 dpi) and ``stem``.svg, byte-identical on rerun; closes the figure."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    fig.savefig(png, metadata={"Software": None})
    with matplotlib.rc_context({"svg.hashsalt": "qnindex"}):
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return [png, svg]
