"""German texts for the CLI framework (Typer and its built-in Click): help, usage line, errors.

Typer 0.29 carries its own copy of Click (`typer._click`) whose texts are plain English strings,
not gettext calls; only `typer.core` uses gettext and `typer.rich_utils` keeps its texts in module
constants. So `install()` sets the rich constants, installs a translation for `typer.core`'s
gettext, and wraps the few places where the copied Click shows English: the usage line, the help
option, the type markers of the help, `typer.confirm`/`typer.prompt`, and the error panel (whose
messages are matched by pattern). Every German text is a msgid of our own catalog (`_`)."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Sequence
from typing import Any

import typer.core
from typer import _click, rich_utils
from typer._click import decorators as click_decorators
from typer._click.exceptions import ClickException, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperOption, _TyperParameter

from kikultur.i18n import _

_installed = False


def _typer_core_texts() -> dict[str, str]:
    """The msgids `typer.core` passes to gettext, in German (built per call: current language)."""
    return {
        "Aborted!": _("Abgebrochen."),
        "(dynamic)": _("(wird berechnet)"),
        "default: {default}": _("Standard: {default}"),
        "required": _("Pflicht"),
        "env var: {var}": _("Umgebungsvariable: {var}"),
        "Arguments": _("Argumente"),
        "Options": _("Optionen"),
        "Commands": _("Befehle"),
        "Missing command.": _("Es fehlt ein Befehl."),
        "No such command {name!r}.": _("Unbekannter Befehl „{name}“."),
    }


class TyperCoreTranslations(gettext.NullTranslations):
    """Translation installed as `typer.core._`: known msgids in German, others unchanged."""

    def gettext(self, message: str) -> str:
        return _typer_core_texts().get(message, message)


def _quoted(text: str) -> str:
    """Click quotes names as 'x'; German users read „x“."""
    return re.sub(r"'([^']*)'", r"„\1“", text)


# Details of "Invalid value for …: <detail>": Typer's own choice check and Pydantic's messages.
_DETAILS: Sequence[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = (
    (
        re.compile(r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.", re.S),
        lambda m: _("{value} ist nicht möglich; erlaubt: {choices}.").format(
            value=_quoted(m["value"]), choices=_quoted(m["choices"])
        ),
    ),
    (
        re.compile(r"Input should be a valid integer.*", re.S),
        lambda m: _("Bitte eine ganze Zahl angeben."),
    ),
    (
        re.compile(r"Input should be a valid number.*", re.S),
        lambda m: _("Bitte eine Zahl angeben."),
    ),
    (
        re.compile(r"Input should be greater than or equal to (?P<limit>.+)"),
        lambda m: _("Der Wert muss mindestens {limit} sein.").format(limit=m["limit"]),
    ),
    (
        re.compile(r"Input should be less than or equal to (?P<limit>.+)"),
        lambda m: _("Der Wert darf höchstens {limit} sein.").format(limit=m["limit"]),
    ),
    (
        re.compile(r"Input should be greater than (?P<limit>.+)"),
        lambda m: _("Der Wert muss größer als {limit} sein.").format(limit=m["limit"]),
    ),
    (
        re.compile(r"Input should be less than (?P<limit>.+)"),
        lambda m: _("Der Wert muss kleiner als {limit} sein.").format(limit=m["limit"]),
    ),
)


def _detail(text: str) -> str:
    for pattern, german in _DETAILS:
        match = pattern.fullmatch(text)
        if match:
            return german(match)
    return text


def _missing(kind: str, name: str, extra: str | None) -> str:
    name = _quoted(name)
    if kind == "argument":
        message = _("Es fehlt das Argument {name}.").format(name=name)
    elif kind == "option":
        message = _("Es fehlt die Option {name}.").format(name=name)
    else:
        message = _("Es fehlt die Angabe {name}.").format(name=name)
    if extra:
        choices = re.fullmatch(r"Choose from:\s*(?P<choices>.*)", extra, re.S)
        if choices:
            extra = _("Möglich: {choices}.").format(
                choices=", ".join(c.strip() for c in choices["choices"].split(","))
            )
        message = f"{message} {extra}"
    return message


# The error messages of Typer's Click as they read after `format_message()`.
_MESSAGES: Sequence[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = (
    (
        re.compile(
            r"Missing (?P<kind>argument|option|parameter) (?P<name>'.*?')\.(?: (?P<extra>.*))?",
            re.S,
        ),
        lambda m: _missing(m["kind"], m["name"], m["extra"]),
    ),
    (
        re.compile(r"Invalid value for (?P<name>.+?): (?P<detail>.*)", re.S),
        lambda m: _("Ungültiger Wert für {name}: {detail}").format(
            name=_quoted(m["name"]), detail=_detail(m["detail"])
        ),
    ),
    (
        re.compile(r"Invalid value: (?P<detail>.*)", re.S),
        lambda m: _("Ungültiger Wert: {detail}").format(detail=_detail(m["detail"])),
    ),
    (
        re.compile(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.*)\))?"),
        lambda m: (
            _("Unbekannte Option „{name}“.").format(name=m["name"])
            + (" " + _("Möglich: {options}.").format(options=m["options"]) if m["options"] else "")
        ),
    ),
    (
        re.compile(r"Option (?P<name>'.*?') requires an argument\."),
        lambda m: _("Die Option {name} braucht einen Wert.").format(name=_quoted(m["name"])),
    ),
    (
        re.compile(r"Option (?P<name>'.*?') requires (?P<count>\d+) arguments\."),
        lambda m: _("Die Option {name} braucht {count} Werte.").format(
            name=_quoted(m["name"]), count=m["count"]
        ),
    ),
    (
        re.compile(r"Option (?P<name>'.*?') does not take a value\."),
        lambda m: _("Die Option {name} nimmt keinen Wert.").format(name=_quoted(m["name"])),
    ),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.S),
        lambda m: _("Zu viele Angaben, nicht erwartet: {args}").format(args=m["args"]),
    ),
    (
        re.compile(r"(?P<message>.*)\. Did you mean (?P<suggestions>.*)\?", re.S),
        lambda m: _("{message}. Meinten Sie {suggestions}?").format(
            message=m["message"], suggestions=_quoted(m["suggestions"])
        ),
    ),
)


def german_message(message: str) -> str:
    """The German text of one of the framework's error messages; unknown ones stay as they are."""
    for pattern, german in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return german(match)
    return message


def _type_names() -> dict[str, str]:
    """Typer's type markers in the help (`<str>`, `<int>`, …) in words for non-programmers."""
    return {
        "str": _("Text"),
        "int": _("Zahl"),
        "float": _("Zahl"),
        "path": _("Pfad"),
        "file": _("Datei"),
        "dir": _("Ordner"),
        "directory": _("Ordner"),
        "date": _("Datum"),
        "datetime": _("Datum und Uhrzeit"),
    }


def german_type_label(label: str) -> str:
    """`list[str]` → `Text, mehrfach`, `int range` → `Zahl`; unknown labels stay as they are."""
    listed = re.fullmatch(r"list\[(?P<item>.+)\]", label)
    if listed:
        return _("{type}, mehrfach").format(type=german_type_label(listed["item"]))
    label = label.removesuffix(" range")
    return _type_names().get(label, label)


def german_number_range(min: float | None, max: float | None) -> str | None:
    """The range shown next to a number option: `[mindestens 1]` instead of `[x>=1]`.

    The parameters are named like those of Typer's `describe_number_range`, which this replaces.
    """
    if min is None and max is None:
        return None
    if max is None:
        return _("mindestens {low}").format(low=min)
    if min is None:
        return _("höchstens {high}").format(high=max)
    return _("{low} bis {high}").format(low=min, high=max)


def _install_type_markers() -> None:
    display_type = _TyperParameter.display_type

    def german_display_type(self: _TyperParameter, ctx: _click.Context) -> str:
        # A flag takes no value, so "<bool>" next to it says nothing to a reader.
        if isinstance(self, TyperOption) and self.is_flag:
            return ""
        shown = display_type(self, ctx)
        # Choices are the literal values to type (text|json): never translated.
        if self.type_descriptor.is_choice or not (shown.startswith("<") and shown.endswith(">")):
            return shown
        return f"<{german_type_label(shown[1:-1])}>"

    _TyperParameter.display_type = german_display_type  # type: ignore[method-assign]
    typer.core.describe_number_range = german_number_range


def _set_rich_texts() -> None:
    rich_utils.ARGUMENTS_PANEL_TITLE = _("Argumente")
    rich_utils.OPTIONS_PANEL_TITLE = _("Optionen")
    rich_utils.COMMANDS_PANEL_TITLE = _("Befehle")
    rich_utils.ERRORS_PANEL_TITLE = _("Fehler")
    rich_utils.REQUIRED_LONG_STRING = _("[Pflicht]")
    rich_utils.DEFAULT_STRING = _("[Standard: {}]")
    rich_utils.ENVVAR_STRING = _("[Umgebungsvariable: {}]")
    rich_utils.DEPRECATED_STRING = _("(veraltet) ")
    rich_utils.ABORTED_TEXT = _("Abgebrochen.")
    rich_utils.RICH_HELP = _("Hilfe: [blue]„{command_path} {help_option}“[/]")
    # Keeps the usage line styled like the English "Usage: " was.
    rich_utils.OptionHighlighter.highlights.append(r"(?P<usage>Aufruf: )")


def _install_questions() -> None:
    """German yes/no questions and password confirmation for `typer.confirm` / `typer.prompt`.

    Typer's versions print English ("[y/N]", "Repeat for confirmation", "Error: invalid input")
    and accept only y/yes; commands call them as `typer.confirm(...)`, so the attribute counts.
    """
    prompt = typer.prompt

    def german_prompt(
        text: str, *args: Any, confirmation_prompt: bool | str = False, **kwargs: Any
    ) -> Any:
        if not confirmation_prompt:
            return prompt(text, *args, **kwargs)
        repeat = _("Zur Bestätigung wiederholen") if confirmation_prompt is True else None
        while True:
            value = prompt(text, *args, **kwargs)
            again = prompt(repeat or str(confirmation_prompt), *args, **kwargs)
            if value == again:
                return value
            typer.echo(
                _("Fehler: Die beiden Eingaben stimmen nicht überein."),
                err=kwargs.get("err", False),
            )

    def german_confirm(
        text: str,
        default: bool | None = False,
        abort: bool = False,
        prompt_suffix: str = ": ",
        show_default: bool = True,
        err: bool = False,
    ) -> bool:
        choices = _("j/n") if default is None else (_("J/n") if default else _("j/N"))
        question = f"{text} [{choices}]" if show_default else text
        while True:
            answer = str(prompt(question, default="", show_default=False,
                                prompt_suffix=prompt_suffix, err=err)).strip().lower()  # fmt: skip
            # y/yes stay valid: scripts and habits written for the English question keep working.
            if answer in ("j", "ja", "y", "yes"):
                result = True
            elif answer in ("n", "nein", "no"):
                result = False
            elif answer == "" and default is not None:
                result = default
            else:
                typer.echo(_("Fehler: Bitte „j“ (ja) oder „n“ (nein) eingeben."), err=err)
                continue
            if abort and not result:
                raise typer.Abort()
            return result

    typer.prompt = german_prompt
    typer.confirm = german_confirm


def install() -> None:
    """Makes the CLI framework speak German; safe to call more than once."""
    global _installed
    if _installed:
        return
    _installed = True
    _set_rich_texts()
    _install_questions()
    _install_type_markers()
    typer.core._ = TyperCoreTranslations().gettext

    write_usage = HelpFormatter.write_usage

    def german_write_usage(
        self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        # The placeholders come from defaults spread over Typer; the usage line is where they meet.
        args = args.replace("[OPTIONS]", _("[OPTIONEN]"))
        args = args.replace("COMMAND [ARGS]...", _("BEFEHL [ARGUMENTE]..."))
        write_usage(self, prog, args, _("Aufruf:") + " " if prefix is None else prefix)

    HelpFormatter.write_usage = german_write_usage  # type: ignore[method-assign]

    # `Command.get_help_option` imports `help_option` at call time, so the module attribute counts.
    help_option = click_decorators.help_option

    def german_help_option(param_decls: list[str]) -> Callable[[_click.Command], _click.Command]:
        add_option = help_option(param_decls)

        def decorator(command: _click.Command) -> _click.Command:
            command = add_option(command)
            option = command.params[-1]
            if isinstance(option, TyperOption):
                option.help = _("Diese Hilfe anzeigen und beenden.")
            return command

        return decorator

    click_decorators.help_option = german_help_option

    rich_format_error = rich_utils.rich_format_error

    # The parameter is called `self` like in Typer's function, which this one replaces.
    def german_format_error(self: ClickException) -> None:
        error = self
        # The "no arguments → show help" pseudo error has the help text as message: untouched.
        if isinstance(error, UsageError) and type(error).__name__ != "NoArgsIsHelpError":
            german = UsageError(german_message(error.format_message()), ctx=error.ctx)
            german.exit_code = error.exit_code
            rich_format_error(german)
        else:
            rich_format_error(error)

    rich_utils.rich_format_error = german_format_error
