"""Operating commands: serve, init, user add, db upgrade, backup, restore, settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy.orm import Session

from kikultur.cli import check_privacy
from kikultur.cli.common import FormatOption, OutputFormat, app, echo_json, fail
from kikultur.config import ConfigError, Settings, describe_settings
from kikultur.i18n import _
from kikultur.schemas.accounts import UserCreate
from kikultur.schemas.common import german_message, validate_form
from kikultur.services import accounts, backup
from kikultur.store.db import engine_for, make_session_factory
from kikultur.store.migrate import current_revision, needs_upgrade, upgrade
from kikultur.store.models import Organisation, Role
from kikultur.store.repository import InstanceRepository

user_app = typer.Typer(help="Konten verwalten.", no_args_is_help=True)
db_app = typer.Typer(help="Datenbank verwalten.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(db_app, name="db")

OrgOption = Annotated[
    str | None,
    typer.Option("--org", help="Name der Einrichtung (Standard: die einzige der Instanz)."),
]


def load_settings() -> Settings:
    """Settings from environment and TOML; a wrong setting ends with a German message."""
    try:
        settings = Settings()
        settings.resolve_secret_key()
    except ConfigError as exc:
        fail(str(exc))
    except ValidationError as exc:
        problems = "; ".join(
            f"KIKULTUR_{str(error['loc'][0]).upper()}: {german_message(error)}"
            for error in exc.errors()
        )
        fail(_("Ungültige Einstellung. {problems}").format(problems=problems))
    except OSError as exc:
        fail(_("Der Datenordner ist nicht nutzbar: {error}").format(error=exc))
    return settings


def open_database(settings: Settings, *, migrate: bool = True) -> Session:
    engine = engine_for(settings)
    try:
        if migrate and needs_upgrade(engine):
            upgrade(engine)
    except Exception as exc:  # connection refused, wrong password, read-only file, ...
        fail(_("Die Datenbank ist nicht erreichbar: {error}").format(error=exc))
    return make_session_factory(engine)()


def resolve_org(session: Session, name: str | None) -> Organisation:
    instance = InstanceRepository(session)
    if name is not None:
        org = instance.organisation_by_name(name)
        if org is None:
            fail(_("Die Einrichtung „{name}“ gibt es nicht.").format(name=name))
        return org
    orgs = instance.organisations()
    if not orgs:
        fail(_("Es gibt noch keine Einrichtung. Bitte zuerst: kikultur init --org NAME ..."))
    if len(orgs) > 1:
        names = ", ".join(org.name for org in orgs)
        fail(_("Es gibt mehrere Einrichtungen ({names}); bitte --org angeben.").format(names=names))
    return orgs[0]


def _password(env_name: str) -> str:
    from_env = os.environ.get(env_name)
    if from_env:
        return from_env
    value: str = typer.prompt(_("Passwort"), hide_input=True, confirmation_prompt=True)
    return value


def _checked_user(data: dict[str, str]) -> UserCreate:
    form, errors = validate_form(UserCreate, data)
    if form is None:
        labels = {
            "email": _("E-Mail-Adresse"),
            "display_name": _("Name"),
            "password": _("Passwort"),
        }
        fail(
            " ".join(f"{labels.get(field, field)}: {message}" for field, message in errors.items())
        )
    return form


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse (Standard: 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (Standard: 8000).")] = None,
    first_run: Annotated[
        bool,
        typer.Option(
            "--first-run",
            help="Beim allerersten Start eine Einrichtung und ein Verwaltungskonto anlegen.",
        ),
    ] = False,
) -> None:
    """Startet die Werkbank im Browser (migriert die Datenbank, falls nötig)."""
    import uvicorn

    from kikultur.web.app import create_app

    settings = load_settings()
    host = host or settings.host
    port = port or settings.port
    session = open_database(settings)
    base = f"http://{host}:{port}"
    try:
        created = (
            accounts.bootstrap_first_run(session, accounts.make_hasher(settings))
            if first_run
            else None
        )
        has_users = InstanceRepository(session).user_count() > 0
    finally:
        session.close()
    if created is not None:
        typer.echo(_("Die Werkbank wurde eingerichtet (Datenordner: {path}).").format(
            path=settings.data_dir))  # fmt: skip
        typer.echo(_("Anmelden unter {url}/anmelden").format(url=base))
        typer.echo(_("  E-Mail-Adresse: {email}").format(email=created.email))
        typer.echo(_("  Einmal-Passwort: {password}").format(password=created.password))
        typer.echo(
            _("Nach der ersten Anmeldung werden Sie gebeten, ein eigenes Passwort zu wählen.")
        )
    elif has_users:
        typer.echo(_("Die Werkbank läuft unter {url} – melden Sie sich mit Ihrem Konto an.").format(
            url=base))  # fmt: skip
    else:
        typer.echo(_("Noch kein Konto vorhanden. Anlegen mit: kikultur init --org NAME "
                     "--admin-email E-MAIL"))  # fmt: skip
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command()
def init(
    org: Annotated[str, typer.Option("--org", help="Name der Einrichtung.")],
    admin_email: Annotated[
        str, typer.Option("--admin-email", help="E-Mail-Adresse der Verwaltung.")
    ],
    name: Annotated[str, typer.Option(help="Anzeigename der Verwaltung.")] = "Verwaltung",
    output: FormatOption = OutputFormat.text,
) -> None:
    """Legt eine Einrichtung mit Verwaltungskonto an (Passwort: Eingabe oder
    KIKULTUR_ADMIN_PASSWORD). Das erste Konto der Instanz wird Plattform-Verwaltung."""
    settings = load_settings()
    session = open_database(settings)
    with session:
        first = InstanceRepository(session).user_count() == 0
        role = Role.platform_admin if first else Role.org_admin
        data = {"email": admin_email, "display_name": name, "role": role.value}
        _checked_user({**data, "password": "x" * 10})  # check before asking for the password
        password = _password("KIKULTUR_ADMIN_PASSWORD")
        try:
            organisation = accounts.create_organisation(session, org)
            user = accounts.create_user(
                session,
                accounts.make_hasher(settings),
                organisation.id,
                _checked_user({**data, "password": password}),
            )
            session.commit()
        except accounts.AccountError as exc:
            session.rollback()
            fail(exc.message)
        result = {"organisation": organisation.name, "email": user.email, "role": user.role}
    if output is OutputFormat.json:
        echo_json(result)
    else:
        typer.echo(_("Einrichtung „{org}“ angelegt; Anmeldung mit {email}.").format(
            org=organisation.name, email=user.email))  # fmt: skip


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Option("--email", help="E-Mail-Adresse (Anmeldename).")],
    name: Annotated[str, typer.Option("--name", help="Anzeigename.")],
    role: Annotated[
        Role, typer.Option("--role", help="Rolle: member, org_admin oder platform_admin.")
    ] = Role.member,
    org: OrgOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Legt ein Konto an (Passwort: Eingabe oder KIKULTUR_USER_PASSWORD)."""
    settings = load_settings()
    session = open_database(settings)
    with session:
        organisation = resolve_org(session, org)
        data = {"email": email, "display_name": name, "role": role.value}
        _checked_user({**data, "password": "x" * 10})  # check before asking for the password
        password = _password("KIKULTUR_USER_PASSWORD")
        form = _checked_user({**data, "password": password})
        try:
            user = accounts.create_user(
                session, accounts.make_hasher(settings), organisation.id, form
            )
            session.commit()
        except accounts.AccountError as exc:
            session.rollback()
            fail(exc.message)
        result = {
            "id": user.id,
            "organisation": organisation.name,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
        }
    if output is OutputFormat.json:
        echo_json(result)
    else:
        typer.echo(_("Konto {email} in „{org}“ angelegt.").format(
            email=user.email, org=organisation.name))  # fmt: skip


@user_app.command("reset-password")
def user_reset_password(
    email: Annotated[str, typer.Option("--email", help="E-Mail-Adresse des Kontos.")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Vergibt ein neues Einmal-Passwort (etwa wenn das erste verloren ging)."""
    settings = load_settings()
    session = open_database(settings)
    with session:
        try:
            password = accounts.reset_password(session, accounts.make_hasher(settings), email)
        except accounts.AccountError as exc:
            fail(exc.message)
    if output is OutputFormat.json:
        echo_json({"email": email.strip().lower(), "one_time_password": password})
    else:
        typer.echo(_("Einmal-Passwort für {email}: {password}").format(
            email=email.strip().lower(), password=password))  # fmt: skip
        typer.echo(_("Nach der Anmeldung wird ein eigenes Passwort verlangt."))


@db_app.command("upgrade")
def db_upgrade(output: FormatOption = OutputFormat.text) -> None:
    """Bringt die Datenbank auf den neuesten Stand (Alembic-Migrationen)."""
    settings = load_settings()
    engine = engine_for(settings)
    try:
        upgrade(engine)
        revision = current_revision(engine)
    except Exception as exc:
        fail(_("Die Migration ist fehlgeschlagen: {error}").format(error=exc))
    finally:
        engine.dispose()
    if output is OutputFormat.json:
        echo_json({"revision": revision})
    else:
        typer.echo(_("Die Datenbank ist auf dem Stand {revision}.").format(revision=revision))


@app.command("backup")
def backup_command(
    path: Annotated[Path, typer.Argument(help="Zieldatei der Sicherung (darf nicht existieren).")],
) -> None:
    """Sichert Datenbank, Dateien der Einrichtungen und geheimen Schlüssel in eine Datei,
    auch während der Server läuft. Die Datei ist vertraulich (nur für Sie lesbar)."""
    settings = load_settings()
    try:
        summary = backup.backup(settings, path)
    except backup.BackupError as exc:
        fail(str(exc))
    typer.echo(_("Sicherung geschrieben: {path} ({files} Dateien der Einrichtungen).").format(
        path=path, files=summary.files))  # fmt: skip
    if summary.secret_key:
        typer.echo(
            _(
                "Die Sicherung enthält den geheimen Schlüssel der Instanz (entschlüsselt die "
                "API-Schlüssel): vertraulich aufbewahren, nicht weitergeben."
            )
        )
    for warning in summary.warnings:
        typer.echo(_("Hinweis: {warning}").format(warning=warning))


@app.command("restore")
def restore_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="Die Sicherung, die zurückgespielt wird; mit --vault: der Text mit Platzhaltern."
        ),
    ],
    vault: Annotated[
        Path | None,
        typer.Option(
            "--vault",
            help="Platzhalter-Tresor (JSON): setzt die echten Angaben wieder in den Text ein, "
            "statt eine Sicherung zurückzuspielen.",
        ),
    ] = None,
    output: FormatOption = OutputFormat.text,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage überschreiben.")] = False,
) -> None:
    """Spielt eine Sicherung zurück (ersetzt die jetzigen Daten) oder, mit --vault,
    setzt in einem pseudonymisierten Text die echten Angaben wieder ein."""
    if vault is not None:
        check_privacy.print_restored(str(path), vault, output)
        return
    settings = load_settings()
    if not yes and not typer.confirm(
        _(
            "Die jetzigen Daten (Datenbank, Dateien der Einrichtungen, geheimer Schlüssel) "
            "werden durch die Sicherung ersetzt. Fortfahren?"
        )
    ):
        fail(_("Abgebrochen, nichts wurde verändert."))
    try:
        summary = backup.restore(settings, path)
    except backup.BackupError as exc:
        fail(str(exc))
    typer.echo(_("Sicherung zurückgespielt: {path}").format(path=path))
    for warning in summary.warnings:
        typer.echo(_("Hinweis: {warning}").format(warning=warning))


@app.command("settings")
def settings_command(output: FormatOption = OutputFormat.text) -> None:
    """Listet alle Einstellungen mit Umgebungsvariable, Standardwert und Erklärung."""
    rows = describe_settings()
    if output is OutputFormat.json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(
            _("{env} (Standard: {default})").format(env=row["env"], default=row["default"])
            + f"\n    {row['help']}"
        )
