"""What a message is asking for, learned from examples rather than written as rules.

A logistic-regression head over two views of the message: its all-MiniLM-L6-v2 sentence vector
(meaning, mostly English) and hashed character n-grams (spelling, typos and the other five
languages, which MiniLM reads poorly). The weights are trained by ``scripts/train_intent.py``
from the labelled messages in ``evals/intent/messages.yaml`` (train families only; the test
families stay unseen) and nine more sets by other blind authors (``evals/intent_b`` to
``intent_j``; ``h`` and ``i`` are about the crisis boundary, ``j`` about the hardest
boundaries), and committed, so start-up trains nothing. The rules in ``stance`` remain as
high-recall safety nets (crisis) around this classifier.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

INTENTS = (
    "coaching",
    "role_question",
    "concept",
    "sector",
    "transition",
    "learning",
    "team_pilot",
    "surveillance_request",
    "monitoring_worry",
    "distress",
    "crisis",
    "injection",
    "off_topic",
    "too_vague",
)
WEIGHTS = Path(__file__).resolve().parent / "weights" / "intent_v1.npz"
N_FEATURES = 2**14  # hashed character n-grams; collisions cost little at this vocabulary size
NGRAMS = (2, 5)
TEXT_CHARS = 1000  # the head of a long paste says what it is


VECTOR_WEIGHT = 0.5  # the sentence vector's share beside the n-gram views (grouped CV: 0.5 > 1 > 2)


def _vectorizers():
    """Hashed character n-grams (spelling, typos, other languages) and word uni- and bigrams."""
    from sklearn.feature_extraction.text import HashingVectorizer

    common = {"n_features": N_FEATURES, "alternate_sign": False, "norm": None, "lowercase": True}
    return (
        HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, **common),
        HashingVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", **common),
    )


def ngram_counts(texts: list[str]):
    """The two sparse n-gram count matrices, side by side."""
    import scipy.sparse as sp

    cut = [t[:TEXT_CHARS] for t in texts]
    return sp.hstack([v.transform(cut) for v in _vectorizers()]).tocsr()


def ngram_features(texts: list[str], idf: np.ndarray) -> np.ndarray:
    """Sublinear tf x idf for each view, each view's rows L2-normalised."""
    counts = ngram_counts(texts)
    counts.data = 1.0 + np.log(counts.data)
    dense = counts.multiply(idf).toarray().astype(np.float32)
    views = []
    for start in range(0, dense.shape[1], N_FEATURES):
        view = dense[:, start : start + N_FEATURES]
        views.append(view / np.maximum(np.linalg.norm(view, axis=1, keepdims=True), 1e-9))
    return np.hstack(views)


def features(texts: list[str], vectors: np.ndarray, idf: np.ndarray) -> np.ndarray:
    return np.hstack([VECTOR_WEIGHT * vectors.astype(np.float32), ngram_features(texts, idf)])


@dataclass(frozen=True)
class Intent:
    label: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def p(self, label: str) -> float:
        return self.scores.get(label, 0.0)


class IntentClassifier:
    """Classifies a message into one of ``INTENTS``. Thread-safe; loads MiniLM on first use."""

    def __init__(self, arrays: dict[str, np.ndarray], encoder=None):
        self.coef = arrays["coef"].astype(np.float32)
        self.intercept = arrays["intercept"].astype(np.float32)
        self.idf = arrays["idf"].astype(np.float32)
        self.labels = [str(x) for x in arrays["labels"]]
        self._encoder = encoder
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path = WEIGHTS, encoder=None) -> IntentClassifier:
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files}, encoder)

    def _vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self._encoder is None:
                from coach.llm.embeddings import MiniLMEmbedder

                self._encoder = MiniLMEmbedder()
        return np.asarray(self._encoder.embed_documents([t[:TEXT_CHARS] for t in texts]), dtype=np.float32)

    def classify_many(self, texts: list[str]) -> list[Intent]:
        if not texts:
            return []
        # The tokenizer refuses lone surrogates; callers clean input first, but never crash here.
        texts = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
        x = features(texts, self._vectors(texts), self.idf)
        logits = x @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        out = []
        for row in probs:
            best = int(row.argmax())
            scores = {label: float(p) for label, p in zip(self.labels, row)}
            out.append(Intent(self.labels[best], float(row[best]), scores))
        return out

    def classify(self, text: str) -> Intent:
        return self.classify_many([text])[0]


_SHARED: dict[Path, IntentClassifier] = {}
_SHARED_LOCK = threading.Lock()


def shared_classifier(path: Path = WEIGHTS) -> IntentClassifier | None:
    """The process-wide classifier, or None when its weights are missing (then rules decide)."""
    with _SHARED_LOCK:
        if path not in _SHARED:
            if not path.exists():
                return None
            _SHARED[path] = IntentClassifier.load(path)
        return _SHARED[path]
