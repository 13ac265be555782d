"""One story per answer: where the plan, the task map and the prose speak of the same task, they
must not contradict each other.

Three checks, each pure over the answer's parts:

- a next problem that is about a task the map files under *automate* must say why it is still
  worth taking on (:func:`automate_conflicts`; :func:`explain_automate` adds that note);
- a task whose role-card tag differs from the map's category must be shown as uncertain with
  the reason (:func:`unmarked_card_disagreements`);
- a prose sentence that names a mapped task and files it under another category than the map,
  where the map does not mark that task uncertain (:func:`prose_conflicts`).

"About a task" is decided on the composer's crude stems of content words: a problem (title and why) or a
sentence is about a task when it shares at least two stems with it and at least half of the
task's stems. Loose on purpose: a false match costs one extra explanatory line, a missed one
leaves a contradiction in front of the person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from coach.domain.plan import NextProblem
from coach.domain.taskmap import Category, TaskMap, TaskResult
from coach.pipeline.compose import sentences, stems

MIN_SHARED = 2
MIN_SHARE_OF_TASK = 0.5

# How a sentence files a task under a category. "automat…" alone is not enough: "audit the
# automation" is about checking a system, not a claim that the task is automated.
_CATEGORY_CUES: dict[Category, re.Pattern[str]] = {
    "automate": re.compile(
        r"`automate`|\b(?:can|could|will) be (?:fully )?automated\b|\bAI (?:can|could|will) do\b", re.I
    ),
    "augment": re.compile(r"`augment`|\baugment(?:s|ed)?\b", re.I),
    "human-core": re.compile(r"`human-core`|\bhuman[- ]core\b|\bneeds? a (?:person|human)\b", re.I),
}


def is_about(text: str, task: str) -> bool:
    """Whether ``text`` speaks of ``task`` (see the module docstring)."""
    task_stems = stems(task)
    if not task_stems:
        return False
    shared = len(stems(text) & task_stems)
    return shared >= MIN_SHARED and shared / len(task_stems) >= MIN_SHARE_OF_TASK


def _automated(task_map: TaskMap | None) -> list[TaskResult]:
    # An unsure label is shown as "unsure", not as automate: nothing for the plan to explain.
    return [t for t in (task_map.tasks if task_map else []) if t.category == "automate" and not t.unsure]


def _problem_text(problem: NextProblem) -> str:
    return f"{problem.title} {problem.why}"


def automate_conflicts(problems: Sequence[NextProblem], task_map: TaskMap | None) -> list[tuple[int, str]]:
    """(index of the problem, the task) for each next problem about a task the map files under
    automate that does not say why it is still worth taking on."""
    found = []
    for i, problem in enumerate(problems):
        if problem.map_note or re.search(r"\bautomat", problem.why, re.I):
            continue  # it already says what automation does to this work
        for task in _automated(task_map):
            if is_about(_problem_text(problem), task.task):
                found.append((i, task.task))
                break
    return found


def explain_automate(
    problems: Sequence[NextProblem], task_map: TaskMap | None, note: Callable[[TaskResult], str]
) -> list[NextProblem]:
    """``problems`` with a ``map_note`` (written by ``note``) on each one that is about a task
    the map files under automate and does not already say why."""
    by_task = {t.task: t for t in _automated(task_map)}
    out = list(problems)
    for i, task in automate_conflicts(problems, task_map):
        out[i] = out[i].model_copy(update={"map_note": note(by_task[task])})
    return out


def unmarked_card_disagreements(task_map: TaskMap | None) -> list[str]:
    """Tasks whose role-card tag differs from the map's category without being marked uncertain
    with a reason."""
    return [
        t.task
        for t in (task_map.tasks if task_map else [])
        if t.card_tag and t.card_tag != t.category and not (t.uncertain and t.reasons)
    ]


def prose_conflicts(text: str, task_map: TaskMap | None) -> list[str]:
    """Sentences of ``text`` that file a mapped task under exactly one category other than the
    map's, where the map does not mark the task uncertain (an uncertain task shows both views)."""
    found = []
    for sentence in (s for line in (text or "").splitlines() for s in sentences(line)):
        said = [c for c, cue in _CATEGORY_CUES.items() if cue.search(sentence)]
        if len(said) != 1:
            continue
        for task in task_map.tasks if task_map else []:
            if not task.uncertain and task.category != said[0] and is_about(sentence, task.task):
                found.append(
                    f"{sentence.strip()[:120]!r} calls '{task.task}' {said[0]}; the map says {task.category}"
                )
                break
    return found
