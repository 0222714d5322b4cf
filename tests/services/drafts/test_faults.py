"""Bad input and model faults: asked before generation, kept when broken, never silent."""

from __future__ import annotations

import io
import logging

import pytest
from docx import Document
from sqlalchemy import func, select

from kikultur.config import Settings
from kikultur.services import drafts, model_access
from kikultur.services.drafts.generate import is_truncated
from kikultur.store.models import Draft
from kikultur.store.repository import OrgRepository
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.registry import ToolError, load_builtin
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples


def _prepare(repo: OrgRepository, settings: Settings, loopback: str) -> drafts.PreparedDraft:
    tool = load_builtin("pressemitteilung")
    return drafts.prepare(repo, settings, tool.id, examples(tool), "", provider_name=loopback)


def test_missing_required_facts_are_asked_for_and_no_request_is_sent(
    repo: OrgRepository, settings: Settings, openai_server: OpenAITestServer, loopback: str
) -> None:
    with pytest.raises(InvalidInputsError) as caught:
        drafts.prepare(repo, settings, "pressemitteilung", {}, "", provider_name=loopback)
    errors = caught.value.errors
    assert "anlass" in errors and "datum" in errors
    assert all(message.startswith("Bitte") for message in errors.values())
    assert openai_server.requests == []
    assert repo.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_wrong_values_get_a_german_message_per_field(
    repo: OrgRepository, settings: Settings, loopback: str
) -> None:
    tool = load_builtin("pressemitteilung")
    values = {**examples(tool), "datum": "31.02.2026", "uhrzeit": "25 Uhr"}
    with pytest.raises(InvalidInputsError) as caught:
        drafts.prepare(repo, settings, tool.id, values, "x\x00y", provider_name=loopback)
    assert "kein gültiges Datum" in caught.value.errors["datum"]
    assert "Uhrzeit" in caught.value.errors["uhrzeit"]
    assert "Steuerzeichen" in caught.value.errors["brief"]


def test_unknown_tool_is_refused_in_german(repo: OrgRepository, settings: Settings) -> None:
    with pytest.raises(ToolError, match="Unbekanntes Werkzeug"):
        drafts.prepare(repo, settings, "gibtsnicht", {}, "")


def test_server_error_gives_a_german_message_and_allows_a_retry(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.http_error(500))
    result = drafts.run_generation(
        drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    )
    assert not result.ok and result.retryable
    assert result.user_message is not None and "Fehler 500" in result.user_message
    assert result.version is None  # nothing arrived, nothing to keep
    # Retry into the same draft: it works the second time.
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    again = drafts.prepare(
        repo,
        settings,
        "pressemitteilung",
        examples(load_builtin("pressemitteilung")),
        "",
        provider_name=loopback,
        draft=result.draft,
    )
    second = drafts.run_generation(drafts.generate(repo, settings, again, org_a.member))
    assert second.ok and second.draft.id == result.draft.id
    assert second.version is not None and second.version.number == 1


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (Reply.broken_after(PRESS_RELEASE_ANSWER, 12), "StreamBroken"),
        (Reply.invalid_json_after(PRESS_RELEASE_ANSWER, 12), "InvalidResponse"),
    ],
)
def test_a_broken_answer_is_kept_as_a_partial_version(
    reply: Reply,
    kind: str,
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(reply)
    generation = drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    shown = "".join(generation)
    result = generation.result
    assert result is not None and not result.ok and result.retryable
    assert result.error_kind == kind
    assert result.user_message and (
        "abgebrochen" in result.user_message or "JSON" in result.user_message
    )
    version = result.version
    assert version is not None and version.origin == "partial"
    assert shown.strip() and shown.strip() in PRESS_RELEASE_ANSWER
    assert version.text.startswith("## Überschrift")
    # Sections that never arrived are reported, not silently missing.
    assert any(f["kind"] == "MISSING_SECTION" for f in version.findings)


def test_a_provider_that_is_down_gives_a_german_message(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    prepared = _prepare(repo, settings, loopback)
    openai_server.stop()
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    assert not result.ok and result.retryable
    assert result.user_message is not None and "nicht erreichbar" in result.user_message


def test_an_answer_without_sections_is_reported_and_can_be_repaired(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(
        Reply.ok("Am [[datum]] feiern wir ein Sommerfest. Alle sind eingeladen, es gibt Kuchen.")
    )
    result = drafts.run_generation(
        drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    )
    assert result.ok and result.version is not None
    findings = result.version.findings
    index = next(i for i, f in enumerate(findings) if f["kind"] == "UNSTRUCTURED_ANSWER")
    assert findings[index]["severity"] == "error"
    assert findings[index]["suggestions"][0].startswith("## Überschrift")
    fixed = drafts.apply_fix(repo, result.draft, result.version.number, index, 0, org_a.member)
    assert fixed.version.origin == "fix"
    assert "## Haupttext\n\nAm Samstag, 11. Juli 2026 feiern wir" in fixed.version.text
    assert not any(f["kind"] == "UNSTRUCTURED_ANSWER" for f in fixed.version.findings)


def test_a_client_that_leaves_mid_stream_keeps_the_partial_text(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.01))
    generation = drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    stream = iter(generation)
    shown = "".join(next(stream) for _ in range(8))
    stream.close()  # what a web server does when the browser goes away
    result = generation.result
    assert result is not None and not result.ok
    assert result.version is not None and result.version.origin == "partial"
    assert result.version.text.strip() == shown.strip()
    assert result.record is not None and result.record.outcome == "cancelled"


def test_the_stop_button_ends_the_call_and_keeps_the_text(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.01))
    generation = drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    shown = []
    for chunk in generation:
        shown.append(chunk)
        if len(shown) == 5:
            generation.cancel()
    result = generation.result
    assert result is not None and not result.ok
    assert result.user_message is not None and "abgebrochen" in result.user_message
    assert "bleibt erhalten" in result.user_message
    assert result.version is not None and result.version.origin == "partial"
    assert len(result.version.text) < len(PRESS_RELEASE_ANSWER)


def test_a_stop_before_the_first_word_says_that_no_text_came_and_the_inputs_are_kept(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.01))
    generation = drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    generation.cancel()  # pressed before the model sent anything
    result = drafts.run_generation(generation)
    assert not result.ok and result.version is None
    assert result.user_message is not None
    assert "bevor das Modell Text geschrieben hat" in result.user_message
    assert "bleibt erhalten" not in result.user_message
    assert result.draft.inputs  # the form's values stay with the draft


def test_a_model_that_cannot_start_gets_a_german_message_and_the_detail_is_logged(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    loopback: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(config: object, settings: object) -> None:
        raise ValueError("Failed to load model from file: /modelle/kaputt.gguf")

    monkeypatch.setattr(model_access, "open_provider", broken)
    prepared = _prepare(repo, settings, loopback)
    with caplog.at_level(logging.ERROR):
        result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    assert not result.ok
    assert result.user_message is not None
    assert f"Das Modell „{loopback}“ ließ sich nicht starten." in result.user_message
    assert "Failed to load" not in result.user_message
    assert "Failed to load model from file" in caplog.text


def test_an_answer_cut_off_at_the_token_limit_is_stored_as_incomplete_and_says_so(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    cut = PRESS_RELEASE_ANSWER[: len(PRESS_RELEASE_ANSWER) // 2 + 3]
    openai_server.enqueue(Reply.cut_off(cut))
    generation = drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    result = drafts.run_generation(generation)
    notice = "Der Text ist unvollständig: das Modell hat bei der Längengrenze aufgehört."
    assert result.ok and result.truncated
    assert result.to_dict()["truncated_message"] == notice
    version = result.version
    assert version is not None and version.origin == "partial"
    assert version.provenance["truncated"] is True and version.provenance["complete"] is False
    for fmt in ("docx", "md"):
        content = drafts.export(repo, settings, result.draft, fmt).file.content
        if fmt == "docx":
            texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
            assert "Hinweis: " + notice in texts
        else:
            assert notice in content.decode()
    # Completed by hand, the text is no longer cut off; restoring the cut version says so again.
    edited = drafts.save_edit(
        repo, result.draft, version.text + "\nVon Hand zu Ende geschrieben.", 1, org_a.member
    )
    assert not is_truncated(edited.version)
    assert notice not in drafts.export(repo, settings, result.draft, "md").file.content.decode()
    restored = drafts.restore_version(repo, result.draft, 1, org_a.member)
    assert is_truncated(restored.version)


def test_an_answer_that_ended_normally_is_complete(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    generation = drafts.generate(repo, settings, _prepare(repo, settings, loopback), org_a.member)
    result = drafts.run_generation(generation)
    assert result.ok and not result.truncated
    assert result.version is not None and result.version.origin == "generated"
    markdown = drafts.export(repo, settings, result.draft, "md").file.content.decode()
    assert "unvollständig" not in markdown
