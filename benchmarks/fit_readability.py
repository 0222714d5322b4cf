"""Fits the weights of the understandability score on TextComplexityDE (ridge regression).

Run `python -m benchmarks.fit_readability` to write kikultur/data/language/readability_model.json.
`bench_readability` reports the cross-validated correlation of this very fitting procedure.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from kikultur.checks.language.features import FEATURE_NAMES, complexity_features, words_of, zipf

ROOT = Path(__file__).resolve().parents[1]
MODEL_FILE = ROOT / "kikultur" / "data" / "language" / "readability_model.json"
RIDGE = 1.0


def shared_benchmarks() -> Path:
    near = ROOT.parent / "shared" / "benchmarks"
    return near if near.is_dir() else Path("/work/shared/benchmarks")


def load_ratings() -> tuple[list[str], np.ndarray]:
    path = shared_benchmarks() / "readability-textcomplexityde" / "ratings.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["Sentence"] for r in rows], np.array([float(r["MOS_Complexity"]) for r in rows])


def feature_matrix(sentences: list[str]) -> np.ndarray:
    rows = []
    for sentence in sentences:
        words = words_of(sentence)
        feats = complexity_features(sentence, words, [zipf(w) for w in words])
        rows.append([feats[name] for name in FEATURE_NAMES])
    return np.array(rows)


def fit(x: np.ndarray, y: np.ndarray) -> dict[str, list[float] | float]:
    """Ridge regression on standardised features; returns what the product needs to predict."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    a = np.c_[(x - mean) / std, np.ones(len(x))]
    penalty = RIDGE * np.eye(a.shape[1])
    penalty[-1, -1] = 0.0  # the intercept is not shrunk
    w = np.linalg.solve(a.T @ a + penalty, a.T @ y)
    return {
        "mean": mean.tolist(),
        "std": std.tolist(),
        "weights": w[:-1].tolist(),
        "intercept": float(w[-1]),
    }


def predict(model: dict[str, list[float] | float], x: np.ndarray) -> np.ndarray:
    mean = np.array(model["mean"])
    std = np.array(model["std"])
    return ((x - mean) / std) @ np.array(model["weights"]) + float(model["intercept"])  # type: ignore[arg-type]


def cross_validated_predictions(
    x: np.ndarray, y: np.ndarray, folds: int = 10, seed: int = 0
) -> np.ndarray:
    order = np.random.default_rng(seed).permutation(len(y))
    pred = np.zeros(len(y))
    for part in np.array_split(order, folds):
        train = np.setdiff1d(order, part)
        pred[part] = predict(fit(x[train], y[train]), x[part])
    return pred


def main() -> None:
    sentences, y = load_ratings()
    x = feature_matrix(sentences)
    model = fit(x, y)
    model_out = {
        "features": list(FEATURE_NAMES),
        **model,
        "target": "MOS_Complexity (1 = leicht, 7 = schwer)",
        "fitted_on": "TextComplexityDE19 ratings.csv, 1000 Sätze (MIT); Ridge, lambda=1",
    }
    MODEL_FILE.write_text(
        json.dumps(model_out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"geschrieben: {MODEL_FILE}")


if __name__ == "__main__":
    main()
