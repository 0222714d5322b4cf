"""The database provider store, per-organisation choices and the audit table."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.base import ProviderConfigError
from kikultur.llm.calls import CallContext, run_call
from kikultur.llm.config_store import ProviderStoreError
from kikultur.llm.fake import FakeProvider
from kikultur.llm.messages import ChatMessage, DataClass, seal
from kikultur.llm.openai_compat import OpenAICompatProvider
from kikultur.llm.providers import DEFAULT_PROVIDER_NAME, ProviderConfig
from kikultur.services.model_access import (
    active_is_demo,
    available_providers,
    call_recorder,
    choose_provider_config,
    open_provider,
    provider_store,
)
from kikultur.store.models import ModelCallRecord, Organisation, OrganisationProvider, User
from kikultur.store.providers import audit_rows, usage_rows
from tests.conftest import OrgFixture

KEY = "sk-sehr-geheim-4711-abcdef"


def ollama() -> ProviderConfig:
    return ProviderConfig(name="ollama", base_url="http://127.0.0.1:11434/v1", model="qwen")


def mistral() -> ProviderConfig:
    return ProviderConfig(
        name="mistral",
        base_url="https://api.mistral.ai/v1",
        model="mistral-small-latest",
        data_class=DataClass.eu,
        price_input_per_1k=0.5,
        price_output_per_1k=1.0,
    )


def test_store_round_trip_instance_default_and_german_errors(
    settings: Settings, db: Session
) -> None:
    store = provider_store(settings, db)
    store.add(ollama())
    store.add(mistral())
    assert [c.name for c in store.all()] == ["mistral", "ollama"]
    assert store.get("mistral") == mistral()
    store.set_active("ollama")
    assert store.active_name() == "ollama"
    store.set_active(None)
    assert store.active_name() is None
    with pytest.raises(ProviderStoreError, match="gibt es schon"):
        store.add(ollama())
    with pytest.raises(ProviderStoreError, match="gibt es nicht"):
        store.set_active("openai")
    store.add(ollama().model_copy(update={"model": "llama3"}), replace=True)
    assert store.get("ollama").model == "llama3"  # type: ignore[union-attr]
    store.remove("ollama")
    assert store.get("ollama") is None


def test_an_entered_api_key_is_stored_only_encrypted_and_used_for_calls(
    settings: Settings, db: Session
) -> None:
    store = provider_store(settings, db)
    store.add(mistral())
    store.set_api_key("mistral", KEY)
    raw = db.execute(text("SELECT api_key_encrypted, api_key_env FROM provider_configs")).one()
    assert raw[0] and KEY not in raw[0] and raw[1] is None
    config = store.get("mistral")
    assert config is not None and KEY not in repr(config) and KEY not in str(config.model_dump())
    provider = open_provider(config, settings)
    assert isinstance(provider, OpenAICompatProvider)
    assert provider._client.api_key == KEY
    store.set_api_key("mistral", None)
    assert store.get("mistral").api_key_encrypted is None  # type: ignore[union-attr]


def test_organisations_get_local_providers_until_their_admin_decides(
    settings: Settings, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    store = provider_store(settings, db)
    store.add(ollama())
    store.add(mistral())
    a, b = org_a.org.id, org_b.org.id
    assert [c.name for c in store.enabled_for(a)] == ["ollama"]
    store.set_enabled(a, "mistral", True)
    assert [c.name for c in store.enabled_for(a)] == ["mistral", "ollama"]
    assert [c.name for c in store.enabled_for(b)] == ["ollama"]
    store.set_enabled(a, "ollama", False)
    assert [c.name for c in store.enabled_for(a)] == ["mistral"]
    names = [c.name for c in available_providers(settings, db, a)]
    assert names == [DEFAULT_PROVIDER_NAME, "mistral"]
    # A provider moved to another data class is decided anew by every organisation.
    store.add(mistral().model_copy(update={"data_class": DataClass.third_country}), replace=True)
    assert [c.name for c in store.enabled_for(a)] == []


def test_default_is_the_organisations_then_the_instances_then_the_embedded_model(
    settings: Settings, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    store = provider_store(settings, db)
    store.add(ollama())
    store.add(mistral())
    a, b = org_a.org.id, org_b.org.id
    assert choose_provider_config(settings, db, a).name == DEFAULT_PROVIDER_NAME
    assert active_is_demo(settings, db, a)
    store.set_active("ollama")
    assert choose_provider_config(settings, db, a).name == "ollama"
    assert not active_is_demo(settings, db, a)
    store.set_default(a, "mistral")  # choosing it as default enables it
    assert store.default_for(a) == "mistral"
    assert choose_provider_config(settings, db, a).name == "mistral"
    assert choose_provider_config(settings, db, b).name == "ollama"
    with pytest.raises(ProviderConfigError, match="nicht freigegeben"):
        choose_provider_config(settings, db, b, "mistral")
    store.set_enabled(a, "mistral", False)
    assert store.default_for(a) is None
    assert choose_provider_config(settings, db, a).name == "ollama"


def test_recorder_writes_one_row_with_counts_only_in_its_own_transaction(
    settings: Settings, db: Session, org_a: OrgFixture
) -> None:
    provider = FakeProvider(name="wolke", data_class=DataClass.eu)
    provider.enqueue("Das Fest findet am Samstag statt.")
    shielded = seal(
        [ChatMessage("user", "Einladung für [PERSON_1] in [ORT_1]")], {"person": 1, "place": 1}
    )
    db.add(Organisation(name="wird zurückgerollt"))
    db.flush()  # an open transaction of the caller (like a draft that will fail)
    result = run_call(
        provider,
        shielded,
        recorder=call_recorder(settings, db),
        context=CallContext(
            user_id=str(org_a.member.id), organisation_id=str(org_a.org.id), tool="pressetext"
        ),
    )
    db.rollback()
    assert result.ok
    row = db.scalars(select(ModelCallRecord)).one()
    assert (row.organisation_id, row.user_id, row.tool) == (
        org_a.org.id,
        org_a.member.id,
        "pressetext",
    )
    assert row.pseudonymised and row.replaced_total == 2
    assert row.replaced_counts == {"person": 1, "place": 1}
    assert row.outcome == "ok" and row.completion_tokens > 0 and row.data_class == "eu"
    stored = " ".join(str(getattr(row, c.key)) for c in ModelCallRecord.__table__.columns)
    assert "Samstag" not in stored and "Einladung" not in stored


def _call(settings: Settings, db: Session, org: int | None, outcome: str = "ok") -> None:
    provider = FakeProvider()
    provider.enqueue("Hallo" if outcome == "ok" else ProviderConfigError("kaputt"))
    run_call(
        provider,
        [ChatMessage("user", "Hallo")],
        recorder=call_recorder(settings, db),
        context=CallContext(organisation_id=str(org) if org else None),
    )


def test_usage_is_summed_per_organisation_and_month_and_scoped(
    settings: Settings, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    a, b = org_a.org.id, org_b.org.id
    _call(settings, db, a)
    _call(settings, db, a, outcome="error")
    _call(settings, db, b)
    own = usage_rows(db, a)
    assert [(r["organisation"], r["calls"], r["errors"]) for r in own] == [(org_a.org.name, 2, 1)]
    every = {r["organisation"]: r["calls"] for r in usage_rows(db, None)}
    assert every == {org_a.org.name: 2, org_b.org.name: 1}
    assert {row.organisation_id for row, _name in audit_rows(db, a)} == {a}
    month = own[0]["month"]
    assert len(list(audit_rows(db, None, month))) == 3
    assert list(audit_rows(db, None, "1999-01")) == []


def test_deleting_an_organisation_removes_its_records_and_a_user_leaves_them(
    settings: Settings, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    store = provider_store(settings, db)
    store.add(mistral())
    store.set_enabled(org_b.org.id, "mistral", True)
    provider = FakeProvider()
    provider.enqueue("Hallo")
    run_call(
        provider,
        [ChatMessage("user", "Hallo")],
        recorder=call_recorder(settings, db),
        context=CallContext(user_id=str(org_a.member.id), organisation_id=str(org_a.org.id)),
    )
    _call(settings, db, org_b.org.id)
    db.execute(delete(User).where(User.id == org_a.member.id))
    db.execute(delete(Organisation).where(Organisation.id == org_b.org.id))
    db.commit()
    rows = db.scalars(select(ModelCallRecord)).all()
    assert [(r.organisation_id, r.user_id) for r in rows] == [(org_a.org.id, None)]
    assert db.scalars(select(OrganisationProvider)).all() == []
