"""Gender-inclusive replacements for a noun phrase, determiners and adjectives agreeing."""

from __future__ import annotations

from dataclasses import dataclass

from kikultur.checks.language.agreement import (
    Determiner,
    adjective_ending,
    adjective_stem,
    declension,
    determiner_form,
    star_join,
)
from kikultur.checks.language.lexicon import Lemma, Neutral
from kikultur.checks.language.tokens import Token

MARKS = {"stern": "*", "doppelpunkt": ":"}


@dataclass(frozen=True, slots=True)
class NounPhrase:
    """A masculine person noun with the words that agree with it."""

    lemma: Lemma
    noun: Token
    determiner: Determiner | None
    determiner_token: Token | None
    adjectives: tuple[Token, ...]
    number: str
    case: str
    sentence_initial: bool

    @property
    def first_token(self) -> Token:
        if self.determiner_token is not None:
            return self.determiner_token
        return self.adjectives[0] if self.adjectives else self.noun


def suggestions_for(phrase: NounPhrase, style: str) -> tuple[list[str], bool]:
    """Replacements for the phrase span, chosen style first; True if a singular became plural."""
    options: list[str] = []
    converted = False
    lemma = phrase.lemma
    if lemma.adjectival:
        plural = _plural_parts(phrase)
        stem = lemma.masc[:-2]
        options.append(_join(plural.det, plural.adjs, stem + plural.participle_ending, phrase))
        return _unique(options), True
    if style in MARKS:
        mark = MARKS[style]
        if phrase.number == "pl":
            options.append(
                _join(phrase_det(phrase), _adj_words(phrase), _star_pl(lemma, mark), phrase)
            )
        else:
            plural = _plural_parts(phrase)
            options.append(_join(plural.det, plural.adjs, _star_pl(lemma, mark), phrase))
            options.append(_star_singular(phrase, mark))
            converted = True
    elif style == "paarform":
        if phrase.number == "pl":
            masc = lemma.forms[("pl", phrase.case)]
            noun = f"{lemma.fem_plural} und {masc}"
            options.append(_join(phrase_det(phrase), _adj_words(phrase), noun, phrase))
        else:
            options.append(_pair_singular(phrase))
            plural = _plural_parts(phrase)
            noun = f"{lemma.fem_plural} und {lemma.forms[('pl', plural.case)]}"
            options.append(_join(plural.det, plural.adjs, noun, phrase))
            converted = True
    neutral = _neutral_options(phrase)
    if style == "neutral" or not options:
        options = neutral + options
        converted = converted or (phrase.number == "sg" and bool(neutral))
        if not options:  # no neutral form known: fall back to the star form
            return suggestions_for(phrase, "stern")
    else:
        options.extend(neutral)
    return _unique(options), converted


def compound_suggestions(lemma: Lemma, rest: str, style: str) -> list[str]:
    """For a compound like "Teilnehmerliste": "Teilnehmendenliste", "Teilnehmer*innenliste"."""
    participles = [n for n in lemma.neutral if n.type == "participle" and " " not in n.form]
    neutral = [p.form + "en" + rest for p in participles]
    mark = MARKS.get(style, "*")
    star = lemma.fem_stem + mark + "innen" + rest
    return _unique([*neutral, star] if style == "neutral" else [star, *neutral])


def phrase_det(phrase: NounPhrase) -> str | None:
    return phrase.determiner_token.text if phrase.determiner_token is not None else None


def _adj_words(phrase: NounPhrase) -> list[str]:
    return [t.text for t in phrase.adjectives]


def _star_pl(lemma: Lemma, mark: str) -> str:
    return lemma.fem_stem + mark + "innen"


@dataclass(frozen=True, slots=True)
class _Plural:
    det: str | None
    adjs: list[str]
    case: str
    participle_ending: str


def _plural_parts(phrase: NounPhrase) -> _Plural:
    """The determiner and adjectives of the phrase in the plural ("jeder neue" -> "alle neuen")."""
    case = phrase.case
    det = phrase.determiner
    det_word = determiner_form(det, "pl", case) if det is not None else None
    if det is not None and det.kind == "def" and phrase.number == "sg" and case == "nom":
        det_word = "alle"  # a generic singular ("der Teilnehmer muss") means all of them
    plural_det = _plural_det(det, det_word)
    decl = declension(plural_det)
    adjs = [_reinflect(t.text, decl, "pl", case) for t in phrase.adjectives]
    return _Plural(det_word, adjs, case, adjective_ending(decl, "pl", case))


def _plural_det(det: Determiner | None, det_word: str | None) -> Determiner | None:
    if det is None or det_word is None:
        return None
    if (det.kind == "der" and det.stem == "jed") or det_word == "alle":
        return Determiner(det_word, "quant", "all", ())
    return det


def _reinflect(word: str, decl: str, gender: str, case: str) -> str:
    split = adjective_stem(word)
    if split is None:
        return word
    return split[0] + adjective_ending(decl, gender, case)


def _feminine_parts(phrase: NounPhrase) -> tuple[str | None, list[str]]:
    det = phrase.determiner
    det_word = determiner_form(det, "f", phrase.case) if det is not None else None
    decl = declension(det)
    adjs = [_reinflect(t.text, decl, "f", phrase.case) for t in phrase.adjectives]
    return det_word, adjs


def _star_singular(phrase: NounPhrase, mark: str) -> str:
    """ "jeder neue Teilnehmer" -> "jede*r neue Teilnehmer*in"."""
    det_f, adjs_f = _feminine_parts(phrase)
    det_m = phrase.determiner_token.text.lower() if phrase.determiner_token else None
    det = star_join(det_m, det_f, mark) if det_m and det_f else det_m
    adjs = [star_join(m.text, f, mark) for m, f in zip(phrase.adjectives, adjs_f, strict=True)]
    return _join(det, adjs, phrase.lemma.fem_stem + mark + "in", phrase)


def _pair_singular(phrase: NounPhrase) -> str:
    """ "jeder Teilnehmer" -> "jede Teilnehmerin und jeder Teilnehmer"."""
    det_f, adjs_f = _feminine_parts(phrase)
    feminine = _join(det_f, adjs_f, phrase.lemma.fem, phrase)
    det_m = phrase.determiner_token.text.lower() if phrase.determiner_token else None
    masculine = " ".join([w for w in [det_m, *_adj_words(phrase)] if w] + [phrase.noun.text])
    return f"{feminine} und {masculine}"


def _neutral_options(phrase: NounPhrase) -> list[str]:
    options = []
    plural = _plural_parts(phrase) if phrase.number == "sg" else None
    adjective_words = {t.text.lower() for t in phrase.adjectives}
    for alt in phrase.lemma.neutral:
        if any(word.startswith(alt.form.lower()) for word in adjective_words):
            continue  # "ehrenamtlichen Ehrenamtlichen"
        option = _neutral_option(phrase, alt, plural)
        if option:
            options.append(option)
    return options


def _neutral_option(phrase: NounPhrase, alt: Neutral, plural: _Plural | None) -> str | None:
    case = phrase.case
    if alt.type == "collective":
        det = phrase.determiner
        if phrase.adjectives or (
            det is not None
            and (
                (det.kind in ("num", "quant") and det.stem != "all") or det.stem in ("ein", "kein")
            )
        ):
            # "einige Bewohner" or "ein Kollege" is not the whole group; adjectives would need
            # a new gender ("unser ehrenamtliches Team"): no collective suggestion then
            return None
        gender = alt.gender or "n"
        if det is not None and det.kind == "ein":
            det_word = determiner_form(det, gender, case)
        elif det is not None and det.kind == "fused":
            det_word = determiner_form(det, "f" if gender == "f" else "m", case)
        else:
            det_word = determiner_form(Determiner("der", "def", "d", ()), gender, case)
        noun = alt.form
        if case == "gen" and gender in ("n", "m"):
            noun += "s"
        return _join(det_word, [], noun, phrase)
    if plural is not None:
        det_word, adjs, ending = plural.det, plural.adjs, plural.participle_ending
    else:
        det_word, adjs = phrase_det(phrase), _adj_words(phrase)
        ending = adjective_ending(declension(phrase.determiner), "pl", case)
    if alt.type == "participle":
        noun = alt.form + ending
    else:
        noun = alt.form
        if case == "dat" and not noun.endswith(("n", "s")):
            noun += "n"
    return _join(det_word, adjs, noun, phrase)


def _join(det: str | None, adjs: list[str], noun: str, phrase: NounPhrase) -> str:
    words = [w for w in [det, *adjs] if w]
    words.append(noun)
    result = " ".join(words)
    if phrase.sentence_initial:
        result = result[:1].upper() + result[1:]
    return result


def _unique(options: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for option in options:
        if option not in seen:
            seen.add(option)
            out.append(option)
    return out
