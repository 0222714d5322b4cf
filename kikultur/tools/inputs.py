"""Form values of a tool: validation with German messages per field, parsing and display form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from kikultur.finance.dates import parse_date
from kikultur.finance.money import format_eur, parse_amount
from kikultur.i18n import _
from kikultur.tools.spec import InputSpec, InputType, ToolSpec, is_filled

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:\s*Uhr)?$", re.IGNORECASE)


class InvalidInputsError(ValueError):
    """The form is incomplete or wrong; `errors` maps field name to a German message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def parse_time(value: Any) -> dt.time:
    """A time from a time object or text such as 19:00, 19.30 or 19 Uhr."""
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(str(value).strip())
    if not match:
        raise ValueError(value)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return dt.time(hour, minute)


def parse_money(value: Any) -> Decimal:
    """An amount in euros (5, 7,50, 1.234,50 €, € 12): the one parser, `finance.money`.

    Raises `AmountError` (a ValueError) with a German message.
    """
    return parse_amount(value)


def _check_text(field: InputSpec, text: str) -> str | None:
    if _CONTROL.search(text):
        return _("„{label}“ enthält Steuerzeichen (Binärdaten?). Bitte nur Text eingeben.").format(
            label=field.label
        )
    limit = field.effective_max_length
    if limit and len(text) > limit:
        return _("„{label}“ ist zu lang: {length} Zeichen, erlaubt sind {limit}.").format(
            label=field.label, length=len(text), limit=limit
        )
    return None


def _check_one(field: InputSpec, value: Any) -> str | None:
    """The German error for one filled field, or None."""
    kind = field.type
    try:
        if kind in (InputType.text, InputType.textarea):
            if not isinstance(value, str):
                return _("„{label}“ muss Text sein.").format(label=field.label)
            return _check_text(field, value) or _check_pattern(field, value)
        if kind is InputType.date:
            parse_date(value)
        elif kind is InputType.time:
            parse_time(value)
        elif kind is InputType.number:
            if isinstance(value, bool):
                raise ValueError(value)
            Decimal(str(value).replace(",", "."))
        elif kind is InputType.money:
            parse_money(value)
        elif kind is InputType.boolean:
            if not isinstance(value, bool):
                return _("„{label}“ muss ja oder nein sein.").format(label=field.label)
        elif kind is InputType.url:
            if not _URL.match(str(value).strip()):
                return _("„{label}“ ist keine Webadresse (https://…).").format(label=field.label)
        elif kind is InputType.email:
            if not _EMAIL.match(str(value).strip()):
                return _("„{label}“ ist keine E-Mail-Adresse.").format(label=field.label)
        elif kind is InputType.select:
            if field.choice(str(value)) is None:
                return _("„{label}“: „{value}“ steht nicht zur Auswahl.").format(
                    label=field.label, value=value
                )
        elif kind in (InputType.multiselect, InputType.channels):
            return _check_choices(field, value)
        elif kind is InputType.images:
            return _check_images(field, value)
    except (ValueError, InvalidOperation, TypeError):
        return {
            InputType.date: _("„{label}“ ist kein gültiges Datum (TT.MM.JJJJ)."),
            InputType.time: _("„{label}“ ist keine gültige Uhrzeit (HH:MM)."),
            InputType.number: _("„{label}“ ist keine Zahl."),
            InputType.money: _("„{label}“ ist kein Betrag in Euro (z. B. 7,50)."),
        }.get(kind, _("„{label}“ ist ungültig.")).format(label=field.label)
    return None


def _check_pattern(field: InputSpec, text: str) -> str | None:
    if field.pattern is None or re.fullmatch(field.pattern, text.strip()):
        return None
    return field.pattern_message or _("„{label}“ hat nicht die erwartete Form.").format(
        label=field.label
    )


def _given(value: Any) -> bool:
    """Filled, and for a check box ticked: an unticked box excludes nothing."""
    return is_filled(value) and value is not False


def _check_choices(field: InputSpec, value: Any) -> str | None:
    if not isinstance(value, list | tuple):
        return _("„{label}“ muss eine Liste sein.").format(label=field.label)
    unknown = [str(v) for v in value if field.choice(str(v)) is None]
    if unknown:
        return _("„{label}“: „{value}“ steht nicht zur Auswahl.").format(
            label=field.label, value=", ".join(unknown)
        )
    if field.min_choices and len(set(value)) < field.min_choices:
        return _("„{label}“: bitte mindestens {count} auswählen.").format(
            label=field.label, count=field.min_choices
        )
    return None


def _check_images(field: InputSpec, value: Any) -> str | None:
    if not isinstance(value, list | tuple):
        return _("„{label}“ muss eine Liste von Bildern sein.").format(label=field.label)
    for number, image in enumerate(value, start=1):
        description = image.get("beschreibung") if isinstance(image, dict) else None
        if not isinstance(description, str) or not description.strip():
            return _(
                "„{label}“: Bild {number} braucht eine Beschreibung (was ist zu sehen?), "
                "damit ein Alternativtext entstehen kann."
            ).format(label=field.label, number=number)
        if _CONTROL.search(description) or len(description) > 1000:
            return _("„{label}“: die Beschreibung von Bild {number} ist ungültig.").format(
                label=field.label, number=number
            )
    return None


def validate_inputs(
    spec: ToolSpec,
    values: dict[str, Any],
    brief: str | None = None,
    steckbrief: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """German error per field (field name -> message); empty when the form may be generated.

    Missing required facts are reported here, before any model call. The key `brief` holds an
    error of the free-text notes. A required field with `from_steckbrief` is satisfied by that
    key of the Steckbrief.
    """
    errors: dict[str, str] = {}
    known = {i.name for i in spec.inputs}
    for name in values:
        if name not in known:
            errors[name] = _("Das Werkzeug kennt kein Feld „{name}“.").format(name=name)
    for field in spec.inputs:
        value = values.get(field.name)
        if not is_filled(value):
            fallback = (steckbrief or {}).get(field.from_steckbrief or "")
            if field.required and not is_filled(fallback):
                errors[field.name] = _(
                    "Bitte „{label}“ angeben – ohne diese Angabe kann kein Entwurf entstehen."
                ).format(label=field.label)
            continue
        message = _check_one(field, value)
        if message:
            errors[field.name] = message
            continue
        for other in field.requires:
            if not is_filled(values.get(other)) and other not in errors:
                errors[other] = _("Bitte „{label}“ angeben, weil „{given}“ ausgefüllt ist.").format(
                    label=spec.input(other).label, given=field.label
                )
        if not _given(value):
            continue
        for other in field.excludes:
            if _given(values.get(other)) and other not in errors:
                # Shown at the other field: that is the one to empty (or untick this one).
                errors[other] = _(
                    "Bitte entweder „{given}“ wählen oder „{label}“ ausfüllen, nicht beides."
                ).format(label=spec.input(other).label, given=field.label)
    text = brief or ""
    if spec.brief.required and not text.strip():
        errors["brief"] = _("Bitte „{label}“ ausfüllen.").format(label=spec.brief.label)
    elif _CONTROL.search(text):
        errors["brief"] = _("Die Notizen enthalten Steuerzeichen (Binärdaten?).")
    elif len(text) > spec.brief.max_length:
        errors["brief"] = _(
            "Die Notizen sind zu lang: {length} Zeichen, erlaubt sind {limit}."
        ).format(length=len(text), limit=spec.brief.max_length)
    return errors


def normalize_inputs(spec: ToolSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Every declared input with a value (missing -> None or []), typed values parsed.

    Call only on values that passed `validate_inputs`.
    """
    result: dict[str, Any] = {}
    for field in spec.inputs:
        value = values.get(field.name, field.default)
        if not is_filled(value):
            result[field.name] = (
                []
                if field.type
                in (
                    InputType.multiselect,
                    InputType.channels,
                    InputType.images,
                )
                else None
            )
            continue
        if field.type is InputType.date:
            value = parse_date(value)
        elif field.type is InputType.time:
            value = parse_time(value)
        elif field.type is InputType.money:
            value = parse_money(value)
        elif field.type in (InputType.text, InputType.textarea, InputType.url, InputType.email):
            value = str(value).strip()
        elif field.type in (InputType.multiselect, InputType.channels):
            value = list(dict.fromkeys(str(v) for v in value))  # keep order, drop repeats
        result[field.name] = value
    return result


def display_value(field: InputSpec, value: Any) -> str:
    """The German display form of a normalized value (as the model and the reader see it)."""
    if not is_filled(value):
        return ""
    if field.type is InputType.date:
        return format_date(value, "EEEE, d. MMMM y", locale="de_DE")
    if field.type is InputType.time:
        return f"{value:%H:%M} Uhr"
    if field.type is InputType.money:
        if value == 0:
            return "kostenlos"
        return format_eur(parse_amount(value))
    if field.type is InputType.number:
        return format_decimal(Decimal(str(value).replace(",", ".")), locale="de_DE")
    if field.type is InputType.boolean:
        return "ja" if value else "nein"
    if field.type in (InputType.select, InputType.multiselect, InputType.channels):
        items = value if isinstance(value, list) else [value]
        labels = [getattr(field.choice(str(v)), "label", str(v)) for v in items]
        return ", ".join(labels)
    if field.type is InputType.images:
        return "; ".join(
            f"Bild {n}: {image.get('beschreibung', '')}" for n, image in enumerate(value, 1)
        )
    return str(value)
