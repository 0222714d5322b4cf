"""Freeplane mind map (.mm XML) from an outline tree; opens in Freeplane and FreeMind."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import count

from kikultur.exports.outline import OutlineNode

FREEPLANE_VERSION = "freeplane 1.9.13"


def _strip_invalid_xml(text: str) -> str:
    # XML 1.0 forbids most control characters; a draft may carry them from pasted input.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _node(parent: ET.Element, node: OutlineNode, ids: count, position: str | None) -> None:
    element = ET.SubElement(
        parent, "node", {"TEXT": _strip_invalid_xml(node.text), "ID": f"ID_{next(ids)}"}
    )
    if position:
        element.set("POSITION", position)
    for child in node.children:
        _node(element, child, ids, None)


def to_freeplane(root: OutlineNode) -> str:
    """The .mm file text: the root in the middle, first-level branches split right and left."""
    mind_map = ET.Element("map", {"version": FREEPLANE_VERSION})
    ids = count(1)
    root_element = ET.SubElement(
        mind_map, "node", {"TEXT": _strip_invalid_xml(root.text), "ID": f"ID_{next(ids)}"}
    )
    half = (len(root.children) + 1) // 2
    for number, child in enumerate(root.children):
        _node(root_element, child, ids, "right" if number < half else "left")
    ET.indent(mind_map)
    return ET.tostring(mind_map, encoding="unicode") + "\n"
