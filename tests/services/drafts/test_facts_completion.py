"""A weak model's unstructured answer still carries every fixed fact into the stored draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kikultur.config import Settings
from kikultur.llm.fake import FakeProvider
from kikultur.llm.messages import ChatMessage
from kikultur.services import drafts
from kikultur.services.drafts.generate import DEFAULT_MAX_TOKENS, answer_limit_notice
from kikultur.store.models import DraftVersion
from kikultur.store.repository import OrgRepository
from kikultur.tools.prompts import slot_values
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples

# What SmolLM2-135M wrote for a press release: no headings, no markers, no facts.
WEAK_ANSWER = (
    "Sommerfest im Stadtteilgarten\n\n"
    "Das Sommerfest ist ein schönes Fest für die ganze Nachbarschaft. Es gibt Musik und "
    "Kuchen.\n\nAlle sind herzlich eingeladen, mit uns zu feiern."
)


def _generate(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    tool_id: str,
    answer: str,
    **enqueue: Any,
) -> tuple[drafts.GenerationResult, dict[str, str]]:
    tool = load_builtin(tool_id)
    prepared = drafts.prepare(repo, settings, tool_id, examples(tool), "")
    provider = FakeProvider()
    provider.enqueue(answer, **enqueue)
    generation = drafts.generate(repo, settings, prepared, org_a.member, provider=provider)
    result = drafts.run_generation(generation)
    return result, slot_values(prepared.tool.spec, prepared.values, prepared.steckbrief)


def _offsets_match(version: DraftVersion) -> None:
    for finding in version.findings:
        if finding["end"] > finding["start"]:
            assert version.text[finding["start"] : finding["end"]] == finding["text"], finding


def test_every_fixed_fact_reaches_the_stored_press_release_word_for_word(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    result, values = _generate(repo, settings, org_a, "pressemitteilung", WEAK_ANSWER)
    version = result.version
    assert result.ok and isinstance(version, DraftVersion) and version.origin == "generated"
    assert len(values) == 10
    for name, value in values.items():
        assert value in version.text, name
    assert "Alle sind herzlich eingeladen, mit uns zu feiern." in version.text
    assert [f for f in version.findings if f["status"] == "missing"] == []
    _offsets_match(version)
    # The added section is a known one: no structure finding comes from the workbench itself;
    # that the model wrote no headings at all stays reported.
    kinds = {f["kind"] for f in version.findings if f["check"] == "structure"}
    assert "UNSTRUCTURED_ANSWER" in kinds
    assert not kinds & {"UNKNOWN_HEADING", "TEXT_BEFORE_FIRST_SECTION", "SECTION_COUNT_TOO_HIGH"}
    assert "MISSING_SECTION" in kinds  # what the model left out is still reported
    assert "- Ort: Stadtteilgarten, Beispielweg 5, 22000 Hamburg" in version.sections["service"]
    assert version.provenance["facts_added"] == list(values)
    assert version.provenance["facts_section"] == "Service"
    assert result.facts_added == tuple(values)
    data = result.to_dict()
    assert data["facts_added"] == list(values)
    assert data["facts_added_message"].startswith(
        "Die Werkbank hat 10 feste Angaben, die im Modelltext fehlten, wörtlich unter „Service“ "
        "ergänzt: Datum, Beginn, Ende, Ort,"
    )
    assert result.text == version.text


def test_the_event_text_gets_its_practical_notes_from_the_form(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    answer = "Erzählcafé\n\nNachbarn erzählen. Am [[datum]] geht es los."
    result, values = _generate(repo, settings, org_a, "veranstaltungstext", answer)
    version = result.version
    assert version is not None
    for value in values.values():
        assert value in version.text
    assert [f for f in version.findings if f["status"] == "missing"] == []
    # The date stood in the text as its marker: filled there, not listed again.
    assert "datum" not in version.provenance["facts_added"]
    assert version.text.count(values["datum"]) == 1
    assert version.sections["praktisches"].startswith("- Beginn: 16:00 Uhr\n")
    _offsets_match(version)


def test_an_answer_cut_off_at_the_token_limit_gets_the_facts_and_stays_partial(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    tool = load_builtin("pressemitteilung")
    openai_server.enqueue(Reply.cut_off(PRESS_RELEASE_ANSWER.split("## Service")[0]))
    prepared = drafts.prepare(repo, settings, tool.id, examples(tool), "", provider_name=loopback)
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    version = result.version
    assert result.ok and result.truncated
    assert isinstance(version, DraftVersion) and version.origin == "partial"
    assert version.provenance["truncated"] is True and version.provenance["complete"] is False
    assert version.provenance["facts_added"] == [
        "ende",
        "barrierefreiheit",
        "anmeldung",
        "pressekontakt",
    ]
    values = slot_values(prepared.tool.spec, prepared.values, prepared.steckbrief)
    for value in values.values():
        assert value in version.text
    assert [f for f in version.findings if f["status"] == "missing"] == []
    _offsets_match(version)


def test_a_broken_stream_keeps_exactly_what_arrived(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    result, values = _generate(
        repo, settings, org_a, "pressemitteilung", WEAK_ANSWER, break_after=8
    )
    version = result.version
    assert not result.ok and result.user_message
    assert isinstance(version, DraftVersion) and version.origin == "partial"
    # The user is told to try again; the stored text is what arrived, the gaps are listed.
    assert version.text == " ".join(WEAK_ANSWER.split(" ")[:8]).strip() + "\n"
    missing = {f["details"]["slot"] for f in version.findings if f["status"] == "missing"}
    assert missing == set(values)
    assert "facts_added" not in version.provenance and result.facts_added_message is None


def test_the_unstructured_answer_stays_reported_and_its_repair_keeps_the_facts(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    result, values = _generate(repo, settings, org_a, "pressemitteilung", WEAK_ANSWER)
    version = result.version
    assert version is not None
    index = next(i for i, f in enumerate(version.findings) if f["kind"] == "UNSTRUCTURED_ANSWER")
    fixed = drafts.apply_fix(repo, result.draft, version.number, index, 0, org_a.member)
    text = fixed.version.text
    assert text.startswith("## Überschrift\n\n## Unterzeile")
    for value in values.values():
        assert value in text
    assert not any(f["kind"] == "UNSTRUCTURED_ANSWER" for f in fixed.version.findings)
    assert [f for f in fixed.version.findings if f["status"] == "missing"] == []


def test_a_tool_without_a_facts_section_keeps_the_answer_and_reports_the_gaps(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    answer = "Sommerfest im Garten! Kommt vorbei. #Hamburg"
    result, values = _generate(repo, settings, org_a, "social-media", answer)
    version = result.version
    assert version is not None and values
    assert version.text == answer + "\n"
    missing = {f["details"]["slot"] for f in version.findings if f["status"] == "missing"}
    assert missing == set(values)
    assert "facts_added" not in version.provenance
    assert result.facts_added == () and result.to_dict()["facts_added_message"] is None


class _SmallContextFake(FakeProvider):
    """SmolLM2-sized context with an exact counter (one token per four characters)."""

    def token_counter(self) -> _QuarterCounter:
        return _QuarterCounter()


class _QuarterCounter:
    exact = True

    def count_text(self, text: str) -> int:
        return len(text) // 4

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return sum(self.count_text(m.content) for m in messages)


def test_a_grant_draft_on_a_small_context_model_is_written_with_a_shorter_answer_and_says_so(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    tool = load_builtin("foerderantrag")
    prepared = drafts.prepare(repo, settings, tool.id, examples(tool), "")
    prompt_tokens = _QuarterCounter().count_messages(prepared.messages)
    window = prompt_tokens + 1000  # fits the prompt, not the 1500-token default answer
    provider = _SmallContextFake(context_window=window)
    generation = drafts.generate(repo, settings, prepared, org_a.member, provider=provider)
    result = drafts.run_generation(generation)
    assert result.ok and result.version is not None
    limit = provider.history[0].options.max_tokens
    assert 512 <= limit < DEFAULT_MAX_TOKENS
    assert result.version.provenance["answer_limit"] == limit
    assert f"auf {limit} Tokens begrenzt" in answer_limit_notice(result.version)
