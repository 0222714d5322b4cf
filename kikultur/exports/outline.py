"""Parses an `ideen` outline (Markdown headings and nested lists) into a tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kikultur.exports.markup import plain_inline

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+•]|\d+[.)])[ \t]+(.*?)[ \t]*$")


@dataclass(slots=True)
class OutlineNode:
    text: str
    children: list[OutlineNode] = field(default_factory=list)

    def walk(self) -> list[tuple[int, OutlineNode]]:
        """(depth, node) pairs in document order, the root at depth 0."""
        result = [(0, self)]
        for child in self.children:
            result.extend((depth + 1, node) for depth, node in child.walk())
        return result


def parse_outline(text: str, root_title: str) -> OutlineNode:
    """A tree from headings (`#` levels) and list items (indentation); other lines are skipped.

    List items nest under the last heading; an item's depth follows its indentation relative to
    the least-indented item, so 2- and 4-space styles both work.
    """
    root = OutlineNode(root_title)
    lines = text.replace("\r\n", "\n").split("\n")
    indents = sorted({len(m.group(1).expandtabs(4)) for m in map(_ITEM.match, lines) if m})
    # stack of (level, node); headings use level = hashes, items continue below the heading
    stack: list[tuple[float, OutlineNode]] = [(0, root)]
    heading_level = 0.0
    for line in lines:
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if heading:
            level = float(len(heading.group(1)))
            label = plain_inline(heading.group(2))
            heading_level = level
        elif item:
            rank = indents.index(len(item.group(1).expandtabs(4)))
            level = heading_level + 1 + rank
            label = plain_inline(item.group(2))
        else:
            continue
        if not label:
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        node = OutlineNode(label)
        (stack[-1][1] if stack else root).children.append(node)
        stack.append((level, node))
    # A single top-level node that repeats the topic becomes the root itself.
    if len(root.children) == 1 and _same(root.children[0].text, root_title):
        return OutlineNode(root_title, root.children[0].children)
    return root


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()
