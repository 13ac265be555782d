"""Assembling model weights from split part packages: checksum, atomic rename, clear errors."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from pathlib import Path

import pytest

from coach.llm.model_assembly import MPNET, VERIFIED, AssemblyError, SplitModel, assembled

WEIGHTS = b"pretend safetensors " * 500


def _split_zip(folder: Path, files: dict[str, bytes], parts: int = 3) -> list[Path]:
    """A zip of ``files`` cut into ``parts`` slices, as the part packages carry it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    blob = buffer.getvalue()
    size = -(-len(blob) // parts)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(parts):
        path = folder / f"tiny.zip.{i + 1:03d}"
        path.write_bytes(blob[i * size : (i + 1) * size])
        paths.append(path)
    return paths


def _model(weights: bytes = WEIGHTS) -> SplitModel:
    sha = hashlib.sha256(weights).hexdigest()
    return SplitModel(name="tiny", packages=("tiny-part-1",), weights_file="model.bin", sha256=sha)


def _leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.name != "tiny")


def test_parts_assemble_into_a_verified_folder_once(tmp_path):
    files = {"tiny/model.bin": WEIGHTS, "tiny/config.json": b"{}"}
    parts = _split_zip(tmp_path / "parts", files)
    cache = tmp_path / "cache"
    folder = assembled(_model(), cache, parts)
    assert folder == cache / "tiny"
    assert (folder / "model.bin").read_bytes() == WEIGHTS and (folder / "config.json").read_bytes() == b"{}"
    assert (folder / VERIFIED).read_text().strip() == _model().sha256
    assert _leftovers(cache) == []  # the temporary zip and folder are gone
    for part in parts:  # a second call trusts the marker: it never reads the parts again
        part.unlink()
    assert assembled(_model(), cache, parts) == folder


def test_wrong_checksum_is_refused_and_leaves_nothing(tmp_path):
    parts = _split_zip(tmp_path / "parts", {"tiny/model.bin": b"tampered" + WEIGHTS})
    cache = tmp_path / "cache"
    with pytest.raises(AssemblyError, match=f"expected {_model().sha256}"):
        assembled(_model(), cache, parts)
    assert not (cache / "tiny").exists() and _leftovers(cache) == []


def test_parts_that_are_not_a_zip_or_lack_the_weights_get_clear_errors(tmp_path):
    garbage = tmp_path / "garbage.zip.001"
    garbage.write_bytes(b"\x00\x01 not a zip" * 100)
    with pytest.raises(AssemblyError, match="do not form a zip"):
        assembled(_model(), tmp_path / "cache", [garbage])
    parts = _split_zip(tmp_path / "parts", {"other/model.bin": WEIGHTS})
    with pytest.raises(AssemblyError, match="no tiny/model.bin"):
        assembled(_model(), tmp_path / "cache", parts)


def test_a_missing_slice_is_refused(tmp_path):
    parts = _split_zip(tmp_path / "parts", {"tiny/model.bin": WEIGHTS}, parts=3)
    with pytest.raises(AssemblyError):
        assembled(_model(), tmp_path / "cache", [parts[0], parts[2]])


def test_an_unverified_folder_is_replaced(tmp_path):
    cache = tmp_path / "cache"
    (cache / "tiny").mkdir(parents=True)
    (cache / "tiny" / "model.bin").write_bytes(b"half written")
    parts = _split_zip(tmp_path / "parts", {"tiny/model.bin": WEIGHTS})
    folder = assembled(_model(), cache, parts)
    assert (folder / "model.bin").read_bytes() == WEIGHTS


def test_concurrent_callers_share_one_assembly(tmp_path):
    parts = _split_zip(tmp_path / "parts", {"tiny/model.bin": WEIGHTS})
    cache = tmp_path / "cache"
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(assembled(_model(), cache, parts))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [cache / "tiny"] * 4 and _leftovers(cache) == []


def test_uninstalled_packages_mean_no_model(tmp_path):
    absent = SplitModel(name="tiny", packages=("no-such-package-xyz",), weights_file="m", sha256="0")
    assert absent.part_files() is None
    assert assembled(absent, tmp_path / "cache") is None


def test_mpnet_parts_are_found_in_order_when_installed():
    files = MPNET.part_files()
    if files is None:
        pytest.skip("all-mpnet-base-v2's part packages are not installed (make install adds them)")
    assert [f.name for f in files] == [f"all-mpnet-base-v2.zip.{i:03d}" for i in range(1, 6)]
    assert all(f.is_file() for f in files)


def test_old_work_folders_of_killed_runs_are_removed(tmp_path):
    import os
    import time

    cache = tmp_path / "cache"
    old, fresh = cache / ".tiny-killed", cache / ".tiny-running"
    for folder in (old, fresh):
        folder.mkdir(parents=True)
        (folder / "model.zip").write_bytes(b"partial")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    assembled(_model(), cache, _split_zip(tmp_path / "parts", {"tiny/model.bin": WEIGHTS}))
    assert not old.exists() and fresh.exists()  # a recent one may belong to another process
