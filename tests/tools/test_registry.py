"""Organisation copies of tools, prompt versions for provenance, and broken tool folders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from kikultur.tools.prompts import build_messages
from kikultur.tools.registry import (
    ToolError,
    ToolRegistry,
    change_tool,
    copy_tool,
    load_builtin,
    load_tool_dict,
    load_tool_dir,
)
from tests.tools.samples import STECKBRIEF, examples, save_tool_dir


def test_prompt_version_is_stable_and_a_sha256() -> None:
    first = load_builtin("pressemitteilung").prompt_version
    assert first == load_builtin("pressemitteilung").prompt_version
    assert len(first) == 64 and int(first, 16) >= 0
    assert first != load_builtin("newsletter").prompt_version


def test_copied_tool_keeps_based_on_and_gets_a_new_prompt_version() -> None:
    original = load_builtin("pressemitteilung")
    prompt = original.prompts["user"] + "\nBitte den Bezirk Altona nennen.\n"
    copy = copy_tool(
        original, "pressemitteilung-altona", title="PM Altona", prompts={"user": prompt}
    )
    assert copy.spec.based_on == "pressemitteilung"
    assert copy.id == "pressemitteilung-altona"
    assert copy.source == "organisation"
    assert copy.prompt_version != original.prompt_version
    messages = build_messages(copy, examples(copy), "", STECKBRIEF)
    assert "Bezirk Altona" in messages[1].content


def test_editing_only_the_prompt_changes_the_version() -> None:
    original = load_builtin("newsletter")
    a = copy_tool(original, "newsletter-a")
    b = copy_tool(original, "newsletter-a", prompts={"system": original.prompts["system"] + "!"})
    assert a.prompt_version != b.prompt_version


def test_copy_can_adapt_sections_without_code(tmp_path: Path) -> None:
    original = load_builtin("pressemitteilung")
    sections = [s.model_dump() for s in original.spec.sections]
    sections[0]["max_chars"] = 60
    copy = copy_tool(original, "pm-bezirk", changes={"sections": sections})
    assert copy.spec.sections[0].max_chars == 60
    assert original.spec.sections[0].max_chars == 70


def test_organisation_copies_load_from_a_folder_and_from_stored_dicts(tmp_path: Path) -> None:
    copy = copy_tool(load_builtin("ideen"), "ideen-werkstatt", title="Ideenwerkstatt")
    save_tool_dir(copy, tmp_path / "ideen-werkstatt")
    stored = copy_tool(load_builtin("newsletter"), "newsletter-kurz").to_dict()
    registry = ToolRegistry(organisation_dir=tmp_path, organisation_tools=[stored])
    loaded = registry.get("ideen-werkstatt")
    assert loaded.spec.based_on == "ideen" and loaded.spec.title == "Ideenwerkstatt"
    assert loaded.prompt_version == copy.prompt_version
    assert registry.get("newsletter-kurz").spec.based_on == "newsletter"
    assert len(registry.ids()) == 14


def test_changing_a_copy_keeps_its_id_and_origin_and_validates_again() -> None:
    copy = copy_tool(load_builtin("newsletter"), "newsletter-kurz", title="Kurz")
    changed = change_tool(copy, prompts={"system": "Kurz und freundlich."})
    assert (changed.id, changed.spec.based_on, changed.spec.title) == (
        "newsletter-kurz",
        "newsletter",
        "Kurz",
    )
    assert changed.prompts["system"] == "Kurz und freundlich."
    assert changed.prompt_version != copy.prompt_version
    with pytest.raises(ToolError, match=re.escape("Fehler in user.md")):
        change_tool(copy, prompts={"user": "{% if %}"})


def test_a_copy_may_not_reuse_a_built_in_id() -> None:
    stored = load_builtin("newsletter").to_dict()
    with pytest.raises(ToolError, match="gibt es schon"):
        ToolRegistry(organisation_tools=[stored])


def test_unknown_tool_gets_a_german_error_listing_the_known_ones() -> None:
    with pytest.raises(
        ToolError, match=re.escape("Unbekanntes Werkzeug „gibtsnicht“. Verfügbar: ")
    ):
        ToolRegistry().get("gibtsnicht")
    with pytest.raises(ToolError):
        load_builtin("../_shared")


def test_a_prompt_using_an_unknown_variable_fails_loudly() -> None:
    tool = load_builtin("newsletter")
    broken = copy_tool(tool, "newsletter-kaputt", prompts={"user": "{{ inputs.gibtsnicht }}"})
    with pytest.raises(UndefinedError):
        build_messages(broken, examples(broken), "", STECKBRIEF)


def test_broken_templates_and_specs_get_german_errors(tmp_path: Path) -> None:
    data = load_builtin("newsletter").to_dict()
    data["spec"]["id"] = "nl-kaputt"
    with pytest.raises(ToolError, match=re.escape("Fehler in user.md, Zeile 1")):
        load_tool_dict({**data, "prompts": {"system": "x", "user": "{% if %}"}})
    with pytest.raises(
        ToolError, match=re.escape("die Prompt-Datei system.md fehlt oder ist leer")
    ):
        load_tool_dict({**data, "prompts": {"user": "x"}})
    bad = {**data["spec"], "fact_slots": ["gibtsnicht"]}
    with pytest.raises(ToolError, match="fact_slots nennt das unbekannte Feld gibtsnicht"):
        load_tool_dict({"spec": bad, "prompts": data["prompts"]})
    folder = tmp_path / "kaputt"
    (folder / "prompts").mkdir(parents=True)
    (folder / "tool.yaml").write_bytes(b"id: [unclosed\n")
    with pytest.raises(ToolError, match="kein gültiges YAML"):
        load_tool_dir(folder)
    (folder / "tool.yaml").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ToolError, match="kein gültiges YAML"):
        load_tool_dir(folder)
    with pytest.raises(ToolError, match=re.escape("fehlt tool.yaml")):
        load_tool_dir(tmp_path / "leer")


def test_invalid_spec_is_explained_in_german_with_the_path() -> None:
    data = load_builtin("social-media").to_dict()
    spec = {**data["spec"], "area": "finanzen", "farbe": "blau"}
    spec["sections"] = [{**spec["sections"][0], "max_chars": 0}]
    with pytest.raises(ToolError) as info:
        load_tool_dict({"spec": spec, "prompts": data["prompts"]})
    message = str(info.value)
    assert "area: Bitte einen der angebotenen Werte wählen. Erlaubt: berichte," in message
    assert "farbe: Diese Angabe ist unbekannt." in message
    assert "sections.0.max_chars: Die Zahl ist zu klein (sie muss größer als 0 sein)." in message
    assert "Input should be" not in message and "Extra inputs" not in message


def test_spec_rules_are_enforced() -> None:
    data = load_builtin("social-media").to_dict()
    spec = data["spec"]
    bad_select = {**spec, "inputs": [{"name": "wahl", "label": "Wahl", "type": "select"}]}
    bad_select["fact_slots"], bad_select["sections"] = [], [{"id": "a", "title": "A"}]
    with pytest.raises(ToolError, match="Auswahlfeld ohne Auswahlmöglichkeiten"):
        load_tool_dict({"spec": bad_select, "prompts": data["prompts"]})
    no_sections = {**spec, "sections": []}
    with pytest.raises(ToolError, match="mindestens einen Abschnitt"):
        load_tool_dict({"spec": no_sections, "prompts": data["prompts"]})
    bad_area = {**spec, "area": "finanzen"}
    with pytest.raises(ToolError, match="area"):
        load_tool_dict({"spec": bad_area, "prompts": data["prompts"]})
