"""Runs every check on one text ("Text prüfen") and the privacy check with its preview."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kikultur.checks.facts import check_facts
from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.gender import check_gender
from kikultur.checks.language.platforms import Image, check_platform
from kikultur.checks.language.readability import check_readability
from kikultur.checks.language.sensitive import check_sensitive
from kikultur.checks.privacy.detect import detect
from kikultur.checks.privacy.pseudonymize import Replacement, Vault, apply, preview

# About 25 pages of text; the checks take well under a second on it. The form field is
# limited to it too (browsers count characters like Python does for most text).
MAX_TEXT_CHARS = 100_000


@dataclass
class TextCheckReport:
    """All findings of one run, which checks ran, and the metrics for the page."""

    findings: list[Finding]
    checks: list[str]
    readability: dict[str, Any] = field(default_factory=dict)
    leichte_sprache: dict[str, Any] | None = None
    facts_summary: dict[str, int] = field(default_factory=dict)


def run_all_checks(
    text: str,
    context: CheckContext,
    *,
    images: list[Image] | None = None,
    reader_checked: bool = False,
) -> TextCheckReport:
    """Language, readability (with Leichte Sprache if the context asks), platform (if a channel
    is set), privacy and facts; findings merged and sorted by offset."""
    checks = ["gender", "sensitive", "readability"]
    findings = check_gender(text, context) + check_sensitive(text, context)
    result = check_readability(text, context, reader_checked=reader_checked)
    findings += result.findings
    metrics = dict(result.metrics)
    leichte_sprache = metrics.pop("leichte_sprache", None)
    if context.leichte_sprache:
        checks.append("leichte_sprache")
    if context.channel:
        checks.append("platform")
        findings += check_platform(text, context, images=images or [])
    checks.append("privacy")
    findings += detect(text, context)
    checks.append("facts")
    facts = check_facts(text, context)
    findings += facts
    findings.sort(key=lambda f: (f.start, f.end))
    summary = Counter(f.status for f in facts)
    return TextCheckReport(
        findings=findings,
        checks=checks,
        readability=metrics,
        leichte_sprache=leichte_sprache,
        facts_summary={
            "verified": summary["verified"],
            "unsupported": summary["unsupported"],
            "contradicted": summary["contradicted"],
        },
    )


@dataclass
class PrivacyReport:
    findings: list[Finding]
    replacements: list[Replacement]
    pseudonymized: str
    counts: dict[str, int]


def privacy_report(
    text: str,
    context: CheckContext,
    *,
    extra_terms: list[str] | None = None,
    ignored_terms: list[str] | None = None,
) -> PrivacyReport:
    """Findings and the text as the privacy shield would send it (a fresh vault, not kept)."""
    extra = extra_terms or []
    ignored = ignored_terms or []
    findings = detect(text, context, extra_terms=extra, ignored_terms=ignored)
    replacements = preview(text, Vault(), context=context, extra_terms=extra, ignored_terms=ignored)
    return PrivacyReport(
        findings=findings,
        replacements=replacements,
        pseudonymized=apply(text, replacements),
        counts=dict(Counter(f.kind for f in findings)),
    )


def parse_facts(value: str) -> dict[str, str]:
    """Lines "Name: Wert" into facts; lines without a colon are ignored (see `stray_lines`)."""
    facts: dict[str, str] = {}
    for line in value.splitlines():
        label, sep, fact = line.partition(":")
        if sep and label.strip() and fact.strip():
            facts[label.strip()] = fact.strip()
    return facts


def stray_lines(value: str) -> list[str]:
    """Non-empty lines of the facts field that are no "Name: Wert" pair."""
    return [
        line.strip()
        for line in value.splitlines()
        if line.strip() and not all(part.strip() for part in line.partition(":")[::2])
    ]


def parse_sources(value: str) -> list[str]:
    """Source texts, separated by a blank line."""
    blocks: list[str] = []
    current: list[str] = []
    for line in value.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def parse_alt_texts(value: str) -> list[Image]:
    """One line per image; "-" marks an image without alt text."""
    images = []
    for line in value.splitlines():
        if not line.strip():
            continue
        alt = line.strip()
        images.append(Image(alt=None if alt == "-" else alt))
    return images
