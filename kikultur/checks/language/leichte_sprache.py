"""Leichte-Sprache rules a program can check (Netzwerk Leichte Sprache, DIN SPEC 33429)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kikultur.checks.findings import Finding, Severity
from kikultur.i18n import _

if TYPE_CHECKING:
    from kikultur.checks.language.readability import SentenceInfo

CHECK = "leichte_sprache"
MAX_WORDS = 12  # short sentences; guides name 8 to 15 words, we warn above 12
HARD_WORD_ZIPF = 3.5  # below about 3 in 100,000 words: not in everyday language
COMPOUND_LETTERS = 11
COMMON_ZIPF = 4.5
STATUS_UNCHECKED = "nicht geprüft"
STATUS_CHECKED = "geprüft"

RULES = (
    "eine Aussage pro Satz",
    "kurze Sätze",
    "kein Genitiv",
    "kein Konjunktiv",
    "keine Abkürzungen",
    "schwere Wörter erklären",
    "lange Wörter mit Mediopunkt trennen",
)
GENITIVE_RE = re.compile(
    r"\b(?:des|eines|meines|deines|seines|ihres|unseres|eures|dieses|jenes|keines)\b"
    r"|\b(?:wegen|trotz|während|statt|anstatt|innerhalb|außerhalb|mithilfe)\s+(?:der|des)\b",
    re.I,
)
SUBJUNCTIVE_RE = re.compile(
    r"\b(?:würde|würden|würdest|würdet|könnte|könnten|hätte|hätten|wäre|wären|sollte|sollten"
    r"|müsste|müssten|dürfte|dürften|bräuchte|bräuchten|ginge|käme|kämen)\b",
    re.I,
)
ABBREVIATION_RE = re.compile(
    r"\b(?:z\.\s?B\.|u\.\s?a\.|d\.\s?h\.|o\.\s?ä\.|e\.\s?V\.|bzw\.|usw\.|ca\.|evtl\.|ggf\.|inkl\."
    r"|vgl\.|Nr\.|Str\.|Tel\.|Dr\.|Prof\.|etc\.|max\.|min\.|zzgl\.)"
    r"|\b[A-ZÄÖÜ]{2,6}\b"
)
CLAUSE_RE = re.compile(
    r",|;|\b(?:dass|weil|obwohl|nachdem|bevor|sodass|damit|indem|wobei|welche[rsm]?)\b", re.I
)
EXPLANATION_RE = re.compile(r"\b(?:bedeutet|heißt|das ist|das sind|erklär\w*)\b|:", re.I)


def check_leichte_sprache(
    text: str, infos: list[SentenceInfo], reader_checked: bool = False
) -> tuple[list[Finding], dict[str, Any]]:
    """Rule findings and a status that stays "nicht geprüft" until a reader check is recorded."""
    from kikultur.checks.language.readability import split_compound

    findings: list[Finding] = []
    # a hard word counts as explained if this sentence or one of the next two explains
    has_explanation = [bool(EXPLANATION_RE.search(i.sentence.text)) for i in infos]
    long_word_message = _("Leichte Sprache: Lange Wörter mit dem Mediopunkt trennen.")
    hard_word_message = _(
        "Leichte Sprache: Schweres Wort. Erklären („… Das bedeutet: …“) oder ein leichtes Wort "
        "nehmen."
    )
    for n, info in enumerate(infos):
        s = info.sentence
        base = s.start
        count = len(info.words)
        if count > MAX_WORDS:
            message = _(
                "Leichte Sprache: Der Satz hat {n} Wörter. Kurze Sätze mit höchstens {max} "
                "Wörtern schreiben."
            ).format(n=count, max=MAX_WORDS)
            findings.append(_f("LS_LONG_SENTENCE", s.start, s.end, s.text, message))
        clause = CLAUSE_RE.search(s.text)
        if clause:
            message = _(
                "Leichte Sprache: Nur eine Aussage pro Satz. Den Satz bei „{word}“ teilen."
            ).format(word=clause.group().strip())
            findings.append(_f("LS_MULTIPLE_STATEMENTS", s.start, s.end, s.text, message))
        rules = (
            (GENITIVE_RE, "LS_GENITIVE",
             _("Leichte Sprache: Kein Genitiv. Besser „von“ benutzen („das Haus von …“).")),
            (SUBJUNCTIVE_RE, "LS_SUBJUNCTIVE",
             _("Leichte Sprache: Kein Konjunktiv. Klar sagen, was ist oder was man tun kann.")),
            (ABBREVIATION_RE, "LS_ABBREVIATION",
             _("Leichte Sprache: Keine Abkürzungen. Das Wort ausschreiben.")),
        )  # fmt: skip
        for pattern, kind, message in rules:
            for m in pattern.finditer(s.text):
                findings.append(_f(kind, base + m.start(), base + m.end(), m.group(), message))
        explained = any(has_explanation[n : n + 3])
        # words around a middle dot ("Mitglieder·versammlung") arrive here as two words
        for (start, end), word, z in zip(info.spans, info.words, info.zipfs, strict=True):
            # very common long words ("Veranstaltung") are left whole
            if "-" not in word and len(word) >= COMPOUND_LETTERS and z < COMMON_ZIPF:
                parts = split_compound(word)
                if len(parts) > 1:
                    dotted = ("·".join(parts),)
                    findings.append(
                        _f("LS_LONG_WORD", start, end, word, long_word_message, "hint", dotted)
                    )
                    continue
            if len(word) >= 5 and not explained and z < HARD_WORD_ZIPF:
                findings.append(_f("LS_HARD_WORD", start, end, word, hard_word_message, "hint"))
    status = STATUS_CHECKED if reader_checked else STATUS_UNCHECKED
    metrics = {
        "status": status,
        "rules_checked": list(RULES),
        "violations": len(findings),
        "note": _(
            "Leichte Sprache wird erst durch eine Prüfung mit Menschen mit Lernschwierigkeiten "
            "sicher. Solange sie nicht eingetragen ist, gilt der Text als „nicht geprüft“."
        ),
    }
    return findings, metrics


def _f(
    kind: str, start: int, end: int, text: str, message: str, severity: Severity = "warning",
    suggestions: tuple[str, ...] = (),
) -> Finding:  # fmt: skip
    return Finding(
        check=CHECK, kind=kind, start=start, end=end, text=text, message=message,
        suggestions=suggestions, severity=severity,
    )  # fmt: skip
