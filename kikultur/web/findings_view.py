"""The findings view's data: a text cut into highlighted segments, labels, groups, and apply.

`build_view(text, findings)` prepares what the macros in `templates/_findings.html` render;
`apply_suggestion(text, value, checked_hash)` carries out a one-click suggestion. Both are
shared by the check pages and the draft editor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from kikultur.checks.facts import status_labels
from kikultur.checks.findings import Finding
from kikultur.i18n import _

# The order in which checks are listed and counted.
CHECK_ORDER = (
    "gender",
    "sensitive",
    "readability",
    "leichte_sprache",
    "platform",
    "privacy",
    "facts",
    "structure",
    "funder",
    "finance",
)
# Checks whose suggestions are advice ("durch einen Platzhalter ersetzen"), not replacements
# of the span: they are shown, never applied.
ADVICE_CHECKS = frozenset({"privacy"})
# Findings over a whole sentence are underlined, word findings get a background, so a word
# finding inside a long sentence stays visible.
WIDE_KINDS = frozenset(
    {"LONG_SENTENCE", "PASSIVE", "NOMINAL_STYLE", "LS_LONG_SENTENCE", "LS_MULTIPLE_STATEMENTS"}
)
WIDE_LENGTH = 80
APPLY_FIELD = "apply"


def check_labels() -> dict[str, str]:
    return {
        "gender": _("Geschlechtergerechte Sprache"),
        "sensitive": _("Sensible Begriffe"),
        "readability": _("Lesbarkeit"),
        "leichte_sprache": _("Leichte Sprache"),
        "platform": _("Plattform"),
        "privacy": _("Datenschutz"),
        "facts": _("Fakten"),
        "structure": _("Aufbau"),
        "funder": _("Vorgaben des Förderers"),
        "finance": _("Finanzplan"),
    }


def kind_labels() -> dict[str, str]:
    return {
        "GENERIC_MASCULINE": _("Generisches Maskulinum"),
        "SENSITIVE_TERM": _("Sensibler Begriff"),
        "LONG_SENTENCE": _("Langer Satz"),
        "PASSIVE": _("Passiv"),
        "NOMINAL_STYLE": _("Nominalstil"),
        "RARE_WORD": _("Seltenes Wort"),
        "LONG_WORD": _("Langes Wort"),
        "LS_LONG_SENTENCE": _("Satz zu lang"),
        "LS_MULTIPLE_STATEMENTS": _("Mehrere Aussagen"),
        "LS_GENITIVE": _("Genitiv"),
        "LS_SUBJUNCTIVE": _("Konjunktiv"),
        "LS_ABBREVIATION": _("Abkürzung"),
        "LS_HARD_WORD": _("Schweres Wort"),
        "LS_LONG_WORD": _("Langes Wort"),
        "PLATFORM_LIMIT": _("Grenze der Plattform"),
        "PERSON": _("Name einer Person"),
        "EMAIL": _("E-Mail-Adresse"),
        "PHONE": _("Telefonnummer"),
        "IBAN": _("Bankverbindung"),
        "ADDRESS": _("Anschrift"),
        "DATE_OF_BIRTH": _("Geburtsdatum"),
        "ID_NUMBER": _("Ausweis- oder Steuernummer"),
        "SPECIAL_CATEGORY": _("Besondere Kategorie (Art. 9 DSGVO)"),
        "NUMBER": _("Zahl"),
        "MONEY": _("Geldbetrag"),
        "DATE": _("Datum"),
        "WEEKDAY": _("Wochentag"),
        "TIME": _("Uhrzeit"),
        "NAME": _("Name"),
        "QUOTE": _("Zitat"),
        "CONTACT": _("Kontaktangabe"),
        # Fact slots ([[datum]]) the generation filled in.
        "SLOT": _("Angabe aus dem Formular"),
        "UNKNOWN_SLOT": _("Unbekannter Platzhalter"),
        # Structure of the answer (kikultur/tools/sections.py).
        "UNSTRUCTURED_ANSWER": _("Antwort ohne Abschnitte"),
        "MISSING_SECTION": _("Abschnitt fehlt"),
        "DUPLICATE_SECTION": _("Abschnitt doppelt"),
        "UNEXPECTED_SECTION": _("Abschnitt nicht vorgesehen"),
        "UNKNOWN_HEADING": _("Unbekannte Überschrift"),
        "TEXT_BEFORE_FIRST_SECTION": _("Text vor dem ersten Abschnitt"),
        "SECTION_TOO_LONG": _("Abschnitt zu lang"),
        "SECTION_TOO_SHORT": _("Abschnitt zu kurz"),
        "SECTION_COUNT_TOO_HIGH": _("Zu viele Punkte oder Absätze"),
        "SECTION_COUNT_TOO_LOW": _("Zu wenige Punkte oder Absätze"),
        "NOT_A_QUESTION": _("Urteil statt Frage"),
        "WRONG_LANGUAGE": _("Falsche Sprache"),
        "TO_COMPLETE": _("Noch zu ergänzen"),
        # Funder profile sections (kikultur/finance/sections.py).
        "section_empty": _("Abschnitt leer"),
        "section_too_long": _("Abschnitt zu lang"),
    }


def severity_labels() -> dict[str, str]:
    return {
        "error": _("wichtig"),
        "warning": _("Warnung"),
        "hint": _("Hinweis"),
        "info": _("Information"),
    }


def text_hash(text: str) -> str:
    """Identifies the text the offsets belong to; a changed text makes suggestions stale."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _css(value: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in value.lower())


@dataclass(frozen=True)
class ViewFinding:
    """One finding with everything the macros show about it."""

    number: int
    finding: Finding
    check_label: str
    kind_label: str
    severity_label: str
    status_label: str
    located: bool
    wide: bool
    replacements: tuple[str, ...]
    advice: tuple[str, ...]
    source: str
    source_value: str
    prefix: str

    @property
    def id(self) -> str:
        return f"{self.prefix}-fund-{self.number}"

    @property
    def tip_id(self) -> str:
        return f"{self.prefix}-tipp-{self.number}"

    @property
    def anchor_id(self) -> str:
        return f"{self.prefix}-stelle-{self.number}"

    @property
    def classes(self) -> str:
        f = self.finding
        return (
            f"finding--{_css(f.check)} finding--kind-{_css(f.kind)} "
            f"finding--{_css(f.severity)} finding--status-{_css(f.status)}"
        )

    def apply_value(self, suggestion: str) -> str:
        """The value of an apply button: which span of the checked text becomes what."""
        return f"{self.finding.start}:{self.finding.end}:{suggestion}"


@dataclass(frozen=True)
class Segment:
    """A stretch of text with the same findings over all of it (none: plain text)."""

    text: str
    findings: tuple[ViewFinding, ...] = ()
    starting: tuple[ViewFinding, ...] = ()

    @property
    def classes(self) -> str:
        narrow = [v for v in self.findings if not v.wide]
        wide = [v for v in self.findings if v.wide]
        names = ["finding"]
        if narrow:
            # The most severe word finding colours the segment; the others are in its tooltip.
            names.append(narrow[0].classes)
            if wide:
                names.append("finding--in-wide")
        else:
            names.append("finding--wide " + wide[0].classes)
        if len(self.findings) > 1:
            names.append("finding--multi")
        return " ".join(names)

    @property
    def described_by(self) -> str:
        return " ".join(v.tip_id for v in self.findings)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    findings: tuple[ViewFinding, ...]


@dataclass(frozen=True)
class FindingsView:
    text: str
    prefix: str
    segments: tuple[Segment, ...]
    findings: tuple[ViewFinding, ...]
    groups: tuple[Group, ...]
    counts: tuple[tuple[str, str, int], ...]
    text_hash: str
    unlocated: tuple[ViewFinding, ...] = field(default=())

    @property
    def total(self) -> int:
        return len(self.findings)


_SEVERITY_RANK = {"error": 0, "warning": 1, "hint": 2, "info": 3}
_STATUS_RANK = {"contradicted": 0, "unsupported": 1, "open": 2, "verified": 3}


def _rank(view: ViewFinding) -> tuple[int, int, int]:
    f = view.finding
    return (
        _STATUS_RANK.get(f.status, 2),
        _SEVERITY_RANK.get(f.severity, 1),
        f.end - f.start,
    )


def build_view(
    text: str,
    findings: Iterable[Finding],
    *,
    checks: Sequence[str] = (),
    group_by: str = "check",
    prefix: str = "f",
    advice_checks: frozenset[str] = ADVICE_CHECKS,
) -> FindingsView:
    """Segments, labels and groups for `findings` over `text`.

    `checks`: the checks that ran (counted even with no finding); `group_by`: "check" or
    "kind"; `prefix`: makes element ids unique when a page shows two views.
    """
    checks_labels, kinds, severities, statuses = (
        check_labels(),
        kind_labels(),
        severity_labels(),
        status_labels(),
    )
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    views: list[ViewFinding] = []
    for number, f in enumerate(ordered, start=1):
        located = 0 <= f.start < f.end <= len(text)
        applicable = f.check not in advice_checks and located
        details = f.details or {}
        views.append(
            ViewFinding(
                number=number,
                finding=f,
                check_label=checks_labels.get(f.check, f.check),
                kind_label=kinds.get(f.kind, f.kind),
                severity_label=severities.get(f.severity, f.severity),
                status_label=statuses.get(f.status, ""),
                located=located,
                wide=f.kind in WIDE_KINDS or f.end - f.start > WIDE_LENGTH,
                replacements=f.suggestions if applicable else (),
                advice=() if applicable else f.suggestions,
                source=str(details.get("source") or ""),
                source_value=str(details.get("source_value") or ""),
                prefix=prefix,
            )
        )
    segments = _segments(text, [v for v in views if v.located])
    groups = _groups(views, group_by, checks_labels, kinds)
    present = {v.finding.check for v in views}
    order = [c for c in CHECK_ORDER if c in checks or c in present]
    order += sorted((set(checks) | present) - set(order))
    counts = tuple(
        (c, checks_labels.get(c, c), sum(1 for v in views if v.finding.check == c)) for c in order
    )
    return FindingsView(
        text=text,
        prefix=prefix,
        segments=tuple(segments),
        findings=tuple(views),
        groups=tuple(groups),
        counts=counts,
        text_hash=text_hash(text),
        unlocated=tuple(v for v in views if not v.located),
    )


def _segments(text: str, located: list[ViewFinding]) -> list[Segment]:
    """Cuts the text at every start and end; overlapping findings share the segments they
    cover, so marks never nest and every character is shown exactly once."""
    bounds = sorted({0, len(text)} | {v.finding.start for v in located} | {
        v.finding.end for v in located
    })  # fmt: skip
    starts: dict[int, list[ViewFinding]] = {}
    for view in located:
        starts.setdefault(view.finding.start, []).append(view)
    active: list[ViewFinding] = []
    segments: list[Segment] = []
    for a, b in pairwise(bounds):
        active = [v for v in active if v.finding.end > a]
        beginning = starts.get(a, [])
        active.extend(beginning)
        piece = text[a:b]
        if not active:
            segments.append(Segment(piece))
            continue
        ranked = tuple(sorted(active, key=_rank))
        segments.append(Segment(piece, ranked, tuple(sorted(beginning, key=_rank))))
    return segments


def _groups(
    views: list[ViewFinding], group_by: str, checks: dict[str, str], kinds: dict[str, str]
) -> list[Group]:
    buckets: dict[str, list[ViewFinding]] = {}
    for view in views:
        key = view.finding.kind if group_by == "kind" else view.finding.check
        buckets.setdefault(key, []).append(view)
    if group_by == "kind":
        keys = list(buckets)
        labels = kinds
    else:
        keys = [c for c in CHECK_ORDER if c in buckets] + sorted(set(buckets) - set(CHECK_ORDER))
        labels = checks
    return [Group(key, labels.get(key, key), tuple(buckets[key])) for key in keys]


class ApplyError(ValueError):
    """A suggestion could not be applied; the German message says why."""


def apply_suggestion(text: str, value: str, checked_hash: str) -> str:
    """`text` with [start, end) replaced by the suggestion named in `value` ("start:end:new").

    Refused when the text changed since it was checked (the offsets would hit the wrong
    place) or the value is malformed; the caller then keeps the text as it is.
    """
    if checked_hash != text_hash(text):
        raise ApplyError(
            _(
                "Der Text wurde seit der Prüfung geändert, darum wurde der Vorschlag nicht "
                "übernommen. Der Text wurde neu geprüft; bitte wählen Sie den Vorschlag erneut."
            )
        )
    start_text, _sep, rest = value.partition(":")
    end_text, sep, suggestion = rest.partition(":")
    if not sep or not start_text.isdigit() or not end_text.isdigit():
        raise ApplyError(_("Der Vorschlag war unvollständig und wurde nicht übernommen."))
    start, end = int(start_text), int(end_text)
    if not 0 <= start <= end <= len(text):
        raise ApplyError(_("Der Vorschlag passt nicht zum Text und wurde nicht übernommen."))
    return text[:start] + suggestion + text[end:]
