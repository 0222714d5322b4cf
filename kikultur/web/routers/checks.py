"""The check pages: "Text prüfen" (all checks) and "Datenschutz-Check"; nothing is stored.

Both pages take pasted text or an uploaded file, keep every input in the form after every
action (an upload error included) and answer a broken input with a German message at its
field (status 422).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from kikultur.checks.language.gender import STYLES
from kikultur.checks.language.platforms import CHANNELS
from kikultur.i18n import _
from kikultur.knowledge.extract import TEXT_SUFFIXES, ExtractError, extract_text, format_size
from kikultur.schemas.common import GermanNumberError, parse_german_int
from kikultur.services import factsheet
from kikultur.services.text_check import (
    MAX_TEXT_CHARS,
    parse_alt_texts,
    parse_facts,
    parse_sources,
    privacy_report,
    run_all_checks,
    stray_lines,
)
from kikultur.web.deps import CurrentUser, RepoDep
from kikultur.web.findings_view import (
    APPLY_FIELD,
    ApplyError,
    apply_suggestion,
    build_view,
    kind_labels,
)
from kikultur.web.templating import form_text, render

router = APIRouter()

TEXT_CHECK_URL = "/text-pruefen"
PRIVACY_CHECK_URL = "/datenschutz-check"
UPLOAD_FIELD = "datei"
ACCEPT = ",".join((".docx", *TEXT_SUFFIXES))


def gender_style_options() -> list[tuple[str, str]]:
    return [
        ("stern", _("Gendersternchen (Leser*innen)")),
        ("doppelpunkt", _("Doppelpunkt (Leser:innen)")),
        ("neutral", _("Neutrale Formen (Lesende)")),
        ("paarform", _("Paarform (Leserinnen und Leser)")),
    ]


def channel_options() -> list[tuple[str, str]]:
    return [("", _("– kein Kanal –"))] + [(key, c.label) for key, c in CHANNELS.items()]


@dataclass
class Submission:
    """The posted form: plain values (for the page), the text, and what happened to it."""

    values: dict[str, Any]
    text: str
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""
    warning: str = ""
    previous_text: str = ""


def _strings(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            if key in values:
                continue  # lists are read with form.getlist where they are meant
            values[key] = value
    return values


async def read_submission(request: Request) -> Submission:
    """Text from the field, a suggestion applied to it, or text from an uploaded file."""
    form = await request.form()
    values = _strings(form)
    text = form_text(str(values.get("text", "")))
    sub = Submission(values, text)
    if "\x00" in text:
        sub.text = text.replace("\x00", "")
        sub.errors["text"] = _(
            "Der Text enthielt Binärdaten (Nullbytes). Sie wurden entfernt; bitte prüfen Sie "
            "den Text und senden Sie ihn erneut."
        )
    elif values.get(APPLY_FIELD):
        try:
            sub.text = apply_suggestion(text, values[APPLY_FIELD], values.get("checked_hash", ""))
            sub.notice = _("Vorschlag übernommen.")
        except ApplyError as exc:
            sub.warning = str(exc)
    else:
        upload = form.get(UPLOAD_FIELD)
        if isinstance(upload, UploadFile) and upload.filename:
            await _read_upload(request, upload, sub)
    if len(sub.text) > MAX_TEXT_CHARS and "text" not in sub.errors:
        sub.errors["text"] = _too_long_message(len(sub.text))
    if not sub.text.strip() and not sub.errors:
        sub.errors["text"] = _("Bitte fügen Sie einen Text ein oder laden Sie eine Datei hoch.")
    sub.values["text"] = sub.text
    return sub


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_long_message(length: int | None) -> str:
    if length is None:
        return _(
            "Der Text ist zu lang für eine Prüfung (höchstens {max} Zeichen). Bitte prüfen Sie "
            "ihn in Abschnitten."
        ).format(max=_thousands(MAX_TEXT_CHARS))
    return _(
        "Der Text ist mit {n} Zeichen zu lang für eine Prüfung (höchstens {max}). Bitte "
        "prüfen Sie ihn in Abschnitten."
    ).format(n=_thousands(length), max=_thousands(MAX_TEXT_CHARS))


async def _read_upload(request: Request, upload: UploadFile, sub: Submission) -> None:
    limit = request.app.state.settings.upload_max_bytes
    data = await upload.read(limit + 1)  # one byte more tells "too large" without reading all
    try:
        extracted = extract_text(upload.filename or "", data, limit)
    except ExtractError as exc:
        sub.errors[UPLOAD_FIELD] = str(exc)
        return
    if sub.text.strip() and sub.text.strip() != extracted.text.strip():
        sub.previous_text = sub.text
    sub.text = extracted.text
    sub.notice = _("Der Text aus „{name}“ wurde übernommen.").format(name=upload.filename)
    if extracted.note:
        sub.warning = " ".join(part for part in (sub.warning, extracted.note) if part)


def _upload_context(request: Request) -> dict[str, Any]:
    limit = request.app.state.settings.upload_max_bytes
    size = format_size(limit)
    upload = {
        "accept": ACCEPT,
        "max_bytes": limit,
        "max_size": size,
        "max_text": MAX_TEXT_CHARS,
        # Shown by the script before sending, so a too large file never leaves the browser.
        "too_large": _(
            "Die Datei ist größer als {size}. Bitte eine kleinere Datei hochladen."
        ).format(size=size),
        "too_long": _too_long_message(None),
    }
    return {"upload": upload}


# ---- Text prüfen ---------------------------------------------------------------------------


def _text_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200,
    **extra: Any,
) -> Response:  # fmt: skip
    context = {
        "values": values,
        "errors": errors,
        "styles": gender_style_options(),
        "channels": channel_options(),
        **_upload_context(request),
        **extra,
    }
    return render(request, "text_check.html", context, status)


@router.get(TEXT_CHECK_URL)
def text_check_form(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    sheet = factsheet.current(repo)
    return _text_page(request, {"gender_style": sheet.data.writing.gender_style}, {})


def _options(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    style = str(values.get("gender_style") or "stern")
    if style not in STYLES:
        errors["gender_style"] = _("Bitte eine der angebotenen Schreibweisen wählen.")
    channel = str(values.get("channel") or "")
    if channel and channel not in CHANNELS:
        errors["channel"] = _("Bitte einen der angebotenen Kanäle wählen.")
    limit_text = str(values.get("channel_limit") or "").strip()
    limit = None
    if limit_text:
        try:
            limit = parse_german_int(limit_text)  # "2.200" is 2200, as Germans write it
        except GermanNumberError:
            limit = None
        if limit is None or not 0 < limit <= 1_000_000:
            limit = None
            errors["channel_limit"] = _("Bitte eine ganze Zahl größer als 0 angeben.")
    leichte = bool(values.get("leichte_sprache"))
    reader_checked = bool(values.get("reader_checked"))
    if leichte and reader_checked and not str(values.get("reader_check_note", "")).strip():
        errors["reader_check_note"] = _(
            "Bitte angeben, wer den Text wann geprüft hat; sonst bleibt er „nicht geprüft“."
        )
    stray = stray_lines(str(values.get("facts", "")))
    if stray:
        errors["facts"] = _("Diese Zeile hat nicht die Form „Name: Wert“: „{line}“.").format(
            line=stray[0][:80]
        )
    return {
        "gender_style": style,
        "channel": channel or None,
        "channel_limit": limit,
        "leichte_sprache": leichte,
        "reader_checked": leichte and reader_checked,
    }


@router.post(TEXT_CHECK_URL)
async def text_check(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    sub = await read_submission(request)
    options = _options(sub.values, sub.errors)
    extra: dict[str, Any] = {
        "notice": sub.notice,
        "warning": sub.warning,
        "previous_text": sub.previous_text,
    }
    if sub.errors:
        return _text_page(request, sub.values, sub.errors, 422, **extra)
    sheet = factsheet.current(repo)
    context = factsheet.check_context(
        sheet.data,
        channel=options["channel"],
        channel_limit=options["channel_limit"],
        leichte_sprache=options["leichte_sprache"],
    )
    context.gender_style = options["gender_style"]
    context.facts.update(parse_facts(str(sub.values.get("facts", ""))))
    context.sources = parse_sources(str(sub.values.get("sources", "")))
    report = run_all_checks(
        sub.text,
        context,
        images=parse_alt_texts(str(sub.values.get("alt_texts", ""))),
        reader_checked=options["reader_checked"],
    )
    view = build_view(sub.text, report.findings, checks=report.checks)
    return _text_page(request, sub.values, {}, report=report, view=view, **extra)


# ---- Datenschutz-Check ---------------------------------------------------------------------


def _privacy_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200,
    **extra: Any,
) -> Response:  # fmt: skip
    context = {
        "values": values,
        "errors": errors,
        "kind_labels": kind_labels(),
        **_upload_context(request),
        **extra,
    }
    return render(request, "privacy_check.html", context, status)


@router.get(PRIVACY_CHECK_URL)
def privacy_check_form(request: Request, user: CurrentUser) -> Response:
    return _privacy_page(request, {}, {}, ignored=[])


def _terms(lines: str) -> list[str]:
    return [line.strip() for line in lines.splitlines() if line.strip()]


@router.post(PRIVACY_CHECK_URL)
async def privacy_check(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    sub = await read_submission(request)
    form = await request.form()
    ignored = sorted(
        {v.strip() for v in form.getlist("ignore") if isinstance(v, str) and v.strip()}
    )
    extra: dict[str, Any] = {
        "notice": sub.notice,
        "warning": sub.warning,
        "previous_text": sub.previous_text,
        "ignored": ignored,
    }
    if sub.errors:
        return _privacy_page(request, sub.values, sub.errors, 422, **extra)
    context = factsheet.check_context(factsheet.current(repo).data)
    report = privacy_report(
        sub.text,
        context,
        extra_terms=_terms(str(sub.values.get("extra_terms", ""))),
        ignored_terms=ignored,
    )
    view = build_view(sub.text, report.findings, checks=("privacy",), group_by="kind")
    return _privacy_page(request, sub.values, {}, report=report, view=view, **extra)
