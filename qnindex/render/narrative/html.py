"""The narrative's small Markdown subset as a standalone HTML page."""
from __future__ import annotations

import html
import re


def markdown_to_html(text: str, title: str, lang: str) -> str:
    """The narrative's small Markdown subset (headings, paragraphs, lists, _italics_, **bold**) as HTML."""
    body, in_list = [], False
    for block in text.split("\n"):
        line = block.rstrip()
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
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if m:
            level = len(m.group(1))
            body.append(f"<h{level}>{_inline(m.group(2))}</h{level}>")
        else:
            body.append(f"<p>{_inline(line)}</p>")
    if in_list:
        body.append("</ul>")
    style = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.55;"
             "color:#222;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:1.8rem;color:#1F4E79}"
             "em{color:#8a4b00}")
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _inline(text: str) -> str:
    t = html.escape(text, quote=False)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    return re.sub(r"(?<![\w])_(.+?)_(?![\w])", r"<em>\1</em>", t)
