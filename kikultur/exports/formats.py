"""One entry point for every export format a tool declares: draft in, file bytes out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kikultur.exports.document import ExportDocument, ExportError, document_from_answer
from kikultur.exports.docx import write_docx
from kikultur.exports.finance_docx import add_finance_table
from kikultur.exports.freeplane import to_freeplane
from kikultur.exports.ics import event_ics
from kikultur.exports.jsonld import event_jsonld, to_jsonld
from kikultur.exports.markdown import to_markdown
from kikultur.exports.mermaid import to_mermaid
from kikultur.exports.outline import OutlineNode, parse_outline
from kikultur.exports.text import to_text
from kikultur.finance.plan import FinancePlan
from kikultur.i18n import _
from kikultur.tools.sections import ParsedAnswer
from kikultur.tools.spec import ToolSpec

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "jsonld": "application/ld+json",
    "mm": "application/x-freemind",
    "mermaid": "text/vnd.mermaid; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}
EXTENSIONS = {
    "docx": "docx",
    "md": "md",
    "txt": "txt",
    "jsonld": "jsonld",
    "mm": "mm",
    "mermaid": "mmd",
    "ics": "ics",
}

# Which sections feed the tool-specific formats.
OUTLINE_SECTION = "gliederung"
TOPIC_SECTION = "thema"
DESCRIPTION_SECTIONS = ("kurztext", "beschreibung")


@dataclass(frozen=True, slots=True)
class ExportedFile:
    content: bytes
    media_type: str
    extension: str


def outline_of(parsed: ParsedAnswer, fallback_title: str) -> OutlineNode:
    """The idea tree of an `ideen` draft: the topic in the middle, the outline as branches."""
    topic = parsed.text(TOPIC_SECTION).strip().splitlines()
    title = topic[0].strip() if topic else fallback_title
    outline = parsed.text(OUTLINE_SECTION)
    if not outline.strip():
        raise ExportError(_("Für die Mindmap fehlt der Abschnitt „Gliederung“."))
    return parse_outline(outline, title)


def _finance_hook(spec: ToolSpec, plan: FinancePlan | None) -> Callable[[Any], object] | None:
    hooks = set(spec.export_hooks)
    if plan is None or not hooks & {"finance_table", "finance_table_actual"}:
        return None
    with_actual = True if "finance_table_actual" in hooks else None
    return lambda document: add_finance_table(
        document, plan, with_actual=with_actual, draft=not plan.is_balanced()
    )


def _description(parsed: ParsedAnswer) -> str | None:
    """The event's description for calendars and websites: the draft's short text."""
    return next((parsed.text(s) for s in DESCRIPTION_SECTIONS if parsed.text(s).strip()), None)


def _event_name(values: Mapping[str, Any], fallback: str) -> str:
    """The event's own name from the form ("titel", "anlass"), else the draft's title."""
    for key in ("titel", "anlass"):
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return fallback


def export_draft(
    spec: ToolSpec,
    values: Mapping[str, Any],
    parsed: ParsedAnswer,
    format: str,
    *,
    steckbrief: Mapping[str, Any] | None = None,
    template: Path | bytes | None = None,
    ai_note: str | None = None,
    provenance: Mapping[str, str] | None = None,
    title: str | None = None,
    cleared_flags: Collection[str] = (),
    finance_plan: FinancePlan | None = None,
    author: str | None = None,
    extra_notices: Sequence[str] = (),
) -> ExportedFile:
    """The file for one format the tool declares in `exports`; anything else is refused.

    A tool with the export hook `finance_table` (or `finance_table_actual`) gets `finance_plan`
    as a table in its DOCX, marked as a draft while the plan does not balance.
    """
    if format not in spec.exports:
        raise ExportError(
            _("Das Werkzeug „{tool}“ exportiert nicht als {format}. Möglich: {formats}.").format(
                tool=spec.title, format=format, formats=", ".join(spec.exports)
            )
        )
    document: ExportDocument = document_from_answer(
        spec,
        values,
        parsed,
        title=title,
        ai_note=ai_note,
        provenance=provenance,
        cleared_flags=cleared_flags,
        author=author,
        extra_notices=extra_notices,
    )
    text: str
    if format == "docx":
        append = _finance_hook(spec, finance_plan)
        return ExportedFile(write_docx(document, template, append), MEDIA_TYPES["docx"], "docx")
    if format == "md":
        text = to_markdown(document)
    elif format == "txt":
        text = to_text(document)
    elif format == "mm":
        text = to_freeplane(outline_of(parsed, document.title))
    elif format == "mermaid":
        text = to_mermaid(outline_of(parsed, document.title))
    elif format == "jsonld":
        # The name stays the user's title: a fact, not the model's rewording.
        text = to_jsonld(event_jsonld(values, steckbrief, description=_description(parsed)))
    elif format == "ics":
        name = _event_name(values, document.title)
        content = event_ics(values, steckbrief, title=name, description=_description(parsed))
        return ExportedFile(content, MEDIA_TYPES["ics"], EXTENSIONS["ics"])
    else:
        raise ExportError(_("Das Format {format} ist noch nicht verfügbar.").format(format=format))
    return ExportedFile(text.encode("utf-8"), MEDIA_TYPES[format], EXTENSIONS[format])
