"""Pulling a task list out of a chat message: bullets, numbered lines, or items after a cue."""

from __future__ import annotations

import re

from coach.pipeline.inputs import binary_detail, printable

MAX_TASKS = 50
MAX_TASK_CHARS = 300

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(.+)$")
_VERB = r"(?:includes?|involves?|consists?\s+of|are|is)\b"
_CUE = re.compile(
    r"\b(?:(?:my|our)\s+(?:main\s+|daily\s+|day-to-day\s+|typical\s+|key\s+)?"
    rf"(?:tasks|duties|responsibilities|job\s+duties|work|job)\s+{_VERB}(?:\s+to\b)?"
    r"|i\s*(?:am|'m)\s+responsible\s+for|day\s+to\s+day,?\s+i|every\s+day\s+i|tasks\s*:)"
    r"\s*:?\s*",
    re.IGNORECASE,
)
_WORDISH = re.compile(r"[a-zA-Z]{3}")


def _clean(item: str) -> str:
    item = " ".join(printable(item).split())
    item = re.sub(r"^\s*(?:and|or|to)\s+", "", item.strip(), flags=re.IGNORECASE)
    return item.strip(" \t.;,:!").strip()


def task_lines(text: str, limit: int) -> tuple[list[str], list[str]]:
    """A typed or piped task list, one task per line: terminal escapes, control characters and
    runs of spaces removed, lines with no letters or digits (empty, NUL-only) and lines that look
    like binary data dropped, each task cut to MAX_TASK_CHARS,
    and at most ``limit`` tasks. Returns the tasks and notices saying what was left out."""
    tasks, notices, cut, binary = [], [], 0, 0
    for line in text.splitlines():
        task = " ".join(printable(line).split())
        if not any(c.isalnum() for c in task):
            continue  # empty, NUL-only or punctuation: nothing to map
        if binary_detail(line):
            binary += 1
            continue
        if len(task) > MAX_TASK_CHARS:
            task, cut = task[:MAX_TASK_CHARS].rstrip() + "…", cut + 1
        tasks.append(task)
    if binary:
        notices.append(f"{binary} line(s) looked like binary data, not a task, and were skipped.")
    if cut:
        notices.append(f"{cut} task(s) longer than {MAX_TASK_CHARS} characters were cut.")
    if len(tasks) > limit:
        notices.append(
            f"You gave {len(tasks)} tasks; I mapped the first {limit} (the limit is set by COACH_MAX_TASKS)."
        )
        tasks = tasks[:limit]
    return tasks, notices


def _usable(item: str) -> bool:
    fits = 3 <= len(item) <= MAX_TASK_CHARS
    return fits and not item.endswith("?") and bool(_WORDISH.search(item))


def extract_tasks(text: str) -> list[str]:
    """A task list from a chat message: two or more bullet or numbered lines, or two or more
    items after a cue such as "my tasks are:", split on semicolons, or on commas and a last
    "and". [] otherwise (a question, or a single item such as "my job is boring")."""
    bullets = [m.group(1) for line in text.splitlines() if (m := _BULLET.match(line))]
    items = [_clean(b) for b in bullets]
    items = [i for i in items if _usable(i)]
    if len(items) >= 2:
        return items[:MAX_TASKS]
    cue = _CUE.search(text)
    if not cue:
        return []
    rest = text[cue.end() :]
    rest = re.split(r"(?<![a-z]\.[a-z])[.?!](?:\s|$)|\n\s*\n", rest, maxsplit=1)[0]
    if ";" in rest:
        parts = rest.split(";")
    else:  # "a, b and c": commas, then one "and" in the last item
        parts = rest.split(",")
        parts[-1:] = re.split(r"\s+and\s+", parts[-1], maxsplit=1)
    items = [_clean(p) for p in parts]
    items = [i for i in items if _usable(i)]
    return items[:MAX_TASKS] if len(items) >= 2 else []
