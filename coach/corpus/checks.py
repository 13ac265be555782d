"""Corpus checks and counts: front matter, references between entries, required sections,
and paragraphs repeated across entries. Used by ``coach corpus stats`` and the corpus test."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from coach.corpus.documents import KINDS, Document, load_corpus, sections

REFERENCE_KEYS = ("adjacent_roles", "skills", "paths", "roles", "principles", "sectors")
REQUIRED_SECTIONS = {
    "role": [
        "Summary",
        "Typical tasks",
        "AI tools that augment this role today",
        "Next problems to solve",
        "Adjacent roles",
        "Skills to build",
        "What the data says",
    ],
    "skill": [
        "Summary",
        "Why it matters now",
        "How to practise it over 30 days",
        "How to show proof of it",
        "Common mistakes",
    ],
    "sector": [
        "Summary",
        "Main AI effect",
        "Roles growing",
        "Roles under pressure",
        "Regulation and oversight",
        "Where to start",
    ],
    "principle": ["Summary", "In practice"],
    "path": [
        "Summary",
        "Why this move works",
        "Steps",
        "Skills to build",
        "Time frame",
        "Signs you are ready",
    ],
}
TASK_TAG = re.compile(r"`(automate|augment|human-core)`")
NUMBERED = re.compile(r"^\s*\d+\.\s", re.MULTILINE)


def _refs(doc: Document) -> list[str]:
    refs = [str(r) for key in REFERENCE_KEYS for r in (doc.meta.get(key) or [])]
    refs += [str(doc.meta[k]) for k in ("from_role", "to_role") if doc.meta.get(k)]
    return refs


def corpus_problems(docs: list[Document]) -> list[str]:
    """Every way the corpus breaks its own rules, one message each (empty = clean)."""
    problems = []
    ids = {d.id for d in docs}
    paragraphs: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        for ref in _refs(doc):
            if ref not in ids:
                problems.append(f"{doc.path}: references unknown id '{ref}'")
        found = dict(sections(doc.body))
        for name in REQUIRED_SECTIONS[doc.kind]:
            if name not in found:
                problems.append(f"{doc.path}: missing section '## {name}'")
            elif len(found[name].split()) < 5:
                problems.append(f"{doc.path}: section '## {name}' is empty or nearly so")
        if doc.kind == "role":
            tags = set(TASK_TAG.findall(found.get("Typical tasks", "")))
            if tags != {"automate", "augment", "human-core"}:
                problems.append(f"{doc.path}: typical tasks must use all three tags (has {sorted(tags)})")
            if len(NUMBERED.findall(found.get("Next problems to solve", ""))) < 3:
                problems.append(f"{doc.path}: fewer than 3 next problems to solve")
            if not doc.meta.get("soc"):
                problems.append(f"{doc.path}: role has no 'soc' code")
        for para in re.split(r"\n\s*\n", doc.body):
            words = para.split()
            if len(words) >= 12:  # short lines (headings, list stubs) may legitimately repeat
                paragraphs[" ".join(words).lower()].append(doc.path)
    for para, paths in paragraphs.items():
        if len(set(paths)) > 1:
            problems.append(f"paragraph repeated in {', '.join(sorted(set(paths)))}: '{para[:80]}…'")
    return problems


def corpus_stats(root: Path) -> dict:
    docs, errors = load_corpus(root)
    by_kind = Counter(d.kind for d in docs)
    roles_by_sector: Counter[str] = Counter()
    for doc in docs:
        if doc.kind == "role":
            roles_by_sector.update(str(s) for s in doc.meta.get("sectors") or ["(none)"])
    return {
        "documents": len(docs),
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "roles_by_sector": dict(sorted(roles_by_sector.items())),
        "words": sum(len(d.body.split()) for d in docs),
        "errors": errors,
        "problems": corpus_problems(docs),
    }
