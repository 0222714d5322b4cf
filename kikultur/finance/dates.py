"""Dates as people type them: the one parser for German (1.5.2026, 01.05.2026) and ISO
(2026-05-01) dates, used by tool forms, finance plans (YAML and web form) and the CLI."""

from __future__ import annotations

import re
from datetime import date, datetime

from kikultur.i18n import _

_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateError(ValueError):
    """A date could not be read; the message is German and says how to write it."""


def parse_date(raw: object) -> date:
    """A date from a date object, German text (TT.MM.JJJJ) or ISO text (JJJJ-MM-TT)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    german = _GERMAN.match(text)
    iso = _ISO.match(text)
    if german:
        day, month, year = (int(g) for g in german.groups())
    elif iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        raise DateError(
            _("„{value}“ ist kein Datum. Bitte so schreiben: 01.05.2026 oder 2026-05-01.").format(
                value=raw
            )
        )
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(
            _("Den Tag „{value}“ gibt es im Kalender nicht.").format(value=raw)
        ) from exc
