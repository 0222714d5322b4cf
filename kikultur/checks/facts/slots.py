"""Fact slots: the model writes `[[datum]]`, code inserts the exact value and reports mistakes.

The one slot mechanism of the workbench. Tool prompts show each hard fact with its marker
(`kikultur/tools/_shared/fakten.md`); after the model answered, `fill_slots` replaces every
known marker by the user's exact value and reports three kinds of mistakes as findings:

- UNKNOWN_SLOT: a marker nobody declared (the model invented it); it stays visible in the text.
- dropped: a slot the model neither wrote as marker nor as its value (status `missing`).
- changed: the value written out in another, contradicting form ("20 Uhr" for "19 Uhr").

The marker (two square brackets) does not clash with the Jinja `{{ }}` of the prompt templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kikultur.checks.facts.claims import Claim
from kikultur.checks.facts.extract import extract_claims
from kikultur.checks.facts.sources import Sources
from kikultur.checks.facts.verify import CONTRADICTED, UNSUPPORTED, VERIFIED, verify_claims
from kikultur.checks.findings import CheckContext, Finding
from kikultur.i18n import _

SLOT_PATTERN = re.compile(r"\[\[\s*([a-z][a-z0-9_]*)\s*\]\]")
"""A fact-slot marker in prompt and model output: `[[input_name]]`."""

CHECK = "facts"
UNKNOWN_SLOT = "UNKNOWN_SLOT"
MISSING = "missing"  # status of a slot the text leaves out
SLOT_KIND = "SLOT"  # kind of a dropped slot whose value is no date, time, number ...


def slot_marker(name: str) -> str:
    """The marker the model writes for the fact slot `name`."""
    return f"[[{name}]]"


@dataclass(slots=True)
class SlotResult:
    """The text with every known slot filled, and findings about slots that went wrong.

    Finding offsets refer to `text` (the filled text); `filled` lists the slots used, in order.
    """

    text: str
    findings: list[Finding] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)


def slot_instructions(values: Mapping[str, str], labels: Mapping[str, str] | None = None) -> str:
    """A German prompt paragraph telling the model to write markers, for prompts without
    the shared `fakten.md` part (the built-in tools include that part instead)."""
    if not values:
        return ""
    labels = labels or {}
    lines = [
        _(
            "Feste Angaben: Schreibe an jeder Stelle, an der eine der folgenden Angaben in den "
            "Text gehört, genau den Platzhalter in doppelten eckigen Klammern (zum Beispiel "
            "{example}), nicht den Wert selbst. Der Platzhalter wird später durch den exakten Wert "
            "ersetzt. Ändere die Platzhalter nicht, erfinde keine neuen und schreibe keine eigenen "
            "Zahlen, Daten, Uhrzeiten, Preise oder Namen, die hier nicht stehen."
        ).format(example=slot_marker(next(iter(values))))
    ]
    for name, value in values.items():
        label = labels.get(name, name)
        lines.append(f"- {slot_marker(name)} = {label}: {value}")
    return "\n".join(lines)


def fill_slots(
    text: str, values: Mapping[str, str], labels: Mapping[str, str] | None = None
) -> SlotResult:
    """Replaces every known `[[name]]` marker by its exact value; reports unknown, dropped
    and changed slots. `labels` (slot name -> form label) make the messages readable."""
    labels = dict(labels or {})
    pieces: list[str] = []
    unknown: list[tuple[int, int, str]] = []
    used: list[str] = []
    last = 0
    length = 0
    for match in SLOT_PATTERN.finditer(text):
        pieces.append(text[last : match.start()])
        length += match.start() - last
        name = match.group(1)
        if name in values:
            replacement = str(values[name])
            if name not in used:
                used.append(name)
        else:
            # Left in place: a human must see that something is missing here.
            replacement = match.group(0)
            unknown.append((length, length + len(replacement), name))
        pieces.append(replacement)
        length += len(replacement)
        last = match.end()
    pieces.append(text[last:])
    filled = "".join(pieces)
    findings = [
        Finding(
            check=CHECK,
            kind=UNKNOWN_SLOT,
            start=start,
            end=end,
            text=filled[start:end],
            message=_(
                "Platzhalter {marker} ist keine Angabe aus dem Formular. Bitte die richtige "
                "Angabe selbst einsetzen oder die Stelle streichen."
            ).format(marker=filled[start:end]),
            status=UNSUPPORTED,
            severity="error",
            details={"slot": name},
        )
        for start, end, name in unknown
    ]
    findings += _missing_slots(filled, values, used, labels)
    findings.sort(key=lambda f: (f.start, f.end))
    return SlotResult(filled, findings, used)


def _missing_slots(
    filled: str, values: Mapping[str, str], used: list[str], labels: Mapping[str, str]
) -> list[Finding]:
    """A slot the model did not use is fine if its value stands in the text anyway."""
    findings: list[Finding] = []
    lower = filled.lower()
    facts = {labels.get(name, name): str(value) for name, value in values.items()}
    # The text's claims once, with every slot's names known; each slot is then checked alone.
    all_sources = Sources.from_context(CheckContext(facts=facts))
    text_claims: list[Claim] | None = None
    # Spans that match some other slot ("15:00 Uhr" is the start, not a changed end time).
    matched: set[tuple[int, int]] = set()
    reported: set[tuple[int, int]] = set()  # text spans already reported as a changed slot
    for name, raw in values.items():
        value = str(raw).strip()
        if name in used or not value or value.lower() in lower:
            continue
        label = labels.get(name, name)
        if text_claims is None:
            text_claims = extract_claims(filled, all_sources.name_keys)
            matched = {
                (f.start, f.end)
                for f in verify_claims(text_claims, all_sources, None)
                if f.status == VERIFIED
            }
        sources = Sources.from_context(CheckContext(facts={label: value}))
        value_claims = extract_claims(value)
        # The slot's kind is what its value is ("19 Uhr" a TIME); a value like "frei" is none.
        kind = value_claims[0].kind if value_claims else SLOT_KIND
        kinds = {c.kind for c in value_claims}
        claims = [c for c in text_claims if c.kind in kinds]
        verdicts = verify_claims(claims, sources, None)
        if any(f.status == VERIFIED for f in verdicts):
            continue  # written in another form ("14.03.2026" for "Samstag, 14. März 2026")
        # A changed value in the text is reported once, for the first slot it contradicts:
        # "16:00 Uhr" is the changed start, not also the changed end.
        altered = [
            f
            for f in verdicts
            if f.status == CONTRADICTED and (f.start, f.end) not in matched | reported
        ]
        if altered:
            for f in altered:
                reported.add((f.start, f.end))
                findings.append(
                    Finding(
                        check=CHECK,
                        kind=f.kind,
                        start=f.start,
                        end=f.end,
                        text=f.text,
                        message=_(
                            "Feste Angabe „{name}“ verändert: Im Text steht „{text}“, laut "
                            "Eingabe „{name}“: {value}"
                        ).format(name=label, text=f.text, value=value),
                        suggestions=(value,),
                        status=CONTRADICTED,
                        severity="error",
                        details={
                            "slot": name,
                            "source": f.details.get("source"),
                            "source_value": value,
                            "changed": True,
                        },
                    )
                )
            continue
        findings.append(
            Finding(
                check=CHECK,
                kind=kind,
                start=0,
                end=0,
                text="",
                message=_("Feste Angabe „{name}“ fehlt im Text: {value}").format(
                    name=label, value=value
                ),
                suggestions=(value,),
                # Left out is not contradicted: reported, but it does not block the review.
                status=MISSING,
                severity="warning",
                details={"slot": name, "source_value": value, "missing": True},
            )
        )
    return findings
