"""Section parsing of model answers: tolerant parser vs. an exact `## Titel` split, per deviation.

The answers are the scripted answers of all ten built-in tools (tests/tools/samples.py), each
rewritten the way models deviate from the asked structure. For each deviation the table shows
how many sections come back with exactly the right text, and how many answers that did not come
back complete were at least flagged (a finding), instead of being accepted silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from benchmarks.table import print_table
from kikultur.tools.prompts import prepare_values
from kikultur.tools.registry import load_builtin
from kikultur.tools.sections import parse_answer
from kikultur.tools.spec import SectionSpec, sections_for
from tests.tools.samples import ANSWERS, STECKBRIEF, examples

_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
_UMLAUTS = str.maketrans({"Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ä": "ae", "ö": "oe", "ü": "ue"})

Deviation = Callable[[str], str]

DEVIATIONS: list[tuple[str, Deviation]] = [
    ("genau wie verlangt (## Titel)", lambda a: a),
    ("andere Ebene (### Titel)", lambda a: _HEADING.sub(lambda m: "### " + m.group(1), a)),
    ("fett statt Überschrift (**Titel**)", lambda a: _HEADING.sub(r"**\1**", a)),
    ("Zeile „Titel:“", lambda a: _HEADING.sub(r"\1:", a)),
    ("nummeriert (## 1. Titel)", lambda a: _number(a)),
    (
        "Grenze wiederholt (## Titel (max. …))",
        lambda a: _HEADING.sub(r"## \1 (max. 70 Zeichen)", a),
    ),
    ("GROSSBUCHSTABEN", lambda a: _HEADING.sub(lambda m: "## " + m.group(1).upper(), a)),
    (
        "Umlaute umschrieben (Ueber uns)",
        lambda a: _HEADING.sub(lambda m: m.group(0).translate(_UMLAUTS), a),
    ),
    ("Vorrede vor dem ersten Abschnitt", lambda a: "Gern! Hier ist der Entwurf:\n\n" + a),
    ("ohne jede Überschrift", lambda a: _HEADING.sub("", a)),
]


def _number(answer: str) -> str:
    counter = iter(range(1, 100))
    return _HEADING.sub(lambda m: f"## {next(counter)}. {m.group(1)}", answer)


def naive_parse(answer: str, sections: list[SectionSpec]) -> dict[str, str]:
    """The comparison: split only on lines that are exactly `## <Titel>`."""
    titles = {f"## {s.title}": s.id for s in sections}
    result: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in answer.splitlines():
        if line.strip() in titles:
            if current:
                result[current] = "\n".join(lines).strip()
            current, lines = titles[line.strip()], []
        elif current:
            lines.append(line)
    if current:
        result[current] = "\n".join(lines).strip()
    return result


def _cases() -> list[tuple[Any, dict[str, Any], str, dict[str, str], list[SectionSpec]]]:
    cases = []
    for tool_id, answer in sorted(ANSWERS.items()):
        tool = load_builtin(tool_id)
        values = prepare_values(tool.spec, examples(tool), STECKBRIEF)
        truth = {k: s.text for k, s in parse_answer(tool.spec, values, answer).sections.items()}
        cases.append((tool.spec, values, answer, truth, sections_for(tool.spec, values)))
    return cases


def run() -> None:
    cases = _cases()
    rows = []
    for name, deviate in DEVIATIONS:
        total = ours_ok = naive_ok = 0
        ours_incomplete = ours_flagged = naive_incomplete = naive_flagged = 0
        for spec, values, answer, truth, expected in cases:
            changed = deviate(answer)
            parsed = parse_answer(spec, values, changed)
            naive = naive_parse(changed, expected)
            total += len(truth)
            ours_hits = sum(parsed.text(k) == v for k, v in truth.items())
            naive_hits = sum(naive.get(k) == v for k, v in truth.items())
            ours_ok += ours_hits
            naive_ok += naive_hits
            # Flagged: the incomplete result carries at least one finding. The naive split can
            # only notice a required section that is missing entirely.
            if ours_hits < len(truth) or parsed.preamble:
                ours_incomplete += 1
                ours_flagged += bool(parsed.findings)
            lost_preamble = (
                bool(changed[: changed.find("## ")].strip()) if "## " in changed else False
            )
            if naive_hits < len(truth) or lost_preamble:
                naive_incomplete += 1
                naive_flagged += any(s.required and s.id not in naive for s in expected)
        rows.append(
            (
                name,
                f"{ours_ok}/{total}",
                f"{naive_ok}/{total}",
                f"{ours_flagged}/{ours_incomplete}",
                f"{naive_flagged}/{naive_incomplete}",
            )
        )
    print(
        f"{len(cases)} Werkzeuge, je eine fehlerfreie Antwort, umgeformt wie Modelle abweichen.\n"
    )
    print_table(
        [
            "Abweichung",
            "Abschnitte richtig (unser Parser)",
            "Abschnitte richtig (exakter Split)",
            "unvollständig und gemeldet (unser)",
            "unvollständig und gemeldet (exakt)",
        ],
        rows,
    )
