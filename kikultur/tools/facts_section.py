"""Fixed facts the model dropped are added by code, word for word, to the tool's facts section."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kikultur.checks.facts.slots import SlotResult, fill_slots
from kikultur.checks.facts.verify import CONTRADICTED
from kikultur.checks.findings import Finding
from kikultur.i18n import ngettext
from kikultur.tools.sections import ParsedAnswer, parse_answer, render_markdown
from kikultur.tools.spec import SectionSpec, ToolSpec, sections_for

_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+")
# A quote the user typed with its own quotation marks is not wrapped a second time.
_QUOTE_MARKS = "„“”\"'‚‘’«»›‹"


UNSTRUCTURED = "UNSTRUCTURED_ANSWER"


@dataclass(frozen=True, slots=True)
class FactsResult:
    """The filled text (slot findings with offsets into it) and the slots code added to it.

    `structure` keeps the report that the model wrote no headings at all, which the headings
    added by the workbench would otherwise hide from the parser (offsets into `slots.text`).
    """

    slots: SlotResult
    added: tuple[str, ...] = ()
    section: SectionSpec | None = None
    structure: tuple[Finding, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        """Slot findings and the kept structure report, in text order."""
        return sorted([*self.slots.findings, *self.structure], key=lambda f: (f.start, f.end))


def facts_section(spec: ToolSpec) -> SectionSpec | None:
    """The section flagged `facts_section: true` in tool.yaml (the opt-in), if any."""
    return next((s for s in spec.sections if s.facts_section), None)


def _stands_in(text: str, value: str) -> bool:
    """The exact value as a whole (so "frei" in "Freitag" does not count), any case."""
    pattern = rf"(?<!\w){re.escape(value)}(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def absent_slots(filled: SlotResult, values: Mapping[str, str]) -> list[str]:
    """Slots whose exact value the filled text lacks: dropped (`missing`) or only written in
    another form ("Am Samstag" for "Samstag, 11. Juli 2026"). A changed value is left out:
    it stays a contradiction the user resolves, never hidden by the right value elsewhere."""
    changed = {
        f.details.get("slot")
        for f in filled.findings
        if f.status == CONTRADICTED and f.details.get("changed")
    }
    names: list[str] = []
    for name, raw in values.items():
        value = str(raw).strip()
        if not value or name in filled.filled or name in changed:
            continue
        if not _stands_in(filled.text, value):
            names.append(name)
    return names


def _quoted(quote: str) -> str:
    return quote if quote[:1] in _QUOTE_MARKS else f"„{quote}“"


def fact_items(spec: ToolSpec, values: Mapping[str, str], names: Sequence[str]) -> list[str]:
    """List items "- Label: Wert" for the named slots, in `fact_slots` order; a quote and its
    speaker read as one item: `- Zitat: „…“ (Name, Funktion)`."""
    wanted = set(names)
    speakers = {
        spec.input(name).quote_by: name for name in spec.fact_slots if spec.input(name).quote_by
    }
    items: list[str] = []
    for name in spec.fact_slots:
        field = spec.input(name)
        value = str(values.get(name, "")).strip()
        quote_of = speakers.get(name)
        if field.quote_by is not None:
            speaker = str(values.get(field.quote_by, "")).strip()
            if name in wanted and value:
                # The speaker goes with the quote even when the text names them elsewhere.
                suffix = f" ({speaker})" if speaker else ""
                items.append(f"- {field.short_label}: {_quoted(value)}{suffix}")
                continue
        if quote_of is not None and quote_of in wanted and str(values.get(quote_of, "")).strip():
            continue  # already written with its quote
        if name in wanted and value:
            items.append(f"- {field.short_label}: {value}")
    return items


def _append_items(text: str, parsed: ParsedAnswer, section: SectionSpec, block: str) -> str:
    """The items at the end of the facts section, or the section with its heading at the end."""
    part = parsed.sections.get(section.id)
    if part is not None:
        rest = text[part.end :]
        tail = rest if rest.strip() else "\n"
        if part.text.strip():
            last = part.text.rstrip().splitlines()[-1]
            # Continue a list; after prose a blank line starts the list.
            separator = "\n" if _LIST_ITEM.match(last) else "\n\n"
            return text[: part.end] + separator + block + tail
        # An empty section: the items go right under its heading.
        tail = "\n\n" + rest.lstrip() if rest.strip() else "\n"
        return text[: part.end].rstrip() + "\n\n" + block + tail
    heading = f"## {section.title}\n\n{block}\n"
    if parsed.repaired:
        # No heading at all: the whole answer is the main section. Our heading alone would turn
        # it into text before the first section, so the main section gets its heading too.
        main = next(iter(parsed.sections.values()), None)
        if main is not None:
            return f"## {main.title}\n\n{text.strip()}\n\n{heading}"
    return f"{text.rstrip()}\n\n{heading}"


def _kept_unstructured(
    spec: ToolSpec, inputs: Mapping[str, Any], before: ParsedAnswer, completed: str
) -> tuple[Finding, ...]:
    """The model's headingless answer stays reported, with the one-click repair (every section
    heading in order) computed on the completed text, so the added facts are kept."""
    original = next((f for f in before.findings if f.kind == UNSTRUCTURED), None)
    if not before.repaired or original is None:
        return ()
    start = len(completed) - len(completed.lstrip())
    end = len(completed.rstrip())
    parsed = parse_answer(spec, inputs, completed)
    repair = render_markdown(parsed, sections_for(spec, dict(inputs))).strip()
    finding = dataclasses.replace(
        original, start=start, end=end, text=completed[start:end], suggestions=(repair,)
    )
    return (finding,)


def complete_facts(
    spec: ToolSpec,
    inputs: Mapping[str, Any],
    text: str,
    values: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    *,
    add: bool = True,
) -> FactsResult:
    """`fill_slots` on the model's answer; with a facts section (and `add`), every slot whose
    exact value the text lacks (`absent_slots`) is added there word for word, and the completed
    text is filled and checked again (offsets, and no `missing` finding for an added slot).

    `inputs` are the prepared form values (they decide which sections are expected), `values`
    the slot values (`slot_values`), `labels` slot name -> form label for the messages.
    """
    filled = fill_slots(text, values, labels)
    section = facts_section(spec)
    if section is None or not add:
        return FactsResult(filled)
    missing = absent_slots(filled, values)
    items = fact_items(spec, values, missing)
    if not items:
        return FactsResult(filled, section=section)
    parsed = parse_answer(spec, inputs, filled.text)
    completed = _append_items(filled.text, parsed, section, "\n".join(items))
    # Again on the completed text: offsets shift, and the added slots are no longer missing.
    refilled = fill_slots(completed, values, labels)
    still_missing = absent_slots(refilled, values)
    added = tuple(n for n in spec.fact_slots if n in missing and n not in still_missing)
    structure = _kept_unstructured(spec, inputs, parsed, completed)
    return FactsResult(refilled, added, section, structure)


def provenance_entries(result: FactsResult) -> dict[str, Any]:
    """What a version's provenance records: the slots added and the section they went to
    (nothing for a tool without a facts section)."""
    if result.section is None:
        return {}
    return {
        "facts_added": list(result.added),
        "facts_section": result.section.title if result.added and result.section else None,
    }


def added_notice(spec: ToolSpec, provenance: Mapping[str, Any] | None) -> str:
    """The German notice on the draft page: which facts the workbench added, and where."""
    names = [str(n) for n in (provenance or {}).get("facts_added") or []]
    if not names:
        return ""
    section = facts_section(spec)
    # The title stored with the version, in case the tool was changed since.
    title = (provenance or {}).get("facts_section") or (section.title if section else "")
    known = {item.name: item.short_label for item in spec.inputs}
    labels = ", ".join(known.get(name, name) for name in names)
    return ngettext(
        "Die Werkbank hat {count} feste Angabe, die im Modelltext fehlte, wörtlich unter "
        "„{section}“ ergänzt: {labels}.",
        "Die Werkbank hat {count} feste Angaben, die im Modelltext fehlten, wörtlich unter "
        "„{section}“ ergänzt: {labels}.",
        len(names),
    ).format(count=len(names), section=title, labels=labels)
