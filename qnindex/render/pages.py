"""The pack's pages, from Jinja2 templates (``render/templates/html``): the narrative of one language
(``narrative_<lang>.html``) and report.html, one self-contained page per language for leaders on machines that are
often offline — no script, style sheet or font is fetched; the figures are embedded. Both are views of the objects
the year's steps made (the narrative's sections, the ranking tables) and of the figures written: nothing is parsed
back from text.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from qnindex.core.messages import words
from qnindex.core.paths import templates_dir
from qnindex.render import markdown, slides
from qnindex.render.charts.output import screen_png
from qnindex.render.export import cell_text
from qnindex.render.narrative.names import focus_names

TEXT = words("report")  # core/messages.yml, domain report
ROW_HEADERS = {words("tables")[lang]["row"] for lang in ("vi", "en")}  # file:row: in the workbook and the ledger


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(templates_dir() / "html")), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def narrative_page(story) -> str:
    """The narrative of one language as a standalone page."""
    return _environment().get_template("narrative.html.j2").render(
        lang=story.lang, title=story.title, body=Markup(markdown.to_html(story.markdown)))


@dataclass
class _Entry:
    id: str
    label: str
    heading: str | None = None
    html: str = ""
    data: str = ""
    header: list | None = None
    rows: list | None = None


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "muc"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}-{i}", i + 1
    used.add(slug)
    return slug


def _intervals_shown(data) -> list[str]:
    """The surveys whose intervals the pack shows (respondents known for some unit, intervals on): the page then
    carries the method note, naming their interval files."""
    if not data.settings.intervals:
        return []
    shown = []
    for s in data.specs:
        if s.weighted_by_respondents and data.has(s.id):
            rows = data.current[s.id]
            rows = rows[~rows["measure"].str.startswith("rank")]
            if rows["value"].notna().any() and rows["weight"].notna().any():
                shown.append(s.id)
    return shown


def report_page(data, story, figures: Path, tables: dict[str, tuple[pd.DataFrame, int]]) -> str:
    """The page of ``data.year`` in ``story``'s language: the narrative's sections, the figures of ``figures`` and the
    ranking ``tables`` (sheet name -> (table, decimals))."""
    lang = story.lang
    t = TEXT[lang]
    names = focus_names(data.focus, data.year, lang)
    used: set[str] = set()
    sections = [_Entry(_slug(s.heading, used) if s.heading else "", s.heading or "", s.heading,
                       Markup(s.html)) for s in story.sections.values()]
    pngs = {p.stem[: -len(lang) - 1]: p for p in sorted(Path(figures).glob(f"*_{lang}.png"))}
    order = slides.order(data.specs)
    colours = tuple(s.color for s in data.specs)
    shown = []
    for stem in [s for s in order if s in pngs] + sorted(s for s in pngs if s not in order):
        label = slides.caption(data.specs, stem, lang, names["province"])
        shown.append(_Entry(_slug("hinh-" + stem, used), label,
                            data=base64.b64encode(screen_png(pngs[stem].read_bytes(), colours)).decode("ascii")))
    listed = []
    for name, (table, decimals) in tables.items():
        keep = [c for c in table.columns if c not in ROW_HEADERS]
        numeric = {c: pd.api.types.is_numeric_dtype(table[c]) for c in keep}
        rows = [[(cell_text(v, decimals, lang), numeric[c]) for c, v in zip(keep, rec)]
                for rec in table[keep].itertuples(index=False)]
        listed.append(_Entry(_slug("bang-" + name, used), name, header=keep, rows=rows))
    surveys = _intervals_shown(data)
    return _environment().get_template("report.html.j2").render(
        lang=lang, t=t, title=t["title"].format(year=data.year, **names),
        sections=[s for s in sections if s.heading], sections_all=sections, figures=shown, tables=listed,
        method=t["method"].format(files=", ".join(f"{i}_intervals.csv" for i in surveys)) if surveys else "")


def write_report(data, stories: dict, out, tables: dict[str, dict]) -> list[Path]:
    """``report.html`` (Vietnamese) and ``report_<lang>.html`` for the other languages, from the year's narratives
    (``stories``, per language), the figures written into ``out.figures`` and the ranking ``tables`` (per
    language)."""
    written = []
    for lang, story in stories.items():
        path = out.reports / ("report.html" if lang == "vi" else f"report_{lang}.html")
        path.write_text(report_page(data, story, out.figures, tables[lang]), encoding="utf-8")
        written.append(path)
    return written
