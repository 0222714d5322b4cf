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
    DraftFormToken,
    DraftStatus,
    DraftVault,
    DraftVersion,
    OrganisationSettings,
    OrganisationTool,
    VersionOrigin,
)
from kikultur.store.models.factsheet import FactSheetVersion
from kikultur.store.models.finance import FinancePlanLine, FinancePlanRecord, FunderProfileCopy
from kikultur.store.models.gdpr import ProcessorChecklist, RetentionSetting
from kikultur.store.models.models_llm import ModelCallRecord, OrganisationProvider, ProviderRecord

__all__ = [
    "Base",
    "Draft",
    "DraftFormToken",
    "DraftStatus",
    "DraftVault",
    "DraftVersion",
    "FactSheetVersion",
    "FinancePlanLine",
    "FinancePlanRecord",
    "FunderProfileCopy",
    "Invitation",
    "LoginAttempt",
    "ModelCallRecord",
    "Organisation",
    "OrganisationProvider",
    "OrganisationSettings",
    "OrganisationTool",
    "ProcessorChecklist",
    "ProviderRecord",
    "RetentionSetting",
    "Role",
    "User",
    "UserSession",
    "VersionOrigin",
    "utcnow",
]
