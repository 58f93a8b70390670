"""The briefing deck (python-pptx): 16:9, a title slide, the scorecard, one slide per chart with its
key sentence from the narrative, and the main tables. Pictures keep their aspect ratio."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from qnindex.analysis.focus import focus_summary, rank_status
from qnindex.analysis.yeardata import YearData
from qnindex.core.formatting import fmt_number
from qnindex.core.messages import words
from qnindex.render import charts, slides
from qnindex.render.export import normalise_zip
from qnindex.render.narrative import Narrative
from qnindex.render.narrative.names import default_issuer, focus_names
from qnindex.render.narrative.sections import Section

# Arial: on every Windows and macOS machine that runs PowerPoint, with Vietnamese; LibreOffice substitutes Liberation
# Sans, drawn to Arial's metrics (installed with LibreOffice on most systems; .ci/run installs it), so a line takes the
# same room in both programs and nothing needs embedding (python-pptx cannot embed fonts)
FONT = "Arial"
BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x55, 0x55, 0x55)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
FIXED_TIME = datetime(2000, 1, 1)

TEXT = words("deck")  # core/messages.yml, domain deck


def _text(slide, left, top, width, height, text, size=18, bold=False, color=None, align=PP_ALIGN.LEFT):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    lines = text.split("\n")
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
    return box


TITLE_BAND_IN = 0.9  # the slide's message above the chart, in inches (the chart starts at 1.0 in)


def title_size(text: str) -> int:
    """The largest type (points, 24 down to 16) at which ``text`` fits the title band, 0 if none: a line of bold
    Arial holds about 12.3 in / (0.6 x size) characters, with slack for word wrap."""
    import math

    for size in (24, 20, 18, 16):
        per_line = 12.3 * 72 / (0.6 * size) * 0.92
        if math.ceil(len(text) / per_line) * size * 1.2 <= TITLE_BAND_IN * 72:
            return size
    return 0


ILLUSTRATIVE_MARK = {"vi": "số liệu minh họa", "en": "illustrative"}


def shortened(sentence: str, lang: str = "vi") -> str:
    """A key sentence too long for a title, shortened without changing what it states: its parentheses dropped (an
    illustrative mark kept, at the end), then — in a sentence that lists no contrasting parts (no ';') — clauses from
    its end that restate what comes before; '' when it cannot fit."""
    import re

    mark = f" ({ILLUSTRATIVE_MARK[lang]})" if ILLUSTRATIVE_MARK[lang] in sentence else ""
    text = re.sub(r"\s*\([^()]*\)", "", sentence).strip().rstrip(".")
    if title_size(text + mark + "."):
        return text + mark + "."
    if ";" in text:
        return ""
    parts = text.split(", ")
    while len(parts) > 1:
        parts.pop()
        if title_size(", ".join(parts) + mark + "."):
            return ", ".join(parts) + mark + "."
    return ""


def _title(slide, text: str) -> None:
    """The slide's message on top: the section's key sentence, as large as the band allows."""
    _text(slide, Inches(0.4), Inches(0.05), Inches(12.5), Inches(TITLE_BAND_IN), text, size=title_size(text) or 16,
          bold=True, color=BLUE)


CHART_WIDTH = Inches(charts.SLIDE_WIDTH_IN)  # 91 % of the slide: the charts' type is sized for this width
TITLE_BAND = 0.065  # the chart's own title (the slide title states the message instead)


def _picture(slide, path: Path, top: float, max_height: float, crop_title: bool = True) -> None:
    """Add a chart at full slide width, keeping its aspect ratio; its own title band is cropped away."""
    width = CHART_WIDTH
    left = Emu(int((WIDTH - width) / 2))
    image = io.BytesIO(path.read_bytes())  # the figure as saved: 256 colours already, stored as is
    pic = slide.shapes.add_picture(image, left, Inches(top), width=width)  # height follows the aspect ratio
    if crop_title:
        full = pic.height
        pic.crop_top = TITLE_BAND
        pic.height = Emu(int(full * (1 - TITLE_BAND)))
        pic.width = width


def _notes(slide, section: Section) -> None:
    """The section as the speaker's notes: plain text, one line a block, as the presenter reads it."""
    slide.notes_slide.notes_text_frame.text = "\n".join(section.plain_lines())


def build(data: YearData, story: Narrative, figures: Path | str, target: Path | str) -> Path:
    """Write the year's briefing deck in ``story``'s language to ``target``, from the narrative's sections (each
    slide's message and notes) and the charts in ``figures``; returns the path."""
    lang = story.lang
    names = focus_names(data.focus, data.year, lang)
    t = {**TEXT[lang], **{k: TEXT[lang][k].format(**names) for k in ("subtitle", "scorecard")}}
    figures = Path(figures)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    blank = prs.slide_layouts[6]

    slide = prs.slides.add_slide(blank)
    _text(slide, Inches(0.8), Inches(1.0), Inches(11.7), Inches(2.2), story.title, size=36, bold=True, color=BLUE)
    _text(slide, Inches(0.8), Inches(3.5), Inches(11.7), Inches(0.8),
          data.project.issuer(lang) or default_issuer(data.focus, data.year, lang), size=24, color=BLUE)
    when = data.project.conference(data.year)
    lines = [t["subtitle"]]
    if when.get("date"):
        lines.append(t["date"].format(date=when["date"]))
    lines.append(t["cutoff"].format(cutoff=when.get("cutoff") or t["cutoff_default"].format(year=data.year)))
    _text(slide, Inches(0.8), Inches(4.4), Inches(11.7), Inches(1.4), "\n".join(lines), size=20, color=GREY)
    _text(slide, Inches(0.8), Inches(6.4), Inches(11.7), Inches(0.6), t["made"], size=14, color=GREY)

    # the year's result in the national rankings ('Năm 2025, trên các bảng xếp hạng ...'), not a note before it
    # (from 2025 the overview opens with what the reorganisation changed)
    overview = story.message("scorecard")
    scorecard = figures / f"scorecard_{lang}.png"
    if scorecard.exists():
        slide = prs.slides.add_slide(blank)
        _title(slide, overview if title_size(overview) else f"{t['scorecard']} {data.year}")
        _picture(slide, scorecard, 1.0, 6.3)
        _notes(slide, story.section("overview"))

    used: set[str] = {overview}
    for figure in slides.figures(data.specs):
        path = figures / f"{figure.stem}_{lang}.png"
        if not figure.deck or not path.exists():
            continue
        slide = prs.slides.add_slide(blank)
        # the message: the first of the figure's messages that no other slide states yet and that a title holds
        # (the scorecard says the overview; a longer sentence stays in the speaker's notes), else one shortened
        message = story.message(figure.stem, used, title_size) or \
            next((short for s in story.messages.get(figure.stem, []) if s not in used
                  and (short := shortened(s, lang))), "")
        used.add(message)
        _title(slide, message or f"{figure.slide_title(lang)} — {data.year}")  # the message
        _picture(slide, path, 1.0, 6.3)
        _notes(slide, story.section(figure.section))

    slide = prs.slides.add_slide(blank)
    _title(slide, f"{t['tables']} {data.year}")
    _summary_table(slide, summary_rows(data, lang), lang)
    _text(slide, Inches(1.2), Inches(6.6), Inches(10.9), Inches(0.6), t["dash"], size=14, color=GREY)
    _notes(slide, story.section("overview"))
    shortcomings = story.section("shortcomings")
    items = shortcomings.items()
    if items:
        slide = prs.slides.add_slide(blank)
        _title(slide, f"{t['shortcomings']} {data.year}")
        _text(slide, Inches(0.7), Inches(1.3), Inches(11.9), Inches(5.6), "\n".join("• " + i for i in items), size=18)
        _notes(slide, shortcomings)

    buffer = io.BytesIO()
    prs.core_properties.created = FIXED_TIME
    prs.core_properties.modified = FIXED_TIME
    prs.core_properties.last_modified_by = "qnindex"
    prs.core_properties.author = "qnindex"
    prs.core_properties.revision = 1
    prs.save(buffer)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(normalise_zip(buffer.getvalue()))
    return target


def summary_rows(data: YearData, lang: str) -> list[list[str]]:
    """One row per national index: the focus province's value, rank and change from last year (the focus summary)."""
    t = TEXT[lang]
    rows = []
    for index in data.specs.national_ids(data.year):
        summary = focus_summary(data, index)
        if summary is None:
            continue
        s = data.spec(index)
        value, rank, change = summary.value, summary.rank, summary.change
        status = rank_status(data, index)  # said as the narrative says it
        if status == "absent":  # published for others; this province's row is not in the data
            rows.append([s.short(lang), t["not_in_data"], t["not_in_data"], "–"])
            continue
        if value.missing:
            value_text = t["missing"]
        else:  # the decimals of its table: 29,00 beside 28,16, never 29
            value_text = fmt_number(value.value, s.decimals, lang) + ("%" if s.value_kind == "pct" else "")
        rows.append([s.short(lang), value_text,
                     f"{int(rank.value)}/{int(summary.n.value)}" if not rank.missing
                     else t["top_group"].format(k=int(summary.top_group.value)) if status == "top_group"
                     else t["not_in_data"] if status == "not_in_data" else t["missing"],
                     (("+" if change.value > 0 else "") + fmt_number(change.value, s.decimals, lang)
                      + (t["pp"] if s.value_kind == "pct" else t["points"]))
                     if not change.missing else "–"])
    return rows


def _summary_table(slide, rows: list[list[str]], lang: str) -> None:
    t = TEXT[lang]
    header = [t["index"], t["value"], t["rank"], t["change"]]
    shape = slide.shapes.add_table(len(rows) + 1, 4, Inches(1.2), Inches(1.5), Inches(10.9), Inches(0.6 * (len(rows) + 1)))
    table = shape.table
    for j, text in enumerate(header):
        _cell(table.cell(0, j), text, bold=True)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            _cell(table.cell(i, j), text)


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    para = cell.text_frame.paragraphs[0]
    run = para.add_run()
    run.text = text
    run.font.name = FONT
    run.font.size = Pt(18)
    run.font.bold = bold

