"""Fills fact-slot markers (`[[datum]]`) in a model answer with the user's exact values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kikultur.checks.findings import Finding
from kikultur.i18n import _
from kikultur.tools.spec import SLOT_PATTERN


@dataclass(slots=True)
class FilledText:
    """The answer with markers replaced, plus what could not be filled (reported, not hidden)."""

    text: str
    filled: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def fill_slots(text: str, values: Mapping[str, str]) -> FilledText:
    """Replaces every known `[[name]]` marker; an unknown marker stays and becomes a finding.

    Finding offsets refer to the returned (filled) text.
    """
    out: list[str] = []
    result = FilledText(text="")
    position = 0
    length = 0
    for match in SLOT_PATTERN.finditer(text):
        before = text[position : match.start()]
        out.append(before)
        length += len(before)
        name = match.group(1)
        if name in values:
            out.append(values[name])
            length += len(values[name])
            result.filled.append(name)
        else:
            marker = match.group(0)
            result.findings.append(
                Finding(
                    check="structure",
                    kind="UNKNOWN_SLOT",
                    start=length,
                    end=length + len(marker),
                    text=marker,
                    message=_(
                        "Platzhalter {marker} ist keine Angabe aus dem Formular. Bitte die "
                        "richtige Angabe selbst einsetzen."
                    ).format(marker=marker),
                    severity="error",
                    details={"slot": name},
                )
            )
            out.append(marker)
            length += len(marker)
        position = match.end()
    out.append(text[position:])
    result.text = "".join(out)
    return result
