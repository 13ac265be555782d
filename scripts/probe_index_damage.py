"""Damage the index's vector files the ways a crash or a careless hand does, and check that the
coach notices and that `coach index` repairs it.

    .venv/bin/python scripts/probe_index_damage.py --hash

Each case starts from a copy of one freshly built index in a temp data dir, damages it, then
reports what ``index_status`` and ``coach doctor`` say, what `coach index` prints, and the truth
afterwards (measured as in ``probe_kill_index.py``: Chroma opened directly, every vector found).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_kill_index import COACH, ROOT, doctor_line, run_check  # noqa: E402


def segment(index_dir: Path) -> Path:
    (folder,) = [p for p in index_dir.iterdir() if p.is_dir()]
    return folder


def truncate_level0(index_dir: Path) -> None:
    path = segment(index_dir) / "data_level0.bin"
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 10)


def empty_level0(index_dir: Path) -> None:
    (segment(index_dir) / "data_level0.bin").write_bytes(b"")


def delete_segment(index_dir: Path) -> None:
    shutil.rmtree(segment(index_dir))


def delete_link_lists(index_dir: Path) -> None:
    (segment(index_dir) / "link_lists.bin").unlink()


CASES = {
    "data_level0.bin truncated to a tenth": truncate_level0,
    "data_level0.bin emptied": empty_level0,
    "HNSW segment folder deleted": delete_segment,
    "link_lists.bin deleted": delete_link_lists,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hash", action="store_true", help="COACH_EMBEDDER=hash (fast)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="probe-index-damage-"))
    env = {**os.environ, "COACH_CHAT_PROVIDER": "fake", "COACH_EXPOSURE_MPNET": "false"}
    env["PYTHONPATH"] = str(ROOT)
    if args.hash:
        env["COACH_EMBEDDER"] = "hash"
    pristine = work / "pristine"
    subprocess.run(
        [*COACH, "index"],
        env={**env, "COACH_DATA_DIR": str(pristine)},
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    detected = repaired = 0
    for number, (name, damage) in enumerate(CASES.items(), 1):
        data_dir = work / f"case{number}"
        shutil.copytree(pristine, data_dir)
        case_env = {**env, "COACH_DATA_DIR": str(data_dir)}
        damage(data_dir / "index")
        before = run_check(case_env)
        doctor = doctor_line(case_env)
        out = subprocess.run([*COACH, "index"], env=case_env, cwd=ROOT, capture_output=True, text=True)
        after = run_check(case_env)
        detected += before["status"] != "ok"
        repaired += after["status"] == "ok" and bool(after["truth"].get("complete"))
        print(f"== {name}")
        print(f"  status: {before['status']} ({before['status_seconds']}s): {before['message']}")
        print(f"  truth:  {before['truth']}")
        print(f"  doctor: {doctor}")
        said = out.stdout.strip().splitlines()[-2:] if out.stdout.strip() else out.stderr[-300:]
        print(f"  coach index: {said}")
        print(f"  after:  {after['status']}, truth={after['truth']}")
    print(f"detected {detected} of {len(CASES)}, repaired {repaired} of {len(CASES)} (work dir {work})")
    return 0 if detected == repaired == len(CASES) else 1


if __name__ == "__main__":
    sys.exit(main())
