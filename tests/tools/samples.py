"""Example inputs and model answers shared by the tool and export tests."""

from __future__ import annotations

from typing import Any

from kikultur.tools.registry import Tool

STECKBRIEF = {
    "name": "Bürgerhaus Beispiel",
    "ueber_uns": "Das Bürgerhaus Beispiel ist seit 1980 der Treffpunkt für Kultur im Quartier.",
    "website": "https://buergerhaus.example.org",
    "pressekontakt": "Kim Muster, presse@example.org",
}

PRESS_RELEASE_ANSWER = """## Überschrift
Sommerfest im Stadtteilgarten lädt alle ein

## Unterzeile
Musik, Kuchen und Begegnung am [[datum]] im Stadtteilgarten

## Vorspann
Das Bürgerhaus Beispiel feiert am [[datum]] ab [[uhrzeit]] ein Sommerfest im [[ort]].

## Haupttext
Im Garten gibt es Musik von Gruppen aus dem Stadtteil.

Für Kinder gibt es eine Malecke.

Der Eintritt ist [[eintritt]].

## Zitat
„[[zitat]]“, sagt [[zitat_person]].

## Service
- Datum: [[datum]]
- Beginn: [[uhrzeit]]
- Ort: [[ort]]
- Eintritt: [[eintritt]]
- Barrierefreiheit: [[barrierefreiheit]]

## Über uns
Das Bürgerhaus Beispiel ist seit 1980 der Treffpunkt für Kultur im Quartier.

## Pressekontakt
[[pressekontakt]]
"""


def examples(tool: Tool) -> dict[str, Any]:
    """The example values declared in the tool's spec."""
    return {i.name: i.example for i in tool.spec.inputs if i.example is not None}


def required_only(tool: Tool) -> dict[str, Any]:
    """Only the required fields, with their examples."""
    return {i.name: i.example for i in tool.spec.inputs if i.required}
