"""After generation: autosave with conflicts, fixes, diffs, review with and without override."""

from __future__ import annotations

import pytest

from kikultur.config import Settings
from kikultur.services import drafts
from kikultur.store.models import Draft
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import ANSWERS, PRESS_RELEASE_ANSWER, examples

# The model wrote a time of its own instead of the slot [[uhrzeit]] (15:00 Uhr).
CHANGED_TIME = PRESS_RELEASE_ANSWER.replace("ab [[uhrzeit]]", "ab 16:00 Uhr").replace(
    "- Beginn: [[uhrzeit]]\n", ""
)


def _draft(
    repo: OrgRepository,
    settings: Settings,
    user: object,
    server: OpenAITestServer,
    provider: str,
    answer: str = PRESS_RELEASE_ANSWER,
) -> Draft:
    tool = load_builtin("pressemitteilung")
    server.enqueue(Reply.ok(answer))
    prepared = drafts.prepare(repo, settings, tool.id, examples(tool), "", provider_name=provider)
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, user))  # type: ignore[arg-type]
    assert result.ok
    return result.draft


def test_a_second_tab_on_an_older_version_gets_a_conflict_and_loses_nothing(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _draft(repo, settings, org_a.member, openai_server, loopback)
    v1 = drafts.get_version(repo, draft)
    first = drafts.save_edit(repo, draft, v1.text + "\nErgänzung aus Tab A.", 1, org_a.member)
    assert first.saved and not first.conflict and first.version.number == 2
    assert first.version.origin == "edited" and first.version.provenance["base_version"] == 1
    # Tab B still shows version 1.
    second = drafts.save_edit(repo, draft, v1.text + "\nErgänzung aus Tab B.", 1, org_a.admin)
    assert second.saved and second.conflict and second.version.number == 3
    assert second.message is not None and "Version 3" in second.message
    texts = [v.text for v in drafts.versions(repo, draft)]
    assert any("Tab A" in t for t in texts) and any("Tab B" in t for t in texts)
    # The same text again (autosave after reload) stores nothing new.
    again = drafts.save_edit(repo, draft, second.version.text, 3, org_a.admin)
    assert not again.saved and again.version.number == 3


def test_edits_with_binary_or_huge_text_are_refused_in_german(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _draft(repo, settings, org_a.member, openai_server, loopback)
    with pytest.raises(drafts.DraftError, match="Steuerzeichen"):
        drafts.save_edit(repo, draft, "Text\x00mit Null", 1, org_a.member)
    with pytest.raises(drafts.DraftError, match="zu lang"):
        drafts.save_edit(repo, draft, "x" * 300_000, 1, org_a.member)
    assert [v.number for v in drafts.versions(repo, draft)] == [1]


def test_diff_marks_changes_and_escapes_html(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _draft(repo, settings, org_a.member, openai_server, loopback)
    text = drafts.get_version(repo, draft).text
    drafts.save_edit(repo, draft, text.replace("Malecke", "<b>Bastelecke</b>"), 1, org_a.member)
    result = drafts.diff(repo, draft, 1, 2)
    assert ("delete", "Malecke") in [(o.op, o.text) for o in result.ops]
    assert "<ins>&lt;b&gt;Bastelecke&lt;/b&gt;</ins>" in result.html
    assert "<b>" not in result.html


def test_a_changed_fact_is_fixed_with_one_click_and_review_needs_no_override_then(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    answer = CHANGED_TIME
    draft = _draft(repo, settings, org_a.member, openai_server, loopback, answer)
    version = drafts.get_version(repo, draft)
    index, finding = next(
        (i, f)
        for i, f in enumerate(version.findings)
        if f["check"] == "facts" and f.get("details", {}).get("slot") == "uhrzeit"
    )
    assert finding["suggestions"][0] == "15:00 Uhr"
    # One changed time is one finding: not again for the end time, nor by the fact check.
    changed = [f for f in version.findings if f["status"] == "contradicted"]
    assert [f["text"] for f in changed] == ["16:00 Uhr"]
    with pytest.raises(drafts.ReviewRefused, match="widersprechen"):
        drafts.mark_reviewed(repo, draft, org_a.admin)
    assert draft.status == "draft"
    fixed = drafts.apply_fix(repo, draft, version.number, index, 0, org_a.member)
    assert "ab 15:00 Uhr" in fixed.version.text
    assert not [
        f
        for f in fixed.version.findings
        if f["check"] == "facts" and f["status"] == "contradicted" and "16:00" in f["text"]
    ]
    with pytest.raises(drafts.FixError):
        drafts.apply_fix(repo, draft, version.number, 999, 0, org_a.member)


def test_review_with_contradicted_facts_needs_a_recorded_override(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    answer = CHANGED_TIME
    draft = _draft(repo, settings, org_a.member, openai_server, loopback, answer)
    with pytest.raises(drafts.ReviewRefused):
        drafts.mark_reviewed(repo, draft, org_a.admin, override_reason="   ")
    reviewed = drafts.mark_reviewed(
        repo, draft, org_a.admin, override_reason="Einlass 16 Uhr, Beginn bleibt 15 Uhr."
    )
    assert reviewed.status == "geprueft"
    assert reviewed.reviewed_by_id == org_a.admin.id and reviewed.reviewed_at is not None
    assert reviewed.review_override_reason == "Einlass 16 Uhr, Beginn bleibt 15 Uhr."
    assert reviewed.reviewed_version == 1
    exported = drafts.export(repo, settings, reviewed, "md").file.content.decode()
    assert "Verwaltung Bürgerhaus Altona-Nord" in exported
    # A later edit needs a new review.
    drafts.save_edit(repo, draft, drafts.get_version(repo, draft).text + "\nNeu.", 1, org_a.member)
    assert draft.status == "draft"


def test_review_without_open_contradictions_needs_no_reason(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _draft(repo, settings, org_a.member, openai_server, loopback)
    contradicted = [
        f
        for f in drafts.get_version(repo, draft).findings
        if f["check"] == "facts" and f["status"] == "contradicted"
    ]
    assert contradicted == []
    reviewed = drafts.mark_reviewed(repo, draft, org_a.admin)
    assert reviewed.status == "geprueft" and reviewed.review_override_reason is None


def test_a_reader_check_clears_the_leichte_sprache_notice_in_exports(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    tool = load_builtin("einfache-sprache")
    openai_server.enqueue(Reply.ok(ANSWERS["einfache-sprache"]))
    prepared = drafts.prepare(repo, settings, tool.id, examples(tool), "", provider_name=loopback)
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    before = drafts.export(repo, settings, result.draft, "md").file.content.decode()
    assert "Leichte Sprache – nicht geprüft" in before
    checked = drafts.record_reader_check(repo, result.draft, org_a.admin, "Prüfgruppe am 3.7.")
    assert checked.reader_checked_by_id == org_a.admin.id and checked.reader_checked_at
    after = drafts.export(repo, settings, result.draft, "md").file.content.decode()
    assert "Leichte Sprache – nicht geprüft" not in after


def test_versions_and_drafts_serialise_for_the_editor_without_the_vault(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _draft(repo, settings, org_a.member, openai_server, loopback)
    version = drafts.version_dict(drafts.get_version(repo, draft))
    assert version["number"] == 1 and version["origin"] == "generated"
    assert version["created_by"] == org_a.member.display_name
    assert all(version["text"][f["start"] : f["end"]] == f["text"] for f in version["findings"])
    header = drafts.draft_dict(draft)
    assert header["status"] == "draft" and "vault" not in header
