"""All models, imported here so `Base.metadata` knows every table (Alembic reads it)."""

from kikultur.store.models.accounts import (
    Invitation,
    LoginAttempt,
    Organisation,
    Role,
    User,
    UserSession,
)
from kikultur.store.models.base import Base, utcnow
from kikultur.store.models.factsheet import FactSheetVersion
from kikultur.store.models.models_llm import ModelCallRecord, OrganisationProvider, ProviderRecord

__all__ = [
    "Base",
    "FactSheetVersion",
    "Invitation",
    "LoginAttempt",
    "ModelCallRecord",
    "Organisation",
    "OrganisationProvider",
    "ProviderRecord",
    "Role",
    "User",
    "UserSession",
    "utcnow",
]
