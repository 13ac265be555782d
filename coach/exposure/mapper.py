"""Task-level AI exposure: map free-text tasks to E0/E1/E2 and to the coach's categories.

Up to four parts vote; each runs only where it is valid:

* a lexical model (hashed word n-grams + logistic regression): text only, always available;
* fine-tuned copies of MiniLM's top layers (two depths, each with a 3-class head): only when
  the embedder is MiniLM; with them, an MLP on all-mpnet-base-v2 embeddings when that
  optional model is installed (and ``COACH_EXPOSURE_MPNET`` is on);
* a kNN update from the imported labelled tasks: only after `coach data import`, in the
  embedding space of the embedder the import used. Its neighbours are the evidence shown.

The first two ship as weights in ``coach/exposure/weights`` (coach/exposure/model.py holds them and
their features; ``scripts/train_exposure.py`` reproduces them). Category rule
(docs/exposure.md): E0 -> human-core; an exposed task goes to "automate" when the automation
head puts the chance that AI does most of it (T3-T4) at 0.5 or more, else to "augment".

Each label's confidence is calibrated (coach/exposure/confidence.py); below the threshold the
task is marked unsure, best guess kept. The sources are kept side by side: the nearest labelled
tasks with their human and GPT-4 labels, and the role card's own tag (coach/exposure/cards.py);
where they disagree with the label, the task is marked uncertain with the reasons.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np
from langchain_core.embeddings import Embeddings

from coach.config import Settings
from coach.domain.taskmap import Category, Evidence, OccupationMatch, TaskMap, TaskResult
from coach.exposure.cards import CardTags, match_card_tasks
from coach.exposure.confidence import Calibration
from coach.exposure.model import CLASSES, MPNET, ExposureModel, minilm_encode
from coach.exposure.opendata import OpenData, embedder_name, normalize
from coach.exposure.tasks import MAX_TASK_CHARS

log = logging.getLogger(__name__)

KNN_K = 15
# Each neighbour votes with similarity**8 (a near-duplicate ~0.9, a loose match at 0.5 ~0.004)
# against a pseudo-count of KNN_PRIOR for the shipped model's own probabilities: close
# neighbours decide, weak ones (or an embedder that finds none) leave the model in charge.
KNN_POWER = 8
KNN_PRIOR = 1.0
EVIDENCE_K = 3
EVIDENCE_MIN_SIMILARITY = 0.25
# Evidence this close is the same task in other words (MiniLM cosine; a near-duplicate ~0.9):
# its human label disagreeing with the model's is a reason to doubt the label.
NEAR_IDENTICAL_SIMILARITY = 0.9
# Human raters and GPT-4 disagreeing on the nearest labelled task counts only when that task
# is a fair match for this one.
DISPUTED_EVIDENCE_MIN_SIMILARITY = 0.6


def knn_update(prior: np.ndarray, sims: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Blend ``prior`` (n, 3) with the votes of neighbours: similarities (n, k) and their
    labels (n, k) as 0/1/2."""
    weights = np.clip(sims, 0.0, None) ** KNN_POWER
    votes = np.stack([(weights * (labels == c)).sum(axis=1) for c in range(len(CLASSES))], axis=1)
    return (votes + KNN_PRIOR * prior) / (votes.sum(axis=1, keepdims=True) + KNN_PRIOR)


def category_for(exposure: str, automation: float) -> Category:
    if exposure == "E0":
        return "human-core"
    return "automate" if automation >= 0.5 else "augment"


# ---------------------------------------------------------------------------------------------
# The mapper


class TaskMapper:
    """Maps task lists and role descriptions. Cheap to construct; loads on first use."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embeddings | None = None,
        role_code: Callable[[str], str | None] | None = None,
        mpnet: Embeddings | None = None,
        role_tags: Callable[[str], CardTags] | None = None,
    ):
        self.settings = settings
        self._embedder = embedder
        self._mpnet = mpnet  # the second encoder; built from settings on first use when None
        self._mpnet_off = not settings.exposure_mpnet  # also set when it is absent or fails
        # The O*NET-SOC code the coach's role cards give a role text (their titles and aliases
        # know jargon such as "tier-1 support" that embeddings of O*NET titles miss).
        self.role_code = role_code
        # The tagged typical tasks of the role card a role text names (coach/exposure/cards.py).
        self.role_tags = role_tags
        self._lock = threading.Lock()
        self._loaded = False
        self._model: ExposureModel | None = None
        self._data: OpenData | None = None
        self._calibration: Calibration | None = None

    @property
    def embedder(self) -> Embeddings:
        if self._embedder is None:
            from coach.llm.embeddings import build_embedder

            self._embedder = build_embedder(self.settings)
        return self._embedder

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            self._model = ExposureModel.load()
            self._calibration = Calibration.load()
            self._data = OpenData.load(self.settings)
            if self._data is not None and self._data.embedder != embedder_name(self.embedder):
                log.warning(
                    "open data was imported with embedder %s but %s is configured; "
                    "run `coach data import PATH` again for evidence and occupation matching",
                    self._data.embedder,
                    embedder_name(self.embedder),
                )
                self._data = None
            self._loaded = True

    @property
    def data(self) -> OpenData | None:
        self._load()
        return self._data

    @property
    def model(self) -> ExposureModel:
        self._load()
        assert self._model is not None
        return self._model

    @property
    def calibration(self) -> Calibration:
        self._load()
        assert self._calibration is not None
        return self._calibration

    @property
    def unsure_below(self) -> float:
        """The calibrated confidence below which a label is shown as unsure: the setting
        ``COACH_UNSURE_BELOW`` where given, else the threshold cross-validation chose."""
        given = self.settings.unsure_below
        return self.calibration.unsure_below if given is None else given

    def warm_up(self) -> None:
        """Load what mapping will need (weights, imported indices, the second encoder, which
        is assembled on first use) so that the first task list does not wait for it."""
        if embedder_name(self.embedder) == self.model.embedder:
            self._mpnet_vectors(["warm up"])

    def _mpnet_vectors(self, texts: list[str]) -> np.ndarray | None:
        """mpnet sentence vectors for the model's mpnet part, or None when that part is off,
        not in the weights, or its model is not installed (the other parts still vote)."""
        if self._mpnet_off or not self.model.has_mpnet:
            return None
        if self._mpnet is None:
            from coach.llm.embeddings import MPNetEmbedder

            encoder = MPNetEmbedder(self.settings.model_cache)
            if not encoder.available():
                log.info("%s is not installed: task mapping runs without it", MPNET)
                self._mpnet_off = True
                return None
            self._mpnet = encoder
        try:
            return np.asarray(self._mpnet.embed_documents(texts), dtype=np.float32)
        except Exception as exc:  # e.g. a corrupt part package: map without the part, say why once
            log.warning("task mapping runs without %s: %s", MPNET, exc)
            self._mpnet_off = True
            return None

    def _embed(self, texts: list[str]) -> np.ndarray:
        return normalize(np.asarray(self.embedder.embed_documents(texts), dtype=np.float32))

    def _occupations(self, query: np.ndarray, k: int, role: str | None = None) -> list[OccupationMatch]:
        data = self.data
        if data is None:
            return []
        scores = data.occupation_scores(query)
        top = list(np.argsort(-scores)[:k])
        occ = data.occupations
        code = self.role_code(role) if role and self.role_code else None
        rows: np.ndarray | list[int] = np.flatnonzero(occ["code"].to_numpy() == code) if code else []
        card = int(rows[0]) if len(rows) else None
        if card is not None:  # a role card names the occupation: it goes first, whatever its score
            top = [card, *[i for i in top if i != card]][:k]
        return [
            OccupationMatch(
                code=occ["code"].iat[i],
                title=occ["title"].iat[i],
                score=round(float(scores[i]), 4),
                human_beta=_num(occ["human_beta"].iat[i]),
                gpt4_beta=_num(occ["gpt4_beta"].iat[i]),
                ai_applicability=_num(occ["ai_applicability"].iat[i]),
                via="role card" if i == card else "similarity",
            )
            for i in top
        ]

    def match_occupations(self, text: str, k: int = 5) -> list[OccupationMatch]:
        """Ranked occupations for a free-text role; [] before any import."""
        if not text.strip() or self.data is None:
            return []
        return self._occupations(self._embed([text])[0], k, role=text)

    def map_tasks(self, tasks: list[str], role: str | None = None) -> TaskMap:
        """One result per task, in input order."""
        texts = [t.strip()[:MAX_TASK_CHARS] for t in tasks]
        if not texts:
            matches = self.match_occupations(role, 1) if role else []
            return TaskMap(tasks=[], occupation=matches[0] if matches else None)
        model, data = self.model, self.data
        queries = texts + ([role] if role else [])
        states = vectors = None
        if embedder_name(self.embedder) == model.embedder:
            states, vectors = minilm_encode(queries, model.state_layers)  # one pass gives both
            states = {layer: rows[: len(texts)] for layer, rows in states.items()}
            mpnet = self._mpnet_vectors(texts)
            probs, auto, parts = model.predict(texts, states, vectors[: len(texts)], mpnet)
        else:
            probs, auto, parts = model.predict(texts)
            if data is not None:
                vectors = self._embed(queries)
        situation = "shipped" if len(parts) > 1 else "lexical"  # the curve fitted for these parts
        neighbours = labels = None
        if data is not None:
            assert vectors is not None  # embedded above whenever data is imported
            neighbours = data.nearest_tasks(vectors[: len(texts)], KNN_K)
            labels = np.searchsorted(np.array(CLASSES), data.labels[neighbours[0]])
            probs = knn_update(probs, neighbours[1], labels)
            parts.append(f"knn[{len(data.tasks)}]")
            situation += "+knn"
        if neighbours is not None:
            conf = self.calibration.confidence(situation, probs, neighbours[1], labels)
        else:
            conf = self.calibration.confidence(situation, probs)
        threshold = self.unsure_below
        tags = self.role_tags(role) if role and self.role_tags else []
        on_card = match_card_tasks(texts, tags, self.embedder if tags else None)
        results = []
        for i, task in enumerate(tasks):
            label = CLASSES[int(probs[i].argmax())]
            evidence = self._evidence(neighbours[0][i], neighbours[1][i]) if neighbours else []
            confidence = round(float(conf[i]), 4)  # shown as stored: unsure agrees with it
            result = TaskResult(
                task=task,
                exposure=label,
                category=category_for(label, float(auto[i])),
                confidence=confidence,
                automation=round(float(auto[i]), 4),
                evidence=evidence,
                probability=round(float(probs[i].max()), 4),
                unsure=confidence < threshold,
            )
            card = on_card[i]
            if card is not None:
                result.card_task, result.card_tag = tags[card]
            result.reasons = disagreements(result, threshold)
            result.uncertain = bool(result.reasons)
            results.append(result)
        occupation = None
        if data is not None:
            assert vectors is not None
            query = vectors[-1] if role else normalize(vectors[: len(texts)].mean(axis=0))
            occupation = self._occupations(query, 1, role=role)[0]
        return TaskMap(tasks=results, occupation=occupation, method="+".join(parts))

    def _evidence(self, rows: np.ndarray, sims: np.ndarray) -> list[Evidence]:
        """The nearest distinct task statements (the same statement recurs across occupations)."""
        assert self.data is not None
        tasks, seen = self.data.tasks, set()
        # Imports from before the GPT-4 column was kept lack it: their evidence shows none.
        has_gpt4 = "gpt4_exposure" in tasks
        out: list[Evidence] = []
        for j, sim in zip(rows, sims):
            text = tasks["task"].iat[j]
            if sim < EVIDENCE_MIN_SIMILARITY or len(out) == EVIDENCE_K:
                break
            if text in seen:
                continue
            seen.add(text)
            out.append(
                Evidence(
                    task=text,
                    occupation=tasks["title"].iat[j],
                    label=tasks["exposure"].iat[j],
                    similarity=round(float(sim), 4),
                    gpt4_label=tasks["gpt4_exposure"].iat[j] if has_gpt4 else None,
                )
            )
        return out


def disagreements(result: TaskResult, unsure_below: float) -> list[str]:
    """Why the sources for one task do not settle its label, one sentence each: low calibrated
    confidence, the role card's tag against the category, a near-identical labelled task's
    human label against the model's, human raters against GPT-4 on the nearest labelled task."""
    reasons = []
    if result.unsure:
        reasons.append(f"low confidence: {result.confidence:.0%} is below the {unsure_below:.0%} threshold")
    if result.card_tag and result.card_tag != result.category:
        reasons.append(
            f"the role card tags '{result.card_task}' as {result.card_tag}; the model says {result.category}"
        )
    near = result.evidence[0] if result.evidence else None
    if near and near.similarity >= NEAR_IDENTICAL_SIMILARITY and near.label != result.exposure:
        reasons.append(
            f"a near-identical labelled task (similarity {near.similarity:.2f}) is {near.label} "
            f"by human raters; the model says {result.exposure}"
        )
    if (
        near
        and near.gpt4_label
        and near.similarity >= DISPUTED_EVIDENCE_MIN_SIMILARITY
        and near.gpt4_label != near.label
    ):
        reasons.append(
            f"human raters ({near.label}) and GPT-4 ({near.gpt4_label}) disagree on the nearest labelled task"
        )
    return reasons


def _num(value) -> float | None:
    return None if value is None or value != value else round(float(value), 4)
