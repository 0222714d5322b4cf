"""Is a translation section written in its language? ("## Türkisch" over German text.)

A rough, cheap test, not a language identifier: Arabic, Farsi, Russian and Ukrainian must be
mostly in their script; English, Turkish and Polish must not read as German, judged by short
function words (own lists, CC0). It catches the failure weak models show: the German source
copied under the heading, or Russian written for Ukrainian.
"""

from __future__ import annotations

import re

from kikultur.checks.findings import Finding
from kikultur.i18n import _

CHECK = "structure"
KIND = "WRONG_LANGUAGE"

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
SCRIPTS = {"ar": _ARABIC, "fa": _ARABIC, "ru": _CYRILLIC, "uk": _CYRILLIC}
TRANSLATION_LANGUAGES = frozenset({"en", "tr", "pl", *SCRIPTS})


def _words(line: str) -> frozenset[str]:
    return frozenset(line.split(" "))


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "de": _words(
        "der die das und ist nicht mit für auf den dem des ein eine einen einer sich von zu "
        "im wir sie es auch bei aus wird sind am um oder unsere unser alle"
    ),
    "en": _words("the and is are of to in for with on at we you our this that be will from all"),
    "tr": _words("ve bir bu için ile da de çok olarak gibi daha biz siz ama her tüm saat"),
    "pl": _words("i w na z do się nie jest to że dla od po przez jak oraz są"),
}
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_MIN_LETTERS = 40  # shorter sections say too little to judge


def _looks_german(words: list[str], language: str) -> bool:
    german = sum(1 for w in words if w in FUNCTION_WORDS["de"])
    own = sum(1 for w in words if w in FUNCTION_WORDS.get(language, frozenset()))
    return german >= 3 and german > 2 * own


def wrong_language(text: str, language: str) -> str | None:
    """The reason, in German, why `text` is not in `language` (ISO code), or None."""
    letters = _LETTER.findall(text)
    if len(letters) < _MIN_LETTERS:
        return None
    script = SCRIPTS.get(language)
    if script is not None:
        share = len(script.findall(text)) / len(letters)
        if share < 0.5:
            return _("Der Text ist überwiegend nicht in der Schrift dieser Sprache geschrieben.")
        if language == "uk" and _RUSSIAN_ONLY.search(text) and not _UKRAINIAN_ONLY.search(text):
            return _("Der Text enthält russische, aber keine ukrainischen Buchstaben.")
        return None
    words = [w.casefold() for w in _WORD.findall(text)]
    if language in FUNCTION_WORDS and _looks_german(words, language):
        return _("Der Text sieht nach Deutsch aus.")
    return None


def check_target_language(text: str, language: str, label: str) -> list[Finding]:
    """One finding over the whole `text` if it is not in `language` (`label`: its German name)."""
    reason = wrong_language(text, language)
    if reason is None:
        return []
    return [
        Finding(
            check=CHECK,
            kind=KIND,
            start=0,
            end=len(text),
            text=text,
            message=_(
                "Dieser Abschnitt soll {language} sein. {reason} Bitte neu erzeugen oder von "
                "einer Person übersetzen lassen."
            ).format(language=label, reason=reason),
            severity="error",
            details={"language": language},
        )
    ]
