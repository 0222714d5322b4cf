"""What the user actually knows: facts, brief, fact sheet and passages, with a pointer per value."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kikultur.checks.facts.claims import (
    CONTACT,
    DATE,
    MONEY,
    NAME,
    NUMBER,
    QUOTE,
    TIME,
    WORD_RE,
    Claim,
    label_anchors,
    label_role,
)
from kikultur.checks.facts.contacts import contact_owner
from kikultur.checks.facts.extract import extract_claims
from kikultur.checks.facts.names import RUN_RE, name_key, name_tokens
from kikultur.checks.facts.quotes import clean_speaker, normalise_quote
from kikultur.checks.findings import CheckContext
from kikultur.i18n import _

_EVENT_DATE_LABEL = re.compile(r"datum|termin|wann|tag\b|veranstaltungstag", re.IGNORECASE)
_EVENT_TIME_LABEL = re.compile(r"uhrzeit|zeit|beginn|uhr|start", re.IGNORECASE)
_QUOTE_LABEL = re.compile(r"^\s*zitat\b\s*[:(–-]?\s*(?P<speaker>[^)]*)\)?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class SourceItem:
    """One value the user gave, and where it came from (shown to the user as the pointer)."""

    pointer: str
    text: str
    label: str = ""
    is_fact: bool = False
    # Stored keys of the Steckbrief entry a value belongs to ("team/2"): values of one team
    # member share it. The pointer is in words for the user and must not be parsed.
    entry: str = ""


@dataclass(slots=True)
class SourceClaim:
    claim: Claim
    item: SourceItem


@dataclass
class Sources:
    """Every claim the sources make, indexed by kind, plus the texts for name and quote lookups."""

    items: list[SourceItem]
    claims: dict[str, list[SourceClaim]] = field(default_factory=dict)
    name_keys: frozenset[str] = frozenset()
    # Every word of the sources, so "Nowak Bewohnerinnen" is backed by its two known words.
    word_keys: frozenset[str] = frozenset()
    name_texts: frozenset[str] = frozenset()
    names: list[SourceClaim] = field(default_factory=list)
    quotes: list[SourceClaim] = field(default_factory=list)
    normalised_text: str = ""
    lower_text: str = ""
    context_year: int | None = None
    event_dates: list[SourceClaim] = field(default_factory=list)
    event_times: list[SourceClaim] = field(default_factory=list)
    items_lower: list[str] = field(default_factory=list)
    numbers_by_value: dict[float, list[SourceClaim]] = field(default_factory=dict)
    # (TIME or MONEY, role) -> claims: "Einlass" times, "ermäßigt" prices.
    by_role: dict[tuple[str, str], list[SourceClaim]] = field(default_factory=dict)
    # Weekdays named as "Di–Fr" or "So 11 Uhr": index -> (pointer, text).
    weekday_abbreviations: dict[int, tuple[str, str]] = field(default_factory=dict)
    # Names of the people the sources know (Steckbrief team, "Personen"): contact data is
    # compared only within one person (or the organisation), never across people.
    people: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[SourceClaim]:
        return self.claims.get(kind, [])

    @classmethod
    def from_context(cls, context: CheckContext) -> Sources:
        return cls.from_items(source_items(context))

    @classmethod
    def from_items(cls, items: list[SourceItem]) -> Sources:
        sources = cls(items=items)
        sources.people = _people(items)
        # Entry "team/2" -> the name of that team member, the owner of its contact.
        member_names = {item.entry: item.text for item in items if _is_team_name(item)}
        name_keys: set[str] = set()
        years: Counter[int] = Counter()
        for item in items:
            extra = label_anchors(item.label) if item.label else frozenset()
            quote_label = _QUOTE_LABEL.match(item.label) if item.label else None
            if quote_label:
                quote = Claim(QUOTE, 0, len(item.text), item.text, normalise_quote(item.text))
                quote.speaker = clean_speaker(quote_label["speaker"])
                sources.quotes.append(SourceClaim(quote, item))
                continue
            claims = extract_claims(item.text)
            if item.label:
                # A label can carry figures too: "Anteil Besuche unter 27 Jahren".
                claims += [c for c in extract_claims(item.label) if c.kind in (NUMBER, DATE)]
            for claim in claims:
                claim.anchors = claim.anchors | extra
                if (
                    claim.kind in (TIME, MONEY, NUMBER)
                    and not claim.extra.get("role")
                    and item.label
                ):
                    # "Einlass": "18:30 Uhr" - the label says what the value is for.
                    claim.extra["role"] = label_role(
                        item.label, TIME if claim.kind == TIME else MONEY
                    )
                if claim.kind == CONTACT:
                    claim.extra["owner"] = (
                        member_names.get(item.entry) if item.entry else None
                    ) or contact_owner(claim, sources.people)
                entry = SourceClaim(claim, item)
                sources.claims.setdefault(claim.kind, []).append(entry)
                if claim.kind == QUOTE:
                    sources.quotes.append(entry)
                elif claim.kind == NAME:
                    sources.names.append(entry)
                    name_keys.update(name_key(t) for t in name_tokens(claim.text))
                elif claim.kind == DATE and claim.sub != "year":
                    if claim.value[0]:
                        years[claim.value[0]] += 1
                    if item.is_fact and _EVENT_DATE_LABEL.search(item.label):
                        sources.event_dates.append(entry)
                elif claim.kind == TIME and item.is_fact and _EVENT_TIME_LABEL.search(item.label):
                    sources.event_times.append(entry)
            if item.is_fact and _looks_like_name(item.text):
                whole = Claim(NAME, 0, len(item.text), item.text, item.text, "fact")
                sources.names.append(SourceClaim(whole, item))
                name_keys.update(name_key(t) for t in name_tokens(item.text))
        sources.name_keys = frozenset(name_keys)
        words = [w for item in items for w in WORD_RE.findall(f"{item.label} {item.text}")]
        sources.word_keys = frozenset(name_key(w) for w in words)
        sources.name_texts = frozenset(entry.claim.text.lower() for entry in sources.names)
        sources.context_year = years.most_common(1)[0][0] if years else None
        if not sources.event_dates:
            sources.event_dates = _single_distinct(sources.of_kind(DATE), _date_key)
        if not sources.event_times:
            sources.event_times = _single_distinct(sources.of_kind(TIME), lambda c: c.value)
        for item in items:
            for index in weekdays_abbreviated(item.text):
                sources.weekday_abbreviations.setdefault(index, (item.pointer, item.text[:80]))
        sources.items_lower = [item.text.lower() for item in items]
        for entry in sources.of_kind(NUMBER) + sources.of_kind(MONEY):
            sources.numbers_by_value.setdefault(float(entry.claim.value), []).append(entry)
        for kind in (TIME, MONEY, NUMBER):
            for entry in sources.of_kind(kind):
                if role := entry.claim.extra.get("role"):
                    group = TIME if kind == TIME else MONEY
                    sources.by_role.setdefault((group, role), []).append(entry)
        joined = "\n".join(item.text for item in items)
        sources.lower_text = joined.lower()
        sources.normalised_text = " " + normalise_quote(joined) + " "
        return sources


_ABBR = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_ABBR_RE = re.compile(
    r"\b(?P<a>Mo|Di|Mi|Do|Fr|Sa|So)\.?(?:\s*(?:–|-|bis)\s*(?P<b>Mo|Di|Mi|Do|Fr|Sa|So)\b\.?)?"
    r"(?=\s*(?:[,–-]|und|\d))"
)


def weekdays_abbreviated(text: str) -> set[int]:
    """Weekdays in opening-hours style: "Di–Fr 15–18 Uhr, So 11–16 Uhr" names Tuesday to Friday
    and Sunday."""
    found: set[int] = set()
    for m in _ABBR_RE.finditer(text):
        a = _ABBR.index(m["a"])
        b = _ABBR.index(m["b"]) if m["b"] else a
        found.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return found


def _date_key(claim: Claim) -> Any:
    return None if claim.sub == "year" else claim.value[1:]


def _single_distinct(entries: list[SourceClaim], key: Any) -> list[SourceClaim]:
    """When the sources name exactly one date (or time), it is the event's."""
    values = {key(e.claim) for e in entries} - {None}
    if len(values) == 1:
        return [e for e in entries if key(e.claim) is not None][:1]
    return []


def _looks_like_name(value: str) -> bool:
    return (
        bool(value)
        and len(value) <= 80
        and not re.search(r"\d", value)
        and bool(RUN_RE.match(value.strip()))
    )


def _is_team_name(item: SourceItem) -> bool:
    return item.label == "name" and item.entry.startswith("team/")


def _people(items: list[SourceItem]) -> list[str]:
    """Team members of the Steckbrief and the listed people, each once."""
    people = [
        item.text.strip() for item in items if _is_team_name(item) or item.label == _("Person")
    ]
    return list(dict.fromkeys(p for p in people if p))


def source_items(context: CheckContext) -> list[SourceItem]:
    items: list[SourceItem] = []
    for label, value in context.facts.items():
        if value is None or str(value).strip() == "":
            continue
        pointer = _("Eingabe „{label}“").format(label=label)
        items.append(SourceItem(pointer, str(value), str(label), is_fact=True))
    for index, text in enumerate(context.sources, start=1):
        if text and text.strip():
            named = context.source_labels[index - 1] if index <= len(context.source_labels) else ""
            pointer = named or _("Quelle {n}").format(n=index)
            items.append(SourceItem(pointer, text))
    items.extend(flatten_factsheet(context.factsheet))
    for person in context.people:
        if person.strip():
            items.append(SourceItem(_("Personen"), person, _("Person"), is_fact=True))
    return items


def _factsheet_labels() -> dict[str, str]:
    """German names of the Steckbrief's fields (schemas/factsheet.py), as its form shows them."""
    return {
        "name": _("Name"),
        "legal_form": _("Rechtsform"),
        "address": _("Anschrift"),
        "district": _("Bezirk"),
        "mission": _("Auftrag und Ziele"),
        "target_groups": _("Zielgruppen"),
        "team": _("Team"),
        "role": _("Rolle"),
        "contact": _("Kontakt"),
        "key_figures": _("Kennzahlen"),
        "year": _("Jahr"),
        "visitors": _("Besucher*innen"),
        "events": _("Veranstaltungen"),
        "members": _("Mitglieder"),
        "volunteers": _("Ehrenamtliche"),
        "funders": _("Förderer"),
        "social_media": _("Social Media"),
        "platform": _("Plattform"),
        "account": _("Konto oder Adresse"),
        "about_us": _("Über uns"),
        "writing": _("Schreibweise"),
        "address_form": _("Anrede"),
        "gender_style": _("Gendern"),
        "tone": _("Tonfall"),
    }


def _field_label(key: str, depth: int) -> str:
    if depth == 0 and key == "name":
        return _("Name der Einrichtung")
    return _factsheet_labels().get(key, key)


def _item_label(parent: str, number: int, item: Any) -> str:
    """One entry of a Steckbrief list, in words: "2. Person", "Jahr 2025"."""
    if parent == "team":
        return _("{n}. Person").format(n=number)
    if parent == "key_figures" and isinstance(item, dict) and item.get("year"):
        return _("Jahr {year}").format(year=item["year"])
    if parent == "social_media":
        return _("{n}. Konto").format(n=number)
    return _("{n}. Eintrag").format(n=number)


def flatten_factsheet(
    data: Any, path: tuple[str, ...] = (), shown: tuple[str, ...] | None = None
) -> list[SourceItem]:
    """Every leaf of the Steckbrief as one item: "Steckbrief › Kennzahlen › Besucher 2025".

    `path` holds the stored keys (the label a value is matched by), `shown` the German words
    the user reads in the pointer: "Steckbrief › Team › 2. Person › Name", never "team › 2".
    """
    shown = path if shown is None else shown
    if isinstance(data, dict):
        return [
            i
            for k, v in data.items()
            for i in flatten_factsheet(
                v, (*path, str(k)), (*shown, _field_label(str(k), len(path)))
            )
        ]
    if isinstance(data, list | tuple):
        if all(not isinstance(v, dict | list | tuple) for v in data):
            return flatten_factsheet("; ".join(str(v) for v in data), path, shown)
        parent = path[-1] if path else ""
        return [
            i
            for n, v in enumerate(data, start=1)
            for i in flatten_factsheet(v, (*path, str(n)), (*shown, _item_label(parent, n, v)))
        ]
    if data is None or str(data).strip() == "":
        return []
    pointer = " › ".join((_("Steckbrief"), *shown))
    entry = "/".join(path[:-1])
    return [SourceItem(pointer, str(data), path[-1] if path else "", is_fact=True, entry=entry)]
