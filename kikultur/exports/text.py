"""Plain-text export of a draft (for e-mail, forms and calendar fields): no Markdown markers."""

from __future__ import annotations

from kikultur.exports.document import ExportDocument
from kikultur.exports.markup import Heading, ListItem, Paragraph, parse_blocks, plain_inline
from kikultur.i18n import _


def _section_text(text: str) -> str:
    lines: list[str] = []
    previous: object = None
    numbers: dict[int, int] = {}
    for block in parse_blocks(text):
        if not isinstance(block, ListItem):
            numbers.clear()
        # Blank line between blocks, except between items of one list.
        same_list = (
            isinstance(block, ListItem)
            and isinstance(previous, ListItem)
            and (block.ordered == previous.ordered or block.level != previous.level)
        )
        if lines and not same_list:
            lines.append("")
        if isinstance(block, Heading):
            lines.append(plain_inline(block.text))
        elif isinstance(block, ListItem):
            numbers = {k: v for k, v in numbers.items() if k <= block.level}
            numbers[block.level] = numbers.get(block.level, 0) + 1
            marker = f"{numbers[block.level]}." if block.ordered else "–"
            lines.append("  " * block.level + f"{marker} {plain_inline(block.text)}")
        elif isinstance(block, Paragraph):
            lines.extend(plain_inline(line) for line in block.lines)
        previous = block
    return "\n".join(lines)


def to_text(doc: ExportDocument) -> str:
    parts = [doc.title, "=" * min(len(doc.title), 72)]
    if doc.subtitle:
        parts.append(doc.subtitle)
    parts.extend(_("Hinweis: ") + notice for notice in doc.notices)
    for section in doc.sections:
        parts.append(f"\n{section.title}\n" + "-" * min(len(section.title), 72))
        body = _section_text(section.text)
        if body:
            parts.append(body)
    if doc.ai_note:
        parts.append("\n" + doc.ai_note)
    if doc.provenance:
        parts.append(_("Entstehung: ") + "; ".join(f"{k}: {v}" for k, v in doc.provenance.items()))
    return "\n".join(parts).strip() + "\n"
