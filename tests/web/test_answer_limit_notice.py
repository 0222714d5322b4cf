"""The draft page says when the answer got a smaller budget because the model's context is small."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kikultur.llm import calls
from tests.support.openai_server import OpenAITestServer
from tests.web.conftest import create_draft

NOTICE = "Die Antwort war auf 700 Tokens begrenzt, weil der Kontext des Modells nicht mehr Platz"


def test_a_shrunk_answer_budget_is_named_on_the_draft_page(
    app: FastAPI,
    member_client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The HTTP provider has no exact counter; the budget a small embedded model would get.
    monkeypatch.setattr(calls, "answer_budget", lambda provider, messages, max_tokens: 700)
    draft_id = create_draft(member_client, app, openai_server, loopback)
    assert openai_server.requests[-1].body["max_tokens"] == 700
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert 'id="antwort-begrenzt"' in page and NOTICE in page


def test_a_full_answer_budget_shows_no_notice(
    app: FastAPI, member_client: TestClient, openai_server: OpenAITestServer, loopback: str
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    assert 'id="antwort-begrenzt"' not in member_client.get(f"/entwuerfe/{draft_id}").text
