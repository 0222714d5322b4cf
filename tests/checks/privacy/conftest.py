"""Helpers for the privacy-check tests."""

from __future__ import annotations

from kikultur.checks.findings import CheckContext
from kikultur.checks.privacy import detect


def found(text: str, kind: str, **kwargs: object) -> list[str]:
    """The texts of all findings of one kind."""
    return [f.text for f in detect(text, CheckContext(), **kwargs) if f.kind == kind]  # type: ignore[arg-type]
