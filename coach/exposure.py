"""Task-level AI exposure: map free-text tasks to E0/E1/E2 and to the coach's categories.

Up to three parts vote; each runs only where it is valid:

* a lexical model (hashed word n-grams + logistic regression): text only, always available;
* MiniLM's top two layers, fine-tuned with a 3-class head: only when the embedder is MiniLM;
* a kNN update from the imported labelled tasks: only after `coach data import`, in the
  embedding space of the embedder the import used. Its neighbours are the evidence shown.

The first two ship as weights in ``coach/models`` (no task text); ``scripts/train_exposure.py``
reproduces them. Category rule (docs/exposure.md): E0 -> human-core; an exposed task goes to
"automate" when the automation head puts the chance that AI does most of it (T3-T4) at 0.5 or
more, else to "augment".
"""

from __future__ import annotations

import json
import logging
import re
import threading
import zlib
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from coach.opendata import OpenData, embedder_name, normalize
from coach.settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)

MODEL_PATH = PROJECT_ROOT / "coach" / "models" / "exposure_v1.npz"
CLASSES = ("E0", "E1", "E2")
KNN_K = 15
# Each neighbour votes with similarity**8 (a near-duplicate ~0.9, a loose match at 0.5 ~0.004)
# against a pseudo-count of KNN_PRIOR for the shipped model's own probabilities: close
# neighbours decide, weak ones (or an embedder that finds none) leave the model in charge.
KNN_POWER = 8
KNN_PRIOR = 1.0
EVIDENCE_K = 3
EVIDENCE_MIN_SIMILARITY = 0.25
MAX_TASKS = 50
MAX_TASK_CHARS = 300
MINILM = "all-MiniLM-L6-v2"
FT_FROM = 4  # the fine-tuned copies of MiniLM's layers 5-6 read the states after layer 4
FT_LAYERS = 2
SCALE_SUFFIX = "__scale"
HEAD_SCALE = 10.0  # unit-norm pooled vector x 10: a temperature the head would learn slowly

Exposure = Literal["E0", "E1", "E2"]
Category = Literal["automate", "augment", "human-core"]


class Evidence(BaseModel):
    task: str
    occupation: str
    label: str  # the human annotators' E0/E1/E2
    similarity: float = 0.0


class TaskResult(BaseModel):
    task: str
    exposure: Exposure
    category: Category
    confidence: float = Field(ge=0, le=1)
    automation: float = Field(0.0, ge=0, le=1, description="P(AI could do most of it, T3-T4)")
    evidence: list[Evidence] = []


class OccupationMatch(BaseModel):
    code: str
    title: str
    score: float
    human_beta: float | None = None
    gpt4_beta: float | None = None
    ai_applicability: float | None = None


class TaskMap(BaseModel):
    tasks: list[TaskResult]
    occupation: OccupationMatch | None = None
    method: str = ""  # which parts voted, e.g. "lexical+finetuned[all-MiniLM-L6-v2]+knn[16339]"

    def counts(self) -> dict[str, int]:
        out = {"automate": 0, "augment": 0, "human-core": 0}
        for t in self.tasks:
            out[t.category] += 1
        return out

    def chart_rows(self) -> list[dict]:
        """One row per task for a chart: category, exposure and confidence (UI-agnostic)."""
        fields = {"task", "category", "exposure", "confidence"}
        return [t.model_dump(include=fields) for t in self.tasks]

    def to_markdown(self) -> str:
        """A compact table for a chat answer, with the nearest labelled task as evidence."""
        lines = [
            "| Task | Category | Exposure | Confidence | Closest labelled task |",
            "|---|---|---|---|---|",
        ]
        for t in self.tasks:
            near = (
                f"{t.evidence[0].task} ({t.evidence[0].occupation}, {t.evidence[0].label})"
                if t.evidence
                else ""
            )
            cells = [t.task, t.category, t.exposure, f"{t.confidence:.0%}", near]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        if self.occupation:
            lines.append(f"\nClosest occupation: {self.occupation.title} ({self.occupation.code}).")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Features shared by training (scripts/train_exposure.py) and inference

_WORD = re.compile(r"[a-z0-9]+")


def lexical_features(text: str) -> list[int]:
    """Hashed ids of words, word bigrams and the leading verb. crc32 keeps ids stable across
    Python and library versions, so the shipped weights need no vocabulary (no task text)."""
    words = _WORD.findall(text.lower())
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    if words:
        grams.append(f"__verb__ {words[0]}")
    return [zlib.crc32(g.encode()) & 0xFFFFFFFF for g in grams]


def lexical_matrix(texts: list[str], index: np.ndarray, idf: np.ndarray):
    """Sparse sublinear-tf x idf rows, L2-normalised, over the known hashed ids in ``index``."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        hashed = np.asarray(lexical_features(text), dtype=np.uint32)
        ids, counts = np.unique(hashed, return_counts=True)
        pos = np.searchsorted(index, ids)
        pos = np.minimum(pos, len(index) - 1)
        known = index[pos] == ids
        weights = (1.0 + np.log(counts[known])) * idf[pos[known]]
        norm = np.linalg.norm(weights) or 1.0
        rows += [r] * int(known.sum())
        cols += pos[known].tolist()
        vals += (weights / norm).tolist()
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(index)), dtype=np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


class ExposureModel:
    """The shipped weights: lexical LR (3 classes + automation), MiniLM's top two layers
    fine-tuned with a 3-class head, and a linear automation head on MiniLM embeddings."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict):
        self.arrays = arrays  # as stored: large matrices int8 with a float scale per row
        self.a = _unpack(arrays)
        self.meta = meta
        self.embedder = meta["embedder"]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ExposureModel:
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        meta = json.loads(path.with_suffix(".json").read_text())
        if tuple(meta["classes"]) != CLASSES:
            raise ValueError(f"{path}: unexpected classes {meta['classes']}")
        return cls(arrays, meta)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, **self.arrays)
        path.with_suffix(".json").write_text(json.dumps(self.meta, indent=2) + "\n")

    def lexical(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(class probabilities, automation probability) from the text alone."""
        X = lexical_matrix(texts, self.a["lex_index"].astype(np.uint32), self.a["lex_idf"])
        probs = _softmax(X @ self.a["lex_coef"] + self.a["lex_intercept"])
        auto = _sigmoid(X @ self.a["lex_auto_coef"] + self.a["lex_auto_intercept"])
        return probs, auto

    def finetuned(self, states: list[np.ndarray]) -> np.ndarray:
        """Class probabilities from MiniLM token states after layer ``FT_FROM`` (one array of
        shape (tokens, 384) per text), through the fine-tuned top layers and head."""
        import torch

        weights = {k: torch.from_numpy(v) for k, v in self.a.items() if k.startswith("ft")}
        logits = np.zeros((len(states), len(CLASSES)), dtype=np.float32)
        with torch.inference_mode():
            for batch in _length_batches([len(s) for s in states], 64):
                x, mask = pad_states([states[i] for i in batch])
                out = finetuned_logits(torch.from_numpy(x), torch.from_numpy(mask), weights)
                logits[batch] = out.numpy()
        return _softmax(logits)

    def embedding_automation(self, vectors: np.ndarray) -> np.ndarray:
        return _sigmoid(vectors @ self.a["emb_auto_coef"] + self.a["emb_auto_intercept"])

    def predict(
        self,
        texts: list[str],
        states: list[np.ndarray] | None = None,
        vectors: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Mean (class probabilities, automation probability) of the parts that can run: the
        lexical model always; the fine-tuned MiniLM layers when MiniLM's ``states`` and
        sentence ``vectors`` are given."""
        probs, auto = self.lexical(texts)
        parts = ["lexical"]
        if states is not None and vectors is not None:
            probs = (probs + self.finetuned(states)) / 2
            auto = (auto + self.embedding_automation(vectors)) / 2
            parts.append(f"finetuned[{MINILM}]")
        return probs, auto, parts


def pack(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Store large float matrices as int8 with one float32 scale per row (halves the file;
    the fine-tuned layers' outputs move by well under 1%), the rest as given."""
    out = {}
    for key, value in arrays.items():
        if value.dtype.kind == "f" and value.ndim == 2 and min(value.shape) >= 64:
            scale = np.abs(value).max(axis=1, keepdims=True).astype(np.float32) / 127.0
            scale[scale == 0] = 1.0
            out[key] = np.round(value / scale).astype(np.int8)
            out[key + SCALE_SUFFIX] = scale
        else:
            out[key] = value
    return out


def _unpack(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for key, value in arrays.items():
        if key.endswith(SCALE_SUFFIX):
            continue
        if key + SCALE_SUFFIX in arrays:
            out[key] = value.astype(np.float32) * arrays[key + SCALE_SUFFIX]
        elif value.dtype.kind == "f":
            out[key] = value.astype(np.float32)
        else:
            out[key] = value
    return out


def pad_states(states: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Stack ragged (tokens, dim) arrays into a zero-padded batch and its boolean mask."""
    longest = max(len(s) for s in states)
    x = np.zeros((len(states), longest, states[0].shape[1]), dtype=np.float32)
    mask = np.zeros((len(states), longest), dtype=bool)
    for i, s in enumerate(states):
        x[i, : len(s)] = s
        mask[i, : len(s)] = True
    return x, mask


def finetuned_pooled(x, mask, w: dict, dropout: float = 0.0):
    """The fine-tuned top of MiniLM: ``FT_LAYERS`` BERT layers (12 heads, GELU, post-norm), then
    mean pooling and L2 norm. Torch tensors in; ``dropout`` > 0 only while training
    (scripts/train_exposure.py fits the weights through this very function)."""
    import torch.nn.functional as F

    batch, tokens, dim = x.shape

    def heads(t):
        return t.view(batch, tokens, 12, dim // 12).transpose(1, 2)

    def drop(t):
        return F.dropout(t, dropout, training=dropout > 0)

    for j in range(FT_LAYERS):
        p = f"ft{j}_"
        q, k, v = (heads(F.linear(x, w[p + n + "_w"], w[p + n + "_b"])) for n in ("q", "k", "v"))
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask[:, None, None, :])
        att = F.linear(att.transpose(1, 2).reshape(batch, tokens, dim), w[p + "o_w"], w[p + "o_b"])
        x = F.layer_norm(x + drop(att), (dim,), w[p + "ln1_g"], w[p + "ln1_b"], eps=1e-12)
        hidden = F.gelu(F.linear(x, w[p + "i_w"], w[p + "i_b"]))
        hidden = F.linear(hidden, w[p + "out_w"], w[p + "out_b"])
        x = F.layer_norm(x + drop(hidden), (dim,), w[p + "ln2_g"], w[p + "ln2_b"], eps=1e-12)
    m = mask.unsqueeze(-1).to(x.dtype)
    return F.normalize((x * m).sum(1) / m.sum(1), dim=-1)


def finetuned_logits(x, mask, w: dict):
    """Inference: logits of the 3-class head over :func:`finetuned_pooled`."""
    import torch.nn.functional as F

    return F.linear(finetuned_pooled(x, mask, w) * HEAD_SCALE, w["ft_head_w"], w["ft_head_b"])


def minilm_encode(texts: list[str], batch_size: int = 64) -> tuple[list[np.ndarray], np.ndarray]:
    """One MiniLM pass: each text's token states after layer ``FT_FROM`` and the sentence
    embeddings (equal to ``MiniLMEmbedder.embed_documents``: mean-pooled, normalised)."""
    import torch

    from coach.embeddings import MiniLMEmbedder

    st = MiniLMEmbedder.model()
    states: list[np.ndarray] = [np.empty(0)] * len(texts)
    vectors = np.zeros((len(texts), st.get_embedding_dimension()), dtype=np.float32)
    with torch.inference_mode():
        for rows in _length_batches([len(t) for t in texts], batch_size):
            batch = st.tokenizer(
                [texts[i] for i in rows],
                padding=True,
                truncation=True,
                max_length=st.max_seq_length,
                return_tensors="pt",
            )
            out = st[0].auto_model(**batch, output_hidden_states=True)
            mask = batch["attention_mask"]
            mid = out.hidden_states[FT_FROM].float().numpy()
            for j, (i, n) in enumerate(zip(rows, mask.sum(1).tolist())):
                states[i] = mid[j, :n]
            m = mask.unsqueeze(-1).float()
            vectors[rows] = ((out.hidden_states[-1] * m).sum(1) / m.sum(1)).numpy()
    return states, normalize(vectors)


def _length_batches(lengths: list[int], size: int) -> list[np.ndarray]:
    """Row indices in batches of similar length (less padding), as sentence-transformers does."""
    order = np.argsort(lengths, kind="stable")
    return [order[i : i + size] for i in range(0, len(order), size)]


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

    def __init__(self, settings: Settings, embedder: Embeddings | None = None):
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.Lock()
        self._loaded = False
        self._model: ExposureModel | None = None
        self._data: OpenData | None = None

    @property
    def embedder(self) -> Embeddings:
        if self._embedder is None:
            from coach.embeddings import build_embedder

            self._embedder = build_embedder(self.settings)
        return self._embedder

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            self._model = ExposureModel.load()
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

    def _embed(self, texts: list[str]) -> np.ndarray:
        return normalize(np.asarray(self.embedder.embed_documents(texts), dtype=np.float32))

    def _occupations(self, query: np.ndarray, k: int) -> list[OccupationMatch]:
        data = self.data
        if data is None:
            return []
        scores = data.occupation_scores(query)
        top = np.argsort(-scores)[:k]
        occ = data.occupations
        return [
            OccupationMatch(
                code=occ["code"].iat[i],
                title=occ["title"].iat[i],
                score=round(float(scores[i]), 4),
                human_beta=_num(occ["human_beta"].iat[i]),
                gpt4_beta=_num(occ["gpt4_beta"].iat[i]),
                ai_applicability=_num(occ["ai_applicability"].iat[i]),
            )
            for i in top
        ]

    def match_occupations(self, text: str, k: int = 5) -> list[OccupationMatch]:
        """Ranked occupations for a free-text role; [] before any import."""
        if not text.strip() or self.data is None:
            return []
        return self._occupations(self._embed([text])[0], k)

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
            states, vectors = minilm_encode(queries)  # one pass gives both
            probs, auto, parts = model.predict(texts, states[: len(texts)], vectors[: len(texts)])
        else:
            probs, auto, parts = model.predict(texts)
            if data is not None:
                vectors = self._embed(queries)
        neighbours = None
        if data is not None:
            neighbours = data.nearest_tasks(vectors[: len(texts)], KNN_K)
            labels = np.searchsorted(np.array(CLASSES), data.labels[neighbours[0]])
            probs = knn_update(probs, neighbours[1], labels)
            parts.append(f"knn[{len(data.tasks)}]")
        results = []
        for i, task in enumerate(tasks):
            label = CLASSES[int(probs[i].argmax())]
            evidence = self._evidence(neighbours[0][i], neighbours[1][i]) if neighbours else []
            results.append(
                TaskResult(
                    task=task,
                    exposure=label,
                    category=category_for(label, float(auto[i])),
                    confidence=round(float(probs[i].max()), 4),
                    automation=round(float(auto[i]), 4),
                    evidence=evidence,
                )
            )
        occupation = None
        if data is not None:
            query = vectors[-1] if role else normalize(vectors[: len(texts)].mean(axis=0))
            occupation = self._occupations(query, 1)[0]
        return TaskMap(tasks=results, occupation=occupation, method="+".join(parts))

    def _evidence(self, rows: np.ndarray, sims: np.ndarray) -> list[Evidence]:
        """The nearest distinct task statements (the same statement recurs across occupations)."""
        tasks, seen, out = self.data.tasks, set(), []
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
                )
            )
        return out


def _num(value) -> float | None:
    return None if value is None or value != value else round(float(value), 4)


# ---------------------------------------------------------------------------------------------
# Pulling a task list out of a chat message

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
    item = re.sub(r"^\s*(?:and|or|to)\s+", "", item.strip(), flags=re.IGNORECASE)
    return item.strip(" \t.;,:!").strip()


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
