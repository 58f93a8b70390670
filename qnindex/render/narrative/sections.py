"""A section of the narrative as an object: its heading, its blocks (paragraphs, list items, notes), each with its
sentences, and the claims its numbers are. The deck, report.html, the notebooks and the Markdown file are views of
these objects: none of them reads the narrative's text back.

A template writes one block per line: ``## `` a heading, ``- `` a list item, a line in ``_underscores_`` a note, any
other line a paragraph. The Markdown written from the blocks separates paragraphs by a blank line, so every viewer
shows them as the report does.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from qnindex.core.text import sentences as split_sentences
from qnindex.render import markdown
from qnindex.render.narrative.claims import Claim


@dataclass
class Block:
    """One block of a section: ``kind`` paragraph, item (of a list: its line starts with ``- ``) or note; its line as
    written (Markdown) and its sentences (as the claims name them)."""

    kind: str
    line: str
    sentences: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's Markdown without its list mark."""
        return self.line[2:] if self.kind == "item" else self.line

    @property
    def plain(self) -> str:
        """The block as plain text (no list or emphasis marks)."""
        return markdown.plain(self.line.lstrip("- "))


@dataclass
class Section:
    """One section: its name (the template's), heading (None for the opening overview), blocks and claims."""

    name: str
    heading: str | None
    blocks: list[Block]
    claims: list[Claim] = field(default_factory=list)

    @classmethod
    def from_text(cls, name: str, text: str, claims: list[Claim]) -> "Section":
        """The section a template rendered (one block per line)."""
        heading, blocks = None, []
        for line in (raw.rstrip() for raw in text.splitlines()):
            if not line:
                continue
            if line.startswith("## ") and heading is None and not blocks:
                heading = line[3:]
            else:
                kind = "item" if line.startswith("- ") else "note" if line.startswith("_") else "paragraph"
                blocks.append(Block(kind, line, split_sentences(line)))
        return cls(name, heading, blocks, claims)

    @property
    def markdown(self) -> str:
        """The section as Markdown: its heading, then its blocks (list items together, other blocks apart)."""
        lines: list[str] = [f"## {self.heading}", ""] if self.heading is not None else []
        previous = None
        for block in self.blocks:
            if previous is not None and not (previous == "item" and block.kind == "item"):
                lines.append("")
            lines.append(block.line)
            previous = block.kind
        return "\n".join(lines) + "\n"

    @property
    def html(self) -> str:
        """The section's blocks as HTML (the heading is the page's to place)."""
        body = Section(self.name, None, self.blocks)
        return markdown.to_html(body.markdown)

    def sentences(self) -> list[str]:
        """Every sentence of the section, in order, as the claims name them."""
        return [s for block in self.blocks for s in block.sentences]

    def key_sentences(self, starts: str = "") -> list[str]:
        """The sentences that state a number (those starting with ``starts``, if given), in order, without a list's
        mark; a note (in italics: 'Lưu ý: ... minh họa') is not a message."""
        found = (s.lstrip("- ") for block in self.blocks if block.kind != "note" for s in block.sentences)
        return [s for s in found if s and any(ch.isdigit() for ch in s) and s.startswith(starts)]

    def key_sentence(self, starts: str = "") -> str:
        """The first sentence that states a number (and starts with ``starts``, if given)."""
        found = self.key_sentences(starts)
        return found[0] if found else ""

    def items(self) -> list[str]:
        """The section's list items (the shortcomings, one a line), as Markdown."""
        return [block.text for block in self.blocks if block.kind == "item"]

    def plain_lines(self) -> list[str]:
        """Every block as a line of plain text: what a presenter reads from the speaker's notes."""
        return [block.plain for block in self.blocks]
