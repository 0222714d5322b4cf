"""Checks of a finance plan against arithmetic, the funder's caps and good practice -> Findings.

A plan is not a text, so every finance Finding has start = end = 0 and text = ""; `details`
says where it belongs (`target`: "balance", "funding_rate", "grant", "costs[3]", ...) and
carries the amounts as plain decimal strings, so the editor can show the message at its place.
Comparisons are exact (Decimal and Fraction); only messages show rounded figures.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal, Inexact
from fractions import Fraction
from typing import Any

from kikultur.checks.findings import Finding, Severity
from kikultur.finance.categories import CostCategory
from kikultur.finance.funders import FunderProfile
from kikultur.finance.money import CENT, format_eur, format_number
from kikultur.finance.parameters import (
    FeeFloor,
    KskRates,
    default_fee_floors,
    default_ksk_rates,
    ksk_amount,
)
from kikultur.finance.plan import Column, CostLine, FinancePlan, exact, percent_for_display
from kikultur.i18n import _, ngettext

CHECK = "finance"


def _finding(kind: str, message: str, severity: Severity, target: str, **details: Any) -> Finding:
    suggestions = tuple(details.pop("suggestions", ()))
    return Finding(
        check=CHECK,
        kind=kind,
        start=0,
        end=0,
        text="",
        message=message,
        suggestions=suggestions,
        severity=severity,
        details={"target": target, **{k: _plain(v) for k, v in details.items()}},
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return value


def rate_text(rate: Fraction, cap_percent: Decimal | None = None) -> str:
    """'80,01 %'; with more digits when rounding to 0.01 % would hide a breach of the cap."""
    shown = percent_for_display(rate)
    if cap_percent is not None and shown <= cap_percent and rate > Fraction(cap_percent) / 100:
        for places in range(3, 12):
            with exact() as ctx:
                ctx.traps[Inexact] = False
                precise = (Decimal(rate.numerator * 100) / Decimal(rate.denominator)).quantize(
                    Decimal(1).scaleb(-places), rounding=ROUND_DOWN
                )
            if precise > cap_percent:
                return f"{format_number(precise, places)} %"
    return f"{format_number(shown)} %"


def check_balance(plan: FinancePlan, column: Column = "planned") -> list[Finding]:
    if not plan.costs:
        return [
            _finding(
                "empty_plan",
                _("Der Plan enthält noch keine Kosten."),
                "error",
                "costs",
            )
        ]
    balance = plan.balance(column)
    if balance == 0:
        return []
    difference = abs(balance)
    if balance < 0:
        message = _("Es fehlen {amount} an Einnahmen.").format(amount=format_eur(difference))
        suggestion = _("Einnahmen um {amount} erhöhen oder Kosten um {amount} senken.").format(
            amount=format_eur(difference)
        )
    else:
        message = _("Die Einnahmen übersteigen die Kosten um {amount}.").format(
            amount=format_eur(difference)
        )
        suggestion = _(
            "Einnahmen um {amount} senken (zuerst die beantragte Förderung) oder die Kosten "
            "ergänzen."
        ).format(amount=format_eur(difference))
    return [
        _finding(
            "unbalanced",
            message,
            "error",
            "balance",
            column=column,
            balance=balance,
            difference=difference,
            total_costs=plan.total_costs(column),
            total_income=plan.total_income(column),
            suggestions=[suggestion],
        )
    ]


def check_caps(
    plan: FinancePlan, profile: FunderProfile, column: Column = "planned"
) -> list[Finding]:
    findings: list[Finding] = []
    grant = plan.requested_grant(column)
    costs = plan.total_costs(column)
    if not plan.has_grant_line() or grant == 0:
        findings.append(
            _finding(
                "missing_grant",
                _("Im Plan fehlt die beantragte Förderung (Kategorie „Beantragte Förderung“)."),
                "warning",
                "income",
            )
        )
    if profile.amount_max is not None and grant > profile.amount_max:
        findings.append(
            _finding(
                "grant_above_max",
                _(
                    "Die beantragte Förderung von {grant} liegt über dem Höchstbetrag von {max} "
                    "bei {funder}."
                ).format(
                    grant=format_eur(grant),
                    max=format_eur(profile.amount_max),
                    funder=profile.name,
                ),
                "error",
                "grant",
                grant=grant,
                limit=profile.amount_max,
            )
        )
    if profile.amount_min is not None and 0 < grant < profile.amount_min:
        findings.append(
            _finding(
                "grant_below_min",
                _(
                    "Die beantragte Förderung von {grant} liegt unter dem Mindestbetrag von {min} "
                    "bei {funder}."
                ).format(
                    grant=format_eur(grant),
                    min=format_eur(profile.amount_min),
                    funder=profile.name,
                ),
                "error",
                "grant",
                grant=grant,
                limit=profile.amount_min,
            )
        )
    rate = plan.funding_rate(column)
    cap = profile.max_funding_rate
    # Exact: grant / costs > cap / 100, compared as fractions (no rounding anywhere).
    if cap is not None and rate is not None and rate > Fraction(cap) / 100:
        with exact():
            allowed = costs * cap / Decimal(100)
        allowed = allowed.quantize(CENT, rounding=ROUND_DOWN)
        findings.append(
            _finding(
                "funding_rate_above_max",
                _(
                    "Die Förderquote liegt bei {rate} und damit über der Höchstgrenze von {cap} "
                    "bei {funder}."
                ).format(
                    rate=rate_text(rate, cap),
                    cap=f"{format_number(cap)} %",
                    funder=profile.name,
                ),
                "error",
                "funding_rate",
                funding_rate=rate,
                limit_percent=cap,
                max_grant=allowed,
                suggestions=[
                    _("Höchstens {amount} beantragen ({cap} von {costs}).").format(
                        amount=format_eur(allowed),
                        cap=f"{format_number(cap)} %",
                        costs=format_eur(costs),
                    )
                ],
            )
        )
    if profile.min_total_costs is not None and 0 < costs < profile.min_total_costs:
        findings.append(
            _finding(
                "total_below_expected",
                _(
                    "{funder} fördert Vorhaben ab etwa {min} Gesamtkosten; dieser Plan hat {costs}."
                ).format(
                    funder=profile.name,
                    min=format_eur(profile.min_total_costs),
                    costs=format_eur(costs),
                ),
                "hint",
                "total_costs",
                total_costs=costs,
                limit=profile.min_total_costs,
            )
        )
    return findings


def propose_ksk(
    plan: FinancePlan, rates: KskRates | None = None, year: int | None = None
) -> Decimal:
    """The KSK levy on the plan's artists' fees for its year (planned amounts)."""
    rates = rates or default_ksk_rates()
    rate = rates.for_year(year or plan.year or date.today().year)
    return ksk_amount(plan.artist_fees(), rate.percent)


def with_ksk_proposal(
    plan: FinancePlan, rates: KskRates | None = None, year: int | None = None
) -> FinancePlan:
    """The plan with one KSK line set to the proposal (added, or replacing existing KSK lines)."""
    amount = propose_ksk(plan, rates, year)
    others = [line for line in plan.costs if line.category is not CostCategory.ksk]
    if amount == 0:
        return plan.with_costs(others)
    rate = (rates or default_ksk_rates()).for_year(year or plan.year or date.today().year)
    label = _("Künstlersozialabgabe {percent} % ({year})").format(
        percent=format_number(rate.percent, 1), year=rate.requested_year
    )
    return plan.with_costs([*others, CostLine(CostCategory.ksk, label, amount)])


def check_ksk(
    plan: FinancePlan, rates: KskRates | None = None, today: date | None = None
) -> list[Finding]:
    fees = plan.artist_fees()
    if fees == 0:
        return []
    rates = rates or default_ksk_rates()
    year = plan.year or (today or date.today()).year
    rate = rates.for_year(year)
    proposal = ksk_amount(fees, rate.percent)
    ksk_total = sum(
        (line.planned for line in plan.costs if line.category is CostCategory.ksk), Decimal(0)
    )
    percent = f"{format_number(rate.percent, 1)} %"
    year_note = (
        ""
        if rate.is_exact_year
        else _(" (Satz von {used}; für {year} ist noch kein Satz hinterlegt)").format(
            used=rate.year, year=year
        )
    )
    details = {
        "artist_fees": fees,
        "rate_percent": rate.percent,
        "rate_year": rate.year,
        "proposal": proposal,
    }
    if ksk_total == 0:
        return [
            _finding(
                "missing_ksk",
                _(
                    "Für Künstlerhonorare von {fees} fehlt die Künstlersozialabgabe: {percent} "
                    "ergeben {amount}{note}."
                ).format(
                    fees=format_eur(fees),
                    percent=percent,
                    amount=format_eur(proposal),
                    note=year_note,
                ),
                "warning",
                "costs",
                suggestions=[
                    _("Kostenzeile „Künstlersozialabgabe“ mit {amount} aufnehmen.").format(
                        amount=format_eur(proposal)
                    )
                ],
                **details,
            )
        ]
    if ksk_total < proposal:
        return [
            _finding(
                "ksk_below_proposal",
                _(
                    "Die Künstlersozialabgabe ist mit {have} niedriger als {percent} der "
                    "Künstlerhonorare ({amount}){note}."
                ).format(
                    have=format_eur(ksk_total),
                    percent=percent,
                    amount=format_eur(proposal),
                    note=year_note,
                ),
                "hint",
                "costs",
                **details,
            )
        ]
    return []


def check_fee_floors(
    plan: FinancePlan, floors: tuple[FeeFloor, ...] | None = None
) -> list[Finding]:
    floors = default_fee_floors() if floors is None else floors
    findings = []
    for index, line in enumerate(plan.costs):
        if not (line.artist and line.units and line.unit):
            continue
        for floor in (f for f in floors if f.unit is line.unit):
            # Compare fee < floor * units instead of dividing: exact, no rounding.
            with exact():
                minimum = floor.amount * line.units
            if line.planned >= minimum:
                continue
            with exact() as ctx:
                ctx.traps[Inexact] = False
                # Rounded down: a fee just under the floor must not be shown as the floor.
                per_unit = (line.planned / line.units).quantize(CENT, rounding=ROUND_DOWN)
            example = _(" (Beispielwert, bitte durch die Empfehlung Ihrer Sparte ersetzen)")
            findings.append(
                _finding(
                    "fee_below_floor",
                    _(
                        "„{label}“: {per_unit} je {unit} liegt unter der Honoraruntergrenze von "
                        "{floor}{example}."
                    ).format(
                        label=line.label,
                        per_unit=format_eur(per_unit),
                        unit=line.unit.label,
                        floor=format_eur(floor.amount),
                        example=example if floor.example else "",
                    ),
                    "hint",
                    f"costs[{index}]",
                    floor_id=floor.id,
                    floor_source=floor.source,
                    floor_is_example=floor.example,
                    per_unit=per_unit,
                    minimum=minimum,
                )
            )
    return findings


def check_dates(plan: FinancePlan, profile: FunderProfile, today: date) -> list[Finding]:
    if not profile.has_rule("project_not_started") or plan.project_start is None:
        return []
    if plan.project_start > today:
        return []
    return [
        _finding(
            "project_started",
            _(
                "Das Projekt beginnt am {start} und hat damit schon begonnen; {funder} fördert nur "
                "Projekte, die noch nicht begonnen haben."
            ).format(start=plan.project_start.strftime("%d.%m.%Y"), funder=profile.name),
            "error",
            "project_start",
            project_start=plan.project_start.isoformat(),
        )
    ]


def severity_label(severity: str) -> str:
    """The German word for a finding's severity in exports (as the web view shows it)."""
    labels = {
        "error": _("wichtig"),
        "warning": _("Warnung"),
        "hint": _("Hinweis"),
        "info": _("Information"),
    }
    return labels.get(severity, severity)


def check_actuals(plan: FinancePlan) -> list[Finding]:
    missing = [line for line in plan.costs if line.actual is None] + [
        line for line in plan.income if line.actual is None
    ]
    if not missing:
        return []
    return [
        _finding(
            "actual_missing",
            ngettext(
                "Für {count} Zeile fehlt noch der Ist-Betrag.",
                "Für {count} Zeilen fehlt noch der Ist-Betrag.",
                len(missing),
            ).format(count=len(missing)),
            "warning",
            "actual",
            count=len(missing),
        )
    ]


# ANBest-P Nr. 1.2 lets a single cost item overrun by up to 20 % if savings elsewhere cover
# it; beyond that, and in any case in the Sachbericht, a deviation needs a reason.
DEFAULT_OVERRUN_PERCENT = Decimal(20)


def check_deviations(
    plan: FinancePlan, threshold_percent: Decimal = DEFAULT_OVERRUN_PERCENT
) -> list[Finding]:
    """Cost categories whose actual amount exceeds the plan by more than the threshold."""
    planned = plan.cost_subtotals("planned")
    actual = plan.cost_subtotals("actual")
    findings = []
    for category, planned_amount in planned.items():
        actual_amount = actual.get(category, Decimal(0))
        with exact():
            overrun = actual_amount - planned_amount
            limit = planned_amount * threshold_percent / Decimal(100)
        if overrun <= limit:
            continue
        # rate_text shows more digits where 0.01 % rounding would read as "20,00 %".
        percent = (
            None
            if planned_amount == 0
            else rate_text(Fraction(overrun) / Fraction(planned_amount), threshold_percent)
        )
        findings.append(
            _finding(
                "deviation_needs_reason",
                _(
                    "{category}: Die Ist-Kosten liegen mit {actual} um {overrun}{percent} über "
                    "dem Plan ({planned}). Bitte im Sachbericht begründen."
                ).format(
                    category=category.label,
                    actual=format_eur(actual_amount),
                    overrun=format_eur(overrun),
                    percent="" if percent is None else f" ({percent})",
                    planned=format_eur(planned_amount),
                ),
                "hint",
                f"category:{category.value}",
                planned=planned_amount,
                actual=actual_amount,
                overrun=overrun,
                threshold_percent=threshold_percent,
            )
        )
    return findings


def check_plan(
    plan: FinancePlan,
    profile: FunderProfile | None = None,
    *,
    today: date | None = None,
    column: Column = "planned",
    rates: KskRates | None = None,
    floors: tuple[FeeFloor, ...] | None = None,
) -> list[Finding]:
    """Every finance finding for the plan; `column="actual"` checks the Verwendungsnachweis."""
    findings: list[Finding] = []
    findings += check_balance(plan, column)
    if column == "actual":
        findings += check_actuals(plan)
        findings += check_deviations(plan)
    if plan.funder and profile is None:
        findings.append(
            _finding(
                "unknown_funder",
                _(
                    "Das Förderprofil „{id}“ ist nicht bekannt; Förderquote und Höchstbeträge "
                    "wurden nicht geprüft."
                ).format(id=plan.funder),
                "warning",
                "funder",
                funder=plan.funder,
            )
        )
    if profile is not None:
        findings += check_caps(plan, profile, column)
        if today is not None:
            findings += check_dates(plan, profile, today)
    if column == "planned":
        findings += check_ksk(plan, rates, today)
        findings += check_fee_floors(plan, floors)
    return findings


def can_export_final(
    plan: FinancePlan, profile: FunderProfile | None = None, today: date | None = None
) -> bool:
    """A final export needs a balanced plan with costs and no other error finding."""
    return not export_blockers(plan, profile, today)


def export_blockers(
    plan: FinancePlan, profile: FunderProfile | None = None, today: date | None = None
) -> list[Finding]:
    return [f for f in check_plan(plan, profile, today=today) if f.severity == "error"]
