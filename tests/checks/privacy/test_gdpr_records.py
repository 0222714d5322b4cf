"""Art. 30 record entries and Art. 28 checklists generated from provider configs."""

from __future__ import annotations

from kikultur.checks.privacy.gdpr_records import provider_record, record_markdown


def test_local_provider_needs_no_processor_checklist() -> None:
    record = provider_record(
        {"name": "Lokales Modell", "base_url": "http://127.0.0.1:8080/v1", "data_class": "local"}
    )
    assert record.checklist == []
    assert record.complete
    assert "keine Übermittlung" in record.processing_entry["third_country_transfer"]


def test_eu_provider_with_everything_on_file_is_complete() -> None:
    record = provider_record(
        {
            "name": "EU-Anbieter",
            "base_url": "https://api.example.eu/v1",
            "model": "m",
            "data_class": "eu",
            "country": "FR",
            "processor_agreement": True,
            "training_opt_out": True,
        },
        organisation="Bürgerhaus Beispiel e. V.",
    )
    assert record.complete
    assert record.processing_entry["controller"] == "Bürgerhaus Beispiel e. V."


def test_third_country_provider_without_agreement_shows_open_points_in_markdown() -> None:
    record = provider_record(
        {
            "name": "US-Cloud",
            "base_url": "https://api.example.com/v1",
            "data_class": "eu",
            "country": "US",
        }
    )
    open_items = {item.key: item.ok for item in record.checklist}
    assert open_items["processor_agreement"] is None
    assert open_items["eu_location"] is False
    assert open_items["data_class_consistent"] is False
    assert not record.complete
    markdown = record_markdown(record)
    assert "Art. 28 DSGVO" in markdown
    assert "- [ ] Werden die Daten in der EU/dem EWR verarbeitet?" in markdown
    assert "Drittland US" in markdown
