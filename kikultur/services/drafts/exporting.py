"""Export of a draft (DOCX into the organisation's template, Markdown, text) and its settings."""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kikultur.config import Settings
from kikultur.exports.document import (
    DEFAULT_AI_NOTE,
    UNREVIEWED_AI_NOTE,
    ExportDocument,
    ExportError,
    ExportSection,
)
from kikultur.exports.docx import write_docx
from kikultur.exports.filenames import safe_stem
from kikultur.exports.formats import ExportedFile, export_draft
from kikultur.i18n import _
from kikultur.knowledge.extract import ExtractError, check_archive, format_size
from kikultur.services import factsheet
from kikultur.services.drafts import grants
from kikultur.services.drafts.checking import LEICHTE_SPRACHE_FLAG
from kikultur.services.drafts.errors import DraftError, TemplateError
from kikultur.services.drafts.generate import is_truncated, truncated_notice
from kikultur.services.drafts.orgdata import get_tool, org_settings, tool_steckbrief
from kikultur.services.drafts.store import get_version
from kikultur.store.files import organisation_files_dir
from kikultur.store.models import Draft, DraftStatus, OrganisationSettings
from kikultur.store.repository import OrgRepository
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.prompts import prepare_values
from kikultur.tools.sections import parse_answer

TEMPLATE_FILE = "word-vorlage.docx"
TEMPLATE_SUFFIXES = (".docx", ".dotx")
MAX_NOTE_CHARS = 1000

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DraftFile:
    filename: str
    file: ExportedFile


def organisation_dir(settings: Settings, organisation_id: int) -> Path:
    # The one place where organisation files live (GDPR export and deletion find them there).
    settings.ensure_data_dir()
    return organisation_files_dir(settings, organisation_id)


def template_path(settings: Settings, row: OrganisationSettings) -> Path | None:
    if not row.word_template_file:
        return None
    path = organisation_dir(settings, row.organisation_id) / row.word_template_file
    return path if path.is_file() else None


def set_ai_note(repo: OrgRepository, enabled: bool, text: str = "") -> OrganisationSettings:
    """Whether exports carry the AI note, and its wording (empty: the default note)."""
    clean = text.strip()
    if len(clean) > MAX_NOTE_CHARS:
        raise DraftError(
            _("Der KI-Hinweis ist zu lang (höchstens {n} Zeichen).").format(n=MAX_NOTE_CHARS),
            "ai_note_text",
        )
    row = org_settings(repo)
    row.ai_note_enabled = enabled
    row.ai_note_text = clean
    repo.session.commit()
    return row


def upload_template(
    repo: OrgRepository, settings: Settings, filename: str, data: bytes
) -> OrganisationSettings:
    """Stores the organisation's own Word template after checking it really is one."""
    if not filename.lower().endswith(TEMPLATE_SUFFIXES):
        raise TemplateError(
            _("Bitte eine Word-Datei (.docx oder .dotx) hochladen."), "word_template"
        )
    if not data:
        raise TemplateError(_("Die hochgeladene Datei ist leer."), "word_template")
    if len(data) > settings.upload_max_bytes:
        raise TemplateError(
            _("Die Datei ist zu groß: höchstens {size}.").format(
                size=format_size(settings.upload_max_bytes)
            ),
            "word_template",
        )
    _check_template_archive(filename, data, settings.upload_max_bytes)
    try:  # the real test: python-docx can write a document into it
        write_docx(ExportDocument("Probe", [ExportSection("Probe", "Text")]), data)
    except ExportError as exc:  # our own German message
        raise TemplateError(str(exc), "word_template") from exc
    except Exception as exc:  # a damaged package python-docx cannot read
        log.warning("Word-Vorlage nicht lesbar: %r", exc)
        raise TemplateError(
            _(
                "Die Word-Vorlage kann nicht gelesen werden. Bitte in Word oder LibreOffice "
                "öffnen, erneut als .docx speichern und noch einmal hochladen."
            ),
            "word_template",
        ) from exc
    folder = organisation_dir(settings, repo.organisation_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TEMPLATE_FILE).write_bytes(data)
    row = org_settings(repo)
    row.word_template_file = TEMPLATE_FILE
    row.word_template_name = Path(filename).name[:300]
    repo.session.commit()
    return row


def _check_template_archive(filename: str, data: bytes, max_bytes: int) -> None:
    """A zip bomb is refused from the zip directory alone, before python-docx unpacks it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return  # not a zip at all: the Word check that follows says so in German
    with archive:
        try:
            check_archive(
                archive,
                Path(filename).name,
                max_bytes,
                advice=_(
                    "Bitte die Vorlage ohne große eingebettete Dateien (Bilder, Videos) neu "
                    "speichern und noch einmal hochladen."
                ),
            )
        except ExtractError as exc:
            raise TemplateError(str(exc), "word_template") from exc


def remove_template(repo: OrgRepository, settings: Settings) -> OrganisationSettings:
    row = org_settings(repo)
    path = template_path(settings, row)
    if path is not None:
        path.unlink()
    row.word_template_file = None
    row.word_template_name = None
    repo.session.commit()
    return row


def _filename(draft: Draft, extension: str) -> str:
    return f"{safe_stem(draft.title, 'entwurf')}-{draft.id}.{extension}"


def export(
    repo: OrgRepository,
    settings: Settings,
    draft: Draft,
    fmt: str,
    version_number: int | None = None,
) -> DraftFile:
    """The newest (or a given) version in one of the tool's export formats.

    DOCX goes into the organisation's Word template when one is uploaded; the AI note is
    added when the organisation wants it; the provenance names tool, prompt version, model
    and review status.
    """
    version = get_version(repo, draft, version_number)
    inputs = dict(draft.inputs or {})
    try:
        tool = grants.resolve(repo, get_tool(repo, draft.tool_id), grants.tool_values(inputs))
    except InvalidInputsError as exc:  # the draft's funder profile copy was deleted since
        raise DraftError("; ".join(exc.errors.values()), "format") from exc
    sheet = factsheet.current(repo)
    steckbrief = tool_steckbrief(sheet.data)
    values = prepare_values(tool.spec, grants.tool_values(inputs), steckbrief)
    parsed = parse_answer(tool.spec, values, version.text)
    row = org_settings(repo)
    # The review covers one version: an older version of a reviewed draft is not reviewed.
    reviewed = (
        draft.status == DraftStatus.geprueft.value
        and draft.reviewed_at is not None
        and draft.reviewed_version in (None, version.number)
    )
    ai_note: str | None = None
    if row.ai_note_enabled:
        # The organisation's own wording is for reviewed texts; before the review the note
        # must not claim one.
        ai_note = (row.ai_note_text or DEFAULT_AI_NOTE) if reviewed else UNREVIEWED_AI_NOTE
    provenance = {
        _("Werkzeug"): tool.spec.title,
        _("Prompt-Version"): str((version.provenance or {}).get("prompt_version", ""))[:12],
        _("Modell"): str((version.provenance or {}).get("model", "")),
        _("Version"): str(version.number),
    }
    if reviewed:
        assert draft.reviewed_at is not None
        reviewer = draft.reviewed_by.display_name if draft.reviewed_by else "?"
        provenance[_("Geprüft")] = _("{name} am {date}").format(
            name=reviewer, date=draft.reviewed_at.strftime("%d.%m.%Y")
        )
    else:
        provenance[_("Status")] = _("Entwurf, noch nicht geprüft")
    cleared = [LEICHTE_SPRACHE_FLAG] if draft.reader_checked_at is not None else []
    plan = grants.finance_plan_for(repo, tool.spec, inputs) if fmt == "docx" else None
    try:
        exported = export_draft(
            tool.spec,
            values,
            parsed,
            fmt,
            steckbrief=steckbrief,
            template=template_path(settings, row) if fmt == "docx" else None,
            ai_note=ai_note,
            provenance=provenance,
            title=draft.title,
            cleared_flags=cleared,
            finance_plan=plan,
            author=repo.organisation().name,
            extra_notices=[truncated_notice()] if is_truncated(version) else [],
        )
    except ExportError as exc:
        raise DraftError(str(exc), "format") from exc
    return DraftFile(_filename(draft, exported.extension), exported)
