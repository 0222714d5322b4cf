"""A draft through a `third-country` provider: nothing personal leaves, everything comes back."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.base import GenerationOptions
from kikultur.llm.calls import ModelCall
from kikultur.llm.messages import ChatMessage, DataClass, ShieldRequiredError
from kikultur.services import drafts, model_access
from kikultur.store.models import Draft, DraftVault, ModelCallRecord
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.services.drafts.conftest import add_loopback_provider
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples

PERSONAL = {
    "PERSON": "Ayşe Yılmaz",
    "EMAIL": "ayse.yilmaz@example.net",
    "PHONE": "0170 1234567",
    "IBAN": "DE89 3704 0044 0532 0130 00",
}
BRIEF = (
    "Gegründet hat den Garten Ayşe Yılmaz (geboren am 12.03.1961). Sie ist erreichbar unter "
    "ayse.yilmaz@example.net oder Tel. 0170 1234567. Spenden bitte auf ihr Konto "
    "DE89 3704 0044 0532 0130 00. Frau Yılmaz wohnt in der Eichenstraße 12, 20255 Hamburg."
)


@pytest.fixture
def cloud(settings: Settings, org_a: OrgFixture, openai_server: OpenAITestServer) -> str:
    return add_loopback_provider(
        settings, org_a.org.id, openai_server, name="cloud", data_class=DataClass.third_country
    )


def _placeholder(prepared: drafts.PreparedDraft, kind: str, value: str) -> str:
    return next(
        i.placeholder for i in prepared.shield_preview if i.kind == kind and value in i.value
    )


def test_no_personal_value_reaches_a_third_country_provider_and_all_come_back(
    repo: OrgRepository,
    db: Session,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    cloud: str,
) -> None:
    tool = load_builtin("pressemitteilung")
    prepared = drafts.prepare(repo, settings, tool.id, examples(tool), BRIEF, provider_name=cloud)
    assert prepared.needs_shield
    detected = {(i.kind, i.value) for i in prepared.shield_preview}
    for kind, value in PERSONAL.items():
        assert any(k == kind and value in v for k, v in detected), (kind, value)
    name = _placeholder(prepared, "PERSON", "Ayşe Yılmaz")
    email = _placeholder(prepared, "EMAIL", PERSONAL["EMAIL"])
    # The model answers with the placeholders it was given (and splits them across chunks).
    answer = PRESS_RELEASE_ANSWER.replace(
        "Im Garten gibt es Musik von Gruppen aus dem Stadtteil.",
        f"Gegründet hat den Garten {name}. Fragen an {email}.",
    )
    openai_server.enqueue(Reply.ok(answer))
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    assert result.ok, result.user_message
    bodies = [json.dumps(r.body, ensure_ascii=False) for r in openai_server.requests]
    assert bodies
    sent_values = [value for _kind, value in detected] + list(PERSONAL.values())
    for body in bodies:
        for value in sent_values:
            assert value not in body, value
    assert name in bodies[0] and email in bodies[0]
    # Restored locally, and the quote's person filled in from the form by the slot.
    assert "Gegründet hat den Garten Ayşe Yılmaz. Fragen an ayse.yilmaz@example.net." in (
        result.text
    )
    assert "Alex Beispiel" in result.text
    provenance = result.version.provenance if result.version else {}
    assert provenance["pseudonymised"] is True and provenance["data_class"] == "third-country"
    assert provenance["replaced_counts"]["PERSON"] >= 1
    assert all(isinstance(n, int) for n in provenance["replaced_counts"].values())
    # The audit record: counts per kind, never a value.
    row = db.scalars(select(ModelCallRecord).order_by(ModelCallRecord.id.desc())).first()
    assert row is not None
    assert row.pseudonymised is True and row.replaced_counts["EMAIL"] >= 1
    audit = json.dumps(
        {c.name: getattr(row, c.name) for c in ModelCallRecord.__table__.columns},
        ensure_ascii=False,
        default=str,
    )
    for value in sent_values:
        assert value not in audit
    # The vault is in the local database.
    draft = drafts.get_draft(repo, result.draft.id)
    assert draft.vault is not None and "Ayşe Yılmaz" in json.dumps(
        draft.vault.mapping, ensure_ascii=False
    )


def test_user_can_add_and_unmark_terms_before_sending(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    cloud: str,
) -> None:
    tool = load_builtin("pressemitteilung")
    values = examples(tool)
    prepared = drafts.prepare(repo, settings, tool.id, values, BRIEF, provider_name=cloud)
    prepared = drafts.adjust_shield(
        prepared, extra_terms=["Stadtteilgarten"], ignored_terms=["ayse.yilmaz@example.net"]
    )
    values_shown = {i.value for i in prepared.shield_preview}
    assert "Stadtteilgarten" in values_shown
    assert "ayse.yilmaz@example.net" not in values_shown
    openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
    (request,) = openai_server.chat_requests
    body = json.dumps(request.body, ensure_ascii=False)
    assert "Stadtteilgarten" not in body
    assert "ayse.yilmaz@example.net" in body  # the user decided it may go


def test_the_model_layer_refuses_unshielded_messages_to_a_third_country_provider(
    settings: Settings, cloud: str, openai_server: OpenAITestServer
) -> None:
    config = model_access.provider_store(settings).get(cloud)
    assert config is not None
    provider = model_access.open_provider(config, settings)
    with pytest.raises(ShieldRequiredError):
        ModelCall(provider, [ChatMessage("user", BRIEF)], GenerationOptions())
    assert openai_server.requests == []


def test_vault_is_deleted_with_the_draft(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    cloud: str,
) -> None:
    tool = load_builtin("pressemitteilung")
    session = repo.session
    ids = []
    for _run in range(2):
        prepared = drafts.prepare(
            repo, settings, tool.id, examples(tool), BRIEF, provider_name=cloud
        )
        openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
        result = drafts.run_generation(drafts.generate(repo, settings, prepared, org_a.member))
        ids.append(result.draft.id)
    assert session.scalar(select(func.count()).select_from(DraftVault)) == 2
    # Through the service (ORM) ...
    drafts.delete_draft(repo, drafts.get_draft(repo, ids[0]))
    assert session.scalar(select(func.count()).select_from(DraftVault)) == 1
    # ... and by the database's own cascade, whatever deletes the row.
    session.execute(delete(Draft).where(Draft.id == ids[1]))
    session.commit()
    assert session.scalar(select(func.count()).select_from(DraftVault)) == 0
