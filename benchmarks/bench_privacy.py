"""Privacy shield vs. Microsoft Presidio (offline, German): precision/recall per kind, speed.

Data: (a) PER spans of the GermEval 2014 test split, (b) synthetic German documents
(registration lists, e-mails, minutes; Faker de_DE/tr_TR/pl_PL/vi_VN plus Ukrainian and Arabic
names from the shared lists, seed 2014). Presidio runs with a blank German spaCy pipeline (no
model can be downloaded here) and its German and generic pattern recognizers.

The synthetic names come from lists the detector reads too (Faker's name lists and the shared
international lists): its PERSON row shows how well the rules handle documents, not names no
list knows. GermEval's names come from no list: that row is the measure for unknown names.

The name rules were developed against the GermEval *dev* split only (error categories, never
single sentences); the figures below are on the *test* split, which no rule or list was tuned on.

Matching rules, both printed: `exact` = same kind, same start and end; `overlap` = same kind
and the spans share at least one character (each gold span matched at most once).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from phonenumbers.phonemetadata import PhoneMetadata

from benchmarks.privacy_synthetic import generate
from benchmarks.table import print_table
from kikultur.checks.findings import CheckContext
from kikultur.checks.privacy.detect import KINDS, detect

BENCH_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
if not BENCH_DIR.is_dir():
    BENCH_DIR = Path("/work/shared/benchmarks")
GERMEVAL_TEST = BENCH_DIR / "ner-germeval2014" / "NER-de-test.tsv"

Spans = list[tuple[str, int, int]]
Detector = Callable[[str], Spans]

PRESIDIO_KINDS = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "IBAN_CODE": "IBAN",
    "DE_TAX_ID": "ID_NUMBER",
    "DE_TAX_NUMBER": "ID_NUMBER",
    "DE_SOCIAL_SECURITY": "ID_NUMBER",
    "DE_ID_CARD": "ID_NUMBER",
    "DE_PASSPORT": "ID_NUMBER",
    # Presidio has no address or birth-date recognizer; its nearest ones stand in, so that it
    # gets every chance: a postcode for ADDRESS, any date for DATE_OF_BIRTH.
    "DE_PLZ": "ADDRESS",
    "DATE_TIME": "DATE_OF_BIRTH",
}
GOALS = {
    "PERSON": "R >= 0.85 at P >= 0.75 (GermEval PER)",
    "EMAIL": "R >= 0.98",
    "PHONE": "R >= 0.98",
    "IBAN": "R >= 0.98",
    "ID_NUMBER": "R >= 0.98",
}


def ours(text: str) -> Spans:
    return [(f.kind, f.start, f.end) for f in detect(text, CheckContext())]


def presidio_detector() -> Detector:
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        DateRecognizer,
        DeIdCardRecognizer,
        DePassportRecognizer,
        DePlzRecognizer,
        DeSocialSecurityRecognizer,
        DeTaxIdRecognizer,
        DeTaxNumberRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    # Presidio's e-mail recognizer asks tldextract, which would download the public-suffix list;
    # offline it must use the snapshot bundled with tldextract (same answers, no network).
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    engine = SpacyNlpEngine(models=[{"lang_code": "de", "model_name": "blank-de"}])
    # No model download is possible: a blank German pipeline (tokenizer only) takes its place.
    engine.nlp = {"de": spacy.blank("de")}
    registry = RecognizerRegistry(supported_languages=["de"])
    for recognizer in (
        SpacyRecognizer(supported_language="de"),
        EmailRecognizer(supported_language="de"),
        PhoneRecognizer(supported_language="de", supported_regions=("DE",)),
        IbanRecognizer(supported_language="de"),
        DateRecognizer(supported_language="de"),
        DeTaxIdRecognizer(),
        DeTaxNumberRecognizer(),
        DeSocialSecurityRecognizer(),
        DeIdCardRecognizer(),
        DePassportRecognizer(),
        DePlzRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["de"])

    def run(text: str) -> Spans:
        results = analyzer.analyze(text=text, language="de")
        spans = [
            (PRESIDIO_KINDS[r.entity_type], r.start, r.end)
            for r in results
            if r.entity_type in PRESIDIO_KINDS
        ]
        return _deduplicate(spans)

    return run


def _deduplicate(spans: Spans) -> Spans:
    """Presidio may report nested spans of one kind; keep the longest of each overlap."""
    kept: Spans = []
    for span in sorted(spans, key=lambda s: (s[1], -(s[2] - s[1]))):
        if kept and kept[-1][0] == span[0] and span[1] < kept[-1][2]:
            continue
        kept.append(span)
    return kept


def load_germeval(path: Path) -> list[tuple[str, Spans]]:
    """Sentences as text (tokens joined by spaces) with their outer-column PER spans."""
    sentences: list[tuple[str, Spans]] = []
    tokens: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in [*handle, "\n"]:
            if line.startswith("#"):
                continue
            if not line.strip():
                if tokens:
                    sentences.append(_sentence(tokens))
                    tokens = []
                continue
            parts = line.rstrip("\n").split("\t")
            tokens.append((parts[1], parts[2]))
    return sentences


def _sentence(tokens: list[tuple[str, str]]) -> tuple[str, Spans]:
    text = ""
    gold: Spans = []
    current: list[int] | None = None
    for token, tag in tokens:
        start = len(text)
        text += token + " "
        if tag == "B-PER":
            if current:
                gold.append(("PERSON", current[0], current[1]))
            current = [start, start + len(token)]
        elif tag == "I-PER" and current:
            current[1] = start + len(token)
        elif current:
            gold.append(("PERSON", current[0], current[1]))
            current = None
    if current:
        gold.append(("PERSON", current[0], current[1]))
    return text.rstrip(" "), gold


def score(
    docs: Sequence[tuple[str, Spans]], predictions: Sequence[Spans], kinds: Sequence[str]
) -> dict[tuple[str, str], tuple[float | None, float | None, int]]:
    """(kind, rule) -> (precision, recall, gold count); None where nothing to divide by."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, pred, gold
    for (_text, gold), predicted in zip(docs, predictions, strict=True):
        for kind in kinds:
            g = [s for s in gold if s[0] == kind]
            p = [s for s in predicted if s[0] == kind]
            for rule in ("exact", "overlap"):
                c = counts[(kind, rule)]
                c[1] += len(p)
                c[2] += len(g)
                c[0] += _matches(g, p, rule)
    result: dict[tuple[str, str], tuple[float | None, float | None, int]] = {}
    for key, (tp, pred, gold_count) in counts.items():
        precision = tp / pred if pred else None
        recall = tp / gold_count if gold_count else None
        result[key] = (precision, recall, gold_count)
    return result


def _matches(gold: Spans, predicted: Spans, rule: str) -> int:
    used: set[int] = set()
    hits = 0
    for _kind, start, end in predicted:
        for index, (_gkind, gstart, gend) in enumerate(gold):
            if index in used:
                continue
            same = (start, end) == (gstart, gend)
            if same or (rule == "overlap" and start < gend and gstart < end):
                used.add(index)
                hits += 1
                break
    return hits


WARM_UP = "Frau Ayşe Yılmaz, Veringstraße 12, 21107 Hamburg, Tel. 040 1234567, geb. 01.02.1980."


# The machine is shared: its load changes within seconds. Both systems therefore run slice by
# slice in turns over the same documents, so that a busy moment slows both alike.
SLICE = 250


def timed_in_turns(
    detectors: dict[str, Detector], docs: Sequence[tuple[str, Spans]]
) -> dict[str, tuple[list[Spans], float]]:
    """Predictions and total seconds per system; every document is seen once per system."""
    # Both systems use `phonenumbers`, which loads each region's tables when it first meets a
    # number from there; whichever system ran first in a slice paid for both. Loading them all
    # up front keeps that shared set-up out of either system's time.
    PhoneMetadata.load_all()
    for detector in detectors.values():
        detector(WARM_UP)  # word lists and pipelines load before the clock starts
    predictions: dict[str, list[Spans]] = {name: [] for name in detectors}
    seconds = dict.fromkeys(detectors, 0.0)
    for offset in range(0, len(docs), SLICE):
        texts = [text for text, _gold in docs[offset : offset + SLICE]]
        for name, detector in detectors.items():
            started = time.perf_counter()
            predictions[name].extend(detector(text) for text in texts)
            seconds[name] += time.perf_counter() - started
    return {name: (predictions[name], seconds[name]) for name in detectors}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def run() -> None:
    presidio = presidio_detector()
    germeval = load_germeval(GERMEVAL_TEST)
    synthetic_docs = generate(150)
    synthetic = [(d.text, d.gold) for d in synthetic_docs]

    rows: list[list[Any]] = []
    speed: dict[str, list[float]] = {"ours": [0.0, 0.0], "presidio": [0.0, 0.0]}
    results: dict[tuple[str, str], dict[tuple[str, str], tuple[float | None, float | None, int]]]
    results = {}
    for data_name, docs, kinds in (
        ("GermEval test PER", germeval, ["PERSON"]),
        ("synthetic", synthetic, list(KINDS)),
    ):
        chars = sum(len(text) for text, _ in docs)
        runs = timed_in_turns({"ours": ours, "presidio": presidio}, docs)
        for system, (predictions, seconds) in runs.items():
            speed[system][0] += chars
            speed[system][1] += seconds
            results[(data_name, system)] = score(docs, predictions, kinds)
        for kind in kinds:
            for rule in ("exact", "overlap"):
                o = results[(data_name, "ours")][(kind, rule)]
                p = results[(data_name, "presidio")][(kind, rule)]
                goal = GOALS.get(kind, "ours >= Presidio")
                rows.append(
                    [
                        data_name,
                        kind,
                        rule,
                        o[2],
                        _fmt(o[0]),
                        _fmt(o[1]),
                        _fmt(p[0]),
                        _fmt(p[1]),
                        goal,
                    ]
                )
    print(
        "GermEval: rules developed on the dev split (NER-de-dev.tsv), scored here on the test"
        " split (NER-de-test.tsv).\n"
    )
    print_table(
        ["data", "kind", "match", "gold", "P ours", "R ours", "P Presidio", "R Presidio", "goal"],
        rows,
    )
    ours_rate = speed["ours"][0] / speed["ours"][1]
    presidio_rate = speed["presidio"][0] / speed["presidio"][1]
    print()
    print_table(
        ["system", "chars", "seconds", "chars/s", "goal"],
        [
            [
                "ours",
                int(speed["ours"][0]),
                f"{speed['ours'][1]:.2f}",
                int(ours_rate),
                f">= 5x Presidio (here {ours_rate / presidio_rate:.1f}x)",
            ],
            [
                "presidio",
                int(speed["presidio"][0]),
                f"{speed['presidio'][1]:.2f}",
                int(presidio_rate),
                "",
            ],
        ],
    )
    big = ("Frau Ayşe Yılmaz, Veringstraße 12, 21107 Hamburg, Tel. 040 1234567. " * 150_000)[
        : 10 * 1024 * 1024
    ]
    started = time.perf_counter()
    found = len(detect(big, CheckContext()))
    print(f"\n10 MB text: {found} findings in {time.perf_counter() - started:.1f} s (ours only).")
