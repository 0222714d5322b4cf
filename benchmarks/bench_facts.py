"""Fact check benchmark: recall per kind on planted errors, false alarms on clean text, speed."""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from benchmarks.table import print_table
from kikultur.checks.facts import check_facts
from kikultur.checks.findings import CheckContext, Finding

DATA = Path(__file__).resolve().parent / "data" / "facts" / "texts"
KINDS = ("NUMBER", "MONEY", "DATE", "WEEKDAY", "TIME", "CONTACT", "NAME", "QUOTE", "INVENTED")
# Swapped roles ("Einlass" and "Beginn" times, full and reduced price exchanged): every value
# still stands in the sources. No goal in the issue; these were written after the rule.
EXTRA_KINDS = ("SWAP",)
GOALS = {
    "NUMBER": 0.95, "MONEY": 0.95, "DATE": 0.95, "WEEKDAY": 0.95, "TIME": 0.95,
    "CONTACT": 0.95, "NAME": 0.85, "QUOTE": 0.85, "INVENTED": 0.70,
}  # fmt: skip
GOAL_TEXT = {**{k: f">= {v:.2f}" for k, v in GOALS.items()}, "SWAP": "(kein Ziel)"}
# Texts 01-12: development. 13-24: held out while the rules were developed (their results were
# printed twice early on, see README). 25-30: written after the rules were frozen, run once.
HOLDOUT_FROM = 13
FRESH_FROM = 25
# A wrong attribution changes the name next to a quote; the QUOTE finding sits on the quote.
QUOTE_REACH = 200


@dataclass
class Sample:
    id: str
    part: str
    text: str
    context: CheckContext
    errors: list[dict[str, str]]
    sources_text: str


@dataclass
class Tally:
    hits: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    false_alarms: int = 0
    words: int = 0
    misses: list[str] = field(default_factory=list)
    # Of the detected planted errors, how many were shown as a contradiction (with the value).
    contradicted: dict[str, int] = field(default_factory=dict)
    clean_claims: int = 0
    alarms: list[str] = field(default_factory=list)

    def add(self, kind: str, hit: bool) -> None:
        self.total[kind] = self.total.get(kind, 0) + 1
        self.hits[kind] = self.hits.get(kind, 0) + int(hit)

    def recall(self, kind: str) -> float | None:
        n = self.total.get(kind, 0)
        return self.hits.get(kind, 0) / n if n else None

    def fa_rate(self) -> float:
        return 1000 * self.false_alarms / self.words if self.words else 0.0


def load_samples() -> list[Sample]:
    samples = []
    for path in sorted(DATA.glob("*.yaml")):
        # BaseLoader keeps every value a string: "38.600" must not become the float 38.6.
        data: dict[str, Any] = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
        facts = {str(k): str(v) for k, v in (data.get("facts") or {}).items()}
        sources = [str(s) for s in data.get("sources") or []]
        factsheet = data.get("factsheet") or {}
        number = int(path.name[:2])
        sources_text = "\n".join(
            [*facts.values(), *sources, yaml.safe_dump(factsheet, allow_unicode=True)]
        )
        samples.append(
            Sample(
                id=data["id"],
                part="fresh"
                if number >= FRESH_FROM
                else "holdout"
                if number >= HOLDOUT_FROM
                else "dev",
                text=data["text"],
                context=CheckContext(facts=facts, sources=sources, factsheet=factsheet),
                errors=data.get("errors") or [],
                sources_text=sources_text,
            )
        )
    return samples


def plant(text: str, error: dict[str, str]) -> tuple[str, int, int]:
    """Applies one planted error; returns the new text and the changed span in it."""
    find, replace = error["find"], error["replace"]
    if text.count(find) != 1:
        raise ValueError(f"'{find}' kommt nicht genau einmal im Text vor")
    new = text.replace(find, replace)
    start = 0
    while start < min(len(text), len(new)) and text[start] == new[start]:
        start += 1
    end_old, end_new = len(text), len(new)
    while end_old > start and end_new > start and text[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    if end_new <= start:  # a pure deletion: mark the characters on both sides of the gap
        return new, max(0, start - 1), start + 1
    return new, start, end_new


def _flagged(f: Finding) -> bool:
    return f.status in ("unsupported", "contradicted")


def ours_detects(findings: list[Finding], kind: str, start: int, end: int) -> Finding | None:
    """The finding that reports the planted error, if any."""
    for f in findings:
        if not _flagged(f):
            continue
        if kind in ("INVENTED", "SWAP"):
            ok_kind, reach = True, 0
        elif kind == "QUOTE":
            ok_kind, reach = f.kind in ("QUOTE", "NAME"), QUOTE_REACH
        else:
            ok_kind, reach = f.kind == kind, 0
        if ok_kind and f.start < end + reach and f.end > start - reach:
            return f
    return None


_NAIVE_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[A-ZÄÖÜ][\wäöüß-]+")


def naive_flags(text: str, sources_text: str) -> list[tuple[int, int]]:
    """Baseline: every number and capitalised word must occur verbatim in the sources."""
    known = set(_NAIVE_TOKEN.findall(sources_text))
    return [(m.start(), m.end()) for m in _NAIVE_TOKEN.finditer(text) if m[0] not in known]


def evaluate(samples: list[Sample]) -> dict[str, tuple[Tally, Tally]]:
    """Tallies (ours, baseline) for 'dev', 'holdout', 'fresh' and 'all'."""
    parts = {name: (Tally(), Tally()) for name in ("dev", "holdout", "fresh", "all")}
    for sample in samples:
        groups = [parts["all"], parts[sample.part]]
        words = len(sample.text.split())
        all_clean = check_facts(sample.text, sample.context)
        clean = [f for f in all_clean if _flagged(f)]
        naive_clean = naive_flags(sample.text, sample.sources_text)
        for ours, naive in groups:
            ours.words += words
            naive.words += words
            ours.false_alarms += len(clean)
            ours.clean_claims += len(all_clean)
            naive.false_alarms += len(naive_clean)
            ours.alarms += [f"{sample.id}: {f.kind} {f.text!r} ({f.status})" for f in clean]
        for error in sample.errors:
            text, start, end = plant(sample.text, error)
            kind = error["kind"]
            found = ours_detects(check_facts(text, sample.context), kind, start, end)
            hit = found is not None
            naive_hit = any(
                s < end and e > start for s, e in naive_flags(text, sample.sources_text)
            )
            for ours, naive in groups:
                ours.add(kind, hit)
                if found is not None and found.status == "contradicted":
                    ours.contradicted[kind] = ours.contradicted.get(kind, 0) + 1
                naive.add(kind, naive_hit)
                if not hit:
                    ours.misses.append(f"{sample.id}: {kind} {error['replace']!r}")
    return parts


def speed(samples: list[Sample], words: int = 10_000, runs: int = 7) -> tuple[int, float, float]:
    """One long document (the clean texts, repeated to 10,000 words) checked against the union
    of their sources, as a long report would be checked against everything the user gave."""
    corpus: list[str] = []
    count = 0
    while count < words:
        for sample in samples:
            corpus.append(sample.text)
            count += len(sample.text.split())
    text = " ".join(" ".join(corpus).split(" ")[:words])
    context = CheckContext(
        facts={f"{s.id} {k}": v for s in samples for k, v in s.context.facts.items()},
        sources=[src for s in samples for src in s.context.sources],
        factsheet={s.id: s.context.factsheet for s in samples if s.context.factsheet},
    )
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        check_facts(text, context)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return len(text.split()), 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def run() -> None:
    samples = load_samples()
    parts = evaluate(samples)
    dev, hold, fresh = parts["dev"][0], parts["holdout"][0], parts["fresh"][0]
    all_, naive_all = parts["all"]
    rows: list[list[object]] = []
    for kind in KINDS + EXTRA_KINDS:
        rows.append(
            [
                kind,
                all_.total.get(kind, 0),
                _pct(dev.recall(kind)),
                _pct(hold.recall(kind)),
                _pct(fresh.recall(kind)),
                _pct(all_.recall(kind)),
                _pct(naive_all.recall(kind)),
                GOAL_TEXT[kind],
            ]
        )
    rows.append(
        [
            "Fehlalarme / 1.000 Wörter sauberer Text",
            f"{all_.words} Wörter",
            f"{dev.fa_rate():.2f}",
            f"{hold.fa_rate():.2f}",
            f"{fresh.fa_rate():.2f}",
            f"{all_.fa_rate():.2f}",
            f"{naive_all.fa_rate():.2f}",
            "<= 1.00",
        ]
    )
    print_table(
        [
            "Art",
            "geplant",
            "ours dev (01-12)",
            "ours holdout (13-24)",
            "ours frisch (25-30)",
            "ours gesamt",
            "naive Baseline gesamt",
            "Ziel",
        ],
        rows,
    )
    print()
    status_rows: list[list[object]] = []
    for kind in KINDS + EXTRA_KINDS:
        hits = all_.hits.get(kind, 0)
        shown = all_.contradicted.get(kind, 0)
        status_rows.append([kind, hits, shown, _pct(shown / hits if hits else None)])
    print_table(["Art", "erkannt", "davon als Widerspruch (mit Quellwert)", "Anteil"], status_rows)
    print(
        f"\nSaubere Texte: {all_.clean_claims} Angaben geprüft, davon "
        f"{all_.false_alarms} nicht als belegt gezeigt."
    )
    n_words, ms, cpu_ms = speed(samples)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print()
    print_table(
        [
            "Geschwindigkeit",
            "Wörter",
            "Median Wanduhr (7 Läufe)",
            "Median CPU-Zeit",
            "Last",
            "Ziel",
        ],
        [["check_facts", n_words, f"{ms:.0f} ms", f"{cpu_ms:.0f} ms", f"{load:.1f}", "< 200 ms"]],
    )
    if all_.alarms:
        print("\nFehlalarme auf sauberem Text:")
        for line in all_.alarms:
            print(f"- {line}")
    if all_.misses:
        print("\nNicht erkannte geplante Fehler:")
        for line in all_.misses:
            print(f"- {line}")


if __name__ == "__main__":
    run()
