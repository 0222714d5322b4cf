"""Einstellungen › Datenschutz: downloads, retention form, deletions with confirmation,
Art. 30/28 pages; roles decide who may do what."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.config_store import ProviderStoreError
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig
from kikultur.services.model_access import provider_store
from kikultur.store.models import Organisation, ProcessorChecklist, RetentionSetting, Role, User
from tests.conftest import PASSWORD, OrgFixture
from tests.helpers import field_error, login_as, post_form

BASE = "/einstellungen/datenschutz"


def _zip(response_content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response_content))


def test_member_sees_the_page_and_downloads_own_data_only(
    member_client: TestClient, app: FastAPI, org_a: OrgFixture
) -> None:
    page = member_client.get(BASE)
    assert page.status_code == 200
    assert "Meine Daten herunterladen" in page.text
    assert "Alle Daten der Einrichtung" not in page.text
    response = post_form(member_client, app, f"{BASE}/export/konto")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    users = json.loads(_zip(response.content).read("tabellen/users.json"))
    assert [u["email"] for u in users] == [org_a.member.email]
    assert post_form(member_client, app, f"{BASE}/export/einrichtung").status_code == 403


def test_admin_downloads_the_whole_organisation(
    admin_client: TestClient, app: FastAPI, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    response = post_form(admin_client, app, f"{BASE}/export/einrichtung")
    assert response.status_code == 200
    archive = _zip(response.content)
    users = json.loads(archive.read("tabellen/users.json"))
    assert {u["email"] for u in users} == {org_a.admin.email, org_a.member.email}
    assert "README.txt" in archive.namelist()


def test_admin_sets_retention_periods_with_german_errors(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    bad = post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "viele"})
    assert bad.status_code == 422
    assert field_error(bad.text, "invitations") == (
        "Bitte die Frist als Anzahl von Tagen eingeben, zum Beispiel 365 (oder leer lassen)."
    )
    zero = post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "0"})
    assert "zwischen 1 und 36500 Tagen" in (field_error(zero.text, "invitations") or "")
    assert db.scalars(select(RetentionSetting)).all() == []
    ok = post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "14"})
    assert ok.status_code == 303
    row = db.scalars(select(RetentionSetting)).one()
    assert (row.organisation_id, row.key, row.days) == (org_a.org.id, "invitations", 14)
    # Three years written as Germans write numbers.
    post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "1.095"})
    db.expire_all()
    assert db.scalars(select(RetentionSetting.days)).one() == 1095
    # Empty again: back to the instance default.
    post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": ""})
    db.expunge_all()
    assert db.scalars(select(RetentionSetting)).all() == []


def test_member_cannot_change_retention_periods(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    response = post_form(member_client, app, f"{BASE}/loeschfristen", {"invitations": "3"})
    assert response.status_code == 403
    assert db.scalars(select(RetentionSetting)).all() == []


def test_admin_deletes_a_member_after_typing_the_address(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    url = f"{BASE}/mitglieder/{org_a.member.id}/loeschen"
    assert org_a.member.email in admin_client.get(url).text
    wrong = post_form(admin_client, app, url, {"confirm": "jemand@anders.org"})
    assert wrong.status_code == 422
    assert "stimmt nicht überein" in wrong.text
    assert db.get(User, org_a.member.id) is not None
    done = post_form(admin_client, app, url, {"confirm": org_a.member.email.upper()})
    assert done.status_code == 303
    db.expunge_all()
    assert db.get(User, org_a.member.id) is None


def test_admin_cannot_delete_members_of_another_organisation_or_self(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    for user in (org_b.member, org_a.admin):
        url = f"{BASE}/mitglieder/{user.id}/loeschen"
        assert admin_client.get(url).status_code == 404
        assert post_form(admin_client, app, url, {"confirm": user.email}).status_code == 404
    db.expunge_all()
    assert db.get(User, org_b.member.id) is not None


def test_user_deletes_own_account_with_password_and_is_logged_out(
    member_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    wrong = post_form(member_client, app, f"{BASE}/konto/loeschen", {"password": "falsch"})
    assert wrong.status_code == 422
    assert "Passwort stimmt nicht" in (field_error(wrong.text, "password") or "")
    done = post_form(member_client, app, f"{BASE}/konto/loeschen", {"password": PASSWORD})
    assert done.status_code == 303 and done.headers["location"].startswith("/anmelden")
    db.expunge_all()
    assert db.get(User, org_a.member.id) is None
    assert member_client.get(BASE, follow_redirects=False).status_code == 303


def test_last_admin_cannot_delete_own_account(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    response = post_form(admin_client, app, f"{BASE}/konto/loeschen", {"password": PASSWORD})
    assert response.status_code == 422
    assert "letzte Verwaltung der Einrichtung" in response.text
    assert db.get(User, org_a.admin.id) is not None


def test_organisation_admins_see_no_instance_pages(admin_client: TestClient) -> None:
    assert 'href="/plattform"' not in admin_client.get("/einstellungen").text
    assert admin_client.get("/plattform").status_code == 403


def test_platform_admin_deletes_an_organisation_after_typing_its_name(
    client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    org_a.admin.role = Role.platform_admin.value
    db.merge(org_a.admin)
    db.commit()
    login_as(client, app, org_a.admin)
    # The instance pages are reached from the settings, not from the main navigation.
    settings_page = client.get("/einstellungen").text
    assert 'href="/plattform">Weitere Einrichtungen' in settings_page
    assert 'href="/plattform"' not in settings_page.split('class="main-nav"')[1].split("</nav>")[0]
    assert f"/plattform/einrichtungen/{org_b.org.id}/loeschen" in client.get("/plattform").text
    url = f"/plattform/einrichtungen/{org_b.org.id}/loeschen"
    wrong = post_form(client, app, url, {"confirm": "Geschichtswerkstatt"})
    assert wrong.status_code == 422 and "Name stimmt nicht überein" in wrong.text
    done = post_form(client, app, url, {"confirm": org_b.org.name})
    assert done.status_code == 303
    db.expunge_all()
    assert db.get(Organisation, org_b.org.id) is None
    # Its own organisation holds the last platform admin: refused with a reason.
    own = post_form(client, app, f"/plattform/einrichtungen/{org_a.org.id}/loeschen",
                    {"confirm": org_a.org.name})  # fmt: skip
    assert own.status_code == 422 and "letzte Plattform-Verwaltung" in own.text


def test_org_admin_cannot_delete_organisations(
    admin_client: TestClient, app: FastAPI, db: Session, org_b: OrgFixture
) -> None:
    url = f"/plattform/einrichtungen/{org_b.org.id}/loeschen"
    assert post_form(admin_client, app, url, {"confirm": org_b.org.name}).status_code == 403
    assert db.get(Organisation, org_b.org.id) is not None


def test_provider_pages_show_art30_entry_and_admin_saves_art28_answers(
    admin_client: TestClient, app: FastAPI, db: Session, settings: Settings, org_a: OrgFixture
) -> None:
    provider_store(settings).add(
        ProviderConfig(
            name="mistral",
            base_url="https://api.mistral.ai/v1",
            model="mistral-small-latest",
            data_class=DataClass.eu,
        )
    )
    overview = admin_client.get(f"{BASE}/anbieter")
    assert "mistral" in overview.text and "lokal" in overview.text
    page = admin_client.get(f"{BASE}/anbieter/mistral")
    assert "Eintrag im Verarbeitungsverzeichnis (Art. 30 DSGVO)" in page.text
    assert "Prüfliste Auftragsverarbeitung (Art. 28 DSGVO)" in page.text
    assert "Angaben speichern" in page.text
    bad = post_form(admin_client, app, f"{BASE}/anbieter/mistral", {"agreement_date": "morgen"})
    assert bad.status_code == 422 and field_error(bad.text, "agreement_date")
    saved = post_form(
        admin_client,
        app,
        f"{BASE}/anbieter/mistral",
        {"processor_agreement": "1", "agreement_date": "2026-01-15", "notes": "Ordner 3"},
    )
    assert saved.status_code == 303
    row = db.scalars(select(ProcessorChecklist)).one()
    assert (row.organisation_id, row.processor_agreement, row.notes) == (
        org_a.org.id,
        True,
        "Ordner 3",
    )
    assert admin_client.get(f"{BASE}/anbieter/lokal").status_code == 200
    assert post_form(admin_client, app, f"{BASE}/anbieter/lokal", {}).status_code == 404
    assert admin_client.get(f"{BASE}/anbieter/unbekannt").status_code == 404
    markdown = admin_client.get(f"{BASE}/verzeichnis.md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "AV-Vertrag abgeschlossen am: 15.01.2026" in markdown.text
    docx = admin_client.get(f"{BASE}/verzeichnis.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_member_reads_provider_pages_but_cannot_save(
    member_client: TestClient, app: FastAPI, settings: Settings, db: Session
) -> None:
    provider_store(settings).add(
        ProviderConfig(
            name="extern",
            base_url="https://llm.example.com/v1",
            model="m",
            data_class=DataClass.third_country,
        )
    )
    page = member_client.get(f"{BASE}/anbieter/extern")
    assert page.status_code == 200 and "Angaben speichern" not in page.text
    assert "Prüfliste Auftragsverarbeitung (Art. 28 DSGVO)" in page.text
    denied = post_form(member_client, app, f"{BASE}/anbieter/extern", {"processor_agreement": "1"})
    assert denied.status_code == 403
    assert db.scalars(select(ProcessorChecklist)).all() == []


def test_retention_form_refuses_odd_digits_and_binary_input(
    admin_client: TestClient, app: FastAPI, db: Session
) -> None:
    odd = post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "²"})
    assert odd.status_code == 422
    assert field_error(odd.text, "invitations")
    binary = post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "1\x002"})
    assert binary.status_code == 400 and "Binärdaten" in binary.text
    huge = post_form(admin_client, app, f"{BASE}/loeschfristen", {"invitations": "9" * 40})
    assert "zwischen 1 und 36500 Tagen" in (field_error(huge.text, "invitations") or "")
    assert db.scalars(select(RetentionSetting)).all() == []


def test_pages_with_parameters_have_labelled_fields(
    admin_client: TestClient, app: FastAPI, settings: Settings, org_a: OrgFixture
) -> None:
    from tests.web.test_accessibility import _Page

    provider_store(settings).add(
        ProviderConfig(
            name="extern",
            base_url="https://llm.example.com/v1",
            model="m",
            data_class=DataClass.third_country,
        )
    )
    for path in (f"{BASE}/anbieter/extern", f"{BASE}/mitglieder/{org_a.member.id}/loeschen"):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        page = _Page()
        page.feed(response.text)
        assert page.fields and [f for f in page.fields if f not in page.labels] == [], path


def test_records_download_knows_only_markdown_and_word(admin_client: TestClient) -> None:
    assert admin_client.get(f"{BASE}/verzeichnis.pdf").status_code == 404
    assert "# Verzeichnis" in admin_client.get(f"{BASE}/verzeichnis.md").text


def test_provider_list_failure_shows_a_german_page_without_the_exception_text(
    member_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(repo: object, settings: object) -> None:
        raise ProviderStoreError("interner Zustand: Schlüssel passt nicht")

    monkeypatch.setattr("kikultur.web.routers.privacy.gdpr_records.entries", broken)
    response = member_client.get("/einstellungen/datenschutz/anbieter")
    assert response.status_code == 500
    assert "Die Liste der Modell-Anbieter kann gerade nicht gelesen werden." in response.text
    assert "interner Zustand" not in response.text
