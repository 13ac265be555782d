"""Role views from the imported open data, for any O*NET occupation: its task statements mapped
to automate / augment / human-core, its exposure figures with their sources, adjacent
occupations (shared tasks, fewer directly exposed ones) and next problems drawn from its own
human-core and augment tasks. Needs `coach data import`; nothing here invents a task.

Adjacency is computed on demand: one occupation's task vectors against all task vectors is a
(tasks x 15k) product, a few milliseconds, so nothing is precomputed. The classifier pass over
an occupation's statements is the slow part (hundreds of ms to seconds on a busy CPU), so whole
views are cached in memory and on disk under ``data_dir/role-views/<key>/``; the key changes
with the imported data, the classifier's weights and settings, and the view's schema, so a
stale view is never read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from coach.domain.plan import NextProblem, SourceRef
from coach.domain.roleview import (
    CHOSEN,
    ELOUNDOU,
    TOMLINSON,
    AdjacentOccupation,
    ExposureFigure,
    RoleTask,
    RoleView,
)
from coach.domain.taskmap import OccupationMatch, TaskMap, TaskResult
from coach.exposure.opendata import OpenData, normalize

log = logging.getLogger(__name__)

MAX_VIEW_TASKS = 12  # core tasks first; a longer list buries the ones that matter
ADJACENT_K = 3
CACHE_SIZE = 256


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _num(value) -> float | None:
    return None if value is None or value != value else round(float(value), 4)


class RoleViews:
    """Builds and caches role views; ``mapper`` is a coach.exposure.mapper.TaskMapper."""

    def __init__(self, mapper, max_tasks: int = MAX_VIEW_TASKS):
        self.mapper = mapper
        self.max_tasks = max_tasks
        self._cache: OrderedDict[str, RoleView] = OrderedDict()
        self._lock = threading.Lock()
        self._index: dict[str, int] | None = None
        self._store: Path | None | bool = False  # False: not worked out yet

    def _store_dir(self) -> Path | None:
        """Where built views are kept for this data, classifier and schema (None: nowhere)."""
        if self._store is False:
            data = self.data
            if data is None:
                return None
            from coach.exposure.model import MODEL_PATH

            settings = self.mapper.settings
            weights = MODEL_PATH.stat().st_mtime_ns if MODEL_PATH.exists() else 0
            key = json.dumps(
                [
                    data.manifest.get("sources"),
                    data.embedder,
                    settings.exposure_mpnet,
                    weights,
                    self.max_tasks,
                    RoleView.model_json_schema(),
                    VIEW_VERSION,
                ],
                sort_keys=True,
                default=str,
            )
            digest = hashlib.sha256(key.encode()).hexdigest()[:16]
            self._store = settings.data_dir / "role-views" / digest
        return self._store if isinstance(self._store, Path) else None

    def _read(self, code: str) -> RoleView | None:
        store = self._store_dir()
        path = store / f"{code}.json" if store else None
        if path is None or not path.is_file():
            return None
        try:
            return RoleView.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # unreadable: built again and rewritten

    def _write(self, view: RoleView) -> None:
        store = self._store_dir()
        if store is None:
            return
        try:
            store.mkdir(parents=True, exist_ok=True)
            tmp = store / f".{view.code}.json.tmp"
            tmp.write_text(view.model_dump_json(), encoding="utf-8")
            tmp.replace(store / f"{view.code}.json")  # whole or not at all
        except OSError as exc:  # a read-only data dir: views still work, only slower
            log.info("role view not kept on disk: %s", exc)

    @property
    def data(self) -> OpenData | None:
        return self.mapper.data

    def _positions(self) -> dict[str, int]:
        if self._index is None:
            assert self.data is not None
            self._index = {code: i for i, code in enumerate(self.data.occupations["code"])}
        return self._index

    def has(self, code: str | None) -> bool:
        """Whether ``code`` is an imported occupation with task statements."""
        if not code or self.data is None:
            return False
        row = self._positions().get(code)
        return row is not None and int(self.data.occupations["n_tasks"].iat[row]) > 0

    # -- matching -------------------------------------------------------------------------

    def _match(self, row: int, score: float, via: str) -> OccupationMatch:
        assert self.data is not None
        occ = self.data.occupations
        return OccupationMatch(
            code=occ["code"].iat[row],
            title=occ["title"].iat[row],
            score=round(score, 4),
            human_beta=_num(occ["human_beta"].iat[row]),
            gpt4_beta=_num(occ["gpt4_beta"].iat[row]),
            ai_applicability=_num(occ["ai_applicability"].iat[row]),
            via=via,
        )

    def match(
        self, text: str, k: int = 3, first: str | None = None, first_via: str = CHOSEN
    ) -> list[OccupationMatch]:
        """The ``k`` occupations nearest to the role ``text`` (scored as TaskMapper does), with
        ``first`` (a code the person or a fitting card chose) put first whatever its score.
        Unlike ``TaskMapper.match_occupations`` no weak role card pulls its code to the top."""
        data = self.data
        if data is None:
            return []
        if text.strip():
            vector = np.asarray(self.mapper.embedder.embed_documents([text]), dtype=np.float32)
            scores = data.occupation_scores(normalize(vector)[0])
        else:
            scores = np.zeros(len(data.occupations), dtype=np.float32)
        has_tasks = data.occupations["n_tasks"].to_numpy() > 0
        ranked = [int(i) for i in np.argsort(-scores) if has_tasks[i]]
        row = self._positions().get(first or "")
        out = []
        if row is not None:
            out.append(self._match(row, float(scores[row]), first_via))
            ranked = [i for i in ranked if i != row]
        out += [self._match(i, float(scores[i]), "similarity") for i in ranked[: k - len(out)]]
        return out

    # -- the view --------------------------------------------------------------------------

    def view(self, code: str) -> RoleView | None:
        """The role view for an imported O*NET-SOC code; None when it is not imported."""
        with self._lock:
            if code in self._cache:
                self._cache.move_to_end(code)
                return self._cache[code]
        if not self.has(code):
            return None
        built = self._read(code)
        if built is None:
            built = self._build(code, self.mapper.map_tasks(self._tasks(code)["task"].tolist()))
            self._write(built)
        self._keep(code, built)
        return built

    def prepare(self, codes: list[str], batch_tasks: int = 256) -> dict[str, RoleView]:
        """Views for many occupations, their tasks mapped in batches (several times faster than
        one by one: the encoders run once per batch), all cached (up to the cache size)."""
        out: dict[str, RoleView] = {}
        pending = []
        for code in codes:
            kept = self._read(code) if self.has(code) else None
            if kept is not None:
                out[code] = kept
                self._keep(code, kept)
            elif self.has(code):
                pending.append(code)
        while pending:
            group: list[tuple[str, int]] = []
            texts: list[str] = []
            while pending and (not group or len(texts) + self.max_tasks <= batch_tasks):
                code = pending.pop(0)
                group.append((code, len(texts)))
                texts += self._tasks(code)["task"].tolist()
            mapped = self.mapper.map_tasks(texts)
            ends = [start for _, start in group[1:]] + [len(texts)]
            for (code, start), end in zip(group, ends):
                part = mapped.model_copy(update={"tasks": mapped.tasks[start:end]})
                out[code] = self._build(code, part)
                self._write(out[code])
                self._keep(code, out[code])
        return out

    def _keep(self, code: str, view: RoleView) -> None:
        with self._lock:
            self._cache[code] = view
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def _tasks(self, code: str):
        """The occupation's task rows shown in its view: core first, file order within each type."""
        assert self.data is not None
        tasks = self.data.tasks
        rows = np.flatnonzero(tasks["code"].to_numpy() == code)
        core = tasks["task_type"].to_numpy()[rows] == "Core"
        return tasks.iloc[np.r_[rows[core], rows[~core]][: self.max_tasks]]

    def _build(self, code: str, mapped: TaskMap) -> RoleView:
        data = self.data
        assert data is not None
        row = self._positions()[code]
        occ = data.occupations
        title = str(occ["title"].iat[row])
        tasks = self._tasks(code)
        task_map = mapped.model_copy(
            update={"occupation": self._match(row, 1.0, "role view"), "source": f"O*NET {code}"}
        )
        role_tasks = [
            RoleTask(task_id=int(t.task_id), task_type=str(t.task_type), human_label=str(t.exposure))
            for t in tasks.itertuples()
        ]
        share = _num(occ["share_E1"].iat[row])
        soc = str(occ["soc"].iat[row])
        applicability = _num(occ["ai_applicability"].iat[row])
        figures = [
            ExposureFigure(
                name="Exposure β, human ratings",
                value=_num(occ["human_beta"].iat[row]),
                source=ELOUNDOU,
            ),
            ExposureFigure(
                name="Exposure β, GPT-4 ratings", value=_num(occ["gpt4_beta"].iat[row]), source=ELOUNDOU
            ),
            ExposureFigure(
                name="AI applicability score",
                value=applicability,
                source=TOMLINSON,
                note="" if applicability is not None else f"the source has no score for SOC {soc}",
            ),
        ]
        return RoleView(
            code=code,
            title=title,
            task_map=task_map,
            tasks=role_tasks,
            figures=figures,
            exposed_share=share,
            adjacent=self.adjacent(code),
            next_problems=next_problems(code, title, task_map.tasks, role_tasks),
        )

    def adjacent(self, code: str, k: int = ADJACENT_K) -> list[AdjacentOccupation]:
        """The ``k`` occupations whose task sets overlap most with ``code``'s, among those with a
        lower share of directly exposed (E1) tasks (an equal share when none is lower).

        Overlap: the mean, both ways, of each task's best cosine match in the other set."""
        data = self.data
        assert data is not None
        occ = data.occupations
        row = self._positions()[code]
        owner = data._task_occ
        mine = np.flatnonzero(owner == row)
        sims = data.task_emb[mine] @ data.task_emb.T  # (mine, all tasks)
        order = np.argsort(owner, kind="stable")
        grouped = owner[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        occ_ids = grouped[starts]
        # mine -> theirs: each of my tasks' best match within each other occupation
        best_in = np.maximum.reduceat(sims[:, order], starts, axis=1)  # (mine, occupations)
        forward = best_in.mean(axis=0)
        # theirs -> mine: each of their tasks' best match among mine, averaged per occupation
        back = np.bincount(owner, weights=sims.max(axis=0), minlength=len(occ))
        back = back[occ_ids] / np.bincount(owner, minlength=len(occ))[occ_ids]
        overlap = (forward + back) / 2
        shares = occ["share_E1"].to_numpy(dtype=float)[occ_ids]
        own = float(occ["share_E1"].iat[row])
        others = occ_ids != row
        pool = others & (shares < own)
        if pool.sum() < k:  # nothing (or too little) is less exposed: take equally exposed ones
            pool = others & (shares <= own)
        picks = np.flatnonzero(pool)[np.argsort(-overlap[pool], kind="stable")][:k]
        out = []
        for p in picks:
            theirs = np.flatnonzero(owner == occ_ids[p])
            a, b = np.unravel_index(int(np.argmax(sims[:, theirs])), (len(mine), len(theirs)))
            out.append(
                AdjacentOccupation(
                    code=str(occ["code"].iat[occ_ids[p]]),
                    title=str(occ["title"].iat[occ_ids[p]]),
                    overlap=round(float(overlap[p]), 4),
                    exposed_share=round(float(shares[p]), 4),
                    shared_task=str(data.tasks["task"].iat[theirs[b]]),
                )
            )
        return out


# ---------------------------------------------------------------------------------------------
# Next problems from the occupation's own tasks


# Bumped when the way views are built changes, so views cached by older code are built again.
VIEW_VERSION = 2
# The skill each kind of next problem builds (corpus skill cards; tests check they exist): owning
# the judgment calls, getting a good draft from an assistant, checking what AI produced.
SKILL_OWN = SourceRef(id="skill/exception-handling", title="Exception handling", heading="Summary")
SKILL_SPEED_UP = SourceRef(id="skill/prompting", title="Prompting", heading="Summary")
SKILL_REVIEW = SourceRef(id="skill/verifying-ai-output", title="Verifying AI output", heading="Summary")


def _source(code: str, title: str, task: RoleTask) -> SourceRef:
    return SourceRef(
        id=f"onet/{code}/task-{task.task_id}",
        title=f"O*NET task {task.task_id}, {title}",
        heading=f"labels: {ELOUNDOU}",
    )


_LABEL_WORDS = {
    "E0": "not exposed (E0)",
    "E1": "directly exposed (E1)",
    "E2": "exposed with LLM-based software (E2)",
}


def next_problems(
    code: str, title: str, results: list[TaskResult], tasks: list[RoleTask], limit: int = 4
) -> list[NextProblem]:
    """Problems to take on, from the occupation's human-core tasks (own them) and augment tasks
    (let AI speed them up, spend the time on a human-core one); automate tasks fill in when
    there are too few of those. Each is sourced to its O*NET task."""
    pairs = list(zip(results, tasks))
    core = [p for p in pairs if p[0].category == "human-core"]
    augment = [p for p in pairs if p[0].category == "augment"]
    automate = [p for p in pairs if p[0].category == "automate"]

    def humans(label: str) -> str:
        return f"The human annotators rated this task {_LABEL_WORDS.get(label, label)}"

    def own(result: TaskResult, task: RoleTask) -> NextProblem:
        return NextProblem(
            title=f"Become the person who handles: {_lower_first(result.task)}",
            why=f"{humans(task.human_label)}; the task classifier files it under human-core "
            f"({result.confidence:.0%}). Work like this keeps its value as AI takes over routine parts.",
            first_step="This week, note the last three times you did this and the judgment each "
            "needed; ask to take the hardest case next.",
            skill=SKILL_OWN,
            source=_source(code, title, task),
        )

    def speed_up(result: TaskResult, task: RoleTask, spend: TaskResult | None) -> NextProblem:
        target = _lower_first(spend.task) if spend else "the parts of your work that need your judgment"
        return NextProblem(
            title=f"Use AI to speed up {_lower_first(result.task)}, and spend the time on {target}",
            why=f"{humans(task.human_label)}; the classifier files it under augment "
            f"({result.confidence:.0%}): AI can take part of it while you keep the decisions.",
            first_step="Try an AI assistant on one instance of this task this week, check every fact "
            "it gives against the source, and note the minutes saved.",
            skill=SKILL_SPEED_UP,
            source=_source(code, title, task),
        )

    def review(result: TaskResult, task: RoleTask) -> NextProblem:
        return NextProblem(
            title=f"Hand the routine part of {_lower_first(result.task)} to AI and own the checking",
            why=f"{humans(task.human_label)}; the classifier files it under automate "
            f"({result.automation:.0%} chance AI does most of it): the check stays human.",
            first_step="Write a short checklist for reviewing AI output on this task and use it on "
            "one real case this week.",
            skill=SKILL_REVIEW,
            source=_source(code, title, task),
        )

    out: list[NextProblem] = []
    for i in range(max(len(core), len(augment))):
        if i < len(core):
            out.append(own(*core[i]))
        if i < len(augment):
            spend = core[i % len(core)][0] if core else None
            out.append(speed_up(*augment[i], spend))
        if len(out) >= limit:
            break
    for pair in automate:
        if len(out) >= limit:
            break
        out.append(review(*pair))
    return out[:limit]
