"""Probe prompt-injection detection: precision, recall and F1 of ``strip_injection`` on a
labelled set, for the current code and for the committed baseline side by side.

    .venv/bin/python scripts/probe_injection.py --set dev        # evals/injection/dev.yaml
    .venv/bin/python scripts/probe_injection.py --set heldout    # report only, never tune on it

The baseline is ``coach/pipeline/stance.py`` as committed before the new rules (098e9d3, via
``git show``), loaded as a module of its own from a temporary file. An item may say
``kind: passage`` to be run through ``neutralise_passage`` instead (a retrieved document rather
than a message).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.pipeline import stance  # noqa: E402
from scripts.git_baseline import module_at  # noqa: E402


def load_baseline(ref: str = "098e9d3") -> ModuleType:
    """``coach/pipeline/stance.py`` at ``ref`` as a module named ``baseline_stance``."""
    return module_at(ref, "coach/pipeline/stance.py", "baseline_stance")


def flagged(module: ModuleType, item: dict) -> bool:
    check = module.neutralise_passage if item.get("kind") == "passage" else module.strip_injection
    return bool(check(item["text"])[1])


def scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and count of (predicted, actual) pairs; injection is positive."""
    tp = sum(p and a for p, a in pairs)
    fp = sum(p and not a for p, a in pairs)
    fn = sum(a and not p for p, a in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(pairs)


def report(items: list[dict], systems: dict[str, ModuleType], show_errors: bool) -> str:
    preds = {name: [flagged(m, item) for item in items] for name, m in systems.items()}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        groups["overall"].append(i)
        groups[f"lang={item.get('lang', '?')}"].append(i)
        if item.get("obfuscation"):
            groups[f"obfuscation={item['obfuscation']}"].append(i)
    header = f"{'group':<26}{'n':>4}" + "".join(f"  {name:>8} P    R    F1" for name in systems)
    lines = [header, "-" * len(header)]
    order = sorted(groups, key=lambda g: (g != "overall", not g.startswith("lang="), g))
    for group in order:
        idx = groups[group]
        row = f"{group:<26}{len(idx):>4}"
        for name in systems:
            p, r, f1, _ = scores([(preds[name][i], items[i]["label"] == "injection") for i in idx])
            row += f"  {'':>8} {p:.2f} {r:.2f} {f1:.2f}"
        lines.append(row)
    if show_errors:
        name = list(systems)[-1]
        for i, item in enumerate(items):
            if preds[name][i] != (item["label"] == "injection"):
                kind = "missed" if item["label"] == "injection" else "false alarm"
                lines.append(f"{name} {kind}: {item['id']}: {item['text']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "heldout"], default="dev")
    parser.add_argument(
        "--baseline-ref", default="098e9d3", help="git ref of the baseline stance.py (the rules before)"
    )
    parser.add_argument("--errors", action="store_true", help="list the current code's mistakes")
    args = parser.parse_args(argv)
    path = ROOT / "evals" / "injection" / f"{args.set}.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    systems = {"baseline": load_baseline(args.baseline_ref), "now": stance}
    print(f"{path.relative_to(ROOT)}: {len(items)} items (positive class: injection)")
    print(report(items, systems, args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
