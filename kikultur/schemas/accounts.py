"""Payloads for organisations, users, invitations, login and password change."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from kikultur.i18n import _
from kikultur.schemas.common import Email, Stripped, german_error

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


def _check_repeat(repeat: str, password: str | None) -> str:
    # A too-short first password already has its own message; only compare valid ones.
    if password is not None and repeat != password:
        raise german_error(_("Die beiden Passwörter stimmen nicht überein."))
    return repeat


Password = Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)]
Name = Annotated[str, Stripped, Field(min_length=1, max_length=200)]
MemberRole = Literal["member", "org_admin"]
AnyRole = Literal["member", "org_admin", "platform_admin"]


class LoginForm(BaseModel):
    email: Annotated[str, Stripped, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]


class OrganisationCreate(BaseModel):
    name: Name
    admin_email: Email


class OrganisationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: datetime


class UserCreate(BaseModel):
    email: Email
    display_name: Name
    password: Password
    role: AnyRole = "member"


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation_id: int
    email: str
    display_name: str
    role: str
    is_active: bool


class PasswordChange(BaseModel):
    current_password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]
    new_password: Password
    new_password_repeat: str

    @field_validator("new_password_repeat")
    @classmethod
    def _repeat_matches(cls, value: str, info: ValidationInfo) -> str:
        return _check_repeat(value, info.data.get("new_password"))


class DisplayNameChange(BaseModel):
    display_name: Name


class InvitationCreate(BaseModel):
    email: Email
    role: MemberRole = "member"


class InvitationAccept(BaseModel):
    display_name: Name
    password: Password
    password_repeat: str

    @field_validator("password_repeat")
    @classmethod
    def _repeat_matches(cls, value: str, info: ValidationInfo) -> str:
        return _check_repeat(value, info.data.get("password"))
