"""Runs the checks a tool names on a draft text; offsets always refer to the whole text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from kikultur.checks.facts import check_facts
from kikultur.checks.facts.slots import fill_slots
from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.gender import check_gender
from kikultur.checks.language.platforms import CHANNELS, check_platform
from kikultur.checks.language.readability import check_readability
from kikultur.checks.language.sensitive import check_sensitive
from kikultur.checks.privacy import detect
from kikultur.checks.target_language import TRANSLATION_LANGUAGES, check_target_language
from kikultur.i18n import _
from kikultur.tools.inputs import display_value
from kikultur.tools.prompts import prepare_values, slot_values
from kikultur.tools.registry import Tool
from kikultur.tools.sections import ParsedAnswer, parse_answer, render_markdown
from kikultur.tools.spec import InputType, SectionSpec, flags_for, is_filled, sections_for

LEICHTE_SPRACHE_FLAG = "nicht_geprueft"
# Long free-text inputs are sources for the fact check, not facts with a label.
SOURCE_TYPES = (InputType.textarea,)


@dataclass(slots=True)
class CheckedText:
    """A draft text with its parsed sections and every finding, in text order."""

    text: str
    parsed: ParsedAnswer
    findings: list[Finding] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)

    @property
    def sections(self) -> dict[str, str]:
        return {sid: section.text for sid, section in self.parsed.sections.items()}


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """What the draft's checks may know: the form, the brief, the Steckbrief context."""

    values: Mapping[str, Any]
    brief: str
    steckbrief: Mapping[str, Any]
    base: CheckContext
    reader_checked: bool = False


def check_context(tool: Tool, facts: DraftFacts) -> CheckContext:
    """The CheckContext of a draft: slot values and filled inputs as facts, brief as source."""
    spec = tool.spec
    prepared = prepare_values(spec, facts.values, facts.steckbrief)
    named = dict(facts.base.facts)
    sources = list(facts.base.sources)
    # Findings name their source: "belegt durch Ihre Notizen", not "durch Quelle 1".
    labels = list(facts.base.source_labels) + [""] * (len(sources) - len(facts.base.source_labels))
    if facts.brief.strip():
        sources.append(facts.brief)
        labels.append(spec.brief.label or _("Ihre Notizen"))
    for item in spec.inputs:
        value = prepared.get(item.name)
        if not is_filled(value):
            continue
        if item.type in SOURCE_TYPES:
            sources.append(str(value))
            labels.append(_("Eingabe „{label}“").format(label=item.label))
        else:
            named[item.label] = display_value(item, value)
    return dataclasses.replace(facts.base, facts=named, sources=sources, source_labels=labels)


def _with_suggestion(finding: Finding, suggestion: str) -> Finding:
    return dataclasses.replace(finding, suggestions=(suggestion, *finding.suggestions))


def _structure_fixes(
    findings: list[Finding], parsed: ParsedAnswer, tool: Tool, prepared: Mapping[str, Any]
) -> list[Finding]:
    """One-click repairs: an unstructured answer gets the section headings, a missing
    section its empty heading at the end."""
    expected = sections_for(tool.spec, dict(prepared))
    result = []
    for finding in findings:
        if finding.kind == "UNSTRUCTURED_ANSWER":
            finding = _with_suggestion(finding, render_markdown(parsed, expected).strip())
        elif finding.kind == "MISSING_SECTION":
            title = next(
                (s.title for s in expected if s.id == finding.details.get("section")), None
            )
            if title:
                finding = _with_suggestion(finding, f"\n\n## {title}\n\n")
        result.append(finding)
    return result


def _slot_spans(text: str, values: Mapping[str, str]) -> list[tuple[int, int, str]]:
    spans = []
    for name, value in values.items():
        if len(value) >= 2:
            spans += [(m.start(), m.end(), name) for m in re.finditer(re.escape(value), text)]
    return spans


def _trust_slot_values(
    findings: list[Finding], text: str, values: Mapping[str, str]
) -> list[Finding]:
    """A claim inside the exact value of a fact slot is the user's own input, not a
    contradiction (e.g. the postcode "22000" read as a house number)."""
    spans = _slot_spans(text, values)
    result = []
    for finding in findings:
        if finding.status == "contradicted":
            slot = next((n for s, e, n in spans if s <= finding.start and finding.end <= e), None)
            if slot is not None:
                finding = dataclasses.replace(
                    finding,
                    status="verified",
                    severity="info",
                    suggestions=(),
                    message=_("Angabe aus dem Formular („{slot}“).").format(slot=slot),
                    details={**finding.details, "slot": slot},
                )
        result.append(finding)
    return result


def _choice_section_findings(
    parsed: ParsedAnswer,
    tool: Tool,
    prepared: Any,
    check: Callable[[str, SectionSpec, str], list[Finding]],
    choices: Collection[str],
) -> list[Finding]:
    """`check(section text, section, choice)` on each per-choice section whose choice is in
    `choices`, with the offsets moved into the whole text and the section named."""
    findings: list[Finding] = []
    for section in sections_for(tool.spec, dict(prepared)):
        if section.choice is None or section.choice not in choices:
            continue
        part = parsed.sections.get(section.id)
        if part is None or not part.text.strip():
            continue
        for finding in check(part.text, section, section.choice):
            findings.append(
                dataclasses.replace(
                    finding,
                    start=finding.start + part.start,
                    end=finding.end + part.start,
                    details={**finding.details, "section": section.id},
                )
            )
    return findings


def _platform_findings(parsed: ParsedAnswer, tool: Tool, prepared: Any) -> list[Finding]:
    """Each channel section is checked against its platform."""

    def check(text: str, section: SectionSpec, channel: str) -> list[Finding]:
        return check_platform(text, CheckContext(channel=channel, channel_limit=section.max_chars))

    return _choice_section_findings(parsed, tool, prepared, check, CHANNELS)


def _language_findings(parsed: ParsedAnswer, tool: Tool, prepared: Any) -> list[Finding]:
    """Each section for a language (the translation's "## Türkisch") must be in it."""

    def check(text: str, section: SectionSpec, language: str) -> list[Finding]:
        return check_target_language(text, language, section.title)

    return _choice_section_findings(parsed, tool, prepared, check, TRANSLATION_LANGUAGES)


def run_checks(
    tool: Tool,
    text: str,
    facts: DraftFacts,
    *,
    slot_findings: list[Finding] | None = None,
) -> CheckedText:
    """Structure, fact slots and the checks the tool spec names, on the whole draft text.

    `slot_findings` come from filling the model's answer; on an edited text the slots are
    checked again by their values (dropped or changed facts are reported).
    """
    spec = tool.spec
    prepared = prepare_values(spec, facts.values, facts.steckbrief)
    parsed = parse_answer(spec, prepared, text)
    findings = _structure_fixes(list(parsed.findings), parsed, tool, prepared)
    findings += _language_findings(parsed, tool, prepared)
    checks_run = ["structure"]
    if slot_findings is None:
        values = slot_values(spec, facts.values, facts.steckbrief)
        labels = {name: spec.input(name).label for name in values}
        slot_findings = fill_slots(text, values, labels).findings
    findings += slot_findings
    context = check_context(tool, facts)
    if "facts" in spec.checks:
        values = slot_values(spec, facts.values, facts.steckbrief)
        # A changed fact slot is reported once, by its slot finding ("Feste Angabe „Beginn“
        # verändert"), not again by the fact check at the same place.
        changed = {(f.start, f.end) for f in slot_findings if f.status == "contradicted"}
        findings += [
            f
            for f in _trust_slot_values(check_facts(text, context), text, values)
            if not (f.status == "contradicted" and (f.start, f.end) in changed)
        ]
        checks_run.append("facts")
    if "language" in spec.checks:
        findings += check_gender(text, context) + check_sensitive(text, context)
        checks_run.append("language")
    if "readability" in spec.checks:
        flags = flags_for(spec, dict(prepared))
        readability_context = dataclasses.replace(
            context, leichte_sprache=LEICHTE_SPRACHE_FLAG in flags
        )
        result = check_readability(text, readability_context, facts.reader_checked)
        findings += result.findings
        checks_run.append("readability")
    if "platform" in spec.checks:
        platform = _platform_findings(parsed, tool, prepared)
        # "Mastodon: 643 von höchstens 500 Zeichen" says it better than the section's own
        # length finding over the same text: one of them is enough.
        measured = {f.details.get("section") for f in platform if f.details.get("rule") == "length"}
        findings = [
            f
            for f in findings
            if not (f.kind == "SECTION_TOO_LONG" and f.details.get("section") in measured)
        ]
        findings += platform
        checks_run.append("platform")
    if "privacy" in spec.checks:
        findings += [
            dataclasses.replace(
                f,
                severity="hint",
                suggestions=(),
                message=_("{kind} im Entwurf: Vor dem Veröffentlichen prüfen.").format(
                    kind=f.message
                ),
            )
            for f in detect(text, context)
        ]
        checks_run.append("privacy")
    findings.sort(key=lambda f: (f.start, f.end))
    return CheckedText(text, parsed, findings, checks_run)


def findings_dicts(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    return Finding(
        check=str(data["check"]),
        kind=str(data["kind"]),
        start=int(data["start"]),
        end=int(data["end"]),
        text=str(data.get("text", "")),
        message=str(data.get("message", "")),
        suggestions=tuple(str(s) for s in data.get("suggestions", ())),
        status=str(data.get("status", "open")),
        severity=data.get("severity", "warning"),
        details=dict(data.get("details") or {}),
    )
