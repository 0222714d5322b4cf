"""Example inputs, model answers and tool folders shared by the tool and export tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

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


# A well-formed model answer for each tool and its example inputs (a scripted model).
ANSWERS: dict[str, str] = {
    "pressemitteilung": PRESS_RELEASE_ANSWER,
    "veranstaltungstext": """## Titel
Erzählcafé – Wie wir hier ankamen

## Kurztext
Nachbarinnen und Nachbarn erzählen, wie sie in den Stadtteil gekommen sind.

## Beschreibung
Beim Erzählcafé sitzen wir bei Tee und Gebäck zusammen.

Alle, die gern zuhören und erzählen, sind willkommen.

## Praktische Hinweise
- Wann: [[datum]], [[uhrzeit]] bis [[ende]]
- Wo: [[ort_name]], [[strasse]], [[plz]] [[stadt]]
- Barrierefreiheit: [[barrierefreiheit]]
""",
    "newsletter": """## Betreff
Neue Fahrradwerkstatt: Schraub mit uns!

## Vorschautext
Im Frühjahr öffnet unsere Werkstatt im Hof.

## Einleitung
Im Frühjahr öffnet unsere neue Fahrradwerkstatt – und wir suchen Mitschraubende.

Meldet euch bis 10. März: [[link]]

## Termine
[[termine]]

## Gruß
Herzliche Grüße aus dem Bürgerhaus Beispiel
""",
    "social-media": """## Instagram
Sommerfest im Stadtteilgarten! Am [[datum]] ab [[uhrzeit]] gibt es Musik und Kuchen.
#Stadtteilkultur #Hamburg

## Mastodon
Sommerfest am [[datum]] im Stadtteilgarten: Musik, Kuchen, Nachbarschaft. [[link]] #Hamburg

## Bluesky
Am [[datum]] ist Sommerfest im Stadtteilgarten. Kommt vorbei! #Stadtteilkultur

## Alternativtexte
- Menschen sitzen an langen Tischen unter Apfelbäumen, im Hintergrund eine kleine Bühne.
""",
    "einfache-sprache": """## Text
Der Stadtteil·verein lädt Sie ein.
Es gibt eine Mitglieder·versammlung.
Dort sprechen wir über die Kultur·arbeit.

## Schwierige Wörter
- Mitglieder·versammlung: Alle Mitglieder treffen sich.
""",
    "uebersetzung": """## Englisch
On Saturday there is a summer party in the neighbourhood garden.
Everyone is welcome, admission is free.

## Türkisch
Cumartesi günü mahalle bahçesinde yaz şenliği var. Herkes davetli, giriş ücretsiz.

## Arabisch
يوم السبت هناك حفلة صيفية في حديقة الحي. الجميع مرحب بهم، والدخول مجاني.
""",
    "ideen": """## Thema
Herbstfest für die Nachbarschaft

## Gliederung
- Programm
  - Musik
    - Chor vom Seniorentreff
    - Schulband
  - Kürbisse und Laternen
- Helfende
  - Aufbau
  - Kuchen
  - Flyer
- Geld
  - Verfügungsfonds

## Offene Fragen
- Wer spricht den Chor an?

## Nächste Schritte
- Verfügungsfonds anfragen
- Schulband fragen
- Helfendenliste anlegen
""",
    "perspektiven": """## Junge Menschen
- Spricht „Sekt und Häppchen“ junge Menschen an?
- Wissen sie, ob sie willkommen sind?

## Ältere Menschen
- Gibt es einen Aufzug in den 2. Stock?
- Gibt es Sitzplätze?

## Menschen mit wenig Deutschkenntnissen
- Ist „Dresscode festlich“ verständlich?
- Gibt es den Text auch in anderen Sprachen?

## Menschen mit Behinderungen
- Ist der Festsaal stufenlos erreichbar?
- Gibt es Informationen zur Barrierefreiheit?
""",
    "konfliktbrief": """## Antwort Sachlich
[[empfaenger]],

danke für Ihre Nachricht.

Am Freitag war eine private Feier im Saal. [[zusagen]]

Mit freundlichen Grüßen
[[absender]]

## Antwort Herzlich
[[empfaenger]],

es tut uns leid, dass Sie nicht schlafen konnten.

[[zusagen]] Gern sprechen wir persönlich mit Ihnen.

Herzliche Grüße
[[absender]]

## Antwort Bestimmt
[[empfaenger]],

wir nehmen Ihre Beschwerde ernst.

Die Feier endete laut Vertrag um 22 Uhr. [[zusagen]]

Mit freundlichen Grüßen
[[absender]]
""",
    "kooperationsanfrage": """## Betreff
Erzählprojekt: Kinder interviewen Nachbarinnen und Nachbarn

## Anfrage
[[ansprechperson]],

wir sind das Bürgerhaus Beispiel.

Wir möchten mit der [[partner_name]] ein Erzählprojekt machen.
Wir bringen Räume, Moderation und Aufnahmegeräte mit.

Hätten Sie Zeit für ein kurzes Gespräch? Wir freuen uns über eine Antwort bis [[antwort_bis]].

[[absender]]

## Erinnerung
[[ansprechperson]], wir möchten noch einmal an unsere Idee eines Erzählprojekts erinnern.
Wir freuen uns auf Ihre Antwort.
""",
    "foerderantrag": """## Kurzbeschreibung des Projekts
Von [[projektbeginn]] bis [[projektende]] erzählen ältere und neu zugezogene Nachbar*innen
einander ihre Geschichten, im [[ort]].

## Bedarf im Stadtteil
Beim Nachbarschaftsfrühstück fragen ältere Menschen nach Gelegenheiten zum Erzählen.

## Ziele
- [[termine]] Erzählabende mit [[teilnehmende]] Teilnehmenden
  (Menschen im Stadtteil werden selbst aktiv)
- Eine Hofausstellung, die alle sehen können (Schwellen zur Kunst senken)

## Zielgruppe und Zugang
Ältere Nachbar*innen und neu zugezogene Familien, eingeladen in vier Sprachen.

## Maßnahmen und Zeitplan
März: Aufruf. April bis Juli: Erzählabende. September: Ausstellung im Hof.

## Kooperationspartner
Die Stadtteilschule Beispiel hat zugesagt, die Ausstellung mitzugestalten.

## Öffentlichkeitsarbeit
Aushänge, Newsletter, Instagram und die Stadtteilzeitung.

## Nachhaltigkeit
Die Geschichten bleiben als Heft in der Stadtteilbibliothek.

## Barrierefreiheit und Teilhabe
Saal und Hof sind stufenlos, die Teilnahme ist kostenlos. Beantragt werden [[beantragte_summe]].
""",
    "sachbericht": """## Kurzfassung
Vom [[zeitraum_beginn]] bis [[zeitraum_ende]] fanden [[veranstaltungen]] Veranstaltungen mit
[[teilnehmende]] Teilnehmenden statt; gefördert mit [[bewilligt]].

## Ziele und Ergebnisse
- 8 Erzählabende geplant: 7 fanden statt, einer fiel aus (teilweise erreicht).
- Hofausstellung geplant: vom 5. bis 19. September zu sehen (erreicht).

## Zahlen und Teilnahme
[[veranstaltungen]] Veranstaltungen, [[teilnehmende]] Teilnehmende, etwa 300 Besucher*innen der
Ausstellung (geschätzt).

## Abweichungen und Begründungen
Ein Erzählabend fiel wegen Krankheit aus; der Druck war teurer, weil die Ausstellung größer wurde.

## Öffentlichkeitsarbeit
Aushänge in vier Sprachen, zwei Newsletter, ein Artikel im Wochenblatt.

## Nachhaltigkeit und Ausblick
Der Erzählkreis trifft sich weiter monatlich im Bürgerhaus.
""",
}


def save_tool_dir(tool: Tool, path: Path) -> None:
    """Writes a tool as a folder (tool.yaml + prompts/*.md), the form `load_tool_dir` and
    `kikultur tools list --tools-dir` read; the product itself stores copies in the database."""
    (path / "prompts").mkdir(parents=True, exist_ok=True)
    data = tool.spec.model_dump(mode="json", exclude_defaults=True)
    (path / "tool.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for name, text in tool.prompts.items():
        (path / "prompts" / f"{name}.md").write_text(text, encoding="utf-8")
