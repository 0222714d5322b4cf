"""Shared field types and the translation of validation errors into German field messages."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, BeforeValidator, ValidationError
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

# German whole numbers: "12000", "12.000", "1.234.567" (the point groups thousands) and
# spaces as group separators ("12 000", also the narrow no-break space).
_PLAIN_INT = re.compile(r"[+-]?\d+")
_GROUPED_INT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_APPROXIMATE = re.compile(r"^(?:ca\.?|circa|etwa|rund|ungefähr|über|mehr als|~)\s*", re.IGNORECASE)


class GermanNumberError(ValueError):
    """A whole number in German notation could not be read; the message is German."""


def parse_german_int(raw: str) -> int:
    """Reads a whole number as Germans write it: "12.000" is twelve thousand, never 12.

    "12,5" and "12.5" are refused (not whole, or not German), and so is "ca. 12.000" with a
    message that says to enter the number alone, because the fields hold exact numbers."""
    text = re.sub(r"[\s\u00a0\u202f]+", "", raw.strip())
    if _PLAIN_INT.fullmatch(text) or _GROUPED_INT.fullmatch(text):
        return int(text.replace(".", ""))
    if _APPROXIMATE.match(raw.strip()):
        raise GermanNumberError(
            _("Bitte nur die Zahl angeben, ohne „ca.“ oder „etwa“, z. B. 12.000.")
        )
    raise GermanNumberError(_("Bitte eine ganze Zahl angeben."))


def _german_int(value: Any) -> Any:
    """Form strings go through `parse_german_int`; JSON numbers and "" go on to pydantic."""
    if isinstance(value, str) and value.strip():
        try:
            return parse_german_int(value)
        except GermanNumberError as exc:
            raise PydanticCustomError("german", str(exc)) from exc
    return value


GermanInt = BeforeValidator(_german_int)


def format_german_int(value: int | None) -> str:
    """12000 -> "12.000" (German thousands points); None -> "–"."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", ".")


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
    if kind == "too_short":
        return _("Zu wenige Einträge: mindestens {min}.").format(min=ctx.get("min_length"))
    if kind == "email_invalid":
        return _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Bitte eine ganze Zahl angeben.")
    if kind == "greater_than_equal":
        return _("Die Zahl ist zu klein (mindestens {min}).").format(min=ctx.get("ge"))
    if kind == "greater_than":
        return _("Die Zahl ist zu klein (sie muss größer als {min} sein).").format(
            min=ctx.get("gt")
        )
    if kind == "less_than_equal":
        return _("Die Zahl ist zu groß (höchstens {max}).").format(max=ctx.get("le"))
    if kind == "less_than":
        return _("Die Zahl ist zu groß (sie muss kleiner als {max} sein).").format(
            max=ctx.get("lt")
        )
    if kind in ("literal_error", "enum"):
        return _("Bitte einen der angebotenen Werte wählen.")
    if kind == "too_long":
        return _("Zu viele Einträge: höchstens {max}.").format(max=ctx.get("max_length"))
    if kind == "extra_forbidden":
        return _("Diese Angabe ist unbekannt.")
    if kind == "string_type":
        return _("Bitte Text angeben.")
    if kind == "string_pattern_mismatch":
        return _("Die Angabe hat eine ungültige Form.")
    if kind in ("bool_type", "bool_parsing"):
        return _("Bitte ja oder nein angeben (true oder false).")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Bitte eine Liste angeben.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Bitte eine Zuordnung angeben (Name: Wert).")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return _("Bitte ein Datum angeben, z. B. 2026-05-01.")
    if kind == "value_error":
        # Our validators raise ValueError with German text; pydantic puts it under ctx.
        return str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
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


def german_problems(exc: ValidationError, whole: str) -> list[str]:
    """ "where: what" per error, for files (YAML, JSON) rather than forms: `where` is the dotted
    path (`sections.0.id`) or `whole` for the document itself."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or whole
        what = german_message(error)
        expected = str((error.get("ctx") or {}).get("expected", ""))
        if error["type"] in ("literal_error", "enum") and expected:
            # A form offers the values; a file's author has to be told them. pydantic's list
            # is English ("'a', 'b' or 'c'"), so the quoted values are taken out of it.
            values = ", ".join(re.findall(r"'([^']*)'", expected)) or expected
            what += " " + _("Erlaubt: {values}.").format(values=values)
        problems.append(f"{where}: {what}")
    return problems


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
