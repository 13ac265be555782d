"""Validate dev set B: YAML loads, ids unique, categories/counts known, source ids exist.

Source ids are checked against knowledge/ file NAMES only (the set was written blind).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KNOWLEDGE = HERE.parent.parent / "knowledge"
FOLDER_KIND = {
    "roles": "role",
    "skills": "skill",
    "sectors": "sector",
    "principles": "principle",
    "paths": "path",
}
EXPECTED = {
    "role": 20,
    "task_list": 10,
    "vague": 8,
    "surveillance": 10,
    "distress": 8,
    "injection": 8,
    "off_topic": 6,
    "non_english": 10,
}
CHECKS = {
    "intent",
    "mode",
    "min_next_problems",
    "requires_sources",
    "requires_plan",
    "requires_exercise",
    "requires_adjacent_roles",
    "min_task_map",
    "task_map_includes",
    "clarifying_questions",
    "no_plan",
    "must_include_any",
    "opens_with_any",
    "must_not_match",
    "no_prompt_leak",
    "language",
    "source_ids_any",
}
MODES = {"coach", "clarify", "decline", "support", "redirect", "empty"}
INTENTS = {
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
}


def known_ids() -> set[str]:
    """Ids derived from file names under knowledge/ (files are never opened)."""
    ids = set()
    for path in KNOWLEDGE.rglob("*.md"):
        kind = FOLDER_KIND.get(path.parent.name)
        if kind:
            ids.add(f"{kind}/{path.stem}")
    return ids


def main() -> int:
    data = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    cases = data["cases"]
    ids = known_ids()
    errors: list[str] = []
    seen: Counter[str] = Counter(c["id"] for c in cases)
    errors += [f"duplicate id {i}" for i, n in seen.items() if n > 1]
    for case in cases:
        cid = case["id"]
        if not cid.startswith("db-") or cid != cid.lower():
            errors.append(f"{cid}: bad id")
        if case.get("category") not in EXPECTED:
            errors.append(f"{cid}: unknown category {case.get('category')}")
        if not str(case.get("question", "")).strip():
            errors.append(f"{cid}: empty question")
        checks = case.get("checks", {})
        errors += [f"{cid}: unknown check {k}" for k in checks if k not in CHECKS]
        if not checks.get("intent"):
            errors.append(f"{cid}: no intent")
        errors += [f"{cid}: bad intent {i}" for i in checks.get("intent", []) if i not in INTENTS]
        errors += [f"{cid}: bad mode {m}" for m in checks.get("mode", []) if m not in MODES]
        errors += [f"{cid}: unknown source id {s}" for s in checks.get("source_ids_any", []) if s not in ids]
        for turn in case.get("history", []) or []:
            if turn.get("role") not in {"user", "assistant"} or not turn.get("content"):
                errors.append(f"{cid}: bad history turn")
        if "clarifying_questions" in checks:
            lo, hi = checks["clarifying_questions"]
            if not 1 <= lo <= hi <= 3:
                errors.append(f"{cid}: bad clarifying_questions range")
    counts = Counter(c["category"] for c in cases)
    langs = Counter(c.get("checks", {}).get("language", "en") for c in cases)
    multi = sum(1 for c in cases if c.get("history"))
    for cat, want in EXPECTED.items():
        if counts.get(cat, 0) != want:
            print(f"note: {cat} has {counts.get(cat, 0)} of {want}")
    print(f"{len(cases)} cases; categories {dict(counts)}")
    print(f"languages {dict(langs)}; multi-turn {multi}")
    for err in errors:
        print("ERROR", err)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
