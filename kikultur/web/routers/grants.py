"""Berichte & Anträge: finance plan editor with XLSX export, funder profiles (view, copy, adapt)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from kikultur.exports.filenames import safe_stem
from kikultur.exports.xlsx import plan_to_xlsx_bytes
from kikultur.finance.categories import CostCategory, FeeUnit, IncomeCategory
from kikultur.finance.funders import FunderProfile, builtin_profiles, profile_to_yaml
from kikultur.finance.money import format_eur, format_number
from kikultur.finance.plan import FinancePlan
from kikultur.finance.rules import check_plan, export_blockers, propose_ksk
from kikultur.i18n import _
from kikultur.services import finance
from kikultur.store.models import FinancePlanRecord
from kikultur.web.deps import CurrentUser, OrgAdmin, RepoDep
from kikultur.web.downloads import attachment_headers
from kikultur.web.templating import form_data, render

router = APIRouter()

PLANS = "/bereich/berichte/finanzplaene"
PROFILES = "/bereich/berichte/foerderprofile"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REMOVE = re.compile(r"^remove-(cost|income)-(\d{1,3})$")
BLANK_ROW = {"category": "", "label": "", "planned": "", "actual": "", "artist": "", "units": ""}


def _today() -> date:
    return date.today()


def _plan_or_404(repo: RepoDep, plan_id: int) -> FinancePlanRecord:
    record = repo.get(FinancePlanRecord, plan_id)
    if record is None:
        raise HTTPException(status_code=404)
    return record


def _options(profiles: dict[str, FunderProfile]) -> list[tuple[str, str]]:
    return [(p.id, p.name) for p in sorted(profiles.values(), key=lambda p: p.name)]


def _caps(profile: FunderProfile | None) -> str:
    """The funder's caps in one German sentence, shown next to the funder choice."""
    if profile is None:
        return ""
    parts = []
    if profile.amount_max is not None:
        parts.append(_("Höchstbetrag: {amount}.").format(amount=format_eur(profile.amount_max)))
    if profile.amount_min is not None:
        parts.append(_("Mindestbetrag: {amount}.").format(amount=format_eur(profile.amount_min)))
    if profile.max_funding_rate is not None:
        parts.append(
            _("Förderquote höchstens {rate} %.").format(
                rate=format_number(profile.max_funding_rate)
            )
        )
    if profile.amount_note:
        parts.append(profile.amount_note)
    return " ".join(parts)


def _summary(plan: FinancePlan, profile: FunderProfile | None) -> dict[str, Any]:
    """Totals, balance and findings for the editor, planned and actual column."""
    findings = check_plan(plan, profile, today=_today())
    rate = plan.funding_rate_percent()
    return {
        "total_costs": format_eur(plan.total_costs()),
        "total_income": format_eur(plan.total_income()),
        "balance": format_eur(plan.balance()),
        "balanced": plan.is_balanced() and bool(plan.costs),
        "funding_rate": "–" if rate is None else f"{format_number(rate)} %",
        "grant": format_eur(plan.requested_grant()),
        "balance_finding": next((f for f in findings if f.kind == "unbalanced"), None),
        "findings": [f for f in findings if f.kind != "unbalanced"],
        "line_findings": {
            f.details["target"]: f.message
            for f in findings
            if str(f.details.get("target", "")).startswith("costs[")
        },
        "has_actuals": plan.has_actuals(),
        "actual_costs": format_eur(plan.total_costs("actual")),
        "actual_income": format_eur(plan.total_income("actual")),
        "actual_balance": format_eur(plan.balance("actual")),
        "ksk_proposal": format_eur(propose_ksk(plan)) if plan.artist_fees() else None,
        # After the project: deviations of the actual amounts that need a reason.
        "actual_findings": [
            f
            for f in check_plan(plan, profile, column="actual")
            if f.kind in ("deviation_needs_reason", "actual_missing", "unbalanced")
        ]
        if plan.has_actuals()
        else [],
        "caps": _caps(profile),
        "blocked": [f.message for f in export_blockers(plan, profile, _today())],
    }


def _editor(
    request: Request,
    repo: RepoDep,
    record: FinancePlanRecord,
    form: finance.PlanForm,
    *,
    status: int = 200,
    notice: str | None = None,
) -> Response:
    profiles = finance.profiles_for(repo)
    plan = finance.plan_from_form(form, profiles)
    profile = profiles.get(form.funder_id) if form.funder_id else None
    context = {
        "record": record,
        "form": form,
        "errors": form.errors,
        "summary": _summary(plan, profile),
        "profile": profile,
        "profile_options": _options(profiles),
        "cost_categories": [(c.value, c.label) for c in CostCategory],
        "income_categories": [(c.value, c.label) for c in IncomeCategory],
        "fee_units": [("", _("–")), *[(u.value, u.plural) for u in FeeUnit]],
        "notice": notice or request.query_params.get("hinweis"),
        "saved": request.query_params.get("gespeichert"),
    }
    return render(request, "finance_plan_edit.html", context, status)


@router.get(PLANS)
def plans(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    records = repo.all(FinancePlanRecord, FinancePlanRecord.updated_at.desc())
    profiles = finance.profiles_for(repo)
    rows = []
    for record in records:
        plan = finance.to_plan(record)
        rows.append(
            {
                "record": record,
                "funder": profiles[record.funder_id].name
                if record.funder_id in profiles
                else (record.funder_id or ""),
                "total": format_eur(plan.total_costs()),
                "balanced": plan.is_balanced() and bool(plan.costs),
            }
        )
    return render(
        request,
        "finance_plans.html",
        {"rows": rows, "profile_options": _options(profiles)},
    )


@router.post(PLANS)
async def create(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    values = await form_data(request)
    try:
        record = finance.create_plan(repo, user, values.get("title", ""), values.get("funder_id"))
    except finance.FinanceError as exc:
        repo.session.rollback()
        profiles = finance.profiles_for(repo)
        return render(
            request,
            "finance_plans.html",
            {
                "rows": [],
                "profile_options": _options(profiles),
                "errors": {exc.field: exc.message},
                "values": values,
            },
            422,
        )
    return RedirectResponse(f"{PLANS}/{record.id}", status_code=303)


@router.get(PLANS + "/{plan_id}")
def edit_form(request: Request, plan_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    record = _plan_or_404(repo, plan_id)
    return _editor(request, repo, record, finance.form_from_record(record))


@router.post(PLANS + "/{plan_id}")
async def edit(request: Request, plan_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    record = _plan_or_404(repo, plan_id)
    values = await form_data(request)
    action = values.get("action", "save")
    removed = REMOVE.match(action)
    # While rows are added or removed, empty new rows stay; saving drops them.
    form = finance.parse_form(values, keep_blank=bool(removed) or action.startswith("add-"))
    if removed:
        rows = form.rows(removed.group(1))
        index = int(removed.group(2))
        if index < len(rows):
            del rows[index]
        return _editor(request, repo, record, form)
    if action in ("add-cost", "add-income"):
        kind = action.removeprefix("add-")
        form.rows(kind).append(
            {**BLANK_ROW, "category": "honorare" if kind == "cost" else "eigenmittel"}
        )
        return _editor(request, repo, record, form)
    profiles = finance.profiles_for(repo)
    plan = finance.plan_from_form(form, profiles)
    if action == "ksk":
        return _take_ksk(request, repo, record, form, plan)
    if form.errors:
        return _editor(request, repo, record, form, status=422)
    try:
        finance.save_plan(repo, record, form, plan)
    except finance.StaleForm as exc:
        repo.session.rollback()
        repo.session.refresh(record)
        form.errors["form"] = exc.message
        # The user's input stays in the form, now based on the current version, so a
        # deliberate second save goes through.
        form.version = str(record.version)
        return _editor(request, repo, record, form, status=409)
    if action in ("export-final", "export-draft"):
        version = "final" if action == "export-final" else "entwurf"
        return RedirectResponse(f"{PLANS}/{record.id}/export.xlsx?fassung={version}", 303)
    return RedirectResponse(f"{PLANS}/{record.id}?gespeichert=1", status_code=303)


def _take_ksk(
    request: Request,
    repo: RepoDep,
    record: FinancePlanRecord,
    form: finance.PlanForm,
    plan: FinancePlan,
) -> Response:
    """Puts the proposed KSK levy into the form (one KSK line), without saving yet."""
    amount = propose_ksk(plan)
    others = [row for row in form.costs if row.get("category") != CostCategory.ksk.value]
    if amount:
        others.append(
            {
                **BLANK_ROW,
                "category": CostCategory.ksk.value,
                "label": _("Künstlersozialabgabe"),
                "planned": format_number(amount),
            }
        )
    form.costs = others
    form.errors = {}
    return _editor(
        request,
        repo,
        record,
        form,
        notice=_("Die Künstlersozialabgabe von {amount} ist eingetragen. Bitte speichern.").format(
            amount=format_eur(amount)
        ),
    )


@router.get(PLANS + "/{plan_id}/export.xlsx")
def export(request: Request, plan_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    record = _plan_or_404(repo, plan_id)
    plan = finance.to_plan(record)
    profiles = finance.profiles_for(repo)
    profile = profiles.get(record.funder_id or "")
    draft = request.query_params.get("fassung") == "entwurf"
    blockers = export_blockers(plan, profile, _today())
    if blockers and not draft:
        form = finance.form_from_record(record)
        form.errors["form"] = _(
            "Der Plan kann noch nicht als Endfassung exportiert werden: {reasons} Ein Export "
            "als Entwurf ist möglich."
        ).format(reasons=" ".join(f.message for f in blockers))
        return _editor(request, repo, record, form, status=409)
    content = plan_to_xlsx_bytes(
        plan,
        funder_name=profile.name if profile else "",
        draft=bool(blockers) or draft,
        findings=check_plan(plan, profile, today=_today()),
    )
    name = safe_stem(record.title, "finanzplan")
    suffix = "-entwurf" if draft or blockers else ""
    filename = f"{name}{suffix}.xlsx"
    return Response(
        content,
        media_type=XLSX_TYPE,
        headers=attachment_headers(filename),
    )


@router.post(PLANS + "/{plan_id}/loeschen")
def delete(request: Request, plan_id: int, user: CurrentUser, repo: RepoDep) -> Response:
    record = _plan_or_404(repo, plan_id)
    repo.delete(record)
    repo.session.commit()
    return RedirectResponse(PLANS, status_code=303)


# --- funder profiles ----------------------------------------------------------------------


@router.get(PROFILES)
def profiles_page(request: Request, user: CurrentUser, repo: RepoDep) -> Response:
    own = finance.own_profiles(repo)
    return render(
        request,
        "funder_profiles.html",
        {
            "builtin": sorted(builtin_profiles().values(), key=lambda p: p.name),
            "own": sorted(own.values(), key=lambda p: p.name),
        },
    )


def _profile_or_404(repo: RepoDep, profile_id: str) -> tuple[FunderProfile, bool]:
    own = finance.own_profiles(repo)
    if profile_id in own:
        return own[profile_id], True
    builtin = builtin_profiles()
    if profile_id in builtin:
        return builtin[profile_id], False
    raise HTTPException(status_code=404)


@router.get(PROFILES + "/{profile_id}")
def profile_view(request: Request, profile_id: str, user: CurrentUser, repo: RepoDep) -> Response:
    profile, is_own = _profile_or_404(repo, profile_id)
    return render(
        request,
        "funder_profile.html",
        {"profile": profile, "is_own": is_own, "today": _today(), "caps": _caps(profile)},
    )


@router.post(PROFILES + "/{profile_id}/kopieren")
async def profile_copy(
    request: Request, profile_id: str, admin: OrgAdmin, repo: RepoDep
) -> Response:
    profile, is_own = _profile_or_404(repo, profile_id)
    values = await form_data(request)
    try:
        row = finance.copy_builtin(
            repo, admin, profile.id, values.get("new_id", ""), values.get("name", "")
        )
    except finance.FinanceError as exc:
        repo.session.rollback()
        return render(
            request,
            "funder_profile.html",
            {
                "profile": profile,
                "is_own": is_own,
                "today": _today(),
                "caps": _caps(profile),
                "errors": {exc.field: exc.message},
                "values": values,
            },
            422,
        )
    return RedirectResponse(f"{PROFILES}/{row.profile_id}/bearbeiten", status_code=303)


@router.get(PROFILES + "/{profile_id}/bearbeiten")
def profile_edit_form(
    request: Request, profile_id: str, admin: OrgAdmin, repo: RepoDep
) -> Response:
    row = finance.profile_copy(repo, profile_id)
    if row is None:
        raise HTTPException(status_code=404)
    profile, _own = _profile_or_404(repo, profile_id)
    values = {"yaml": profile_to_yaml(profile), "version": str(row.version)}
    return render(request, "funder_profile_edit.html", {"row": row, "values": values})


@router.post(PROFILES + "/{profile_id}/bearbeiten")
async def profile_edit(
    request: Request, profile_id: str, admin: OrgAdmin, repo: RepoDep
) -> Response:
    row = finance.profile_copy(repo, profile_id)
    if row is None:
        raise HTTPException(status_code=404)
    values = await form_data(request)
    try:
        finance.update_copy(repo, row, values.get("yaml", ""), values.get("version", ""))
    except finance.FinanceError as exc:
        repo.session.rollback()
        repo.session.refresh(row)
        status = 409 if isinstance(exc, finance.StaleForm) else 422
        if status == 409:
            values["version"] = str(row.version)
        return render(
            request,
            "funder_profile_edit.html",
            {"row": row, "values": values, "errors": {exc.field: exc.message}},
            status,
        )
    return RedirectResponse(f"{PROFILES}/{row.profile_id}?gespeichert=1", status_code=303)
