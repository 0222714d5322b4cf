"""Art. 30 entries and Art. 28 checklists per configured provider, with the organisation's
own answers stored per organisation."""

from __future__ import annotations

import io

import pytest
from docx import Document
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig
from kikultur.services.gdpr import GdprError, records
from kikultur.services.model_access import provider_store
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture


@pytest.fixture
def mistral(settings: Settings) -> ProviderConfig:
    config = ProviderConfig(
        name="mistral",
        base_url="https://api.mistral.ai/v1",
        model="mistral-small-latest",
        data_class=DataClass.eu,
        api_key_env="MISTRAL_API_KEY",
    )
    provider_store(settings).add(config)
    return config


def _answers(**extra: str) -> dict[str, str]:
    return {
        "processor_agreement": "1",
        "agreement_date": "2026-03-01",
        "eu_location": "1",
        "country": "FR",
        "training_opt_out": "1",
        "notes": "Vertrag im Ordner Datenschutz",
        **extra,
    }


def test_every_configured_provider_gets_an_entry_and_external_ones_a_checklist(
    db: Session, settings: Settings, org_a: OrgFixture, mistral: ProviderConfig
) -> None:
    found = {e.name: e for e in records.entries(OrgRepository(db, org_a.org.id), settings)}
    assert set(found) == {"lokal", "mistral"}
    assert not found["lokal"].external and found["lokal"].record.checklist == []
    entry = found["mistral"]
    assert entry.record.processing_entry["controller"] == org_a.org.name
    keys = {item.key: item.ok for item in entry.record.checklist}
    assert keys["processor_agreement"] is None  # nothing confirmed yet
    assert not entry.record.complete


def test_saved_answers_complete_the_checklist_for_this_organisation_only(
    db: Session, settings: Settings, org_a: OrgFixture, org_b: OrgFixture, mistral: ProviderConfig
) -> None:
    repo_a = OrgRepository(db, org_a.org.id)
    assert records.save_checklist(repo_a, settings, org_a.admin, "mistral", _answers()) == {}
    entry_a = records.entry(repo_a, settings, "mistral")
    assert entry_a is not None and entry_a.record.complete
    entry_b = records.entry(OrgRepository(db, org_b.org.id), settings, "mistral")
    assert entry_b is not None and not entry_b.record.complete
    markdown = records.records_markdown(repo_a, settings)
    assert "[x] Liegt ein Auftragsverarbeitungsvertrag (Art. 28 DSGVO) vor?" in markdown
    assert "AV-Vertrag abgeschlossen am: 01.03.2026" in markdown
    assert "Vertrag im Ordner Datenschutz" in markdown
    assert "Vertrag im Ordner" not in records.records_markdown(
        OrgRepository(db, org_b.org.id), settings
    )


def test_eu_confirmation_without_country_counts_as_eu_location(
    db: Session, settings: Settings, org_a: OrgFixture, mistral: ProviderConfig
) -> None:
    repo = OrgRepository(db, org_a.org.id)
    records.save_checklist(repo, settings, org_a.admin, "mistral", _answers(country=""))
    entry = records.entry(repo, settings, "mistral")
    assert entry is not None
    assert {i.key: i.ok for i in entry.record.checklist}["eu_location"] is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("agreement_date", "1. März", "JJJJ-MM-TT"),
        ("country", "Frankreich", "zwei Buchstaben"),
        ("country", "US", "nicht in der EU"),
        ("notes", "x" * 5001, "zu lang"),
    ],
)
def test_wrong_answers_get_german_messages_and_nothing_is_saved(
    db: Session,
    settings: Settings,
    org_a: OrgFixture,
    mistral: ProviderConfig,
    field: str,
    value: str,
    message: str,
) -> None:
    repo = OrgRepository(db, org_a.org.id)
    errors = records.save_checklist(
        repo, settings, org_a.admin, "mistral", _answers(**{field: value})
    )
    assert message in errors[field]
    entry = records.entry(repo, settings, "mistral")
    assert entry is not None and entry.state is None


def test_checklist_for_a_local_or_unknown_provider_is_refused(
    db: Session, settings: Settings, org_a: OrgFixture, mistral: ProviderConfig
) -> None:
    repo = OrgRepository(db, org_a.org.id)
    for name in ("lokal", "gibt-es-nicht"):
        with pytest.raises(GdprError, match="externen Anbieter"):
            records.save_checklist(repo, settings, org_a.admin, name, _answers())


def test_records_as_word_file(
    db: Session, settings: Settings, org_a: OrgFixture, mistral: ProviderConfig
) -> None:
    data = records.records_docx(OrgRepository(db, org_a.org.id), settings)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
    assert "KI-Textentwürfe mit mistral" in text
    assert "Prüfliste Auftragsverarbeitung (Art. 28 DSGVO)" in text
