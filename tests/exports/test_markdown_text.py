"""Markdown and plain-text exports."""

from __future__ import annotations

from kikultur.exports.document import ExportDocument, ExportSection
from kikultur.exports.markdown import to_markdown
from kikultur.exports.markup import ListItem, Paragraph, parse_blocks, parse_inline, plain_inline
from kikultur.exports.text import to_text

DOC = ExportDocument(
    title="Newsletter März",
    sections=[
        ExportSection("Betreff", "Neue Fahrradwerkstatt: jetzt mitschrauben"),
        ExportSection("Termine", "1. **14.03.** Erzählcafé\n2. 21.03. Eröffnung\n\n- Hof\n- Saal"),
    ],
    notices=["Vor dem Versand prüfen: Impressum?"],
    ai_note="Mit KI-Unterstützung entworfen.",
    provenance={"Werkzeug": "newsletter"},
)


def test_markdown_has_title_sections_notice_and_footer() -> None:
    text = to_markdown(DOC)
    assert text.startswith(
        "# Newsletter März\n\n> **Hinweis:** Vor dem Versand prüfen: Impressum?\n\n## Betreff\n\n"
    )
    assert "## Termine\n\n1. **14.03.** Erzählcafé" in text
    assert text.endswith(
        "---\n\n_Mit KI-Unterstützung entworfen._\n\nEntstehung: Werkzeug: newsletter\n"
    )


def test_plain_text_drops_markdown_markers_and_numbers_lists() -> None:
    text = to_text(DOC)
    assert "**" not in text and "##" not in text
    assert "1. 14.03. Erzählcafé\n2. 21.03. Eröffnung\n\n– Hof\n– Saal" in text
    assert text.startswith("Newsletter März\n===============\nHinweis: Vor dem Versand prüfen")
    assert "Entstehung: Werkzeug: newsletter" in text


def test_inline_markup_keeps_snake_case_urls_and_stray_stars() -> None:
    assert plain_inline("Siehe https://example.org/a_b_c und 5 * 3") == (
        "Siehe https://example.org/a_b_c und 5 * 3"
    )
    spans = parse_inline("**fett _und kursiv_** normal")
    assert [(s.text, s.bold, s.italic) for s in spans] == [
        ("fett ", True, False),
        ("und kursiv", True, True),
        (" normal", False, False),
    ]


def test_blocks_keep_line_breaks_and_list_levels() -> None:
    blocks = parse_blocks("Zeile 1\nZeile 2\n\n- a\n    - b\r\n3) c")
    assert blocks == [
        Paragraph(("Zeile 1", "Zeile 2")),
        ListItem(0, False, "a"),
        ListItem(2, False, "b"),
        ListItem(0, True, "c"),
    ]
