"""Grouped cross-validation of the exposure classifier against the human labels.

    python scripts/eval_exposure.py [--data ../shared/data] [--folds 5] [--cache DIR]
        [--report out.json] [--oof parts.npz] [--quick]

Folds are grouped by O*NET-SOC code, so no occupation is in both train and test. Every row is
scored beside two baselines from the same file and the same run: the majority class, and
GPT-4's own labels (the paper's AI rater). Each fold fits the shipped model from scratch
(scripts/train_exposure.py's ``fit_model``) and scores it through the product's inference
code; the alternatives tried on the way (kNN alone, LR and MLP on frozen MiniLM embeddings,
the shipped model without its optional mpnet part) are scored on the same folds. About 50
minutes on 2 CPU cores; ``--quick`` skips the fine-tuning (and the rows that need it) for a
3-minute run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_exposure  # noqa: E402
from train_exposure import LEX_C, STACKS, LexicalFit, Training, fit_model, fit_mpnet_mlp  # noqa: E402

from coach.exposure.mapper import KNN_K, knn_update  # noqa: E402
from coach.exposure.model import CLASSES, ExposureModel  # noqa: E402


def figures(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

    return {
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "kappa": round(float(cohen_kappa_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
    }


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    conf, pred = probs.max(axis=1), probs.argmax(axis=1)
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            error += inside.mean() * abs((pred[inside] == y[inside]).mean() - conf[inside].mean())
    return round(float(error), 4)


def neighbours(train_vecs: np.ndarray, train_y: np.ndarray, test_vecs: np.ndarray):
    """Similarities and labels of each test task's ``KNN_K`` nearest training tasks: the
    product's kNN update (``knn_update``) with the training folds as the imported data."""
    sims = test_vecs @ train_vecs.T
    top = np.argpartition(-sims, KNN_K - 1, axis=1)[:, :KNN_K]
    return np.take_along_axis(sims, top, axis=1), train_y[top]


def fit_quick(train: Training, rows: np.ndarray) -> ExposureModel:
    """The shipped model without its fine-tuned part (lexical, mpnet and automation heads)."""
    from sklearn.linear_model import LogisticRegression

    texts = [train.texts[i] for i in rows]
    y, auto = train.y[rows], train.auto[rows]
    lex = LexicalFit(texts)
    X = lex.transform(texts)
    lr = LogisticRegression(C=LEX_C, max_iter=3000, class_weight="balanced").fit(X, y)
    lr_auto = LogisticRegression(C=LEX_C, max_iter=3000).fit(X[y > 0], auto[y > 0])
    emb_auto = LogisticRegression(max_iter=3000).fit(train.vectors[rows][y > 0], auto[y > 0])
    arrays = {
        "lex_index": lex.index,
        "lex_idf": lex.idf,
        "lex_coef": lr.coef_.T,
        "lex_intercept": lr.intercept_,
        "lex_auto_coef": lr_auto.coef_[0],
        "lex_auto_intercept": lr_auto.intercept_,
        "emb_auto_coef": emb_auto.coef_[0],
        "emb_auto_intercept": emb_auto.intercept_,
        **fit_mpnet_mlp(train.mpnet[rows], y),
    }
    return ExposureModel(arrays, {"embedder": "", "classes": list(CLASSES)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None, help="folder for cached MiniLM states")
    parser.add_argument("--report", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help="skip the fine-tuned part")
    parser.add_argument("--oof", type=Path, default=None, help="save out-of-fold probabilities (.npz) here")
    args = parser.parse_args(argv)

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score
    from sklearn.model_selection import GroupKFold
    from sklearn.neural_network import MLPClassifier

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - start:5.0f}s] {message}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    data = Training(args.data, args.cache)
    y, vectors, n = data.y, data.vectors, len(data.y)
    balanced = (n / (len(CLASSES) * np.bincount(y)))[y]
    names = ["knn", "lr_emb", "mlp", "lexical", "finetuned", "lex_mlp", "lex_mlp_knn", "mpnet_mlp"]
    stacks = [f"stack {stack}" for stack in STACKS]
    shipped_rows = ["without_mpnet", "without_mpnet_full", "shipped", "full"]
    probs = {name: np.zeros((n, len(CLASSES))) for name in [*names, *stacks, *shipped_rows]}
    auto_prob = np.zeros(n)
    fold_of = np.zeros(n, dtype=int)
    near_sims, near_labels = np.zeros((n, KNN_K)), np.zeros((n, KNN_K), dtype=int)
    splitter = GroupKFold(n_splits=args.folds, shuffle=True, random_state=0)
    for fold, (train, test) in enumerate(splitter.split(vectors, y, data.groups)):
        assert not set(data.groups[train]) & set(data.groups[test])  # no occupation in both
        log(f"fold {fold + 1}/{args.folds}: {len(train)} train / {len(test)} test tasks")
        texts = [data.texts[i] for i in test]
        fold_of[test] = fold
        near = neighbours(vectors[train], y[train], vectors[test])
        near_sims[test], near_labels[test] = near
        uniform = np.full((len(test), len(CLASSES)), 1 / len(CLASSES))
        probs["knn"][test] = knn_update(uniform, *near)
        lr = LogisticRegression(max_iter=3000, class_weight="balanced")
        probs["lr_emb"][test] = lr.fit(vectors[train], y[train]).predict_proba(vectors[test])
        mlp = MLPClassifier((512,), alpha=1e-2, early_stopping=True, random_state=0, max_iter=200)
        mlp.fit(vectors[train], y[train], sample_weight=balanced[train])
        probs["mlp"][test] = mlp.predict_proba(vectors[test])
        model = fit_quick(data, train) if args.quick else fit_model(data, train, log=log)
        probs["lexical"][test], lex_auto = model.lexical(texts)
        probs["mpnet_mlp"][test] = model.mpnet(data.mpnet[test])
        probs["lex_mlp"][test] = (probs["lexical"][test] + probs["mlp"][test]) / 2
        prior = probs["lex_mlp"][test]
        probs["lex_mlp_knn"][test] = knn_update(prior, *near)
        auto_prob[test] = (lex_auto + model.embedding_automation(vectors[test])) / 2
        if not args.quick:
            states = data.states_of(test)
            probs["finetuned"][test] = model.finetuned(states)
            for stack in STACKS:
                probs[f"stack {stack}"][test] = model.finetuned(states, [stack])
            without, _, _ = model.predict(texts, states, vectors[test])
            probs["without_mpnet"][test] = without
            probs["without_mpnet_full"][test] = knn_update(without, *near)
            shipped, auto_prob[test], parts = model.predict(texts, states, vectors[test], data.mpnet[test])
            assert len(parts) == 3, parts  # lexical, fine-tuned stacks and the mpnet MLP all voted
            probs["shipped"][test] = shipped
            probs["full"][test] = knn_update(shipped, *near)
            kappas = {k: cohen_kappa_score(y[test], probs[k][test].argmax(1)) for k in probs}
            log("  fold kappa: " + ", ".join(f"{k} {v:.3f}" for k, v in kappas.items() if v))

    rows = {
        "baseline: majority class (E0)": figures(y, np.zeros_like(y)),
        "baseline: GPT-4 labels (same file)": figures(y, data.gpt4),
        "kNN on MiniLM (k=15, sim^8)": figures(y, probs["knn"].argmax(1)),
        "LR on MiniLM embeddings": figures(y, probs["lr_emb"].argmax(1)),
        "MLP on MiniLM embeddings": figures(y, probs["mlp"].argmax(1)),
        "lexical LR (hashed n-grams)": figures(y, probs["lexical"].argmax(1)),
        "lexical + MLP": figures(y, probs["lex_mlp"].argmax(1)),
        "lexical + MLP, kNN update": figures(y, probs["lex_mlp_knn"].argmax(1)),
        "MLP on mpnet embeddings": figures(y, probs["mpnet_mlp"].argmax(1)),
    }
    final = probs["lex_mlp_knn"]
    if not args.quick:
        final = probs["full"]
        for stack, layer in STACKS.items():
            name = f"fine-tuned MiniLM layers {layer + 1}-6 ({stack})"
            rows[name] = figures(y, probs[f"stack {stack}"].argmax(1))
        rows["fine-tuned stacks, mean"] = figures(y, probs["finetuned"].argmax(1))
        named = {
            "without mpnet, before import: lexical + fine-tuned": "without_mpnet",
            "without mpnet, after import: + kNN update": "without_mpnet_full",
            "SHIPPED before import: lexical + fine-tuned + mpnet MLP": "shipped",
            "SHIPPED after import: + kNN update": "full",
        }
        rows |= {name: figures(y, probs[key].argmax(1)) for name, key in named.items()}

    # The category rule's second head, judged where it is used: on exposed tasks.
    exposed = y > 0
    automate = auto_prob >= 0.5  # the category rule's threshold
    auto_fig = figures(data.auto[exposed], automate[exposed].astype(int))
    reference = np.where(y == 0, 0, np.where(data.auto == 1, 1, 2))  # human-core/automate/augment
    predicted = np.where(final.argmax(1) == 0, 0, np.where(automate, 1, 2))
    report = {
        "folds": args.folds,
        "grouped_by": "O*NET-SOC Code",
        "tasks": n,
        "occupations": len(set(data.groups)),
        "exposure": rows,
        "calibration_ece_final": expected_calibration_error(final, y),
        "final_confusion_rows_true_cols_predicted": confusion_matrix(y, final.argmax(1)).tolist(),
        "final_f1_per_class": dict(
            zip(CLASSES, f1_score(y, final.argmax(1), average=None).round(4).tolist())
        ),
        "automation_head_on_exposed_tasks": auto_fig,
        "automation_positive_share_on_exposed": round(float(data.auto[exposed].mean()), 4),
        "automation_predicted_share_on_exposed": round(float(automate[exposed].mean()), 4),
        "category_vs_reference": figures(reference, predicted),
        "settings": {
            "finetune": train_exposure.FT,
            "stacks": STACKS,
            "lexical_weight": train_exposure.LEXICAL_WEIGHT,
            "mpnet": train_exposure.MPNET_MIX,
            "lexical_C": LEX_C,
            "quick": args.quick,
        },
        "seconds": round(time.perf_counter() - start, 1),
    }
    width = max(len(k) for k in rows)
    print(f"{'approach':{width}s}  accuracy  kappa  macro-F1")
    for name, fig in rows.items():
        acc, kappa, f1 = fig["accuracy"], fig["kappa"], fig["macro_f1"]
        print(f"{name:{width}s}  {acc:8.3f}  {kappa:5.3f}  {f1:8.3f}")
    print(f"calibration of the final probabilities (ECE): {report['calibration_ece_final']}")
    print(f"automation head (T3-T4 vs T0-T2, exposed tasks): {auto_fig}")
    category = report["category_vs_reference"]
    print(f"category vs reference (human label, GPT-4 automation): {category}")
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n")
    if args.oof:  # for recombining parts without refitting (docs/exposure.md, third round)
        parts = {name.replace(" ", "_"): p for name, p in probs.items()}
        np.savez(
            args.oof, y=y, fold=fold_of, auto=auto_prob, near_sims=near_sims, near_labels=near_labels, **parts
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
