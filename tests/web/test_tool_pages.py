"""Tool pages: the form from the spec, German errors before any model call, generation
(synchronous and streamed), faults with the partial text kept, the privacy preview."""

from __future__ import annotations

import json
import re
import time

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.messages import DataClass
from kikultur.store.models import Draft, DraftVersion
from tests.conftest import OrgFixture
from tests.helpers import csrf, field_error, post_form
from tests.services.drafts.conftest import add_loopback_provider
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER
from tests.web.conftest import create_draft, press_form


def test_area_page_lists_its_tools_and_the_tool_form_renders_from_the_spec(
    member_client: TestClient, loopback: str
) -> None:
    area = member_client.get("/bereich/oeffentlichkeit").text
    assert 'href="/werkzeuge/pressemitteilung"' in area and "Pressemitteilung" in area
    page = member_client.get("/werkzeuge/pressemitteilung")
    assert page.status_code == 200
    html = page.text
    assert '<label for="f_anlass">Anlass / Titel der Veranstaltung' in html
    assert 'type="date" id="f_datum"' in html and 'type="time" id="f_uhrzeit"' in html
    assert html.count("(Pflichtfeld)") >= 7
    assert "z. B. „frei“ oder „8 €, ermäßigt 5 €“" in html  # help text
    # The press contact comes from the Steckbrief (from_steckbrief).
    assert "Kim Muster, presse@example.org" in html and "Aus dem Steckbrief" in html
    assert f'<option value="{loopback}"' in html and 'id="brief"' in html


def test_tool_form_renders_choices_as_checkboxes(member_client: TestClient, loopback: str) -> None:
    html = member_client.get("/werkzeuge/social-media").text
    assert 'type="checkbox" id="f_kanaele-instagram" name="f_kanaele" value="instagram"' in html
    assert "bis 500 Zeichen" in html  # the channel's limit from the spec


def test_missing_required_facts_are_asked_for_and_no_model_is_called(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    response = post_form(
        member_client,
        app,
        "/werkzeuge/pressemitteilung",
        {"provider": loopback, "brief": "Meine Notizen bleiben.", "f_ort": "Stadtteilgarten"},
    )
    assert response.status_code == 422
    html = response.text
    assert field_error(html, "f_anlass") == (
        "Bitte „Anlass / Titel der Veranstaltung“ angeben – ohne diese Angabe kann kein "
        "Entwurf entstehen."
    )
    assert field_error(html, "f_datum") is not None and field_error(html, "f_eintritt")
    assert "Meine Notizen bleiben." in html and 'value="Stadtteilgarten"' in html  # kept
    assert openai_server.chat_requests == []  # nothing reached the model server
    # The streamed twin refuses the same way (the script then shows the server's page).
    live = member_client.post(
        "/werkzeuge/pressemitteilung/live",
        data={"csrf_token": csrf(member_client, app), "provider": loopback},
    )
    assert live.status_code == 422 and live.json() == {"fallback": True}
    assert openai_server.chat_requests == []


def test_a_wrong_date_is_refused_in_german_at_its_field(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    form = press_form(loopback, f_datum="31.02.2026")
    response = post_form(member_client, app, "/werkzeuge/pressemitteilung", form)
    assert response.status_code == 422
    assert field_error(response.text, "f_datum") == "„Datum“ ist kein gültiges Datum (TT.MM.JJJJ)."
    assert openai_server.chat_requests == []


def _event_form(loopback: str, **changes: str) -> dict[str, str]:
    from kikultur.tools.registry import load_builtin
    from tests.tools.samples import examples

    values = examples(load_builtin("veranstaltungstext"))
    form = {f"f_{k}": str(v) for k, v in values.items() if not isinstance(v, bool)}
    form.update({f"f_{k}": "1" for k, v in values.items() if v is True})
    return {**form, "provider": loopback, **changes}


def test_event_form_refuses_a_postcode_without_five_digits_and_free_entry_with_a_price(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    form = _event_form(loopback, f_plz="ABC", f_eintritt_frei="1", f_preis="5")
    response = post_form(member_client, app, "/werkzeuge/veranstaltungstext", form)
    assert response.status_code == 422
    assert field_error(response.text, "f_plz") == (
        "Die Postleitzahl hat fünf Ziffern, zum Beispiel 22765."
    )
    assert field_error(response.text, "f_preis") == (
        "Bitte entweder „Eintritt frei“ wählen oder „Eintritt (Euro)“ ausfüllen, nicht beides."
    )
    assert openai_server.chat_requests == []


def test_event_form_accepts_an_end_after_midnight_and_a_past_date(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    from tests.tools.samples import ANSWERS

    openai_server.enqueue(Reply.ok(ANSWERS["veranstaltungstext"]))
    # A party until 1 a.m., written up afterwards (Rückblick); a price without "frei".
    form = _event_form(
        loopback, f_uhrzeit="22:00", f_ende="01:00", f_datum="2020-03-14", f_plz=" 22765 "
    )
    del form["f_eintritt_frei"]
    form["f_preis"] = "5"
    response = post_form(member_client, app, "/werkzeuge/veranstaltungstext", form)
    assert response.status_code == 303, field_error(response.text, "f_plz") or response.text[:300]
    assert db.query(Draft).count() == 1


def test_generation_through_the_loopback_server_stores_a_draft_and_opens_the_editor(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
    org_a: OrgFixture,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    (request,) = openai_server.chat_requests
    assert "Sommerfest im Stadtteilgarten" in json.dumps(request.body, ensure_ascii=False)
    page = member_client.get(f"/entwuerfe/{draft_id}")
    assert page.status_code == 200
    assert "Der Eintritt ist frei." in page.text  # slots filled
    assert "Version 1, erzeugt" in page.text
    assert "Als geprüft markieren" in page.text and "Herunterladen als Word (DOCX)" in page.text
    # Listed in the work area and in all drafts.
    assert f'href="/entwuerfe/{draft_id}"' in member_client.get("/bereich/oeffentlichkeit").text
    assert f'href="/entwuerfe/{draft_id}"' in member_client.get("/entwuerfe").text


def _form_token(html: str) -> str:
    match = re.search(r'<input type="hidden" name="form_token" value="([^"]+)">', html)
    assert match is not None, "the tool form carries a one-time token"
    return match.group(1)


def test_a_form_submitted_twice_creates_one_draft_and_the_second_post_leads_to_it(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    token = _form_token(member_client.get("/werkzeuge/pressemitteilung").text)
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    form = press_form(loopback, form_token=token)
    first = post_form(member_client, app, "/werkzeuge/pressemitteilung", form)
    second = post_form(member_client, app, "/werkzeuge/pressemitteilung", form)
    assert first.status_code == 303 and second.status_code == 303
    draft_id = int(first.headers["location"].split("/")[2].split("?")[0])
    assert second.headers["location"] == f"/entwuerfe/{draft_id}"
    assert len(openai_server.chat_requests) == 1  # no second generation
    assert db.scalars(select(Draft)).all() == [db.get(Draft, draft_id)]
    # The live twin refuses the used token too (the script then posts and lands on the draft).
    live = post_form(member_client, app, "/werkzeuge/pressemitteilung/live", form)
    assert live.status_code == 409 and live.json() == {"fallback": True}
    assert len(openai_server.chat_requests) == 1
    # A new rendering of the form gets a new token and generates again.
    fresh = press_form(
        loopback, form_token=_form_token(member_client.get("/werkzeuge/pressemitteilung").text)
    )
    assert post_form(member_client, app, "/werkzeuge/pressemitteilung", fresh).status_code == 303
    assert len(db.scalars(select(Draft)).all()) == 2


def test_a_text_cut_off_at_the_token_limit_is_marked_on_the_draft_page(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    openai_server.enqueue(Reply.cut_off(PRESS_RELEASE_ANSWER[:200]))
    response = post_form(member_client, app, "/werkzeuge/pressemitteilung", press_form(loopback))
    assert response.status_code == 303
    html = member_client.get(response.headers["location"]).text
    assert "Der Text ist unvollständig: das Modell hat bei der Längengrenze aufgehört." in html
    assert "Version 1, unvollständig erzeugt" in html
    # A normally finished answer carries no such notice.
    complete = create_draft(member_client, app, openai_server, loopback)
    assert "Längengrenze" not in member_client.get(f"/entwuerfe/{complete}").text


def _events(body: str) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_streaming_route_yields_the_chunks_then_the_result(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    form = {"csrf_token": csrf(member_client, app), **press_form(loopback)}
    with member_client.stream("POST", "/werkzeuge/pressemitteilung/live", data=form) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    events = _events(body)
    names = [name for name, _ in events]
    assert names[0] == "draft" and names[-1] == "done"
    chunks = [data["text"] for name, data in events if name == "chunk"]
    assert len(chunks) > 10  # streamed piece by piece
    assert "".join(chunks).startswith("## Überschrift")  # type: ignore[arg-type]
    done = events[-1][1]
    assert done["ok"] is True and done["version"] == 1
    assert "Der Eintritt ist frei." in str(done["text"])
    assert done["editor"] == f"/entwuerfe/{events[0][1]['id']}"


def test_a_server_fault_shows_a_german_message_and_keeps_the_partial_text(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.broken_after(PRESS_RELEASE_ANSWER, 12))
    response = post_form(member_client, app, "/werkzeuge/pressemitteilung", press_form(loopback))
    assert response.status_code == 200  # an explanation, never a 500 page
    html = response.text
    assert "Der Entwurf ist nicht fertig geworden" in html
    assert 'role="alert"' in html and "Erneut versuchen" in html
    assert "Anderen Anbieter wählen" in html
    assert "## Überschrift" in html  # the partial text is shown ...
    draft = db.query(Draft).one()
    (version,) = db.query(DraftVersion).filter_by(draft_id=draft.id).all()
    assert version.origin == "partial" and version.text.startswith("## Überschrift")  # ... and kept
    # A 500 of the provider: German message, the draft stays, retry works.
    openai_server.enqueue(Reply.http_error(500))
    retry = post_form(member_client, app, f"/entwuerfe/{draft.id}/erneut", {"provider": loopback})
    assert retry.status_code == 200 and "Der Entwurf ist nicht fertig geworden" in retry.text
    assert "Internal Server Error" not in retry.text
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    again = post_form(member_client, app, f"/entwuerfe/{draft.id}/erneut", {"provider": loopback})
    assert again.status_code == 303 and again.headers["location"].startswith(
        f"/entwuerfe/{draft.id}"
    )
    db.expire_all()
    origins = [v.origin for v in db.query(DraftVersion).order_by(DraftVersion.number)]
    assert origins == ["partial", "generated"]


def test_a_provider_error_500_in_the_stream_keeps_partial_text_and_offers_retry(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    openai_server.enqueue(Reply.http_error(500))
    form = {"csrf_token": csrf(member_client, app), **press_form(loopback)}
    with member_client.stream("POST", "/werkzeuge/pressemitteilung/live", data=form) as response:
        events = _events("".join(response.iter_text()))
    done = events[-1][1]
    assert done["ok"] is False and done["retryable"] is True
    assert isinstance(done["message"], str) and done["message"]
    assert str(done["retry"]).endswith("/erneut")


def test_non_local_provider_shows_the_privacy_preview_before_sending(
    app: FastAPI,
    member_client: TestClient,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    eu = add_loopback_provider(
        settings, org_a.org.id, openai_server, name="eu-test", data_class=DataClass.eu
    )
    form = press_form(eu, f_zitat="Der Garten gehört allen.", f_zitat_person="Ayşe Demir, Leitung")
    preview = post_form(member_client, app, "/werkzeuge/pressemitteilung", form)
    assert preview.status_code == 200
    assert "Vor dem Senden: was ersetzt wird" in preview.text
    assert "Ayşe Demir" in preview.text and "Kim Muster" in preview.text
    assert openai_server.chat_requests == []  # nothing sent before the user confirms
    # Un-mark one name, add a term, send.
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    confirmed = {
        **form,
        "shield_confirmed": "1",
        "action": "send",
        "shown": "Kim Muster",
        "keep": "",
        "extra_terms": "Stadtteilgarten",
    }
    sent = post_form(member_client, app, "/werkzeuge/pressemitteilung", confirmed)
    assert sent.status_code == 303
    (request,) = openai_server.chat_requests
    body = json.dumps(request.body, ensure_ascii=False)
    assert "Ayşe Demir" not in body  # replaced
    assert "Kim Muster" in body  # un-marked by the user: sent as is
    assert "Stadtteilgarten" not in body  # added by the user: replaced


def test_unknown_tool_is_a_german_404(member_client: TestClient) -> None:
    response = member_client.get("/werkzeuge/gibt-es-nicht")
    assert response.status_code == 404 and "Diese Seite gibt es nicht" in response.text


def test_stop_reaches_a_running_generation_only_of_the_own_organisation(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    response = member_client.post(
        f"/entwuerfe/{draft_id}/stopp",
        headers={"X-CSRF-Token": csrf(member_client, app), "Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json() == {"stopped": False}


def test_stop_button_cancels_the_stream_and_keeps_what_arrived(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.05))
    form = {"csrf_token": csrf(member_client, app), **press_form(loopback)}
    events: list[tuple[str, dict[str, object]]] = []
    buffer = ""
    with member_client.stream("POST", "/werkzeuge/pressemitteilung/live", data=form) as response:
        for piece in response.iter_text():
            buffer += piece
            while "\n\n" in buffer:
                block, buffer = buffer.split("\n\n", 1)
                events += _events(block)
            chunks = [e for e in events if e[0] == "chunk"]
            if len(chunks) == 5 and not any(e[0] == "stopped" for e in events):
                draft_id = events[0][1]["id"]
                stopped = member_client.post(
                    f"/entwuerfe/{draft_id}/stopp",
                    headers={
                        "X-CSRF-Token": csrf(member_client, app),
                        "Accept": "application/json",
                    },
                )
                assert stopped.json() == {"stopped": True}
                events.append(("stopped", {}))
    done = events[-1]
    assert done[0] == "done" and done[1]["ok"] is False and done[1]["stopped"] is True
    assert "Angehalten" in str(done[1]["status"]) and done[1]["message"] is None
    db.expire_all()
    (version,) = db.query(DraftVersion).all()
    assert version.origin == "partial" and version.text.startswith("## Überschrift")
    assert len(version.text) < len(PRESS_RELEASE_ANSWER)  # stopped early, kept what arrived


def test_a_closed_connection_keeps_what_arrived_as_a_partial_version(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.05))
    form = {"csrf_token": csrf(member_client, app), **press_form(loopback)}
    received = ""
    with member_client.stream("POST", "/werkzeuge/pressemitteilung/live", data=form) as response:
        for piece in response.iter_text():
            received += piece
            if received.count("event: chunk") >= 4:
                break  # the browser tab is closed
    deadline = time.monotonic() + 20
    versions: list[DraftVersion] = []
    while time.monotonic() < deadline and not versions:
        db.expire_all()
        versions = db.query(DraftVersion).all()
        time.sleep(0.1)
    (version,) = versions
    assert version.origin == "partial" and version.text.startswith("## Überschrift")
    assert len(version.text) < len(PRESS_RELEASE_ANSWER)


def test_retry_with_inputs_no_longer_valid_names_the_fields_by_their_labels(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    draft = db.get(Draft, draft_id)
    assert draft is not None
    draft.inputs = {key: value for key, value in draft.inputs.items() if key != "anlass"}
    db.commit()
    retry = post_form(member_client, app, f"/entwuerfe/{draft_id}/erneut", {"provider": loopback})
    assert retry.status_code == 422
    assert "Anlass / Titel der Veranstaltung: Bitte" in retry.text
    # The technical field key is not shown as the field's name.
    assert "anlass:" not in retry.text


def test_event_form_names_the_notes_once_and_has_no_placeholder_link(
    member_client: TestClient, loopback: str
) -> None:
    page = member_client.get("/werkzeuge/veranstaltungstext").text
    assert page.count("Ihre Notizen zur Veranstaltung") == 1
    assert 'href="#"' not in page
    # The live box's link gets its address from the script when there is a draft to open.
    assert re.search(r'<a id="live-editor" hidden', page)


def test_a_provider_named_like_its_kind_is_not_named_twice() -> None:
    from kikultur.web.routers.tools import data_class_label, provider_label

    local = data_class_label(DataClass.local)
    assert provider_label("lokal", local) == "lokal (die Daten bleiben auf Ihrem Server)"
    assert provider_label("Vereinsserver", local) == (
        "Vereinsserver (lokal: die Daten bleiben auf Ihrem Server)"
    )
    eu = data_class_label(DataClass.eu)
    assert provider_label("mistral", eu) == f"mistral ({eu})"
