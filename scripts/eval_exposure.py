"""Grouped cross-validation of the exposure classifier against the human labels.

    python scripts/eval_exposure.py [--data ../shared/data] [--folds 5] [--cache DIR]
        [--report out.json] [--oof parts.npz] [--quick [--no-mpnet]] [--from-oof parts.npz] [--calibration]

Folds are grouped by O*NET-SOC code, so no occupation is in both train and test. Every row is
scored beside two baselines from the same file and the same run: the majority class, and
GPT-4's own labels (the paper's AI rater). Each fold fits the shipped model from scratch
(scripts/train_exposure.py's ``fit_model``) and scores it through the product's inference
code; the alternatives tried on the way (kNN alone, LR and MLP on frozen MiniLM embeddings,
the shipped model without its optional mpnet part) are scored on the same folds. About 50
minutes on 2 CPU cores; ``--quick`` skips the fine-tuning (and the rows that need it) for a
3-minute run.

Selective labels: beside those figures it prints, per coverage level (100% to 50%), the
accuracy and kappa on the tasks the calibrated confidence ranks highest (the rest would be
shown as unsure), and the calibration error before and after. ``--calibration`` writes the
confidence curves and the unsure threshold (coach/exposure/weights/calibration_v1.json; a few
numbers, no task text); ``--from-oof FILE`` redoes this summary from a saved ``--oof`` run in
seconds.
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

from coach.exposure.confidence import CALIBRATION_PATH, features, fit_curve  # noqa: E402
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


COVERAGES = (1.0, 0.9, 0.8, 0.75, 0.7, 0.6, 0.5)
TARGET_COVERAGE = 0.75  # the unsure threshold leaves this share of tasks labelled


def binary_ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of a stated confidence against 0/1 correctness."""
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            error += inside.mean() * abs(correct[inside].mean() - conf[inside].mean())
    return round(float(error), 4)


def coverage_curve(conf: np.ndarray, y: np.ndarray, pred: np.ndarray) -> dict[str, dict]:
    """Accuracy and kappa on the most confident share of tasks, for each share in COVERAGES
    (the rest would be shown as unsure), with the confidence at the cut."""
    from sklearn.metrics import cohen_kappa_score

    order = np.argsort(-conf, kind="stable")
    out = {}
    for cover in COVERAGES:
        kept = order[: int(round(cover * len(order)))]
        out[f"{cover:.0%}"] = {
            "accuracy": round(float((y[kept] == pred[kept]).mean()), 4),
            "kappa": round(float(cohen_kappa_score(y[kept], pred[kept])), 4),
            "threshold": round(float(conf[kept].min()), 4),
        }
    return out


def situations(oof: dict[str, np.ndarray]) -> dict[str, tuple[np.ndarray, bool]]:
    """The mapper's situations (coach/exposure/confidence.py) as out-of-fold probabilities,
    each with whether the kNN neighbours voted. A ``--quick`` run has no fine-tuned stacks:
    lexical + MLP on MiniLM embeddings stands in for the shipped mix (``proxy`` in the
    calibration file says so; rerun the full evaluation to refit those two curves)."""
    near = (oof["near_sims"], oof["near_labels"])
    out = {"lexical": (oof["lexical"], False), "lexical+knn": (knn_update(oof["lexical"], *near), True)}
    if is_quick(oof):
        return out | {"shipped": (oof["lex_mlp"], False), "shipped+knn": (oof["lex_mlp_knn"], True)}
    out |= {"shipped": (oof["shipped"], False), "shipped+knn": (oof["full"], True)}
    return out | {"shipped+knn (mpnet off)": (oof["without_mpnet_full"], True)}


def is_quick(oof: dict[str, np.ndarray]) -> bool:
    return not np.any(oof["shipped"])


def selective(oof: dict[str, np.ndarray]) -> tuple[dict, dict | None]:
    """Calibration and selective labelling, per situation: (report, calibration weights).

    Each curve is scored cross-fitted (fitted on four folds' out-of-fold predictions, applied
    to the fifth), then refitted on all of them for the shipped weights. The unsure threshold
    is the refitted confidence that keeps TARGET_COVERAGE of the tasks labelled."""
    y, fold = oof["y"], oof["fold"]
    near = (oof["near_sims"], oof["near_labels"])
    report: dict = {}
    curves: dict = {}
    threshold = None
    for name, (probs, with_knn) in situations(oof).items():
        pred = probs.argmax(1)
        correct = (pred == y).astype(float)
        feats = features(probs, *near) if with_knn else features(probs)
        crossed = np.zeros(len(y))
        for f in np.unique(fold):
            crossed[fold == f] = fit_curve(feats[fold != f], correct[fold != f])(feats[fold == f])
        scores = {
            "calibrated (cross-fitted)": crossed,
            "max probability": probs.max(1),
            "margin": feats[:, 1],
        }
        if with_knn:
            scores["kNN agreement"] = feats[:, 2] + 1e-3 * probs.max(1)  # ties broken by the mix
        report[name] = {
            "ece_max_probability": binary_ece(probs.max(1), correct),
            "ece_calibrated_cross_fitted": binary_ece(crossed, correct),
            "coverage": coverage_curve(crossed, y, pred),
            "accuracy_at_75_by_score": {
                k: coverage_curve(v, y, pred)["75%"]["accuracy"] for k, v in scores.items()
            },
        }
        if " " not in name:  # the mapper's situations, not the variants reported beside them
            curve = fit_curve(feats, correct)
            curves[name] = {"coef": list(curve.coef), "intercept": curve.intercept}
            if name == "shipped+knn":
                threshold = float(np.quantile(curve(feats), 1 - TARGET_COVERAGE))
                held = crossed >= threshold
                report[name]["at_threshold_cross_fitted"] = {
                    "threshold": round(threshold, 4),
                    "coverage": round(float(held.mean()), 4),
                    "accuracy": round(float(correct[held].mean()), 4),
                }
    weights = None
    if threshold is not None:
        weights = {
            "version": 1,
            "what": "logistic curves from score features to P(label = human label); "
            "coach/exposure/confidence.py",
            "features": ["logit(top probability)", "margin", "kNN agreement", "log kNN weight"],
            "curves": curves,
            "unsure_below": round(threshold, 4),
            "target_coverage": TARGET_COVERAGE,
            "fitted_on": "out-of-fold predictions of grouped 5-fold CV by occupation (eval_exposure.py)",
            "proxy": (
                "shipped curves fitted on lexical + MLP (eval --quick): rerun without --quick to refit"
                if is_quick(oof)
                else None
            ),
            "cv": {
                k: {kk: v[kk] for kk in ("ece_max_probability", "ece_calibrated_cross_fitted")}
                | {"coverage": v["coverage"]}
                for k, v in report.items()
            },
        }
    return report, weights


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
        **(fit_mpnet_mlp(train.mpnet[rows], y) if train.mpnet is not None else {}),
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
    parser.add_argument(
        "--no-mpnet",
        action="store_true",
        help="with --quick: skip mpnet (no embedding pass; its row stays empty)",
    )
    parser.add_argument("--oof", type=Path, default=None, help="save out-of-fold probabilities (.npz) here")
    parser.add_argument(
        "--from-oof",
        type=Path,
        default=None,
        help="summarise a saved --oof file instead of running the folds",
    )
    parser.add_argument(
        "--calibration",
        type=Path,
        nargs="?",
        const=CALIBRATION_PATH,
        default=None,
        help=f"write the confidence curves and unsure threshold (default {CALIBRATION_PATH.name})",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.from_oof:
        with np.load(args.from_oof, allow_pickle=False) as f:
            oof = {k: f[k] for k in f.files}
        quick = is_quick(oof)
    else:
        oof = cross_validate(args, start)
        quick = args.quick
        if args.oof:  # for recombining parts without refitting (docs/exposure.md, third round)
            np.savez(args.oof, **oof)  # type: ignore[arg-type]
    report = summarise(oof, quick, args.folds)
    report["seconds"] = round(time.perf_counter() - start, 1)
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n")
    if args.calibration:
        args.calibration.write_text(json.dumps(report.pop("_calibration"), indent=2) + "\n")
        print(f"wrote {args.calibration}")
    return 0


def cross_validate(args, start: float) -> dict[str, np.ndarray]:
    """The grouped folds: every part's out-of-fold probabilities, the automation probability
    and each task's nearest training tasks, keyed as ``--oof`` stores them."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import cohen_kappa_score
    from sklearn.model_selection import GroupKFold
    from sklearn.neural_network import MLPClassifier

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - start:5.0f}s] {message}", file=sys.stderr, flush=True)

    if args.no_mpnet:
        if not args.quick:
            raise SystemExit("--no-mpnet works with --quick only (the shipped mix has the mpnet part)")
        train_exposure.mpnet_cached = lambda texts, cache: None  # type: ignore[assignment,return-value]
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
        if data.mpnet is not None:
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

    return {
        "y": y,
        "gpt4": data.gpt4,
        "auto_true": data.auto,
        "groups": data.groups.astype(str),
        "fold": fold_of,
        "auto": auto_prob,
        "near_sims": near_sims,
        "near_labels": near_labels,
        **{name.replace(" ", "_"): p for name, p in probs.items()},
    }


def summarise(oof: dict[str, np.ndarray], quick: bool, folds: int) -> dict:
    """Print the figures of a run (or a saved one) and return them as a report."""
    from sklearn.metrics import confusion_matrix, f1_score

    y = oof["y"]
    probs = {k: v for k, v in oof.items() if v.ndim == 2 and v.shape[1] == len(CLASSES)}
    rows = {
        "baseline: majority class (E0)": figures(y, np.zeros_like(y)),
        "baseline: GPT-4 labels (same file)": figures(y, oof["gpt4"]),
        "kNN on MiniLM (k=15, sim^8)": figures(y, probs["knn"].argmax(1)),
        "LR on MiniLM embeddings": figures(y, probs["lr_emb"].argmax(1)),
        "MLP on MiniLM embeddings": figures(y, probs["mlp"].argmax(1)),
        "lexical LR (hashed n-grams)": figures(y, probs["lexical"].argmax(1)),
        "lexical + MLP": figures(y, probs["lex_mlp"].argmax(1)),
        "lexical + MLP, kNN update": figures(y, probs["lex_mlp_knn"].argmax(1)),
    }
    if np.any(probs["mpnet_mlp"]):  # empty in a --no-mpnet run
        rows["MLP on mpnet embeddings"] = figures(y, probs["mpnet_mlp"].argmax(1))
    final = probs["lex_mlp_knn"]
    if not quick:
        final = probs["full"]
        for stack, layer in STACKS.items():
            name = f"fine-tuned MiniLM layers {layer + 1}-6 ({stack})"
            rows[name] = figures(y, probs[f"stack_{stack}"].argmax(1))
        rows["fine-tuned stacks, mean"] = figures(y, probs["finetuned"].argmax(1))
        named = {
            "without mpnet, before import: lexical + fine-tuned": "without_mpnet",
            "without mpnet, after import: + kNN update": "without_mpnet_full",
            "SHIPPED before import: lexical + fine-tuned + mpnet MLP": "shipped",
            "SHIPPED after import: + kNN update": "full",
        }
        rows |= {name: figures(y, probs[key].argmax(1)) for name, key in named.items()}

    report: dict = {
        "folds": folds,
        "grouped_by": "O*NET-SOC Code",
        "tasks": len(y),
        "occupations": len(set(oof["groups"].tolist())),
        "exposure": rows,
        "calibration_ece_final": expected_calibration_error(final, y),
        "final_confusion_rows_true_cols_predicted": confusion_matrix(y, final.argmax(1)).tolist(),
        "final_f1_per_class": dict(
            zip(CLASSES, f1_score(y, final.argmax(1), average=None).round(4).tolist())
        ),
        "settings": {
            "finetune": train_exposure.FT,
            "stacks": STACKS,
            "lexical_weight": train_exposure.LEXICAL_WEIGHT,
            "mpnet": train_exposure.MPNET_MIX,
            "lexical_C": LEX_C,
            "quick": quick,
        },
    }
    width = max(len(k) for k in rows)
    print(f"{'approach':{width}s}  accuracy  kappa  macro-F1")
    for name, fig in rows.items():
        acc, kappa, f1 = fig["accuracy"], fig["kappa"], fig["macro_f1"]
        print(f"{name:{width}s}  {acc:8.3f}  {kappa:5.3f}  {f1:8.3f}")
    print(f"calibration of the final probabilities (ECE): {report['calibration_ece_final']}")
    if "auto_true" in oof:  # older --oof files lack the reference automation labels
        # The category rule's second head, judged where it is used: on exposed tasks.
        truth, exposed = oof["auto_true"], y > 0
        automate = oof["auto"] >= 0.5  # the category rule's threshold
        auto_fig = figures(truth[exposed], automate[exposed].astype(int))
        reference = np.where(y == 0, 0, np.where(truth == 1, 1, 2))  # human-core/automate/augment
        predicted = np.where(final.argmax(1) == 0, 0, np.where(automate, 1, 2))
        report |= {
            "automation_head_on_exposed_tasks": auto_fig,
            "automation_positive_share_on_exposed": round(float(truth[exposed].mean()), 4),
            "automation_predicted_share_on_exposed": round(float(automate[exposed].mean()), 4),
            "category_vs_reference": figures(reference, predicted),
        }
        print(f"automation head (T3-T4 vs T0-T2, exposed tasks): {auto_fig}")
        print(f"category vs reference (human label, GPT-4 automation): {report['category_vs_reference']}")

    sel, weights = selective(oof)
    report["selective"] = sel
    if weights is not None:
        report["_calibration"] = weights
    name = "shipped+knn"
    if quick:
        print("\n(--quick: lexical + MLP on MiniLM embeddings, kNN update, stands in for the shipped mix)")
    print_selective(name, sel[name], rows["baseline: GPT-4 labels (same file)"])
    for other, figs in sel.items():
        if other != name:
            cover = figs["coverage"]
            print(
                f"  {other}: ECE {figs['ece_max_probability']} -> {figs['ece_calibrated_cross_fitted']}; "
                f"accuracy at 75% {cover['75%']['accuracy']:.3f} (full {cover['100%']['accuracy']:.3f})"
            )
    return report


def print_selective(name: str, figs: dict, gpt4: dict) -> None:
    """The coverage table: accuracy when the least confident tasks are shown as unsure."""
    print(f"\nselective labels ({name}; calibrated confidence, cross-fitted by fold):")
    print("coverage  accuracy  kappa  threshold")
    for cover, row in figs["coverage"].items():
        print(f"{cover:>8s}  {row['accuracy']:8.3f}  {row['kappa']:5.3f}  {row['threshold']:9.3f}")
    print(
        f"(GPT-4 labels against the human labels, all tasks: accuracy {gpt4['accuracy']:.3f}, "
        f"kappa {gpt4['kappa']:.3f})"
    )
    print(
        f"calibration (ECE of the stated confidence): top probability {figs['ece_max_probability']}, "
        f"calibrated {figs['ece_calibrated_cross_fitted']}"
    )
    print(
        "accuracy at 75% coverage by confidence score: "
        + ", ".join(f"{k} {v:.3f}" for k, v in figs["accuracy_at_75_by_score"].items())
    )
    if "at_threshold_cross_fitted" in figs:
        print(f"at the shipped threshold: {figs['at_threshold_cross_fitted']}")


if __name__ == "__main__":
    raise SystemExit(main())
