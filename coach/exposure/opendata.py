"""Open exposure data: validate and import the GPTs-are-GPTs and Working-with-AI files into two
indices under ``data_dir/opendata`` (occupations and labelled tasks), with embeddings stored
beside them so occupation matching and evidence lookup are one numpy dot product.

The data files are read from a folder the user names and never copied into the repository.
An import is idempotent: it records the sha256 of each source file and the embedder's name,
and does nothing when both are unchanged. A new index is built in a sibling folder and swapped
in whole, so a failed import never leaves a half-written one behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from langchain_core.embeddings import Embeddings

from coach.config import Settings

SCHEMA_VERSION = "1"
EMBED_BATCH = 256
EXPOSURE_LABELS = ("E0", "E1", "E2")
AUTOMATION_LEVELS = ("T0", "T1", "T2", "T3", "T4")


class OpenDataError(ValueError):
    """A source file is missing or malformed, or the index is unreadable. The message names the
    file (and the column, where one is at fault) and says what to do."""


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the folder the user gives
    columns: tuple[str, ...]
    sep: str = ","
    required: bool = True


LABELS = SourceFile(
    "gpts-are-gpts/full_labelset.tsv",
    (
        "O*NET-SOC Code",
        "Task ID",
        "Task",
        "Title",
        "human_exposure_agg",
        "gpt4_exposure",
        "gpt4_automation",
    ),
    sep="\t",
)
OCCUPATIONS = SourceFile(
    "gpts-are-gpts/occ_level.csv",
    (
        "O*NET-SOC Code",
        "Title",
        "human_rating_alpha",
        "human_rating_beta",
        "human_rating_gamma",
        "dv_rating_beta",
    ),
)
APPLICABILITY = SourceFile(
    "working-with-ai/soc_ai_applicability_scores.csv",
    ("SOC Code", "title", "ai_applicability_score"),
)
# Optional: human automation levels for a small sample of tasks (kept beside GPT-4's in the index).
AUTOMATION = SourceFile(
    "gpts-are-gpts/automation_gpt4_human_labels.tsv",
    ("Task ID", "human_automation"),
    sep="\t",
    required=False,
)
SOURCES = (LABELS, OCCUPATIONS, APPLICABILITY, AUTOMATION)


def opendata_dir(settings: Settings) -> Path:
    return settings.data_dir / "opendata"


def embedder_name(embedder: Embeddings) -> str:
    return getattr(embedder, "name", type(embedder).__name__)


# ---------------------------------------------------------------------------------------------
# Reading and validating the source files


def _read(root: Path, source: SourceFile) -> pd.DataFrame | None:
    path = root / source.path
    if not path.is_file():
        if not source.required:
            return None
        raise OpenDataError(f"{path}: file not found (expected the open data folder layout)")
    try:
        frame = pd.read_csv(path, sep=source.sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise OpenDataError(f"{path}: cannot be parsed: {exc}") from exc
    missing = [c for c in source.columns if c not in frame.columns]
    if missing:
        raise OpenDataError(
            f"{path}: missing column {', '.join(repr(c) for c in missing)} "
            f"(found: {', '.join(repr(c) for c in frame.columns[:12])})"
        )
    if frame.empty:
        raise OpenDataError(f"{path}: has a header but no rows")
    return frame


def _bad_row(path: Path, column: str, frame: pd.DataFrame, bad: pd.Series, expected: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        value = frame[column].iloc[row]
        raise OpenDataError(
            f"{path}: column {column!r}, line {row + 2}: {value!r} is not {expected} "
            f"({int(bad.sum())} bad value(s) in all)"
        )


def _check_choice(path: Path, frame: pd.DataFrame, column: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    _bad_row(
        path,
        column,
        frame,
        ~frame[column].str.strip().isin(allowed),
        f"one of {', '.join(allowed)}",
    )


def _check_nonempty(path: Path, frame: pd.DataFrame, column: str) -> None:
    _bad_row(path, column, frame, frame[column].str.strip() == "", "a non-empty value")


def _numbers(path: Path, frame: pd.DataFrame, column: str, *, allow_empty: bool = False):
    values = pd.to_numeric(frame[column].str.strip().replace("", np.nan), errors="coerce")
    bad = values.isna() & ~(allow_empty & (frame[column].str.strip() == ""))
    _bad_row(path, column, frame, bad, "a number")
    return values.astype(float)


def read_sources(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate the source files under ``root`` and return (tasks, occupations) frames."""
    root = Path(root)
    if not root.is_dir():
        raise OpenDataError(f"{root}: not a folder (give the folder holding gpts-are-gpts/)")

    path = root / LABELS.path
    raw = _read(root, LABELS)
    assert raw is not None  # required: _read raises when it is missing
    for column in ("O*NET-SOC Code", "Task", "Title"):
        _check_nonempty(path, raw, column)
    _check_choice(path, raw, "human_exposure_agg", EXPOSURE_LABELS)
    _check_choice(path, raw, "gpt4_exposure", EXPOSURE_LABELS)
    _check_choice(path, raw, "gpt4_automation", AUTOMATION_LEVELS)
    task_ids = _numbers(path, raw, "Task ID")
    tasks = pd.DataFrame(
        {
            "task_id": task_ids.astype("int64"),
            "code": raw["O*NET-SOC Code"].str.strip(),
            "title": raw["Title"].str.strip(),
            "task": raw["Task"].str.strip(),
            "task_type": raw["Task Type"].str.strip() if "Task Type" in raw else "",
            "exposure": raw["human_exposure_agg"].str.strip(),
            "gpt4_exposure": raw["gpt4_exposure"].str.strip(),
            "automation": raw["gpt4_automation"].str.strip(),
        }
    )
    dupes = tasks.duplicated(["code", "task_id"])
    _bad_row(path, "Task ID", raw, dupes, "unique within its occupation")

    auto = _read(root, AUTOMATION)
    human_auto = pd.Series("", index=tasks.index)
    if auto is not None:
        apath = root / AUTOMATION.path
        ids = _numbers(apath, auto, "Task ID").astype("int64")
        labels = auto["human_automation"].str.strip()
        given = labels != ""
        _bad_row(apath, "human_automation", auto, given & ~labels.isin(AUTOMATION_LEVELS), "T0–T4")
        lookup = dict(zip(ids[given], labels[given]))
        human_auto = tasks["task_id"].map(lookup).fillna("")
    tasks["human_automation"] = human_auto

    opath = root / OCCUPATIONS.path
    occ = _read(root, OCCUPATIONS)
    assert occ is not None  # required: _read raises when it is missing
    _check_nonempty(opath, occ, "O*NET-SOC Code")
    occupations = pd.DataFrame(
        {
            "code": occ["O*NET-SOC Code"].str.strip(),
            "title": occ["Title"].str.strip(),
            "human_alpha": _numbers(opath, occ, "human_rating_alpha", allow_empty=True),
            "human_beta": _numbers(opath, occ, "human_rating_beta", allow_empty=True),
            "human_gamma": _numbers(opath, occ, "human_rating_gamma", allow_empty=True),
            "gpt4_beta": _numbers(opath, occ, "dv_rating_beta", allow_empty=True),
        }
    ).drop_duplicates("code")

    apath = root / APPLICABILITY.path
    app = _read(root, APPLICABILITY)
    assert app is not None  # required: _read raises when it is missing
    scores = _numbers(apath, app, "ai_applicability_score")
    applicability = dict(zip(app["SOC Code"].str.strip(), scores))

    # Every occupation with labelled tasks gets a row, even one absent from occ_level.csv.
    known = set(occupations["code"])
    extra = tasks.loc[~tasks["code"].isin(known), ["code", "title"]].drop_duplicates("code")
    occupations = pd.concat([occupations, extra], ignore_index=True)
    occupations["soc"] = occupations["code"].str[:7]
    occupations["ai_applicability"] = occupations["soc"].map(applicability).astype(float)
    counts = tasks.groupby("code")["exposure"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(columns=list(EXPOSURE_LABELS), fill_value=0)
    occupations["n_tasks"] = occupations["code"].map(counts.sum(axis=1)).fillna(0).astype(int)
    for label in EXPOSURE_LABELS:
        share = counts[label] / counts.sum(axis=1)
        occupations[f"share_{label}"] = occupations["code"].map(share).astype(float)
    occupations = occupations.sort_values("code", ignore_index=True)
    return tasks.reset_index(drop=True), occupations


# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class ImportReport:
    path: Path
    tasks: int = 0
    occupations: int = 0
    seconds: float = 0.0
    skipped: bool = False
    embedder: str = ""

    def summary(self) -> str:
        if self.skipped:
            return (
                f"open data already imported and unchanged ({self.tasks} tasks, "
                f"{self.occupations} occupations, embedder {self.embedder}) at {self.path}"
            )
        return (
            f"imported {self.tasks} tasks and {self.occupations} occupations "
            f"(embedder {self.embedder}) into {self.path} in {self.seconds:.1f}s"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(root: Path, embedder: str) -> dict:
    hashes = {s.path: _sha256(root / s.path) for s in SOURCES if (root / s.path).is_file()}
    return {"schema": SCHEMA_VERSION, "embedder": embedder, "sources": hashes}


def _embed(embedder: Embeddings, texts: list[str], desc: str, progress: bool) -> np.ndarray:
    from tqdm import tqdm

    chunks = []
    bar = tqdm(total=len(texts), desc=desc, unit="text", file=sys.stderr, disable=not progress)
    with bar:
        for start in range(0, len(texts), EMBED_BATCH):
            batch = texts[start : start + EMBED_BATCH]
            chunks.append(np.asarray(embedder.embed_documents(batch), dtype=np.float32))
            bar.update(len(batch))
    return normalize(np.vstack(chunks))


def normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def import_opendata(
    settings: Settings,
    source: Path,
    embedder: Embeddings,
    *,
    force: bool = False,
    progress: bool = True,
) -> ImportReport:
    """Validate ``source`` and (re)build the indices; a no-op when nothing changed."""
    start = time.perf_counter()
    source = Path(source).expanduser().resolve()
    target = opendata_dir(settings)
    name = embedder_name(embedder)
    tasks, occupations = read_sources(source)  # validates before anything is touched
    fingerprint = _fingerprint(source, name)
    manifest = read_manifest(target)
    if not force and manifest and {k: manifest.get(k) for k in fingerprint} == fingerprint:
        seconds = time.perf_counter() - start
        tasks_n, occ_n = manifest["tasks"], manifest["occupations"]
        return ImportReport(target, tasks_n, occ_n, seconds, skipped=True, embedder=name)

    # Tasks repeat verbatim across occupations; embed each distinct text once.
    unique, inverse = np.unique(tasks["task"].to_numpy(dtype=str), return_inverse=True)
    task_emb = _embed(embedder, unique.tolist(), "embedding tasks", progress)[inverse]
    occ_emb = _embed(embedder, occupations["title"].tolist(), "embedding occupations", progress)

    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    tasks.to_parquet(building / "tasks.parquet", index=False)
    occupations.to_parquet(building / "occupations.parquet", index=False)
    np.save(building / "task_embeddings.npy", task_emb.astype(np.float32))
    np.save(building / "occupation_embeddings.npy", occ_emb.astype(np.float32))
    seconds = time.perf_counter() - start
    meta = {
        **fingerprint,
        "source_dir": str(source),
        "tasks": len(tasks),
        "occupations": len(occupations),
        "dim": int(task_emb.shape[1]),
        "seconds": round(seconds, 2),
    }
    (building / "manifest.json").write_text(json.dumps(meta, indent=2))
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    building.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return ImportReport(target, len(tasks), len(occupations), seconds, embedder=name)


def read_manifest(target: Path) -> dict | None:
    try:
        return json.loads((target / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# The loaded indices


def _one_blas_thread():
    """These products take milliseconds on one thread; a multi-threaded BLAS leaves its threads
    spinning afterwards and slows the MiniLM pass that follows by 3-5x (measured on 2 cores)."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


@dataclass
class OpenData:
    """The imported indices, in memory. Rows of ``task_emb`` align with ``tasks``."""

    tasks: pd.DataFrame
    occupations: pd.DataFrame
    task_emb: np.ndarray
    occ_emb: np.ndarray
    manifest: dict
    _task_occ: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        position = {code: i for i, code in enumerate(self.occupations["code"])}
        self._task_occ = self.tasks["code"].map(position).to_numpy(dtype=np.int64)
        self.labels = self.tasks["exposure"].to_numpy(dtype=str)

    @property
    def embedder(self) -> str:
        return self.manifest.get("embedder", "")

    @classmethod
    def load(cls, settings: Settings) -> OpenData | None:
        """The imported data, or None when nothing has been imported yet."""
        root = opendata_dir(settings)
        manifest = read_manifest(root)
        if manifest is None:
            return None
        if manifest.get("schema") != SCHEMA_VERSION:
            raise OpenDataError(f"{root}: old index format; run `coach data import PATH` again")
        try:
            return cls(
                tasks=pd.read_parquet(root / "tasks.parquet"),
                occupations=pd.read_parquet(root / "occupations.parquet"),
                task_emb=np.load(root / "task_embeddings.npy"),
                occ_emb=np.load(root / "occupation_embeddings.npy"),
                manifest=manifest,
            )
        except (OSError, ValueError) as exc:
            message = f"{root}: index is unreadable ({exc}); run `coach data import PATH`"
            raise OpenDataError(message) from exc

    def nearest_tasks(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, cosine similarities) of the ``k`` nearest labelled tasks, best first."""
        with _one_blas_thread():
            sims = queries @ self.task_emb.T
        k = min(k, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        order = np.argsort(-top_sims, axis=1)
        return np.take_along_axis(top, order, axis=1), np.take_along_axis(top_sims, order, axis=1)

    def occupation_scores(self, query: np.ndarray, top_tasks: int = 3) -> np.ndarray:
        """Score each occupation against one query vector: half the similarity to its title,
        half the mean of its ``top_tasks`` best-matching task statements. Titles alone miss
        descriptions of the work ("I answer tickets"); tasks alone miss the job's name."""
        with _one_blas_thread():
            title = self.occ_emb @ query
            sims = self.task_emb @ query
        order = np.lexsort((-sims, self._task_occ))
        occ_sorted = self._task_occ[order]
        starts = np.flatnonzero(np.r_[True, occ_sorted[1:] != occ_sorted[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep = rank < top_tasks
        total = np.bincount(occ_sorted[keep], weights=sims[order][keep], minlength=len(title))
        count = np.bincount(occ_sorted[keep], minlength=len(title))
        task_part = np.where(count > 0, total / np.maximum(count, 1), title)
        return 0.5 * title + 0.5 * task_part
