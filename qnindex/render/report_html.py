"""report.html: the year's pack as one self-contained page per language, for leaders on machines that are
often offline — no script, style sheet or font is fetched; the figures are embedded.

Reading order: the narrative first, then the figures with their captions, then the ranking tables; a table of
contents on top. No code, no debug output, no internal ids.
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from qnindex.core.messages import words
from qnindex.indices.specs import INDEX_SPECS
from qnindex.render.narrative.html import _inline
from qnindex.render.slides import CAPTIONS
from qnindex.render.narrative.names import focus_names

TEXT = words("report")  # core/messages.yml, domain report
STYLE = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:64rem;margin:2rem auto;line-height:1.55;"
         "color:#222;padding:0 1rem}h1{font-size:1.7rem;color:#1F4E79}h2{font-size:1.3rem;margin-top:2rem;"
         "color:#1F4E79;border-bottom:1px solid #ccd}h3{font-size:1.1rem}em{color:#8a4b00}"
         "nav ol{columns:2;column-gap:3.5rem}figure{margin:1.5rem 0}figure img{width:100%;height:auto;border:1px solid #ddd}"
         "figcaption{font-weight:bold;margin-top:.3rem}table{border-collapse:collapse;font-size:.85rem;"
         "margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.2rem .45rem}th{background:#1F4E79;"
         "color:#fff}td.n{text-align:right}.note{color:#555;font-size:.9rem}")


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "muc"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}-{i}", i + 1
    used.add(slug)
    return slug


def _narrative(markdown: str, used: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    body, toc, in_list = [], [], False
    for line in markdown.splitlines():
        line = line.rstrip()
        if line.startswith("# "):
            continue  # the page has its own title
        if line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        if not line:
            continue
        m = re.match(r"^## (.*)$", line)
        if m:
            slug = _slug(m.group(1), used)
            toc.append((slug, m.group(1)))
            body.append(f'<h3 id="{slug}">{_inline(m.group(1))}</h3>')
        else:
            body.append(f"<p>{_inline(line)}</p>")
    if in_list:
        body.append("</ul>")
    return body, toc


def _tables(markdown: str, used: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The ranking tables (tables_<lang>.md) as HTML tables, without the data-row column (file:row stays in
    the Excel workbook and the ledger)."""
    body, toc = [], []
    for block in re.split(r"^## ", markdown, flags=re.M):
        if not block.strip():
            continue
        name, _, rest = block.partition("\n")
        rows = [r for r in rest.splitlines() if r.startswith("|")]
        if len(rows) < 2:
            continue
        cells = [[c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", r.strip()[1:-1])] for r in rows]
        header, aligns, data = cells[0], cells[1], cells[2:]
        keep = [i for i, h in enumerate(header) if h not in ("Dòng dữ liệu", "Data row")]
        slug = _slug("bang-" + name, used)
        toc.append((slug, name))
        out = [f'<h3 id="{slug}">{html.escape(name)}</h3>', "<table>", "<tr>"
               + "".join(f"<th>{html.escape(header[i])}</th>" for i in keep) + "</tr>"]
        for row in data:
            out.append("<tr>" + "".join(
                f'<td class="{"n" if aligns[i].endswith(":") and not aligns[i].startswith(":") else ""}">'
                f"{html.escape(row[i]) if i < len(row) else ''}</td>" for i in keep) + "</tr>")
        out.append("</table>")
        body += out
    return body, toc


def screen_png(path: Path, width: int = 1400) -> bytes:
    """A chart at about the size a page shows it (the 200-dpi file stays in figures/ for slides and print):
    reduced by a whole factor to about ``width`` pixels (box filter, cheap and sharp) and mapped onto the chart's
    own 256-colour palette (its exact colours kept), a fifth of the bytes."""
    import io

    from PIL import Image

    from qnindex.render.charts import palette_png

    with Image.open(path) as img:
        factor = round(img.width / width)
        if img.mode != "P" or factor < 2:
            return palette_png(img, width=width)
        img.load()
        small = img.convert("RGB").reduce(factor)
        out = io.BytesIO()
        small.quantize(palette=img, dither=Image.Dither.NONE).save(out, format="PNG", compress_level=6)
        return out.getvalue()


def _figures(folder: Path, lang: str, order: list[str], used: set[str], names: dict[str, str]
             ) -> tuple[list[str], list[tuple[str, str]]]:
    body, toc = [], []
    pngs = {p.stem[: -len(lang) - 1]: p for p in sorted(folder.glob(f"*_{lang}.png"))}
    stems = [s for s in order if s in pngs] + sorted(s for s in pngs if s not in order)
    for stem in stems:
        caption = CAPTIONS.get(stem)
        if caption is None and stem.endswith("_map") and stem[: -len("_map")] in INDEX_SPECS:
            s = INDEX_SPECS[stem[: -len("_map")]]
            caption = (f"{s.short_vi}: bản đồ theo nhóm điểm", f"{s.short_en}: map by score quartile")
        caption = caption or (stem, stem)
        text = caption[0 if lang == "vi" else 1].replace("{province}", names["province"])
        slug = _slug("hinh-" + stem, used)
        toc.append((slug, text))
        data = base64.b64encode(screen_png(pngs[stem])).decode("ascii")
        body.append(f'<figure id="{slug}"><img alt="{html.escape(text)}" src="data:image/png;base64,{data}">'
                    f"<figcaption>{html.escape(text)}</figcaption></figure>")
    return body, toc


def _intervals_shown(processed: Path) -> bool:
    """Does the pack show survey intervals (respondents known for some unit, not switched off)? Then the page
    carries the method note."""
    import os

    path = processed / "sipas_qn_intervals.csv"
    if os.environ.get("QNINDEX_INTERVALS", "1") == "0" or not path.exists():
        return False
    import pandas as pd

    units = pd.read_csv(path, dtype={"unit_id": str}, encoding="utf-8-sig")
    return bool((~units["unit_id"].str.startswith("mean:")).any()) if len(units) else False


def build_report(year: int, lang: str, processed: Path, figures: Path, chart_order: list[str]) -> str:
    """The page of ``year`` in ``lang`` from the pack's narrative, figures and tables."""
    t = TEXT[lang]
    used: set[str] = set()
    narrative_md = (processed / f"narrative_{lang}.md").read_text(encoding="utf-8")
    tables_md = (processed / f"tables_{lang}.md")
    n_body, n_toc = _narrative(narrative_md, used)
    f_body, f_toc = _figures(figures, lang, chart_order, used, focus_names(year, lang))
    t_body, t_toc = _tables(tables_md.read_text(encoding="utf-8") if tables_md.exists() else "", used)
    names = focus_names(year, lang)
    title = t["title"].format(year=year, **names)

    def toc(items):
        return "<ol>" + "".join(f'<li><a href="#{s}">{html.escape(x)}</a></li>' for s, x in items) + "</ol>"

    parts = [f"<h1>{html.escape(title)}</h1>", f'<p class="note">{html.escape(t["note"])}</p>',
             f"<nav><h2>{t['contents']}</h2>",
             f'<p><a href="#bao-cao">{t["narrative"]}</a></p>{toc(n_toc)}',
             f'<p><a href="#bieu-do">{t["figures"]}</a></p>{toc(f_toc)}',
             f'<p><a href="#bang">{t["tables"]}</a></p>{toc(t_toc)}</nav>',
             f'<h2 id="bao-cao">{t["narrative"]}</h2>', *n_body,
             f'<h2 id="bieu-do">{t["figures"]}</h2>', *f_body,
             f'<h2 id="bang">{t["tables"]}</h2>', f'<p class="note">{html.escape(t["dash"])}</p>', *t_body]
    if _intervals_shown(processed):
        parts[5] = parts[5].replace("</nav>", f'<p><a href="#phuong-phap">{html.escape(t["method_title"])}</a></p></nav>')
        parts += [f'<h2 id="phuong-phap">{html.escape(t["method_title"])}</h2>', f'<p>{html.escape(t["method"])}</p>']
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write_report(year: int, langs: list[str], processed: Path, figures: Path, reports: Path,
                 chart_order: list[str]) -> list[Path]:
    """``report.html`` (Vietnamese) and ``report_<lang>.html`` for the other languages."""
    written = []
    for lang in langs:
        if not (processed / f"narrative_{lang}.md").exists():
            continue
        path = reports / ("report.html" if lang == "vi" else f"report_{lang}.html")
        path.write_text(build_report(year, lang, processed, figures, chart_order), encoding="utf-8")
        written.append(path)
    return written
