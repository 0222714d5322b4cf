"""Finds outdated or hurtful terms for groups of people and explains better alternatives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from kikultur.checks.findings import CheckContext, Finding, Severity
from kikultur.checks.language.lexicon import DATA_DIR
from kikultur.checks.patterns import top_level_alternatives
from kikultur.i18n import _

CHECK = "sensitive"
KIND = "SENSITIVE_TERM"
CATEGORY_LABELS = {
    "behinderung": "Behinderung",
    "herkunft": "Herkunft",
    "alter": "Alter",
    "religion": "Religion",
    "geschlecht": "Geschlecht",
    "sexualitaet": "sexuelle Orientierung",
    "soziales": "soziale Lage",
}


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the sensitive-terms list."""

    pattern: re.Pattern[str]
    category: str
    explanation: str
    alternatives: tuple[str, ...]
    source_name: str
    source_url: str
    severity: Severity
    advice: str = ""


@cache
def load_terms() -> tuple[Term, ...]:
    raw = yaml.safe_load((DATA_DIR / "sensitive_terms.yaml").read_text(encoding="utf-8"))
    sources = raw["sources"]
    terms = []
    for entry in raw["terms"]:
        source = sources[entry["source"]]
        terms.append(
            Term(
                pattern=re.compile(entry["pattern"], re.IGNORECASE),
                category=entry["category"],
                explanation=entry["explanation"],
                alternatives=tuple(entry["alternatives"]),
                source_name=source["name"],
                source_url=source["url"],
                severity=entry.get("severity", "warning"),
                advice=entry.get("advice", ""),
            )
        )
    return tuple(terms)


def _trigger(alternative: str) -> str | None:
    """The literal letters an alternative starts with ("leide" for "leide[tn]?..."), if any."""
    m = re.match(r"(?:\\b)?([A-Za-zÄÖÜäöüß]{3,})", alternative)
    return m.group(1).lower() if m else None


@cache
def triggers() -> tuple[tuple[str, ...] | None, ...]:
    """Per term the words one of which must occur for it to match (None: always try it)."""
    result: list[tuple[str, ...] | None] = []
    for term in load_terms():
        found = [_trigger(a) for a in top_level_alternatives(term.pattern.pattern)]
        result.append(None if None in found else tuple(t for t in found if t))
    return tuple(result)


def check_sensitive(text: str, context: CheckContext | None = None) -> list[Finding]:
    """Flags each listed term with a German explanation, alternatives and the source."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    for term, words in zip(load_terms(), triggers(), strict=True):
        # a cheap substring test first: most terms do not occur in most texts
        if words is not None and not any(w in lowered for w in words):
            continue
        group = "term" if "term" in term.pattern.groupindex else 0
        for m in term.pattern.finditer(text):
            start, end = m.span(group)
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            label = CATEGORY_LABELS.get(term.category, term.category)
            message = _("„{term}“ ({category}): {explanation}").format(
                term=m.group(group), category=label, explanation=_(term.explanation)
            )
            if term.advice:
                message += " " + _(term.advice)
            findings.append(
                Finding(
                    check=CHECK,
                    kind=KIND,
                    start=start,
                    end=end,
                    text=m.group(group),
                    message=message,
                    suggestions=tuple(_fill(_(a), m) for a in term.alternatives),
                    severity=term.severity,
                    details={
                        "category": term.category,
                        "explanation": _(term.explanation),
                        "source": term.source_name,
                        "source_url": term.source_url,
                        "advice": _(term.advice) if term.advice else None,
                    },
                )
            )
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def _fill(alternative: str, match: re.Match[str]) -> str:
    """Puts the matched condition into an alternative ("hat {x}" -> "hat Autismus")."""
    if "{x}" not in alternative or "x" not in match.re.groupindex:
        return alternative
    return alternative.replace("{x}", match.group("x") or "")
