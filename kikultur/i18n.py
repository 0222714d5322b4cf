"""Message catalog: user-visible strings are German msgids, translated through gettext/Babel.

German is the source language, so the German catalog is complete by construction; another
language (e.g. English) is added as `locale/<lang>/LC_MESSAGES/messages.po`.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "de"
current_language: ContextVar[str] = ContextVar("kikultur_language", default=DEFAULT_LANGUAGE)


class _PoTranslations(_gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


@cache
def translations(language: str) -> _gettext.NullTranslations:
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not po_file.is_file():
        return _gettext.NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    messages = {
        str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str) and m.string
    }
    return _PoTranslations(messages)


def gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


_ = gettext
