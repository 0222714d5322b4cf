"""`kikultur finance check|export|funders`: finance plan and funder profiles on the command line.

Exit codes: 0 = checked, no error finding; 1 = the plan has error findings (e.g. it does not
balance) or a final export was refused; 2 = the input could not be read (German message).
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from kikultur.cli.common import FormatOption, OutputFormat, app, echo_json, fail, read_text_input
from kikultur.finance.dates import DateError, parse_date
from kikultur.finance.funders import (
    FunderProfile,
    FunderProfileError,
    builtin_profiles,
    load_profiles,
    next_deadline,
)
from kikultur.finance.money import format_eur, format_number
from kikultur.finance.plan import Column, FinancePlan
from kikultur.finance.plan_io import PlanError, plan_from_yaml
from kikultur.finance.rules import check_plan
from kikultur.i18n import _

finance_app = typer.Typer(
    help=_("Kosten- und Finanzierungsplan prüfen und exportieren; Förderprofile anzeigen."),
    no_args_is_help=True,
)
app.add_typer(finance_app, name="finance")

BAD_INPUT = 2

PlanArgument = Annotated[
    str, typer.Argument(help=_("Plan als YAML-Datei (oder - für die Standardeingabe)."))
]
ProfilesOption = Annotated[
    Path | None,
    typer.Option(
        "--profile-dir",
        help=_("Ordner mit eigenen Förderprofilen (YAML); sie ergänzen die mitgelieferten."),
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--heute",
        help=_(
            "Stichtag für Fristen und Projektbeginn (TT.MM.JJJJ oder JJJJ-MM-TT); Standard: heute."
        ),
    ),
]


class ExportFormat(enum.StrEnum):
    xlsx = "xlsx"
    docx = "docx"


def _today(raw: str | None) -> date:
    if raw is None:
        return date.today()
    try:
        return parse_date(raw)
    except DateError as exc:
        fail(str(exc), BAD_INPUT)


def _profiles(profile_dir: Path | None) -> dict[str, FunderProfile]:
    profiles = dict(builtin_profiles())
    if profile_dir is not None:
        if not profile_dir.is_dir():
            fail(_("Der Ordner {path} wurde nicht gefunden.").format(path=profile_dir), BAD_INPUT)
        try:
            profiles.update(load_profiles(profile_dir))
        except FunderProfileError as exc:
            fail(
                _("Förderprofile fehlerhaft:\n{problems}").format(problems="\n".join(exc.problems)),
                BAD_INPUT,
            )
    return profiles


def _read_plan(path: str) -> FinancePlan:
    if path != "-" and not Path(path).is_file():
        fail(_("Die Datei {path} wurde nicht gefunden.").format(path=path), BAD_INPUT)
    try:
        text = read_text_input(path)
    except typer.Exit as exc:  # read_text_input already printed the German message
        raise typer.Exit(BAD_INPUT) from exc
    try:
        return plan_from_yaml(text)
    except PlanError as exc:
        fail(
            _("Der Plan kann nicht gelesen werden:\n{problems}").format(
                problems="\n".join(f"- {p}" for p in exc.problems)
            ),
            BAD_INPUT,
        )


def summary(plan: FinancePlan, findings: list[Any], column: Column = "planned") -> dict[str, Any]:
    """The JSON contract of `kikultur finance check`: decimals as strings."""
    rate = plan.funding_rate_percent(column)
    return {
        "total_costs": f"{plan.total_costs(column):f}",
        "total_income": f"{plan.total_income(column):f}",
        "balance": f"{plan.balance(column):f}",
        "funding_rate": None if rate is None else f"{rate:f}",
        "findings": [finding.to_dict() for finding in findings],
    }


@finance_app.command("check")
def check_command(
    plan_file: PlanArgument,
    output: FormatOption = OutputFormat.text,
    profile_dir: ProfilesOption = None,
    today: TodayOption = None,
    actual: Annotated[
        bool,
        typer.Option(
            "--ist", help=_("Die Ist-Spalte prüfen (Verwendungsnachweis) statt der Planung.")
        ),
    ] = False,
) -> None:
    """Prüft einen Finanzplan: Ausgleich, Förderquote, Höchstbeträge, KSK, Honorare.

    funding_rate in JSON: beantragte Förderung / Gesamtkosten in Prozent, auf 0,01 % gerundet
    (nur Anzeige; geprüft wird exakt). Exit-Code 0: keine Fehler; 1: Fehler im Plan (z. B.
    nicht ausgeglichen); 2: Eingabe nicht lesbar.
    """
    plan = _read_plan(plan_file)
    profiles = _profiles(profile_dir)
    profile = profiles.get(plan.funder) if plan.funder else None
    column: Column = "actual" if actual else "planned"
    findings = check_plan(plan, profile, today=_today(today), column=column)
    if output is OutputFormat.json:
        echo_json(summary(plan, findings, column))
    else:
        rate = plan.funding_rate_percent(column)
        lines = [
            _("Gesamtkosten:    {amount}").format(amount=format_eur(plan.total_costs(column))),
            _("Gesamteinnahmen: {amount}").format(amount=format_eur(plan.total_income(column))),
            _("Differenz:       {amount}").format(amount=format_eur(plan.balance(column))),
            _("Förderquote:     {rate}").format(
                rate="–" if rate is None else f"{format_number(rate)} %"
            ),
        ]
        if profile is not None:
            lines.insert(0, _("Förderer:        {name}").format(name=profile.name))
        for finding in findings:
            lines.append(f"[{finding.severity}] {finding.message}")
            lines.extend(f"    → {s}" for s in finding.suggestions)
        if not findings:
            lines.append(_("Keine Hinweise: Der Plan ist ausgeglichen."))
        typer.echo("\n".join(lines))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@finance_app.command("export")
def export_command(
    plan_file: PlanArgument,
    out: Annotated[Path, typer.Option("--out", help=_("Zieldatei."))],
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help=_("Dateiformat: xlsx oder docx."))
    ] = ExportFormat.xlsx,
    draft: Annotated[
        bool,
        typer.Option(
            "--entwurf",
            help=_(
                "Auch einen Plan mit Fehlern exportieren; die Datei wird deutlich als "
                "ENTWURF gekennzeichnet."
            ),
        ),
    ] = False,
    profile_dir: ProfilesOption = None,
    today: TodayOption = None,
) -> None:
    """Exportiert den Plan als XLSX (mit Formeln) oder DOCX-Tabelle.

    Ein Plan mit Fehlern (z. B. nicht ausgeglichen) wird als Endfassung verweigert; mit
    --entwurf entsteht eine als ENTWURF gekennzeichnete Datei.
    """
    plan = _read_plan(plan_file)
    profiles = _profiles(profile_dir)
    profile = profiles.get(plan.funder) if plan.funder else None
    findings = check_plan(plan, profile, today=_today(today))
    blockers = [f for f in findings if f.severity == "error"]
    if blockers and not draft:
        fail(
            _(
                "Der Plan kann nicht als Endfassung exportiert werden:\n{problems}\n"
                "Mit --entwurf entsteht eine als ENTWURF gekennzeichnete Datei."
            ).format(problems="\n".join(f"- {f.message}" for f in blockers)),
            1,
        )
    is_draft = bool(blockers)
    funder_name = profile.name if profile else (plan.funder or "")
    try:
        if export_format is ExportFormat.xlsx:
            from kikultur.exports.xlsx import write_plan_xlsx

            write_plan_xlsx(plan, out, funder_name=funder_name, draft=is_draft, findings=findings)
        else:
            from docx import Document

            from kikultur.exports.finance_docx import add_finance_table

            document = Document()
            document.add_heading(plan.title or _("Finanzplan"), level=1)
            if funder_name:
                document.add_paragraph(_("Förderer: {name}").format(name=funder_name))
            add_finance_table(document, plan, draft=is_draft)
            document.save(str(out))
    except OSError as exc:
        fail(
            _("Die Datei {path} kann nicht geschrieben werden: {error}").format(
                path=out, error=exc.strerror or exc
            ),
            BAD_INPUT,
        )
    label = _("Entwurf") if is_draft else _("Endfassung")
    typer.echo(_("{label} geschrieben: {path}").format(label=label, path=out))


@finance_app.command("funders")
def funders_command(
    output: FormatOption = OutputFormat.text,
    profile_dir: ProfilesOption = None,
    today: TodayOption = None,
) -> None:
    """Listet die Förderprofile mit Beträgen, Förderquote und nächster Frist."""
    day = _today(today)
    rows: list[dict[str, Any]] = []
    for profile in sorted(_profiles(profile_dir).values(), key=lambda p: p.name):
        deadline = next_deadline(profile, day)
        rows.append(
            {
                "id": profile.id,
                "name": profile.name,
                "url": profile.url,
                "amount_min": None if profile.amount_min is None else f"{profile.amount_min:f}",
                "amount_max": None if profile.amount_max is None else f"{profile.amount_max:f}",
                "max_funding_rate": (
                    None if profile.max_funding_rate is None else f"{profile.max_funding_rate:f}"
                ),
                "sections": [s.id for s in profile.sections],
                "next_deadline": deadline.to_dict() if deadline else None,
            }
        )
    if output is OutputFormat.json:
        echo_json({"today": day.isoformat(), "funders": rows})
        return
    for row in rows:
        limits = []
        if row["amount_min"]:
            limits.append(_("ab {amount}").format(amount=format_eur(Decimal(row["amount_min"]))))
        if row["amount_max"]:
            limits.append(_("bis {amount}").format(amount=format_eur(Decimal(row["amount_max"]))))
        if row["max_funding_rate"]:
            limits.append(
                _("höchstens {rate} %").format(rate=format_number(Decimal(row["max_funding_rate"])))
            )
        deadline_text = "–"
        next_one = row["next_deadline"]
        if next_one and next_one["date"]:
            deadline_text = _("{date} (in {days} Tagen)").format(
                date=date.fromisoformat(next_one["date"]).strftime("%d.%m.%Y"),
                days=next_one["days_left"],
            )
        elif next_one:
            deadline_text = next_one["note"] or next_one["label"]
        typer.echo(f"{row['id']}: {row['name']}")
        if limits:
            typer.echo("    " + ", ".join(limits))
        typer.echo("    " + _("Nächste Frist: {text}").format(text=deadline_text))
