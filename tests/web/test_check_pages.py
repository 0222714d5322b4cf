"""The check pages: "Text prüfen" and "Datenschutz-Check" for a member; uploads, bad input with
German messages at the field (the text is kept), one-click suggestions, nothing stored."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import httpx
import pytest
from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.services.text_check import MAX_TEXT_CHARS
from kikultur.store.models import Base
from tests.helpers import csrf, field_error, post_form
from tests.web.test_factsheet import FORM as STECKBRIEF

PASTED = "Mein eingefügter Text über das Stadtteilfest."


def post_upload(
    client: TestClient,
    app: FastAPI,
    url: str,
    data: dict[str, Any],
    name: str,
    content: bytes,
) -> httpx.Response:
    payload = {"csrf_token": csrf(client, app), **data}
    return client.post(
        url, data=payload, files={"datei": (name, content, "application/octet-stream")}
    )


def textarea(page: str, name: str = "text") -> str:
    match = re.search(rf'<textarea id="{name}" name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"Feld {name} fehlt"
    return html.unescape(match.group(1))


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def apply_buttons(page: str) -> list[str]:
    return [
        html.unescape(v)
        for v in re.findall(r'form="pruefen-form" name="apply" value="([^"]*)"', page)
    ]


def checked_hash(page: str) -> str:
    match = re.search(r'name="checked_hash" value="([0-9a-f]+)"', page)
    assert match
    return match.group(1)


# ---- Text prüfen ---------------------------------------------------------------------------


def test_text_check_page_renders_for_a_member_with_the_steckbrief_gender_style(
    member_client: TestClient, app: FastAPI
) -> None:
    assert post_form(member_client, app, "/steckbrief/bearbeiten", STECKBRIEF).status_code == 303
    page = member_client.get("/text-pruefen")
    assert page.status_code == 200
    assert "<h1>Text prüfen</h1>" in page.text
    assert '<option value="doppelpunkt" selected>' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "Der Text wird nicht gespeichert." in page.text
    assert 'href="/text-pruefen" aria-current="page"' in page.text


def test_text_check_is_linked_from_the_navigation_and_the_work_areas(
    member_client: TestClient,
) -> None:
    area = member_client.get("/bereich/oeffentlichkeit").text
    assert 'href="/text-pruefen"' in area and 'href="/datenschutz-check"' in area
    home = member_client.get("/").text
    assert '<a href="/text-pruefen">Text prüfen</a>' in home


def test_text_check_runs_every_check_and_counts_each(
    member_client: TestClient, app: FastAPI
) -> None:
    assert post_form(member_client, app, "/steckbrief/bearbeiten", STECKBRIEF).status_code == 303
    text = (
        "Jeder Teilnehmer ist willkommen. Das Bürgerhaus hatte 2024 genau 12000 Besucher*innen. "
        "Fragen an anna.schmidt@example.org. #Fest #Sommer #Kultur"
    )
    response = post_form(
        member_client,
        app,
        "/text-pruefen",
        {
            "text": text,
            "gender_style": "stern",
            "channel": "x",
            "alt_texts": "-",
            "facts": "Beginn: 15 Uhr",
        },
    )
    assert response.status_code == 200, field_error(response.text, "text")
    page = response.text
    counts = dict(re.findall(r'<a href="#f-gruppe-([a-z_]+)">[^:]+: <strong>(\d+)</strong>', page))
    assert {"gender", "privacy", "facts", "platform"} <= set(counts)
    assert "Sensible Begriffe: keine Hinweise" in page
    # The Steckbrief figure (12500 visitors in 2024) contradicts the text's 12000.
    assert "Widerspruch" in page and "Steckbrief" in page
    assert "Alternativtext" in page and "ohne Textstelle" in page
    assert "Verständlichkeit:" in page and "Ampel:" in page
    assert "0:16:Jede*r Teilnehmer*in" in apply_buttons(page)
    assert textarea(page) == text


def test_leichte_sprache_stays_nicht_geprueft_until_a_reader_check_is_recorded(
    member_client: TestClient, app: FastAPI
) -> None:
    text = "Wir laden Sie ein. Das Fest ist am Samstag."
    plain = post_form(member_client, app, "/text-pruefen", {"text": text, "leichte_sprache": "1"})
    assert "Status: nicht geprüft" in plain.text
    missing = post_form(
        member_client,
        app,
        "/text-pruefen",
        {"text": text, "leichte_sprache": "1", "reader_checked": "1"},
    )
    assert missing.status_code == 422
    assert "wer den Text wann geprüft hat" in (field_error(missing.text, "reader_check_note") or "")
    assert textarea(missing.text) == text
    recorded = post_form(
        member_client,
        app,
        "/text-pruefen",
        {
            "text": text,
            "leichte_sprache": "1",
            "reader_checked": "1",
            "reader_check_note": "Prüfgruppe Barmbek, 12.03.2026",
        },
    )
    assert "Status: geprüft</strong> – Prüfgruppe Barmbek, 12.03.2026" in recorded.text


def test_docx_upload_fills_the_text_and_checks_it(member_client: TestClient, app: FastAPI) -> None:
    content = docx_bytes("Einladung", "Jeder Teilnehmer bringt etwas mit.")
    response = post_upload(member_client, app, "/text-pruefen", {"text": ""}, "fest.docx", content)
    assert response.status_code == 200
    assert textarea(response.text) == "Einladung\n\nJeder Teilnehmer bringt etwas mit."
    assert "Der Text aus „fest.docx“ wurde übernommen." in response.text
    assert any(v.startswith("11:27:") for v in apply_buttons(response.text))


def test_upload_over_pasted_text_keeps_the_pasted_text_to_copy(
    member_client: TestClient, app: FastAPI
) -> None:
    response = post_upload(
        member_client, app, "/text-pruefen", {"text": PASTED}, "neu.txt", b"Neuer Text."
    )
    assert textarea(response.text) == "Neuer Text."
    assert textarea(response.text.replace('id="vorheriger-text"', 'id="v" name="v"'), "v") == (
        PASTED
    )


UPLOAD_ERRORS = [
    ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "keine Textdatei"),
    # Bytes the Windows character set leaves undefined: neither UTF-8 nor cp1252.
    ("alt.txt", b"Gr\x81\x8d\x90e aus Altona", "nicht UTF-8-kodiert"),
    ("kaputt.docx", b"PK\x03\x04 kein echtes Archiv", "keine gültige Word-Datei"),
    ("foto.jpg", b"\xff\xd8\xff\xe0", "Format, das die Werkbank nicht lesen kann"),
    ("leer.txt", b"", "ist leer"),
]


@pytest.mark.parametrize("url", ["/text-pruefen", "/datenschutz-check"])
@pytest.mark.parametrize(("name", "content", "message"), UPLOAD_ERRORS)
def test_upload_errors_are_german_at_the_field_and_keep_the_pasted_text(
    member_client: TestClient, app: FastAPI, url: str, name: str, content: bytes, message: str
) -> None:
    response = post_upload(member_client, app, url, {"text": PASTED}, name, content)
    assert response.status_code == 422
    assert message in (field_error(response.text, "datei") or "")
    assert 'aria-invalid="true"' in response.text
    assert textarea(response.text) == PASTED


@pytest.mark.parametrize("url", ["/text-pruefen", "/datenschutz-check"])
def test_windows_encoded_text_file_is_read_with_a_note_to_check_the_umlauts(
    member_client: TestClient, app: FastAPI, url: str
) -> None:
    content = "Grüße aus Altona – Straßenfest am 12. Mai, Eintritt 5 €.".encode("cp1252")
    response = post_upload(member_client, app, url, {"text": ""}, "alt.txt", content)
    assert response.status_code == 200
    assert textarea(response.text) == "Grüße aus Altona – Straßenfest am 12. Mai, Eintritt 5 €."
    assert "„alt.txt“ war nicht als UTF-8 gespeichert" in response.text


@pytest.mark.parametrize("url", ["/text-pruefen", "/datenschutz-check"])
def test_oversized_upload_is_refused_at_the_field_and_keeps_the_pasted_text(
    member_client: TestClient, app: FastAPI, url: str
) -> None:
    app.state.settings.upload_max_bytes = 4096
    response = post_upload(member_client, app, url, {"text": PASTED}, "gross.txt", b"a" * 5000)
    assert response.status_code == 422
    assert "„gross.txt“ ist größer als 4 KB" in (field_error(response.text, "datei") or "")
    assert textarea(response.text) == PASTED
    # The script refuses a too large file before sending; the limit is on the field.
    assert 'data-max-bytes="4096"' in response.text


def test_docx_bomb_upload_is_refused_and_keeps_the_text(
    member_client: TestClient, app: FastAPI
) -> None:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes("Hallo")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        archive.writestr("word/media/x.bin", b"\x00" * (60 * 1024 * 1024))
    response = post_upload(
        member_client, app, "/text-pruefen", {"text": PASTED}, "bombe.docx", buffer.getvalue()
    )
    assert response.status_code == 422
    assert "würde entpackt" in (field_error(response.text, "datei") or "")
    assert textarea(response.text) == PASTED


def test_empty_and_too_long_and_binary_text_get_german_messages_and_keep_the_text(
    member_client: TestClient, app: FastAPI
) -> None:
    empty = post_form(member_client, app, "/text-pruefen", {"text": "   "})
    assert empty.status_code == 422
    assert "Bitte fügen Sie einen Text ein" in (field_error(empty.text, "text") or "")
    long_text = "Ein Satz. " * (MAX_TEXT_CHARS // 10 + 1)
    too_long = post_form(member_client, app, "/text-pruefen", {"text": long_text})
    assert too_long.status_code == 422
    assert "zu lang" in (field_error(too_long.text, "text") or "")
    assert textarea(too_long.text) == long_text
    binary = post_form(member_client, app, "/text-pruefen", {"text": "Hallo\x00Welt"})
    assert binary.status_code == 422
    assert "Binärdaten" in (field_error(binary.text, "text") or "")
    assert textarea(binary.text) == "HalloWelt"


def test_bad_options_are_refused_at_their_field(member_client: TestClient, app: FastAPI) -> None:
    response = post_form(
        member_client,
        app,
        "/text-pruefen",
        {
            "text": PASTED,
            "gender_style": "binnen-i",
            "channel": "myspace",
            "channel_limit": "viele",
            "facts": "Beginn 15 Uhr",
        },
    )
    assert response.status_code == 422
    assert field_error(response.text, "gender_style")
    assert field_error(response.text, "channel")
    assert (
        field_error(response.text, "channel_limit") == "Bitte eine ganze Zahl größer als 0 angeben."
    )
    assert "„Beginn 15 Uhr“" in (field_error(response.text, "facts") or "")
    assert textarea(response.text) == PASTED


def test_applying_a_suggestion_replaces_exactly_its_span_and_rechecks(
    member_client: TestClient, app: FastAPI
) -> None:
    text = "Hallo!\r\nAm Ende bekommt jeder Teilnehmer eine Urkunde. Danke."
    normalised = text.replace("\r\n", "\n")
    first = post_form(member_client, app, "/text-pruefen", {"text": text, "gender_style": "stern"})
    value = next(v for v in apply_buttons(first.text) if "Teilnehmer*in" in v)
    start, end, suggestion = value.split(":", 2)
    assert normalised[int(start) : int(end)] == "jeder Teilnehmer"
    applied = post_form(
        member_client,
        app,
        "/text-pruefen",
        {
            "text": normalised,
            "gender_style": "stern",
            "checked_hash": checked_hash(first.text),
            "apply": value,
        },
    )
    assert applied.status_code == 200
    expected = normalised[: int(start)] + suggestion + normalised[int(end) :]
    assert textarea(applied.text) == expected
    assert "Vorschlag übernommen." in applied.text
    assert "jeder Teilnehmer" not in apply_buttons(applied.text)


def test_a_suggestion_for_a_text_edited_since_the_check_is_not_applied_and_the_edit_kept(
    member_client: TestClient, app: FastAPI
) -> None:
    first = post_form(member_client, app, "/text-pruefen", {"text": "Jeder Teilnehmer kommt."})
    value = apply_buttons(first.text)[0]
    edited = "Nachtrag. Jeder Teilnehmer kommt."
    response = post_form(
        member_client,
        app,
        "/text-pruefen",
        {"text": edited, "checked_hash": checked_hash(first.text), "apply": value},
    )
    assert response.status_code == 200
    assert "seit der Prüfung geändert" in response.text
    assert textarea(response.text) == edited
    assert checked_hash(response.text) != checked_hash(first.text)


# ---- Datenschutz-Check ---------------------------------------------------------------------

PRIVATE = (
    "Anna Müller, geb. 01.02.1980, wohnt in der Musterstraße 5, 22765 Hamburg. "
    "Ihre Nummer: 040 1234567. Bienchen hilft am Stand."
)


def test_privacy_check_shows_findings_per_kind_and_the_pseudonymised_preview(
    member_client: TestClient, app: FastAPI
) -> None:
    assert member_client.get("/datenschutz-check").status_code == 200
    response = post_form(member_client, app, "/datenschutz-check", {"text": PRIVATE})
    assert response.status_code == 200
    page = response.text
    assert "Der Text wird nicht gespeichert." in page
    for kind in ("PERSON", "DATE_OF_BIRTH", "ADDRESS", "PHONE"):
        assert f'id="f-gruppe-{kind}"' in page
    assert "[NAME_1], geb. [GEBURTSDATUM_1]" in page
    assert "finding--privacy" in page
    assert 'name="apply"' not in page  # privacy advice is never a one-click replacement


def test_privacy_check_unmarks_a_finding_and_adds_a_term(
    member_client: TestClient, app: FastAPI
) -> None:
    client_csrf = csrf(member_client, app)
    response = member_client.post(
        "/datenschutz-check",
        data={
            "csrf_token": client_csrf,
            "text": PRIVATE,
            "ignore": ["Anna Müller"],
            "extra_terms": "Bienchen",
        },
    )
    page = response.text
    assert response.status_code == 200
    assert "[NAME_1] hilft am Stand" in page  # the added term
    assert "Anna Müller, geb. [GEBURTSDATUM_1]" in page  # un-marked, so not replaced
    assert re.search(r'name="ignore" value="Anna Müller" checked', page)
    # The result says a term is hidden and leads back to where the mark can be restored.
    assert "1 Begriff haben Sie als unbedenklich gewählt" in page
    assert 'href="#nicht-markiert">Wieder markieren lassen' in page
    assert 'id="nicht-markiert"' in page
    assert textarea(page, "extra_terms") == "Bienchen"


def _all_rows(db: Session) -> str:
    db.expire_all()
    return repr([list(db.execute(select(table))) for table in Base.metadata.sorted_tables])


def test_the_check_pages_store_nothing_of_the_text(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    before = _all_rows(db)
    marker = "Zeugin Wilhelmine Quasthoff-Testmarke"
    for url in ("/datenschutz-check", "/text-pruefen"):
        assert post_form(member_client, app, url, {"text": marker + " kommt."}).status_code == 200
    after = _all_rows(db)
    assert "Quasthoff" not in after
    assert len(after) == len(before)
