"""Typed dependencies for routes: SessionDep, CurrentUser, CurrentOrg, RepoDep and friends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from argon2 import PasswordHasher
from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from kikultur.config import Settings
from kikultur.services.accounts import session_for_token
from kikultur.store.models import Organisation, User, UserSession
from kikultur.store.repository import OrgRepository
from kikultur.web.security import SESSION_COOKIE, LoginRequired

# Paths a user who must change the one-time password may still open.
PASSWORD_CHANGE_PATH = "/konto/passwort"
ALLOWED_BEFORE_PASSWORD_CHANGE = frozenset({PASSWORD_CHANGE_PATH, "/abmelden"})


class MustChangePassword(Exception):
    pass


class Forbidden(Exception):
    """Logged in, but the role does not allow this."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
SessionDep = Annotated[Session, Depends(get_session)]


def get_login(request: Request, session: SessionDep) -> UserSession:
    token = request.cookies.get(SESSION_COOKIE)
    login = session_for_token(session, token) if token else None
    if login is None:
        raise LoginRequired()
    request.state.user = login.user
    request.state.login = login
    if login.user.must_change_password and request.url.path not in (ALLOWED_BEFORE_PASSWORD_CHANGE):
        raise MustChangePassword()
    return login


LoginDep = Annotated[UserSession, Depends(get_login)]


def get_current_user(login: LoginDep) -> User:
    return login.user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_current_org(user: CurrentUser) -> Organisation:
    return user.organisation


CurrentOrg = Annotated[Organisation, Depends(get_current_org)]


def get_repo(session: SessionDep, user: CurrentUser) -> OrgRepository:
    """The organisation-scoped repository for the logged-in user's organisation."""
    return OrgRepository(session, user.organisation_id)


RepoDep = Annotated[OrgRepository, Depends(get_repo)]


def require_org_admin(user: CurrentUser) -> User:
    if not user.is_org_admin:
        raise Forbidden()
    return user


def require_platform_admin(user: CurrentUser) -> User:
    if not user.is_platform_admin:
        raise Forbidden()
    return user


OrgAdmin = Annotated[User, Depends(require_org_admin)]
PlatformAdmin = Annotated[User, Depends(require_platform_admin)]
