"""Accounts: organisations, users, password hashing, login with throttling, sessions,
password change and invitations. Errors carry a German message and the form field."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.schemas.accounts import (
    DisplayNameChange,
    InvitationAccept,
    InvitationCreate,
    PasswordChange,
    UserCreate,
)
from kikultur.store.models import (
    Invitation,
    LoginAttempt,
    Organisation,
    Role,
    User,
    UserSession,
    utcnow,
)
from kikultur.store.repository import InstanceRepository, OrgRepository

FIRST_RUN_ORGANISATION = "Meine Einrichtung"
FIRST_RUN_EMAIL = "admin@example.org"
# The first account's name until its owner enters their own.
FIRST_RUN_DISPLAY_NAME = "Verwaltung"
# Many users may share one address (an office behind one router): allow more there.
CLIENT_FAILURE_FACTOR = 4


class AccountError(Exception):
    """A German message for one form field (`field`), or for the whole form ("form")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class LoginThrottled(AccountError):
    pass


def make_hasher(settings: Settings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=1,
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(12)


def create_organisation(session: Session, name: str) -> Organisation:
    name = name.strip()
    if InstanceRepository(session).organisation_by_name(name) is not None:
        raise AccountError("name", _("Eine Einrichtung mit diesem Namen gibt es schon."))
    org = Organisation(name=name)
    session.add(org)
    session.flush()
    return org


def create_user(
    session: Session,
    hasher: PasswordHasher,
    organisation_id: int,
    data: UserCreate,
    *,
    must_change_password: bool = False,
) -> User:
    """Adds a user (flushes, the caller commits); a taken e-mail address is refused."""
    if InstanceRepository(session).user_by_email(data.email) is not None:
        raise AccountError("email", _("Es gibt schon ein Konto mit dieser E-Mail-Adresse."))
    user = User(
        organisation_id=organisation_id,
        email=data.email,
        display_name=data.display_name,
        password_hash=hasher.hash(data.password),
        role=data.role,
        must_change_password=must_change_password,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a parallel request took the address meanwhile
        session.rollback()
        raise AccountError(
            "email", _("Es gibt schon ein Konto mit dieser E-Mail-Adresse.")
        ) from exc
    return user


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    session: Session,
    hasher: PasswordHasher,
    settings: Settings,
    email: str,
    password: str,
    client: str,
) -> User:
    """The user for these credentials; failures are counted per e-mail and per client."""
    email = email.strip().lower()
    instance = InstanceRepository(session)
    now = utcnow()
    since = now - timedelta(minutes=settings.login_lockout_minutes)
    too_many_for_email = (
        instance.recent_failures(email=email, client=None, since=since)
        >= settings.login_max_failures
    )
    too_many_for_client = (
        instance.recent_failures(email=None, client=client, since=since)
        >= settings.login_max_failures * CLIENT_FAILURE_FACTOR
    )
    if too_many_for_email or too_many_for_client:
        raise LoginThrottled(
            "form",
            _(
                "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie {minutes} Minuten "
                "und versuchen Sie es dann noch einmal."
            ).format(minutes=settings.login_lockout_minutes),
        )
    user = instance.user_by_email(email)
    # Hash even for unknown addresses, so timing does not tell which accounts exist.
    valid = _verify(hasher, user.password_hash if user else _dummy_hash(hasher), password)
    if user is None or not valid or not user.is_active:
        session.add(LoginAttempt(email=email[:254], client=client[:64], created_at=now))
        session.commit()
        raise AccountError("form", _("E-Mail-Adresse oder Passwort ist falsch."))
    instance.clear_failures(email)
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    session.commit()
    return user


_DUMMY_HASHES: dict[tuple[int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def start_session(session: Session, settings: Settings, user: User) -> str:
    """Creates a login session and returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    InstanceRepository(session).purge_expired(utcnow())
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(hours=settings.session_hours),
        )
    )
    session.commit()
    return token


def session_for_token(session: Session, token: str) -> UserSession | None:
    found = InstanceRepository(session).session_by_token_hash(hash_token(token), utcnow())
    if found is None or not found.user.is_active:
        return None
    return found


def end_session(session: Session, token: str) -> None:
    found = InstanceRepository(session).session_by_token_hash(hash_token(token), utcnow())
    if found is not None:
        session.delete(found)
        session.commit()


def change_password(
    session: Session,
    hasher: PasswordHasher,
    user: User,
    data: PasswordChange,
    keep_session_id: int | None,
) -> None:
    """Sets a new password and ends the user's other sessions."""
    if not _verify(hasher, user.password_hash, data.current_password):
        raise AccountError("current_password", _("Das bisherige Passwort stimmt nicht."))
    if data.new_password == data.current_password:
        raise AccountError(
            "new_password", _("Das neue Passwort muss sich vom alten unterscheiden.")
        )
    user.password_hash = hasher.hash(data.new_password)
    user.must_change_password = False
    InstanceRepository(session).delete_sessions(user.id, keep_id=keep_session_id)
    session.commit()


def has_first_run_name(user: User) -> bool:
    """The user still carries the name the first start gave the first account."""
    return user.display_name == FIRST_RUN_DISPLAY_NAME


def rename_user(session: Session, user: User, data: DisplayNameChange) -> None:
    """Sets the name shown in the header, on drafts and in the team list."""
    user.display_name = data.display_name
    session.commit()


def reset_password(session: Session, hasher: PasswordHasher, email: str) -> str:
    """Sets a new one-time password (to be changed at next login) and ends all sessions."""
    user = InstanceRepository(session).user_by_email(email.strip().lower())
    if user is None:
        raise AccountError("email", _("Es gibt kein Konto mit dieser E-Mail-Adresse."))
    password = new_password()
    user.password_hash = hasher.hash(password)
    user.must_change_password = True
    InstanceRepository(session).delete_sessions(user.id)
    session.commit()
    return password


def set_member_active(repo: OrgRepository, acting: User, user_id: int, active: bool) -> User:
    """Locks or unlocks a member of the acting admin's organisation; locking ends sessions."""
    member = repo.member(user_id)
    if member is None:
        raise AccountError("form", _("Dieses Konto gibt es in Ihrer Einrichtung nicht."))
    if member.id == acting.id:
        raise AccountError("form", _("Sie können Ihr eigenes Konto nicht sperren."))
    if member.is_platform_admin and not acting.is_platform_admin:
        raise AccountError(
            "form", _("Das Konto der Plattform-Verwaltung kann nur sie selbst ändern.")
        )
    member.is_active = active
    if not active:
        InstanceRepository(repo.session).delete_sessions(member.id)
    repo.session.commit()
    return member


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str


def create_invitation(
    repo: OrgRepository, settings: Settings, created_by: User | None, data: InvitationCreate
) -> NewInvitation:
    """An invitation for this organisation; the token is returned once and stored hashed."""
    if InstanceRepository(repo.session).user_by_email(data.email) is not None:
        raise AccountError("email", _("Es gibt schon ein Konto mit dieser E-Mail-Adresse."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=data.email,
        role=data.role,
        token_hash=hash_token(token),
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + timedelta(days=settings.invitation_days),
    )
    repo.add(invitation)
    repo.session.flush()
    return NewInvitation(invitation, token)


def usable_invitation(session: Session, token: str) -> Invitation:
    """The invitation for this token if it can still be used; otherwise a German error."""
    invitation = InstanceRepository(session).invitation_by_token_hash(hash_token(token))
    if invitation is None or invitation.revoked_at is not None:
        raise AccountError("form", _("Dieser Einladungslink ist ungültig."))
    if invitation.used_at is not None:
        raise AccountError("form", _("Dieser Einladungslink wurde schon benutzt."))
    if invitation.expires_at <= utcnow():
        raise AccountError(
            "form",
            _("Dieser Einladungslink ist abgelaufen. Bitte lassen Sie sich neu einladen."),
        )
    return invitation


def accept_invitation(
    session: Session, hasher: PasswordHasher, token: str, data: InvitationAccept
) -> User:
    invitation = usable_invitation(session, token)
    user = create_user(
        session,
        hasher,
        invitation.organisation_id,
        UserCreate(
            email=invitation.email,
            display_name=data.display_name,
            password=data.password,
            role=invitation.role,
        ),
    )
    invitation.used_at = utcnow()
    session.commit()
    return user


def revoke_invitation(repo: OrgRepository, invitation_id: int) -> bool:
    invitation = repo.get(Invitation, invitation_id)
    if invitation is None or invitation.used_at is not None:
        return False
    invitation.revoked_at = utcnow()
    repo.session.commit()
    return True


@dataclass(frozen=True)
class FirstRun:
    organisation: str
    email: str
    password: str


def bootstrap_first_run(session: Session, hasher: PasswordHasher) -> FirstRun | None:
    """On an empty instance: creates "Meine Einrichtung" and an admin with a one-time
    password that must be changed at first login. Returns None if users exist."""
    if InstanceRepository(session).user_count() > 0:
        return None
    org = create_organisation(session, FIRST_RUN_ORGANISATION)
    password = new_password()
    create_user(
        session,
        hasher,
        org.id,
        UserCreate(
            email=FIRST_RUN_EMAIL,
            display_name=FIRST_RUN_DISPLAY_NAME,
            password=password,
            role=Role.platform_admin.value,
        ),
        must_change_password=True,
    )
    session.commit()
    return FirstRun(org.name, FIRST_RUN_EMAIL, password)
