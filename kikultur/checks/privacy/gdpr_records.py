"""GDPR paperwork per model provider: Art. 30 record entry and Art. 28 checklist (pure data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlparse

from kikultur.i18n import _


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


EU_EEA = _codes(
    """
AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO
"""
)
# Countries with an EU adequacy decision (Art. 45 GDPR) as of 2024; the US only for companies
# certified under the EU-US Data Privacy Framework, which the organisation has to confirm.
ADEQUATE = _codes(
    """
AD AR CA CH FO GB GG IL IM JE JP KR NZ UY
"""
)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    question: str
    ok: bool | None  # None: not known, must be checked by hand
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    """Art. 30 entry and Art. 28 checklist of one configured provider."""

    provider: str
    data_class: str
    processing_entry: dict[str, Any]
    checklist: list[ChecklistItem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(item.ok for item in self.checklist)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["complete"] = self.complete
        return data


def _flag(config: Mapping[str, Any], key: str) -> bool | None:
    value = config.get(key)
    return value if isinstance(value, bool) else None


def _is_local(config: Mapping[str, Any]) -> bool:
    if config.get("data_class") == "local":
        return True
    host = urlparse(str(config.get("base_url") or "")).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1"}


def provider_record(config: Mapping[str, Any], organisation: str = "") -> ProviderRecord:
    """Builds the records from a provider config.

    Keys read: name, base_url, model, data_class (local | eu | third-country), country
    (ISO code of the processing location), processor_agreement (bool: Art. 28 contract on file),
    training_opt_out (bool), retention_days (int, provider side), shield (bool, default True for
    non-local providers), contact (the processor's contact), transfer_mechanism (e.g. "SCC").
    """
    name = str(config.get("name") or _("Unbenannter Anbieter"))
    data_class = str(config.get("data_class") or "third-country")
    local = _is_local(config)
    country = str(config.get("country") or ("DE" if local else "")).upper()
    shielded = bool(config.get("shield", not local))
    recipients = (
        _("keine (Verarbeitung auf eigenem Rechner/Server)")
        if local
        else _("{name} als Auftragsverarbeiter").format(name=name)
    )
    if local:
        transfer = _("keine Übermittlung")
    elif country in EU_EEA:
        transfer = _("keine Übermittlung in ein Drittland (EU/EWR)")
    elif country in ADEQUATE:
        transfer = _("Drittland mit Angemessenheitsbeschluss (Art. 45 DSGVO): {country}").format(
            country=country
        )
    else:
        mechanism = config.get("transfer_mechanism") or _("nicht angegeben")
        transfer = _("Drittland {country}, Garantie: {mechanism}").format(
            country=country or "?", mechanism=mechanism
        )
    entry = {
        "name": _("KI-Textentwürfe mit {name}").format(name=name),
        "controller": organisation or _("(Organisation eintragen)"),
        "purposes": _(
            "Entwürfe für Presse-, Programm- und Förderantragstexte mit KI-Unterstützung"
        ),
        "data_subjects": _("Beschäftigte, Ehrenamtliche, Kontaktpersonen, Teilnehmende"),
        "data_categories": _(
            "Namen und Kontaktdaten in Entwürfen; vor dem Senden an externe Anbieter "
            "durch Platzhalter ersetzt"
        )
        if shielded
        else _("Inhalte der Entwürfe, einschließlich darin enthaltener personenbezogener Daten"),
        "recipients": recipients,
        "third_country_transfer": transfer,
        "retention": _("Entwürfe und Protokolle nach den eingestellten Löschfristen"),
        "technical_measures": [
            _("Pseudonymisierung vor dem Senden (Datenschutz-Schutzschild)")
            if shielded
            else _("keine Pseudonymisierung (lokales Modell)"),
            _("Zuordnungstabelle nur lokal, mit dem Entwurf gelöscht"),
            _("Protokoll zählt ersetzte Angaben je Art, ohne Werte"),
            _("verschlüsselte Übertragung (HTTPS)")
            if str(config.get("base_url", "")).startswith("https://")
            else _("Übertragung ohne HTTPS: nur im eigenen Netz zulässig"),
        ],
        "processor": {
            "name": name,
            "base_url": config.get("base_url"),
            "model": config.get("model"),
            "data_class": data_class,
            "country": country or None,
        },
    }
    checklist: list[ChecklistItem] = []
    if not local:
        checklist = [
            ChecklistItem(
                "processor_agreement",
                _("Liegt ein Auftragsverarbeitungsvertrag (Art. 28 DSGVO) vor?"),
                _flag(config, "processor_agreement"),
                _("Vertrag des Anbieters abschließen und ablegen."),
            ),
            ChecklistItem(
                "eu_location",
                _("Werden die Daten in der EU/dem EWR verarbeitet?"),
                (country in EU_EEA) if country else None,
                _("Sonst: Angemessenheitsbeschluss oder Standardvertragsklauseln nötig."),
            ),
            ChecklistItem(
                "training_opt_out",
                _("Ist ausgeschlossen, dass der Anbieter Eingaben zum Training nutzt?"),
                _flag(config, "training_opt_out"),
                _("Opt-out in den Vertrags- oder Kontoeinstellungen prüfen."),
            ),
            ChecklistItem(
                "shield",
                _("Werden personenbezogene Daten vor dem Senden pseudonymisiert?"),
                shielded,
                _("Der Schutzschild muss für externe Anbieter eingeschaltet bleiben."),
            ),
            ChecklistItem(
                "data_class_consistent",
                _("Passt die eingestellte Datenschutzklasse zum Standort?"),
                _class_consistent(data_class, country),
                _("Klasse 'eu' nur für Anbieter mit Verarbeitung in der EU und AV-Vertrag."),
            ),
        ]
    return ProviderRecord(name, data_class, entry, checklist)


def _class_consistent(data_class: str, country: str) -> bool | None:
    if not country:
        return None
    if data_class == "eu":
        return country in EU_EEA
    return True


def _mark(ok: bool | None) -> str:
    return {True: "[x]", False: "[ ]", None: "[?]"}[ok]


def record_markdown(record: ProviderRecord) -> str:
    """German Markdown for the organisation's files."""
    entry = record.processing_entry
    lines = [
        f"## {entry['name']}",
        "",
        f"- **{_('Verantwortlicher')}:** {entry['controller']}",
        f"- **{_('Zweck')}:** {entry['purposes']}",
        f"- **{_('Betroffene Personen')}:** {entry['data_subjects']}",
        f"- **{_('Datenkategorien')}:** {entry['data_categories']}",
        f"- **{_('Empfänger')}:** {entry['recipients']}",
        f"- **{_('Drittlandübermittlung')}:** {entry['third_country_transfer']}",
        f"- **{_('Löschfristen')}:** {entry['retention']}",
        f"- **{_('Technische und organisatorische Maßnahmen')}:**",
        *[f"  - {measure}" for measure in entry["technical_measures"]],
    ]
    if record.checklist:
        lines += ["", f"### {_('Prüfliste Auftragsverarbeitung (Art. 28 DSGVO)')}", ""]
        for item in record.checklist:
            hint = f" ({item.hint})" if item.ok is not True and item.hint else ""
            lines.append(f"- {_mark(item.ok)} {item.question}{hint}")
    return "\n".join(lines) + "\n"
