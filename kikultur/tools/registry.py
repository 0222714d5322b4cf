"""Built-in tools and organisation copies: loading, copying, the prompt version for provenance."""

from __future__ import annotations

import builtins
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import ValidationError

from kikultur.i18n import _
from kikultur.schemas.common import german_problems
from kikultur.tools.spec import TOOL_ID_PATTERN, ToolSpec

BUILTIN_DIR = Path(__file__).resolve().parent
SHARED_PROMPTS_DIR = BUILTIN_DIR / "_shared"
PROMPT_FILES = ("system", "user")

Source = Literal["builtin", "organisation"]


class ToolError(ValueError):
    """A tool cannot be loaded or found; the message is German."""


@dataclass(frozen=True)
class Tool:
    """A tool spec with its prompt templates (`system`, `user`)."""

    spec: ToolSpec
    prompts: Mapping[str, str]
    source: Source = "builtin"
    path: Path | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def prompt_version(self) -> str:
        """SHA-256 over the spec, the tool's prompt files and the shared prompt parts."""
        return prompt_version(self.spec, self.prompts)

    def to_dict(self) -> dict[str, Any]:
        """The form an organisation copy is stored in (and `load_tool_dict` reads)."""
        return {
            "spec": self.spec.model_dump(mode="json", exclude_defaults=True),
            "prompts": dict(self.prompts),
        }


def _shared_parts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SHARED_PROMPTS_DIR.glob("*.md"))}


def prompt_version(spec: ToolSpec, prompts: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    digest.update(b"spec\0" + canonical.encode("utf-8") + b"\0")
    for name in sorted(prompts):
        digest.update(f"prompt:{name}\0".encode() + prompts[name].encode("utf-8") + b"\0")
    for name, text in _shared_parts().items():
        digest.update(f"shared:{name}\0".encode() + text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _check_templates(tool_id: str, prompts: Mapping[str, str]) -> None:
    env = SandboxedEnvironment()
    for name in PROMPT_FILES:
        if name not in prompts or not prompts[name].strip():
            raise ToolError(
                _("Werkzeug {tool}: die Prompt-Datei {name}.md fehlt oder ist leer.").format(
                    tool=tool_id, name=name
                )
            )
        try:
            env.parse(prompts[name])
        except TemplateSyntaxError as exc:
            raise ToolError(
                _("Werkzeug {tool}: Fehler in {name}.md, Zeile {line}: {error}").format(
                    tool=tool_id, name=name, line=exc.lineno, error=exc.message
                )
            ) from exc


def _validate_spec(data: Any, where: str) -> ToolSpec:
    if not isinstance(data, dict):
        raise ToolError(
            _("{where}: die Werkzeugbeschreibung ist kein YAML-Objekt.").format(where=where)
        )
    try:
        return ToolSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(german_problems(exc, "tool"))
        raise ToolError(
            _("{where}: die Werkzeugbeschreibung ist ungültig ({problems}).").format(
                where=where, problems=problems
            )
        ) from exc


def load_tool_dir(path: Path, source: Source = "builtin") -> Tool:
    """Loads `tool.yaml` and `prompts/*.md` from a tool folder."""
    spec_file = path / "tool.yaml"
    if not spec_file.is_file():
        raise ToolError(_("Im Ordner {path} fehlt tool.yaml.").format(path=path))
    try:
        data = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ToolError(
            _("{file} ist kein gültiges YAML (UTF-8): {error}").format(file=spec_file, error=exc)
        ) from exc
    spec = _validate_spec(data, str(spec_file))
    prompts = {}
    for name in PROMPT_FILES:
        file = path / "prompts" / f"{name}.md"
        prompts[name] = file.read_text(encoding="utf-8") if file.is_file() else ""
    _check_templates(spec.id, prompts)
    return Tool(spec=spec, prompts=prompts, source=source, path=path)


def load_tool_dict(data: Mapping[str, Any]) -> Tool:
    """Loads an organisation copy from `{"spec": {...}, "prompts": {"system": .., "user": ..}}`."""
    spec = _validate_spec(data.get("spec"), _("Werkzeug der Organisation"))
    prompts = data.get("prompts") or {}
    if not isinstance(prompts, Mapping):
        raise ToolError(_("Werkzeug {tool}: prompts muss ein Objekt sein.").format(tool=spec.id))
    prompts = {str(k): str(v) for k, v in prompts.items()}
    _check_templates(spec.id, prompts)
    return Tool(spec=spec, prompts=prompts, source="organisation")


def copy_tool(
    tool: Tool,
    new_id: str,
    *,
    title: str | None = None,
    prompts: Mapping[str, str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Tool:
    """An organisation's copy of a tool: new id, `based_on` the original, adapted prompts/spec."""
    return _adapted(tool, new_id, tool.spec.id, title=title, prompts=prompts, changes=changes)


def change_tool(
    tool: Tool,
    *,
    prompts: Mapping[str, str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Tool:
    """The same tool (id and `based_on` kept) with adapted prompts/spec, validated anew."""
    return _adapted(tool, tool.id, tool.spec.based_on, prompts=prompts, changes=changes)


def _adapted(
    tool: Tool,
    tool_id: str,
    based_on: str | None,
    *,
    title: str | None = None,
    prompts: Mapping[str, str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Tool:
    data = tool.spec.model_dump(mode="json")
    data.update(dict(changes or {}))
    data["id"] = tool_id
    data["based_on"] = based_on
    if title is not None:
        data["title"] = title
    merged = dict(tool.prompts)
    merged.update(prompts or {})
    return load_tool_dict({"spec": data, "prompts": merged})


def builtin_tool_dirs() -> list[Path]:
    return sorted(p.parent for p in BUILTIN_DIR.glob("*/tool.yaml"))


class ToolRegistry:
    """The tools one organisation sees: the built-in ones plus its own copies."""

    def __init__(
        self,
        organisation_dir: Path | None = None,
        organisation_tools: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        self._tools: dict[str, Tool] = {}
        for folder in builtin_tool_dirs():
            self._add(load_tool_dir(folder, "builtin"))
        if organisation_dir is not None and organisation_dir.is_dir():
            for spec_file in sorted(organisation_dir.glob("*/tool.yaml")):
                self._add(load_tool_dir(spec_file.parent, "organisation"))
        for data in organisation_tools:
            self._add(load_tool_dict(data))

    def _add(self, tool: Tool) -> None:
        self.check_new_id(tool.id)
        self._tools[tool.id] = tool

    def check_new_id(self, tool_id: str) -> None:
        """ToolError (German) if a tool of this id exists already."""
        if tool_id in self._tools:
            raise ToolError(
                _("Die Werkzeug-ID {tool} gibt es schon. Eine Kopie braucht eine neue ID.").format(
                    tool=tool_id
                )
            )

    def list(self) -> builtins.list[Tool]:
        return sorted(self._tools.values(), key=lambda t: (t.spec.area.value, t.id))

    def ids(self) -> builtins.list[str]:
        return [t.id for t in self.list()]

    def get(self, tool_id: str) -> Tool:
        try:
            return self._tools[tool_id]
        except KeyError:
            raise ToolError(
                _("Unbekanntes Werkzeug „{tool}“. Verfügbar: {known}.").format(
                    tool=tool_id, known=", ".join(sorted(self._tools))
                )
            ) from None


def load_builtin(tool_id: str) -> Tool:
    """One built-in tool by id."""
    folder = BUILTIN_DIR / tool_id
    if not re.fullmatch(TOOL_ID_PATTERN, tool_id) or not (folder / "tool.yaml").is_file():
        raise ToolError(_("Unbekanntes Werkzeug „{tool}“.").format(tool=tool_id))
    return load_tool_dir(folder, "builtin")
