"""Finds generic masculine person nouns and suggests gender-inclusive forms in the chosen style."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.agreement import (
    ACCUSATIVE_PREPS,
    DATIVE_PREPS,
    GENITIVE_PREPS,
    Determiner,
    adjective_stem,
    parse_determiner,
)
from kikultur.checks.language.features import frequencies
from kikultur.checks.language.lexicon import (
    Lemma,
    Lexicon,
    Reading,
    is_place_adjective,
    load_lexicon,
)
from kikultur.checks.language.person_names import person_name_spans
from kikultur.checks.language.readability import split_compound
from kikultur.checks.language.sentences import split_sentences
from kikultur.checks.language.suggest import NounPhrase, compound_suggestions, suggestions_for
from kikultur.checks.language.tokens import Token, has_gender_mark, tokenize
from kikultur.i18n import _

CHECK = "gender"
KIND = "GENERIC_MASCULINE"
STYLES = ("stern", "doppelpunkt", "neutral", "paarform")

# A sentence that speaks of a male-only group keeps its masculine plurals ("die Sänger des
# Männerchors"); a sentence that names a man keeps its masculine singulars.
MALE_GROUP_RE = re.compile(
    r"^(?:Männer\w*|Jungen\w*|Jungs|Herren\w*|Väter\w*|Brüder\w*|Söhne\w*|Knaben\w*|\w+männer"
    r"|\w+(?:chor|gruppe|mannschaft|verein)s?|männlich\w*)$"
)
MALE_GROUP_PREFIXES = ("Männer", "Jungen", "Herren", "Väter", "Brüder", "Knaben")
MALE_PERSON_WORDS = frozenset({"Herr", "Herrn", "Hr", "Sohn", "Vater"})
ORDER_WITH_DET: tuple[Reading, ...] = (
    ("sg", "nom"), ("sg", "acc"), ("pl", "nom"), ("pl", "acc"),
    ("sg", "dat"), ("pl", "dat"), ("sg", "gen"), ("pl", "gen"),
)  # fmt: skip
ORDER_BARE: tuple[Reading, ...] = (
    ("pl", "nom"), ("pl", "acc"), ("pl", "dat"), ("pl", "gen"),
    ("sg", "nom"), ("sg", "acc"), ("sg", "dat"), ("sg", "gen"),
)  # fmt: skip
ANAPHORIC_PRONOUNS = frozenset(
    {"er", "sein", "seine", "seinen", "seinem", "seiner", "seines", "ihm", "ihn"}
)
REGION_HOMOGRAPHS = frozenset(
    {"Schweden", "Bayern", "Sachsen", "Hessen", "Preußen", "Schwaben", "Franken", "Friesen"}
)
TITLES = frozenset({"Dr", "Prof", "Pastor", "Pfarrer", "Dipl", "Ing"})
PRONOUN_RE = re.compile(r"\b(?P<pron>[Jj]eder|[Kk]einer)\s*,\s*(?P<rel>der)\b")


@dataclass(frozen=True, slots=True)
class Match:
    """A person noun found in a token: whole word, head of a compound, or its first part."""

    lemma: Lemma
    readings: tuple[Reading, ...]
    role: str  # "word", "head" or "modifier"
    rest: str = ""  # for a modifier compound: the part after the person noun


def check_gender(text: str, context: CheckContext | None = None) -> list[Finding]:
    """Flags generic masculine forms; suggestions follow `context.gender_style`."""
    context = context or CheckContext()
    style = context.gender_style if context.gender_style in STYLES else "stern"
    if context.leichte_sprache:
        style = "paarform"  # Leichte Sprache uses the pair form
    lexicon = load_lexicon()
    tokens = tokenize(text)
    findings: list[Finding] = []
    taken: set[int] = set()
    # Surnames that are also person nouns ("Frau Müller", "Anna Schneider", "Herrn Fischer")
    # name one person: no generic masculine. The privacy check's name finder knows names.
    name_spans = person_name_spans(text)
    cursor = 0
    for sentence in split_sentences(text):
        # tokens and sentences are both in text order: walk them together
        while cursor < len(tokens) and tokens[cursor].start < sentence.start:
            cursor += 1
        end = cursor
        while end < len(tokens) and tokens[end].start < sentence.end:
            end += 1
        sent_tokens = tokens[cursor:end]
        cursor = end
        male_group = any(_is_male_group(t.text) for t in sent_tokens)
        named_man = any(
            t.text in MALE_PERSON_WORDS or t.text in lexicon.male_names for t in sent_tokens
        )
        for token in sent_tokens:
            if not token.is_capitalised or has_gender_mark(token.text):
                continue
            match = _match_cached(token.text)
            if match is None:
                continue
            if any(start <= token.start < end for start, end in name_spans):
                continue
            if _is_pair_form(tokens, token, match.lemma, lexicon):
                continue
            if match.role == "modifier":
                if not male_group:
                    findings.append(_compound_hint(token, match, style))
                continue
            phrase = _noun_phrase(text, tokens, token, match, sentence.start)
            if phrase is None:
                continue
            if phrase.number == "pl" and male_group:
                continue
            if phrase.number == "sg" and (named_man or male_group):
                continue
            if _names_a_man(text, tokens, token, lexicon):
                continue
            if _is_attributive_place(text, tokens, phrase, lexicon):
                continue
            if token.text in REGION_HOMOGRAPHS and phrase.determiner is None:
                continue  # "in Schweden", "aus Bayern": the country, not its people
            if any(_is_male_adjective(t.text) for t in phrase.adjectives):
                continue
            first = phrase.first_token
            if first.pos in taken:
                continue
            taken.update(range(first.pos, token.pos + 1))
            pronouns = _later_pronouns(sent_tokens, token) if phrase.number == "sg" else []
            findings.append(_finding(text, phrase, style, pronouns))
    findings.extend(_pronoun_findings(text, style))
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def _is_male_group(word: str) -> bool:
    return bool(MALE_GROUP_RE.match(word)) and (
        word.startswith(MALE_GROUP_PREFIXES)
        or word.lower().startswith("männlich")
        or "männer" in word.lower()
        or word in ("Jungs",)
    )


def _names_a_man(text: str, tokens: list[Token], noun: Token, lexicon: Lexicon) -> bool:
    """ "Hausmeister Herr Demir", "Kursleiter Jonas", "Historiker Dr. Peter Albers"."""
    end = noun.end
    for other in tokens[noun.pos + 1 : noun.pos + 4]:
        gap = text[end : other.start]
        if gap.strip() not in ("", "."):
            return False  # punctuation between: the name belongs to something else
        if other.text in MALE_PERSON_WORDS or other.text in lexicon.male_names:
            return True
        if other.text not in TITLES:
            return False
        end = other.end
    return False


def _is_attributive_place(
    text: str, tokens: list[Token], phrase: NounPhrase, lexicon: Lexicon
) -> bool:
    """ "Hamburger Hafen", "Altonaer Museum": a place adjective before a noun, not people."""
    noun = phrase.noun
    if phrase.adjectives:
        return False
    if noun.pos + 1 >= len(tokens) or not is_place_adjective(noun.text, lexicon.places):
        return False
    following = tokens[noun.pos + 1]
    return following.is_capitalised and text[noun.end : following.start] == " "


def _is_male_adjective(word: str) -> bool:
    return word.lower().startswith(("männlich", "schwul"))


@lru_cache(maxsize=65536)
def _match_cached(word: str) -> Match | None:
    return match_token(word, load_lexicon())


def match_token(word: str, lexicon: Lexicon) -> Match | None:
    """Finds the person noun in a capitalised word, if any."""
    if word in lexicon.excluded_compounds:
        return None
    entries = lexicon.surface.get(word)
    if entries:
        lemma = entries[0][0]
        return Match(lemma, tuple(r for lem, r in entries if lem is lemma), "word")
    if "-" in word:
        parts = word.split("-")
        head = parts[-1]
        entries = lexicon.surface.get(head) if head[:1].isupper() else None
        if entries:
            return _compound_match(word[: len(word) - len(head)], entries)
        first = parts[0]
        first_entries = lexicon.surface.get(first)
        if first_entries and not first_entries[0][0].adjectival:
            return Match(first_entries[0][0], (), "modifier", word[len(first) :])
        return None
    # A feminine form is never a generic masculine, even if its end looks like a masculine
    # noun ("Fotografinnen" ends in "Finnen").
    if word in lexicon.feminine or (
        (word.endswith("innen") and word[:-5] in lexicon.surface)
        or (word.endswith("in") and word[:-2] in lexicon.surface)
    ):
        return None
    # Head compounds ("Theaterbesucher"): the longest person-noun ending wins.
    for i in range(3, len(word) - 3):
        head = word[i].upper() + word[i + 1 :]
        entries = lexicon.surface.get(head)
        if (
            entries
            and not entries[0][0].adjectival
            and len(head) >= 5
            and _is_compound_prefix(word[:i])
        ):
            return _compound_match(word[:i], entries)
    # Modifier compounds ("Teilnehmerliste"): a hint only.
    for i in range(len(word) - 3, 5, -1):
        first = word[:i]
        first_entries = lexicon.surface.get(first)
        if not first_entries or first_entries[0][0].adjectival:
            continue
        if first in REGION_HOMOGRAPHS:
            return None  # "Schwabenverkehrskörper", "Friesenhaus": the region, not its people
        rest = word[i:]
        if not _is_compound_rest(rest):
            return None
        return Match(first_entries[0][0], (), "modifier", rest)
    return None


# Derivations and places, not compounds about persons: "Freundschaft", "Griechenland".
NOT_A_COMPOUND_REST = ("in", "schaft", "tum", "land", "lich", "isch", "ei")


def _is_compound_rest(rest: str) -> bool:
    """True if what follows a person noun is itself a word ("-liste", "-versammlung")."""
    if len(rest) < 3 or rest[0].isupper() or rest.startswith(NOT_A_COMPOUND_REST):
        return False
    freq = frequencies()
    if freq.get(rest, 0.0) >= PREFIX_FREQUENCY:
        return True
    # a linking element first ("Teilnehmer|s|...", "Student|en|werk") or a longer compound
    return any(
        rest.startswith(link) and freq.get(rest[len(link) :], 0.0) >= PREFIX_FREQUENCY
        for link in COMPOUND_LINKS
    ) or bool(split_compound(rest)[1:])


COMPOUND_LINKS = ("s", "es", "n", "en", "e", "er")
PREFIX_FREQUENCY = 1e-6  # zipf 3: the first part of a compound must be a known word


def _is_compound_prefix(prefix: str) -> bool:
    """True if the part before a person noun is a word ("Theater-", "Staats-", "Kurs-"), so
    "Ober|schenkel" is not read as "Obersch|enkel" and "Badehäusern" not as "Badehä|usern"."""
    freq = frequencies()
    lower = prefix.lower()
    if freq.get(lower, 0.0) >= PREFIX_FREQUENCY:
        return True
    return any(
        lower.endswith(link) and freq.get(lower[: -len(link)], 0.0) >= PREFIX_FREQUENCY
        for link in COMPOUND_LINKS
        if len(lower) - len(link) >= 3
    )


def _compound_match(prefix: str, entries: list[tuple[Lemma, Reading]]) -> Match:
    head = entries[0][0]
    lemma = Lemma(
        masc=prefix + _lower_first(head.masc, prefix),
        fem=prefix + _lower_first(head.fem, prefix),
        forms={r: prefix + _lower_first(f, prefix) for r, f in head.forms.items()},
        neutral=[
            type(n)(prefix + _lower_first(n.form, prefix), n.type, n.gender)
            for n in head.neutral
            if " " not in n.form
        ],
    )
    return Match(lemma, tuple(r for lem, r in entries if lem is head), "head")


def _lower_first(word: str, prefix: str) -> str:
    return word if prefix.endswith("-") else word[:1].lower() + word[1:]


def _is_pair_form(tokens: list[Token], token: Token, lemma: Lemma, lexicon: Lexicon) -> bool:
    """True when the feminine partner stands close by ("Besucherinnen und Besucher")."""
    lo, hi = max(0, token.pos - 6), min(len(tokens), token.pos + 7)
    fem_forms = {lemma.fem, lemma.fem_plural, lemma.fem_stem + "innen"}
    for other in tokens[lo:hi]:
        word = other.text
        if other is token:
            continue
        if word in fem_forms or lexicon.feminine.get(word) is lemma:
            return True
        if word.endswith(("innen", "in")) and lemma.fem_stem and word.startswith(lemma.fem_stem):
            return True
        # "Lehrer- und Schülerinnen": a truncated pair
        if word.endswith("innen") and other.pos == token.pos + 2:
            return tokens[token.pos + 1].text in ("und", "oder") and token.text.endswith("-")
    return False


def _noun_phrase(
    text: str, tokens: list[Token], noun: Token, match: Match, sentence_start: int
) -> NounPhrase | None:
    """Collects determiner and adjectives before the noun and settles number and case."""
    det: Determiner | None = None
    det_token: Token | None = None
    adjectives: list[Token] = []
    j = noun.pos - 1
    while j >= 0 and tokens[j].start >= sentence_start:
        prev = tokens[j]
        if text[prev.end : tokens[j + 1].start].strip():
            break  # punctuation between: not the same noun phrase
        parsed = parse_determiner(prev.text)
        if parsed is not None:
            det, det_token = parsed, prev
            break
        if adjective_stem(prev.text) is None or (
            prev.is_capitalised and prev.start != sentence_start
        ):
            break
        adjectives.insert(0, prev)
        j -= 1
    readings = list(match.readings)
    # "jeder Freiwillige" is masculine, "die/den Freiwilligen" may be plural (neutral)
    if (
        match.lemma.adjectival
        and noun.text != match.lemma.masc
        and (det is None or any(r[0] != "sg" for r in det.readings))
    ):
        return None
    if det is not None:
        # "eine Leiter", "das Band": a determiner that cannot go with a masculine person
        # noun shows the word means something else.
        readings = [r for r in readings if r in det.readings]
    if not readings:
        return None
    first = det_token or (adjectives[0] if adjectives else noun)
    reading = _choose_reading(text, tokens, first, readings, det)
    return NounPhrase(
        lemma=match.lemma,
        noun=noun,
        determiner=det,
        determiner_token=det_token,
        adjectives=tuple(adjectives),
        number=reading[0],
        case=reading[1],
        sentence_initial=first.start == sentence_start,
    )


def _choose_reading(
    text: str, tokens: list[Token], first: Token, readings: list[Reading], det: Determiner | None
) -> Reading:
    order = ORDER_WITH_DET if det is not None else ORDER_BARE
    prev = tokens[first.pos - 1].text if first.pos > 0 else ""
    preferred_case = None
    if prev.lower() in DATIVE_PREPS:
        preferred_case = "dat"
    elif prev.lower() in ACCUSATIVE_PREPS:
        preferred_case = "acc"
    elif prev.lower() in GENITIVE_PREPS:
        preferred_case = "gen"
    elif (
        det is not None
        and det.word.lower() == "der"
        and prev[:1].isupper()
        and not text[tokens[first.pos - 1].end : first.start].strip()
    ):
        preferred_case = "gen"  # "die Liste der Teilnehmer"
    ranked = sorted(
        readings, key=lambda r: (r[1] != preferred_case if preferred_case else 0, order.index(r))
    )
    return ranked[0]


def _later_pronouns(sent_tokens: list[Token], noun: Token) -> list[Token]:
    """Masculine pronouns later in the sentence that refer back to a singular noun."""
    return [t for t in sent_tokens if t.start > noun.end and t.text in ANAPHORIC_PRONOUNS]


def _finding(text: str, phrase: NounPhrase, style: str, pronouns: list[Token]) -> Finding:
    start = phrase.first_token.start
    end = phrase.noun.end
    span = text[start:end]
    suggestions, converted = suggestions_for(phrase, style)
    message = _("„{span}“ ist ein generisches Maskulinum: Es nennt nur Männer, meint aber alle.")
    if converted:
        message += " " + _("Bei der Mehrzahl bitte auch das Verb anpassen.")
    if pronouns:
        words = ", ".join(f"„{t.text}“" for t in pronouns)
        message += " " + _("Auch {words} im Satz anpassen.").format(words=words)
    return Finding(
        check=CHECK,
        kind=KIND,
        start=start,
        end=end,
        text=span,
        message=message.format(span=span),
        suggestions=tuple(suggestions),
        severity="warning",
        details={
            "lemma": phrase.lemma.masc,
            "feminine": phrase.lemma.fem,
            "number": phrase.number,
            "case": phrase.case,
            "style": style,
            "plural_suggested": converted,
            "pronouns": [{"start": t.start, "end": t.end, "text": t.text} for t in pronouns],
        },
    )


def _compound_hint(token: Token, match: Match, style: str) -> Finding:
    message = _(
        "„{word}“ enthält ein generisches Maskulinum. In Zusammensetzungen ist das oft "
        "üblich; eine inklusive Form ist möglich."
    ).format(word=token.text)
    return Finding(
        check=CHECK,
        kind=KIND,
        start=token.start,
        end=token.end,
        text=token.text,
        message=message,
        suggestions=tuple(compound_suggestions(match.lemma, match.rest, style)),
        severity="hint",
        details={"lemma": match.lemma.masc, "compound": True, "style": style},
    )


def _pronoun_findings(text: str, style: str) -> list[Finding]:
    findings = []
    for m in PRONOUN_RE.finditer(text):
        span = m.group()
        upper = span[0].isupper()
        alle = "Alle, die" if upper else "alle, die"
        wer = "Wer" if upper else "wer"
        mark = {"stern": "*", "doppelpunkt": ":"}.get(style)
        options = [alle, wer]
        if mark:
            pron = m.group("pron")
            options.append(f"{pron[:-1]}{mark}r, der{mark}die")
        findings.append(
            Finding(
                check=CHECK,
                kind=KIND,
                start=m.start(),
                end=m.end(),
                text=span,
                message=_("„{span}“ ist ein generisches Maskulinum.").format(span=span)
                + " "
                + _("Bei der Mehrzahl bitte auch das Verb anpassen."),
                suggestions=tuple(options),
                details={"pronoun": True, "style": style},
            )
        )
    return findings
