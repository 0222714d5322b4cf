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
from kikultur.store.models.drafts import (
    Draft,
    DraftStatus,
    DraftVault,
    DraftVersion,
    OrganisationSettings,
    OrganisationTool,
    VersionOrigin,
)
from kikultur.store.models.factsheet import FactSheetVersion

__all__ = [
    "Base",
    "Draft",
    "DraftStatus",
    "DraftVault",
    "DraftVersion",
    "FactSheetVersion",
    "Invitation",
    "LoginAttempt",
    "Organisation",
    "OrganisationSettings",
    "OrganisationTool",
    "Role",
    "User",
    "UserSession",
    "VersionOrigin",
    "utcnow",
]
