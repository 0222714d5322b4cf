"""Compares each claim of a text with the sources: verified, unsupported or contradicted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from kikultur.checks.facts.claims import (
    CONTACT,
    DATE,
    MONEY,
    NAME,
    NUMBER,
    QUOTE,
    TIME,
    WEEKDAY,
    Claim,
    anchors_overlap,
    label_anchors,
    stems_match,
)
from kikultur.checks.facts.contacts import contact_owner
from kikultur.checks.facts.dates import WEEKDAYS, format_date, weekday_of
from kikultur.checks.facts.names import is_marker, name_key, name_tokens
from kikultur.checks.facts.quotes import normalise_quote
from kikultur.checks.facts.sources import SourceClaim, Sources
from kikultur.checks.findings import Finding
from kikultur.i18n import _

VERIFIED = "verified"
UNSUPPORTED = "unsupported"
CONTRADICTED = "contradicted"
_SEVERITY = {VERIFIED: "info", UNSUPPORTED: "warning", CONTRADICTED: "error"}
CHECK = "facts"


@dataclass(slots=True)
class Verdict:
    status: str
    pointer: str = ""
    source_value: str = ""
    message: str = ""
    # The part of the claim the verdict is about, relative to the claim's text, when it is
    # narrower than the claim ("Dariusz Nowak" in "Fotograf Dariusz Nowak").
    span: tuple[int, int] | None = None


def verify_claims(claims: list[Claim], sources: Sources, text_year: int | None) -> list[Finding]:
    year = sources.context_year or text_year
    checkers: dict[str, Callable[[Claim], Verdict]] = {
        NUMBER: lambda c: _verify_number(c, sources),
        MONEY: lambda c: _verify_number(c, sources),
        DATE: lambda c: _verify_date(c, sources, year),
        WEEKDAY: lambda c: _verify_weekday(c, sources, year),
        TIME: lambda c: _verify_time(c, sources),
        NAME: lambda c: _verify_name(c, sources),
        QUOTE: lambda c: _verify_quote(c, sources),
        CONTACT: lambda c: _verify_contact(c, sources),
    }
    # Names and quotes repeat in long texts; their verdict depends on the words only.
    memo: dict[tuple[str, str, str], Verdict] = {}
    findings = []
    for claim in claims:
        if claim.kind in (NAME, QUOTE):
            key = (claim.kind, claim.text, claim.speaker)
            if key not in memo:
                memo[key] = checkers[claim.kind](claim)
            verdict = memo[key]
        else:
            verdict = checkers[claim.kind](claim)
        if verdict.span is not None:
            start, end = verdict.span
            claim = replace(
                claim, start=claim.start + start, end=claim.start + end, text=claim.text[start:end]
            )
        findings.append(to_finding(claim, verdict))
    return findings


def to_finding(claim: Claim, verdict: Verdict) -> Finding:
    details: dict[str, object] = {"value": _normalised(claim)}
    if claim.sub:
        details["sub"] = claim.sub
    if claim.speaker:
        details["speaker"] = claim.speaker
    if verdict.pointer:
        details["source"] = verdict.pointer
    if verdict.source_value:
        details["source_value"] = verdict.source_value
    message = verdict.message
    if not message:
        if verdict.status == VERIFIED:
            message = _("Belegt durch {pointer}.").format(pointer=verdict.pointer)
        elif verdict.status == CONTRADICTED:
            message = _("Widerspruch zur Quelle. Laut {pointer}: {value}").format(
                pointer=verdict.pointer, value=verdict.source_value
            )
        else:
            message = _("Nicht belegt: Keine Quelle nennt „{text}“.").format(text=claim.text)
    suggestions = (verdict.source_value,) if verdict.status == CONTRADICTED and claim.kind in (
        NUMBER, MONEY, DATE, TIME, CONTACT, NAME,
    ) and verdict.source_value else ()  # fmt: skip
    return Finding(
        check=CHECK,
        kind=claim.kind,
        start=claim.start,
        end=claim.end,
        text=claim.text,
        message=message,
        suggestions=suggestions,
        status=verdict.status,
        severity=_SEVERITY[verdict.status],  # type: ignore[arg-type]
        details=details,
    )


def _normalised(claim: Claim) -> object:
    """The claim's comparable value in a form a person (and the UI) can read."""
    value = claim.value
    if claim.kind == DATE:
        year, month, day = value
        if month is None:
            return f"{year}"
        return f"{day:02d}.{month:02d}." + (f"{year}" if year else "")
    if claim.kind == TIME:
        return f"{value // 60:02d}:{value % 60:02d}"
    if claim.kind == WEEKDAY:
        return WEEKDAYS[value] if 0 <= value < 7 else str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _found(entry: SourceClaim) -> Verdict:
    return Verdict(VERIFIED, entry.item.pointer, _source_value(entry))


def _against(entry: SourceClaim) -> Verdict:
    return Verdict(CONTRADICTED, entry.item.pointer, _source_value(entry))


def _source_value(entry: SourceClaim) -> str:
    # A short fact value reads best whole ("Samstag, 14. März 2026"); in a passage, the claim.
    if entry.item.is_fact and len(entry.item.text) <= 80:
        return entry.item.text.strip()
    return entry.claim.text


def _best_anchored(claim: Claim, entries: list[SourceClaim]) -> SourceClaim | None:
    best, best_score = None, 0
    for entry in entries:
        score = anchors_overlap(claim.anchors, entry.claim.anchors)
        if score > best_score:
            best, best_score = entry, score
    return best


# ---- numbers and money -------------------------------------------------------------------


def _numbers_agree(claim: Claim, source: Claim) -> bool:
    v, s = float(claim.value), float(source.value)
    if abs(v - s) <= 1e-9 * max(1.0, abs(v)):
        return True
    q = claim.qualifier
    if q == "approx":
        return abs(v - s) <= 0.1 * abs(v)
    if q == "more":
        return v < s <= 1.5 * v
    if q == "less":
        return 0.75 * v <= s < v
    return False


def _compatible(claim: Claim, source: Claim, is_fact: bool = True) -> bool:
    """Which source values can back a number: a count with its noun is no price, and vice versa."""
    special = ("percent", "ordinal", "address")
    if claim.sub in special or source.sub in special:
        return claim.sub == source.sub
    unit, other = claim.extra.get("unit", ""), source.extra.get("unit", "")
    if claim.kind == MONEY:
        # A bare number backs a price only as a fact value ("Eintritt": "8"), not from prose.
        return source.kind == MONEY or (source.kind == NUMBER and not other and is_fact)
    if source.kind == MONEY:
        return not unit
    if unit and other and float(claim.value) <= 12 and not _units_agree(unit, other):
        # Small counts coincide by chance ("2 Profis" does not back "zwei Vorstellungen");
        # with other nouns they count only when said in the same context ("sieben Stationen"
        # of the walk that the brief gives as "sieben Orte").
        return source.kind == NUMBER and anchors_overlap(claim.anchors, source.anchors) > 0
    return source.kind == NUMBER


# People are counted under many names; a count of visitors may be a count of guests.
_PERSON_UNITS = frozenset(
    {
        "gäst", "gast", "besuch", "besucher", "mensch", "zuschau", "zuschauer", "leut",
        "person", "personen", "teilnehm", "teilnehmend", "kind", "kinder", "jugendlich",
        "erwachsen", "mitglied", "mitgli", "ehrenamtlich",
    }
)  # fmt: skip


def _units_agree(a: str, b: str) -> bool:
    return stems_match(a, b) or (a in _PERSON_UNITS and b in _PERSON_UNITS)


# Units that measure anything (time spans, repetitions): alone they do not say what is counted.
_GENERIC_UNITS = frozenset(
    {"jahr", "monat", "woch", "tag", "tage", "stund", "minut", "mal", "stück"}
)


def _same_thing(claim: Claim, entry: SourceClaim) -> int:
    """How surely a source value is about the same thing: the same counted noun, the fact's
    label, or (for money) the same words around it. 0 means: about something else."""
    if claim.sub == "address":
        # Another house number in the same street, another postcode of the same town: the
        # sources give this part of the address otherwise.
        part = claim.extra.get("address_part", "")
        return 3 if part and part == entry.claim.extra.get("address_part") else 0
    unit, other = claim.extra.get("unit", ""), entry.claim.extra.get("unit", "")
    if unit in _GENERIC_UNITS:
        # "zwei Jahre später" and "40 Jahre Honigfabrik" share only the unit: that is not
        # enough to be the same thing; some other word around them must agree too.
        context = claim.anchors - {unit}
        if not anchors_overlap(context, entry.claim.anchors | label_anchors(entry.item.label)):
            return 0
    if unit and other and stems_match(unit, other):
        return 3
    if entry.item.label:
        label = label_anchors(entry.item.label)
        if anchors_overlap(label, claim.anchors | ({unit} if unit else set())):
            return 2
    if claim.kind == MONEY and anchors_overlap(claim.anchors, entry.claim.anchors):
        return 1
    return 0


def _by_role(claim: Claim, sources: Sources, agree: Callable[[Claim], bool]) -> Verdict | None:
    """When the sources give a value for the claim's role ("ermäßigt", "Einlass"), that value
    decides, even if the claimed value stands elsewhere in the sources for another role."""
    role = claim.extra.get("role")
    if not role:
        return None
    group = TIME if claim.kind == TIME else MONEY
    same_role = [
        e
        for e in sources.by_role.get((group, role), [])
        if group == TIME or _compatible(claim, e.claim, e.item.is_fact)
    ]
    if not same_role:
        return None
    for entry in same_role:
        if agree(entry.claim):
            return _found(entry)
    return _against(same_role[0])


def _verify_number(claim: Claim, sources: Sources) -> Verdict:
    if claim.kind == MONEY:
        verdict = _by_role(claim, sources, lambda s: _numbers_agree(claim, s))
        if verdict is not None:
            return verdict
    if not claim.qualifier:
        for entry in sources.numbers_by_value.get(float(claim.value), []):
            if _compatible(claim, entry.claim, entry.item.is_fact):
                return _found(entry)
    candidates = [
        e
        for e in sources.of_kind(NUMBER) + sources.of_kind(MONEY)
        if _compatible(claim, e.claim, e.item.is_fact)
    ]
    for entry in candidates if claim.qualifier else ():
        if _numbers_agree(claim, entry.claim):
            return _found(entry)
    if claim.sub == "ordinal":
        # "zum 10. Mal" is backed by a plain 10 said about the same thing.
        for entry in sources.of_kind(NUMBER):
            if entry.claim.value == claim.value and anchors_overlap(
                claim.anchors, entry.claim.anchors
            ):
                return _found(entry)
    # Contradicted only when a source gives another value for the same thing.
    same_kind = [e for e in candidates if (e.claim.kind == MONEY) == (claim.kind == MONEY)]
    scored = [(s, e) for e in same_kind if (s := _same_thing(claim, e))]
    if not scored:
        return Verdict(UNSUPPORTED)
    return _against(max(scored, key=lambda pair: pair[0])[1])


# ---- dates, weekdays, times ---------------------------------------------------------------


def _verify_date(claim: Claim, sources: Sources, year: int | None) -> Verdict:
    y, m, d = claim.value
    if claim.sub == "year":
        for entry in sources.of_kind(DATE):
            if entry.claim.value[0] == y:
                return _found(entry)
        for entry in sources.of_kind(NUMBER):
            if entry.claim.value == y and not entry.claim.sub:
                return _found(entry)
        # A year in a label counts: "Besucher 2025" says the figure is about 2025.
        for item in sources.items:
            if str(y) in item.label:
                return Verdict(VERIFIED, item.pointer, item.label)
        return Verdict(UNSUPPORTED)
    dates = [e for e in sources.of_kind(DATE) if e.claim.sub != "year"]
    for entry in dates:
        sy, sm, sd = entry.claim.value
        if (sm, sd) == (m, d) and (y is None or sy is None or sy == y):
            return _found(entry)
    rival = _best_anchored(claim, dates)
    if rival is None and sources.event_dates:
        rival = sources.event_dates[0]
    return _against(rival) if rival else Verdict(UNSUPPORTED)


def _verify_weekday(claim: Claim, sources: Sources, year: int | None) -> Verdict:
    date: Claim | None = claim.extra.get("date")
    if date is not None:
        y, m, d = date.value
        full_year = y or year
        actual = weekday_of(full_year, m, d) if full_year else None
        if actual is not None:
            shown = format_date((full_year, m, d))
            if actual == claim.value:
                return Verdict(VERIFIED, _("Kalender"), f"{WEEKDAYS[actual]}, {shown}")
            return Verdict(
                CONTRADICTED,
                _("Kalender"),
                WEEKDAYS[actual],
                _("Wochentag passt nicht zum Datum: Der {date} ist ein {weekday}.").format(
                    date=shown, weekday=WEEKDAYS[actual]
                ),
            )
    for entry in sources.of_kind(WEEKDAY):
        if entry.claim.value == claim.value:
            return _found(entry)
    if claim.value in sources.weekday_abbreviations:
        return Verdict(VERIFIED, *sources.weekday_abbreviations[claim.value])
    for entry in sources.of_kind(DATE):
        sy, sm, sd = entry.claim.value
        full_year = sy or year
        if entry.claim.sub != "year" and full_year and weekday_of(full_year, sm, sd) == claim.value:
            return _found(entry)
    return Verdict(UNSUPPORTED)


def _times_agree(a: Claim, b: Claim) -> bool:
    if a.value == b.value:
        return True
    if "ambiguous" in (a.sub, b.sub):
        return a.value % 720 == b.value % 720
    return False


def _verify_time(claim: Claim, sources: Sources) -> Verdict:
    times = sources.of_kind(TIME)
    verdict = _by_role(claim, sources, lambda s: _times_agree(claim, s))
    if verdict is not None:
        return verdict
    for entry in times:
        if _times_agree(claim, entry.claim):
            return _found(entry)
    # A time for one role is no rival of a time for another: the sources' end time does not
    # contradict "Einlass um 19 Uhr" when they say nothing about the doors opening.
    role = claim.extra.get("role")
    rivals = [e for e in times if not (role and e.claim.extra.get("role") not in ("", None, role))]
    rival = _best_anchored(claim, rivals)
    if rival is None and sources.event_times and sources.event_times[0] in rivals:
        rival = sources.event_times[0]
    return _against(rival) if rival else Verdict(UNSUPPORTED)


# ---- names, quotes, contacts ---------------------------------------------------------------


def _verify_name(claim: Claim, sources: Sources) -> Verdict:
    if claim.sub == "title":
        if f" {claim.value} " in sources.normalised_text:
            return _pointer_of_text(sources, claim.text.strip('„“"»«”'))
        return _name_rival(claim, sources)
    for entry in sources.names:
        if entry.claim.text == claim.text:
            return _found(entry)
    if _contains_words(sources.lower_text, claim.text.lower()):
        return _pointer_of_text(sources, claim.text)
    tokens = name_tokens(claim.text)
    if tokens and all(_token_known(t, sources) for t in tokens):
        return _pointer_of_text(sources, name_tokens(claim.text)[-1])
    # "Fotograf Dariusz Nowak": a known name behind a role noun; "Bücherhalle Barmbek Hamburger
    # Autorinnen": a known name followed by plain nouns. The known name alone is the claim.
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", claim.text)]
    parts = [(words[i][0], words[-1][1]) for i in range(1, len(words) - 1)]
    parts += [(0, words[i - 1][1]) for i in range(len(words) - 1, 1, -1)]
    for start, end in parts:
        part = claim.text[start:end]
        if part.lower() in sources.name_texts:
            verdict = _pointer_of_text(sources, part)
            verdict.span = (start, end)
            return verdict
    return _name_rival(claim, sources)


def _token_known(token: str, sources: Sources) -> bool:
    key = name_key(token)
    if key in sources.name_keys or key in sources.word_keys:
        return True
    # An organisation word is a plain noun and may be inflected: "des Nachbarschaftspreises".
    if not is_marker(token):
        return False
    low = token.lower()
    return low in sources.lower_text and (
        re.search(r"(?<![\wäöüß])" + re.escape(low), sources.lower_text) is not None
    )


def _contains_words(haystack: str, needle: str) -> bool:
    """Whole-word containment: "sabine peters" is not in "sabine petersen"."""
    if needle not in haystack:
        return False
    pattern = r"(?<![\wäöüß])" + re.escape(needle) + r"(?![\wäöüß])"
    return re.search(pattern, haystack) is not None


def _pointer_of_text(sources: Sources, fragment: str) -> Verdict:
    low = fragment.lower()
    for item, item_lower in zip(sources.items, sources.items_lower, strict=True):
        if _contains_words(item_lower, low):
            return Verdict(VERIFIED, item.pointer, fragment)
    return Verdict(VERIFIED, sources.items[0].pointer if sources.items else "", fragment)


def _name_rival(claim: Claim, sources: Sources) -> Verdict:
    """A name that shares a word with, or nearly spells, a source name contradicts it."""
    keys = {name_key(t) for t in name_tokens(claim.text)}
    best, best_score = None, 0.0
    for entry in sources.names:
        if (entry.claim.sub == "title") != (claim.sub == "title"):
            continue
        other = {name_key(t) for t in name_tokens(entry.claim.text)}
        shared = len(keys & other) / max(1, len(keys | other))
        ratio = 0.0
        matcher = SequenceMatcher(None, claim.text.lower(), entry.claim.text.lower())
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            ratio = matcher.ratio()
        score = max(shared, ratio if ratio >= 0.75 else 0.0)
        if score > best_score:
            best, best_score = entry, score
    return _against(best) if best is not None else Verdict(UNSUPPORTED)


def _speakers_agree(a: str, b: str) -> bool:
    """Same person when the surnames (last words) agree; an unknown speaker agrees with anyone."""
    tokens_a, tokens_b = name_tokens(a), name_tokens(b)
    if not tokens_a or not tokens_b:
        return True
    return name_key(tokens_a[-1]) == name_key(tokens_b[-1])


def _quote_segments(claim: Claim) -> list[str]:
    """The parts of a quote between omission marks ("…", "[...]"), each normalised."""
    inner = claim.text.strip('„“"»«”')
    parts = re.split(r"\s*(?:\[…\]|\[\.\.\.\]|\(…\)|…|\.\.\.)\s*", inner)
    return [normalise_quote(p) for p in parts if normalise_quote(p)]


def _quote_in(segments: list[str], source_value: str) -> bool:
    return bool(segments) and all(f" {s} " in f" {source_value} " for s in segments)


def _verify_quote(claim: Claim, sources: Sources) -> Verdict:
    """A quote must stand word for word (omissions marked) in a source quote of that person."""
    segments = _quote_segments(claim)
    for entry in sources.quotes:
        if _quote_in(segments, entry.claim.value):
            if _speakers_agree(claim.speaker, entry.claim.speaker):
                return _found(entry)
            return Verdict(
                CONTRADICTED,
                entry.item.pointer,
                entry.claim.speaker,
                _("Zitat falsch zugeordnet: Laut {pointer} stammt es von {speaker}.").format(
                    pointer=entry.item.pointer, speaker=entry.claim.speaker
                ),
            )
    if _quote_in(segments, sources.normalised_text):
        # The words stand in a passage without quotation marks of its own (interview notes).
        return _pointer_of_text(sources, claim.text.strip('„“"»«”'))
    # Not found word for word: the closest quote (of this person, if known) is what it changed.
    best: SourceClaim | None = None
    best_ratio = 0.0
    for entry in sources.quotes:
        matcher = SequenceMatcher(None, claim.value, entry.claim.value)
        ratio = matcher.ratio() if matcher.quick_ratio() >= 0.6 else 0.0
        if (
            claim.speaker
            and entry.claim.speaker
            and _speakers_agree(claim.speaker, entry.claim.speaker)
        ):
            ratio += 0.5  # another wording of what this person said
        if ratio > best_ratio:
            best, best_ratio = entry, ratio
    if best is not None and best_ratio >= 0.6:
        return Verdict(
            CONTRADICTED,
            best.item.pointer,
            best.claim.text,
            _("Zitat weicht von der Quelle ab. Laut {pointer}: {quote}").format(
                pointer=best.item.pointer, quote=best.claim.text
            ),
        )
    return Verdict(UNSUPPORTED)


def _verify_contact(claim: Claim, sources: Sources) -> Verdict:
    same = [e for e in sources.of_kind(CONTACT) if e.claim.sub == claim.sub]
    for entry in same:
        if entry.claim.value == claim.value:
            return _found(entry)
    # Only the same person's contact (or the organisation's, when no person is named in
    # front of the claim) can contradict it: another person's number is no counter-evidence.
    owner = contact_owner(claim, sources.people)
    same = [e for e in same if e.claim.extra.get("owner", "") == owner]
    if not same:
        return Verdict(UNSUPPORTED)
    rival = max(same, key=lambda e: SequenceMatcher(None, claim.value, e.claim.value).ratio())
    return _against(rival)
