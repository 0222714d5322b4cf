"""GDPR tooling: export, hard deletion, retention purge, Art. 30 / Art. 28 records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kikultur.i18n import _
from kikultur.store.models import Organisation, User


class GdprError(Exception):
    """A GDPR action cannot be done; the message is German and says why."""

    def __init__(self, message: str, field: str = "form") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def get_user(session: Session, user_id: int) -> User:
    """The account to export or delete; GdprError (German) if there is none of this number."""
    user = session.get(User, user_id)
    if user is None:
        raise GdprError(_("Das Konto mit der Nummer {id} gibt es nicht.").format(id=user_id))
    return user


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    """The organisation to export or delete; GdprError (German) if there is none."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise GdprError(
            _("Die Einrichtung mit der Nummer {id} gibt es nicht.").format(id=organisation_id)
        )
    return org
