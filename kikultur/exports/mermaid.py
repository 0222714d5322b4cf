"""Mermaid `mindmap` diagram text from an outline tree."""

from __future__ import annotations

import re

from kikultur.exports.outline import OutlineNode

# Markdown strings ("`...`") let node text contain brackets and parentheses; quotes and
# backticks would end the string, so they are replaced.
_UNSAFE = str.maketrans({'"': "'", "`": "'", "\n": " ", "\r": " "})


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_UNSAFE)).strip() or "…"


def to_mermaid(root: OutlineNode) -> str:
    lines = ["mindmap", f'  root["`{_label(root.text)}`"]']
    for number, (depth, node) in enumerate(root.walk()[1:], start=1):
        lines.append("  " * (depth + 1) + f'n{number}["`{_label(node.text)}`"]')
    return "\n".join(lines) + "\n"
