"""Every built-in tool: a scripted answer is parsed cleanly and exported in each declared format."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import docx
import pytest

from kikultur.exports.document import ExportError
from kikultur.exports.formats import export_draft
from kikultur.tools.inputs import normalize_inputs
from kikultur.tools.prompts import prepare_values, slot_values
from kikultur.tools.registry import builtin_tool_dirs, load_builtin
from kikultur.tools.sections import parse_answer
from kikultur.tools.slots import fill_slots
from kikultur.tools.spec import sections_for
from tests.tools.samples import ANSWERS, STECKBRIEF, examples

TOOL_IDS = sorted(p.name for p in builtin_tool_dirs())


def test_there_is_a_scripted_answer_for_every_tool() -> None:
    assert set(ANSWERS) == set(TOOL_IDS)


@pytest.mark.parametrize("tool_id", TOOL_IDS)
def test_scripted_answer_parses_fills_and_exports_every_format(tool_id: str) -> None:
    tool = load_builtin(tool_id)
    raw = examples(tool)
    values = prepare_values(tool.spec, raw, STECKBRIEF)
    filled = fill_slots(ANSWERS[tool_id], slot_values(tool.spec, raw, STECKBRIEF))
    # Slots a scripted answer leaves out are reported as dropped; nothing else goes wrong.
    assert [f for f in filled.findings if not f.details.get("missing")] == []
    assert "[[" not in filled.text
    parsed = parse_answer(tool.spec, values, filled.text)
    assert parsed.findings == [], [f.message for f in parsed.findings]
    expected_titles = [s.title for s in sections_for(tool.spec, values)]
    provenance = {"Werkzeug": tool.id, "Prompt-Version": tool.prompt_version[:12]}
    for fmt in tool.spec.exports:
        exported = export_draft(
            tool.spec, values, parsed, fmt, steckbrief=STECKBRIEF, provenance=provenance
        )
        assert exported.content
        if fmt == "docx":
            document = docx.Document(io.BytesIO(exported.content))
            headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
            assert headings == expected_titles
            assert document.paragraphs[-1].text.startswith("Entstehung: Werkzeug: " + tool.id)
        elif fmt in ("md", "txt"):
            text = exported.content.decode("utf-8")
            for title in expected_titles:
                assert title in text
        elif fmt == "mm":
            root = ET.fromstring(exported.content)
            assert root.find("node").get("TEXT") == "Herbstfest für die Nachbarschaft"
        elif fmt == "mermaid":
            assert exported.content.decode().startswith("mindmap\n")
        elif fmt == "jsonld":
            data = json.loads(exported.content)
            assert data["@type"] == "Event" and data["startDate"] == "2026-03-14T16:00:00+01:00"
            assert data["description"].startswith("Nachbarinnen und Nachbarn erzählen")


def test_a_format_the_tool_does_not_declare_is_refused_in_german() -> None:
    tool = load_builtin("newsletter")
    values = normalize_inputs(tool.spec, examples(tool))
    parsed = parse_answer(tool.spec, values, ANSWERS["newsletter"])
    with pytest.raises(ExportError, match="exportiert nicht als mm"):
        export_draft(tool.spec, values, parsed, "mm")


def test_mind_map_without_outline_is_refused() -> None:
    tool = load_builtin("ideen")
    values = normalize_inputs(tool.spec, examples(tool))
    parsed = parse_answer(tool.spec, values, "## Thema\nHerbstfest\n")
    with pytest.raises(ExportError, match="Gliederung"):
        export_draft(tool.spec, values, parsed, "mm")


def test_leichte_sprache_stays_marked_unchecked_until_the_check_is_cleared() -> None:
    tool = load_builtin("einfache-sprache")
    values = normalize_inputs(tool.spec, examples(tool))
    parsed = parse_answer(tool.spec, values, ANSWERS["einfache-sprache"])
    unchecked = export_draft(tool.spec, values, parsed, "md").content.decode()
    assert "Leichte Sprache – nicht geprüft." in unchecked
    checked = export_draft(
        tool.spec, values, parsed, "md", cleared_flags={"nicht_geprueft"}
    ).content.decode()
    assert "nicht geprüft" not in checked
