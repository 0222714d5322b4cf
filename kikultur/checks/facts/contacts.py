"""Contact data in a text: web addresses, e-mail addresses and (German) phone numbers."""

from __future__ import annotations

import re

from kikultur.checks.facts.claims import CONTACT, Claim, Mask

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
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


def extract_contacts(text: str, mask: Mask) -> list[Claim]:
    claims: list[Claim] = []
    for m in EMAIL_RE.finditer(text):
        end = _strip_trailing(text, m.start(), m.end())
        claims.append(Claim(CONTACT, m.start(), end, text[m.start() : end], m[0][: end - m.start()].lower(), "email"))
        mask.take(m.start(), end)
    for m in URL_RE.finditer(text):
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
