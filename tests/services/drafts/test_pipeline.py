"""The draft pipeline end to end on the loopback OpenAI server, one test per tool."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kikultur.config import Settings
from kikultur.services import drafts
from kikultur.services.drafts import grants
from kikultur.store.models import DraftVersion
from kikultur.store.repository import OrgRepository
from kikultur.tools.prompts import prepare_values
from kikultur.tools.registry import builtin_tool_dirs, load_builtin
from kikultur.tools.spec import sections_for
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import ANSWERS, examples

TOOL_IDS = sorted(p.name for p in builtin_tool_dirs())


@pytest.mark.parametrize("tool_id", TOOL_IDS)
def test_every_tool_runs_the_whole_pipeline_against_the_loopback_server(
    tool_id: str,
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    tool = load_builtin(tool_id)
    values = examples(tool)
    # The scripted answers name the sample house; this organisation has its own name (the
    # fact check would rightly call "Bürgerhaus Beispiel" a contradiction).
    answer = ANSWERS[tool_id].replace("Bürgerhaus Beispiel", org_a.org.name)
    openai_server.enqueue(Reply.ok(answer))
    prepared = drafts.prepare(
        repo, settings, tool_id, values, "Bitte freundlich.", provider_name=loopback
    )
    generation = drafts.generate(repo, settings, prepared, org_a.member)
    chunks = list(generation)
    result = generation.result
    assert result is not None and result.ok, result.user_message
    assert len(chunks) > 1  # streamed, not one block
    # The facts went into the request; the answer's markers came back filled.
    (request,) = openai_server.chat_requests
    assert request.body["stream"] is True
    assert "[[" not in result.text
    version = result.version
    assert isinstance(version, DraftVersion) and version.origin == "generated"
    assert version.number == 1
    provenance = version.provenance
    assert provenance["tool"] == tool_id
    # Grant tools record the tool resolved with the chosen funder profile; others are unchanged.
    assert provenance["prompt_version"] == prepared.tool.prompt_version
    if tool.spec.sections_from is None and not grants.has_funder_input(tool.spec):
        assert prepared.tool.prompt_version == tool.prompt_version
    assert provenance["provider"] == loopback and provenance["model"] == "test-modell"
    assert provenance["data_class"] == "local" and provenance["pseudonymised"] is False
    assert provenance["steckbrief_version"] == 1
    assert provenance["brief"] == "Bitte freundlich."
    assert set(provenance["checks"]) == {"structure", *tool.spec.checks}
    # Structure of the scripted answer is right: no structure finding of severity error.
    structure_errors = [
        f for f in version.findings if f["check"] == "structure" and f["severity"] == "error"
    ]
    assert structure_errors == []
    facts = [f for f in version.findings if f["check"] == "facts"]
    if "facts" in tool.spec.checks and tool.spec.fact_slots:
        assert any(f["status"] == "verified" for f in facts)
    # A correct answer has nothing contradicted: the human review needs no override.
    assert [(f["text"], f["message"]) for f in facts if f["status"] == "contradicted"] == []
    prepared_values = prepare_values(prepared.tool.spec, prepared.values, prepared.steckbrief)
    expected = [s for s in sections_for(prepared.tool.spec, prepared_values)]
    assert expected  # a funder profile brings the Förderantrag's sections
    assert set(version.sections) == {s.id for s in expected}
    # Stored, and found again through the repository.
    draft = drafts.get_draft(repo, result.draft.id)
    assert [v.number for v in drafts.versions(repo, draft)] == [1]
    if "docx" in tool.spec.exports:
        exported = drafts.export(repo, settings, draft, "docx")
        document = Document(io.BytesIO(exported.file.content))
        texts = [p.text for p in document.paragraphs]
        for section in expected:
            if version.sections.get(section.id, "").strip():
                assert section.title in texts, section.title
        assert any("KI-Sprachmodell" in t for t in texts)  # the AI note, on by default
    reviewed = drafts.mark_reviewed(repo, draft, org_a.admin)
    assert reviewed.status == "geprueft" and reviewed.review_override_reason is None
