"""Train the intent classifier (coach/pipeline/intent.py) and print how it does on unseen families.

    .venv/bin/python scripts/train_intent.py            # measure, then write the weights
    .venv/bin/python scripts/train_intent.py --no-save  # measure only

The labelled messages (evals/intent/messages.yaml) come in families: paraphrases of one message.
Families are split once, seeded, into train (80%) and test (20%), so no paraphrase of a test
message is ever trained on. The script prints, on the test families: macro-F1, per-intent F1,
crisis recall and the false-decline rate on team-lead questions (team_pilot messages routed to
surveillance_request), beside a majority-class baseline; and the same figures from 5-fold
cross-validation grouped by family over all families. The committed weights are trained on the
train families only, so the test families stay unseen by the shipped model.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.pipeline.intent import INTENTS, WEIGHTS, features, ngram_counts  # noqa: E402

DATA = ROOT / "evals" / "intent" / "messages.yaml"
TEST_SHARE = 0.2
SEED = 20261203
C = 8.0  # inverse regularisation: chosen on the grouped CV of the train families only


def load(path: Path = DATA) -> tuple[list[str], list[str], list[str], list[str]]:
    """(texts, labels, family ids, languages)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts, labels, groups, langs = [], [], [], []
    for family in data["families"]:
        for item in family["items"]:
            texts.append(str(item["text"]))
            labels.append(family["intent"])
            groups.append(family["id"])
            langs.append(item.get("lang", "en"))
    return texts, labels, groups, langs


def split(groups: list[str], labels: list[str]) -> np.ndarray:
    """True for rows of test families: a seeded draw of TEST_SHARE of each intent's families."""
    rng = np.random.default_rng(SEED)
    intent_of = dict(zip(groups, labels))
    test: set[str] = set()
    for intent in sorted(set(labels)):
        families = sorted(f for f, i in intent_of.items() if i == intent)
        test |= set(rng.choice(families, size=max(1, round(len(families) * TEST_SHARE)), replace=False))
    return np.array([g in test for g in groups])


def idf_of(texts: list[str]) -> np.ndarray:
    counts = ngram_counts(texts)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + len(texts)) / (1 + df)) + 1.0).astype(np.float32)


def fit(x: np.ndarray, y: np.ndarray, c: float = C):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    return model.fit(x, y)


def report(name: str, y_true: list[str], y_pred: list[str]) -> dict[str, float]:
    from sklearn.metrics import f1_score

    labels = [i for i in INTENTS if i in set(y_true)]
    per = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    macro = float(np.mean(per))
    crisis = [p for t, p in zip(y_true, y_pred) if t == "crisis"]
    pilots = [p for t, p in zip(y_true, y_pred) if t == "team_pilot"]
    recall = sum(p == "crisis" for p in crisis) / max(len(crisis), 1)
    false_decline = sum(p == "surveillance_request" for p in pilots) / max(len(pilots), 1)
    print(
        f"\n{name}: macro-F1 {macro:.3f}, crisis recall {recall:.3f} ({len(crisis)} items), "
        f"false declines on team-lead questions {false_decline:.3f} ({len(pilots)} items)"
    )
    for label, f in zip(labels, per):
        print(f"  {label:22s} F1 {f:.3f}")
    return {"macro_f1": macro, "crisis_recall": recall, "false_decline": false_decline}


EXPECTED_MODE = {"crisis": "support", "distress": "support", "surveillance_request": "decline"}
EXPECTED_MODE |= {"off_topic": "redirect", "too_vague": "clarify"}


def routing(
    texts: list[str], truth: list[str], model, idf: np.ndarray, vectors: np.ndarray, title: str
) -> None:
    """What the person meets: the reply mode of ``stance.decide`` with the rules' safety nets
    around this model, beside the rules alone (as for a new user: no role or tasks known yet)."""
    from coach.llm.embeddings import MiniLMEmbedder
    from coach.pipeline.intent import Intent
    from coach.pipeline.stance import decide

    known = dict(zip(texts, vectors))
    encoder = MiniLMEmbedder()

    def classify(text: str) -> Intent:  # decide() classifies the message with injections removed
        vector = known[text] if text in known else np.asarray(encoder.embed_query(text), dtype=np.float32)
        row = model.predict_proba(features([text], vector[None, :], idf))[0]
        return Intent(
            model.classes_[int(row.argmax())], float(row.max()), dict(zip(model.classes_, map(float, row)))
        )

    print(f"\nreply mode on {title} (a new user: no role or tasks known yet)")
    for name, router in (("rules alone", None), ("classifier + safety nets", classify)):
        modes = [decide(t, has_role=False, has_tasks=False, classify=router) for t in texts]
        right = [
            (m.mode == EXPECTED_MODE.get(i, "coach"))
            or (i == "injection" and m.mode in ("redirect", "coach"))
            for m, i in zip(modes, truth)
        ]
        crisis = [m.crisis for m, i in zip(modes, truth) if i == "crisis"]
        declined = [
            m.mode == "decline" for m, i in zip(modes, truth) if i in ("team_pilot", "monitoring_worry")
        ]
        print(
            f"  {name:26s} right mode {np.mean(right):.3f}; crisis recall {np.mean(crisis):.3f} "
            f"({len(crisis)}); false declines on team-lead and monitored-worker questions "
            f"{np.mean(declined):.3f} ({len(declined)})"
        )


def encode(texts: list[str], cache: Path | None) -> np.ndarray:
    """MiniLM vectors of ``texts``, cached in ``cache`` (a .npy) when given."""
    from coach.llm.embeddings import MiniLMEmbedder

    if cache and cache.exists():
        return np.load(cache)
    vectors = np.asarray(MiniLMEmbedder().embed_documents([t[:1000] for t in texts]), dtype=np.float32)
    if cache:
        np.save(cache, vectors)
    return vectors


def by_lang(langs: np.ndarray, truth: np.ndarray, guessed: np.ndarray) -> None:
    right: dict[str, list[bool]] = {}
    for lang, t, g in zip(langs, truth, guessed):
        right.setdefault(str(lang), []).append(t == g)
    print(
        "  accuracy by language: "
        + ", ".join(f"{k} {np.mean(v):.2f} ({len(v)})" for k, v in sorted(right.items()))
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--cv", action="store_true", help="also run 5-fold CV grouped by family")
    parser.add_argument("--vectors", type=Path, help="cache the MiniLM vectors of the messages in this .npy")
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        help="another author's messages: a test of the set-A model, then training data "
        "(repeatable; default: evals/intent_b to intent_j)",
    )
    args = parser.parse_args()

    from sklearn.model_selection import GroupKFold

    texts, labels, groups, langs = load()
    y = np.array(labels)
    print(f"{len(texts)} messages, {len(set(groups))} families, {len(set(labels))} intents")
    vectors = encode(texts, args.vectors)
    test = split(groups, labels)
    train = ~test
    print(f"train: {train.sum()} messages; test: {test.sum()} messages in unseen families")

    idf = idf_of([t for t, keep in zip(texts, train) if keep])
    x = features(texts, vectors, idf)
    majority = max(set(y[train]), key=list(y[train]).count)
    report("majority-class baseline (test families)", list(y[test]), [majority] * int(test.sum()))
    model = fit(x[train], y[train])
    predicted = model.predict(x[test])
    report("classifier (test families)", list(y[test]), list(predicted))
    by_lang(np.array(langs)[test], y[test], predicted)
    test_texts = [t for t, keep in zip(texts, test) if keep]
    routing(test_texts, list(y[test]), model, idf, vectors[test], "the test families")

    extras = args.extra or [ROOT / "evals" / f"intent_{x}" / "messages.yaml" for x in "bcdefghij"]
    pool_texts = [t for t, keep in zip(texts, train) if keep]
    pool_vectors, pool_y = [vectors[train]], [y[train]]
    for extra in (e for e in extras if e.exists()):
        # Another author's messages: first a test of the model trained on set A alone (never
        # trained on them), then training data for the model that ships.
        b_texts, b_labels, _, b_langs = load(extra)
        cache = (
            args.vectors.with_name(f"{args.vectors.stem}_{extra.parent.name}.npy") if args.vectors else None
        )
        b_vectors = encode(b_texts, cache)
        b_y = np.array(b_labels)
        name = extra.parent.name if extra.name == "messages.yaml" else extra.name
        print(f"\n--- {name}: {len(b_texts)} messages by another author ---")
        guessed = model.predict(features(b_texts, b_vectors, idf))
        report(f"classifier trained on set A, tested on {name} (another author)", b_labels, list(guessed))
        by_lang(np.array(b_langs), b_y, guessed)
        routing(b_texts, b_labels, model, idf, b_vectors, f"{name}, another author")
        pool_texts += b_texts
        pool_vectors.append(b_vectors)
        pool_y.append(b_y)
    if len(pool_y) > 1:
        idf = idf_of(pool_texts)
        model = fit(features(pool_texts, np.vstack(pool_vectors), idf), np.concatenate(pool_y))
        predicted = model.predict(features(test_texts, vectors[test], idf))
        report(
            f"shipped classifier (set A train + {len(pool_y) - 1} other authors), on set A's test families",
            list(y[test]),
            list(predicted),
        )
        by_lang(np.array(langs)[test], y[test], predicted)
        routing(test_texts, list(y[test]), model, idf, vectors[test], "set A's test families, shipped model")

    if args.cv:
        guesses = np.empty(len(texts), dtype=object)
        for fold_train, fold_test in GroupKFold(n_splits=5).split(x, y, groups):
            fold_idf = idf_of([texts[i] for i in fold_train])
            fx = features(texts, vectors, fold_idf)
            guesses[fold_test] = fit(fx[fold_train], y[fold_train]).predict(fx[fold_test])
        report("5-fold CV grouped by family (all families)", list(y), list(guesses))

    if not args.no_save:
        order = [list(model.classes_).index(label) for label in INTENTS if label in model.classes_]
        WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            WEIGHTS,
            coef=model.coef_[order].astype(np.float16),
            intercept=model.intercept_[order].astype(np.float32),
            idf=idf.astype(np.float16),
            labels=np.array([model.classes_[i] for i in order]),
        )
        print(f"\nwrote {WEIGHTS.relative_to(ROOT)} ({WEIGHTS.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
