"""Fact slots: the model writes {{Datum}}, code inserts the exact value and reports mistakes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kikultur.checks.facts.extract import extract_claims
from kikultur.checks.facts.sources import Sources
from kikultur.checks.facts.verify import CONTRADICTED, UNSUPPORTED, VERIFIED, verify_claims
from kikultur.checks.findings import CheckContext, Finding
from kikultur.i18n import _

SLOT_RE = re.compile(r"\{\{\s*(?P<name>[^{}\n]{1,80}?)\s*\}\}")
SLOT_KIND = "SLOT"


@dataclass(slots=True)
class SlotResult:
    """The text with every known slot filled, and findings about slots that went wrong."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    used: list[str] = field(default_factory=list)


def marker(name: str) -> str:
    return "{{" + name + "}}"


def slot_instructions(facts: dict[str, str]) -> str:
    """The German prompt paragraph that tells the model to write slots instead of values."""
    if not facts:
        return ""
    lines = [
        _(
            "Feste Angaben: Schreibe an jeder Stelle, an der eine der folgenden Angaben in den "
            "Text gehört, genau den Platzhalter mit doppelten geschweiften Klammern (zum Beispiel "
            "{example}), nicht den Wert selbst. Der Platzhalter wird später durch den exakten Wert "
            "ersetzt. Ändere die Platzhalter nicht, erfinde keine neuen und schreibe keine eigenen "
            "Zahlen, Daten, Uhrzeiten, Preise oder Namen, die hier nicht stehen."
        ).format(example=marker(next(iter(facts))))
    ]
    for name, value in facts.items():
        lines.append(f"- {marker(name)}: {value}")
    return "\n".join(lines)


def _canonical(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def fill_slots(text: str, facts: dict[str, str]) -> SlotResult:
    """Replaces slot markers with their values; reports unknown, dropped and altered slots."""
    by_name = {_canonical(k): k for k in facts}
    pieces: list[str] = []
    unknown: list[tuple[int, int, str]] = []
    used: list[str] = []
    last = 0
    length = 0
    for m in SLOT_RE.finditer(text):
        pieces.append(text[last : m.start()])
        length += m.start() - last
        key = by_name.get(_canonical(m["name"]))
        if key is None:
            # Left in place: a human must see that something is missing here.
            unknown.append((length, length + len(m[0]), m["name"]))
            replacement = m[0]
        else:
            replacement = str(facts[key])
            if key not in used:
                used.append(key)
        pieces.append(replacement)
        length += len(replacement)
        last = m.end()
    pieces.append(text[last:])
    filled = "".join(pieces)
    findings = [
        Finding(
            check="facts",
            kind=SLOT_KIND,
            start=start,
            end=end,
            text=filled[start:end],
            message=_(
                "Unbekannter Platzhalter „{name}“: Dafür gibt es keine Angabe. Bitte den Wert "
                "selbst eintragen oder die Stelle streichen."
            ).format(name=name),
            status=UNSUPPORTED,
            severity="error",
            details={"slot": name},
        )
        for start, end, name in unknown
    ]
    findings += _missing_slots(filled, facts, used)
    findings.sort(key=lambda f: (f.start, f.end))
    return SlotResult(filled, findings, used)


def _missing_slots(filled: str, facts: dict[str, str], used: list[str]) -> list[Finding]:
    """A slot the model did not use is fine if its value stands in the text anyway."""
    findings: list[Finding] = []
    lower = filled.lower()
    # The text's claims once, with every slot's names known; each slot is then checked alone.
    all_names = Sources.from_context(CheckContext(facts=facts)).name_keys
    text_claims = extract_claims(filled, all_names)
    for name, raw in facts.items():
        value = str(raw).strip()
        if name in used or not value or value.lower() in lower:
            continue
        sources = Sources.from_context(CheckContext(facts={name: value}))
        value_claims = extract_claims(value)
        # The slot's kind is what its value is ("19 Uhr" a TIME); a value like "frei" is none.
        kind = value_claims[0].kind if value_claims else SLOT_KIND
        kinds = {c.kind for c in value_claims}
        claims = [c for c in text_claims if c.kind in kinds]
        verdicts = verify_claims(claims, sources, None)
        if any(f.status == VERIFIED for f in verdicts):
            continue  # written in another form ("14.03.2026" for "Samstag, 14. März 2026")
        altered = [f for f in verdicts if f.status == CONTRADICTED]
        if altered:
            for f in altered:
                findings.append(
                    Finding(
                        check="facts",
                        kind=f.kind,
                        start=f.start,
                        end=f.end,
                        text=f.text,
                        message=_(
                            "Feste Angabe „{name}“ verändert: Im Text steht „{text}“, laut "
                            "Eingabe „{name}“: {value}"
                        ).format(name=name, text=f.text, value=value),
                        suggestions=(value,),
                        status=CONTRADICTED,
                        severity="error",
                        details={
                            "slot": name,
                            "source": f.details.get("source"),
                            "source_value": value,
                        },
                    )
                )
            continue
        findings.append(
            Finding(
                check="facts",
                kind=kind,
                start=0,
                end=0,
                text="",
                message=_("Feste Angabe „{name}“ fehlt im Text: {value}").format(
                    name=name, value=value
                ),
                suggestions=(value,),
                status=CONTRADICTED,
                severity="error",
                details={"slot": name, "source_value": value, "missing": True},
            )
        )
    return findings
