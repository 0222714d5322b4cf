"""Understandability score vs. human complexity ratings (TextComplexityDE), and check speed."""

from __future__ import annotations

import os
import re
import statistics
import time
from pathlib import Path

import numpy as np
import textstat
from scipy.stats import spearmanr

from benchmarks.fit_readability import cross_validated_predictions, feature_matrix, load_ratings
from benchmarks.table import print_table
from kikultur.checks.findings import CheckContext
from kikultur.checks.language.features import words_of, zipf
from kikultur.checks.language.gender import _match_cached, check_gender
from kikultur.checks.language.person_names import person_name_spans
from kikultur.checks.language.platforms import check_platform
from kikultur.checks.language.readability import (
    _split_compound,
    _split_lower,
    check_readability,
)
from kikultur.checks.language.sensitive import check_sensitive
from kikultur.checks.language.sentences import _split_cached
from kikultur.checks.language.syllables import count_syllables

GOAL_RHO = 0.80
SPEED_WORDS = 10_000
SPEED_GOAL_MS = 200.0

SAMPLE = (
    "Liebe Nachbarinnen und Nachbarn, am 3. Mai lädt das Stadtteilkulturzentrum z. B. zu einer "
    "Lesung ein. Jeder Teilnehmer bekommt eine Tasse Kaffee. Die Veranstaltung wird von der "
    "Bezirksversammlung gefördert. Wir danken unseren ehrenamtlichen Helfern und allen "
    "Besuchern. Die Sänger des Männerchors singen im Saal, Herr Demir schließt um 22 Uhr ab. "
    "Anmeldung bitte über die Teilnehmerliste im Büro! #Kultur #Hamburg\n\n"
)


def _rho(a: object, b: object) -> float:
    return float(spearmanr(a, b).statistic)


def correlation_rows() -> list[list[object]]:
    sentences, mos = load_ratings()
    x = feature_matrix(sentences)
    cv = [_rho(-cross_validated_predictions(x, mos, seed=s), mos) for s in range(5)]
    shipped = [check_readability(s, CheckContext()).metrics["score"] for s in sentences]
    textstat.set_lang("de")
    amstad = [textstat.flesch_reading_ease(s) for s in sentences]
    wps = [len(words_of(s)) for s in sentences]
    return [
        ["textstat Flesch-Amstad (lang de)", _rho(amstad, mos), "anchor (issue: 0.55)"],
        ["words per sentence alone", _rho(wps, mos), "anchor (issue: 0.72)"],
        [
            "ours: understandability score, 10-fold CV (mean of 5 splits)",
            float(np.mean(cv)),
            f"range {min(abs(r) for r in cv):.3f}-{max(abs(r) for r in cv):.3f}; "
            "weights fitted on 9/10, scored on the held-out 1/10",
        ],
        [
            "ours: shipped score (weights fitted on all 1000)",
            _rho(shipped, mos),
            "in-sample, NOT the figure to judge",
        ],
    ]


def speed_text() -> str:
    """About 10,000 words of varied text: our domain texts, then TextComplexityDE sentences."""
    parts = [SAMPLE]
    for path in sorted((Path(__file__).parent / "data" / "gender").rglob("*.txt")):
        parts.append(re.sub(r"\[\[|\]\]|\{\{|\}\}|\(\(|\)\)", "", path.read_text("utf-8")))
    sentences, _mos = load_ratings()
    text = "\n\n".join(parts)
    for sentence in sentences:
        if len(words_of(text)) >= SPEED_WORDS:
            break
        text += " " + sentence
    return text


def _clear_word_caches() -> None:
    """Forget per-word caches so that every run pays for every word (the lexicon stays)."""
    for cached in (
        zipf,
        count_syllables,
        _match_cached,
        _split_cached,
        _split_compound,
        _split_lower,
        person_name_spans,  # per text: gender and readability share one search per run
    ):
        cached.cache_clear()


def speed_rows() -> list[list[object]]:
    text = speed_text()
    context = CheckContext(gender_style="stern", channel="mastodon")

    def all_checks() -> None:
        check_gender(text, context)
        check_sensitive(text, context)
        check_readability(text, CheckContext(leichte_sprache=True))
        check_platform(text, context)

    all_checks()  # warm-up: loads the lexicon, word frequencies and model once per process
    wall, cpu = [], []
    for _ in range(15):
        _clear_word_caches()
        started, started_cpu = time.perf_counter(), time.process_time()
        all_checks()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    words = f"{len(words_of(text)):,}"
    rows = []
    for label, timings in (("wall clock", wall), ("CPU time of this process", cpu)):
        median = statistics.median(timings)
        rows.append(
            [
                f"all checks, {words} words, {label} (median of 15, word caches cleared)",
                f"{median:.0f} ms",
                f"< {SPEED_GOAL_MS:.0f} ms",
                "met" if median < SPEED_GOAL_MS else "NOT met",
            ]
        )
    return rows


def run() -> None:
    rows = correlation_rows()
    print("Spearman rho with MOS_Complexity, TextComplexityDE ratings.csv (1,000 sentences).")
    print("Signs are turned so that higher = agrees with the ratings (easier scores, harder MOS).")
    print()
    print_table(
        ["measure", "abs(rho)", "note"],
        [[name, abs(rho), note] for name, rho, note in rows],  # type: ignore[arg-type]
    )
    cv_rho = abs(float(rows[2][1]))  # type: ignore[arg-type]
    print()
    status = "met" if cv_rho >= GOAL_RHO else "NOT met"
    print(f"Goal abs(rho) >= {GOAL_RHO:.2f} (cross-validated): {status}")
    print(
        "Caveat: the ten features were chosen while looking at cross-validated results on this "
        "same set (no third data set was available), so the CV figure may be slightly optimistic."
    )
    print()
    print_table(["speed", "measured", "goal", "status"], speed_rows())
    print()
    print(
        f"(machine load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
