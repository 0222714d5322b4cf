"""`kikultur gdpr`: export and delete an organisation's or a user's data, purge expired data,
print the Art. 30 / Art. 28 records."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from kikultur.cli.admin import FormatOption, load_settings, open_database, resolve_org
from kikultur.cli.common import OutputFormat, app, echo_json, fail
from kikultur.i18n import _
from kikultur.llm.config_store import ProviderStoreError
from kikultur.services.gdpr import GdprError
from kikultur.services.gdpr import delete as gdpr_delete
from kikultur.services.gdpr import export as gdpr_export
from kikultur.services.gdpr import records as gdpr_records
from kikultur.store.models import Organisation, User, utcnow
from kikultur.store.repository import InstanceRepository, OrgRepository
from kikultur.store.retention import purge

gdpr_app = typer.Typer(
    help="Datenschutz (DSGVO): Export, Löschung, Löschfristen, Verarbeitungsverzeichnis.",
    no_args_is_help=True,
)
app.add_typer(gdpr_app, name="gdpr")

OrgOpt = Annotated[str | None, typer.Option("--org", help="Name der Einrichtung.")]
UserOpt = Annotated[str | None, typer.Option("--user", help="E-Mail-Adresse des Kontos.")]


def _subject(session: Session, org: str | None, user: str | None) -> Organisation | User:
    if (org is None) == (user is None):
        fail(_("Bitte genau eines angeben: --org NAME oder --user E-MAIL."))
    if org is not None:
        return resolve_org(session, org.strip())
    assert user is not None
    found_user = InstanceRepository(session).user_by_email(user.strip().lower())
    if found_user is None:
        fail(_("Ein Konto mit der E-Mail-Adresse {email} gibt es nicht.").format(email=user))
    return found_user


@gdpr_app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="Zieldatei (.zip); darf nicht existieren.")],
    org: OrgOpt = None,
    user: UserOpt = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Exportiert alle Daten einer Einrichtung oder eines Kontos als ZIP (JSON und Dateien)."""
    settings = load_settings()
    if out.exists():
        fail(_("Die Datei {path} gibt es schon; bitte einen neuen Namen wählen.").format(path=out))
    if not out.parent.is_dir():
        fail(_("Den Ordner {path} gibt es nicht.").format(path=out.parent))
    with open_database(settings) as session:
        subject = _subject(session, org, user)
        try:
            # Exclusive create: a file appearing meanwhile is not overwritten.
            with out.open("xb") as handle:
                if isinstance(subject, Organisation):
                    summary = gdpr_export.export_organisation(session, settings, subject.id, handle)
                else:
                    summary = gdpr_export.export_user(session, settings, subject.id, handle)
        except GdprError as exc:
            out.unlink(missing_ok=True)
            fail(exc.message)
        except OSError as exc:
            fail(_("Die Datei {path} konnte nicht geschrieben werden: {error}").format(
                path=out, error=exc))  # fmt: skip
    os.chmod(out, 0o600)  # personal data: readable by the owner only
    if output is OutputFormat.json:
        echo_json({**summary.to_dict(), "path": str(out)})
        return
    typer.echo(_("Export geschrieben: {path}").format(path=out))
    for name, count in sorted(summary.tables.items()):
        typer.echo(f"  {name}: {count}")
    typer.echo(_("  Dateien: {count}").format(count=summary.files))


@gdpr_app.command("delete")
def delete_command(
    org: OrgOpt = None,
    user: UserOpt = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage löschen.")] = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Löscht eine Einrichtung (mit allen Konten, Daten und Dateien) oder ein Konto endgültig."""
    settings = load_settings()
    with open_database(settings) as session:
        subject = _subject(session, org, user)
        if isinstance(subject, Organisation):
            question = _(
                "Die Einrichtung „{name}“ mit allen Konten, Daten und Dateien endgültig löschen?"
            ).format(name=subject.name)
        else:
            question = _("Das Konto {email} endgültig löschen?").format(email=subject.email)
        if not yes and not typer.confirm(question):
            fail(_("Abgebrochen, nichts wurde gelöscht."))
        try:
            if isinstance(subject, Organisation):
                summary = gdpr_delete.delete_organisation(session, settings, subject.id)
            else:
                summary = gdpr_delete.delete_user(session, subject.id)
        except GdprError as exc:
            session.rollback()
            fail(exc.message)
    if output is OutputFormat.json:
        echo_json(summary.to_dict())
        return
    typer.echo(_("Gelöscht: {subject}").format(subject=summary.subject))
    for name, count in sorted(summary.deleted.items()):
        typer.echo(f"  {name}: {count}")
    for name, count in sorted(summary.cleared.items()):
        typer.echo(_("  Verweis entfernt in {column}: {count}").format(column=name, count=count))


@gdpr_app.command("purge")
def purge_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Nur zählen, was gelöscht würde.")
    ] = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Löscht alle Daten, deren Löschfrist abgelaufen ist (läuft auch täglich im Server)."""
    settings = load_settings()
    with open_database(settings) as session:
        results = purge(session, utcnow(), settings, dry_run=dry_run)
    if output is OutputFormat.json:
        echo_json({"dry_run": dry_run, "results": [r.to_dict() for r in results]})
        return
    total = sum(r.count for r in results)
    for r in results:
        if not r.count:
            continue
        where = r.organisation or _("ganze Instanz")
        typer.echo(_("{label} ({where}, Frist {days} Tage): {count}").format(
            label=_(r.label), where=where, days=r.days, count=r.count))  # fmt: skip
    if dry_run:
        typer.echo(_("Probelauf: {count} Zeilen würden gelöscht.").format(count=total))
    else:
        typer.echo(_("{count} abgelaufene Zeilen gelöscht.").format(count=total))


@gdpr_app.command("records")
def records_command(
    org: Annotated[str, typer.Option("--org", help="Name der Einrichtung.")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Gibt das Verarbeitungsverzeichnis (Art. 30) mit den Prüflisten (Art. 28) je Anbieter
    aus: Markdown, oder mit --format json als Daten."""
    settings = load_settings()
    with open_database(settings) as session:
        repo = OrgRepository(session, resolve_org(session, org.strip()).id)
        try:
            if output is OutputFormat.json:
                echo_json([e.record.to_dict() for e in gdpr_records.entries(repo, settings)])
            else:
                typer.echo(gdpr_records.records_markdown(repo, settings), nl=False)
        except ProviderStoreError as exc:
            fail(str(exc))
