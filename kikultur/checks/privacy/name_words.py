"""What a single word can be in a name scan: part of a name, a role, a common noun, a place."""

from __future__ import annotations

import re
from functools import lru_cache

from kikultur.checks.privacy import wordstats
from kikultur.checks.privacy.cues import FUNCTION_WORDS, TITLES
from kikultur.checks.privacy.gazetteers import (
    cities,
    forenames,
    hamburg_places,
    not_names,
    person_nouns,
    surnames,
)
from kikultur.checks.privacy.wordstats import german_zipf


def split_words(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Suffix tests with str.endswith: an anchored regex alternation is tried at every position.
ROLE_SUFFIXES = split_words(
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


def has_suffix(low: str, groups: dict[str, tuple[str, ...]]) -> bool:
    group = groups.get(low[-2:])
    return group is not None and low.endswith(group)


_ROLE_ENDINGS = _by_ending(ROLE_SUFFIXES)

# Kinship words too short for the suffix test: "Sohn Murat", "Tante Emine", "Opa Heinz".
_SHORT_KIN = frozenset(
    split_words("Sohn Vater Onkel Tante Witwe Neffe Oma Opa Gatte Gattin Cousin Schwager Papa Mama")
)

_NOUN_SUFFIXES = split_words(
    """
    ung ungen heit heiten keit keiten schaft schaften tion tionen ität itäten ismus ment ments
    nis nisse tum tümer ik enz anz innen chen lein ur eur ieren isch ische ischen ischer liche
    lichen licher ierte ierten haus platz straße stadt kirche schule verein zentrum werk bank
    amt preis tag jahr zeit welt land berg burg
    """
)

_NOUN_ENDINGS = _by_ending(_NOUN_SUFFIXES)


def is_capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def strip_genitive(word: str) -> str:
    if word.endswith("s") and word[:-1] in surnames():
        return word[:-1]
    return word


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def name_like(word: str) -> bool:
    """Could be part of a name: capitalised, no function word, not a plain common noun."""
    bare = word.rstrip(".")
    if not is_capitalised(bare) or bare.lower() in FUNCTION_WORDS or bare in not_names():
        return False
    if bare in TITLES or is_place_adjective(bare):
        return False
    if bare.startswith(("Al-", "El-")) or "-" in bare:
        return True
    return bare in forenames() or bare in surnames() or not has_suffix(bare.lower(), _NOUN_ENDINGS)


def is_place_adjective(word: str) -> bool:
    """ "Hamburger Hafen", "Altonaer Filmfreunde", "Wilhelmsburger Brass Band": of a place."""
    if not word.endswith("er"):
        return False
    if word[:-2] in hamburg_places() or word[:-1] in hamburg_places():
        return True  # "Hamburger", "Altonaer", "Harburger": in our users' texts, places
    # Elsewhere only when no name list knows the word: "Berger", "Hofer" are names as often.
    return (word[:-2] in cities() or word[:-1] in cities()) and word not in surnames()


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def is_role(word: str) -> bool:
    """A role or office before a name: "Umweltminister", "Olympiasieger", "Intendantin"."""
    bare = word.rstrip(".:")
    if bare in TITLES:
        return True
    if bare in forenames() or not is_capitalised(bare) or is_place_adjective(bare):
        return False
    if bare in person_nouns():
        return True  # "Politiker", "Rapperin", "Vorgängers": nouns for people
    if bare in _SHORT_KIN:
        return True
    if len(bare) < 6:
        return False
    low = bare.lower()
    if low.endswith("in") and not low.endswith(("erin", "orin", "entin", "antin", "istin")):
        return has_suffix(low[:-2], _ROLE_ENDINGS)
    return has_suffix(low, _ROLE_ENDINGS) and not low.endswith("in")


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def is_forename(word: str) -> bool:
    return word in forenames() and word.lower() not in FUNCTION_WORDS


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def is_surname(word: str) -> bool:
    bare = strip_genitive(word)
    return bare in surnames() or bare.startswith(("al-", "el-", "Al-", "El-"))


@lru_cache(maxsize=65536)  # words repeat; the lists never change
def rare_surname_form(word: str) -> bool:
    """After a forename, a word with a noun ending that is no German word is the surname:
    "Nico Hülkenberg", "Lena Rosenthal" ("-berg", "-thal" are surname endings too)."""
    bare = word.rstrip(".")
    return (
        is_capitalised(bare)
        and bare.lower() not in FUNCTION_WORDS
        and bare not in not_names()
        and bare not in TITLES
        and german_zipf(bare) < wordstats.RARE
        and not is_role(bare)
    )


def is_initial(word: str) -> bool:
    """ "W." in "George W. Bush"."""
    return len(word) == 2 and word[1] == "." and word[0].isupper()


_PREFIXED_PARTICLE = re.compile(r"(?:al|el|Al|El|ul|bin|ibn|abu|Abu)-[A-ZÄÖÜ]")


def prefixed_particle(word: str) -> bool:
    return word[:1] in "aAeEubi" and _PREFIXED_PARTICLE.match(word) is not None


PLACE_PREPOSITIONS = frozenset(split_words("nach in aus ins im gen"))

# Before a lone capitalised word these make it a noun or a place: a contracted article ("im
# Kern", "zum Dienst"), a possessive ("ihrem Koffer"), a preposition of place ("nach Parma").
_NOUN_CUES = frozenset(
    split_words(
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
def common_noun(word: str) -> bool:
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
INSTITUTION_ENDINGS = _by_ending(
    split_words(
        """
    zentrum haus verein werkstatt halle bühne theater kino saal stiftung initiative projekt
    club treff galerie museum bücherei bibliothek schule kirche gemeinde verlag kultur
    viertel quartier hafen markt
    """
    )
)


def noun_context(prev_lower: str) -> bool:
    return (
        prev_lower in _NOUN_CUES
        or has_suffix(prev_lower, INSTITUTION_ENDINGS)
        or (
            len(prev_lower) > 3
            and _ADJECTIVE_END.search(prev_lower) is not None
            and prev_lower not in FUNCTION_WORDS
        )
    )
