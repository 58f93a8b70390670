"""Saving a chart: PNG with an exact palette (small, the same bytes for the same figure), and SVG on request."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from qnindex.render.charts.maps import QUARTILE_COLORS
from qnindex.render.charts.style import COLORS, TIER_COLORS

DPI = 200  # the resolution of a figure saved without one (slide-ready)


@lru_cache(maxsize=8)
def _exact_colours(extra: tuple[str, ...] = ()) -> list[tuple[int, int, int]]:
    """The colours that carry meaning (Quảng Ninh, tiers, bands, the indices' own ``extra``) and the flat greys and
    white."""
    hexes = {*COLORS.values(), *TIER_COLORS.values(), *QUARTILE_COLORS, *extra,
             "#FFFFFF", "#000000", "#222222", "#333333", "#555555", "#E6E6E6", "#DDDDDD", "#E3E7EB", "#F4F6F8",
             "#EEEEEE", "#CCCCCC", "#9A6700", "#8A4B00"}
    return sorted({tuple(int(h.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)) for h in hexes})


def palette_png(image, width: int | None = None, dpi: int | None = None, colours: tuple[str, ...] = ()) -> bytes:
    """A chart image as a 256-colour PNG (a third of the bytes of RGB), scaled down to ``width`` pixels if wider.
    The palette holds the charts' own colours and entries fitted to the image; every entry close to one of the
    charts' colours (and of ``colours``: the indices' own) is set to it exactly, so Quảng Ninh's blue, the tiers, the
    bands and the light card and range fills keep their exact values (none merges into white); no dithering."""
    return _encoded(_palette_image(image, width, colours), dpi)


def _palette_image(image, width: int | None, colours: tuple[str, ...]):
    from PIL import Image

    img = image if image.mode == "RGB" else image.convert("RGB")
    if width and img.width > width:
        img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
    # the palette: the charts' own colours, then entries fitted to the image reduced 4 times (every colour with an
    # area and the blends of its edges survive; a sixteenth of the work); the whole image is mapped onto it
    exact = _exact_colours(tuple(sorted(set(colours))))
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
    return quantized


def _encoded(image, dpi: int | None = None) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, **({"dpi": (dpi, dpi)} if dpi else {}))  # 9 costs 8x for -10 %
    return out.getvalue()


SCREEN_WIDTH = 1000  # about the width report.html and a notebook show a chart at (one rendition serves both)


def screen_png(png: bytes, colours: tuple[str, ...] = (), width: int = SCREEN_WIDTH) -> bytes:
    """A chart's PNG at about the size a page shows it (the 200-dpi file stays in figures/ for slides and print):
    reduced by a whole factor to about ``width`` pixels (box filter, cheap and sharp) and mapped onto the chart's
    own 256-colour palette (its exact colours kept), a fifth of the bytes. A chart saved in this process was reduced
    when it was saved (``save``): its rendition is found by the PNG's content."""
    import hashlib
    import io

    from PIL import Image

    key = (hashlib.sha256(png).digest(), width)
    if key in _RENDITIONS:
        return _RENDITIONS[key]
    with Image.open(io.BytesIO(png)) as img:
        img.load()
        return _screen(img, colours, width)


_RENDITIONS: dict[tuple, bytes] = {}  # the screen renditions of the charts saved in this process, by content and width


def _screen(img, colours: tuple[str, ...], width: int) -> bytes:
    factor = round(img.width / width)
    if img.mode != "P" or factor < 2:
        return palette_png(img, width=width, colours=colours)
    from PIL import Image

    small = img.convert("RGB").reduce(factor)
    return _encoded(small.quantize(palette=img, dither=Image.Dither.NONE))


def _remember_screen(png: bytes, image) -> None:
    """Keep the screen rendition of a chart just saved, from its 256 colours in memory (a page of the pack shows it;
    reduced from a palette image, the rendition does not depend on the indices' colours)."""
    import hashlib

    if round(image.width / SCREEN_WIDTH) < 2:  # reduced from its pixels then, with the page's colours
        return
    if len(_RENDITIONS) >= 256:  # a long session: the oldest go
        _RENDITIONS.pop(next(iter(_RENDITIONS)))
    _RENDITIONS[(hashlib.sha256(png).digest(), SCREEN_WIDTH)] = _screen(image, (), SCREEN_WIDTH)


def save(fig: plt.Figure, stem: Path | str, dpi: int = DPI, svg: bool = False,
         colours: tuple[str, ...] = ()) -> list[Path]:
    """Write ``stem``.png (at ``dpi``, 256 colours with the charts' own colours and ``colours`` exact; and
    ``stem``.svg when ``svg``), byte-identical on rerun; closes the figure."""
    import io

    from PIL import Image

    svg_too = svg
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png = stem.with_suffix(".png")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="raw", dpi=dpi)  # drawn once, pixels only: the PNG is encoded once, below
    width = int(fig.get_figwidth() * dpi)
    pixels = buffer.getbuffer()
    # RGBA read as RGB, the opaque alpha skipped while unpacking (a conversion afterwards costs as much again)
    rendered = Image.frombytes("RGB", (width, len(pixels) // (4 * width)), pixels, "raw", "RGBX")
    quantized = _palette_image(rendered, None, colours)
    encoded = _encoded(quantized, dpi)
    png.write_bytes(encoded)
    _remember_screen(encoded, quantized)
    written = [png]
    if svg_too:
        with matplotlib.rc_context({"svg.hashsalt": "qnindex"}):
            fig.savefig(stem.with_suffix(".svg"), metadata={"Date": None, "Creator": None})
        written.append(stem.with_suffix(".svg"))
    plt.close(fig)
    fig.canvas.__dict__.pop("renderer", None)  # its pixels (14 MB) go now: the figure's cycles wait for a full collection
    return written
