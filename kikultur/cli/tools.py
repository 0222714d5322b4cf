"""`kikultur tools list` and `kikultur tools show TOOL`: the writing tools and their specs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kikultur.cli.common import FormatOption, OutputFormat, app, echo_json, fail
from kikultur.i18n import _
from kikultur.tools.registry import Tool, ToolError, ToolRegistry

tools_app = typer.Typer(help="Schreibwerkzeuge anzeigen: Eingaben, Abschnitte, Prüfungen, Exporte.")
app.add_typer(tools_app, name="tools")

ToolsDirOption = Annotated[
    Path | None,
    typer.Option(
        "--tools-dir",
        help="Ordner mit eigenen Werkzeugen der Organisation (je Werkzeug ein Unterordner).",
    ),
]


def _registry(tools_dir: Path | None) -> ToolRegistry:
    if tools_dir is not None and not tools_dir.is_dir():
        fail(_("Der Ordner {path} wurde nicht gefunden.").format(path=tools_dir))
    try:
        return ToolRegistry(organisation_dir=tools_dir)
    except ToolError as exc:
        fail(str(exc))


def _summary(tool: Tool) -> dict[str, Any]:
    return {
        "id": tool.id,
        "title": tool.spec.title,
        "area": tool.spec.area.value,
        "description": tool.spec.description,
        "source": tool.source,
        "based_on": tool.spec.based_on,
        "prompt_version": tool.prompt_version,
    }


def _details(tool: Tool) -> dict[str, Any]:
    spec = tool.spec
    data = _summary(tool)
    data["brief"] = spec.brief.model_dump(mode="json")
    data["inputs"] = [
        i.model_dump(mode="json", exclude_defaults=True, exclude={"example"}) for i in spec.inputs
    ]
    data["fact_slots"] = list(spec.fact_slots)
    data["sections"] = [s.model_dump(mode="json", exclude_defaults=True) for s in spec.sections]
    data["sections_from"] = spec.sections_from
    data["export_hooks"] = list(spec.export_hooks)
    data["checks"] = list(spec.checks)
    data["exports"] = list(spec.exports)
    data["notices"] = [n.model_dump(mode="json", exclude_defaults=True) for n in spec.notices]
    return data


def _limits_text(section: dict[str, Any]) -> str:
    parts = []
    if "min_chars" in section or "max_chars" in section:
        parts.append(
            _("{low}–{high} Zeichen").format(
                low=section.get("min_chars", 0), high=section.get("max_chars", "…")
            )
        )
    if "count_unit" in section:
        unit = _("Absätze") if section["count_unit"] == "paragraphs" else _("Punkte")
        if "count_from" in section:
            parts.append(
                _("so viele {unit} wie Einträge in „{name}“").format(
                    unit=unit, name=section["count_from"]
                )
            )
        else:
            low, high = section.get("min_count", 0), section.get("max_count", "…")
            parts.append(f"{low}–{high} {unit}")
    if "per_choice" in section:
        parts.append(_("je Auswahl in „{name}“").format(name=section["per_choice"]))
    if "only_if" in section:
        parts.append(_("nur wenn „{name}“ ausgefüllt").format(name=section["only_if"]))
    if section.get("required") is False:
        parts.append(_("freiwillig"))
    return ", ".join(parts)


@tools_app.command("list")
def list_tools(format: FormatOption = OutputFormat.text, tools_dir: ToolsDirOption = None) -> None:
    """Alle Werkzeuge auflisten."""
    tools = _registry(tools_dir).list()
    if format is OutputFormat.json:
        echo_json({"tools": [_summary(t) for t in tools]})
        return
    for tool in tools:
        typer.echo(f"{tool.id:<22} {tool.spec.area.value:<24} {tool.spec.title}")


@tools_app.command("show")
def show_tool(
    tool_id: Annotated[str, typer.Argument(metavar="WERKZEUG", help="ID des Werkzeugs.")],
    format: FormatOption = OutputFormat.text,
    tools_dir: ToolsDirOption = None,
) -> None:
    """Ein Werkzeug im Detail: Eingaben, Abschnitte mit Grenzen, Prüfungen, Exporte."""
    try:
        tool = _registry(tools_dir).get(tool_id)
    except ToolError as exc:
        fail(str(exc))
    data = _details(tool)
    if format is OutputFormat.json:
        echo_json(data)
        return
    lines = [
        f"{tool.spec.title} ({tool.id})",
        tool.spec.description,
        _("Bereich: {area}").format(area=tool.spec.area.value),
        _("Prompt-Version: {version}").format(version=tool.prompt_version),
    ]
    if tool.spec.based_on:
        lines.append(_("Kopie von: {tool}").format(tool=tool.spec.based_on))
    lines.append("")
    lines.append(_("Eingaben:"))
    for field in tool.spec.inputs:
        flags = [field.type.value]
        if field.required:
            flags.append(_("Pflicht"))
        if field.name in tool.spec.fact_slots:
            flags.append(_("Fakt [[{name}]]").format(name=field.name))
        if field.effective_max_length:
            flags.append(_("max. {n} Zeichen").format(n=field.effective_max_length))
        if field.choices:
            flags.append(" | ".join(c.value for c in field.choices))
        lines.append(f"  {field.name:<20} {field.label} ({', '.join(flags)})")
    lines.append(f"  {'brief':<20} {tool.spec.brief.label}")
    lines.append("")
    lines.append(_("Abschnitte:"))
    if tool.spec.sections_from == "funder_profile":
        lines.append("  " + _("aus dem im Feld „foerderer“ gewählten Förderprofil"))
    for section in data["sections"]:
        limits = _limits_text(section)
        title = section["title"].replace("{label}", _("<Auswahl>"))
        lines.append(f"  {section['id']:<20} {title}" + (f" ({limits})" if limits else ""))
    lines.append("")
    lines.append(_("Prüfungen: {checks}").format(checks=", ".join(tool.spec.checks) or "–"))
    lines.append(_("Exporte: {formats}").format(formats=", ".join(tool.spec.exports)))
    for notice in tool.spec.notices:
        lines.append(_("Hinweis: {text}").format(text=notice.text))
    typer.echo("\n".join(lines))
