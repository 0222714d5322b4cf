"""Errors of the draft service; every message is German and shown to the user as is."""

from __future__ import annotations


class DraftError(ValueError):
    """A draft action cannot be done; `field` names the form field it concerns (or "form")."""

    def __init__(self, message: str, field: str = "form") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ReviewRefused(DraftError):
    """Marking "geprüft" is refused: contradicted facts are open and no override was given."""


class FixError(DraftError):
    """A fix cannot be applied (finding or suggestion unknown, text changed meanwhile)."""


class TemplateError(DraftError):
    """An uploaded Word template is refused (type, size, not readable)."""
