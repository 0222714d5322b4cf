"""Shared field types and the translation of validation errors into German field messages."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from kikultur.i18n import _


def _normalise_email(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("missing", "missing")
    if len(value) > 254:
        raise PydanticCustomError("string_too_long", "too long", {"max_length": 254})
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise PydanticCustomError("email_invalid", "invalid email") from exc


def _strip(value: str) -> str:
    return value.strip()


Email = Annotated[str, AfterValidator(_normalise_email)]
Stripped = AfterValidator(_strip)


def field_key(loc: tuple[int | str, ...]) -> str:
    """("team", 0, "name") -> "team-0-name", the name of the form field."""
    return "-".join(str(part) for part in loc)


def german_message(error: Any) -> str:
    """One pydantic error (a dict from `ValidationError.errors()`) as a German sentence."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing" or (
        kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1
    ):
        return _("Bitte ausfüllen.")
    is_text = isinstance(error.get("input"), str)
    if kind == "string_too_long" or (kind == "too_long" and is_text):
        return _("Zu lang: höchstens {max} Zeichen erlaubt.").format(max=ctx.get("max_length"))
    if kind == "string_too_short" or (kind == "too_short" and is_text):
        return _("Zu kurz: mindestens {min} Zeichen.").format(min=ctx.get("min_length"))
    if kind == "email_invalid":
        return _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Bitte eine ganze Zahl angeben.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Die Zahl ist zu klein (mindestens {min}).").format(
            min=ctx.get("ge", ctx.get("gt"))
        )
    if kind in ("less_than_equal", "less_than"):
        return _("Die Zahl ist zu groß (höchstens {max}).").format(max=ctx.get("le", ctx.get("lt")))
    if kind in ("literal_error", "enum"):
        return _("Bitte einen der angebotenen Werte wählen.")
    if kind == "too_long":
        return _("Zu viele Einträge: höchstens {max}.").format(max=ctx.get("max_length"))
    if kind == "german":
        # Custom errors raised by our own validators already carry German text.
        return str(error["msg"])
    return _("Ungültige Eingabe.")


def german_errors(exc: ValidationError) -> dict[str, str]:
    """Field name -> German message; the first error per field wins."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if part != "__root__")
        errors.setdefault(field_key(loc) or "form", german_message(error))
    return errors


def german_error(message: str) -> PydanticCustomError:
    """A validation error whose text is already German (used inside validators)."""
    return PydanticCustomError("german", message)


M = TypeVar("M", bound=BaseModel)


def validate_form(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """Validates form data; returns the model or German messages keyed by field name."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        return None, german_errors(exc)
