"""Word export: re-opened with python-docx; organisation templates keep their styles."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from kikultur.exports.document import (
    DEFAULT_AI_NOTE,
    DEFAULT_AUTHOR,
    ExportDocument,
    ExportError,
    ExportSection,
    document_from_answer,
)
from kikultur.exports.docx import write_docx
from kikultur.tools.inputs import normalize_inputs
from kikultur.tools.registry import load_builtin
from kikultur.tools.sections import parse_answer
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _sample() -> ExportDocument:
    return ExportDocument(
        title="Sommerfest",
        sections=[
            ExportSection("Überschrift", "Sommerfest **im Garten**"),
            ExportSection(
                "Service",
                "- Datum: Samstag\n  - ab 15 Uhr\n1. erstens\n\nText *kursiv*\nZeile zwei",
            ),
            ExportSection("Arabisch", "مرحبا بكم", rtl=True),
        ],
        notices=["Leichte Sprache – nicht geprüft."],
        ai_note=DEFAULT_AI_NOTE,
        provenance={"Werkzeug": "pressemitteilung", "Prompt-Version": "abc123"},
    )


def test_sections_become_headings_and_paragraphs_with_inline_formatting() -> None:
    document = _open(write_docx(_sample()))
    rows = [(p.style.name, p.text) for p in document.paragraphs]
    assert rows[0] == ("Title", "Sommerfest")
    assert ("Heading 1", "Überschrift") in rows
    assert ("List Bullet", "Datum: Samstag") in rows
    assert ("List Bullet 2", "ab 15 Uhr") in rows
    assert ("List Number", "erstens") in rows
    assert ("Normal", "Text kursiv\nZeile zwei") in rows
    headline = next(p for p in document.paragraphs if p.text == "Sommerfest im Garten")
    assert [(r.text, bool(r.bold)) for r in headline.runs] == [
        ("Sommerfest ", False),
        ("im Garten", True),
    ]
    italic = next(p for p in document.paragraphs if p.text.startswith("Text kursiv"))
    assert [r.text for r in italic.runs if r.italic] == ["kursiv"]


def test_notice_ai_note_and_provenance_are_in_the_file() -> None:
    document = _open(write_docx(_sample()))
    texts = [p.text for p in document.paragraphs]
    assert "Hinweis: Leichte Sprache – nicht geprüft." in texts
    assert DEFAULT_AI_NOTE in texts
    assert texts[-1] == "Entstehung: Werkzeug: pressemitteilung; Prompt-Version: abc123"
    assert document.core_properties.title == "Sommerfest"
    assert "abc123" in document.core_properties.comments


def test_the_author_property_names_the_organisation_not_python_docx() -> None:
    own = replace(_sample(), author="Stadtteilkultur Altona-Nord e. V.")
    properties = _open(write_docx(own)).core_properties
    assert properties.author == "Stadtteilkultur Altona-Nord e. V."
    assert properties.last_modified_by == "Stadtteilkultur Altona-Nord e. V."
    anonymous = _open(write_docx(replace(_sample(), author=None))).core_properties
    assert anonymous.author == DEFAULT_AUTHOR == "KI@KULTUR Werkbank"
    assert "python-docx" not in (anonymous.author, anonymous.last_modified_by)


def test_without_ai_note_nothing_about_ai_is_written() -> None:
    plain = ExportDocument(title="T", sections=[ExportSection("A", "Text")])
    texts = [p.text for p in _open(write_docx(plain)).paragraphs]
    assert texts == ["T", "A", "Text"]


def test_right_to_left_sections_are_marked_bidirectional() -> None:
    document = _open(write_docx(_sample()))
    paragraph = next(p for p in document.paragraphs if p.text == "مرحبا بكم")
    assert paragraph._p.pPr.find(qn("w:bidi")) is not None
    assert paragraph.runs[0]._r.rPr.find(qn("w:rtl")) is not None
    item = ExportDocument("T", [ExportSection("Farsi", "- **سلام** دنیا", rtl=True)])
    bullet = next(p for p in _open(write_docx(item)).paragraphs if p.text == "سلام دنیا")
    # Schema order: the style comes before bidi; bold comes before rtl.
    assert [c.tag for c in bullet._p.pPr] == [qn("w:pStyle"), qn("w:bidi")]
    assert [c.tag for c in bullet.runs[0]._r.rPr] == [qn("w:b"), qn("w:rtl")]


def _template(tmp_path: Path) -> Path:
    template = docx.Document()
    template.styles["Normal"].font.name = "Courier New"
    template.styles["Normal"].font.size = Pt(13)
    template.styles.add_style("Hausstil", WD_STYLE_TYPE.PARAGRAPH)
    template.sections[0].header.paragraphs[0].text = "Bürgerhaus Beispiel – Briefkopf"
    template.add_paragraph("Alter Inhalt der Vorlage")
    path = tmp_path / "vorlage.docx"
    template.save(str(path))
    return path


def test_organisation_template_keeps_styles_and_header_but_not_its_body(tmp_path: Path) -> None:
    document = _open(write_docx(_sample(), _template(tmp_path)))
    assert document.styles["Normal"].font.name == "Courier New"
    assert document.styles["Normal"].font.size == Pt(13)
    assert "Hausstil" in [s.name for s in document.styles]
    assert document.sections[0].header.paragraphs[0].text == "Bürgerhaus Beispiel – Briefkopf"
    texts = [p.text for p in document.paragraphs]
    assert "Alter Inhalt der Vorlage" not in texts
    assert texts[0] == "Sommerfest"


def test_a_dotx_template_is_accepted(tmp_path: Path) -> None:
    source = _template(tmp_path).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(name, data)
    document = _open(write_docx(_sample(), out.getvalue()))
    assert document.sections[0].header.paragraphs[0].text == "Bürgerhaus Beispiel – Briefkopf"


def test_a_template_without_heading_styles_still_gets_bold_headings(tmp_path: Path) -> None:
    path = _template(tmp_path)
    data = path.read_bytes()
    out = io.BytesIO()
    # Remove the heading, title and list styles, as in a minimal template made elsewhere.
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            content = zin.read(name)
            if name == "word/styles.xml":
                styles = docx.oxml.parse_xml(content)
                for style in list(styles):
                    style_id = style.get(qn("w:styleId")) or ""
                    if style_id.startswith(("Heading", "Title", "List", "IntenseQuote")):
                        styles.remove(style)
                content = docx.oxml.xmlchemy.serialize_for_reading(styles).encode("utf-8")
            zout.writestr(name, content)
    document = _open(write_docx(_sample(), out.getvalue()))
    heading = next(p for p in document.paragraphs if p.text == "Überschrift")
    assert all(r.bold for r in heading.runs)
    assert any(p.text.startswith("• ") for p in document.paragraphs)


@pytest.mark.parametrize(
    "template",
    [b"", b"\x00\x01 kein Word", b"PK\x03\x04kaputt", b"Text statt Word"],
)
def test_a_broken_template_gets_a_german_error(template: bytes) -> None:
    with pytest.raises(ExportError, match="Vorlage"):
        write_docx(_sample(), template)


def test_a_stored_template_that_would_unpack_huge_is_refused_before_unpacking(
    tmp_path: Path,
) -> None:
    source = _template(tmp_path).read_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for name in zin.namelist():
            zout.writestr(name, zin.read(name))
        zout.writestr("word/media/bombe.bin", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ExportError, match="„Word-Vorlage“ würde entpackt 2"):
        write_docx(_sample(), out.getvalue())


def test_press_release_answer_exports_all_its_sections_in_order() -> None:
    tool = load_builtin("pressemitteilung")
    values = normalize_inputs(tool.spec, examples(tool))
    parsed = parse_answer(tool.spec, values, PRESS_RELEASE_ANSWER)
    doc = document_from_answer(
        tool.spec, values, parsed, title="Pressemitteilung", provenance={"Werkzeug": tool.id}
    )
    document = _open(write_docx(doc))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Überschrift",
        "Unterzeile",
        "Vorspann",
        "Haupttext",
        "Zitat",
        "Service",
        "Über uns",
        "Pressekontakt",
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "Datum: [[datum]]" and len(bullets) == 5


def test_translation_export_marks_arabic_right_to_left_and_carries_the_notice() -> None:
    tool = load_builtin("uebersetzung")
    values = normalize_inputs(tool.spec, {"text": "Hallo", "sprachen": ["en", "ar"]})
    parsed = parse_answer(tool.spec, values, "## Englisch\nHello\n\n## Arabisch\nمرحبا\n")
    doc = document_from_answer(tool.spec, values, parsed)
    assert [s.rtl for s in doc.sections] == [False, True]
    texts = [p.text for p in _open(write_docx(doc)).paragraphs]
    assert any("muttersprachlichen Person" in t for t in texts)
