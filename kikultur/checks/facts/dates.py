"""German dates ("14. März 2026", "14.03.2026", "14.3."), weekdays, years, times ("halb acht")."""

from __future__ import annotations

import datetime as dt
import re

from kikultur.checks.facts.claims import (
    DATE,
    TIME,
    WEEKDAY,
    Claim,
    Mask,
    context_anchors,
    role_of,
)
from kikultur.checks.facts.numbers import parse_number_word

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "febr": 2, "märz": 3, "mär": 3,
    "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
MONTH_NAMES = (
    "", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_WEEKDAY_INDEX = {name.lower(): i for i, name in enumerate(WEEKDAYS)}
_WEEKDAY_INDEX["sonnabend"] = 5
_WEEKDAY_ABBR = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}

_MONTH_ALT = (
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember|(?:Jan|Febr?|Mär|Mrz|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\.)"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY_ALT = (
    r"(?P<wd>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|"
    r"(?:Mo|Di|Mi|Do|Fr|Sa|So)\.)"
)
# Weekday in front of a date: "Samstag, 14. März", "am Samstag, den 14. März", "Sa., 14.3.".
# Looked for behind a date once found: a pattern starting with it would be tried everywhere.
WD_PREFIX_RE = re.compile(_WEEKDAY_ALT + r",?\s+(?:(?:den|dem)\s+)?$")
DATE_WORD_RE = re.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)\.\s*(?P<month>" + _MONTH_ALT + r")(?:\s+" + _YEAR + r")?(?!\w)"
)
DATE_NUM_RE = re.compile(
    r"(?<![\d.,])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?:(?P<year>(?:19|20)\d{2}|\d{2})(?!\d))?"
    r"(?!\d|\s*Uhr)"
)
# "14. bis 16. März", "14.–16.3.", "3., 10. und 17. November": the leading days borrow month
# and year from the last one.
DATE_RANGE_HEAD_RE = re.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)\.\s*(?:–|-|bis|,|und|u\.)\s*"
    r"(?=(?:[0-3]?\d\.\s*(?:,|und|u\.)\s*)*[0-3]?\d\.\s*(?:" + _MONTH_ALT + r"|\d))"
)
# Also "samstags", "Dienstagabend", "sonntagvormittags": the weekday is the claim.
WEEKDAY_RE = re.compile(
    r"(?<![\w])(?P<wd>[Mm]ontag|[Dd]ienstag|[Mm]ittwoch|[Dd]onnerstag|[Ff]reitag|[Ss]amstag|"
    r"[Ss]onnabend|[Ss]onntag)(?:s|abends?|nachmittags?|vormittags?|morgens?|mittags?)?(?![\w])"
)
# A four-digit year standing alone ("seit 1987", "im Jahr 2025"), not a count ("2000 Besucher").
YEAR_RE = re.compile(r"(?<![\w.,:/])(?P<year>(?:19|20)\d{2})(?![\w.,]\d|\s*[A-ZÄÖÜ€%]|\w)")

_HOUR_WORDS = r"(?:eins|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
TIME_RANGE_RE = re.compile(
    r"(?<![\d.,:])(?P<h1>[0-2]?\d)(?:[:.](?P<m1>[0-5]\d))?\s*(?:–|-|bis)\s*"
    r"(?P<h2>[0-2]?\d)(?:[:.](?P<m2>[0-5]\d))?\s*Uhr(?!\w)"
)
TIME_RE = re.compile(
    r"(?<![\d.,:])(?P<h>[0-2]?\d)(?:(?P<sep>[:.])(?P<m>[0-5]\d))?\s*Uhr(?!\w)"
    r"|(?<![\d.,:/\w])(?P<h2>[0-2]?\d):(?P<m2>[0-5]\d)(?![\d:])"
)
TIME_WORD_RE = re.compile(
    r"(?P<rel>[Hh]alb|[Vv]iertel\s+nach|[Vv]iertel\s+vor|[Dd]reiviertel)\s+(?P<w>"
    + _HOUR_WORDS
    + r")(?!\w)(?:\s+Uhr)?"
    r"|(?P<w2>" + _HOUR_WORDS + r")\s+Uhr(?!\w)"
)
_EVENING = re.compile(r"^\s*(?:abends|nachmittags|am\s+Abend|am\s+Nachmittag)")


_DAY_DOT_RE = re.compile(r"(?<![\d.,])[0-3]?\d\.")


def weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


def format_date(value: tuple[int | None, int, int]) -> str:
    year, month, day = value
    return f"{day}. {MONTH_NAMES[month]}" + (f" {year}" if year else "")


def _weekday_index(raw: str) -> int:
    raw = raw.lower()
    return _WEEKDAY_INDEX.get(raw, _WEEKDAY_ABBR.get(raw.rstrip("."), -1))


def extract_dates(text: str, mask: Mask) -> list[Claim]:
    """Dates with and without year, weekdays (bound to a date or alone) and standalone years."""
    claims: list[Claim] = []
    # Every date starts with "d." or "dd.": try the patterns only there.
    starts = [c.start() for c in _DAY_DOT_RE.finditer(text)]
    for regex, numeric in ((DATE_WORD_RE, False), (DATE_NUM_RE, True)):
        for pos in starts:
            m = regex.match(text, pos)
            if m is None or not mask.free(m.start(), m.end()):
                continue
            wd_match = WD_PREFIX_RE.search(text, max(0, m.start() - 24), m.start())
            day = int(m["day"])
            month = int(m["month"]) if numeric else MONTHS[m["month"].rstrip(".").lower()]
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            year = int(m["year"]) if m["year"] else None
            if year is not None and year < 100:
                year += 2000
            start = m.start("day")
            date = Claim(DATE, start, m.end(), text[start : m.end()], (year, month, day))
            taken_from = start
            if wd_match and mask.free(wd_match.start(), start):
                taken_from = wd_match.start()
                wd = Claim(
                    WEEKDAY,
                    wd_match.start("wd"),
                    wd_match.end("wd"),
                    wd_match["wd"],
                    _weekday_index(wd_match["wd"]),
                )
                wd.extra["date"] = date
                claims.append(wd)
            date.anchors = context_anchors(text, taken_from, m.end())
            claims.append(date)
            mask.take(taken_from, m.end())
    # Right to left, so "3., 10. und 17. November" hands the month from 17. back to 3.
    for m in reversed(list(DATE_RANGE_HEAD_RE.finditer(text))):
        if not mask.free(m.start("day"), m.end("day") + 1):
            continue
        follower = min(
            (c for c in claims if c.kind == DATE and c.start >= m.end() and c.value[1]),
            key=lambda c: c.start,
            default=None,
        )
        if follower is None:
            continue
        year, month, _ = follower.value
        start, end = m.start("day"), m.end("day") + 1
        head = Claim(DATE, start, end, text[start:end], (year, month, int(m["day"])))
        head.anchors = follower.anchors
        claims.append(head)
        mask.take(start, end)
    for m in WEEKDAY_RE.finditer(text):
        if mask.free(m.start(), m.end()):
            claims.append(Claim(WEEKDAY, m.start(), m.end(), m[0], _weekday_index(m["wd"])))
            mask.take(m.start(), m.end())
    return claims


def extract_years(text: str, mask: Mask) -> list[Claim]:
    claims = []
    for m in YEAR_RE.finditer(text):
        if mask.free(m.start(), m.end()):
            claim = Claim(DATE, m.start(), m.end(), m["year"], (int(m["year"]), None, None))
            claim.sub = "year"
            claim.anchors = context_anchors(text, m.start(), m.end())
            claims.append(claim)
            mask.take(m.start(), m.end())
    return claims


def extract_times(text: str, mask: Mask) -> list[Claim]:
    """Clock times in digits ("19 Uhr", "19:30", "19.30 Uhr", "15–18 Uhr") and words."""
    claims: list[Claim] = []

    def add(start: int, end: int, minutes: int, ambiguous: bool) -> None:
        if not mask.free(start, end) or minutes >= 24 * 60:
            return
        if _EVENING.match(text[end : end + 20]) and minutes < 12 * 60:
            minutes += 12 * 60
            ambiguous = False
        claim = Claim(TIME, start, end, text[start:end], minutes, "ambiguous" if ambiguous else "")
        claim.anchors = context_anchors(text, start, end)
        claim.extra["role"] = role_of(text, start, end, TIME)
        claims.append(claim)

    # Clock times in digits end in "Uhr" or have a colon: search only around those anchors.
    windows = [
        (max(0, a.start() - 40), min(len(text), a.end() + 8))
        for a in re.finditer(r"Uhr\b|\d:\d", text)
    ]
    ranges = [m for lo, hi in windows for m in TIME_RANGE_RE.finditer(text, lo, hi)]
    singles = [m for lo, hi in windows for m in TIME_RE.finditer(text, lo, hi)]
    for m in ranges:
        if not mask.free(m.start(), m.end()):
            continue
        h1, h2 = int(m["h1"]), int(m["h2"])
        if h1 > 24 or h2 > 24:
            continue
        end1 = m.end("m1") if m["m1"] else m.end("h1")
        add(m.start(), end1, h1 * 60 + int(m["m1"] or 0), False)
        add(m.start("h2"), m.end(), h2 * 60 + int(m["m2"] or 0), False)
        mask.take(m.start(), m.end())
    for m in singles:
        if not mask.free(m.start(), m.end()):
            continue
        hour = int(m["h"] or m["h2"])
        minute = int(m["m"] or m["m2"] or 0)
        if hour > 24:
            continue
        add(m.start(), m.end(), hour * 60 + minute, False)
        mask.take(m.start(), m.end())
    for m in TIME_WORD_RE.finditer(text):
        word = (m["w"] or m["w2"]).lower()
        hour = parse_number_word("ein" if word == "eins" else word) or 0
        rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
        minutes = {
            "halb": (hour - 1) * 60 + 30,
            "viertel nach": hour * 60 + 15,
            "viertel vor": (hour - 1) * 60 + 45,
            "dreiviertel": (hour - 1) * 60 + 45,
        }.get(rel, hour * 60)
        add(m.start(), m.end(), minutes % (12 * 60), True)
        mask.take(m.start(), m.end())
    return claims
