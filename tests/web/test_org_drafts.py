"""Organisation settings of the drafts: AI note, Word template upload, tool copies (admins)."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.store.models import DraftVersion
from tests.conftest import OrgFixture
from tests.helpers import csrf, field_error, login_as, post_form
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER
from tests.web.conftest import create_draft, press_form


def _template(heading: str = "Briefkopf Bürgerhaus") -> bytes:
    document = Document()
    document.sections[0].header.paragraphs[0].text = heading
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, app: FastAPI, name: str, data: bytes) -> object:
    return client.post(
        "/einstellungen/entwuerfe/vorlage",
        data={"csrf_token": csrf(client, app)},
        files={"word_template": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )


def test_template_upload_refuses_wrong_empty_broken_and_oversized_files_in_german(
    app: FastAPI, admin_client: TestClient, settings: Settings
) -> None:
    good = _upload(admin_client, app, "vorlage.docx", _template())
    assert good.status_code == 303  # type: ignore[attr-defined]
    page = admin_client.get("/einstellungen/entwuerfe?gespeichert=vorlage").text
    assert "Aktuelle Vorlage: vorlage.docx" in page
    cases = {
        "bild.png": (b"\x89PNG\r\n", "Bitte eine Word-Datei (.docx oder .dotx) hochladen."),
        "leer.docx": (b"", "Die hochgeladene Datei ist leer."),
        "kaputt.docx": (b"PK\x03\x04 das ist kein Word", "keine Word-Datei"),
    }
    for name, (data, message) in cases.items():
        response = _upload(admin_client, app, name, data)
        assert response.status_code == 422, name  # type: ignore[attr-defined]
        error = field_error(response.text, "word_template")  # type: ignore[attr-defined]
        assert error is not None and message in error, (name, error)
    settings.upload_max_bytes = 2000
    huge = _upload(admin_client, app, "riesig.docx", b"x" * 5000)
    # The message stands at the field and the rest of the page is kept (no bare 413 page).
    assert huge.status_code == 422  # type: ignore[attr-defined]
    error = field_error(huge.text, "word_template")  # type: ignore[attr-defined]
    assert error is not None and "Die Datei ist zu groß: höchstens" in error
    settings.upload_max_bytes = 10 * 1024 * 1024
    # Nothing lost: the good template is still in place.
    assert "Aktuelle Vorlage: vorlage.docx" in admin_client.get("/einstellungen/entwuerfe").text
    missing = admin_client.post(
        "/einstellungen/entwuerfe/vorlage",
        data={"csrf_token": csrf(admin_client, app)},
        follow_redirects=False,
    )
    assert missing.status_code == 422 and "auswählen" in missing.text


def _bomb_template() -> bytes:
    """A real template plus one member that unpacks to 20 MB from about 20 KB."""
    source = zipfile.ZipFile(io.BytesIO(_template()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
        archive.writestr("word/media/bombe.bin", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def test_template_zip_bomb_is_refused_in_german_and_nothing_is_stored(
    app: FastAPI, admin_client: TestClient, settings: Settings
) -> None:
    data = _bomb_template()
    assert len(data) < 200_000
    response = _upload(admin_client, app, "bombe.docx", data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    error = field_error(response.text, "word_template")  # type: ignore[attr-defined]
    assert error is not None and re.search(r"würde entpackt 2\d(,\d)? MB groß", error), error
    assert "ohne große eingebettete Dateien" in error
    page = admin_client.get("/einstellungen/entwuerfe").text
    assert "Aktuelle Vorlage" not in page
    assert not list(settings.data_dir.rglob("word-vorlage.docx"))


def test_export_uses_the_template_and_the_ai_note_setting(
    app: FastAPI,
    db: Session,
    admin_client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    _upload(admin_client, app, "vorlage.docx", _template("Briefkopf Bürgerhaus"))
    draft_id = create_draft(admin_client, app, openai_server, loopback)
    document = Document(io.BytesIO(admin_client.get(f"/entwuerfe/{draft_id}/export/docx").content))
    assert document.sections[0].header.paragraphs[0].text == "Briefkopf Bürgerhaus"
    assert any("KI-Sprachmodell" in p.text for p in document.paragraphs)
    off = post_form(admin_client, app, "/einstellungen/entwuerfe", {"ai_note_text": ""})
    assert off.status_code == 303
    document = Document(io.BytesIO(admin_client.get(f"/entwuerfe/{draft_id}/export/docx").content))
    assert not any("KI-Sprachmodell" in p.text for p in document.paragraphs)
    own = post_form(
        admin_client,
        app,
        "/einstellungen/entwuerfe",
        {"ai_note_enabled": "1", "ai_note_text": "Mit KI-Hilfe geschrieben, von uns geprüft."},
    )
    assert own.status_code == 303
    # Before the review the export must not claim one, whatever the own wording says.
    text = admin_client.get(f"/entwuerfe/{draft_id}/export/txt").text
    assert "Mit KI-Hilfe geschrieben, von uns geprüft." not in text
    assert "er ist noch nicht von Menschen geprüft." in text
    version = db.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft_id)).one()
    review = {"text": version.text, "action": "review"}
    assert post_form(admin_client, app, f"/entwuerfe/{draft_id}", review).status_code == 303
    text = admin_client.get(f"/entwuerfe/{draft_id}/export/txt").text
    assert "Mit KI-Hilfe geschrieben, von uns geprüft." in text
    too_long = post_form(
        admin_client,
        app,
        "/einstellungen/entwuerfe",
        {"ai_note_enabled": "1", "ai_note_text": "x" * 1500},
    )
    assert too_long.status_code == 422 and "zu lang" in (
        field_error(too_long.text, "ai_note_text") or ""
    )
    removed = post_form(admin_client, app, "/einstellungen/entwuerfe/vorlage/entfernen")
    assert removed.status_code == 303
    assert "Keine eigene Vorlage" in admin_client.get("/einstellungen/entwuerfe").text


def test_org_admin_copies_and_adapts_a_tool_and_a_member_is_refused(
    app: FastAPI,
    client: TestClient,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    login_as(client, app, org_a.member)
    assert client.get("/einstellungen/werkzeuge").status_code == 403
    refused = post_form(
        client, app, "/einstellungen/werkzeuge", {"source": "pressemitteilung", "new_id": "pm-a"}
    )
    assert refused.status_code == 403
    assert client.get("/einstellungen/entwuerfe").status_code == 403

    login_as(client, app, org_a.admin)
    missing = post_form(client, app, "/einstellungen/werkzeuge", {"source": "pressemitteilung"})
    assert missing.status_code == 422 and field_error(missing.text, "new_id")
    created = post_form(
        client,
        app,
        "/einstellungen/werkzeuge",
        {"source": "pressemitteilung", "new_id": "pm-altona", "title": "PM Bezirk Altona"},
    )
    assert created.status_code == 303
    duplicate = post_form(
        client,
        app,
        "/einstellungen/werkzeuge",
        {"source": "pressemitteilung", "new_id": "pm-altona"},
    )
    assert duplicate.status_code == 422 and "gibt es schon" in duplicate.text
    edit = client.get("/einstellungen/werkzeuge/pm-altona")
    assert edit.status_code == 200 and 'id="prompt_system"' in edit.text
    # A broken prompt is refused in German; nothing of the copy is lost.
    form = {
        "title": "PM Bezirk Altona",
        "prompt_system": "Du schreibst für den Bezirk Altona. {% if %}",
        "prompt_user": "Schreibe die Pressemitteilung.",
        **{
            f"section_{sid}_title": title
            for sid, title in [
                ("ueberschrift", "Schlagzeile"),
                ("unterzeile", "Unterzeile"),
                ("vorspann", "Vorspann"),
                ("haupttext", "Haupttext"),
                ("zitat", "Zitat"),
                ("service", "Service"),
                ("ueber_uns", "Über uns"),
                ("pressekontakt", "Pressekontakt"),
            ]
        },
        "section_ueberschrift_max": "60",
    }
    broken = post_form(client, app, "/einstellungen/werkzeuge/pm-altona", form)
    assert broken.status_code == 422 and "Fehler in system.md" in broken.text
    assert "Du schreibst für den Bezirk Altona." in broken.text  # the input is kept
    bad_limit = post_form(
        client, app, "/einstellungen/werkzeuge/pm-altona", {**form, "section_vorspann_max": "viel"}
    )
    assert bad_limit.status_code == 422 and field_error(bad_limit.text, "section_vorspann_max")
    form["prompt_system"] = "Du schreibst Pressemitteilungen für den Bezirk Altona."
    saved = post_form(client, app, "/einstellungen/werkzeuge/pm-altona", form)
    assert saved.status_code == 303
    # The copy is listed in its area and generates with its own prompt.
    assert 'href="/werkzeuge/pm-altona"' in client.get("/bereich/oeffentlichkeit").text
    openai_server.enqueue(
        Reply.ok(PRESS_RELEASE_ANSWER.replace("## Überschrift", "## Schlagzeile"))
    )
    response = post_form(client, app, "/werkzeuge/pm-altona", press_form(loopback))
    assert response.status_code == 303, response.text
    (request,) = openai_server.chat_requests
    assert "für den Bezirk Altona" in request.body["messages"][0]["content"]
    # Delete the copy.
    deleted = post_form(client, app, "/einstellungen/werkzeuge/pm-altona/loeschen")
    assert deleted.status_code == 303
    assert client.get("/einstellungen/werkzeuge/pm-altona").status_code == 404
