"""Calibrated confidence for a task's exposure label, and the "unsure" threshold.

The mix's top class probability is a score, not a promise. ``scripts/eval_exposure.py`` fits,
on out-of-fold predictions of grouped cross-validation (by occupation), a logistic curve per
situation that turns a few score features into P(the label matches the human raters'):

* ``lexical`` / ``shipped``: before import, from the top probability and the margin to the
  runner-up (``lexical`` when only the text model can run, e.g. with another embedder);
* ``lexical+knn`` / ``shipped+knn``: after import, with the kNN neighbours' agreement too
  (the similarity-weighted share of neighbours that carry the chosen label, and how much
  close evidence there is at all).

The curves and the threshold below which a label is shown as unsure are stored as a few
numbers in ``weights/calibration_v1.json`` (no task text); the script rewrites them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CALIBRATION_PATH = Path(__file__).resolve().parent / "weights" / "calibration_v1.json"
# kNN votes as the mapper weighs them (mapper.KNN_POWER); repeated here to avoid a cycle.
VOTE_POWER = 8
_EPS = 1e-6


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def features(
    probs: np.ndarray, sims: np.ndarray | None = None, labels: np.ndarray | None = None
) -> np.ndarray:
    """Score features per row: logit of the top probability, the margin to the runner-up and,
    with neighbours (similarities and 0/1/2 labels, (n, k)), the weighted share of their votes
    that agree with the chosen label and the log of their total vote weight."""
    top2 = np.sort(probs, axis=1)[:, -2:]
    cols = [_logit(top2[:, 1]), top2[:, 1] - top2[:, 0]]
    if sims is not None and labels is not None:
        weights = np.clip(sims, 0.0, None) ** VOTE_POWER
        total = weights.sum(axis=1)
        agree = (weights * (labels == probs.argmax(axis=1)[:, None])).sum(axis=1)
        cols += [np.where(total > 0, agree / np.maximum(total, _EPS), 0.5), np.log(total + 0.01)]
    return np.stack(cols, axis=1)


@dataclass(frozen=True)
class Curve:
    """P(correct) = sigmoid(features @ coef + intercept)."""

    coef: tuple[float, ...]
    intercept: float

    def __call__(self, feats: np.ndarray) -> np.ndarray:
        z = feats @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Calibration:
    curves: dict[str, Curve]
    unsure_below: float  # chosen by cross-validation (see the file's "cv" block)

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> Calibration:
        meta = json.loads(path.read_text())
        curves = {name: Curve(tuple(c["coef"]), float(c["intercept"])) for name, c in meta["curves"].items()}
        return cls(curves, float(meta["unsure_below"]))

    def confidence(
        self,
        situation: str,
        probs: np.ndarray,
        sims: np.ndarray | None = None,
        labels: np.ndarray | None = None,
    ) -> np.ndarray:
        """Calibrated P(correct) of each row's top label; the raw top probability when no curve
        was fitted for ``situation``."""
        curve = self.curves.get(situation)
        if curve is None:
            return probs.max(axis=1)
        with_knn = situation.endswith("+knn")
        return curve(features(probs, sims if with_knn else None, labels if with_knn else None))


def fit_curve(feats: np.ndarray, correct: np.ndarray) -> Curve:
    """A logistic curve from score features to correctness (lightly regularised)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=10.0, max_iter=2000).fit(feats, correct.astype(int))
    return Curve(tuple(round(float(c), 6) for c in lr.coef_[0]), round(float(lr.intercept_[0]), 6))
