"""Calibrate the sentence-level support check (coach/pipeline/support.py) and print its precision
and recall on passages it was not fitted on.

    .venv/bin/python scripts/train_support.py            # measure, then write the weights
    .venv/bin/python scripts/train_support.py --no-save  # measure only

The labelled pairs (evals/support/pairs.yaml) were written by a helper session that never saw
the check. Partial sentences count as unsupported. Figures come from 5-fold cross-validation
grouped by passage (no passage is in both the fitting and the scoring fold), beside a baseline:
word coverage alone at its best threshold. The threshold is chosen for a precision of at least
TARGET_PRECISION on "supported" (a kept sentence is rarely unsupported), on the fitting folds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.pipeline.support import FEATURES, WEIGHTS, features  # noqa: E402

PAIRS = ROOT / "evals" / "support" / "pairs.yaml"
TARGET_PRECISION = 0.9


def load():
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    rows = [pair for group in data["groups"] for pair in group["pairs"]]
    x = np.array([features(p["sentence"], p["passage"]) for p in rows])
    y = np.array([p["label"] == "supported" for p in rows])
    groups = [p["passage_id"] for p in rows]
    return rows, x, y, groups


def threshold_for(probs: np.ndarray, y: np.ndarray, target: float = TARGET_PRECISION) -> float:
    """The lowest threshold whose precision on ``supported`` reaches ``target``."""
    for t in np.linspace(0.05, 0.95, 91):
        kept = probs >= t
        if kept.sum() and y[kept].mean() >= target:
            return float(t)
    return 0.95


def scores(y: np.ndarray, kept: np.ndarray) -> tuple[float, float]:
    precision = float(y[kept].mean()) if kept.sum() else 0.0
    recall = float(kept[y].mean()) if y.sum() else 0.0
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rows, x, y, groups = load()
    print(
        f"{len(rows)} pairs over {len(set(groups))} passages: {int(y.sum())} supported, {int((~y).sum())} not"
    )
    probs = np.zeros(len(y))
    kept = np.zeros(len(y), dtype=bool)
    base_kept = np.zeros(len(y), dtype=bool)
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        model = LogisticRegression(C=1.0, max_iter=2000).fit(x[train], y[train])
        fit_probs = model.predict_proba(x[train])[:, 1]
        probs[test] = model.predict_proba(x[test])[:, 1]
        kept[test] = probs[test] >= threshold_for(fit_probs, y[train])
        base_t = threshold_for(x[train, 0], y[train])
        base_kept[test] = x[test, 0] >= base_t
    p, r = scores(y, kept)
    bp, br = scores(y, base_kept)
    print(f"\n{'check':38s} precision  recall  (of 'supported', on unseen passages)")
    print(f"{'word coverage alone (baseline)':38s} {bp:9.3f} {br:7.3f}")
    print(f"{'support check':38s} {p:9.3f} {r:7.3f}")
    caught = Counter(row["kind"] for row, k, truth in zip(rows, kept, y) if not truth and not k)
    total = Counter(row["kind"] for row, truth in zip(rows, y) if not truth)
    print(
        "\nunsupported sentences dropped, by kind: "
        + ", ".join(f"{k} {caught[k]}/{n}" for k, n in total.most_common())
    )
    langs = Counter(row.get("lang", "en") for row in rows)
    for lang in sorted(langs):
        mask = np.array([row.get("lang", "en") == lang for row in rows])
        lp, lr = scores(y[mask], kept[mask])
        print(f"  {lang}: precision {lp:.3f} recall {lr:.3f} ({mask.sum()} pairs)")

    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    threshold = threshold_for(model.predict_proba(x)[:, 1], y)
    print(
        f"\nfinal threshold {threshold:.2f}; weights "
        + ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, model.coef_[0]))
    )
    if not args.no_save:
        WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
        WEIGHTS.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "weights": [round(float(w), 6) for w in model.coef_[0]],
                    "bias": round(float(model.intercept_[0]), 6),
                    "threshold": round(threshold, 3),
                    "trained_on": str(PAIRS.relative_to(ROOT)),
                    "cv_precision": round(p, 3),
                    "cv_recall": round(r, 3),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
