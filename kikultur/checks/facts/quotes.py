"""Quotes in „…“, "…", »…« with the person they are attributed to; short bare ones are titles."""

from __future__ import annotations

import re

from kikultur.checks.facts.claims import NAME, QUOTE, Claim, Mask
from kikultur.checks.facts.names import is_forename

QUOTE_RE = re.compile(
    r"„(?P<a>[^“”\"\n]{1,600})[“”\"]|»(?P<b>[^«\n]{1,600})«|\"(?P<c>[^\"\n]{1,600})\"|“(?P<d>[^”\n]{1,600})”"
)
_VERBS = (
    r"sagt|sagte|sagen|so|betont|betonte|erklärt|erklärte|meint|meinte|findet|fand|ergänzt|"
    r"ergänzte|berichtet|berichtete|freut\s+sich|freute\s+sich|resümiert|resümierte|"
    r"unterstreicht|unterstrich|schwärmt|schwärmte|erzählt|erzählte|erinnert\s+sich|"
    r"fasst|fasste|beschreibt|beschrieb|lacht|sagt\s+auch|weiß|wünscht\s+sich|hofft"
)
_CAP_RUN = (
    r"(?:(?:Dr\.|Prof\.)\s+)?[A-ZÄÖÜ][\wäöüß-]*(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][\wäöüß-]*)*"
)
AFTER_RE = re.compile(
    r"^\s*[,–-]?\s*(?:" + _VERBS + r")\s+(?:[a-zäöüß]+\s+){0,4}?(?P<name>" + _CAP_RUN + r")"
)
_ROLE_WORDS = re.compile(
    r"^(?:Leiterin|Leiter|Geschäftsführerin|Geschäftsführer|Vorsitzende|Vorsitzender|Künstlerin|"
    r"Künstler|Kuratorin|Kurator|Projektleiterin|Projektleiter|Koordinatorin|Koordinator|"
    r"Bezirksamtsleiterin|Bezirksamtsleiter|Senatorin|Senator|Autorin|Autor|Regisseurin|"
    r"Regisseur|Sprecherin|Sprecher|Teilnehmerin|Teilnehmer|Besucherin|Besucher|Mitarbeiterin|"
    r"Mitarbeiter|Pädagogin|Pädagoge|Musikerin|Musiker|Frau|Herr|Vorstand|Bürgermeisterin)\s+"
)


def normalise_quote(raw: str) -> str:
    return " ".join(re.findall(r"[\wäöüß]+", raw.lower()))


def clean_speaker(raw: str) -> str:
    """The person in "Projektleiterin Leyla Demir": from the forename or title on."""
    tokens = raw.split()
    for i, token in enumerate(tokens):
        if is_forename(token) or token in ("Dr.", "Prof."):
            return " ".join(tokens[i:])
    speaker = raw.strip()
    while True:
        stripped = _ROLE_WORDS.sub("", speaker)
        if stripped == speaker:
            break
        speaker = stripped
    return speaker


def _speaker_before(window: str) -> str:
    """The speaker of 'Anna Schmidt, Leiterin des Hauses, sagt: „…“': the quote follows a colon;
    the person is the last capitalised run with a forename, else the first capitalised run."""
    if not window.rstrip().endswith(":"):
        return ""
    sentence = re.split(r"(?<![A-Z][a-z])(?<!Dr)(?<!Prof)[.!?]\s+|\n", window)[-1]
    runs = [r[0] for r in re.finditer(_CAP_RUN, sentence)]
    for run in reversed(runs):
        if any(is_forename(t) or t in ("Dr.", "Prof.") for t in run.split()):
            return clean_speaker(run)
    runs = [r for r in runs if r.split()[0] not in ("Die", "Der", "Das", "Auch", "Und")]
    # Without a known forename: the last full name ("Interview-Notiz, Dariusz Nowak:").
    full = [r for r in runs if len(r.split()) >= 2]
    if full:
        return clean_speaker(full[-1])
    return clean_speaker(runs[0]) if runs else ""


def extract_quotes(text: str, mask: Mask) -> list[Claim]:
    """Attributed quotes become QUOTE claims; short unattributed ones are titles (NAME)."""
    claims: list[Claim] = []
    for m in QUOTE_RE.finditer(text):
        inner = next(g for g in (m["a"], m["b"], m["c"], m["d"]) if g is not None)
        speaker = ""
        after = AFTER_RE.match(text[m.end() : m.end() + 120])
        if after:
            speaker = clean_speaker(after["name"])
        else:
            speaker = _speaker_before(text[max(0, m.start() - 160) : m.start()])
        words = inner.split()
        sentence = inner.rstrip().endswith((".", "!", "?", "…"))
        if not speaker and len(words) <= 7 and inner[:1].isupper() and not sentence:
            claims.append(Claim(NAME, m.start(), m.end(), m[0], normalise_quote(inner), "title"))
        elif speaker or len(words) > 7 or sentence:
            claim = Claim(QUOTE, m.start(), m.end(), m[0], normalise_quote(inner))
            claim.speaker = speaker
            claims.append(claim)
        else:
            continue  # a lowercase word in quotes: emphasis, not a claim
        mask.take(m.start(), m.end())
    return claims
