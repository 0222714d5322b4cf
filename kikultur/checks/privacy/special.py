"""Special categories of personal data (Art. 9 GDPR) said about a person."""

from __future__ import annotations

import bisect
import re

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
_PATTERNS = {
    key: re.compile(r"(?i)(?<![\w-])(?:" + pattern + r")(?![\w])")
    for key, (_label, pattern) in CATEGORIES.items()
}
# A sentence is about a person when it names one or speaks of one with a pronoun.
_PERSONAL = re.compile(
    r"(?i)(?<![\w])(?:ich|er|sie|mein\w*|sein\w*|ihr\w*|frau|herr|herrn|teilnehmer\w*|"
    r"kolleg\w*|mitarbeiter\w*|tochter|sohn|mutter|vater|kind)(?![\w])"
)
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+(?:[.!?]+|\n|$)")


def category_label(category: str) -> str:
    return _(CATEGORIES[category][0])


def find_special(text: str, person_spans: list[Span]) -> list[Span]:
    spans: list[Span] = []
    starts = sorted(s.start for s in person_spans)
    previous_personal = False
    for sentence in _SENTENCE.finditer(text):
        body = sentence.group()
        first = bisect.bisect_left(starts, sentence.start())
        personal = (first < len(starts) and starts[first] < sentence.end()) or (
            _PERSONAL.search(body) is not None
        )
        # "Ayşe Yılmaz leitet den Kurs. Sie hat Diabetes." and "... Diabetes." after a name.
        has_person, previous_personal = personal or previous_personal, personal
        hits = [
            (key, match)
            for key, pattern in _PATTERNS.items()
            for match in pattern.finditer(body)
        ]
        if not hits or not has_person:
            continue
        for key, match in hits:
            spans.append(
                Span(
                    "SPECIAL_CATEGORY",
                    sentence.start() + match.start(),
                    sentence.start() + match.end(),
                    details={"category": key},
                )
            )
    return spans
