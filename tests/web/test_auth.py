"""Login, logout, CSRF, throttling, password change, first-run password, invitations."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.schemas.accounts import InvitationCreate
from kikultur.services import accounts
from kikultur.store.models import Invitation, LoginAttempt, User, UserSession, utcnow
from kikultur.store.repository import OrgRepository
from kikultur.web.security import SESSION_COOKIE
from tests.conftest import PASSWORD, OrgFixture
from tests.helpers import csrf, field_error, post_form


def _login(client: TestClient, app: FastAPI, email: str, password: str):  # type: ignore[no-untyped-def]
    client.get("/anmelden")  # sets the CSRF cookie like a browser
    return post_form(client, app, "/anmelden", {"email": email, "password": password})


def test_login_sets_httponly_lax_cookie_and_opens_home(
    client: TestClient, app: FastAPI, org_a: OrgFixture
) -> None:
    response = _login(client, app, org_a.member.email, PASSWORD)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    home = client.get("/")
    assert home.status_code == 200
    assert org_a.org.name in home.text


def test_session_cookie_is_secure_behind_https(
    client: TestClient, app: FastAPI, org_a: OrgFixture
) -> None:
    app.state.settings.https = True
    response = _login(client, app, org_a.member.email, PASSWORD)
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_gives_german_message(
    client: TestClient, app: FastAPI, org_a: OrgFixture
) -> None:
    response = _login(client, app, org_a.member.email, "falsch-falsch-falsch")
    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.text


def test_pages_need_login(client: TestClient) -> None:
    response = client.get("/steckbrief", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/anmelden")
    assert client.get("/api/steckbrief").status_code == 401


def test_logout_ends_the_session_on_the_server(
    client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    _login(client, app, org_a.member.email, PASSWORD)
    token = client.cookies.get(SESSION_COOKIE)
    assert token
    response = post_form(client, app, "/abmelden")
    assert response.status_code == 303
    # Even a stolen copy of the old cookie no longer works.
    client.cookies.set(SESSION_COOKIE, token)
    assert client.get("/", follow_redirects=False).status_code == 303
    assert db.scalars(select(UserSession)).all() == []


def test_state_changing_request_without_csrf_token_is_refused(
    member_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    response = member_client.post(
        "/steckbrief/bearbeiten",
        data={"name": "Ohne Token", "base_version": "0"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "Formular war abgelaufen" in response.text
    # Only this sending was refused: the page must not claim that nothing at all was saved
    # (a first click of a double click may have created a draft meanwhile).
    assert "nichts gespeichert" not in response.text
    assert "bleibt erhalten" in response.text
    wrong = member_client.post(
        "/steckbrief/bearbeiten",
        data={"name": "Falsches Token", "base_version": "0", "csrf_token": "0" * 64},
    )
    assert wrong.status_code == 403
    assert db.scalars(select(UserSession)).first() is not None  # still logged in
    assert OrgRepository(db, org_a.org.id).factsheet_current() is None  # nothing saved


def test_logout_without_csrf_token_is_refused(member_client: TestClient) -> None:
    assert member_client.post("/abmelden", follow_redirects=False).status_code == 403
    assert member_client.get("/", follow_redirects=False).status_code == 200


def test_csrf_header_is_accepted_for_scripts(member_client: TestClient, app: FastAPI) -> None:
    response = member_client.post(
        "/abmelden", headers={"X-CSRF-Token": csrf(member_client, app)}, follow_redirects=False
    )
    assert response.status_code == 303


def test_login_is_throttled_after_repeated_failures(
    client: TestClient, app: FastAPI, org_a: OrgFixture
) -> None:
    limit = app.state.settings.login_max_failures
    for _ in range(limit):
        assert _login(client, app, org_a.member.email, "falsch-falsch").status_code == 401
    # Now even the right password is refused until the lockout has passed.
    blocked = _login(client, app, org_a.member.email, PASSWORD)
    assert blocked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in blocked.text
    # Another account from the same address is not locked by these few failures.
    assert _login(client, app, org_a.admin.email, PASSWORD).status_code == 303


def test_throttling_is_lifted_after_the_lockout_and_counts_per_client(
    client: TestClient,
    app: FastAPI,
    db: Session,
    settings,
    org_a: OrgFixture,  # type: ignore[no-untyped-def]
) -> None:
    hasher = accounts.make_hasher(settings)
    for _ in range(settings.login_max_failures):
        with contextlib.suppress(accounts.AccountError):
            accounts.authenticate(db, hasher, settings, org_a.member.email, "nein", "10.0.0.1")
    # Failures older than the lockout window no longer count.

    for attempt in db.scalars(select(LoginAttempt)):
        attempt.created_at = utcnow() - timedelta(minutes=settings.login_lockout_minutes + 1)
    db.commit()
    user = accounts.authenticate(db, hasher, settings, org_a.member.email, PASSWORD, "10.0.0.1")
    assert user.id == org_a.member.id


def test_one_time_password_must_be_changed_first(
    client: TestClient, app: FastAPI, db: Session
) -> None:
    created = accounts.bootstrap_first_run(db, app.state.hasher)
    assert created is not None
    assert accounts.bootstrap_first_run(db, app.state.hasher) is None  # only once
    assert _login(client, app, created.email, created.password).status_code == 303
    response = client.get("/steckbrief", follow_redirects=False)
    assert response.headers["location"] == "/konto/passwort"
    change = post_form(
        client,
        app,
        "/konto/passwort",
        {
            "current_password": created.password,
            "new_password": "mein-eigenes-passwort",
            "new_password_repeat": "mein-eigenes-passwort",
        },
    )
    assert change.status_code == 303
    assert client.get("/steckbrief").status_code == 200


def test_first_account_is_asked_for_its_own_name_instead_of_greeted_as_verwaltung(
    client: TestClient, app: FastAPI, db: Session
) -> None:
    created = accounts.bootstrap_first_run(db, app.state.hasher)
    assert created is not None
    _login(client, app, created.email, created.password)
    new = "mein-eigenes-passwort"
    fields = {"current_password": created.password, "new_password": new}
    post_form(client, app, "/konto/passwort", {**fields, "new_password_repeat": new})
    done = client.get("/konto/passwort?geaendert=1")
    assert 'href="/konto/name">Weiter: Ihren Namen eintragen' in done.text
    home = client.get("/")
    assert "Willkommen, Verwaltung" not in home.text
    assert "Ihr Konto heißt noch „Verwaltung“" in home.text

    renamed = post_form(client, app, "/konto/name", {"display_name": "  Kim Muster "})
    assert renamed.status_code == 303
    home = client.get("/")
    assert "Willkommen, Kim Muster" in home.text
    assert "Ihr Konto heißt noch" not in home.text
    db.expire_all()
    assert db.scalar(select(User.display_name).where(User.email == created.email)) == "Kim Muster"


def test_empty_name_is_refused_in_german_and_the_old_name_stays(
    member_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    before = org_a.member.display_name
    response = post_form(member_client, app, "/konto/name", {"display_name": "   "})
    assert response.status_code == 422
    assert field_error(response.text, "display_name") == "Bitte ausfüllen."
    db.expire_all()
    assert db.scalar(select(User.display_name).where(User.id == org_a.member.id)) == before


def test_password_change_errors_are_german_and_at_the_field(
    member_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    before = db.scalar(select(User.password_hash).where(User.id == org_a.member.id))
    wrong = post_form(
        member_client,
        app,
        "/konto/passwort",
        {
            "current_password": "nicht-das-richtige",
            "new_password": "neues-passwort-123",
            "new_password_repeat": "neues-passwort-123",
        },
    )
    assert field_error(wrong.text, "current_password") == "Das bisherige Passwort stimmt nicht."
    short = post_form(
        member_client,
        app,
        "/konto/passwort",
        {"current_password": PASSWORD, "new_password": "kurz", "new_password_repeat": "kurz"},
    )
    assert field_error(short.text, "new_password") == "Zu kurz: mindestens 10 Zeichen."
    mismatch = post_form(
        member_client,
        app,
        "/konto/passwort",
        {
            "current_password": PASSWORD,
            "new_password": "neues-passwort-123",
            "new_password_repeat": "anderes-passwort-123",
        },
    )
    message = field_error(mismatch.text, "new_password_repeat")
    assert message == "Die beiden Passwörter stimmen nicht überein."
    db.expire_all()
    assert db.scalar(select(User.password_hash).where(User.id == org_a.member.id)) == before


def test_invitation_link_creates_member_once_and_expires(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    response = post_form(
        admin_client, app, "/einstellungen/team/einladen", {"email": "Neu@A.example.org"}
    )
    assert response.status_code == 201
    link = response.text.split('<code class="link">')[1].split("</code>")[0]
    path = "/" + link.split("/", 3)[3]
    invitation = db.scalars(select(Invitation)).one()
    assert invitation.token_hash not in link  # only the hash is stored
    admin_client.cookies.clear()
    assert "neu@a.example.org" in admin_client.get(path).text
    accepted = post_form(
        admin_client,
        app,
        path,
        {
            "display_name": "Neue Person",
            "password": "gutes-passwort-1",
            "password_repeat": "gutes-passwort-1",
        },
    )
    assert accepted.status_code == 303
    user = db.scalars(select(User).where(User.email == "neu@a.example.org")).one()
    assert user.organisation_id == org_a.org.id and user.role == "member"
    again = admin_client.get(path)
    assert again.status_code == 410 and "schon benutzt" in again.text

    other = accounts.create_invitation(
        OrgRepository(db, org_a.org.id),
        app.state.settings,
        org_a.admin,
        InvitationCreate(email="spaet@a.example.org"),
    )
    other.invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    expired = admin_client.get(f"/einladung/{other.token}")
    assert expired.status_code == 410 and "abgelaufen" in expired.text


def test_members_cannot_invite(member_client: TestClient, app: FastAPI, db: Session) -> None:
    response = post_form(
        member_client, app, "/einstellungen/team/einladen", {"email": "x@a.example.org"}
    )
    assert response.status_code == 403
    assert db.scalars(select(Invitation)).all() == []


def test_invitation_for_an_address_that_got_an_account_meanwhile_says_so(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    created = accounts.create_invitation(
        OrgRepository(db, org_a.org.id),
        app.state.settings,
        org_a.admin,
        InvitationCreate(email="doppelt@a.example.org"),
    )
    db.commit()
    accounts.create_user(
        db,
        app.state.hasher,
        org_a.org.id,
        accounts.UserCreate(
            email="doppelt@a.example.org", display_name="Schon da", password=PASSWORD
        ),
    )
    db.commit()
    admin_client.cookies.clear()
    response = post_form(
        admin_client,
        app,
        f"/einladung/{created.token}",
        {"display_name": "Noch mal", "password": PASSWORD, "password_repeat": PASSWORD},
    )
    assert response.status_code == 422
    assert "Es gibt schon ein Konto mit dieser E-Mail-Adresse." in response.text


def test_password_change_ends_the_other_sessions(
    member_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    other = TestClient(app)
    from tests.helpers import login_as

    login_as(other, app, org_a.member)
    assert other.get("/", follow_redirects=False).status_code == 200
    response = post_form(
        member_client,
        app,
        "/konto/passwort",
        {
            "current_password": PASSWORD,
            "new_password": "ganz-neues-passwort",
            "new_password_repeat": "ganz-neues-passwort",
        },
    )
    assert response.status_code == 303
    assert member_client.get("/", follow_redirects=False).status_code == 200
    assert other.get("/", follow_redirects=False).status_code == 303


def test_org_admin_locks_a_member_out_and_back_in(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    from tests.helpers import login_as

    member = TestClient(app)
    login_as(member, app, org_a.member)
    locked = post_form(
        admin_client, app, f"/einstellungen/team/{org_a.member.id}/status", {"active": "0"}
    )
    assert locked.status_code == 303
    assert "gesperrt" in admin_client.get("/einstellungen/team").text
    assert member.get("/", follow_redirects=False).status_code == 303  # session ended
    refused = _login(member, app, org_a.member.email, PASSWORD)
    assert refused.status_code == 401
    post_form(admin_client, app, f"/einstellungen/team/{org_a.member.id}/status", {"active": "1"})
    assert _login(member, app, org_a.member.email, PASSWORD).status_code == 303


def test_admin_cannot_lock_self_and_members_cannot_lock_anyone(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    own = post_form(
        admin_client, app, f"/einstellungen/team/{org_a.admin.id}/status", {"active": "0"}
    )
    assert own.status_code == 422 and "eigenes Konto" in own.text
    from tests.helpers import login_as

    login_as(admin_client, app, org_a.member)
    refused = post_form(
        admin_client, app, f"/einstellungen/team/{org_a.admin.id}/status", {"active": "0"}
    )
    assert refused.status_code == 403
    db.expire_all()
    assert db.get(User, org_a.admin.id).is_active  # type: ignore[union-attr]


def test_login_redirects_only_to_local_paths(
    client: TestClient, app: FastAPI, org_a: OrgFixture
) -> None:
    for target, expected in (
        ("/steckbrief", "/steckbrief"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
    ):
        client.cookies.clear()
        client.get("/anmelden")
        response = post_form(
            client,
            app,
            "/anmelden",
            {"email": org_a.member.email, "password": PASSWORD, "weiter": target},
        )
        assert response.headers["location"] == expected, target
