"""The fact sheet service: versions, stale saves, form parsing, the context for checks."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kikultur.schemas.factsheet import FactSheetData, FactSheetUpdate, KeyFigures, TeamMember
from kikultur.services import factsheet
from kikultur.store.repository import OrgRepository
from tests.conftest import OrgFixture


def test_each_save_adds_a_version_and_stale_saves_change_nothing(
    db: Session, org_a: OrgFixture
) -> None:
    repo = OrgRepository(db, org_a.org.id)
    assert factsheet.current(repo).version == 0
    factsheet.save(repo, org_a.admin, FactSheetUpdate(name="Haus Eins", base_version=0))
    factsheet.save(repo, org_a.member, FactSheetUpdate(name="Haus Zwei", base_version=1))
    with pytest.raises(factsheet.StaleFactSheet):
        factsheet.save(repo, org_a.member, FactSheetUpdate(name="Haus Drei", base_version=1))
    assert [v.version for v in repo.factsheet_versions()] == [2, 1]
    assert factsheet.current(repo).data.name == "Haus Zwei"
    assert repo.organisation().name == "Haus Zwei"  # the name follows the Steckbrief


def test_form_rows_are_parsed_and_blank_rows_dropped() -> None:
    payload = factsheet.form_to_payload(
        {
            "name": "Haus",
            "base_version": "0",
            "target_groups": "Kinder\n\n  Familien  \n",
            "team-0-name": "",
            "team-0-role": "",
            "team-1-name": "Ole",
            "team-1-role": "Technik",
            "figures-0-year": "2023",
            "figures-0-visitors": "",
            "social-5-platform": "Mastodon",
            "social-5-account": "@haus@social.example",
            "team-0-evil": "ignored",
        }
    )
    assert payload["target_groups"] == ["Kinder", "Familien"]
    assert payload["team"] == [{"name": "Ole", "role": "Technik"}]
    assert payload["key_figures"] == [{"year": "2023"}]
    assert payload["social_media"] == [{"platform": "Mastodon", "account": "@haus@social.example"}]
    FactSheetUpdate.model_validate(payload)


def test_check_context_carries_facts_people_and_writing_preferences() -> None:
    data = FactSheetData(
        name="Bürgerhaus",
        district="Wandsbek",
        team=[TeamMember(name="Ayşe Demir", role="Leitung")],
        key_figures=[KeyFigures(year=2024, visitors=12500, events=310)],
        funders=["Bezirksamt Wandsbek"],
    )
    data.writing.address_form = "du"
    data.writing.gender_style = "doppelpunkt"
    context = factsheet.check_context(data, channel="instagram")
    assert context.facts["Besucher*innen 2024"] == "12500"
    assert context.facts["Veranstaltungen 2024"] == "310"
    assert context.facts["Bezirk"] == "Wandsbek"
    assert context.facts["Förderer 1"] == "Bezirksamt Wandsbek"
    assert context.people == ["Ayşe Demir"]
    assert context.form_of_address == "Du" and context.gender_style == "doppelpunkt"
    assert context.channel == "instagram"
    assert context.factsheet["name"] == "Bürgerhaus"
