"""Person names in German text: own people, titles and roles, name lists, signatures."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable
from functools import lru_cache

from kikultur.checks.privacy import wordstats
from kikultur.checks.privacy.cues import ARTICLES, FUNCTION_WORDS, PARTICLES, SPEECH_VERBS, TITLES
from kikultur.checks.privacy.gazetteers import cities, family_first_surnames, not_names
from kikultur.checks.privacy.name_lists import list_spans
from kikultur.checks.privacy.name_words import (
    INSTITUTION_ENDINGS,
    PLACE_PREPOSITIONS,
    common_noun,
    has_suffix,
    is_forename,
    is_initial,
    is_role,
    is_surname,
    name_like,
    noun_context,
    prefixed_particle,
    rare_surname_form,
    strip_genitive,
)
from kikultur.checks.privacy.spans import Span
from kikultur.checks.privacy.wordstats import german_zipf, name_reading_likely

# Runs of plain lower-case words become one token (fewer objects; only their first and last
# word matter as context). Particles stay single tokens: they can be part of a name.
_RUN_BREAKERS = "von|van|de|del|della|di|da|du|zu|ten|ter|bin|ibn|al|el|dos|der|den|und"
_LOWER_WORD = r"(?!(?:" + _RUN_BREAKERS + r")(?![a-zäöüß]))[a-zäöüß]+(?![-'’\w.])"
# A line break is a token of its own, so that no name runs across it.
TOKEN = re.compile(
    _LOWER_WORD + r"(?:[ \t]+" + _LOWER_WORD + r")*|[^\W\d_]+(?:['’-][^\W\d_]+)*\.?|\d+|\n|\S",
    re.UNICODE,
)

# These are particles only right after another one: "von der Heide", "van den Berg", "de la
# Cruz", "de los Santos".
INNER_PARTICLES = frozenset({"der", "den", "und", "la", "le", "los", "las"})
_ANY_PARTICLE = INNER_PARTICLES | PARTICLES
ROMAN = re.compile(r"(?:I{1,3}|IV|V|VI{1,3}|IX|X{1,3}I{0,3}|XIV|XV|XVI)\.?")
# "San Antonio", "Santa Maria", "Sankt Peter": a place, not a person.
SAINT = frozenset({"San", "Santa", "Santo", "São", "St.", "St", "Sankt", "Saint", "Sainte"})


GREETINGS = re.compile(
    r"(?im)^[ \t]*(?:mit )?(?:viele|beste|liebe|herzliche|freundliche|schöne|sonnige)?[ \t]*"
    r"(?:grüße|gruß|grüßen)[ \t]*[,!.]?[ \t]*(?:aus [^\n]*)?$|^[ \t]*(?:lg|vg|mfg|bg)[ \t]*,?$"
)
SALUTATION = re.compile(r"^(?:Hallo|Hi|Moin|Liebe|Lieber|Sehr geehrte|Sehr geehrter|Guten Tag)$")


class Offsets:
    """Start offsets of the tokens, worked out only as far as a span needs them.

    `TOKEN.findall` gives the token texts at C speed; building an object per token cost more
    than the whole name scan. Between two tokens there is only white space, so each start is
    the next `str.find` of the token after the end of the one before.
    """

    __slots__ = ("_starts", "_text", "_tokens")

    def __init__(self, text: str, tokens: list[str]) -> None:
        self._text = text
        self._tokens = tokens
        self._starts: list[int] = []

    def start(self, index: int) -> int:
        starts = self._starts
        if index >= len(starts):
            tokens, text = self._tokens, self._text
            known = len(starts)
            position = starts[-1] + len(tokens[known - 1]) if known else 0
            for n in range(known, index + 1):
                position = text.find(tokens[n], position)
                starts.append(position)
                position += len(tokens[n])
        return starts[index]

    def end(self, index: int) -> int:
        return self.start(index) + len(self._tokens[index])


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


def _extend(tokens: list[str], i: int, limit: int = 4, particle_start: bool = False) -> int:
    """Index after the name that starts at token i (capitalised words and inner particles)."""
    j = i
    count = 0
    while j < len(tokens) and count < limit:
        word = tokens[j]
        if j > i and not word[0].isupper() and word[0] not in "aeubi" and word not in PARTICLES:
            break  # most names end at a lower-case word or punctuation: no rule below applies
        if j > i and word[0] in "IVX" and ROMAN.fullmatch(word):
            j += 1  # "Elisabeth II.", "Grete Koch III"
            break
        if j > i and _ends_name_before(tokens[j - 1], word):
            break
        if (
            name_like(word)
            or (word[0] in "aAeEubi" and prefixed_particle(word))
            or (j > i and is_initial(word))
            or (j == i + 1 and is_forename(tokens[i].rstrip(".")) and rare_surname_form(word))
        ):
            j += 1
            count += 1
            if word.endswith(".") and len(word) > 3:
                break  # the sentence ends after this word
            continue
        # Particles (von, van der, al) join a name that starts with a forename ("Anna von der
        # Heide") and only before a surname: "Bericht von Birgit Fischer" is two things.
        k = j
        if k < len(tokens) and tokens[k] in PARTICLES:
            k += 1
            while k < len(tokens) and tokens[k] in _ANY_PARTICLE:
                k += 1
        if (
            k > j
            and k < len(tokens)
            and (particle_start or (j > i and is_forename(tokens[i].rstrip("."))))
            and name_like(tokens[k])
            # "Scheffel zu Gast" (but "von der Heide": after "von" a noun form is a name).
            and not (tokens[j] == "zu" and common_noun(tokens[k].rstrip(".")))
            and not is_forename(tokens[k].rstrip("."))
            and not is_role(tokens[k])
            # "Marion Stüben von der Bücherhalle Wandsbek": a place, not a name particle.
            and not has_suffix(tokens[k].rstrip(".").lower(), INSTITUTION_ENDINGS)
        ):
            j = k
            continue
        break
    return j


def _very_common_word(word: str) -> bool:
    """Among the most frequent German words ("Antwort", "Frage", "Zeit") and in no name list."""
    return (
        german_zipf(word) >= wordstats.VERY_FREQUENT
        and not is_forename(word)
        and not is_surname(word)
    )


def _ends_name_before(previous: str, word: str) -> bool:
    """A name ends before a role ("Parteikollegen", "CVP-Ständerat") and after a genitive
    before an unknown word: "Heidi Klums Modelsuche", "Matthew Williams Liebeskummer"."""
    if is_role(word) or (
        "-" in word and not word.startswith(("Al-", "El-")) and is_role(word.rsplit("-", 1)[1])
    ):
        return True
    bare = word.rstrip(".")
    if has_suffix(bare.lower(), INSTITUTION_ENDINGS) and not is_surname(bare):
        return True  # "im Mare Verlag erschienen", "Anna Schmidt Stiftung"
    if len(bare) > 2 and bare[0].isupper() and _very_common_word(bare):
        return True  # "Klara Antwort": one of the most frequent German words, no list's name
    return (
        previous.endswith("s")
        and len(previous) > 3
        and not is_forename(previous)  # "Andreas Leisdon", "Klaus Murjahn"
        and word[0].isupper()
        and not is_forename(word.rstrip("."))
        and not is_surname(word.rstrip("."))
    )


def _span(tokens: list[str], offsets: Offsets, i: int, j: int, score: float, rule: str) -> Span:
    last = tokens[j - 1]
    # The dot of an initial or a regnal number is part of the name ("Nico G.", "Elisabeth
    # II."); after any other word it ends the sentence.
    keep_dot = j - 1 > i and (is_initial(last) or ROMAN.fullmatch(last) is not None)
    end = offsets.start(j - 1) + len(last if keep_dot else last.rstrip("."))
    return Span("PERSON", offsets.start(i), end, score, {"rule": rule})


def _known_people_spans(text: str, people: Iterable[str]) -> list[Span]:
    spans: list[Span] = []
    variants: set[str] = set()
    for person in people:
        person = person.strip()
        if not person:
            continue
        variants.add(person)
        parts = [p for p in person.split() if p not in PARTICLES and p not in TITLES]
        for part in parts:
            if len(part) >= 3 and part not in not_names() and part.lower() not in FUNCTION_WORDS:
                variants.add(part)
    for variant in sorted(variants, key=len, reverse=True):
        pattern = re.compile(r"(?<![\w])" + re.escape(variant) + r"(?=s?(?![\w]))")
        for match in pattern.finditer(text):
            spans.append(Span("PERSON", match.start(), match.end(), 1.0, {"rule": "known"}))
    return spans


def _signature_spans(text: str, tokens: list[str], offsets: Offsets) -> list[Span]:
    spans: list[Span] = []
    tokens_at: dict[int, int] | None = None
    for greeting in GREETINGS.finditer(text):
        if tokens_at is None:
            tokens_at = {offsets.start(n): n for n in range(len(tokens))}
        rest = text[greeting.end() :]
        line_match = re.match(r"\s*\n[ \t]*([^\n]{2,60})", rest)
        if not line_match:
            continue
        line_start = greeting.end() + line_match.start(1)
        i = tokens_at.get(line_start)
        if i is None:
            continue
        j = _extend(tokens, i)
        line_end = greeting.end() + line_match.end(1)
        if j > i and offsets.end(j - 1) <= line_end:
            spans.append(_span(tokens, offsets, i, j, 0.95, "signature"))
    return spans


class _Triage(enum.Enum):
    ROLE = "role"
    CANDIDATE = "candidate"
    SKIP = "skip"


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _triage(word: str) -> _Triage:
    """What the scan in `find_names` may do with a capitalised word, decided once per word."""
    if is_role(word):
        return _Triage.ROLE
    if name_like(word) or prefixed_particle(word) or (len(word) == 2 and is_initial(word)):
        return _Triage.CANDIDATE
    return _Triage.SKIP


def find_names(text: str, known_people: Iterable[str] = ()) -> list[Span]:
    wordstats.load()
    tokens = tokenize(text)
    offsets = Offsets(text, tokens)
    spans = _known_people_spans(text, known_people) if known_people else []
    if "\n" in text:  # signatures, attendance lines and tables need lines
        spans += _signature_spans(text, tokens, offsets)
        spans += list_spans(text)
    i = 0
    count = len(tokens)
    while i < count:
        word = tokens[i]
        if not word[0].isupper() and (word[0] not in "aAeEubi" or not prefixed_particle(word)):
            i += 1  # most tokens: lower-case words, digits, punctuation
            continue
        triage = _triage(word)
        if triage is _Triage.SKIP:
            i += 1  # a capitalised word no rule below takes: a noun, a function word
            continue
        prev = tokens[i - 1] if i else ""
        prev_lower = prev[prev.rfind(" ") + 1 :].lower()  # last word of a lower-case run
        # 1. After a title or role: whatever name follows, even one no list knows.
        if triage is _Triage.ROLE and word.endswith(".") and word.rstrip(".") not in TITLES:
            i += 1  # "… und Klassiker. Einlass ab 20 Uhr": the sentence ends with the noun
            continue
        if triage is _Triage.ROLE:
            k = i + 1
            while k < len(tokens) and (tokens[k] in TITLES or tokens[k] in ":,"):
                k += 1
            # A title proper ("Frau von der Leyen") may precede a particle; a noun for a
            # person before "von" names a place or firm: "Erzbischof von Trient".
            j = _extend(tokens, k, particle_start=word.rstrip(".:") in TITLES)
            if j > k and not (j == k + 1 and common_noun(tokens[k].rstrip("."))):
                # "der Präparator Millimeter um Millimeter": a noun after the role is no name.
                spans.append(_span(tokens, offsets, k, j, 0.95, "title"))
                i = j
                continue
            i += 1
            continue
        if (
            prev_lower in ARTICLES
            and (i + 1 == count or not tokens[i + 1][0].isupper())
            and not is_forename(word.rstrip("."))
        ):
            # "die Stammreihe beginnt": a lone capitalised word after an article is a noun;
            # no rule below would take it, so it is passed over early (a speed-up only).
            i += 1
            continue
        if (
            len(word) == 2
            and is_initial(word)
            and i + 1 < count
            and is_surname(tokens[i + 1].rstrip("."))
        ):
            # "W. Müller", "A. Korsakow": an initial before a known surname.
            j = _extend(tokens, i + 1)
            spans.append(_span(tokens, offsets, i, j, 0.8, "initial"))
            i = j
            continue
        if not name_like(word) and not prefixed_particle(word):
            i += 1
            continue
        if prev in SAINT:
            i = max(_extend(tokens, i), i + 1)
            continue
        j = _extend(tokens, i)
        if j == i:
            i += 1
            continue
        words = [t.rstrip(".") for t in tokens[i:j]]
        first = words[0]
        if (
            len(words) >= 2
            and not is_forename(first)
            and not is_forename(first.split("-")[0])  # "Finn-Ole Heinrich"
            # "Nguyễn Thị Lan": the family name comes first, so it stays.
            and first not in family_first_surnames()
            and is_forename(words[1])
        ):
            # "Landesvater Jürgen Rüttgers": the name starts at the forename.
            i += 1
            continue
        if len(words) >= 2 and not is_forename(first) and common_noun(first):
            # "Vorgänger Steinmeier", "Aussprüche Luthers": a noun first, then the name.
            i += 1
            continue
        after_article = prev_lower in ARTICLES
        if len(words) >= 2 and (is_forename(first) or is_forename(first.split("-")[0])):
            # 2. Forename + more capitalised words: "Ayşe Yılmaz", "Anna-Lena von der Heide".
            spans.append(_span(tokens, offsets, i, j, 0.9, "forename"))
        elif (
            len(words) >= 2
            and (is_surname(words[-1]) or (is_surname(first) and is_forename(words[1])))
            and not after_article
            # "Übernahme von Schering": an unknown word before a particle is no forename.
            and (len(words) == 2 or is_forename(first) or is_surname(first))
        ):
            # 3. Unknown first word + known surname: "Kwabena Mensah".
            spans.append(_span(tokens, offsets, i, j, 0.7, "surname"))
        elif (
            len(words) == 1
            and is_forename(first)
            and not after_article
            and prev_lower not in PLACE_PREPOSITIONS  # "nach Odessa", "in Alexandria"
        ):
            spans.append(_span(tokens, offsets, i, j, 0.6, "forename-alone"))
        elif len(words) == 1 and is_surname(first) and not after_article:
            nxt = tokens[j].split(" ", 1)[0].lower() if j < len(tokens) else ""
            if nxt in SPEECH_VERBS or prev_lower in SPEECH_VERBS or prev_lower in {"laut", "so"}:
                # 4. A surname as the speaker: "sagte Müller", "Müller betonte".
                spans.append(_span(tokens, offsets, i, j, 0.7, "speech"))
            elif not noun_context(prev_lower) and name_reading_likely(strip_genitive(first)):
                # 5. A listed surname alone whose form is no common German word: "Merkel".
                spans.append(_span(tokens, offsets, i, j, 0.55, "surname-alone"))
        elif (
            SALUTATION.match(prev)
            and len(words) <= 2
            and (is_forename(first) or is_surname(words[-1]))
        ):
            spans.append(_span(tokens, offsets, i, j, 0.8, "salutation"))
        elif (
            not after_article
            and _speaker_position(tokens, i, j, prev_lower)
            and not any(common_noun(w) or w in cities() for w in words)
        ):
            # 6. Any name as the speaker, even one no list knows: "sagte Anschütz-Thoms."
            spans.append(_span(tokens, offsets, i, j, 0.65, "speech"))
        i = max(j, i + 1)
    return _add_repeated_mentions(text, spans)


def _speaker_position(tokens: list[str], i: int, j: int, prev_lower: str) -> bool:
    """Right after a verb of speech at the clause's end ("…, sagte Anschütz-Thoms.") or
    right before one ("Prizak meinte, …")."""
    following = tokens[j] if j < len(tokens) else "."
    if prev_lower in SPEECH_VERBS and following in {".", ",", ";", ":", "\n", "(", "»", "«"}:
        return True
    return following.split(" ", 1)[0] in SPEECH_VERBS and (i == 0 or tokens[i - 1] in {".", "\n"})


def _occurrences(text: str, value: str, genitive: bool = False) -> list[int]:
    """Starts of `value` in `text` as a whole word (str.find: no regex compiled per name)."""
    starts: list[int] = []
    position = text.find(value)
    while position >= 0:
        end = position + len(value)
        before = text[position - 1] if position else " "
        after = text[end] if end < len(text) else " "
        if genitive and after == "s":
            after = text[end + 1] if end + 1 < len(text) else " "
        # Hyphens and apostrophes join words: "Müller" in "Müller-Lüdenscheidt" is no mention.
        if not (before.isalnum() or before in "-'’") and not (after.isalnum() or after in "-'’"):
            starts.append(position)
        position = text.find(value, position + 1)
    return starts


def _add_repeated_mentions(text: str, spans: list[Span]) -> list[Span]:
    """A surname or forename of a full name found once is a name wherever else it stands."""
    parts: set[str] = set()
    full_names = {text[s.start : s.end] for s in spans if " " in text[s.start : s.end]}
    for full in sorted(full_names, key=len, reverse=True):
        for start in _occurrences(text, full):
            spans.append(Span("PERSON", start, start + len(full), 0.85, {"rule": "repeated"}))
    for span in spans:
        words = text[span.start : span.end].split()
        if len(words) >= 2 or span.details.get("rule") in {"title", "known", "speech"}:
            for word in {words[0], words[-1]}:
                if (
                    len(word) > 2
                    and word not in not_names()
                    and word not in cities()
                    and not _very_common_word(word)
                    and word.lower() not in FUNCTION_WORDS
                ):
                    parts.add(word)
    if not parts:
        return spans
    covered = sorted((s.start, s.end) for s in spans)
    covered_starts = [a for a, _b in covered]
    extra: list[Span] = []
    for part in parts:
        # str.find per known part beats looking at every token; "Müllers" counts as "Müller".
        for start in _occurrences(text, part, genitive=True):
            index = bisect.bisect_right(covered_starts, start) - 1
            if not (index >= 0 and covered[index][1] > start):
                extra.append(Span("PERSON", start, start + len(part), 0.8, {"rule": "repeated"}))
    return spans + extra
