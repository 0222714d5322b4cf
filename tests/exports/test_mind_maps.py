"""The `ideen` outline as a tree, a Freeplane .mm file and a Mermaid mindmap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kikultur.exports.freeplane import to_freeplane
from kikultur.exports.mermaid import to_mermaid
from kikultur.exports.outline import OutlineNode, parse_outline

OUTLINE = """- Programm
  - Musik
    - Chor vom Seniorentreff
    - Schulband
  - Laternen (für Kinder)
- Helfende
  - Aufbau
  - Kuchen
- Geld
  - Verfügungsfonds "fragen"
"""


def _texts(node: OutlineNode) -> list[str]:
    return [n.text for _, n in node.walk()]


def test_nested_list_becomes_a_tree() -> None:
    root = parse_outline(OUTLINE, "Herbstfest")
    assert root.text == "Herbstfest"
    assert [c.text for c in root.children] == ["Programm", "Helfende", "Geld"]
    music = root.children[0].children[0]
    assert music.text == "Musik"
    assert [c.text for c in music.children] == ["Chor vom Seniorentreff", "Schulband"]


def test_headings_and_four_space_lists_nest_too() -> None:
    text = "# Herbstfest\n## Programm\n- **Musik**\n    - Chor\n## Helfende\n- Aufbau\nloser Satz\n"
    root = parse_outline(text, "Herbstfest")
    assert root.text == "Herbstfest"
    assert [c.text for c in root.children] == ["Programm", "Helfende"]
    assert root.children[0].children[0].text == "Musik"
    assert root.children[0].children[0].children[0].text == "Chor"
    assert "loser Satz" not in _texts(root)


def test_freeplane_file_is_xml_with_every_node() -> None:
    root = parse_outline(OUTLINE, "Herbstfest")
    xml = to_freeplane(root)
    tree = ET.fromstring(xml)
    assert tree.tag == "map" and tree.get("version", "").startswith("freeplane")
    (top,) = tree.findall("node")
    assert top.get("TEXT") == "Herbstfest"
    branches = top.findall("node")
    assert [b.get("TEXT") for b in branches] == ["Programm", "Helfende", "Geld"]
    assert [b.get("POSITION") for b in branches] == ["right", "right", "left"]
    all_nodes = tree.iter("node")
    texts = [n.get("TEXT") for n in all_nodes]
    assert texts == _texts(root)
    ids = [n.get("ID") for n in tree.iter("node")]
    assert len(set(ids)) == len(ids) and all(i and i.startswith("ID_") for i in ids)
    assert 'Verfügungsfonds "fragen"' in texts


def test_freeplane_drops_characters_xml_cannot_hold() -> None:
    xml = to_freeplane(OutlineNode("Fest\x00\x07", [OutlineNode("A & B <C>")]))
    tree = ET.fromstring(xml)
    assert [n.get("TEXT") for n in tree.iter("node")] == ["Fest", "A & B <C>"]


def test_mermaid_mindmap_indents_by_depth_and_escapes_quotes() -> None:
    text = to_mermaid(parse_outline(OUTLINE, "Herbstfest"))
    lines = text.splitlines()
    assert lines[0] == "mindmap"
    assert lines[1] == '  root["`Herbstfest`"]'
    assert lines[2] == '    n1["`Programm`"]'
    assert lines[3] == '      n2["`Musik`"]'
    assert lines[4] == '        n3["`Chor vom Seniorentreff`"]'
    assert '["`Laternen (für Kinder)`"]' in text
    assert "Verfügungsfonds 'fragen'" in text
    assert len(lines) == 1 + len(_texts(parse_outline(OUTLINE, "Herbstfest")))
