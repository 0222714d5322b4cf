"""Splits a model answer into the tool's sections, reports structure problems, repairs flat ones.

The model is told to write each section under `## <Titel>`. Models deviate: other heading
levels, bold lines instead of headings, `Titel:` lines, numbering, echoed limits
(`Überschrift (max. 70 Zeichen)`). All of these are recognised. What cannot be recognised is
reported as a Finding with `check="structure"`, never silently accepted. Offsets refer to the
answer text that was parsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kikultur.checks.findings import Finding, Severity
from kikultur.i18n import _, ngettext
from kikultur.tools.spec import (
    SectionSpec,
    ToolSpec,
    resolved,
    sections_for,
    unexpected_sections,
)

CHECK = "structure"

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$")
_BOLD_LINE = re.compile(r"^[ \t]*(\*\*|__)(.+?)\1[ \t]*:?[ \t]*(.*?)[ \t]*$")
_COLON_LINE = re.compile(r"^[ \t]*([^:\n]{1,60}?)[ \t]*:[ \t]*(.*?)[ \t]*$")
_NUMBERING = re.compile(r"^(?:\d+[.)]|[ivx]+\.)\s*", re.IGNORECASE)
_PARENS = re.compile(r"\s*[(\[].*?[)\]]\s*$")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+•]|\d+[.)])[ \t]+(.*)$")
_TO_COMPLETE = re.compile(r"\[bitte ergänzen[^\]\n]*\]", re.IGNORECASE)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalize_label(label: str) -> str:
    """Heading text reduced for comparison: case, markup, numbering, colons, echoed limits."""
    text = unicodedata.normalize("NFC", label).strip().strip("*_#` \t").strip()
    text = text.rstrip(":").strip()
    text = _NUMBERING.sub("", text)
    text = _PARENS.sub("", text)
    text = text.casefold().translate(_UMLAUTS).replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" :.")


@dataclass(slots=True)
class ParsedSection:
    id: str
    title: str
    text: str
    start: int  # offset of the content in the answer
    end: int
    heading_start: int


@dataclass(slots=True)
class ParsedAnswer:
    """The answer split into sections (in answer order) with the structure findings."""

    sections: dict[str, ParsedSection] = field(default_factory=dict)
    preamble: str = ""
    findings: list[Finding] = field(default_factory=list)
    repaired: bool = False

    def text(self, section_id: str) -> str:
        section = self.sections.get(section_id)
        return section.text if section else ""


@dataclass(slots=True)
class _Heading:
    section: SectionSpec
    line_start: int
    content_start: int  # where this section's content begins (after heading or inline label)
    line_end: int
    expected: bool


def _label_index(
    candidates: Sequence[tuple[SectionSpec, bool]],
) -> dict[str, tuple[SectionSpec, bool]]:
    index: dict[str, tuple[SectionSpec, bool]] = {}
    for section, expected in candidates:
        for label in (section.title, section.id, *section.aliases):
            index.setdefault(normalize_label(label), (section, expected))
    return index


def _find_headings(
    text: str, index: dict[str, tuple[SectionSpec, bool]]
) -> tuple[list[_Heading], list[tuple[int, int, str]]]:
    headings: list[_Heading] = []
    unknown: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_end = offset + len(body)
        match = _MD_HEADING.match(body)
        found: tuple[SectionSpec, bool] | None = None
        content_start = offset + len(line)
        if match:
            # `#Hamburg` at a line start is a hashtag, not a heading (Markdown needs a space);
            # `##Titel` without a space is still accepted when it names a section.
            spaced = body.lstrip(" ")[len(match.group(1)) :][:1] in (" ", "\t", "")
            hashtag = not spaced and len(match.group(1)) == 1
            found = None if hashtag else index.get(normalize_label(match.group(2)))
            if found is None and spaced and len(match.group(1)) <= 2:
                unknown.append((offset, line_end, body))
        elif not _LIST_ITEM.match(body):  # "- Termine: ..." in a list is content, not a heading
            for pattern, label_group, rest_group in ((_BOLD_LINE, 2, 3), (_COLON_LINE, 1, 2)):
                m = pattern.match(body)
                if m and normalize_label(m.group(label_group)) in index:
                    found = index[normalize_label(m.group(label_group))]
                    if m.group(rest_group):
                        content_start = offset + m.start(rest_group)
                    break
        if found is not None:
            headings.append(_Heading(found[0], offset, content_start, line_end, found[1]))
        offset += len(line)
    return headings, unknown


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def visible_length(text: str) -> int:
    """Characters a reader sees: Markdown bold/italic markers do not count."""
    return len(re.sub(r"(\*\*|__)", "", text))


def count_units(text: str, unit: str) -> int:
    """Paragraphs (blocks between blank lines) or top-level list items of a section."""
    if unit == "items":
        indents = [
            len(m.group(1).expandtabs(4)) for m in map(_LIST_ITEM.match, text.splitlines()) if m
        ]
        if not indents:
            return 0
        top = min(indents)
        return sum(1 for i in indents if i == top)
    return sum(1 for block in re.split(r"\n[ \t]*\n", text) if block.strip())


def _finding(
    kind: str,
    start: int,
    end: int,
    text: str,
    message: str,
    severity: Severity = "warning",
    suggestions: tuple[str, ...] = (),
    **details: Any,
) -> Finding:
    return Finding(
        check=CHECK,
        kind=kind,
        start=start,
        end=end,
        text=text[start:end],
        message=message,
        severity=severity,
        suggestions=suggestions,
        details=details,
    )


def _limit_findings(answer: str, section: SectionSpec, parsed: ParsedSection) -> list[Finding]:
    findings = []
    length = visible_length(parsed.text)
    start, end = parsed.start, parsed.end
    if section.max_chars and length > section.max_chars:
        findings.append(
            _finding(
                "SECTION_TOO_LONG",
                start,
                end,
                answer,
                _("„{title}“ hat {length} Zeichen, erlaubt sind höchstens {limit}.").format(
                    title=section.title, length=length, limit=section.max_chars
                ),
                section=section.id,
                length=length,
                limit=section.max_chars,
            )
        )
    if section.min_chars and length < section.min_chars:
        findings.append(
            _finding(
                "SECTION_TOO_SHORT",
                start,
                end,
                answer,
                _("„{title}“ hat {length} Zeichen, verlangt sind mindestens {limit}.").format(
                    title=section.title, length=length, limit=section.min_chars
                ),
                section=section.id,
                length=length,
                limit=section.min_chars,
            )
        )
    if section.count_unit:
        count = count_units(parsed.text, section.count_unit)

        def unit(n: int) -> str:
            if section.count_unit == "paragraphs":
                return ngettext("Absatz", "Absätze", n)
            return ngettext("Punkt", "Punkte", n)

        if section.min_count is not None and count < section.min_count:
            findings.append(
                _finding(
                    "SECTION_COUNT_TOO_LOW",
                    start,
                    end,
                    answer,
                    _("„{title}“ hat {count} {unit}, verlangt sind mindestens {limit}.").format(
                        title=section.title, count=count, unit=unit(count), limit=section.min_count
                    ),
                    section=section.id,
                    count=count,
                    limit=section.min_count,
                )
            )
        if section.max_count is not None and count > section.max_count:
            findings.append(
                _finding(
                    "SECTION_COUNT_TOO_HIGH",
                    start,
                    end,
                    answer,
                    _("„{title}“ hat {count} {unit}, erlaubt sind höchstens {limit}.").format(
                        title=section.title, count=count, unit=unit(count), limit=section.max_count
                    ),
                    section=section.id,
                    count=count,
                    limit=section.max_count,
                )
            )
    if section.questions_only:
        findings.extend(_question_findings(answer, section, parsed))
    return findings


def _question_findings(answer: str, section: SectionSpec, parsed: ParsedSection) -> list[Finding]:
    findings = []
    offset = parsed.start
    for line in answer[parsed.start : parsed.end].splitlines(keepends=True):
        match = _LIST_ITEM.match(line.rstrip("\r\n"))
        if match and not match.group(2).rstrip().endswith("?"):
            start = offset + match.start(2)
            end = offset + len(line.rstrip("\r\n"))
            findings.append(
                _finding(
                    "NOT_A_QUESTION",
                    start,
                    end,
                    answer,
                    _("Hier steht ein Urteil statt einer Frage an die Autorin oder den Autor."),
                    section=section.id,
                )
            )
        offset += len(line)
    return findings


def parse_sections(
    answer: str,
    expected: Sequence[SectionSpec],
    unexpected: Sequence[SectionSpec] = (),
    main_id: str | None = None,
) -> ParsedAnswer:
    """Splits `answer` by the headings of `expected` sections and reports what does not fit."""
    index = _label_index([(s, True) for s in expected] + [(s, False) for s in unexpected])
    headings, unknown = _find_headings(answer, index)
    result = ParsedAnswer()
    if not headings:
        return _repair_flat(answer, expected, main_id)

    first = headings[0].line_start
    result.preamble = answer[:first].strip()
    if result.preamble:
        pre_start, pre_end = _strip_span(answer, 0, first)
        only_titles = all(
            _MD_HEADING.match(line) for line in result.preamble.splitlines() if line.strip()
        )
        result.findings.append(
            _finding(
                "TEXT_BEFORE_FIRST_SECTION",
                pre_start,
                pre_end,
                answer,
                _("Vor dem ersten Abschnitt steht Text, der zu keinem Abschnitt gehört."),
                severity="hint" if only_titles else "warning",
                suggestions=("",),
            )
        )
    for start, end, _line in unknown:
        if start >= first:
            result.findings.append(
                _finding(
                    "UNKNOWN_HEADING",
                    start,
                    end,
                    answer,
                    _("Diese Überschrift gehört zu keinem Abschnitt des Werkzeugs."),
                    severity="hint",
                )
            )

    for number, heading in enumerate(headings):
        stop = headings[number + 1].line_start if number + 1 < len(headings) else len(answer)
        start, end = _strip_span(answer, heading.content_start, stop)
        section = heading.section
        if not heading.expected:
            result.findings.append(
                _finding(
                    "UNEXPECTED_SECTION",
                    heading.line_start,
                    end,
                    answer,
                    _(
                        "„{title}“ war nicht verlangt (keine Angabe dazu im Formular). Das Modell "
                        "hat es vermutlich erfunden: bitte löschen."
                    ).format(title=section.title),
                    severity="error",
                    section=section.id,
                )
            )
            continue
        if section.id in result.sections:
            previous = result.sections[section.id]
            result.findings.append(
                _finding(
                    "DUPLICATE_SECTION",
                    heading.line_start,
                    heading.line_end,
                    answer,
                    _("„{title}“ kommt zweimal vor; die Teile wurden zusammengefügt.").format(
                        title=section.title
                    ),
                    section=section.id,
                )
            )
            joined = "\n\n".join(t for t in (previous.text, answer[start:end]) if t)
            previous.text, previous.end = joined, end
            continue
        result.sections[section.id] = ParsedSection(
            section.id, section.title, answer[start:end], start, end, heading.line_start
        )

    _report_sections(answer, expected, result)
    result.findings.sort(key=lambda f: (f.start, f.end))
    return result


def _report_gaps(answer: str, result: ParsedAnswer) -> None:
    """The model marks missing facts as `[bitte ergänzen: …]` (rule 1 of the prompts)."""
    for match in _TO_COMPLETE.finditer(answer):
        result.findings.append(
            _finding(
                "TO_COMPLETE",
                match.start(),
                match.end(),
                answer,
                _("Hier fehlt eine Angabe, die nur Sie kennen: bitte ergänzen."),
                severity="warning",
            )
        )


def _report_sections(answer: str, expected: Sequence[SectionSpec], result: ParsedAnswer) -> None:
    _report_gaps(answer, result)
    for section in expected:
        parsed = result.sections.get(section.id)
        if parsed is None or not parsed.text.strip():
            if section.required:
                result.findings.append(
                    _finding(
                        "MISSING_SECTION",
                        len(answer),
                        len(answer),
                        answer,
                        _(
                            "Der Abschnitt „{title}“ fehlt. Bitte ergänzen oder neu erzeugen."
                        ).format(title=section.title),
                        severity="error",
                        section=section.id,
                    )
                )
            continue
        result.findings.extend(_limit_findings(answer, section, parsed))


def repair_target(
    expected: Sequence[SectionSpec], main_id: str | None = None
) -> SectionSpec | None:
    """The section a text without any section heading is counted in (the main one)."""
    if not expected:
        return None
    main = next((s for s in expected if s.id == main_id), None) or next(
        (s for s in expected if s.main), None
    )
    return main or max(expected, key=lambda s: s.max_chars or 10**9)


def section_labels(sections: Sequence[SectionSpec]) -> dict[str, str]:
    """Normalized heading label (title, id, aliases) -> section title, for the editor script."""
    index = _label_index([(section, True) for section in sections])
    return {label: section.title for label, (section, _expected) in index.items()}


def _repair_flat(answer: str, expected: Sequence[SectionSpec], main_id: str | None) -> ParsedAnswer:
    """No heading at all: the whole answer goes into the main section, and that is reported."""
    result = ParsedAnswer(repaired=True)
    main = repair_target(expected, main_id)
    if main is None:
        return result
    start, end = _strip_span(answer, 0, len(answer))
    if start < end:
        result.sections[main.id] = ParsedSection(
            main.id, main.title, answer[start:end], start, end, 0
        )
    result.findings.append(
        _finding(
            "UNSTRUCTURED_ANSWER",
            start,
            end,
            answer,
            _(
                "Die Antwort des Modells hält die Abschnitte nicht ein. Der ganze Text steht jetzt "
                "im Abschnitt „{title}“: bitte aufteilen oder neu erzeugen."
            ).format(title=main.title),
            severity="error",
            section=main.id,
        )
    )
    _report_sections(answer, expected, result)
    result.findings.sort(key=lambda f: (f.start, f.end))
    return result


def parse_answer(spec: ToolSpec, values: Mapping[str, Any], answer: str) -> ParsedAnswer:
    """Parses a tool's answer for the given (normalized) inputs."""
    spec = resolved(spec, dict(values))
    expected = sections_for(spec, dict(values))
    unexpected = list(unexpected_sections(spec, dict(values)))
    chosen = {s.id for s in expected}
    # A post for a channel nobody chose (or a letter in a tone nobody asked for) is unexpected.
    for section in spec.sections:
        if section.per_choice is None:
            continue
        field_spec = spec.input(section.per_choice)
        every = sections_for(
            spec, {**values, section.per_choice: [c.value for c in field_spec.choices]}
        )
        unexpected.extend(
            s for s in every if s.id.startswith(f"{section.id}_") and s.id not in chosen
        )
    main = spec.main_section
    main_id = main.id if main.id in chosen else None
    return parse_sections(answer, expected, unexpected, main_id)


def render_markdown(parsed: ParsedAnswer, expected: Sequence[SectionSpec]) -> str:
    """The canonical draft text: every expected section under `## <Titel>`, in spec order."""
    parts = []
    for section in expected:
        text = parsed.text(section.id)
        parts.append(f"## {section.title}\n\n{text}".rstrip())
    return "\n\n".join(parts) + "\n"
