"""Special categories of personal data (Art. 9 GDPR) said about a person."""

from __future__ import annotations

import bisect
import re

from kikultur.checks.patterns import top_level_alternatives
from kikultur.checks.privacy.spans import Span
from kikultur.i18n import _

# Category id -> (German label as msgid, pattern). Stems are matched case-insensitively at a
# word start; the lists are the project's own.
CATEGORIES: dict[str, tuple[str, str]] = {
    "health": (
        "Gesundheit",
        r"diabet\w*|krebserkrank\w*|krebs|tumor\w*|depression\w*|depressiv\w*|demenz\w*|"
        r"alzheimer|parkinson|epilep\w*|asthma\w*|hiv|aids|schwanger\w*|rollstuhl\w*|"
        r"(?:schwer|geh|seh|hör)?behindert\w*|behinderung\w*|blind|gehörlos\w*|allergi\w*|"
        r"unverträglichkeit\w*|zöliakie|krankgeschrieben|erkrankt\w*|erkrankung\w*|"
        r"chemotherapie|psychotherap\w*|psychisch\w*|sucht\w*|alkoholkrank\w*|burn-?out|"
        r"autis\w*|adhs|pflegegrad\w*|pflegebedürftig\w*|krankenhaus\w*|reha\b|rollator|"
        r"hörgerät\w*|insulin|medikament\w*|krankheit\w*|chronisch krank\w*|long covid|"
        r"corona-?positiv|querschnittsgelähmt\w*|trauma\w*",
    ),
    "religion": (
        "religiöse oder weltanschauliche Überzeugung",
        r"muslim\w*|muslimisch\w*|islamisch\w*|christin|christen|christlich\w*|katholi\w*|"
        r"evangelisch\w*|protestant\w*|jüdisch\w*|jude|jüdin|buddhist\w*|hinduist\w*|hindu|"
        r"sikh|alevit\w*|jesid\w*|orthodox\w*|atheist\w*|konfessionslos\w*|kopftuch|"
        r"ramadan|religionszugehörigkeit|konfession\w*|zeugen jehovas",
    ),
    "ethnic_origin": (
        "ethnische Herkunft",
        r"roma|romnja|sinti|sintiza|sintize|ethnisch\w*|migrationshintergrund|"
        r"hautfarbe|abstammung|kurdisch\w*|kurdin|kurde|herkunft",
    ),
    "sexual_orientation": (
        "sexuelle Orientierung oder Sexualleben",
        r"schwul\w*|lesbisch\w*|lesbe|bisexuell\w*|homosexuell\w*|queer\w*|transgender|"
        r"transsexuell\w*|transfrau|transmann|trans\*|nicht-?binär\w*|asexuell\w*|"
        r"coming-?out|geoutet|sexuelle orientierung",
    ),
    "political_opinion": (
        "politische Meinung",
        r"(?:mitglied|mitglieder|aktiv|engagiert)\w* (?:bei |in )?(?:der |den |die )?"
        r"(?:spd|cdu|csu|fdp|afd|grünen|linken|linke|bsw|npd|dkp|volt)\b|"
        r"(?:spd|cdu|csu|fdp|afd|grünen|linken|bsw|npd|dkp)-(?:mitglied\w*|politiker\w*)|"
        r"parteimitglied\w*|parteibuch|wählt (?:die )?(?:spd|cdu|csu|fdp|afd|grünen|linke)|"
        r"politische (?:meinung|einstellung|überzeugung)",
    ),
    "union_membership": (
        "Gewerkschaftszugehörigkeit",
        r"gewerkschaft\w*|ver\.di|verdi-mitglied\w*|ig metall|ig bce|gew-mitglied\w*|"
        r"dgb-mitglied\w*",
    ),
}


def _factored_pattern() -> str:
    """All categories as one alternation, grouped by first letter.

    The regex engine tries the branches of an alternation one after another at every word
    start; grouped by their first letter ("d(?:iabet\\w*|epression\\w*)") it tests about 25
    letters instead of some 150 words. Alternatives that open with a group stay whole and
    first. The category of a match is found afterwards (`_category`): matches are rare.
    """
    by_letter: dict[str, list[str]] = {}
    opening_with_group: list[str] = []
    for _label, pattern in CATEGORIES.values():
        for alternative in top_level_alternatives(pattern):
            if alternative[:1].isalpha():
                by_letter.setdefault(alternative[0], []).append(alternative[1:])
            else:
                opening_with_group.append(alternative)
    branches = opening_with_group + [
        letter + "(?:" + "|".join(rests) + ")" for letter, rests in by_letter.items()
    ]
    return r"(?<![\w-])(?:" + "|".join(branches) + r")(?![\w])"


_ANY_LOWER = re.compile(_factored_pattern())
_ANY = re.compile(_ANY_LOWER.pattern, re.IGNORECASE)
_BY_CATEGORY = {
    key: re.compile(f"(?:{pattern})", re.IGNORECASE)
    for key, (_label, pattern) in CATEGORIES.items()
}


def _category(word: str) -> str:
    """The category whose pattern matches `word` whole (the first one, as in CATEGORIES)."""
    for key, pattern in _BY_CATEGORY.items():
        if pattern.fullmatch(word):
            return key
    return "health"


# A sentence is about a person when it names one or speaks of one with a pronoun.
_PERSONAL = re.compile(
    r"(?i)(?<![\w])(?:ich|er|sie|mein\w*|sein\w*|ihr\w*|frau|herr|herrn|teilnehmer\w*|"
    r"kolleg\w*|mitarbeiter\w*|tochter|sohn|mutter|vater|kind)(?![\w])"
)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")


def category_label(category: str) -> str:
    return _(CATEGORIES[category][0])


_MAX_SENTENCE = 600  # a "sentence" longer than this is cut: bounded work per hit


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    floor = max(0, position - _MAX_SENTENCE)
    start = max(
        floor - 1,
        text.rfind("\n", floor, position),
        *(text.rfind(p + " ", floor, position) for p in ".!?"),
    )
    ceiling = min(len(text), position + _MAX_SENTENCE)
    match = _SENTENCE_END.search(text, position, ceiling)
    return start + 1, match.end() if match else ceiling


def _about_person(text: str, start: int, end: int, starts: list[int]) -> bool:
    first = bisect.bisect_left(starts, start)
    if first < len(starts) and starts[first] < end:
        return True
    return _PERSONAL.search(text, start, end) is not None


def find_special(text: str, person_spans: list[Span]) -> list[Span]:
    """Special-category words in a sentence about a person (or right after one)."""
    spans: list[Span] = []
    starts = sorted(s.start for s in person_spans)
    # Matching lower-cased text without (?i) is several times faster; lower() keeps the offsets
    # unless a character changes length ("İ"), then the slower case-insensitive scan is used.
    lowered = text.lower()
    matches = _ANY_LOWER.finditer(lowered) if len(lowered) == len(text) else _ANY.finditer(text)
    for match in matches:
        key = _category(match.group())
        start, end = _sentence_bounds(text, match.start())
        # "Ayşe Yılmaz leitet den Kurs. Sie hat Diabetes." and "... Diabetes." after a name.
        previous_start, _previous_end = _sentence_bounds(text, max(0, start - 2))
        if _about_person(text, start, end, starts) or (
            start > 0 and _about_person(text, previous_start, start, starts)
        ):
            spans.append(
                Span("SPECIAL_CATEGORY", match.start(), match.end(), details={"category": key})
            )
    return spans
