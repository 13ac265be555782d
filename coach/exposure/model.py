"""The shipped exposure model: its features, weights and inference (no task text inside).

* a lexical model: hashed word n-grams (crc32 ids, no vocabulary) -> tf-idf -> logistic
  regression, with a second head for the automation level;
* fine-tuned copies of MiniLM's top layers ("stacks"), each with a 3-class head, reading the
  token states MiniLM computes below them;
* a linear automation head on MiniLM sentence embeddings;
* optionally, a small MLP on all-mpnet-base-v2 sentence embeddings (a second encoder that
  errs differently from MiniLM), used when that model is installed.

``scripts/train_exposure.py`` fits every part through these same functions; the task mapper
(coach/exposure.py) decides which parts can run.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import numpy as np

from coach.exposure.opendata import normalize
from coach.llm.model_assembly import MPNET as MPNET_PARTS

MODEL_PATH = Path(__file__).resolve().parent / "weights" / "exposure_v1.npz"
CLASSES = ("E0", "E1", "E2")
MINILM = "all-MiniLM-L6-v2"
MINILM_LAYERS = 6
MPNET = MPNET_PARTS.name
SCALE_SUFFIX = "__scale"
HEAD_SCALE = 10.0  # unit-norm pooled vector x 10: a temperature the head would learn slowly


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
    """The shipped weights: lexical LR (3 classes + automation), one or more fine-tuned copies
    of MiniLM's top layers, each with a 3-class head (a "stack", named by its key prefix), a
    linear automation head on MiniLM embeddings and, optionally, an MLP on mpnet embeddings."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict):
        self.arrays = arrays  # as stored: large matrices int8 with a float scale per row
        self.a = _unpack(arrays)
        self.meta = meta
        self.embedder = meta["embedder"]
        # Each stack copies MiniLM's top layers: its layer count says which states it reads.
        prefixes = [key.removesuffix("_head_w") for key in self.a if key.endswith("_head_w")]
        self.stacks = {p: MINILM_LAYERS - finetuned_layers(self.a, p) for p in prefixes}
        self.state_layers = tuple(sorted(set(self.stacks.values())))
        self.lexical_weight = float(meta.get("lexical_weight", 0.5))
        mpnet = meta.get("mpnet", {})
        self.has_mpnet = "mpnet_w0" in self.a
        self.mpnet_weight = float(mpnet.get("weight", 0.0))
        self.mpnet_lexical_weight = float(mpnet.get("lexical_weight", self.lexical_weight))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ExposureModel:
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        meta = json.loads(path.with_suffix(".json").read_text())
        if tuple(meta["classes"]) != CLASSES:
            raise ValueError(f"{path}: unexpected classes {meta['classes']}")
        return cls(arrays, meta)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, **self.arrays)  # type: ignore[arg-type]
        path.with_suffix(".json").write_text(json.dumps(self.meta, indent=2) + "\n")

    def lexical(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(class probabilities, automation probability) from the text alone."""
        X = lexical_matrix(texts, self.a["lex_index"].astype(np.uint32), self.a["lex_idf"])
        probs = _softmax(X @ self.a["lex_coef"] + self.a["lex_intercept"])
        auto = _sigmoid(X @ self.a["lex_auto_coef"] + self.a["lex_auto_intercept"])
        return probs, auto

    def finetuned(self, states: dict[int, list[np.ndarray]], stacks: list[str] | None = None) -> np.ndarray:
        """Mean class probabilities of the fine-tuned ``stacks`` (default: all). ``states[layer]``
        holds MiniLM's token states after ``layer`` (one (tokens, 384) array per text) for each
        layer in :attr:`state_layers`."""
        import torch

        weights = {k: torch.from_numpy(v) for k, v in self.a.items()}
        probs = []
        for prefix in stacks or list(self.stacks):
            layer = self.stacks[prefix]
            rows = states[layer]
            logits = np.zeros((len(rows), len(CLASSES)), dtype=np.float32)
            with torch.inference_mode():
                for batch in _length_batches([len(s) for s in rows], 64):
                    x, mask = (torch.from_numpy(a) for a in pad_states([rows[i] for i in batch]))
                    logits[batch] = finetuned_logits(x, mask, weights, prefix).numpy()
            probs.append(_softmax(logits))
        return np.mean(probs, axis=0)

    def embedding_automation(self, vectors: np.ndarray) -> np.ndarray:
        return _sigmoid(vectors @ self.a["emb_auto_coef"] + self.a["emb_auto_intercept"])

    def mpnet(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities of the MLP (one ReLU layer) on mpnet sentence ``vectors``."""
        hidden = np.maximum(vectors @ self.a["mpnet_w0"] + self.a["mpnet_b0"], 0.0)
        return _softmax(hidden @ self.a["mpnet_w1"] + self.a["mpnet_b1"])

    def predict(
        self,
        texts: list[str],
        states: dict[int, list[np.ndarray]] | None = None,
        vectors: np.ndarray | None = None,
        mpnet_vectors: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(class probabilities, automation probability, the parts that voted) from the parts
        that can run: the lexical model always; with MiniLM's ``states`` and sentence
        ``vectors``, also the fine-tuned stacks (weighted against the lexical model by
        ``lexical_weight``); with ``mpnet_vectors`` as well, the mpnet MLP (weight
        ``mpnet_weight``, the rest split by ``mpnet_lexical_weight``). The weights were chosen
        by grouped cross-validation (docs/exposure.md)."""
        probs, auto = self.lexical(texts)
        parts = ["lexical"]
        if states is not None and vectors is not None and self.stacks:
            with_mpnet = mpnet_vectors is not None and self.has_mpnet
            w = self.mpnet_lexical_weight if with_mpnet else self.lexical_weight
            probs = w * probs + (1 - w) * self.finetuned(states)
            auto = (auto + self.embedding_automation(vectors)) / 2
            parts.append(f"finetuned[{MINILM}]")
            if with_mpnet:
                probs = (1 - self.mpnet_weight) * probs + self.mpnet_weight * self.mpnet(mpnet_vectors)  # type: ignore[arg-type,operator]
                parts.append(f"mlp[{MPNET}]")
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


def finetuned_pooled(x, mask, w: dict, prefix: str, dropout: float = 0.0):
    """A fine-tuned top of MiniLM: the BERT layers ``{prefix}0_``, ``{prefix}1_``... in ``w``
    (12 heads, GELU, post-norm), then
    mean pooling and L2 norm. Torch tensors in; ``dropout`` > 0 only while training
    (scripts/train_exposure.py fits the weights through this very function)."""
    import torch.nn.functional as F

    batch, tokens, dim = x.shape

    def heads(t):
        return t.view(batch, tokens, 12, dim // 12).transpose(1, 2)

    def drop(t):
        return F.dropout(t, dropout, training=dropout > 0)

    for j in range(finetuned_layers(w, prefix)):
        p = f"{prefix}{j}_"
        q, k, v = (heads(F.linear(x, w[p + n + "_w"], w[p + n + "_b"])) for n in ("q", "k", "v"))
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask[:, None, None, :])
        att = F.linear(att.transpose(1, 2).reshape(batch, tokens, dim), w[p + "o_w"], w[p + "o_b"])
        x = F.layer_norm(x + drop(att), (dim,), w[p + "ln1_g"], w[p + "ln1_b"], eps=1e-12)
        hidden = F.gelu(F.linear(x, w[p + "i_w"], w[p + "i_b"]))
        hidden = F.linear(hidden, w[p + "out_w"], w[p + "out_b"])
        x = F.layer_norm(x + drop(hidden), (dim,), w[p + "ln2_g"], w[p + "ln2_b"], eps=1e-12)
    m = mask.unsqueeze(-1).to(x.dtype)
    return F.normalize((x * m).sum(1) / m.sum(1), dim=-1)


def finetuned_layers(w: dict, prefix: str) -> int:
    """How many fine-tuned layers the stack ``prefix`` holds in ``w``."""
    count = 0
    while f"{prefix}{count}_q_w" in w:
        count += 1
    return count


def finetuned_logits(x, mask, w: dict, prefix: str):
    """Inference: logits of stack ``prefix``'s 3-class head over :func:`finetuned_pooled`."""
    import torch.nn.functional as F

    pooled = finetuned_pooled(x, mask, w, prefix) * HEAD_SCALE
    return F.linear(pooled, w[f"{prefix}_head_w"], w[f"{prefix}_head_b"])


def minilm_encode(
    texts: list[str], layers: tuple[int, ...] = (), batch_size: int = 64
) -> tuple[dict[int, list[np.ndarray]], np.ndarray]:
    """One MiniLM pass: each text's token states after each of ``layers`` and the sentence
    embeddings (equal to ``MiniLMEmbedder.embed_documents``: mean-pooled, normalised)."""
    import torch

    from coach.llm.embeddings import MiniLMEmbedder

    st = MiniLMEmbedder().model()
    states: dict[int, list[np.ndarray]] = {layer: [np.empty(0)] * len(texts) for layer in layers}
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
            for layer in layers:
                mid = out.hidden_states[layer].float().numpy()
                for j, (i, n) in enumerate(zip(rows, mask.sum(1).tolist())):
                    states[layer][i] = mid[j, :n]
            m = mask.unsqueeze(-1).float()
            vectors[rows] = ((out.hidden_states[-1] * m).sum(1) / m.sum(1)).numpy()
    return states, normalize(vectors)


def _length_batches(lengths: list[int], size: int) -> list[np.ndarray]:
    """Row indices in batches of similar length (less padding), as sentence-transformers does."""
    order = np.argsort(lengths, kind="stable")
    return [order[i : i + size] for i in range(0, len(order), size)]
