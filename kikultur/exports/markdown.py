"""Markdown export of a draft: title, notices as quotes, sections under `##`, AI note, origin."""

from __future__ import annotations

from kikultur.exports.document import ExportDocument
from kikultur.i18n import _


def to_markdown(doc: ExportDocument) -> str:
    parts = [f"# {doc.title}"]
    if doc.subtitle:
        parts.append(f"_{doc.subtitle}_")
    parts.extend(f"> **{_('Hinweis:')}** {notice}" for notice in doc.notices)
    for section in doc.sections:
        parts.append(f"## {section.title}")
        if section.text.strip():
            parts.append(section.text.strip())
    footer = []
    if doc.ai_note:
        footer.append(f"_{doc.ai_note}_")
    if doc.provenance:
        footer.append(_("Entstehung: ") + "; ".join(f"{k}: {v}" for k, v in doc.provenance.items()))
    if footer:
        parts.append("---")
        parts.extend(footer)
    return "\n\n".join(parts) + "\n"
