"""The Steckbrief in the browser flow: edit, versions, and bad input with German messages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kikultur.store.models import FactSheetVersion, Invitation, Organisation, User
from tests.conftest import OrgFixture
from tests.helpers import field_error, post_form

FORM = {
    "base_version": "0",
    "name": "Bürgerhaus Altona-Nord",
    "legal_form": "e. V.",
    "address": "Beispielstraße 1\n22769 Hamburg",
    "district": "Altona",
    "mission": "Kultur für alle im Stadtteil.",
    "target_groups": "Familien\nSeniorinnen und Senioren",
    "funders": "Bezirksamt Altona",
    "team-0-name": "Ayşe Demir",
    "team-0-role": "Leitung",
    "team-0-contact": "ayse@a.example.org",
    "figures-0-year": "2024",
    "figures-0-visitors": "12500",
    "figures-0-events": "310",
    "social-0-platform": "Instagram",
    "social-0-account": "@buergerhaus_altona_nord",
    "about_us": "Das Bürgerhaus ist seit 1979 ein Ort der Begegnung.",
    "address_form": "du",
    "gender_style": "doppelpunkt",
    "tone": "herzlich",
}


def _versions(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(FactSheetVersion)) or 0


def test_saving_the_steckbrief_keeps_every_version(
    member_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    first = post_form(member_client, app, "/steckbrief/bearbeiten", FORM)
    assert first.status_code == 303
    second = post_form(
        member_client,
        app,
        "/steckbrief/bearbeiten",
        {**FORM, "base_version": "1", "tone": "sachlich"},
    )
    assert second.status_code == 303
    assert _versions(db) == 2
    page = member_client.get("/steckbrief").text
    assert "Ayşe Demir" in page and "12.500" in page and "sachlich" in page
    history = member_client.get("/steckbrief/versionen").text
    assert "Version 1" in history and "Version 2" in history
    data = member_client.get("/api/steckbrief").json()
    assert data["version"] == 2
    assert data["data"]["key_figures"] == [
        {"year": 2024, "visitors": 12500, "events": 310, "members": None, "volunteers": None}
    ]
    assert data["data"]["writing"] == {
        "address_form": "du",
        "gender_style": "doppelpunkt",
        "tone": "sachlich",
    }
    old = db.scalars(select(FactSheetVersion).where(FactSheetVersion.version == 1)).one()
    assert "herzlich" in member_client.get(f"/steckbrief/versionen/{old.id}").text


def test_over_long_field_gets_german_message_and_nothing_is_saved(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    response = post_form(member_client, app, "/steckbrief/bearbeiten", {**FORM, "name": "X" * 201})
    assert response.status_code == 422
    assert field_error(response.text, "name") == "Zu lang: höchstens 200 Zeichen erlaubt."
    assert 'aria-invalid="true"' in response.text
    assert "Ayşe Demir" in response.text  # the other input is kept
    assert _versions(db) == 0


def test_bad_numbers_and_choices_are_reported_at_their_row(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    response = post_form(
        member_client,
        app,
        "/steckbrief/bearbeiten",
        {
            **FORM,
            "figures-0-visitors": "viele",
            "district": "Berlin-Mitte",
            "team-1-role": "ohne Name",
        },
    )
    assert response.status_code == 422
    assert field_error(response.text, "figures-0-visitors") == "Bitte eine ganze Zahl angeben."
    assert field_error(response.text, "district") == "Bitte einen der angebotenen Werte wählen."
    assert field_error(response.text, "team-1-name") == "Bitte ausfüllen."
    assert _versions(db) == 0


def test_stale_form_submitted_twice_is_refused_with_german_message(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    assert post_form(member_client, app, "/steckbrief/bearbeiten", FORM).status_code == 303
    again = post_form(member_client, app, "/steckbrief/bearbeiten", {**FORM, "tone": "frech"})
    assert again.status_code == 409
    assert "wurde inzwischen geändert" in again.text
    assert "frech" in again.text  # the input is not lost
    assert 'name="base_version" value="1"' in again.text
    assert _versions(db) == 1


def test_invalid_email_and_duplicate_user_get_german_messages(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    invalid = post_form(
        admin_client, app, "/einstellungen/team/einladen", {"email": "kein-at-zeichen"}
    )
    assert invalid.status_code == 422
    assert field_error(invalid.text, "email") == (
        "Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de."
    )
    duplicate = post_form(
        admin_client, app, "/einstellungen/team/einladen", {"email": org_a.member.email.upper()}
    )
    assert duplicate.status_code == 422
    assert field_error(duplicate.text, "email") == (
        "Es gibt schon ein Konto mit dieser E-Mail-Adresse."
    )
    assert db.scalars(select(Invitation)).all() == []


def test_platform_admin_creates_organisation_with_invitation_atomically(
    client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    from tests.helpers import login_as

    org_a.admin.role = "platform_admin"
    db.merge(org_a.admin)
    db.commit()
    login_as(client, app, org_a.admin)
    taken = post_form(
        client,
        app,
        "/plattform/einrichtungen",
        {"name": "Stadtteilzentrum Neu", "admin_email": org_a.member.email},
    )
    assert field_error(taken.text, "admin_email") == (
        "Es gibt schon ein Konto mit dieser E-Mail-Adresse."
    )
    # Nothing half-saved: the organisation was rolled back with the failed invitation.
    names = set(db.scalars(select(Organisation.name)))
    assert "Stadtteilzentrum Neu" not in names
    ok = post_form(
        client,
        app,
        "/plattform/einrichtungen",
        {"name": "Stadtteilzentrum Neu", "admin_email": "leitung@neu.example.org"},
    )
    assert ok.status_code == 201 and "/einladung/" in ok.text
    assert db.scalar(select(func.count()).select_from(User)) == 2


def test_binary_input_is_refused_in_german_and_nothing_is_saved(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    response = post_form(
        member_client, app, "/steckbrief/bearbeiten", {**FORM, "mission": "Text\x00\x01\x02"}
    )
    assert response.status_code == 400
    assert "Binärdaten" in response.text
    assert _versions(db) == 0


def test_huge_request_is_refused_before_reading(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    app.state.settings.upload_max_bytes = 1024 * 1024
    response = post_form(
        member_client, app, "/steckbrief/bearbeiten", {**FORM, "mission": "x" * 1_100_000}
    )
    assert response.status_code == 413
    assert "größer als 1 MB" in response.text
    assert _versions(db) == 0


def test_huge_field_below_the_request_limit_gets_a_field_message(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    response = post_form(
        member_client, app, "/steckbrief/bearbeiten", {**FORM, "mission": "x" * 100_000}
    )
    assert response.status_code == 422
    assert field_error(response.text, "mission") == "Zu lang: höchstens 4000 Zeichen erlaubt."
    assert _versions(db) == 0


def test_wrongly_encoded_form_is_stored_as_text_without_crashing(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    from tests.helpers import csrf

    body = f"csrf_token={csrf(member_client, app)}&base_version=0&name=Haus%FF%FE".encode()
    response = member_client.post(
        "/steckbrief/bearbeiten",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    # Invalid UTF-8 becomes the replacement character: visible to the user, not a crash.
    assert response.status_code == 303
    assert "Haus\ufffd" in member_client.get("/steckbrief").text


def test_german_thousands_point_is_saved_as_twelve_thousand_and_shown_with_it(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    # "12.000" used to be read as the decimal 12.000 and saved as 12.
    form = {**FORM, "figures-0-visitors": "12.000", "figures-0-events": "1.234.567"}
    response = post_form(member_client, app, "/steckbrief/bearbeiten", form)
    assert response.status_code == 303
    figures = member_client.get("/api/steckbrief").json()["data"]["key_figures"][0]
    assert figures["visitors"] == 12000 and figures["events"] == 1234567
    page = member_client.get("/steckbrief").text
    assert "<td>12.000</td>" in page and "<td>1.234.567</td>" in page


def test_decimal_and_approximate_numbers_get_german_messages_and_nothing_is_saved(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    form = {**FORM, "figures-0-visitors": "12,5", "figures-0-events": "ca. 12.000"}
    response = post_form(member_client, app, "/steckbrief/bearbeiten", form)
    assert response.status_code == 422
    assert field_error(response.text, "figures-0-visitors") == "Bitte eine ganze Zahl angeben."
    assert "ohne „ca.“" in (field_error(response.text, "figures-0-events") or "")
    assert _versions(db) == 0
