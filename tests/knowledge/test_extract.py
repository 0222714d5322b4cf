"""Text from uploaded files: DOCX in document order, UTF-8 text, German errors for bad input."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from kikultur.knowledge.extract import ExtractError, extract_text

LIMIT = 1024 * 1024


def docx_bytes(build: object = None) -> bytes:
    document = Document()
    document.add_paragraph("Einladung zum Stadtteilfest")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Geburtsdatum"
    table.cell(1, 0).text = "Anna Müller"
    table.cell(1, 1).text = "01.02.1980"
    document.add_paragraph("Jeder Teilnehmer bringt etwas mit.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_come_in_document_order() -> None:
    result = extract_text("fest.docx", docx_bytes(), LIMIT)
    assert result.kind == "docx"
    assert result.text == (
        "Einladung zum Stadtteilfest\n\n"
        "Name\tGeburtsdatum\nAnna Müller\t01.02.1980\n\n"
        "Jeder Teilnehmer bringt etwas mit."
    )


def test_docx_merged_cells_appear_once_and_cell_paragraphs_stay_on_one_line() -> None:
    document = Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Programm"
    table.cell(1, 0).text = "Lesung"
    table.cell(1, 0).add_paragraph("mit Musik")
    table.cell(1, 1).text = "19 Uhr"
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text("p.docx", buffer.getvalue(), LIMIT).text
    assert text == "Programm\nLesung mit Musik\t19 Uhr"


def test_docx_upper_case_suffix_is_read() -> None:
    assert "Stadtteilfest" in extract_text("FEST.DOCX", docx_bytes(), LIMIT).text


def test_utf8_text_and_markdown_are_read_with_bom_dropped_and_line_ends_unified() -> None:
    data = "\ufeffÜberschrift\r\nZeile zwei\rZeile drei".encode()
    assert extract_text("notiz.txt", data, LIMIT).text == "Überschrift\nZeile zwei\nZeile drei"
    assert extract_text("liesmich.md", b"# Titel\n", LIMIT).text == "# Titel\n"


def test_windows_encoded_text_is_read_with_a_note() -> None:
    extracted = extract_text("alt.txt", "Grüße\r\n„Straße“ 5 €".encode("cp1252"), LIMIT)
    assert extracted.text == "Grüße\n„Straße“ 5 €"
    assert extracted.note is not None and "Windows-Zeichensatz" in extracted.note
    assert extract_text("neu.txt", "Grüße".encode(), LIMIT).note is None


def test_text_in_neither_utf8_nor_windows_encoding_is_refused_with_the_byte_position() -> None:
    with pytest.raises(ExtractError) as error:
        extract_text("alt.txt", b"Gr\x81\x8de", LIMIT)
    assert "nicht UTF-8-kodiert (Byte 2)" in str(error.value)
    assert "„alt.txt“" in str(error.value)


def test_control_characters_mean_no_windows_text() -> None:
    with pytest.raises(ExtractError, match="nicht UTF-8-kodiert"):
        extract_text("alt.txt", b"Gr\xfc\x1b\x02e", LIMIT)


def test_binary_data_in_a_text_file_is_refused_in_german() -> None:
    with pytest.raises(ExtractError, match="keine Textdatei"):
        extract_text("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", LIMIT)


def test_oversized_file_is_refused_before_reading_it() -> None:
    with pytest.raises(ExtractError, match="größer als 1 MB"):
        extract_text("gross.txt", b"a" * (LIMIT + 1), LIMIT)


def test_empty_file_is_refused() -> None:
    with pytest.raises(ExtractError, match="ist leer"):
        extract_text("leer.txt", b"", LIMIT)


def test_unknown_and_old_word_formats_are_named_in_german() -> None:
    with pytest.raises(ExtractError, match=r"\.docx speichern"):
        extract_text("antrag.doc", b"\xd0\xcf\x11\xe0", LIMIT)
    with pytest.raises(ExtractError, match="Format, das die Werkbank nicht lesen kann"):
        extract_text("foto.jpg", b"\xff\xd8\xff", LIMIT)


def test_a_docx_that_is_no_zip_is_refused_as_broken() -> None:
    with pytest.raises(ExtractError, match="keine gültige Word-Datei"):
        extract_text("kaputt.docx", b"Das ist kein Zip-Archiv.", LIMIT)


def test_a_zip_without_document_xml_is_refused_as_broken() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "hallo")
    with pytest.raises(ExtractError, match="keine gültige Word-Datei"):
        extract_text("leer.docx", buffer.getvalue(), LIMIT)


def test_a_docx_with_broken_xml_is_refused_as_broken() -> None:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            archive.writestr(info, data)
    with pytest.raises(ExtractError, match="keine gültige Word-Datei"):
        extract_text("halb.docx", buffer.getvalue(), LIMIT)


def test_a_docx_bomb_is_refused_before_unpacking() -> None:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        # 60 MB of zeros pack into about 60 KB: far beyond any real document.
        archive.writestr("word/media/bombe.bin", b"\x00" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < LIMIT
    with pytest.raises(ExtractError, match=r"würde entpackt 6\d(,\d)? MB groß"):
        extract_text("bombe.docx", data, LIMIT)


def test_docx_page_headers_and_footers_follow_the_body_and_the_privacy_check_sees_them() -> None:
    from kikultur.checks.findings import CheckContext
    from kikultur.checks.privacy import check_privacy

    document = Document()
    document.add_paragraph("Einladung zum Stadtteilfest")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kontakt: ayse.yilmaz@example.org"
    section.footer.paragraphs[0].text = "Bürgerhaus Altona-Nord"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Erste Seite"
    second = document.add_section()
    second.header.is_linked_to_previous = True  # no text of its own: nothing repeated
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text("brief.docx", buffer.getvalue(), LIMIT).text
    assert text == (
        "Einladung zum Stadtteilfest\n\n"
        "Kontakt: ayse.yilmaz@example.org\n\n"
        "Erste Seite\n\n"
        "Bürgerhaus Altona-Nord"
    )
    emails = [f for f in check_privacy(text, CheckContext()) if "@" in f.text]
    assert [text[f.start : f.end] for f in emails] == ["ayse.yilmaz@example.org"]
