"""Dates in the languages of the translation tool ("12 Haziran 2027", "June 12, 2027").

The fact check reads German. A translated text keeps the day and year in digits but names
the month in its own language; without these names "12" would be a bare number no source
names. Month names are listed as the languages write them after a day number (Polish,
Russian and Ukrainian in the genitive). Own list (CC0): month names are common knowledge.
"""

from __future__ import annotations

import re

from kikultur.checks.facts.claims import DATE, Claim, Mask, context_anchors

_MONTHS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "tr": (
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
        "Ekim", "Kasım", "Aralık",
    ),
    "pl": (
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
        "września", "października", "listopada", "grudnia",
    ),
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
        "октября", "ноября", "декабря",
    ),
    "uk": (
        "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
        "вересня", "жовтня", "листопада", "грудня",
    ),
    "ar": (
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
        "أكتوبر", "نوفمبر", "ديسمبر",
    ),
    "fa": (
        "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
        "نوامبر", "دسامبر",
    ),
}  # fmt: skip

MONTH_NUMBERS: dict[str, int] = {
    name.casefold(): number
    for names in _MONTHS_BY_LANGUAGE.values()
    for number, name in enumerate(names, start=1)
}
_MONTH = "|".join(sorted((re.escape(n) for n in MONTH_NUMBERS), key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WORD = re.compile(r"[^\W\d_]+")
# "12 Haziran 2027", "12. June 2027", "12 يونيو 2027"; "June 12, 2027" (American order).
DAY_FIRST_RE = re.compile(
    r"(?<![\d.,])(?P<day>[0-3]?\d)\.?\s+(?P<month>" + _MONTH + r")(?:\s+" + _YEAR + r")?(?!\w)",
    re.IGNORECASE,
)
MONTH_FIRST_RE = re.compile(
    r"(?<!\w)(?P<month>" + _MONTH + r")\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*" + _YEAR
    + r")?(?![\w.,:]\d|\d)",
    re.IGNORECASE,
)  # fmt: skip


def extract_foreign_dates(text: str, mask: Mask) -> list[Claim]:
    """Dates with a month name in one of the translation languages, where the mask is free."""
    claims: list[Claim] = []
    if MONTH_NUMBERS.keys().isdisjoint(_WORD.findall(text.casefold())):
        return claims  # German texts: one cheap scan instead of two long alternations
    for regex in (DAY_FIRST_RE, MONTH_FIRST_RE):
        for m in regex.finditer(text):
            if not mask.free(m.start(), m.end()):
                continue
            day = int(m["day"])
            month = MONTH_NUMBERS[m["month"].casefold()]
            if not 1 <= day <= 31:
                continue
            year = int(m["year"]) if m["year"] else None
            claim = Claim(DATE, m.start(), m.end(), m[0], (year, month, day))
            claim.anchors = context_anchors(text, m.start(), m.end())
            claims.append(claim)
            mask.take(m.start(), m.end())
    return claims
