"""The sentence-level support check: does a cited passage back what a model's sentence says?

A small logistic model over features a reader would check: how many of the sentence's words and
word pairs the passage holds, whether its numbers and names occur there, whether it negates what
the passage says. Calibrated by ``scripts/train_support.py`` on the labelled pairs in
``evals/support/pairs.yaml`` (weights committed as JSON); sentences below the threshold are
dropped from generated answers. Lexical on purpose: fast, the same on every machine, and a
sentence that copies many words but changes a number or a name still fails.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coach.pipeline.citations import STOPWORDS

WEIGHTS = Path(__file__).resolve().parent / "weights" / "support_v1.json"
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+(?:[.,]\d+)*%?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]+")
_NEGATION = frozenset(
    [
        "no",
        "not",
        "never",
        "nothing",
        "none",
        "nobody",
        "cannot",
        "without",
        "neither",
        "nor",
        "n't",
        "isn't",
        "aren't",
        "doesn't",
        "don't",
        "won't",
        "can't",
        "wasn't",
        "weren't",
        "rather",
        "instead",
        "less",
        "fewer",
    ]
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
FEATURES = ("coverage", "pair_coverage", "missing_numbers", "new_names", "negation_gap")


def _stem(word: str) -> str:
    return word[:6] if len(word) > 6 else word.rstrip("s")


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _content(tokens: list[str]) -> list[str]:
    return [_stem(t) for t in tokens if t not in STOPWORDS and len(t) > 2 and not t[0].isdigit()]


def _numbers(text: str) -> set[str]:
    return {n.replace(",", ".").rstrip(".0") or "0" for n in _NUMBER.findall(text)}


def features(sentence: str, passage: str) -> list[float]:
    """The feature vector of ``FEATURES`` for one (sentence, passage) pair."""
    words = _content(_tokens(sentence))
    source_words = set(_content(_tokens(passage)))
    coverage = sum(w in source_words for w in words) / len(words) if words else 0.0
    pairs = list(zip(words, words[1:]))
    source_pairs: set[tuple[str, str]] = set()
    for part in _SENTENCE.split(passage):
        part_words = _content(_tokens(part))
        source_pairs |= set(zip(part_words, part_words[1:]))
    pair_coverage = sum(p in source_pairs for p in pairs) / len(pairs) if pairs else coverage
    missing_numbers = len(_numbers(sentence) - _numbers(passage))
    passage_lower = passage.lower()
    new_names = sum(name.lower() not in passage_lower for name in _CAPITAL.findall(sentence))
    best = max(
        _SENTENCE.split(passage),
        key=lambda part: len(set(_content(_tokens(part))) & set(words)),
        default="",
    )
    negation_gap = abs(
        sum(t in _NEGATION for t in _tokens(sentence)) - sum(t in _NEGATION for t in _tokens(best))
    )
    return [coverage, pair_coverage, float(missing_numbers), float(new_names), float(negation_gap)]


@dataclass(frozen=True)
class SupportModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, sentence: str, passage: str) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features(sentence, passage)))
        return 1.0 / (1.0 + math.exp(-z))

    def best(self, sentence: str, passages: list[str]) -> float:
        """The support the best of ``passages`` gives ``sentence`` (0 when there are none)."""
        return max((self.probability(sentence, p) for p in passages), default=0.0)

    def supported(self, sentence: str, passages: list[str]) -> bool:
        return self.best(sentence, passages) >= self.threshold


@lru_cache(maxsize=2)
def load_support(path: Path = WEIGHTS) -> SupportModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was trained on other features; run scripts/train_support.py")
    return SupportModel(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))
