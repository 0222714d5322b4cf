"""What a user sees of a generation's state: stopped with and without text, failed before
any text, being written (no review offered), incomplete versions, and the review of a draft
with contradicted facts through the draft page."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kikultur.llm import calls
from kikultur.llm.base import ContextTooLarge
from kikultur.store.models import Draft, DraftVersion
from tests.helpers import csrf, field_error, post_form
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER
from tests.web.conftest import press_form
from tests.web.test_editor import CHANGED_TIME

Event = tuple[str, dict[str, object]]
LIVE_URL = "/werkzeuge/pressemitteilung/live"
NO_TEXT = "Ohne Text – Erzeugung abgebrochen"
RUNNING = "Wird gerade geschrieben …"
REVIEW_BUTTON = "Als geprüft markieren"


def stream(
    client: TestClient,
    app: FastAPI,
    url: str,
    form: dict[str, str],
    during: Callable[[list[Event]], bool] | None = None,
) -> list[Event]:
    """Reads a live generation's events; `during` runs after each event until it says done."""
    events: list[Event] = []
    buffer = ""
    acted = during is None
    with client.stream("POST", url, data={"csrf_token": csrf(client, app), **form}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for piece in response.iter_text():
            buffer += piece
            while "\n\n" in buffer:
                block, buffer = buffer.split("\n\n", 1)
                lines = dict(line.split(": ", 1) for line in block.splitlines())
                events.append((lines["event"], json.loads(lines["data"])))
                if not acted and during is not None:
                    acted = during(events)
    return events


def stop(client: TestClient, app: FastAPI, draft_id: object) -> None:
    answer = client.post(
        f"/entwuerfe/{draft_id}/stopp",
        headers={"X-CSRF-Token": csrf(client, app), "Accept": "application/json"},
    )
    assert answer.json() == {"stopped": True}


def streamed_text(events: list[Event]) -> str:
    return "".join(str(data["text"]) for name, data in events if name == "chunk")


def _versions(db: Session, draft_id: object) -> list[DraftVersion]:
    db.expire_all()
    return list(db.query(DraftVersion).filter_by(draft_id=draft_id).all())


def test_stop_with_text_says_stopped_and_the_draft_is_marked_incomplete(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.05))

    def stop_after_five_chunks(events: list[Event]) -> bool:
        if sum(1 for name, _data in events if name == "chunk") < 5:
            return False
        stop(member_client, app, events[0][1]["id"])
        return True

    events = stream(member_client, app, LIVE_URL, press_form(loopback), stop_after_five_chunks)
    name, done = events[-1]
    assert name == "done" and done["ok"] is False and done["stopped"] is True
    assert done["status"] == (
        "Angehalten. Der bisher geschriebene Text ist als unvollständige Version gespeichert."
    )
    assert done["message"] is None  # a stop is no fault: no red alert
    assert done["version"] == 1 and done["editor"] == f"/entwuerfe/{done['id']}"
    (version,) = _versions(db, done["id"])
    assert version.origin == "partial" and version.text.startswith("## Überschrift")
    page = member_client.get(f"/entwuerfe/{done['id']}").text
    assert "Unvollständig: die Erzeugung wurde angehalten" in page
    assert "Version 1, unvollständig erzeugt" in page
    listing = member_client.get("/entwuerfe").text
    assert 'data-draft-state="partial"' in listing and "Unvollständig" in listing


def test_stop_before_any_text_says_nothing_was_written_and_keeps_the_inputs(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    # The model needs a while for its first word (a small local model reading the prompt).
    openai_server.enqueue(Reply.slow_first_byte(1.5, PRESS_RELEASE_ANSWER))

    def stop_at_once(events: list[Event]) -> bool:
        stop(member_client, app, events[0][1]["id"])
        return True

    events = stream(member_client, app, LIVE_URL, press_form(loopback), stop_at_once)
    assert streamed_text(events) == ""
    name, done = events[-1]
    assert name == "done" and done["ok"] is False and done["stopped"] is True
    assert done["version"] is None and done["message"] is None
    assert str(done["status"]).startswith("Angehalten, bevor das Modell Text geschrieben hat.")
    assert "Ihre Angaben sind im Entwurf gespeichert" in str(done["status"])
    draft_id = done["id"]
    assert _versions(db, draft_id) == []
    draft = db.get(Draft, draft_id)
    assert draft is not None and draft.inputs["anlass"] == "Sommerfest im Stadtteilgarten"
    _assert_no_text_draft(member_client, int(str(draft_id)))


def test_a_fault_before_any_text_says_so_and_the_draft_offers_to_generate_again(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.http_error(500))
    events = stream(member_client, app, LIVE_URL, press_form(loopback))
    name, done = events[-1]
    assert name == "done" and done["ok"] is False and done["stopped"] is False
    assert done["version"] is None and isinstance(done["message"], str) and done["message"]
    assert str(done["status"]).startswith("Fehlgeschlagen, bevor das Modell Text geschrieben hat.")
    draft_id = int(str(done["id"]))
    _assert_no_text_draft(member_client, draft_id)
    # Generating again from the stored inputs turns it into a normal draft.
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    again = post_form(member_client, app, f"/entwuerfe/{draft_id}/erneut", {"provider": loopback})
    assert again.status_code == 303
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert NO_TEXT not in page and REVIEW_BUTTON in page
    assert [v.origin for v in _versions(db, draft_id)] == ["generated"]


def test_a_refusal_before_sending_ends_the_live_box_like_a_fault(
    app: FastAPI,
    member_client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The context pre-flight (exact counters: embedded models) refuses before any request.
    refusal = "Die Anfrage ist zu lang für das Modell: Test."

    def refuse(provider: object, messages: object, max_tokens: int) -> int:
        raise ContextTooLarge(refusal)

    monkeypatch.setattr(calls, "answer_budget", refuse)
    events = stream(member_client, app, LIVE_URL, press_form(loopback))
    assert openai_server.requests == []
    name, done = events[-1]
    assert name == "done" and done["ok"] is False and done["stopped"] is False
    assert done["message"] == refusal and done["version"] is None
    # The status replaces "Das Modell schreibt …" (editor.js hides "Stopp" on `done`).
    assert str(done["status"]).startswith("Fehlgeschlagen, bevor das Modell Text geschrieben hat.")


def _assert_no_text_draft(client: TestClient, draft_id: int) -> None:
    """The draft page and list show a draft without text as such, never as finished."""
    page = client.get(f"/entwuerfe/{draft_id}").text
    assert NO_TEXT in page and 'data-draft-state="empty"' in page
    assert "Sommerfest im Stadtteilgarten" in page  # the stored inputs are shown
    assert "Mit denselben Angaben neu erzeugen" in page
    assert f'action="/entwuerfe/{draft_id}/erneut"' in page
    assert REVIEW_BUTTON not in page and "keine Hinweise" not in page
    assert 'id="editor-form"' not in page
    listing = client.get("/entwuerfe").text
    assert 'data-draft-state="empty"' in listing and NO_TEXT in listing


def test_while_the_model_writes_the_draft_page_says_so_and_refuses_a_review(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.05))
    seen: dict[str, str] = {}

    def look_while_writing(events: list[Event]) -> bool:
        if sum(1 for name, _data in events if name == "chunk") < 3:
            return False
        draft_id = events[0][1]["id"]
        seen["page"] = member_client.get(f"/entwuerfe/{draft_id}").text
        seen["list"] = member_client.get("/entwuerfe").text
        stop(member_client, app, draft_id)
        return True

    events = stream(member_client, app, LIVE_URL, press_form(loopback), look_while_writing)
    page = seen["page"]
    assert RUNNING in page and 'data-draft-state="running"' in page
    assert REVIEW_BUTTON not in page and "keine Hinweise" not in page
    assert 'action="/entwuerfe/' in page and "/stopp" in page  # Stopp works without script
    assert 'data-draft-state="running"' in seen["list"] and RUNNING in seen["list"]
    draft_id = int(str(events[0][1]["id"]))
    # Finished (stopped): the page is a normal, incomplete draft again.
    assert RUNNING not in member_client.get(f"/entwuerfe/{draft_id}").text
    # Generating again on the draft: a review sent meanwhile (a second tab) is refused.
    (version,) = _versions(db, draft_id)
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.05))
    answers: dict[str, int] = {}

    def review_while_writing(events: list[Event]) -> bool:
        if sum(1 for name, _data in events if name == "chunk") < 3:
            return False
        review = {"text": version.text, "base_version": "1", "action": "review"}
        refused = post_form(member_client, app, f"/entwuerfe/{draft_id}", review)
        answers["status"] = refused.status_code
        assert RUNNING in refused.text
        return True

    stream(
        member_client,
        app,
        f"/entwuerfe/{draft_id}/erneut/live",
        {"provider": loopback},
        review_while_writing,
    )
    assert answers["status"] == 409
    db.expire_all()
    assert db.get(Draft, draft_id).status == "draft"  # type: ignore[union-attr]


def test_review_of_an_incomplete_draft_with_contradicted_facts_needs_a_reason(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(CHANGED_TIME, chunk_delay=0.02))

    def stop_after_the_changed_time(events: list[Event]) -> bool:
        if "16:00 Uhr" not in streamed_text(events):
            return False
        stop(member_client, app, events[0][1]["id"])
        return True

    events = stream(member_client, app, LIVE_URL, press_form(loopback), stop_after_the_changed_time)
    draft_id = events[0][1]["id"]
    (version,) = _versions(db, draft_id)
    assert version.origin == "partial" and "16:00 Uhr" in version.text
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert "widersprechen den Quellen" in page or "widerspricht den Quellen" in page
    assert 'id="override_reason"' in page
    review = {"text": version.text, "base_version": "1", "action": "review"}
    refused = post_form(member_client, app, f"/entwuerfe/{draft_id}", review)
    assert refused.status_code == 422
    assert "widersprechen" in (field_error(refused.text, "override_reason") or "")
    db.expire_all()
    assert db.get(Draft, draft_id).status == "draft"  # type: ignore[union-attr]
    reason = "Einlass ab 16 Uhr, das Fest beginnt um 15 Uhr."
    accepted = post_form(
        member_client, app, f"/entwuerfe/{draft_id}", {**review, "override_reason": reason}
    )
    assert accepted.status_code == 303
    db.expire_all()
    draft = db.get(Draft, draft_id)
    assert draft is not None and draft.status == "geprueft"
    assert draft.review_override_reason == reason


def test_a_contradiction_found_by_pruefen_asks_for_the_reason_and_blocks_the_review(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    response = post_form(member_client, app, "/werkzeuge/pressemitteilung", press_form(loopback))
    draft_id = int(response.headers["location"].split("/")[2].split("?")[0])
    (version,) = _versions(db, draft_id)
    assert 'id="override_reason"' not in member_client.get(f"/entwuerfe/{draft_id}").text
    # The user types a wrong date and presses "Prüfen": the reason field appears at once.
    edited = version.text.replace("11. Juli 2026", "12. Juli 2026", 1)
    checked = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited, "base_version": "1", "action": "check"},
    )
    assert checked.status_code == 200 and 'id="override_reason"' in checked.text
    # "Als geprüft markieren" without a reason saves the text and refuses the review.
    refused = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": edited, "base_version": "1", "action": "review"},
    )
    assert refused.status_code == 422
    assert "widersprechen" in (field_error(refused.text, "override_reason") or "")
    versions = _versions(db, draft_id)
    assert versions[-1].text == edited  # nothing typed is lost
    assert db.get(Draft, draft_id).status == "draft"  # type: ignore[union-attr]
