"""GDPR tooling: export, hard deletion, retention purge, Art. 30 / Art. 28 records."""

from __future__ import annotations


class GdprError(Exception):
    """A GDPR action cannot be done; the message is German and says why."""

    def __init__(self, message: str, field: str = "form") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
