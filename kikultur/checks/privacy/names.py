"""Person names in German text: own people, titles and roles, name lists, signatures."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable
from functools import lru_cache

from kikultur.checks.privacy import wordstats
from kikultur.checks.privacy.cues import ARTICLES, FUNCTION_WORDS, PARTICLES, SPEECH_VERBS, TITLES
from kikultur.checks.privacy.gazetteers import (
    cities,
    family_first_surnames,
    forenames,
    hamburg_places,
    not_names,
    person_nouns,
    surnames,
)
from kikultur.checks.privacy.spans import Span
from kikultur.checks.privacy.tables import column_cells
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


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Suffix tests with str.endswith: an anchored regex alternation is tried at every position.
ROLE_SUFFIXES = _split(
    """
    minister präsident kanzler sieger trainer chef leiter direktor sprecher vorsitzende
    vorsitzender meister spieler botschafter politiker sänger autor regisseur kollege vize rat
    rätin abgeordnete abgeordneter bürgermeister kommissar schauspieler musiker künstler stürmer
    torwart verteidiger kapitän gründer inhaber bischof pfarrer könig kaiser prinz professor
    sekretär intendant dirigent komponist schriftsteller maler fotograf architekt anwalt richter
    senator moderator kommentator manager berater ministerpräsident generalsekretär chefin
    aktivist experte expertin tochter sohn neuling vater mutter bruder schwester ehefrau ehemann
    freund freundin witwe witwer enkel enkelin nichte neffe onkel tante cousin cousine in
    """
)


def _by_ending(suffixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Suffixes grouped by their last two letters: a word is tested against a handful only."""
    groups: dict[str, list[str]] = {}
    for suffix in suffixes:
        groups.setdefault(suffix[-2:], []).append(suffix)
    return {end: tuple(group) for end, group in groups.items()}


def _has_suffix(low: str, groups: dict[str, tuple[str, ...]]) -> bool:
    group = groups.get(low[-2:])
    return group is not None and low.endswith(group)


_ROLE_ENDINGS = _by_ending(ROLE_SUFFIXES)
# Kinship words too short for the suffix test: "Sohn Murat", "Tante Emine", "Opa Heinz".
_SHORT_KIN = frozenset(
    _split("Sohn Vater Onkel Tante Witwe Neffe Oma Opa Gatte Gattin Cousin Schwager Papa Mama")
)
GREETINGS = re.compile(
    r"(?im)^[ \t]*(?:mit )?(?:viele|beste|liebe|herzliche|freundliche|schöne|sonnige)?[ \t]*"
    r"(?:grüße|gruß|grüßen)[ \t]*[,!.]?[ \t]*(?:aus [^\n]*)?$|^[ \t]*(?:lg|vg|mfg|bg)[ \t]*,?$"
)
SALUTATION = re.compile(r"^(?:Hallo|Hi|Moin|Liebe|Lieber|Sehr geehrte|Sehr geehrter|Guten Tag)$")
_NOUN_SUFFIXES = _split(
    """
    ung ungen heit heiten keit keiten schaft schaften tion tionen ität itäten ismus ment ments
    nis nisse tum tümer ik enz anz innen chen lein ur eur ieren isch ische ischen ischer liche
    lichen licher ierte ierten haus platz straße stadt kirche schule verein zentrum werk bank
    amt preis tag jahr zeit welt land berg burg
    """
)
_NOUN_ENDINGS = _by_ending(_NOUN_SUFFIXES)


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


def _is_capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def _strip_genitive(word: str) -> str:
    if word.endswith("s") and word[:-1] in surnames():
        return word[:-1]
    return word


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _name_like(word: str) -> bool:
    """Could be part of a name: capitalised, no function word, not a plain common noun."""
    bare = word.rstrip(".")
    if not _is_capitalised(bare) or bare.lower() in FUNCTION_WORDS or bare in not_names():
        return False
    if bare in TITLES or _is_place_adjective(bare):
        return False
    if bare.startswith(("Al-", "El-")) or "-" in bare:
        return True
    return bare in forenames() or bare in surnames() or not _has_suffix(bare.lower(), _NOUN_ENDINGS)


def _is_place_adjective(word: str) -> bool:
    """ "Hamburger Hafen", "Altonaer Filmfreunde", "Wilhelmsburger Brass Band": of a place."""
    if not word.endswith("er"):
        return False
    if word[:-2] in hamburg_places() or word[:-1] in hamburg_places():
        return True  # "Hamburger", "Altonaer", "Harburger": in our users' texts, places
    # Elsewhere only when no name list knows the word: "Berger", "Hofer" are names as often.
    return (word[:-2] in cities() or word[:-1] in cities()) and word not in surnames()


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _is_role(word: str) -> bool:
    """A role or office before a name: "Umweltminister", "Olympiasieger", "Intendantin"."""
    bare = word.rstrip(".:")
    if bare in TITLES:
        return True
    if bare in forenames() or not _is_capitalised(bare) or _is_place_adjective(bare):
        return False
    if bare in person_nouns():
        return True  # "Politiker", "Rapperin", "Vorgängers": nouns for people
    if bare in _SHORT_KIN:
        return True
    if len(bare) < 6:
        return False
    low = bare.lower()
    if low.endswith("in") and not low.endswith(("erin", "orin", "entin", "antin", "istin")):
        return _has_suffix(low[:-2], _ROLE_ENDINGS)
    return _has_suffix(low, _ROLE_ENDINGS) and not low.endswith("in")


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _is_forename(word: str) -> bool:
    return word in forenames() and word.lower() not in FUNCTION_WORDS


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _is_surname(word: str) -> bool:
    bare = _strip_genitive(word)
    return bare in surnames() or bare.startswith(("al-", "el-", "Al-", "El-"))


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
            _name_like(word)
            or (word[0] in "aAeEubi" and _prefixed_particle(word))
            or (j > i and _is_initial(word))
            or (j == i + 1 and _is_forename(tokens[i].rstrip(".")) and _rare_surname_form(word))
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
            and (particle_start or (j > i and _is_forename(tokens[i].rstrip("."))))
            and _name_like(tokens[k])
            # "Scheffel zu Gast" (but "von der Heide": after "von" a noun form is a name).
            and not (tokens[j] == "zu" and _common_noun(tokens[k].rstrip(".")))
            and not _is_forename(tokens[k].rstrip("."))
            and not _is_role(tokens[k])
            # "Marion Stüben von der Bücherhalle Wandsbek": a place, not a name particle.
            and not _has_suffix(tokens[k].rstrip(".").lower(), _INSTITUTION_ENDINGS)
        ):
            j = k
            continue
        break
    return j


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _rare_surname_form(word: str) -> bool:
    """After a forename, a word with a noun ending that is no German word is the surname:
    "Nico Hülkenberg", "Lena Rosenthal" ("-berg", "-thal" are surname endings too)."""
    bare = word.rstrip(".")
    return (
        _is_capitalised(bare)
        and bare.lower() not in FUNCTION_WORDS
        and bare not in not_names()
        and bare not in TITLES
        and german_zipf(bare) < wordstats.RARE
        and not _is_role(bare)
    )


def _ends_name_before(previous: str, word: str) -> bool:
    """A name ends before a role ("Parteikollegen", "CVP-Ständerat") and after a genitive
    before an unknown word: "Heidi Klums Modelsuche", "Matthew Williams Liebeskummer"."""
    if _is_role(word) or (
        "-" in word and not word.startswith(("Al-", "El-")) and _is_role(word.rsplit("-", 1)[1])
    ):
        return True
    bare = word.rstrip(".")
    if _has_suffix(bare.lower(), _INSTITUTION_ENDINGS) and not _is_surname(bare):
        return True  # "im Mare Verlag erschienen", "Anna Schmidt Stiftung"
    return (
        previous.endswith("s")
        and len(previous) > 3
        and not _is_forename(previous)  # "Andreas Leisdon", "Klaus Murjahn"
        and word[0].isupper()
        and not _is_forename(word.rstrip("."))
        and not _is_surname(word.rstrip("."))
    )


def _is_initial(word: str) -> bool:
    """ "W." in "George W. Bush"."""
    return len(word) == 2 and word[1] == "." and word[0].isupper()


_PREFIXED_PARTICLE = re.compile(r"(?:al|el|Al|El|ul|bin|ibn|abu|Abu)-[A-ZÄÖÜ]")


def _prefixed_particle(word: str) -> bool:
    return word[:1] in "aAeEubi" and _PREFIXED_PARTICLE.match(word) is not None


def _span(tokens: list[str], offsets: Offsets, i: int, j: int, score: float, rule: str) -> Span:
    last = tokens[j - 1]
    # The dot of an initial or a regnal number is part of the name ("Nico G.", "Elisabeth
    # II."); after any other word it ends the sentence.
    keep_dot = j - 1 > i and (_is_initial(last) or ROMAN.fullmatch(last) is not None)
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


LIST_CUE = re.compile(
    r"(?im)^[ \t]*(?:anwesend|teilnehmende|teilnehmer(?:innen|\*innen|:innen)?|entschuldigt|"
    r"abwesend|gäste|protokoll(?:führung)?|moderation|leitung|kontakt|ansprechpartner\S*|"
    r"referent\S*|vorstand|verteiler|an|cc|von)[ \t]*:[ \t]*([^\n]+)"
)
NAME_HEADER = re.compile(
    r"(?i)(?:vor- und nachname|name|vorname|nachname|familienname|teilnehmer\S*|"
    r"teilnehmende|person|kontaktperson|ansprechpartner\S*|erziehungsberechtigte\S*)"
)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|&)\s*")


def _name_item(text: str, start: int, end: int, rule: str, score: float) -> Span | None:
    """A list item or table cell that is a name: 1-5 capitalised words (titles skipped)."""
    item = text[start:end]
    words = list(re.finditer(r"\S+", item))
    while words and words[0].group().rstrip(".:") in TITLES | {"Dr", "Prof"}:
        words.pop(0)
    words = [w for w in words if not w.group().startswith("(")][:6] if words else []
    if not words or len(words) > 5:
        return None
    for word in words:
        bare = word.group().rstrip(".,")
        if bare in PARTICLES or _prefixed_particle(bare) or re.fullmatch(r"[IVX]+|Jr|Sr", bare):
            continue
        if not _is_capitalised(bare) or bare.lower() in FUNCTION_WORDS or bare in not_names():
            return None
    last = words[-1]
    return Span(
        "PERSON",
        start + words[0].start(),
        start + last.start() + len(last.group().rstrip(".,")),
        score,
        {"rule": rule},
    )


def _list_spans(text: str) -> list[Span]:
    """Attendance lines ("Anwesend: A, B und C") and name columns of registration lists."""
    spans: list[Span] = []
    for cue in LIST_CUE.finditer(text):
        position = cue.start(1)
        for item in _ITEM_SPLIT.split(cue.group(1)):
            index = text.find(item, position) if item else -1
            if index >= 0:
                span = _name_item(text, index, index + len(item), "list", 0.85)
                if span:
                    spans.append(span)
                position = index + len(item)
    for start, end in column_cells(text, NAME_HEADER):
        span = _name_item(text, start, end, "table", 0.9)
        if span:
            spans.append(span)
    return spans


class _Triage(enum.Enum):
    ROLE = "role"
    CANDIDATE = "candidate"
    SKIP = "skip"


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _triage(word: str) -> _Triage:
    """What the scan in `find_names` may do with a capitalised word, decided once per word."""
    if _is_role(word):
        return _Triage.ROLE
    if _name_like(word) or _prefixed_particle(word) or (len(word) == 2 and _is_initial(word)):
        return _Triage.CANDIDATE
    return _Triage.SKIP


def find_names(text: str, known_people: Iterable[str] = ()) -> list[Span]:
    wordstats.load()
    tokens = tokenize(text)
    offsets = Offsets(text, tokens)
    spans = _known_people_spans(text, known_people) if known_people else []
    if "\n" in text:  # signatures, attendance lines and tables need lines
        spans += _signature_spans(text, tokens, offsets)
        spans += _list_spans(text)
    i = 0
    count = len(tokens)
    while i < count:
        word = tokens[i]
        if not word[0].isupper() and (word[0] not in "aAeEubi" or not _prefixed_particle(word)):
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
            if j > k and not (j == k + 1 and _common_noun(tokens[k].rstrip("."))):
                # "der Präparator Millimeter um Millimeter": a noun after the role is no name.
                spans.append(_span(tokens, offsets, k, j, 0.95, "title"))
                i = j
                continue
            i += 1
            continue
        if (
            prev_lower in ARTICLES
            and (i + 1 == count or not tokens[i + 1][0].isupper())
            and not _is_forename(word.rstrip("."))
        ):
            # "die Stammreihe beginnt": a lone capitalised word after an article is a noun;
            # no rule below would take it, so it is passed over early (a speed-up only).
            i += 1
            continue
        if (
            len(word) == 2
            and _is_initial(word)
            and i + 1 < count
            and _is_surname(tokens[i + 1].rstrip("."))
        ):
            # "W. Müller", "A. Korsakow": an initial before a known surname.
            j = _extend(tokens, i + 1)
            spans.append(_span(tokens, offsets, i, j, 0.8, "initial"))
            i = j
            continue
        if not _name_like(word) and not _prefixed_particle(word):
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
            and not _is_forename(first)
            and not _is_forename(first.split("-")[0])  # "Finn-Ole Heinrich"
            # "Nguyễn Thị Lan": the family name comes first, so it stays.
            and first not in family_first_surnames()
            and _is_forename(words[1])
        ):
            # "Landesvater Jürgen Rüttgers": the name starts at the forename.
            i += 1
            continue
        if len(words) >= 2 and not _is_forename(first) and _common_noun(first):
            # "Vorgänger Steinmeier", "Aussprüche Luthers": a noun first, then the name.
            i += 1
            continue
        after_article = prev_lower in ARTICLES
        if len(words) >= 2 and (_is_forename(first) or _is_forename(first.split("-")[0])):
            # 2. Forename + more capitalised words: "Ayşe Yılmaz", "Anna-Lena von der Heide".
            spans.append(_span(tokens, offsets, i, j, 0.9, "forename"))
        elif (
            len(words) >= 2
            and (_is_surname(words[-1]) or (_is_surname(first) and _is_forename(words[1])))
            and not after_article
            # "Übernahme von Schering": an unknown word before a particle is no forename.
            and (len(words) == 2 or _is_forename(first) or _is_surname(first))
        ):
            # 3. Unknown first word + known surname: "Kwabena Mensah".
            spans.append(_span(tokens, offsets, i, j, 0.7, "surname"))
        elif (
            len(words) == 1
            and _is_forename(first)
            and not after_article
            and prev_lower not in _PLACE_PREPOSITIONS  # "nach Odessa", "in Alexandria"
        ):
            spans.append(_span(tokens, offsets, i, j, 0.6, "forename-alone"))
        elif len(words) == 1 and _is_surname(first) and not after_article:
            nxt = tokens[j].split(" ", 1)[0].lower() if j < len(tokens) else ""
            if nxt in SPEECH_VERBS or prev_lower in SPEECH_VERBS or prev_lower in {"laut", "so"}:
                # 4. A surname as the speaker: "sagte Müller", "Müller betonte".
                spans.append(_span(tokens, offsets, i, j, 0.7, "speech"))
            elif not _noun_context(prev_lower) and name_reading_likely(_strip_genitive(first)):
                # 5. A listed surname alone whose form is no common German word: "Merkel".
                spans.append(_span(tokens, offsets, i, j, 0.55, "surname-alone"))
        elif (
            SALUTATION.match(prev)
            and len(words) <= 2
            and (_is_forename(first) or _is_surname(words[-1]))
        ):
            spans.append(_span(tokens, offsets, i, j, 0.8, "salutation"))
        elif (
            not after_article
            and _speaker_position(tokens, i, j, prev_lower)
            and not any(_common_noun(w) or w in cities() for w in words)
        ):
            # 6. Any name as the speaker, even one no list knows: "sagte Anschütz-Thoms."
            spans.append(_span(tokens, offsets, i, j, 0.65, "speech"))
        i = max(j, i + 1)
    return _add_repeated_mentions(text, spans)


_PLACE_PREPOSITIONS = frozenset(_split("nach in aus ins im gen"))


def _speaker_position(tokens: list[str], i: int, j: int, prev_lower: str) -> bool:
    """Right after a verb of speech at the clause's end ("…, sagte Anschütz-Thoms.") or
    right before one ("Prizak meinte, …")."""
    following = tokens[j] if j < len(tokens) else "."
    if prev_lower in SPEECH_VERBS and following in {".", ",", ";", ":", "\n", "(", "»", "«"}:
        return True
    return following.split(" ", 1)[0] in SPEECH_VERBS and (i == 0 or tokens[i - 1] in {".", "\n"})


# Before a lone capitalised word these make it a noun or a place: a contracted article ("im
# Kern", "zum Dienst"), a possessive ("ihrem Koffer"), a preposition of place ("nach Parma").
_NOUN_CUES = frozenset(
    _split(
        """
    im ins am ans zum zur beim vom aufs durchs übers unters
    mein meine meinem meinen meiner meines dein deine deinem deinen deiner sein seine seinem
    seinen seiner seines ihr ihre ihrem ihren ihrer ihres unser unsere unserem unseren unserer
    euer eure eurem euren kein keine keinem keinen keiner keines jede jeder jedes jedem jeden
    alle allen aller manche solche welche welcher welches viele vielen wenige einige mehrere
    nach in aus ab bis gen
    erste ersten erster zweite zweiten zweiter dritte dritten dritter letzte letzten letzter
    nächste nächsten nächster
    """
    )
)
# An inflected adjective or participle before a capitalised word: "ein großes Schild",
# "der weit gereiste Senior". Past-tense verbs ("sagte", "brachten") end in -te/-ten and stay.
_ADJECTIVE_END = re.compile(r"(?:[^t]e|[^t]en|em|er|es)$")


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def _common_noun(word: str) -> bool:
    """Clearly a common German noun, no name: "Vorgänger", "Vertrauten", "Millimeter"."""
    if word in person_nouns():
        return True
    zipf = german_zipf(word)
    if word in surnames() or word in forenames():
        # "Köhler", "Herrmann" are frequent in German texts because they are frequent names.
        return zipf >= wordstats.VERY_FREQUENT
    return zipf >= wordstats.RARE


# A name right after one of these is the name of a place or a group: "Stadtteilkulturzentrum
# Motte", "Bürgersaal Wandsbek", "Stiftung Stadtteilkultur Nord", "Verlag Hoffmann und Campe".
_INSTITUTION_ENDINGS = _by_ending(
    _split(
        """
    zentrum haus verein werkstatt halle bühne theater kino saal stiftung initiative projekt
    club treff galerie museum bücherei bibliothek schule kirche gemeinde verlag kultur
    viertel quartier hafen markt
    """
    )
)


def _noun_context(prev_lower: str) -> bool:
    return (
        prev_lower in _NOUN_CUES
        or _has_suffix(prev_lower, _INSTITUTION_ENDINGS)
        or (
            len(prev_lower) > 3
            and _ADJECTIVE_END.search(prev_lower) is not None
            and prev_lower not in FUNCTION_WORDS
        )
    )


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
