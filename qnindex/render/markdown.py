"""Markdown, one way: markdown-it-py (CommonMark) turns the narrative's Markdown into HTML and into plain text, for
every output that shows it (the narrative page, report.html, the deck's speaker notes, the notebooks)."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _converter() -> MarkdownIt:
    # raw HTML in the text is shown as text, never passed through as markup
    return MarkdownIt("commonmark", {"html": False})


def to_html(markdown: str) -> str:
    """A Markdown text as HTML (CommonMark)."""
    return _converter().render(markdown)


def inline_html(markdown: str) -> str:
    """One line of Markdown (a heading's text) as inline HTML."""
    return _converter().renderInline(markdown)


def plain(markdown: str) -> str:
    """One line of Markdown as plain text, as a presenter reads it: emphasis and code marks dropped."""
    return "".join(child.content for token in _converter().parseInline(markdown) for child in token.children or ()
                   if child.type in ("text", "code_inline", "softbreak"))
