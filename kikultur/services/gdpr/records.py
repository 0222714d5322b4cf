"""Art. 30 record entries and Art. 28 checklists for each configured provider, with what the
organisation has confirmed per provider (stored in `processor_checklists`)."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from kikultur.checks.privacy.gdpr_records import (
    EU_EEA,
    ChecklistItem,
    ProviderRecord,
    provider_record,
    record_markdown,
)
from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig, default_config
from kikultur.services.gdpr import GdprError
from kikultur.services.model_access import provider_store
from kikultur.store.models import ProcessorChecklist, User, utcnow
from kikultur.store.repository import OrgRepository

MAX_NOTES = 5000


@dataclass(frozen=True)
class ProviderEntry:
    config: ProviderConfig
    record: ProviderRecord
    state: ProcessorChecklist | None

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def external(self) -> bool:
        return bool(self.record.checklist)


def configured_providers(settings: Settings, session: Session | None) -> list[ProviderConfig]:
    """The embedded model plus every provider of the instance (through the model-access seam)."""
    configs = provider_store(settings, session).all()
    embedded = default_config(settings)
    if all(c.name != embedded.name for c in configs):
        configs = [embedded, *configs]
    return configs


def _config_dict(config: ProviderConfig, state: ProcessorChecklist | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": config.name,
        "base_url": config.base_url,
        "model": config.model,
        "data_class": config.data_class.value,
    }
    if config.data_class is DataClass.local:
        data["data_class"] = "local"
    if state is not None:
        data["processor_agreement"] = state.processor_agreement
        data["training_opt_out"] = state.training_opt_out
        if state.country:
            data["country"] = state.country
    return data


def _confirmed(record: ProviderRecord, state: ProcessorChecklist | None) -> ProviderRecord:
    """The organisation's confirmation of the EU location counts where no country is known."""
    if state is None or not state.eu_location or state.country:
        return record
    checklist: list[ChecklistItem] = []
    for item in record.checklist:
        if item.key in {"eu_location", "data_class_consistent"} and item.ok is None:
            item = replace(item, ok=True)
        checklist.append(item)
    return replace(record, checklist=checklist)


def entries(repo: OrgRepository, settings: Settings) -> list[ProviderEntry]:
    org = repo.organisation()
    states = {s.provider: s for s in repo.all(ProcessorChecklist, ProcessorChecklist.provider)}
    found = []
    for config in configured_providers(settings, repo.session):
        state = states.get(config.name)
        record = _confirmed(provider_record(_config_dict(config, state), org.name), state)
        found.append(ProviderEntry(config, record, state))
    return found


def entry(repo: OrgRepository, settings: Settings, name: str) -> ProviderEntry | None:
    return next((e for e in entries(repo, settings) if e.name == name), None)


def save_checklist(
    repo: OrgRepository, settings: Settings, user: User, name: str, values: dict[str, str]
) -> dict[str, str]:
    """Saves the organisation's Art. 28 answers for one external provider; German errors
    per field (nothing saved then)."""
    found = entry(repo, settings, name)
    if found is None or not found.external:
        raise GdprError(_("Einen externen Anbieter „{name}“ gibt es nicht.").format(name=name))
    errors: dict[str, str] = {}
    agreement_date: date | None = None
    raw_date = values.get("agreement_date", "").strip()
    if raw_date:
        try:
            agreement_date = date.fromisoformat(raw_date)
        except ValueError:
            errors["agreement_date"] = _("Bitte ein Datum im Format JJJJ-MM-TT eingeben.")
    country = values.get("country", "").strip().upper() or None
    eu_location = values.get("eu_location") == "1"
    if country is not None:
        if len(country) != 2 or not country.isalpha() or not country.isascii():
            errors["country"] = _("Bitte den Ländercode mit zwei Buchstaben angeben (z. B. DE).")
        elif eu_location and country not in EU_EEA:
            errors["country"] = _(
                "{country} liegt nicht in der EU/dem EWR; bitte Land oder Bestätigung prüfen."
            ).format(country=country)
    notes = values.get("notes", "")
    if len(notes) > MAX_NOTES:
        errors["notes"] = _("Die Notizen sind zu lang (höchstens {n} Zeichen).").format(n=MAX_NOTES)
    if errors:
        return errors
    state = found.state or ProcessorChecklist(provider=name)
    state.processor_agreement = values.get("processor_agreement") == "1"
    state.agreement_date = agreement_date
    state.eu_location = eu_location
    state.country = country
    state.training_opt_out = values.get("training_opt_out") == "1"
    state.notes = notes
    state.updated_at = utcnow()
    state.updated_by_id = user.id
    if found.state is None:
        repo.add(state)
    repo.session.commit()
    return {}


def _state_lines(state: ProcessorChecklist | None) -> list[str]:
    if state is None:
        return [f"- {_('Noch nichts bestätigt.')}"]
    lines = []
    if state.agreement_date is not None:
        lines.append(
            f"- {_('AV-Vertrag abgeschlossen am')}: {state.agreement_date.strftime('%d.%m.%Y')}"
        )
    if state.country:
        lines.append(f"- {_('Land der Verarbeitung')}: {state.country}")
    if state.notes.strip():
        lines.append(f"- {_('Notizen')}: {' '.join(state.notes.split())}")
    lines.append(f"- {_('Zuletzt geändert')}: {state.updated_at.strftime('%d.%m.%Y')}")
    return lines


def records_markdown(repo: OrgRepository, settings: Settings) -> str:
    """The organisation's Art. 30 entries and Art. 28 checklists as one Markdown document."""
    org = repo.organisation()
    parts = [
        f"# {_('Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO): KI-Anbieter')}",
        "",
        f"{_('Einrichtung')}: {org.name}  ",
        f"{_('Stand')}: {utcnow().strftime('%d.%m.%Y')}",
        "",
    ]
    for found in entries(repo, settings):
        parts.append(record_markdown(found.record))
        if found.external:
            parts += [f"### {_('Angaben der Einrichtung')}", "", *_state_lines(found.state), ""]
    return "\n".join(parts).rstrip() + "\n"


def records_docx(repo: OrgRepository, settings: Settings) -> bytes:
    """The same document as Word file (headings, lists, paragraphs)."""
    from docx import Document

    document = Document()
    for line in records_markdown(repo, settings).splitlines():
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            level = len(text) - len(text.lstrip("#"))
            document.add_heading(text.lstrip("# ").strip(), level=min(level, 3))
        elif line.startswith(("- ", "  - ")):
            style = "List Bullet 2" if line.startswith("  ") else "List Bullet"
            document.add_paragraph(text[2:].replace("**", ""), style=style)
        else:
            document.add_paragraph(text.replace("**", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
