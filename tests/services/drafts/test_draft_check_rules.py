"""Draft check rules: sections in their language, review of unfinished drafts, platform limits."""

from __future__ import annotations

from typing import Any

import pytest

from kikultur.config import Settings
from kikultur.llm.fake import FakeProvider
from kikultur.services import drafts
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import ANSWERS, examples

COPIED_SOURCE = ANSWERS["uebersetzung"].replace(
    "Cumartesi günü mahalle bahçesinde yaz şenliği var. Herkes davetli, giriş ücretsiz.",
    "Am Samstag ist Sommerfest im Stadtteilgarten. Alle sind willkommen, der Eintritt ist frei.",
)


def _generate(
    repo: OrgRepository,
    settings: Settings,
    org: OrgFixture,
    tool_id: str,
    answer: str,
    brief: str = "",
) -> drafts.GenerationResult:
    """The tool's example inputs, `answer` from a scripted model, the stored result."""
    prepared = drafts.prepare(repo, settings, tool_id, examples(load_builtin(tool_id)), brief)
    provider = FakeProvider()
    provider.enqueue(answer)
    result = drafts.run_generation(
        drafts.generate(repo, settings, prepared, org.member, provider=provider)
    )
    assert result.version is not None
    return result


def _findings(
    repo: OrgRepository, settings: Settings, org: OrgFixture, answer: str
) -> list[dict[str, Any]]:
    result = _generate(repo, settings, org, "uebersetzung", answer)
    assert result.version is not None
    return [f for f in result.version.findings if f["kind"] == "WRONG_LANGUAGE"]


def test_german_under_the_turkish_heading_is_reported_at_that_section(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    (finding,) = _findings(repo, settings, org_a, COPIED_SOURCE)
    assert finding["text"].startswith("Am Samstag ist Sommerfest")
    assert "soll Türkisch sein" in finding["message"]


def test_a_proper_translation_has_no_language_finding(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    assert _findings(repo, settings, org_a, ANSWERS["uebersetzung"]) == []


def test_review_of_a_draft_with_an_important_open_finding_needs_a_recorded_reason(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    result = _generate(repo, settings, org_a, "uebersetzung", COPIED_SOURCE)
    with pytest.raises(drafts.ReviewRefused, match="noch nicht fertig: Dieser Abschnitt soll"):
        drafts.mark_reviewed(repo, result.draft, org_a.admin)
    assert result.draft.status == "draft"
    reason = "Die türkische Fassung schreibt Ayşe morgen selbst."
    reviewed = drafts.mark_reviewed(repo, result.draft, org_a.admin, override_reason=reason)
    assert reviewed.status == "geprueft" and reviewed.review_override_reason == reason


def test_review_of_a_text_the_model_did_not_finish_needs_a_reason(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    tool = load_builtin("uebersetzung")
    openai_server.enqueue(Reply.cut_off(ANSWERS["uebersetzung"]))
    prepared = drafts.prepare(repo, settings, tool.id, examples(tool), "", provider_name=loopback)
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    assert result.truncated
    with pytest.raises(drafts.ReviewRefused, match="unvollständig"):
        drafts.mark_reviewed(repo, result.draft, org_a.admin)
    # Completed by hand, the text needs no reason any more.
    version = drafts.get_version(repo, result.draft)
    drafts.save_edit(repo, result.draft, version.text + "\n", version.number, org_a.member)
    assert drafts.mark_reviewed(repo, result.draft, org_a.admin).status == "geprueft"


def test_a_post_over_its_platform_limit_is_reported_once(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    long_post = "Sommerfest im Stadtteilgarten mit Musik und Kuchen. " * 12  # > 500 characters
    answer = ANSWERS["social-media"].replace(
        "Sommerfest am [[datum]] im Stadtteilgarten: Musik, Kuchen, Nachbarschaft.", long_post
    )
    result = _generate(repo, settings, org_a, "social-media", answer)
    assert result.version is not None
    over = [
        f
        for f in result.version.findings
        if f["kind"] in ("PLATFORM_LIMIT", "SECTION_TOO_LONG") and "Mastodon" in f["message"]
    ]
    assert [f["kind"] for f in over] == ["PLATFORM_LIMIT"]


def test_a_fact_from_the_notes_names_the_notes_as_its_source(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    answer = ANSWERS["pressemitteilung"].replace(
        "## Haupttext\n", "## Haupttext\nWir erwarten 120 Gäste.\n"
    )
    brief = "Wir erwarten 120 Gäste."
    result = _generate(repo, settings, org_a, "pressemitteilung", answer, brief)
    assert result.version is not None
    (count,) = [f for f in result.version.findings if f["check"] == "facts" and f["text"] == "120"]
    assert count["status"] == "verified"
    assert count["details"]["source"] == load_builtin("pressemitteilung").spec.brief.label
    assert "Quelle 1" not in count["message"]
