"""The draft editor: save without JavaScript, autosave with conflicts, one-click fixes,
re-check, review with override, reader check, history with diff and restore, exports."""

from __future__ import annotations

import io
import re

from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kikultur.store.models import Draft, DraftVersion
from tests.conftest import OrgFixture
from tests.helpers import csrf, field_error, login_as, post_form
from tests.support.openai_server import OpenAITestServer
from tests.tools.samples import PRESS_RELEASE_ANSWER
from tests.web.conftest import create_draft

WITH_MASCULINE = PRESS_RELEASE_ANSWER.replace(
    "Für Kinder gibt es eine Malecke.", "Alle Besucher sind willkommen."
)
# The model wrote its own time instead of the slot [[uhrzeit]] (15:00 Uhr).
CHANGED_TIME = PRESS_RELEASE_ANSWER.replace("ab [[uhrzeit]]", "ab 16:00 Uhr").replace(
    "- Beginn: [[uhrzeit]]\n", ""
)


def _versions(db: Session, draft_id: int) -> list[DraftVersion]:
    db.expire_all()
    return list(
        db.query(DraftVersion).filter_by(draft_id=draft_id).order_by(DraftVersion.number).all()
    )


def _text(db: Session, draft_id: int) -> str:
    return _versions(db, draft_id)[-1].text


def test_save_without_javascript_stores_a_new_version(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    text = _text(db, draft_id).replace("Malecke", "Bastelecke")
    response = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": text.replace("\n", "\r\n"), "base_version": "1", "action": "save"},
    )
    assert response.status_code == 303
    versions = _versions(db, draft_id)
    assert [v.origin for v in versions] == ["generated", "edited"]
    assert "Bastelecke" in versions[-1].text and "\r" not in versions[-1].text
    page = member_client.get(response.headers["location"]).text
    assert "Gespeichert." in page and "Version 2, bearbeitet" in page


def test_autosave_conflict_from_a_second_tab_keeps_both_versions(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    original = _text(db, draft_id)
    url = f"/entwuerfe/{draft_id}/autosave"
    token = {"X-CSRF-Token": csrf(member_client, app)}
    tab_a = member_client.post(
        url, data={"text": original + "\nAus Tab A.", "base_version": "1"}, headers=token
    ).json()
    assert tab_a["saved"] is True and tab_a["conflict"] is False and tab_a["version"] == 2
    tab_b = member_client.post(
        url, data={"text": original + "\nAus Tab B.", "base_version": "1"}, headers=token
    ).json()
    assert tab_b["saved"] is True and tab_b["conflict"] is True and tab_b["version"] == 3
    assert "anderswo geändert" in tab_b["message"] and "Version 3" in tab_b["message"]
    texts = [v.text for v in _versions(db, draft_id)]
    assert any("Tab A" in t for t in texts) and any("Tab B" in t for t in texts)
    # The same text again (e.g. the backup after a reload): nothing new stored.
    again = member_client.post(
        url, data={"text": original + "\nAus Tab B.", "base_version": "3"}, headers=token
    ).json()
    assert again["saved"] is False and again["version"] == 3
    # Binary input: German message, nothing stored.
    bad = member_client.post(url, data={"text": "a\x01b", "base_version": "3"}, headers=token)
    assert bad.status_code == 422 and "Steuerzeichen" in bad.json()["message"]
    assert len(_versions(db, draft_id)) == 3


def test_conflict_without_javascript_is_explained_after_saving(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    original = _text(db, draft_id)
    post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": original + "\nA", "base_version": "1"},
    )
    response = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": original + "\nB", "base_version": "1"},
    )
    page = member_client.get(response.headers["location"]).text
    assert "anderswo geändert" in page and "als Version 3" in page


def _apply_value(html: str, old: str, new: str) -> str:
    match = re.search(rf'name="apply" value="(\d+:\d+:{re.escape(new)})"', html)
    assert match, f"kein Vorschlag „{new}“ für „{old}“"
    return match.group(1)


def test_a_fair_language_suggestion_is_applied_in_one_click(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback, WITH_MASCULINE)
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert "Generisches Maskulinum" in page
    value = _apply_value(page, "Alle Besucher", "Alle Besucher*innen")
    hidden = re.search(r'name="checked_hash" value="([0-9a-f]+)"', page)
    assert hidden
    response = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {
            "text": _text(db, draft_id),
            "base_version": "1",
            "checked_hash": hidden.group(1),
            "apply": value,
        },
    )
    assert response.status_code == 303
    versions = _versions(db, draft_id)
    assert versions[-1].origin == "fix"
    assert "Alle Besucher*innen sind willkommen." in versions[-1].text
    assert versions[-1].provenance["fix"]["check"] == "gender"
    assert "Vorschlag übernommen." in member_client.get(response.headers["location"]).text


def test_check_button_saves_the_changed_text_and_shows_its_findings(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    edited = _text(db, draft_id).replace("Malecke.", "Malecke für alle Teilnehmer.")
    # "Prüfen" pressed before the autosave ran: the text is stored, not only checked.
    checked = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited, "base_version": "1", "action": "check"},
    )
    assert checked.status_code == 200
    assert "Gespeichert als Version 2 und neu geprüft." in checked.text
    versions = _versions(db, draft_id)
    assert [v.origin for v in versions] == ["generated", "edited"]
    assert versions[-1].text == edited
    assert 'id="base_version" value="2"' in checked.text
    # Leaving the page and coming back shows the checked text, not the old one.
    assert "Malecke für alle Teilnehmer." in member_client.get(f"/entwuerfe/{draft_id}").text
    # "Prüfen" again on the same text stores nothing more and checks it again.
    again = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited, "base_version": "2", "action": "check"},
    )
    assert again.status_code == 200 and "Neu geprüft." in again.text
    assert len(_versions(db, draft_id)) == 2
    value = _apply_value(checked.text, "alle Teilnehmer", "alle Teilnehmenden")
    response = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited, "base_version": "2", "apply": value},
    )
    assert response.status_code == 303
    assert "Malecke für alle Teilnehmenden." in _text(db, draft_id)
    # A suggestion for a text that changed since the check: refused in German, text saved.
    stale = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited + " Neu.", "base_version": "3", "checked_hash": "0" * 32, "apply": value},
    )
    assert "seit der Prüfung geändert" in stale.text
    assert _text(db, draft_id).endswith("Neu.")


def test_review_with_contradicted_facts_requires_a_reason_that_is_recorded_and_shown(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
    org_a: OrgFixture,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback, CHANGED_TIME)
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert "1 Angabe widerspricht den Quellen" in page and 'id="override_reason"' in page
    text = _text(db, draft_id)
    refused = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": text, "base_version": "1", "action": "review", "override_reason": " "},
    )
    assert refused.status_code == 422
    assert "widersprechen" in (field_error(refused.text, "override_reason") or "")
    db.expire_all()
    assert db.get(Draft, draft_id).status == "draft"  # type: ignore[union-attr]
    reason = "Einlass 16 Uhr, Beginn bleibt 15 Uhr."
    accepted = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": text, "base_version": "1", "action": "review", "override_reason": reason},
    )
    assert accepted.status_code == 303
    db.expire_all()
    draft = db.get(Draft, draft_id)
    assert draft is not None and draft.status == "geprueft"
    assert draft.review_override_reason == reason and draft.reviewed_by_id == org_a.member.id
    shown = member_client.get(accepted.headers["location"]).text
    assert "Der Entwurf ist als geprüft markiert." in shown
    assert f"von {org_a.member.display_name} am" in shown and reason in shown


def test_review_without_contradictions_marks_geprueft_and_an_edit_resets_it(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    text = _text(db, draft_id)
    post_form(member_client, app, f"/entwuerfe/{draft_id}", {"text": text, "action": "review"})
    db.expire_all()
    assert db.get(Draft, draft_id).status == "geprueft"  # type: ignore[union-attr]
    post_form(
        member_client, app, f"/entwuerfe/{draft_id}", {"text": text + "\nNeu", "base_version": "1"}
    )
    db.expire_all()
    assert db.get(Draft, draft_id).status == "draft"  # type: ignore[union-attr]


def test_history_shows_a_diff_and_restores_an_older_version(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    text = _text(db, draft_id)
    post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": text.replace("Malecke", "<b>Bastelecke</b>"), "base_version": "1"},
    )
    page = member_client.get(f"/entwuerfe/{draft_id}/versionen").text
    assert "<del>Malecke</del>" in page and "<ins>&lt;b&gt;Bastelecke&lt;/b&gt;</ins>" in page
    assert "Wiederherstellen" in page
    bad = member_client.get(f"/entwuerfe/{draft_id}/versionen?alt=99")
    assert bad.status_code == 200 and "Diese Version gibt es nicht" in bad.text
    restored = post_form(member_client, app, f"/entwuerfe/{draft_id}/versionen/1/wiederherstellen")
    assert restored.status_code == 303
    versions = _versions(db, draft_id)
    assert versions[-1].origin == "restored" and versions[-1].text == text


def test_exports_download_docx_markdown_and_text(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    docx = member_client.get(f"/entwuerfe/{draft_id}/export/docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
    assert ".docx" in docx.headers["content-disposition"]
    document = Document(io.BytesIO(docx.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Vorspann" in paragraphs and any("KI-Sprachmodell" in p for p in paragraphs)
    markdown = member_client.get(f"/entwuerfe/{draft_id}/export/md")
    assert markdown.status_code == 200 and "## Vorspann" in markdown.text
    text = member_client.get(f"/entwuerfe/{draft_id}/export/txt")
    assert text.status_code == 200 and "Der Eintritt ist frei." in text.text
    calendar = member_client.get(f"/entwuerfe/{draft_id}/export/ics")
    assert calendar.status_code == 200 and "BEGIN:VEVENT" in calendar.text
    assert member_client.get(f"/entwuerfe/{draft_id}/export/mm").status_code == 404


def test_reader_check_for_leichte_sprache_is_recorded(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    from kikultur.tools.registry import load_builtin
    from tests.support.openai_server import Reply
    from tests.tools.samples import ANSWERS, examples

    tool = load_builtin("einfache-sprache")
    openai_server.enqueue(Reply.ok(ANSWERS["einfache-sprache"]))
    form = {f"f_{k}": str(v) for k, v in examples(tool).items()}
    response = post_form(
        member_client, app, "/werkzeuge/einfache-sprache", {**form, "provider": loopback}
    )
    assert response.status_code == 303, response.text
    draft_id = int(response.headers["location"].split("/")[2].split("?")[0])
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert "Prüfung mit der Zielgruppe vermerken" in page
    post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {
            "text": _text(db, draft_id),
            "action": "reader_check",
            "reader_note": "Prüfgruppe Barmbek",
        },
    )
    db.expire_all()
    draft = db.get(Draft, draft_id)
    assert draft is not None and draft.reader_checked_note == "Prüfgruppe Barmbek"


def test_reader_check_without_who_and_when_is_refused_at_the_field_and_not_recorded(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    from kikultur.tools.registry import load_builtin
    from tests.support.openai_server import Reply
    from tests.tools.samples import ANSWERS, examples

    tool = load_builtin("einfache-sprache")
    openai_server.enqueue(Reply.ok(ANSWERS["einfache-sprache"]))
    form = {f"f_{k}": str(v) for k, v in examples(tool).items()}
    response = post_form(
        member_client, app, "/werkzeuge/einfache-sprache", {**form, "provider": loopback}
    )
    draft_id = int(response.headers["location"].split("/")[2].split("?")[0])
    edited = _text(db, draft_id) + "\nNeuer Satz."
    refused = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited, "base_version": "1", "action": "reader_check", "reader_note": "  "},
    )
    assert refused.status_code == 422
    assert "wer den Text wann geprüft hat" in (field_error(refused.text, "reader_note") or "")
    assert "Geprüft von" not in refused.text
    db.expire_all()
    draft = db.get(Draft, draft_id)
    assert draft is not None and draft.reader_checked_at is None
    assert draft.reader_checked_note is None
    # The text typed before the click is kept, and the page continues from that version.
    assert _text(db, draft_id) == edited
    assert 'id="base_version" value="2"' in refused.text


def test_another_member_of_the_organisation_opens_the_draft_too(
    app: FastAPI,
    client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
    org_a: OrgFixture,
) -> None:
    login_as(client, app, org_a.member)
    draft_id = create_draft(client, app, openai_server, loopback)
    login_as(client, app, org_a.admin)
    assert client.get(f"/entwuerfe/{draft_id}").status_code == 200
    assert client.get("/entwuerfe/999999").status_code == 404


# No headings: every section is missing; the form's facts are not in the text (dropped slots).
UNSTRUCTURED = (
    "Sommerfest im Stadtteilgarten! Am Samstag feiern wir im Garten. "
    "Ansprechpartnerin ist Kim Muster, erreichbar unter presse@example.org."
)


def _visible_text(html: str) -> str:
    """What a reader sees: tags (with their class names and ids) and scripts removed."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_draft_page_shows_checks_kinds_and_sources_in_german_words(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback, answer=UNSTRUCTURED)
    text = _visible_text(member_client.get(f"/entwuerfe/{draft_id}").text)
    assert "Aufbau: " in text and "Aufbau (" in text
    # The facts the answer lacks are added to „Service“ (no "Angabe aus dem Formular" gaps).
    assert "Antwort ohne Abschnitte" in text and "wörtlich unter „Service“ ergänzt" in text
    assert "Steckbrief › Team › 1. Person › Name" in text
    for raw in ("structure", "UNSTRUCTURED_ANSWER", "team ›", "› name"):
        assert raw not in text, raw
    # No finding kind in capitals (UNKNOWN_SLOT, MISSING_SECTION, SLOT ...) is shown raw.
    assert re.findall(r"\b[A-Z]+_[A-Z_]+\b|\bSLOT\b", text) == []
