"""The declarative tool spec (tool.yaml), validated with pydantic, and the fact-slot marker syntax.

A tool is a folder `kikultur/tools/<tool-id>/` with `tool.yaml` (this schema) and the German
Jinja2 prompt files `prompts/system.md` and `prompts/user.md`.

Fact slots
----------
Inputs listed in `fact_slots` are hard facts (date, time, place, admission, a quote ...). The
prompt shows the model each fact together with its marker and tells it to write the marker,
never the value: the marker syntax is two square brackets around the input name, e.g.
`[[datum]]` or `[[zitat_person]]` (`SLOT_PATTERN`). Code fills the markers after the model
answered (`kikultur.checks.facts.slots.fill_slots`,
re-exported by `kikultur.tools.slots`), so a date or a quote reaches the draft exactly as
the user typed it, and a marker the model made up is reported instead of filled.
"""

from __future__ import annotations

import enum
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Re-exported: the marker syntax belongs to the one slot mechanism in checks.facts.slots.
from kikultur.checks.facts.slots import SLOT_PATTERN as SLOT_PATTERN
from kikultur.checks.facts.slots import slot_marker as slot_marker

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
TOOL_ID_PATTERN = r"^[a-z][a-z0-9-]*[a-z0-9]$"


class Area(enum.StrEnum):
    """The work areas the tools are grouped in."""

    berichte = "berichte"
    oeffentlichkeitsarbeit = "oeffentlichkeitsarbeit"
    veranstaltungen = "veranstaltungen"
    social_media = "social-media"
    ideen = "ideen"


class InputType(enum.StrEnum):
    text = "text"
    textarea = "textarea"
    date = "date"
    time = "time"
    number = "number"
    money = "money"
    boolean = "boolean"
    select = "select"
    multiselect = "multiselect"
    channels = "channels"  # list of social-media channels (a multiselect with limits per choice)
    images = "images"  # list of {datei, beschreibung}
    url = "url"
    email = "email"


CHOICE_TYPES = frozenset({InputType.select, InputType.multiselect, InputType.channels})
LIST_TYPES = frozenset({InputType.multiselect, InputType.channels, InputType.images})

CheckName = Literal["privacy", "facts", "language", "readability", "platform"]
ExportFormat = Literal["docx", "md", "txt", "jsonld", "mm", "mermaid", "ics"]
CountUnit = Literal["paragraphs", "items"]
# Export hooks add content code computes to the DOCX: `finance_table` the finance plan (actual
# column when the plan has actual amounts), `finance_table_actual` always planned vs. actual.
ExportHook = Literal["finance_table", "finance_table_actual"]
# Where a spec's sections come from when they are not in tool.yaml (see kikultur/tools/funder.py).
SectionsSource = Literal["funder_profile"]
FUNDER_INPUT = "foerderer"  # the select input that names the funder profile

# "Ort (Name und Adresse)" -> "Ort": a form's explanation in brackets is no part of a fact label.
_LABEL_PARENS = re.compile(r"\s*\([^)]*\)")

# Defaults keep a form field from swallowing a whole book when the spec names no limit.
DEFAULT_MAX_LENGTH = {InputType.text: 300, InputType.textarea: 20_000}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    """One option of a select, multiselect or channel list."""

    value: str = Field(pattern=NAME_PATTERN)
    label: str
    max_chars: int | None = Field(default=None, gt=0, description="Zeichengrenze (Kanäle)")
    rtl: bool = False  # written right to left (Arabic, Farsi): exports set the direction


class InputSpec(_Strict):
    """One form field of a tool."""

    name: str = Field(pattern=NAME_PATTERN)
    label: str
    type: InputType = InputType.text
    required: bool = False
    max_length: int | None = Field(default=None, gt=0)
    min_choices: int | None = Field(default=None, ge=0)
    choices: tuple[Choice, ...] = ()
    default: Any = None
    help: str = ""
    example: Any = None  # used by tests and the demo form, never sent as a fact
    requires: tuple[str, ...] = ()  # inputs that must be filled when this one is
    # Inputs that must stay empty when this one is given (a ticked box, a value): "Eintritt
    # frei" and a price contradict each other.
    excludes: tuple[str, ...] = ()
    # Text inputs: the whole value (trimmed) must match this regular expression; the German
    # `pattern_message` says what is expected (a postcode has five digits).
    pattern: str | None = None
    pattern_message: str | None = Field(default=None, min_length=1)
    from_steckbrief: str | None = None  # empty field: take this key of the Steckbrief
    show_in_facts: bool = True  # False: the prompt quotes this field itself (long texts, choices)
    # Label of this fact in a facts list the workbench writes (default: `label` without "(…)").
    fact_label: str | None = Field(default=None, min_length=1, max_length=60)
    # This input is a quote; the named input says who said it (one list item for both).
    quote_by: str | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> InputSpec:
        if self.type in CHOICE_TYPES and not self.choices:
            raise ValueError(f"Feld {self.name}: Auswahlfeld ohne Auswahlmöglichkeiten.")
        if self.type not in CHOICE_TYPES and self.choices:
            raise ValueError(f"Feld {self.name}: Auswahlmöglichkeiten nur bei Auswahlfeldern.")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError(f"Feld {self.name}: doppelte Auswahlmöglichkeit.")
        if self.pattern is not None:
            if self.type not in (InputType.text, InputType.textarea):
                raise ValueError(f"Feld {self.name}: pattern nur bei Textfeldern.")
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"Feld {self.name}: pattern ist ungültig ({exc}).") from None
        if self.pattern_message is not None and self.pattern is None:
            raise ValueError(f"Feld {self.name}: pattern_message ohne pattern.")
        return self

    @property
    def effective_max_length(self) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    @property
    def short_label(self) -> str:
        """The label in a facts list: `fact_label`, else the form label without "(…)" parts."""
        if self.fact_label:
            return self.fact_label
        return _LABEL_PARENS.sub("", self.label).strip() or self.label


class BriefSpec(_Strict):
    """The free-text brief (the user's own notes) every tool accepts."""

    label: str = "Ihre Notizen"
    help: str = "Stichpunkte, Hintergründe, Wünsche – alles, was das Modell wissen sollte."
    required: bool = False
    max_length: int = Field(default=20_000, gt=0)


class SectionSpec(_Strict):
    """One section of the answer: the model writes it under the heading `## <title>`."""

    id: str = Field(pattern=NAME_PATTERN)
    title: str
    instruction: str = ""  # what belongs in this section (shown to the model)
    required: bool = True
    min_chars: int | None = Field(default=None, ge=0)
    max_chars: int | None = Field(default=None, gt=0)
    count_unit: CountUnit | None = None
    min_count: int | None = Field(default=None, ge=0)
    max_count: int | None = Field(default=None, ge=0)
    count_from: str | None = None  # expected item count = number of entries of this input
    only_if: str | None = None  # section exists only when this input is filled
    per_choice: str | None = None  # one section per chosen value of this input
    questions_only: bool = False  # every list item must be a question (never a verdict)
    aliases: tuple[str, ...] = ()
    main: bool = False  # receives an answer that has no headings at all (repair)
    # Fact slots the model dropped are added here by code, word for word, as "- Label: Wert".
    facts_section: bool = False
    choice: str | None = None  # set by sections_for on per-choice copies (e.g. the channel)

    @model_validator(mode="after")
    def _limits_are_ordered(self) -> SectionSpec:
        if self.min_chars and self.max_chars and self.min_chars > self.max_chars:
            raise ValueError(f"Abschnitt {self.id}: min_chars größer als max_chars.")
        if (self.min_count is not None or self.max_count is not None) and not self.count_unit:
            raise ValueError(f"Abschnitt {self.id}: Anzahl ohne count_unit.")
        if (
            self.min_count is not None
            and self.max_count is not None
            and self.min_count > self.max_count
        ):
            raise ValueError(f"Abschnitt {self.id}: min_count größer als max_count.")
        return self


class Notice(_Strict):
    """A fixed notice shown with the draft and in exports (code writes it, not the model)."""

    text: str
    flag: str | None = Field(default=None, pattern=NAME_PATTERN)
    when_input: str | None = None
    when_value: str | None = None  # None: whenever the input is filled


class ToolSpec(_Strict):
    """A writing tool, as declared in its tool.yaml."""

    id: str = Field(pattern=TOOL_ID_PATTERN)
    title: str
    area: Area
    description: str
    based_on: str | None = None
    brief: BriefSpec = BriefSpec()
    inputs: tuple[InputSpec, ...] = ()
    fact_slots: tuple[str, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    # `funder_profile`: the sections come from the profile chosen in the input `foerderer`
    # (`kikultur.tools.funder.resolve_spec`); the resolved spec names the profile in
    # `funder_profile` and has `sections_from` unset.
    sections_from: SectionsSource | None = None
    funder_profile: dict[str, Any] | None = None  # the profile's data (JSON), in the version hash
    checks: tuple[CheckName, ...] = ()
    exports: tuple[ExportFormat, ...] = ("docx", "md", "txt")
    export_hooks: tuple[ExportHook, ...] = ()
    notices: tuple[Notice, ...] = ()

    @model_validator(mode="after")
    def _at_least_one_section(self) -> ToolSpec:
        if self.sections_from is None and not self.sections:
            raise ValueError("Ein Werkzeug braucht mindestens einen Abschnitt.")
        if self.sections_from is not None:
            if self.sections:
                raise ValueError("Mit sections_from stehen keine Abschnitte in tool.yaml.")
            if FUNDER_INPUT not in {i.name for i in self.inputs}:
                raise ValueError(f"sections_from braucht das Auswahlfeld {FUNDER_INPUT}.")
        return self

    @model_validator(mode="after")
    def _references_exist(self) -> ToolSpec:
        names = [i.name for i in self.inputs]
        if len(names) != len(set(names)):
            raise ValueError("Doppelte Feldnamen.")
        ids = [s.id for s in self.sections]
        if len(ids) != len(set(ids)):
            raise ValueError("Doppelte Abschnitts-IDs.")
        known = set(names)
        for slot in self.fact_slots:
            if slot not in known:
                raise ValueError(f"fact_slots nennt das unbekannte Feld {slot}.")
        for item in self.inputs:
            for other in item.requires:
                if other not in known:
                    raise ValueError(f"Feld {item.name} verlangt das unbekannte Feld {other}.")
            for other in item.excludes:
                if other not in known - {item.name}:
                    raise ValueError(f"Feld {item.name} schließt kein anderes Feld {other} aus.")
        for section in self.sections:
            for ref in (section.only_if, section.per_choice, section.count_from):
                if ref is not None and ref not in known:
                    raise ValueError(f"Abschnitt {section.id} nennt das unbekannte Feld {ref}.")
            if section.per_choice and self.input(section.per_choice).type not in LIST_TYPES:
                raise ValueError(
                    f"Abschnitt {section.id}: per_choice braucht eine Mehrfachauswahl."
                )
        for notice in self.notices:
            if notice.when_input is not None and notice.when_input not in known:
                raise ValueError(f"Hinweis nennt das unbekannte Feld {notice.when_input}.")
        if sum(1 for s in self.sections if s.main) > 1:
            raise ValueError("Nur ein Abschnitt darf main sein.")
        for item in self.inputs:
            if item.quote_by is not None and item.quote_by not in known - {item.name}:
                raise ValueError(f"Feld {item.name}: quote_by nennt kein anderes Feld.")
        return self

    @model_validator(mode="after")
    def _facts_section_fits(self) -> ToolSpec:
        """The workbench writes into the facts section: it must always exist, hold a list and
        take every fact the workbench may add without a structure finding of its own making."""
        flagged = [s for s in self.sections if s.facts_section]
        if not flagged:
            return self
        if len(flagged) > 1:
            raise ValueError("Nur ein Abschnitt darf facts_section sein.")
        (section,) = flagged
        if not self.fact_slots:
            raise ValueError(f"Abschnitt {section.id}: facts_section braucht fact_slots.")
        if section.main or section.only_if or section.per_choice or section.count_from:
            raise ValueError(
                f"Abschnitt {section.id}: facts_section darf nicht main, only_if, per_choice "
                "oder count_from haben."
            )
        if section.count_unit not in (None, "items"):
            raise ValueError(f"Abschnitt {section.id}: facts_section zählt nur Listenpunkte.")
        by_name = {item.name: item for item in self.inputs}
        slots = [by_name[name] for name in self.fact_slots if name in by_name]
        labels = [item.short_label for item in slots]
        if len(labels) != len(set(labels)):
            raise ValueError(
                f"fact_slots: doppelte Bezeichnungen {labels}; bitte fact_label setzen."
            )
        # A quote and its speaker share one list item.
        speakers = {item.quote_by for item in slots if item.quote_by in self.fact_slots}
        items = len(slots) - len(speakers)
        if section.max_count is not None and section.max_count < items:
            raise ValueError(
                f"Abschnitt {section.id}: max_count {section.max_count} ist kleiner als die "
                f"{items} Angaben, die die Werkbank ergänzen kann."
            )
        return self

    def input(self, name: str) -> InputSpec:
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def main_section(self) -> SectionSpec:
        """The section that takes an unstructured answer: the one marked main, else the longest."""
        for section in self.sections:
            if section.main:
                return section
        return max(self.sections, key=lambda s: s.max_chars or 10**9)


class StylePreferences(BaseModel):
    """The organisation's writing style, passed to the prompts."""

    model_config = ConfigDict(extra="forbid")

    form_of_address: Literal["Sie", "Du"] = "Sie"
    gender_style: Literal["stern", "doppelpunkt", "paarform", "neutral"] = "stern"
    tone: str = "freundlich, klar, einladend"

    @property
    def gender_hint(self) -> str:
        return {
            "stern": "Gendern mit Sternchen (Besucher*innen), wo keine neutrale Form passt.",
            "doppelpunkt": (
                "Gendern mit Doppelpunkt (Besucher:innen), wo keine neutrale Form passt."
            ),
            "paarform": "Paarform (Besucherinnen und Besucher), wo keine neutrale Form passt.",
            "neutral": "Neutrale Formen (Publikum, Mitwirkende, alle Interessierten).",
        }[self.gender_style]


def is_filled(value: Any) -> bool:
    """Whether a form value counts as given (empty strings and empty lists do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set):
        return bool(value)
    return True


def resolved(spec: ToolSpec, values: dict[str, Any]) -> ToolSpec:
    """The spec with concrete sections: `sections_from` resolved with the built-in profiles.

    Organisation profiles are not known here; callers resolve them first with
    `kikultur.tools.funder.resolve_spec(spec, values, profiles)`.
    """
    if spec.sections_from is None:
        return spec
    from kikultur.tools.funder import resolve_spec  # lazy: that module imports this one

    return resolve_spec(spec, values)


def sections_for(spec: ToolSpec, values: dict[str, Any]) -> list[SectionSpec]:
    """The sections the answer must have for these inputs (per-choice sections expanded)."""
    spec = resolved(spec, values)
    result: list[SectionSpec] = []
    for section in spec.sections:
        if section.only_if is not None and not is_filled(values.get(section.only_if)):
            continue
        if section.per_choice is not None:
            field = spec.input(section.per_choice)
            for value in values.get(section.per_choice) or []:
                choice = field.choice(str(value))
                if choice is None:
                    continue
                limit = choice.max_chars or section.max_chars
                result.append(
                    section.model_copy(
                        update={
                            "id": f"{section.id}_{choice.value}",
                            "title": section.title.replace("{label}", choice.label),
                            "max_chars": limit,
                            "per_choice": None,
                            "choice": choice.value,
                            "aliases": (choice.label, choice.value),
                        }
                    )
                )
            continue
        if section.count_from is not None:
            expected = len(values.get(section.count_from) or [])
            section = section.model_copy(update={"min_count": expected, "max_count": expected})
        result.append(section)
    return result


def unexpected_sections(spec: ToolSpec, values: dict[str, Any]) -> list[SectionSpec]:
    """Sections the answer must NOT have for these inputs (e.g. a quote when none was given)."""
    return [
        s
        for s in spec.sections
        if s.only_if is not None and s.per_choice is None and not is_filled(values.get(s.only_if))
    ]


def notices_for(spec: ToolSpec, values: dict[str, Any]) -> list[Notice]:
    """The fixed notices that apply to these inputs."""
    result = []
    for notice in spec.notices:
        if notice.when_input is None:
            result.append(notice)
            continue
        value = values.get(notice.when_input)
        if notice.when_value is None:
            if is_filled(value):
                result.append(notice)
        elif value == notice.when_value or (
            isinstance(value, list | tuple) and notice.when_value in value
        ):
            result.append(notice)
    return result


def flags_for(spec: ToolSpec, values: dict[str, Any]) -> set[str]:
    """Status flags a draft carries, e.g. `nicht_geprueft` for unchecked Leichte Sprache."""
    return {n.flag for n in notices_for(spec, values) if n.flag}
