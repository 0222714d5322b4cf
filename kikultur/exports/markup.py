"""The Markdown subset drafts use: headings, paragraphs, bullet/numbered lists, bold, italic."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)([-*+•])[ \t]+(.*)$")
_NUMBERED = re.compile(r"^([ \t]*)(\d+)[.)][ \t]+(.*)$")
# Bold before italic; `_` only at word boundaries so snake_case and URLs stay intact.
_INLINE = re.compile(
    r"\*\*(?P<b1>.+?)\*\*|__(?P<b2>.+?)__|(?<![\w*])\*(?P<i1>[^*\s][^*]*?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<i2>[^_\s][^_]*?)_(?![\w_])"
)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[str, ...]  # kept apart: a single newline in a draft is a line break


@dataclass(frozen=True, slots=True)
class ListItem:
    level: int  # 0 = top level
    ordered: bool
    text: str


Block = Heading | Paragraph | ListItem


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


def _indent_level(indent: str) -> int:
    return len(indent.expandtabs(4)) // 2


def parse_blocks(text: str) -> list[Block]:
    """Blocks of a section text, in order."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(tuple(paragraph)))
            paragraph.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if heading:
            flush()
            blocks.append(Heading(len(heading.group(1)), heading.group(2)))
        elif bullet:
            flush()
            blocks.append(ListItem(_indent_level(bullet.group(1)), False, bullet.group(3)))
        elif numbered:
            flush()
            blocks.append(ListItem(_indent_level(numbered.group(1)), True, numbered.group(3)))
        else:
            paragraph.append(line.strip())
    flush()
    return blocks


def parse_inline(text: str) -> list[Span]:
    """Text runs with bold/italic; unmatched markers stay as text."""
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        bold = match.group("b1") or match.group("b2")
        if bold is not None:
            spans.extend(Span(s.text, True, s.italic) for s in parse_inline(bold))
        else:
            spans.append(Span(match.group("i1") or match.group("i2") or "", False, True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return [s for s in spans if s.text]


def plain_inline(text: str) -> str:
    """The text without inline markers."""
    return "".join(span.text for span in parse_inline(text))
