"""The draft page says which fixed facts the workbench added to the model's text, and where."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kikultur.store.models import DraftVersion
from tests.helpers import post_form
from tests.support.openai_server import OpenAITestServer
from tests.tools.samples import PRESS_RELEASE_ANSWER
from tests.web.conftest import create_draft

NOTICE = "feste Angaben, die im Modelltext fehlten, wörtlich unter „Service“ ergänzt: Ende,"


def test_the_editor_names_the_added_facts_until_the_text_is_edited(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    # The scripted answer lacks the end time and registration; here the access note too.
    answer = PRESS_RELEASE_ANSWER.replace("- Barrierefreiheit: [[barrierefreiheit]]\n", "")
    draft_id = create_draft(member_client, app, openai_server, loopback, answer)
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert 'id="ergaenzte-angaben"' in page
    assert f"Die Werkbank hat 3 {NOTICE} Barrierefreiheit, Anmeldung." in page
    version = db.query(DraftVersion).filter_by(draft_id=draft_id).one()
    assert version.provenance["facts_added"] == ["ende", "barrierefreiheit", "anmeldung"]
    # An edited version is the user's text: the notice belongs to the model's version only.
    response = post_form(
        member_client,
        app,
        f"/entwuerfe/{draft_id}",
        {"text": version.text + "\nNoch ein Satz.", "base_version": "1", "action": "save"},
    )
    assert response.status_code == 303
    assert 'id="ergaenzte-angaben"' not in member_client.get(response.headers["location"]).text


def test_a_complete_answer_shows_no_notice(
    app: FastAPI,
    member_client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    answer = PRESS_RELEASE_ANSWER.replace(
        "- Barrierefreiheit: [[barrierefreiheit]]\n",
        "- Barrierefreiheit: [[barrierefreiheit]]\n- Ende: [[ende]]\n- Anmeldung: [[anmeldung]]\n",
    )
    draft_id = create_draft(member_client, app, openai_server, loopback, answer)
    assert 'id="ergaenzte-angaben"' not in member_client.get(f"/entwuerfe/{draft_id}").text
