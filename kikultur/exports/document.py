"""The format-neutral document all exporters write: title, sections, notices, AI note, origin."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kikultur.tools.sections import ParsedAnswer
from kikultur.tools.spec import ToolSpec, notices_for, sections_for

DEFAULT_AI_NOTE = (
    "Dieser Text wurde mit Unterstützung eines KI-Sprachmodells entworfen und von Menschen "
    "geprüft und bearbeitet."
)
# A draft not yet marked "geprüft" must not claim a human review (EU AI Act Art. 50).
UNREVIEWED_AI_NOTE = (
    "Dieser Text wurde mit Unterstützung eines KI-Sprachmodells entworfen; er ist noch nicht "
    "von Menschen geprüft."
)
# The document's author property when no organisation name is known.
DEFAULT_AUTHOR = "KI@KULTUR Werkbank"


class ExportError(ValueError):
    """An export cannot be written; the message is German."""


@dataclass(frozen=True, slots=True)
class ExportSection:
    title: str
    text: str  # the Markdown subset of kikultur.exports.markup
    rtl: bool = False  # right-to-left script (Arabic, Farsi)
    id: str = ""


@dataclass(frozen=True, slots=True)
class ExportDocument:
    title: str
    sections: Sequence[ExportSection]
    notices: Sequence[str] = ()
    ai_note: str | None = None  # shown when the organisation wants it
    provenance: Mapping[str, str] = field(default_factory=dict)  # German label -> value
    subtitle: str | None = None
    author: str | None = None  # the organisation; DEFAULT_AUTHOR when None


def document_from_answer(
    spec: ToolSpec,
    values: Mapping[str, Any],
    parsed: ParsedAnswer,
    *,
    title: str | None = None,
    ai_note: str | None = None,
    provenance: Mapping[str, str] | None = None,
    cleared_flags: Collection[str] = (),
    author: str | None = None,
    extra_notices: Sequence[str] = (),
) -> ExportDocument:
    """An export document from a parsed (and possibly edited) draft, sections in spec order.

    `cleared_flags` drops the notices of flags that are resolved, e.g. `nicht_geprueft` once
    a reader check of a Leichte-Sprache text is recorded.
    """
    rtl_ids = set()
    for section in spec.sections:
        if section.per_choice:
            for choice in spec.input(section.per_choice).choices:
                if choice.rtl:
                    rtl_ids.add(f"{section.id}_{choice.value}")
    sections = [
        ExportSection(s.title, parsed.text(s.id), s.id in rtl_ids, s.id)
        for s in sections_for(spec, dict(values))
        if parsed.text(s.id).strip()
    ]
    return ExportDocument(
        title=title or spec.title,
        sections=sections,
        notices=[
            *extra_notices,
            *(n.text for n in notices_for(spec, dict(values)) if n.flag not in set(cleared_flags)),
        ],
        ai_note=ai_note,
        provenance=dict(provenance or {}),
        author=author,
    )
