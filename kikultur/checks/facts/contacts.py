"""Contact data in a text: web addresses, e-mail addresses and (German) phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kikultur.checks.facts.claims import CONTACT, Claim, Mask

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
# E-mail and web addresses are searched only around their anchors ("@", "www.", "://", a
# top-level domain): scanning every word of a long text with them is slow.
_EMAIL_LEFT = re.compile(r"[\w.+-]+$")
_URL_HINT = re.compile(
    r"https?://|www\.|\.(?:de|org|com|net|info|eu|hamburg|berlin)\b", re.IGNORECASE
)
URL_RE = re.compile(
    r"(?<![\w@./-])(?:https?://[^\s<>\"“”„]+|www\.[^\s<>\"“”„]+"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:de|org|com|net|info|eu|hamburg|berlin)(?:/[^\s<>\"“”„]*)?)(?![\w@])",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d /()–-]{5,}\d(?!\d)")
_PHONE_HINT = re.compile(r"(?:Tel\.?|Telefon|Fon|Fax|Mobil|Handy|Ruf|☎)[:\s]*$", re.IGNORECASE)


def normalise_url(raw: str) -> str:
    url = raw.lower()
    url = re.sub(r"^https?://", "", url)
    url = url.removeprefix("www.")
    return url.rstrip("/")


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if raw.strip().startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if digits.startswith("49"):
            digits = "0" + digits[2:]
    return digits


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".,;:!?)»“\"'":
        end -= 1
    return end


def _emails(text: str) -> list[re.Match[str]]:
    found = []
    last_end = 0
    for at in re.finditer("@", text):
        left = _EMAIL_LEFT.search(text, max(last_end, at.start() - 64), at.start())
        if left is None:
            continue
        m = EMAIL_RE.match(text, left.start())
        if m and m.end() > at.start():
            found.append(m)
            last_end = m.end()
    return found


def _urls(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    last_end = 0
    for hint in _URL_HINT.finditer(text):
        if hint.start() < last_end:
            continue
        left = re.search(r"[^\s<>\"“”„(]*$", text[max(last_end, hint.start() - 80) : hint.start()])
        start = hint.start() - (len(left[0]) if left else 0)
        m = URL_RE.match(text, start)
        if m is None:
            m = URL_RE.search(text, start, min(len(text), hint.end() + 200))
        if m and m.start() <= hint.start() < m.end():
            found.append(m)
            last_end = m.end()
    return found


def _before(text: str, start: int) -> str:
    """The text in front of a contact on its line: where the person it belongs to is named."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - 120) : start]


# "040 123456 (Jonas Petersen)", "jonas@example.org – Jonas": a name right after the contact.
_NAMED_AFTER = re.compile(r"[ \t]*(?:\(([^()\n]{1,80})\)|[–-][ \t]+([^\n,;]{1,60}))")


def _after(text: str, end: int) -> str:
    """The person named right behind a contact, in brackets or after a dash, or ""."""
    m = _NAMED_AFTER.match(text, end)
    return (m.group(1) or m.group(2) or "") if m else ""


def extract_contacts(text: str, mask: Mask) -> list[Claim]:
    claims = _extract_contacts(text, mask)
    for claim in claims:
        claim.extra["before"] = _before(text, claim.start)
        claim.extra["after"] = _after(text, claim.end)
    return claims


def contact_owner(claim: Claim, people: Iterable[str]) -> str:
    """The person a contact belongs to: named right behind it, else last in front of it."""
    return owner_in(str(claim.extra.get("after", "")), people) or owner_in(
        str(claim.extra.get("before", "")), people
    )


def owner_in(before: str, people: Iterable[str]) -> str:
    """The person named last in `before` (full name, or first or last name), or ""."""
    best, best_end = "", -1
    lowered = before.lower()
    for person in people:
        words = [w for w in re.findall(r"\w+", person.lower()) if len(w) >= 3]
        for needle in (person.lower(), *words):
            if not needle.strip():
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", lowered):
                if m.end() > best_end:
                    best, best_end = person, m.end()
    return best


def _extract_contacts(text: str, mask: Mask) -> list[Claim]:
    claims: list[Claim] = []
    for m in _emails(text):
        end = _strip_trailing(text, m.start(), m.end())
        claims.append(
            Claim(
                CONTACT,
                m.start(),
                end,
                text[m.start() : end],
                m[0][: end - m.start()].lower(),
                "email",
            )
        )
        mask.take(m.start(), end)
    for m in _urls(text):
        end = _strip_trailing(text, m.start(), m.end())
        if not mask.free(m.start(), end):
            continue
        raw = text[m.start() : end]
        # "z.B." or "e.V." are not addresses: a bare domain needs a known top-level domain.
        claims.append(Claim(CONTACT, m.start(), end, raw, normalise_url(raw), "url"))
        mask.take(m.start(), end)
    for m in PHONE_RE.finditer(text):
        raw = m[0].rstrip(" -–/")
        end = m.start() + len(raw)
        digits = re.sub(r"\D", "", raw)
        hinted = bool(_PHONE_HINT.search(text[max(0, m.start() - 12) : m.start()]))
        looks_like_phone = raw.startswith(("0", "+")) and len(digits) >= 7
        if not (looks_like_phone or (hinted and len(digits) >= 6)):
            continue
        if not mask.free(m.start(), end):
            continue
        claims.append(Claim(CONTACT, m.start(), end, raw, normalise_phone(raw), "phone"))
        mask.take(m.start(), end)
    return claims
