"""Finds outdated or hurtful terms for groups of people and explains better alternatives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from kikultur.checks.findings import CheckContext, Finding, Severity
from kikultur.checks.language.lexicon import DATA_DIR
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
            )
        )
    return tuple(terms)


def check_sensitive(text: str, context: CheckContext | None = None) -> list[Finding]:
    """Flags each listed term with a German explanation, alternatives and the source."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for term in load_terms():
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
            findings.append(
                Finding(
                    check=CHECK,
                    kind=KIND,
                    start=start,
                    end=end,
                    text=m.group(group),
                    message=message,
                    suggestions=tuple(_(a) for a in term.alternatives),
                    severity=term.severity,
                    details={
                        "category": term.category,
                        "explanation": _(term.explanation),
                        "source": term.source_name,
                        "source_url": term.source_url,
                    },
                )
            )
    findings.sort(key=lambda f: (f.start, f.end))
    return findings
