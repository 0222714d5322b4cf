"""The CLI framework's own texts (help, usage line, errors) are German, not Typer's English."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.cli.german import german_message, german_number_range, german_type_label
from tests.conftest import OrgFixture

runner = CliRunner()
# Rich wraps its panels at the terminal width; wide enough that no message is broken up.
WIDE = {"COLUMNS": "160"}

ENGLISH_HELP = (
    "Show this message and exit.",
    "Usage:",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "Options",
    "Commands",
    "Arguments",
    "[required]",
    "[default:",
    "<bool>",
    "<str>",
    "<int",
    "<path>",
    "list[",
    "x>=",
)


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def _error(*args: str) -> str:
    """Runs a wrong call; usage errors exit with code 2 and print to stderr."""
    result = runner.invoke(app, list(args), env=WIDE)
    assert result.exit_code == 2, result.output
    return result.output


def _assert_no_english(output: str, english: tuple[str, ...]) -> None:
    found = [text for text in english if text in output]
    assert not found, f"Englisch in der Ausgabe: {found}\n{output}"


def test_root_help_shows_german_framework_texts() -> None:
    output = _help()
    assert "Aufruf: kikultur [OPTIONEN] BEFEHL [ARGUMENTE]..." in output
    assert "Optionen" in output
    assert "Befehle" in output
    assert "Diese Hilfe anzeigen und beenden." in output
    _assert_no_english(output, ENGLISH_HELP)


def test_sub_command_help_shows_german_panels_and_markers() -> None:
    output = _help("check", "privacy")
    assert "Aufruf: kikultur check privacy [OPTIONEN]" in output
    assert "Argumente" in output
    assert "Optionen" in output
    assert "[Pflicht]" in output
    assert "[Standard: text]" in output
    assert "Diese Hilfe anzeigen und beenden." in output
    _assert_no_english(output, ENGLISH_HELP)


def test_help_names_value_types_and_ranges_in_german_and_keeps_choices() -> None:
    output = _help("check", "platform")
    assert "<Zahl> [mindestens 1]" in output
    assert "<Text, mehrfach>" in output
    assert "<text|json>" in output
    _assert_no_english(output, ENGLISH_HELP)
    assert "<Zahl> [1 bis 32000]" in _help("draft")
    assert "<Pfad>" in _help("backup")


@pytest.mark.parametrize(
    ("label", "german"),
    [("str", "Text"), ("int range", "Zahl"), ("list[path]", "Pfad, mehrfach"), ("uuid", "uuid")],
)
def test_type_labels_read_as_words(label: str, german: str) -> None:
    assert german_type_label(label) == german


def test_number_ranges_read_as_words() -> None:
    assert german_number_range(1, None) == "mindestens 1"
    assert german_number_range(None, 10) == "höchstens 10"
    assert german_number_range(2, 10) == "2 bis 10"
    assert german_number_range(None, None) is None


def test_unknown_command_is_a_german_error() -> None:
    output = _error("check", "gender", "x")
    assert "Fehler" in output
    assert "Unbekannter Befehl „gender“." in output
    assert "Hilfe: „kikultur check --help“" in output
    _assert_no_english(output, ("No such command", "Try ", "Error", "Usage:"))


def test_unknown_command_with_a_close_match_suggests_it_in_german() -> None:
    output = _error("drafts")
    assert "Unbekannter Befehl „drafts“. Meinten Sie „draft“?" in output
    _assert_no_english(output, ("Did you mean", "No such command"))


def test_missing_argument_is_a_german_error() -> None:
    output = _error("check", "privacy")
    assert "Es fehlt das Argument „file“." in output
    assert "Aufruf: kikultur check privacy" in output
    _assert_no_english(output, ("Missing argument", "Try ", "Error", "Usage:"))


def test_invalid_format_value_is_a_german_error() -> None:
    output = _error("check", "privacy", "x", "--format", "xml")
    assert "Ungültiger Wert für „--format“: „xml“ ist nicht möglich; erlaubt: „text“, „json“." in (
        output
    )
    _assert_no_english(output, ("Invalid value", "is not one of", "Value error", "Error"))


def test_extra_argument_unknown_option_and_missing_option_value_are_german() -> None:
    assert "Zu viele Angaben, nicht erwartet: y" in _error("check", "privacy", "x", "y")
    assert "Unbekannte Option „--bla“." in _error("check", "privacy", "x", "--bla")
    assert "Die Option „--vault“ braucht einen Wert." in _error("pseudonymize", "x", "--vault")


def test_out_of_range_and_non_numeric_numbers_are_german_errors() -> None:
    too_small = _error("check", "platform", "x", "--limit", "0")
    assert "Ungültiger Wert für „--limit“: Der Wert muss mindestens 1 sein." in too_small
    not_a_number = _error("check", "platform", "x", "--limit", "viele")
    assert "Ungültiger Wert für „--limit“: Bitte eine ganze Zahl angeben." in not_a_number
    _assert_no_english(too_small + not_a_number, ("Input should", "Invalid value"))


def test_group_without_command_is_a_german_error() -> None:
    output = _error("check")
    assert "Es fehlt ein Befehl." in output
    _assert_no_english(output, ("Missing command", "Usage:"))


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("Missing option '--out'.", "Es fehlt die Option „--out“."),
        (
            "Missing option '--format'. Choose from:\n\ttext,\n\tjson",
            "Es fehlt die Option „--format“. Möglich: text, json.",
        ),
        ("Option '--alt' requires 2 arguments.", "Die Option „--alt“ braucht 2 Werte."),
        ("Option '--yes' does not take a value.", "Die Option „--yes“ nimmt keinen Wert."),
        ("Ganz anderer Text.", "Ganz anderer Text."),
    ],
)
def test_framework_messages_translate_with_their_values_kept(english: str, german: str) -> None:
    assert german_message(english) == german


def _questions_app() -> typer.Typer:
    """A tiny app that asks the way the CLI's commands do (`typer.confirm`, `typer.prompt`)."""
    questions = typer.Typer()

    @questions.command()
    def ask(password: bool = False) -> None:
        if password:
            typer.echo("->" + typer.prompt("Passwort", hide_input=True, confirmation_prompt=True))
        else:
            typer.echo(f"->{typer.confirm('Wirklich löschen?')}")

    return questions


def test_yes_no_question_is_german_and_accepts_j_after_a_german_error() -> None:
    result = runner.invoke(_questions_app(), [], input="vielleicht\nj\n")
    assert result.exit_code == 0, result.output
    assert "Wirklich löschen? [j/N]: " in result.output
    assert "Fehler: Bitte „j“ (ja) oder „n“ (nein) eingeben." in result.output
    assert result.output.endswith("->True\n")
    _assert_no_english(result.output, ("[y/N]", "invalid input", "Error"))


def test_yes_no_question_takes_nein_and_the_default_on_enter() -> None:
    assert runner.invoke(_questions_app(), [], input="nein\n").output.endswith("->False\n")
    assert runner.invoke(_questions_app(), [], input="\n").output.endswith("->False\n")


def test_password_confirmation_is_asked_and_checked_in_german() -> None:
    result = runner.invoke(_questions_app(), ["--password"], input="eins\nzwei\ndrei\ndrei\n")
    assert result.exit_code == 0, result.output
    assert "Zur Bestätigung wiederholen: " in result.output
    assert "Fehler: Die beiden Eingaben stimmen nicht überein." in result.output
    assert result.output.endswith("->drei\n")
    _assert_no_english(result.output, ("Repeat for confirmation", "do not match", "Error"))


def test_gdpr_delete_question_is_german_and_refused_with_n(
    env: dict[str, str], org_b: OrgFixture
) -> None:
    result = runner.invoke(
        app, ["gdpr", "delete", "--org", org_b.org.name], env=env, input="ja doch\nn\n"
    )
    assert result.exit_code == 1
    assert "[j/N]" in result.output
    assert "Fehler: Bitte „j“ (ja) oder „n“ (nein) eingeben." in result.output
    assert "Abgebrochen, nichts wurde gelöscht." in result.output
