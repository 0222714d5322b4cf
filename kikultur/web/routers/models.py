"""Einstellungen › Modelle: providers of the instance (platform admin), the organisation's
choice (organisation admin), the model catalogue, a detected Ollama, the "Testen" button."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.base import ProviderConfigError
from kikultur.llm.catalogue import load_catalogue, models_dir
from kikultur.llm.config_store import ProviderStore, ProviderStoreError
from kikultur.llm.default import DEMO_MODEL_NAME
from kikultur.llm.keys import encrypt_api_key
from kikultur.llm.messages import DataClass
from kikultur.llm.ollama import ollama_suggestions
from kikultur.llm.providers import DEFAULT_PROVIDER_NAME, ProviderConfig, ProviderKind
from kikultur.schemas.common import german_message
from kikultur.services.model_access import (
    MODEL_SETTINGS_PATH,
    available_providers,
    choose_provider_config,
    embedded_config,
    is_demo_config,
    provider_store,
)
from kikultur.services.provider_trial import TrialOutcome, try_provider
from kikultur.store.models import ProviderRecord, User
from kikultur.web.deps import CurrentUser, OrgAdmin, PlatformAdmin, SessionDep, SettingsDep
from kikultur.web.templating import form_data, render

router = APIRouter()
log = logging.getLogger(__name__)

TEST_TIMEOUT_S = 30.0

_NUMBER_FIELDS = {
    "price_input_per_1k": float,
    "price_output_per_1k": float,
    "read_timeout": float,
    "connect_timeout": float,
    "context_window": int,
    "max_retries": int,
}


def _data_class_options() -> list[tuple[str, str]]:
    # No preselection: a remote server wrongly labelled `local` would skip the privacy shield.
    return [
        ("", _("– bitte wählen –")),
        (DataClass.local.value, data_class_label(DataClass.local)),
        (DataClass.eu.value, data_class_label(DataClass.eu)),
        (DataClass.third_country.value, data_class_label(DataClass.third_country)),
    ]


def data_class_label(data_class: DataClass | str) -> str:
    """German words for a data class; the page never shows the bare identifier."""
    value = DataClass(data_class)
    if value is DataClass.local:
        return _("lokal – dieser Rechner oder ein eigener Server")
    if value is DataClass.eu:
        return _("EU – Auftragsverarbeitung in der EU (Art. 28 DSGVO)")
    return _("Drittland – Verarbeitung außerhalb der EU")


def _kind_options() -> list[tuple[str, str]]:
    return [
        (ProviderKind.openai.value, _("OpenAI-kompatible Schnittstelle (HTTP)")),
        (ProviderKind.embedded.value, _("Eingebettet (GGUF-Datei auf diesem Rechner)")),
    ]


def _catalogue_rows(settings: Settings) -> list[dict[str, Any]]:
    folder = models_dir(settings.data_dir)
    return [
        {"entry": entry, "installed": entry.bundled or entry.local_path(folder).is_file()}
        for entry in load_catalogue()
    ]


def _model_label(config: ProviderConfig) -> str:
    """What the page calls a model: the demo by its name, an embedded file by its file name."""
    if is_demo_config(config):
        return DEMO_MODEL_NAME
    if config.kind is ProviderKind.embedded:
        return Path(config.model).name
    return config.model


def _page(
    request: Request,
    user: User,
    session: SessionDep,
    settings: Settings,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    trial: tuple[str, TrialOutcome] | None = None,
    message: str | None = None,
    status: int = 200,
) -> Response:
    store = provider_store(settings, session)
    org_id = user.organisation_id
    try:
        active = choose_provider_config(settings, session, org_id)
    except ProviderConfigError:
        active = None
    org_rows = store.enabled_map(org_id)
    instance_default = store.active_name()
    default_options = [
        ("", _("Vorgabe der Werkbank ({name})").format(name=instance_default or "lokal"))
    ] + [(r.name, r.name) for r, enabled, _default in org_rows if enabled]
    context: dict[str, Any] = {
        "model_label": _model_label,
        "data_class_label": data_class_label,
        "default_options": default_options,
        "active": active,
        "active_is_demo": active is not None and is_demo_config(active),
        "builtin": embedded_config(settings),
        "org_rows": org_rows,
        "org_default": store.default_for(org_id),
        "instance_default": instance_default,
        "testable": [c.name for c in available_providers(settings, session, org_id)],
        "errors": errors or {},
        "values": values or {"kind": "openai", "data_class": "local"},
        "trial": trial,
        "message": message,
        "data_class_options": _data_class_options(),
        "kind_options": _kind_options(),
    }
    if user.is_platform_admin:
        suggestions = ollama_suggestions(settings.ollama_url) if settings.ollama_url else []
        records = store.records()
        context.update(
            records=records,
            instance_options=[("", _("lokal (eingebautes Modell)"))]
            + [(r.name, r.name) for r in records],
            catalogue=_catalogue_rows(settings),
            ollama=[s for s in suggestions if s.name not in {r.name for r in records}],
            ollama_url=settings.ollama_url,
        )
    return render(request, "models.html", context, status)


def _form_error(
    request: Request, user: User, session: SessionDep, settings: Settings, message: str
) -> Response:
    """The settings page again, with a German message above the forms."""
    return _page(request, user, session, settings, errors={"form": message}, status=422)


def _change_store(
    request: Request,
    user: User,
    session: SessionDep,
    settings: Settings,
    change: Callable[[ProviderStore], object],
) -> Response:
    """Runs one change of the provider store. A refused change (German message from the store)
    is rolled back and shown on the page; a done one returns to the page."""
    try:
        change(provider_store(settings, session))
    except ProviderStoreError as exc:
        session.rollback()
        return _form_error(request, user, session, settings, str(exc))
    return RedirectResponse(MODEL_SETTINGS_PATH, status_code=303)


@router.get(MODEL_SETTINGS_PATH)
def models_page(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    return _page(request, user, session, settings)


def _config_from_form(
    values: dict[str, str], *, name: str | None = None
) -> tuple[ProviderConfig | None, dict[str, str]]:
    """The form as a ProviderConfig, or German messages per field."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "name": (name if name is not None else values.get("name", "")).strip(),
        "kind": values.get("kind", "openai"),
        "base_url": values.get("base_url", "").strip() or None,
        "model": values.get("model", "").strip(),
        "data_class": values.get("data_class", "").strip(),
        "api_key_env": values.get("api_key_env", "").strip() or None,
    }
    for field, kind in _NUMBER_FIELDS.items():
        raw = values.get(field, "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            number = kind(raw)
        except ValueError:
            errors[field] = _("Bitte eine Zahl angeben.")
            continue
        if number < 0:
            errors[field] = _("Die Zahl darf nicht negativ sein.")
        data[field] = number
    if not data["name"]:
        errors["name"] = _("Bitte ausfüllen.")
    if not data["model"]:
        errors["model"] = _("Bitte ausfüllen.")
    if not data["data_class"]:
        errors["data_class"] = _(
            "Bitte wählen, wo dieses Modell die Texte verarbeitet. Nur bei „local“ gehen "
            "Texte ohne Pseudonymisierung hinaus."
        )
    if errors:
        return None, errors
    try:
        return ProviderConfig(**data), {}
    except ValidationError as exc:
        return None, _provider_errors(exc)


def _provider_errors(exc: ValidationError) -> dict[str, str]:
    """Field -> German message. ProviderConfig's own validators raise German ValueErrors;
    any other pydantic error gets the shared German wording, never pydantic's English."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "form"
        text = german_message(error)
        if field == "form" and "base-url" in text:
            field = "base_url"
        errors.setdefault(field, text)
    return errors


def _with_key(config: ProviderConfig, values: dict[str, str], settings: Settings) -> ProviderConfig:
    api_key = values.get("api_key", "").strip()
    if not api_key:
        return config
    # Encrypted at once: the plain key lives only in this request, never in a log or page.
    token = encrypt_api_key(settings.resolve_secret_key(), api_key)
    return config.model_copy(update={"api_key_encrypted": token, "api_key_env": None})


@router.post(f"{MODEL_SETTINGS_PATH}/anbieter")
async def add_provider(
    request: Request, admin: PlatformAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    values = await form_data(request)
    config, errors = _config_from_form(values)
    if config is not None and config.name == DEFAULT_PROVIDER_NAME:
        errors = {"name": _("Dieser Name ist für das eingebaute Modell reserviert.")}
    if config is not None and not errors:
        try:
            provider_store(settings, session).add(_with_key(config, values, settings))
        except ProviderStoreError as exc:
            session.rollback()
            errors = {"name": str(exc)}
    if errors or config is None:
        safe_values = {k: v for k, v in values.items() if k != "api_key"}
        return _page(
            request, admin, session, settings, errors=errors, values=safe_values, status=422
        )
    return RedirectResponse(MODEL_SETTINGS_PATH, status_code=303)


def _record(session: SessionDep, provider_id: int) -> ProviderRecord:
    record = session.get(ProviderRecord, provider_id)
    if record is None:
        raise HTTPException(status_code=404)
    return record


def _record_values(record: ProviderRecord) -> dict[str, str]:
    values = {
        "name": record.name,
        "kind": record.kind,
        "base_url": record.base_url or "",
        "model": record.model,
        "data_class": record.data_class,
        "api_key_env": record.api_key_env or "",
    }
    for field in _NUMBER_FIELDS:
        value = getattr(record, field)
        values[field] = "" if value is None else f"{value:g}"
    return values


def _edit_page(
    request: Request,
    record: ProviderRecord,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "record": record,
        "key_set": bool(record.api_key_encrypted),
        "errors": errors or {},
        "values": values or _record_values(record),
        "data_class_options": _data_class_options(),
        "kind_options": _kind_options(),
    }
    return render(request, "model_provider.html", context, status)


@router.get(MODEL_SETTINGS_PATH + "/anbieter/{provider_id}")
def edit_provider(
    request: Request, provider_id: int, admin: PlatformAdmin, session: SessionDep
) -> Response:
    return _edit_page(request, _record(session, provider_id))


@router.post(MODEL_SETTINGS_PATH + "/anbieter/{provider_id}")
async def update_provider(
    request: Request,
    provider_id: int,
    admin: PlatformAdmin,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    record = _record(session, provider_id)
    values = await form_data(request)
    config, errors = _config_from_form(values, name=record.name)
    if config is None or errors:
        safe_values = {k: v for k, v in values.items() if k != "api_key"}
        safe_values["name"] = record.name
        return _edit_page(request, record, errors=errors, values=safe_values, status=422)
    store = provider_store(settings, session)
    store.add(_with_key(config, values, settings), replace=True)
    if values.get("remove_key") == "1" and not values.get("api_key", "").strip():
        store.set_api_key(record.name, None)
    return RedirectResponse(MODEL_SETTINGS_PATH, status_code=303)


@router.post(MODEL_SETTINGS_PATH + "/anbieter/{provider_id}/loeschen")
def remove_provider(
    provider_id: int, admin: PlatformAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    provider_store(settings, session).remove(_record(session, provider_id).name)
    return RedirectResponse(MODEL_SETTINGS_PATH, status_code=303)


@router.post(MODEL_SETTINGS_PATH + "/instanz-standard")
async def instance_default(
    request: Request, admin: PlatformAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    name = (await form_data(request)).get("instance_provider", "")
    active = None if name in ("", DEFAULT_PROVIDER_NAME) else name
    return _change_store(request, admin, session, settings, lambda store: store.set_active(active))


@router.post(MODEL_SETTINGS_PATH + "/ollama")
async def add_ollama(
    request: Request, admin: PlatformAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    """One click: the suggestion is detected again here, so the form cannot smuggle in a URL."""
    wanted = (await form_data(request)).get("model", "")
    found = ollama_suggestions(settings.ollama_url) if settings.ollama_url else []
    config = next((s for s in found if s.model == wanted), None)
    if config is None:
        error = _("Das Ollama-Modell „{name}“ wurde nicht (mehr) gefunden.").format(name=wanted)
        return _form_error(request, admin, session, settings, error)
    found_config = config
    return _change_store(request, admin, session, settings, lambda store: store.add(found_config))


@router.post(MODEL_SETTINGS_PATH + "/katalog")
async def add_catalogue_model(
    request: Request, admin: PlatformAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    """A downloaded catalogue model becomes an embedded provider."""
    wanted = (await form_data(request)).get("model", "")
    row = next((r for r in _catalogue_rows(settings) if r["entry"].name == wanted), None)
    if row is None or not row["installed"]:
        error = _(
            "Das Modell „{name}“ ist nicht heruntergeladen. Bitte zuerst "
            "`kikultur models pull {name}` ausführen."
        ).format(name=wanted)
        return _form_error(request, admin, session, settings, error)
    try:
        config = ProviderConfig(name=Path(wanted).name, kind=ProviderKind.embedded, model=wanted)
    except ValidationError as exc:  # pydantic's text is English: the page gets German
        log.warning("Katalogmodell %s nicht eintragbar: %s", wanted, exc)
        error = _("Das Modell „{name}“ kann nicht eingetragen werden: {problems}").format(
            name=wanted, problems=" ".join(dict.fromkeys(_provider_errors(exc).values()))
        )
        return _form_error(request, admin, session, settings, error)
    return _change_store(request, admin, session, settings, lambda store: store.add(config))


@router.post(MODEL_SETTINGS_PATH + "/testen")
async def test_provider(
    request: Request, admin: OrgAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    """Runs a short prompt through run_call (recorded); faults come back as German text."""
    name = (await form_data(request)).get("name", "")
    store = provider_store(settings, session)
    allowed = {c.name: c for c in available_providers(settings, session, admin.organisation_id)}
    if admin.is_platform_admin:
        allowed.update({c.name: c for c in store.all()})
    config = allowed.get(name)
    if config is None:
        error = _("Den Anbieter „{name}“ gibt es nicht oder er ist nicht freigegeben.").format(
            name=name
        )
        return _form_error(request, admin, session, settings, error)
    # A short wait: the page is held open while the model answers.
    timeout = min(config.read_timeout, TEST_TIMEOUT_S)
    outcome = try_provider(
        settings,
        session,
        config,
        organisation_id=admin.organisation_id,
        user_id=admin.id,
        timeout=timeout,
    )
    return _page(request, admin, session, settings, trial=(name, outcome))


@router.post(MODEL_SETTINGS_PATH + "/freigabe")
async def enable_provider(
    request: Request, admin: OrgAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    values = await form_data(request)
    name, enabled = values.get("name", ""), values.get("enabled") == "1"
    return _change_store(
        request,
        admin,
        session,
        settings,
        lambda store: store.set_enabled(admin.organisation_id, name, enabled),
    )


@router.post(MODEL_SETTINGS_PATH + "/standard")
async def organisation_default(
    request: Request, admin: OrgAdmin, session: SessionDep, settings: SettingsDep
) -> Response:
    name = (await form_data(request)).get("default_provider", "")
    chosen = None if name in ("", DEFAULT_PROVIDER_NAME) else name
    return _change_store(
        request,
        admin,
        session,
        settings,
        lambda store: store.set_default(admin.organisation_id, chosen),
    )
