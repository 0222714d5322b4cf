"""Readability features of German text: lengths, syllables, word frequency, passive, nominals."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kikultur.checks.language.syllables import count_syllables
from kikultur.checks.language.words import word_set

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’*:][^\W\d_]+)*")
PASSIVE_AUX_RE = re.compile(
    r"\b(?:wird|werden|wurde|wurden|worden|würde|würden|wirst|werde|werdet|wurdest)\b", re.I
)
PARTICIPLE_RE = re.compile(
    r"\b(?:\w*ge\w{2,}(?:t|en)|\w{3,}iert|(?:be|ver|er|ent|zer|über|unter|hinter)\w{2,}t)\b"
)
NOMINAL_RE = re.compile(
    r"^[A-ZÄÖÜ]\w{3,}(?:ung|ungen|heit|heiten|keit|keiten|ion|ionen|tät|täten|ismus|nis|nisse"
    r"|schaft|schaften|ment|ments|anz|enz)$"
)
SUBORDINATORS = word_set(
    "dass weil obwohl wenn als ob damit sodass indem nachdem bevor während falls sofern "
    "welcher welche welches deren dessen wobei wodurch womit worauf"
)
RARE_ZIPF = 2.5  # fewer than about 3 in a million words
LONG_WORD_LETTERS = 7  # the Wiener Sachtextformel counts words of more than six letters


@cache
def frequencies() -> dict[str, float]:
    """German word frequencies (wordfreq, CC BY-SA 4.0), loaded once per process."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("de")


@lru_cache(maxsize=262144)
def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words); 0 for words wordfreq does not know."""
    # wordfreq's keys are case-folded: "Grüße" is stored as "grüsse".
    freq = frequencies().get(word.casefold())
    if not freq and not any(c in word for c in "-*:’'"):
        return 0.0
    if not freq:
        # compounds and gender forms: judge by their parts, a little rarer than the rarest part
        parts = [p for p in re.split(r"[-*:’']", word) if p]
        if len(parts) > 1:
            return max(0.0, min(zipf(p) for p in parts) - 0.5)
        return 0.0
    return math.log10(freq) + 9


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """Counts over a stretch of text (one sentence or many), summed so that they add up."""

    sentences: int
    words: int
    syllables: int
    letters: int
    polysyllables: int  # words of three or more syllables
    monosyllables: int
    long_words: int  # more than six letters
    rare_words: int
    zipf_sum: float  # sum of min(zipf, 7) over words
    nominal: int
    passive: int  # sentences in the passive voice
    commas: int
    subordinators: int

    def __add__(self, other: TextFeatures) -> TextFeatures:
        sums = [a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)]
        return TextFeatures(*sums)  # type: ignore[arg-type]

    def astuple(self) -> tuple[float, ...]:
        return (
            self.sentences, self.words, self.syllables, self.letters, self.polysyllables,
            self.monosyllables, self.long_words, self.rare_words, self.zipf_sum, self.nominal,
            self.passive, self.commas, self.subordinators,
        )  # fmt: skip


EMPTY = TextFeatures(0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0, 0)


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


def is_passive(sentence: str) -> bool:
    return bool(PASSIVE_AUX_RE.search(sentence)) and bool(PARTICIPLE_RE.search(sentence))


def nominal_words(words: list[str]) -> list[str]:
    return [w for w in words if NOMINAL_RE.match(w)]


def sentence_features(sentence: str) -> TextFeatures:
    words = words_of(sentence)
    return sentence_features_from(sentence, words, [zipf(w) for w in words])


def sentence_features_from(sentence: str, words: list[str], zipfs: list[float]) -> TextFeatures:
    """Counts for one sentence whose words and word frequencies are already known."""
    if not words:
        return EMPTY
    syllables = [count_syllables(w) for w in words]
    return TextFeatures(
        sentences=1,
        words=len(words),
        syllables=sum(syllables),
        letters=sum(len(w) for w in words),
        polysyllables=sum(1 for s in syllables if s >= 3),
        monosyllables=sum(1 for s in syllables if s == 1),
        long_words=sum(1 for w in words if len(w) >= LONG_WORD_LETTERS),
        rare_words=sum(1 for z in zipfs if z < RARE_ZIPF),
        zipf_sum=sum(min(z, 7.0) for z in zipfs),
        nominal=len(nominal_words(words)),
        passive=int(is_passive(sentence)),
        commas=sentence.count(",") + sentence.count(";") + sentence.count("("),
        subordinators=sum(1 for w in words if w.lower() in SUBORDINATORS),
    )


def flesch_amstad(f: TextFeatures) -> float:
    if not f.words or not f.sentences:
        return 0.0
    return 180 - f.words / f.sentences - 58.5 * f.syllables / f.words


def wiener_sachtextformel(f: TextFeatures) -> float:
    """First Wiener Sachtextformel (school grade 4 to 15)."""
    if not f.words or not f.sentences:
        return 0.0
    ms = 100 * f.polysyllables / f.words
    sl = f.words / f.sentences
    iw = 100 * f.long_words / f.words
    es = 100 * f.monosyllables / f.words
    return 0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875


def complexity_features(
    sentence: str, words: list[str], zipfs: list[float], counts: TextFeatures | None = None
) -> dict[str, float]:
    """Inputs of the understandability model for one sentence (counts on a log scale)."""
    if not words:
        return dict.fromkeys(FEATURE_NAMES, 0.0)
    if counts is None:
        counts = sentence_features_from(sentence, words, zipfs)
    return {
        "log_words": math.log1p(len(words)),
        "log_syllables": math.log1p(counts.syllables),
        "log_long_words": math.log1p(counts.long_words),
        "lexical_load": math.log1p(sum(max(0.0, 6.0 - z) for z in zipfs)),
        "log_rare_words": math.log1p(sum(1 for z in zipfs if z < 3.0)),
        "min_zipf": min(zipfs),
        "nominal": float(counts.nominal),
        "clauses": float(sentence.count(",") + sentence.count(";") + sentence.count("(")),
        "asides": float(sentence.count("(") + sentence.count("„") + sentence.count('"')),
        # German capitalises nouns: their share beyond the first word measures nominal density
        "noun_share": sum(1 for w in words[1:] if w[:1].isupper()) / len(words),
    }


FEATURE_NAMES = (
    "log_words",
    "log_syllables",
    "log_long_words",
    "lexical_load",
    "log_rare_words",
    "min_zipf",
    "nominal",
    "clauses",
    "asides",
    "noun_share",
)
