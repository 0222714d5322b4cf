"""Readability of German text: metrics, one understandability score with a traffic light, hints."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.features import (
    EMPTY,
    FEATURE_NAMES,
    WORD_RE,
    TextFeatures,
    complexity_features,
    flesch_amstad,
    frequencies,
    nominal_words,
    sentence_features_from,
    wiener_sachtextformel,
    zipf,
)
from kikultur.checks.language.leichte_sprache import check_leichte_sprache
from kikultur.checks.language.lexicon import DATA_DIR
from kikultur.checks.language.person_names import person_name_spans
from kikultur.checks.language.sentences import Sentence, split_sentences
from kikultur.i18n import _

CHECK = "readability"
SKIP_RE = re.compile(r"[#@][\w.@-]+|https?://\S+|www\.\S+")
LONG_SENTENCE_WORDS = 20
NOMINAL_PER_SENTENCE = 3
RARE_WORD_ZIPF = 2.0
LONG_WORD_LETTERS = 20
GREEN_FROM = 60
YELLOW_FROM = 40


@dataclass(slots=True)
class ReadabilityResult:
    """Findings (hints per sentence) and the metrics of the whole text."""

    findings: list[Finding]
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    """One sentence with its words, word frequencies, features and predicted complexity."""

    sentence: Sentence
    words: list[str]
    spans: list[tuple[int, int]]  # offsets of the words in the text
    zipfs: list[float]
    features: TextFeatures
    complexity: float


@cache
def load_model() -> dict[str, Any]:
    model: dict[str, Any] = json.loads(
        (DATA_DIR / "readability_model.json").read_text(encoding="utf-8")
    )
    if tuple(model["features"]) != FEATURE_NAMES:
        raise RuntimeError("readability_model.json passt nicht zu den Merkmalen des Codes.")
    return model


def predict_complexity(inputs: dict[str, float]) -> float:
    """Predicted complexity on the 1 (easy) to 7 (hard) scale of TextComplexityDE."""
    model = load_model()
    total = float(model["intercept"])
    for name, mean, std, weight in zip(
        FEATURE_NAMES, model["mean"], model["std"], model["weights"], strict=True
    ):
        total += weight * (inputs[name] - mean) / std
    return total


def complexity_to_score(complexity: float) -> int:
    """Maps complexity 1..7 to an understandability score 100..0."""
    return max(0, min(100, round(100 * (7.0 - complexity) / 6.0)))


def traffic_light(score: int) -> str:
    if score >= GREEN_FROM:
        return "grün"
    if score >= YELLOW_FROM:
        return "gelb"
    return "rot"


def analyse_sentences(text: str) -> list[SentenceInfo]:
    infos = []
    for sentence in split_sentences(text):
        base = sentence.start
        # hashtags, mentions and links are not words a reader has to read as language
        skip = [m.span() for m in SKIP_RE.finditer(sentence.text)]
        matches = [
            m
            for m in WORD_RE.finditer(sentence.text)
            if not any(a <= m.start() < b for a, b in skip)
        ]
        if not matches:
            continue
        words = [m.group() for m in matches]
        spans = [(base + m.start(), base + m.end()) for m in matches]
        zipfs = [zipf(w) for w in words]
        counts = sentence_features_from(sentence.text, words, zipfs)
        inputs = complexity_features(sentence.text, words, zipfs, counts)
        infos.append(
            SentenceInfo(
                sentence=sentence,
                words=words,
                spans=spans,
                zipfs=zipfs,
                features=counts,
                complexity=predict_complexity(inputs),
            )
        )
    return infos


def check_readability(
    text: str, context: CheckContext | None = None, reader_checked: bool = False
) -> ReadabilityResult:
    """Metrics and per-sentence hints; adds the Leichte-Sprache rules if the context asks.

    `reader_checked` says that a reader check of the Leichte-Sprache text has been recorded
    (CheckContext has no field for it yet).
    """
    context = context or CheckContext()
    infos = analyse_sentences(text)
    findings: list[Finding] = []
    for info in infos:
        findings.extend(_sentence_hints(text, info))
    findings = _rare_words_once(_without_names(_without_headings(findings, text), text, context))
    metrics = text_metrics(infos)
    if context.leichte_sprache:
        ls_findings, ls_metrics = check_leichte_sprache(text, infos, reader_checked)
        findings.extend(ls_findings)
        metrics["leichte_sprache"] = ls_metrics
    findings.sort(key=lambda f: (f.start, f.end))
    return ReadabilityResult(findings, metrics)


def text_metrics(infos: list[SentenceInfo]) -> dict[str, Any]:
    total = EMPTY
    for info in infos:
        total = total + info.features
    if not infos:
        return {"sentences": 0, "words": 0, "score": None, "traffic_light": None}
    complexity = sum(i.complexity for i in infos) / len(infos)
    score = complexity_to_score(complexity)
    words = max(total.words, 1)
    return {
        "sentences": total.sentences,
        "words": total.words,
        "syllables": total.syllables,
        "words_per_sentence": round(total.words / total.sentences, 2),
        "syllables_per_word": round(total.syllables / words, 2),
        "flesch_amstad": round(flesch_amstad(total), 1),
        "wiener_sachtextformel": round(wiener_sachtextformel(total), 1),
        "long_words_share": round(total.long_words / words, 3),
        "rare_words_share": round(total.rare_words / words, 3),
        "passive_sentences": total.passive,
        "nominal_style_per_sentence": round(total.nominal / total.sentences, 2),
        "complexity": round(complexity, 2),
        "score": score,
        "traffic_light": traffic_light(score),
        "sentence_scores": [
            {
                "start": i.sentence.start,
                "end": i.sentence.end,
                "score": complexity_to_score(i.complexity),
            }
            for i in infos
        ],
    }


def _sentence_hints(text: str, info: SentenceInfo) -> list[Finding]:
    s = info.sentence
    out: list[Finding] = []
    score = complexity_to_score(info.complexity)
    n = len(info.words)
    if n > LONG_SENTENCE_WORDS:
        message = _("Langer Satz ({n} Wörter). Besser in zwei oder mehr Sätze teilen.")
        details: dict[str, Any] = {"words": n, "score": score}
        out.append(
            _finding(
                "LONG_SENTENCE", s.start, s.end, s.text, message.format(n=n), "warning", details
            )
        )
    if info.features.passive:
        message = _(
            "Passiv: Sagen Sie, wer etwas tut („Wir laden ein“ statt „Es wird eingeladen“)."
        )
        out.append(_finding("PASSIVE", s.start, s.end, s.text, message, "hint", {"score": score}))
    nominal = nominal_words(info.words)
    if len(nominal) >= NOMINAL_PER_SENTENCE:
        message = _("Nominalstil ({words}). Verben machen den Satz lebendiger.").format(
            words=", ".join(nominal)
        )
        details = {"nouns": nominal, "score": score}
        out.append(_finding("NOMINAL_STYLE", s.start, s.end, s.text, message, "hint", details))
    for (start, end), word, z in zip(info.spans, info.words, info.zipfs, strict=True):
        if len(word) >= LONG_WORD_LETTERS:
            parts = split_compound(word)
            message = _(
                "Sehr langes Wort ({n} Buchstaben). Mit Bindestrich gliedern oder umschreiben."
            ).format(n=len(word))
            hyphenated = "-".join([parts[0], *(p[:1].upper() + p[1:] for p in parts[1:])])
            suggestions = (hyphenated,) if len(parts) > 1 else ()
            out.append(
                _finding("LONG_WORD", start, end, word, message, "hint", {"parts": parts},
                         suggestions)
            )  # fmt: skip
        elif z < RARE_WORD_ZIPF and len(word) >= 4 and not _is_gender_form(word):
            message = _("Seltenes Wort: Kennen es alle Lesenden? Sonst erklären oder ersetzen.")
            out.append(
                _finding("RARE_WORD", start, end, word, message, "hint", {"zipf": round(z, 2)})
            )
    return out


def _without_names(findings: list[Finding], text: str, context: CheckContext) -> list[Finding]:
    """Drops rare-word hints on names of people: "Yılmaz" is rare, but nobody can replace it.

    A name is what the privacy check's name finder sees in the text, and every word of such a
    name or of the people the context knows (the Steckbrief team) also where it stands alone."""
    if not any(f.kind == "RARE_WORD" for f in findings):
        return findings
    spans = person_name_spans(text)
    name_words = {w for start, end in spans for w in WORD_RE.findall(text[start:end])}
    name_words |= {w for person in context.people for w in WORD_RE.findall(person)}

    def is_name(f: Finding) -> bool:
        inside = any(start <= f.start and f.end <= end for start, end in spans)
        return inside or f.text in name_words

    return [f for f in findings if f.kind != "RARE_WORD" or not is_name(f)]


_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t].*$", re.MULTILINE)
_WORD_HINTS = frozenset({"RARE_WORD", "LONG_WORD"})


def _without_headings(findings: list[Finding], text: str) -> list[Finding]:
    """No word hints in Markdown headings: "## Vorschautext" names the tool's section."""
    if "#" not in text:
        return findings
    lines = [(m.start(), m.end()) for m in _HEADING_LINE.finditer(text)]
    if not lines:
        return findings
    return [
        f
        for f in findings
        if f.kind not in _WORD_HINTS or not any(a <= f.start < b for a, b in lines)
    ]


def _rare_words_once(findings: list[Finding]) -> list[Finding]:
    """One rare-word hint per word (its first occurrence), with the count: the same word as
    fifteen cards buries every other hint."""
    counts = Counter(f.text.lower() for f in findings if f.kind == "RARE_WORD")
    kept: list[Finding] = []
    seen: set[str] = set()
    for f in findings:
        if f.kind == "RARE_WORD":
            key = f.text.lower()
            if key in seen:
                continue
            seen.add(key)
            n = counts[key]
            if n > 1:
                message = _(
                    "Seltenes Wort ({n}-mal im Text): Kennen es alle Lesenden? Sonst erklären "
                    "oder ersetzen."
                ).format(n=n)
                f = replace(f, message=message, details={**f.details, "count": n})
            else:
                f = replace(f, details={**f.details, "count": 1})
        kept.append(f)
    return kept


def _is_gender_form(word: str) -> bool:
    return bool(re.search(r"[*:_]in(nen)?$|Innen$", word))


def split_compound(word: str) -> list[str]:
    """Splits a long compound into known words ("Seifenblasenwirtschaft" -> 3 parts)."""
    return list(_split_compound(word))


KNOWN_PART_FREQUENCY = 1e-6  # zipf 3: a compound part must be at least this common
LINKS = ("s", "es", "n", "en")


@lru_cache(maxsize=65536)
def _split_compound(word: str) -> tuple[str, ...]:
    parts = _split_lower(word.lower())
    if parts is None:
        return (word,)
    # keep the original spelling of the first part ("Mitglieder"), the rest lower-case
    return (word[: len(parts[0])], *parts[1:])


@lru_cache(maxsize=65536)
def _split_lower(lw: str) -> tuple[str, ...] | None:
    """Best split of a lower-case compound into known words of four or more letters, or None."""
    get = frequencies().get
    best: tuple[float, tuple[str, ...]] | None = None
    for i in range(4, len(lw) - 3):
        head = lw[:i]
        # the head with or without a linking element ("Mitglieder", "Versammlungs-ordnung")
        head_freq = get(head, 0.0)
        if head[-1] in "sn":
            for link in LINKS:
                if head.endswith(link) and i - len(link) >= 4:
                    head_freq = max(head_freq, get(head[: -len(link)], 0.0))
        if head_freq < KNOWN_PART_FREQUENCY:
            continue
        rest = lw[i:]
        rest_freq = get(rest, 0.0)
        if rest_freq >= KNOWN_PART_FREQUENCY:
            tail: tuple[str, ...] = (rest,)
            quality = min(head_freq, rest_freq)
        elif len(rest) >= 8 and (sub := _split_lower(rest)) is not None:
            tail = sub
            quality = min(head_freq, *(get(t, 0.0) for t in sub))
        else:
            continue
        if best is None or quality > best[0]:
            best = (quality, (head, *tail))
    return best[1] if best else None


def _finding(
    kind: str, start: int, end: int, text: str, message: str, severity: Any,
    details: dict[str, Any], suggestions: tuple[str, ...] = (),
) -> Finding:  # fmt: skip
    return Finding(
        check=CHECK, kind=kind, start=start, end=end, text=text, message=message,
        suggestions=suggestions, severity=severity, details=details,
    )  # fmt: skip
