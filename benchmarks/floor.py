"""The floor of a year's pack: the same outputs written with plain library calls, no qnindex, no notebooks.

    python benchmarks/floor.py prepare <built project root> <year> <plan file>   (not timed)
    python benchmarks/floor.py write <plan file> <scratch folder>                (timed by benchmarks/run.py)

``prepare`` runs qnindex once to take an inventory of what the pack holds: for every chart, the artists the chart
function drew (axes and their positions, bars and other patches, lines, texts, scatter marks, map polygons,
images, legends, ticks; fixed positions, nothing left to lay out), and the contents of every other file (the
tables' cells, the CSV tables, the decks' pictures, text boxes, tables and notes, the pages' texts and which chart
each of their pictures shows, the texts). ``write`` then produces the same files from that inventory the way a
plain script would: matplotlib draws each figure at the same size and resolution with no layout engine and
saves it as PNG; openpyxl writes the workbooks, pandas the CSV files, python-pptx the decks; a page embeds the
charts this run drew; texts and notebooks are written as they are. The floor thus costs what drawing and
serialising the same outputs costs, and none of qnindex's work (loading and validating data, computing,
laying out, wording). ``write --copy`` is the older, lower floor: charts as 20 plain bars, every other file
copied as bytes.
"""
from __future__ import annotations

import io
import pickle
import sys
from pathlib import Path

PARTS = ("figures", "data/processed", "reports")
TITLES = {"left": "_left_title", "center": "title", "right": "_right_title"}  # an axes' three title texts


# ----------------------------------------------------------------------------- prepare (qnindex, not timed)

def _placing(artist):
    """The transform that places an artist's coordinates (a patch's own shape transform and a scatter's marker
    sizes left out)."""
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Patch

    if isinstance(artist, Patch):
        return artist.get_data_transform()
    if isinstance(artist, PathCollection) and len(artist.get_offsets()):
        return artist.get_offset_transform()
    return artist.get_transform()


def _where(artist, ax, fig) -> str:
    """How an artist is placed: data, axes or figure coordinates; anything else (a line across the axes, placed
    in data along one axis and in axes fractions along the other) is taken in figure coordinates."""
    t = _placing(artist)
    if ax is not None and t == ax.transData:
        return "data"
    if ax is not None and t == ax.transAxes:
        return "axes"
    return "figure"


def _points(artist, points, ax, fig):
    """``points`` (n x 2) of ``artist`` in the coordinates ``_where`` names."""
    import numpy as np

    points = np.asarray(points, dtype=float).reshape(-1, 2)
    t = _placing(artist)
    if _where(artist, ax, fig) == "figure" and t != fig.transFigure:
        return fig.transFigure.inverted().transform(t.transform(points))
    return points


def _text(t, ax, fig) -> dict:
    from matplotlib.text import Annotation

    item = {"s": t.get_text(), "xy": tuple(map(float, _points(t, t.get_position(), ax, fig)[0])),
            "size": t.get_fontsize(), "weight": t.get_fontweight(), "color": t.get_color(), "ha": t.get_ha(),
            "va": t.get_va(), "rotation": t.get_rotation(), "style": t.get_style(), "where": _where(t, ax, fig)}
    if isinstance(t, Annotation):
        item.update(annotate=True, xy=tuple(map(float, t.xy)), xytext=tuple(map(float, t.xyann)),
                    textcoords=t.anncoords if isinstance(t.anncoords, str) else "data",
                    xycoords=t.xycoords if isinstance(t.xycoords, str) else "data",
                    arrow=t.arrow_patch is not None)
    return item


def _legend(legend, fig) -> dict | None:
    if legend is None:
        return None
    colors = []
    for handle in legend.legend_handles:
        try:
            colors.append(handle.get_facecolor() if hasattr(handle, "get_facecolor") else handle.get_color())
        except Exception:  # a handle with no single colour
            colors.append("#888888")
    box = legend.get_window_extent(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted())
    return {"labels": [t.get_text() for t in legend.get_texts()], "colors": colors, "corner": (box.x0, box.y1),
            "ncol": legend._ncols, "size": legend.get_texts()[0].get_fontsize() if legend.get_texts() else 10}


def _collection(c, ax, fig) -> dict:
    from matplotlib.collections import LineCollection, PathCollection

    base = {"where": _where(c, ax, fig), "face": c.get_facecolor().tolist(), "edge": c.get_edgecolor().tolist(),
            "lw": [float(w) for w in c.get_linewidth()]}
    if isinstance(c, PathCollection) and len(c.get_offsets()):
        return {**base, "kind": "scatter", "offsets": _points(c, c.get_offsets(), ax, fig).tolist(),
                "sizes": c.get_sizes().tolist()}
    if isinstance(c, LineCollection):
        return {**base, "kind": "lines", "segments": [_points(c, s, ax, fig).tolist() for s in c.get_segments()]}
    return {**base, "kind": "paths", "paths": [(_points(c, p.vertices, ax, fig), None if p.codes is None
                                                else p.codes.copy()) for p in c.get_paths()]}


def inventory(fig) -> dict:
    """Everything a figure shows, as plain data: what a plain script would draw to get the same picture."""
    from matplotlib.patches import Rectangle

    axes = []
    for ax in fig.axes:
        patches = []
        for p in ax.patches:
            if isinstance(p, Rectangle) and _where(p, ax, fig) == "data":
                patches.append({"kind": "rect", "xy": tuple(map(float, p.get_xy())), "w": float(p.get_width()),
                                "h": float(p.get_height()), "face": p.get_facecolor(), "edge": p.get_edgecolor(),
                                "lw": p.get_linewidth(), "hatch": p.get_hatch()})
            else:
                path = p.get_patch_transform().transform_path(p.get_path())
                patches.append({"kind": "path", "vertices": _points(p, path.vertices, ax, fig), "codes": path.codes,
                                "face": p.get_facecolor(), "edge": p.get_edgecolor(), "lw": p.get_linewidth(),
                                "where": _where(p, ax, fig)})
        ticks = {}
        for axis in ("x", "y"):
            labels = getattr(ax, f"get_{axis}ticklabels")()
            axis_ = getattr(ax, f"{axis}axis")
            ticks[axis] = {"locs": [float(v) for v in getattr(ax, f"get_{axis}ticks")()],
                           "labels": [t.get_text() for t in labels], "size": labels[0].get_fontsize() if labels else 10,
                           "rotation": labels[0].get_rotation() if labels else 0, "side": axis_.get_ticks_position(),
                           "grid": any(g.get_visible() for g in axis_.get_gridlines())}
        axes.append({
            "position": tuple(ax.get_position().bounds), "xlim": ax.get_xlim(), "ylim": ax.get_ylim(),
            "scales": (ax.get_xscale(), ax.get_yscale()),
            "aspect": ax.get_aspect(), "axis_on": ax.axison, "ticks": ticks,
            "spines": {k: s.get_visible() for k, s in ax.spines.items()},
            "titles": [(loc, _text(getattr(ax, TITLES[loc]), None, fig)) for loc in TITLES if ax.get_title(loc)],
            "labels": ((ax.get_xlabel(), ax.xaxis.label.get_fontsize()),
                       (ax.get_ylabel(), ax.yaxis.label.get_fontsize())),
            "patches": patches,
            "lines": [{"xy": _points(ln, ln.get_xydata(), ax, fig).tolist(), "color": ln.get_color(),
                       "lw": ln.get_linewidth(), "ls": ln.get_linestyle(), "marker": ln.get_marker(),
                       "ms": ln.get_markersize(), "where": _where(ln, ax, fig)} for ln in ax.lines],
            "texts": [_text(t, ax, fig) for t in ax.texts],
            "collections": [_collection(c, ax, fig) for c in ax.collections],
            "images": [{"array": im.get_array().filled(float("nan")) if hasattr(im.get_array(), "filled")
                        else im.get_array(), "extent": im.get_extent(), "cmap": im.get_cmap().name,
                        "clim": im.get_clim()} for im in ax.images],
            "legend": _legend(ax.get_legend(), fig),
        })
    return {"size": tuple(fig.get_size_inches()), "texts": [_text(t, None, fig) for t in fig.texts],
            "title": _text(fig._suptitle, None, fig) if fig._suptitle else None,
            "legends": [_legend(lg, fig) for lg in fig.legends], "axes": axes}


def prepare(root: Path, year: int, plan: Path) -> None:
    """Inventory of the pack built under ``root`` for ``year``: charts drawn again by qnindex (not saved), other
    files read."""
    import tempfile

    import matplotlib.pyplot as plt
    import openpyxl
    import pandas as pd
    from pptx import Presentation

    from qnindex.core.paths import pack_outputs
    from qnindex.core.settings import Settings
    from qnindex.kinds import open_project
    from qnindex.pipeline import pack
    from qnindex.render import charts, deck, pages

    figures: dict[str, dict] = {}

    def record(fig, stem, dpi=200, svg=False, colours=()):
        figures[str(Path(stem).name)] = {**inventory(fig), "dpi": dpi}
        plt.close(fig)
        return []

    charts.save, pages.write_report, deck.build = record, (lambda *a, **k: []), (lambda *a, **k: Path("-"))
    project = open_project(Settings(root=root))
    pack.build_in_process(year, project, pack_outputs(tempfile.mkdtemp(prefix="qnindex-floor-prep-"), year))

    files: dict[str, tuple] = {}
    for part in PARTS:
        for p in sorted((root / part / str(year)).rglob("*")):
            if not p.is_file():
                continue
            rel = str(p.relative_to(root))
            if p.suffix == ".png":
                stem = p.stem
                if stem in figures:
                    files[rel] = ("chart", figures[stem], b"")
                    continue
            if p.suffix == ".xlsx":
                book = openpyxl.load_workbook(p)
                files[rel] = ("xlsx", {ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                                       for ws in book.worksheets})
            elif p.suffix == ".csv":
                files[rel] = ("csv", pd.read_csv(p, dtype={"unit_id": str}))  # numbers as numbers, formatted again
            elif p.suffix == ".html" and b"data:image/png;base64," in p.read_bytes():
                files[rel] = ("page", _page(p, root / "figures" / str(year)))
            elif p.suffix == ".pptx":
                deck_ = Presentation(p)
                slides = []
                for slide in deck_.slides:
                    items = []
                    for shape in slide.shapes:
                        box = (shape.left, shape.top, shape.width, shape.height)
                        if shape.shape_type == 13:  # a picture
                            items.append(("picture", box, shape.image.blob))
                        elif shape.has_table:
                            items.append(("table", box, [[c.text for c in row.cells] for row in shape.table.rows]))
                        elif shape.has_text_frame:
                            items.append(("text", box, [pa.text for pa in shape.text_frame.paragraphs]))
                    notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else None
                    slides.append((items, notes))
                files[rel] = ("pptx", (deck_.slide_width, deck_.slide_height, slides))
            else:
                files[rel] = ("bytes", None)
            files[rel] += (p.read_bytes(),)  # what the --copy floor writes
    plan.write_bytes(pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))


def _page(path: Path, figures: Path) -> tuple[list[str], list[str]]:
    """A page with pictures: its text around them, and the figure each picture shows."""
    import base64
    import re

    from qnindex.render.charts.output import screen_png

    pieces = re.split(r"data:image/png;base64,([A-Za-z0-9+/=]+)", path.read_text(encoding="utf-8"))
    renditions = {screen_png(f.read_bytes()): f.stem for f in sorted(figures.glob("*.png"))}
    return pieces[0::2], [renditions[base64.b64decode(data)] for data in pieces[1::2]]


# ----------------------------------------------------------------------------- write (plain libraries, timed)

def _transform(where: str, ax, fig):
    return {"data": ax.transData if ax is not None else fig.transFigure, "axes": ax.transAxes if ax is not None
            else fig.transFigure, "figure": fig.transFigure}[where]


def _put_text(target, item: dict, ax, fig) -> None:
    style = {"fontsize": item["size"], "fontweight": item["weight"], "color": item["color"], "ha": item["ha"],
             "va": item["va"], "rotation": item["rotation"], "style": item["style"]}
    if item.get("annotate"):
        target.annotate(item["s"], item["xy"], xytext=item["xytext"], textcoords=item["textcoords"],
                        xycoords=item["xycoords"], arrowprops={"arrowstyle": "-"} if item["arrow"] else None,
                        **style)
    else:
        target.text(*item["xy"], item["s"], transform=_transform(item["where"], ax, fig), **style)


def _put_legend(target, legend: dict | None, fig) -> None:
    from matplotlib.patches import Patch

    if legend:
        handles = [Patch(facecolor=c, label=label) for c, label in zip(legend["colors"], legend["labels"])]
        target.legend(handles=handles, ncol=legend["ncol"], fontsize=legend["size"], frameon=False, loc="upper left",
                      bbox_to_anchor=legend["corner"], bbox_transform=fig.transFigure, borderaxespad=0)


def draw(chart: dict, path: Path) -> None:
    """One figure from its inventory with plain matplotlib calls: fixed positions, no layout engine."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    fig = plt.figure(figsize=chart["size"], dpi=chart["dpi"])
    for spec in chart["axes"]:
        ax = fig.add_axes(spec["position"])
        for p in spec["patches"]:
            if p["kind"] == "rect":
                ax.add_patch(Rectangle(p["xy"], p["w"], p["h"], facecolor=p["face"], edgecolor=p["edge"],
                                       linewidth=p["lw"], hatch=p["hatch"]))
            else:
                ax.add_patch(PathPatch(MplPath(p["vertices"], p["codes"]), facecolor=p["face"], edgecolor=p["edge"],
                                       linewidth=p["lw"], transform=_transform(p["where"], ax, fig)))
        for ln in spec["lines"]:
            xs, ys = zip(*ln["xy"]) if ln["xy"] else ((), ())
            ax.plot(xs, ys, color=ln["color"], lw=ln["lw"], ls=ln["ls"], marker=ln["marker"],
                    ms=ln["ms"], transform=_transform(ln["where"], ax, fig))
        for c in spec["collections"]:
            where = _transform(c["where"], ax, fig)
            if c["kind"] == "scatter":
                xy = list(zip(*c["offsets"]))
                ax.scatter(xy[0], xy[1], s=c["sizes"], c=c["face"] or None, edgecolors=c["edge"] or None,
                           linewidths=c["lw"], transform=where)
            elif c["kind"] == "lines":
                ax.add_collection(LineCollection(c["segments"], colors=c["edge"], linewidths=c["lw"],
                                                 transform=where))
            else:
                ax.add_collection(PatchCollection([PathPatch(MplPath(v, k)) for v, k in c["paths"]],
                                                  facecolor=c["face"], edgecolor=c["edge"], linewidths=c["lw"],
                                                  transform=where))
        for im in spec["images"]:
            ax.imshow(im["array"], extent=im["extent"], cmap=im["cmap"], clim=im["clim"], aspect="auto")
        for item in spec["texts"]:
            _put_text(ax, item, ax, fig)
        for loc, title in spec["titles"]:
            ax.set_title(title["s"], loc=loc, fontsize=title["size"], fontweight=title["weight"], color=title["color"])
        ax.set_xscale(spec["scales"][0])
        ax.set_yscale(spec["scales"][1])
        ax.set_xlabel(spec["labels"][0][0], fontsize=spec["labels"][0][1])
        ax.set_ylabel(spec["labels"][1][0], fontsize=spec["labels"][1][1])
        for axis in ("x", "y"):
            ticks = spec["ticks"][axis]
            getattr(ax, f"set_{axis}ticks")(ticks["locs"], ticks["labels"], fontsize=ticks["size"],
                                            rotation=ticks["rotation"])
            getattr(ax, f"{axis}axis").set_ticks_position(ticks["side"] if ticks["side"] != "unknown" else "default")
            getattr(ax, f"{axis}axis").grid(ticks["grid"])
        ax.set_xlim(spec["xlim"])
        ax.set_ylim(spec["ylim"])
        ax.set_aspect(spec["aspect"])
        for name, visible in spec["spines"].items():
            ax.spines[name].set_visible(visible)
        if not spec["axis_on"]:
            ax.set_axis_off()
        _put_legend(ax, spec["legend"], fig)
    if chart["title"]:
        _put_text(fig, chart["title"], None, fig)
    for item in chart["texts"]:
        _put_text(fig, item, None, fig)
    for legend in chart["legends"]:
        _put_legend(fig, legend, fig)
    fig.savefig(path, dpi=chart["dpi"])
    plt.close(fig)


def write_xlsx(sheets: dict[str, list[list]], path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def write_pptx(deck: tuple, path: Path) -> None:
    from pptx import Presentation

    width, height, slides = deck
    prs = Presentation()
    prs.slide_width, prs.slide_height = width, height
    for items, notes in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        for kind, box, content in items:
            if kind == "picture":
                slide.shapes.add_picture(io.BytesIO(content), *box)
            elif kind == "table":
                table = slide.shapes.add_table(len(content), len(content[0]), *box).table
                for i, row in enumerate(content):
                    for j, text in enumerate(row):
                        table.cell(i, j).text = text
            else:
                frame = slide.shapes.add_textbox(*box).text_frame
                frame.text = content[0] if content else ""
                for paragraph in content[1:]:
                    frame.add_paragraph().text = paragraph
        if notes is not None:
            slide.notes_slide.notes_text_frame.text = notes
    prs.save(path)


def write_page(page: tuple, figures: Path, path: Path) -> None:
    """A page with its charts embedded: the figures this run drew, as they are (the cheapest plain way; the pack
    reduces them to the size the page shows, which costs more CPU and fewer bytes)."""
    import base64

    texts, pictures = page
    parts = [texts[0]]
    for stem, text in zip(pictures, texts[1:]):
        parts += ["data:image/png;base64,", base64.b64encode((figures / f"{stem}.png").read_bytes()).decode("ascii"),
                  text]
    path.write_text("".join(parts), encoding="utf-8")


def plain_bars(chart: dict, path: Path) -> None:
    """The older floor's chart: 20 labelled bars of the same size and resolution."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=chart["size"], dpi=chart["dpi"])
    ax = fig.add_axes((0.2, 0.1, 0.75, 0.78))
    values = [80 + (i * 37 % 17) for i in range(20)]
    ax.barh(range(20), values, color="#B8C2CC")
    ax.set_yticks(range(20), [f"Đơn vị số {i}" for i in range(20)], fontsize=15.5)
    for i, v in enumerate(values):
        ax.text(v + 0.5, i, f"{v},00", va="center", fontsize=15.5)
    fig.suptitle("Biểu đồ mẫu: cùng cỡ, cùng định dạng", x=0.01, ha="left", fontsize=18)
    fig.text(0.01, 0.01, "Nguồn: số liệu mẫu", fontsize=15.5)
    fig.savefig(path, dpi=chart["dpi"])
    plt.close(fig)


def write(plan: Path, out: Path, copy: bool = False) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import pandas  # noqa: F401  (imported by the work either way)

    files = pickle.loads(plan.read_bytes())
    for rel, (kind, content, raw) in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "chart":
            (plain_bars if copy else draw)(content, target)
        elif copy or kind == "bytes":
            target.write_bytes(raw)
        elif kind == "xlsx":
            write_xlsx(content, target)
        elif kind == "csv":
            content.to_csv(target, index=False, encoding="utf-8-sig")  # as the pack writes them (Excel-ready)
        elif kind == "pptx":
            write_pptx(content, target)
        elif kind == "page":
            write_page(content, out / "figures" / target.parent.name, target)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    elif sys.argv[1] == "write":
        write(Path(sys.argv[2]), Path(sys.argv[3]), copy="--copy" in sys.argv[4:])
    else:
        raise SystemExit(__doc__)
