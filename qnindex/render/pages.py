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
from jinja2 import Environment
from markupsafe import Markup

from qnindex.core.formatting import fmt_number
from qnindex.core.messages import words
from qnindex.core.paths import templates_dir
from qnindex.render import markdown, slides
from qnindex.render.charts.output import SCREEN_WIDTH, screen_png
from qnindex.render.export import cell_text
from qnindex.render.narrative.names import focus_names
from qnindex.render.templating import environment

TEXT = words("report")  # core/messages.yml, domain report
ROW_HEADERS = {words("tables")[lang]["row"] for lang in ("vi", "en")}  # file:row: in the workbook and the ledger


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return environment(templates_dir() / "html", autoescape=True, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


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


def figures_shown(data, lang: str, files, width: int = SCREEN_WIDTH) -> list[tuple[str, str, bytes]]:
    """The charts of ``files`` in ``lang`` (``<stem>_<lang>.png``) in the report's order, each as its stem, its
    caption and its screen rendition about ``width`` pixels wide (the file stays the slide's): what report.html and
    an executed notebook show."""
    suffix = f"_{lang}.png"
    pngs = {p.name[: -len(suffix)]: p for p in files if p.name.endswith(suffix)}
    order = slides.order(data.specs)
    province = focus_names(data.focus, data.year, lang)["province"]
    colours = tuple(s.color for s in data.specs)
    return [(stem, slides.caption(data.specs, stem, lang, province),
             screen_png(pngs[stem].read_bytes(), colours, width))
            for stem in [s for s in order if s in pngs] + sorted(s for s in pngs if s not in order)]


def report_page(data, story, figures: Path, tables: dict[str, tuple[pd.DataFrame, int]]) -> str:
    """The page of ``data.year`` in ``story``'s language: the narrative's sections, the figures of ``figures`` and the
    ranking ``tables`` (sheet name -> (table, decimals))."""
    lang = story.lang
    t = TEXT[lang]
    names = focus_names(data.focus, data.year, lang)
    used: set[str] = set()
    sections = [_Entry(_slug(s.heading, used) if s.heading else "", s.heading or "", s.heading,
                       Markup(s.html)) for s in story.sections.values()]
    shown = [_Entry(_slug("hinh-" + stem, used), label, data=base64.b64encode(png).decode("ascii"))
             for stem, label, png in figures_shown(data, lang, sorted(Path(figures).glob(f"*_{lang}.png")))]
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


# ----------------------------------------------------------------------------- the national page of a year

PROVINCES = words("provinces")  # core/messages.yml, domain provinces


def _score_text(spec, value: float, lang: str) -> str:
    if pd.isna(value):
        return "–"
    return fmt_number(value, spec.decimals, lang) + ("%" if spec.value_kind == "pct" else "")


def _rank_text(rank: float, top: float, lang: str) -> str:
    if pd.notna(rank):
        return str(int(rank))
    return PROVINCES[lang]["top"].format(k=int(top)) if pd.notna(top) else "–"


def provinces_table(data, results: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The national page as a table: one row per province, a score and a rank column per national index (the
    workbook's sheet; numbers as numbers, a rank known only as 'top k' as its text)."""
    t = PROVINCES[lang]
    table = pd.DataFrame({t["province"]: results["province" if lang == "vi" else "province_en"]})
    for s in data.specs:
        if s.national and f"{s.id}_value" in results:
            table[f"{s.short(lang)} — {t['score']}"] = results[f"{s.id}_value"].astype(float)
            table[f"{s.short(lang)} — {t['rank']}"] = [
                int(r) if pd.notna(r) else (_rank_text(r, k, lang) if pd.notna(k) else None)
                for r, k in zip(results[f"{s.id}_rank"], results[f"{s.id}_top"])]
    return table


def provinces_page(data, results: pd.DataFrame, links: dict[str, str], focus: str, lang: str = "vi") -> str:
    """provinces/<year>/index.html: every province of ``results`` with its scores and ranks per national index and a
    link to its report (``links``: unit id -> relative path; none: not built), ``focus`` (a unit id) highlighted."""
    t = PROVINCES[lang]
    specs = [s for s in data.specs if s.national and f"{s.id}_value" in results]
    rows = []
    for rec in results.to_dict("records"):
        cells = []
        for s in specs:
            value, rank, top = rec[f"{s.id}_value"], rec[f"{s.id}_rank"], rec[f"{s.id}_top"]
            cells.append({"text": _score_text(s, value, lang), "sort": "" if pd.isna(value) else f"{-value:.6f}"})
            cells.append({"text": _rank_text(rank, top, lang),
                          "sort": f"{rank:g}" if pd.notna(rank) else (f"{top:g}.5" if pd.notna(top) else "")})
        rows.append({"name": rec["province" if lang == "vi" else "province_en"], "cells": cells,
                     "link": links.get(rec["unit_id"]), "focus": rec["unit_id"] == focus})
    return _environment().get_template("provinces.html.j2").render(
        lang=lang, t=t, title=t["title"].format(year=data.year), intro=t["intro"].format(year=data.year), rows=rows,
        indices=[{"short": s.short(lang)} for s in specs])
