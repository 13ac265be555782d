"""Kill `coach ask --user NAME` with SIGKILL at random moments, again and again on one data dir,
then count half-stored turns in the SQLite database.

    .venv/bin/python scripts/probe_kill_turns.py -n 100

Runs with the fake chat model and the hashing embedder (fast and deterministic). The index is
built by one run that is not killed. A half turn is a question stored without its reply (or a
reply without its question), or a profile saved later than the newest stored message, that is,
by a turn whose messages were lost. Stored whole turns and activity rows are counted too: each
whole turn has exactly one activity row.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COACH = [sys.executable, "-m", "coach.cli.main"]
QUESTIONS = [
    "I'm a payroll clerk. What's my next problem to solve?",
    "My tasks: run payroll, answer pay questions, handle garnishments.",
    "I want to move towards compensation analysis within a year.",
    "How is AI changing paralegal work?",
]


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace(" ", "T")).replace(tzinfo=None)


def half_turns(db: Path, user: str) -> dict:
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT role, created_at FROM messages WHERE user_id = ? ORDER BY id", (user,)
        ).fetchall()
        profile = con.execute("SELECT updated_at FROM profiles WHERE user_id = ?", (user,)).fetchone()
        activity = con.execute("SELECT count(*) FROM activity WHERE user_id = ?", (user,)).fetchone()[0]
    finally:
        con.close()
    questions_alone = replies_alone = whole = 0
    i = 0
    while i < len(rows):
        if rows[i][0] == "user" and i + 1 < len(rows) and rows[i + 1][0] == "assistant":
            whole += 1
            i += 2
            continue
        questions_alone += rows[i][0] == "user"
        replies_alone += rows[i][0] == "assistant"
        i += 1
    newest = max((_time(r[1]) for r in rows), default=None)
    profile_alone = profile is not None and (
        newest is None or (_time(profile[0]) - newest).total_seconds() > 1
    )
    return {
        "whole_turns": whole,
        "questions_without_reply": questions_alone,
        "replies_without_question": replies_alone,
        "profile_without_messages": int(profile_alone),
        "activity_rows": activity,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100, help="number of runs (some finish unkilled)")
    parser.add_argument(
        "--kills", type=int, default=0, help="keep running until this many kills (0: just N runs)"
    )
    parser.add_argument(
        "--recalibrate-every",
        type=int,
        default=10,
        help="time one unkilled turn every K runs, so kills follow the machine's speed (0: never)",
    )
    parser.add_argument("--user", default="probe")
    parser.add_argument("--data-dir", help="data dir to use (default: a new temp dir)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--minutes", type=float, default=0, help="stop after this long (0: run all N)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="probe-kill-turns-"))
    env = {
        **os.environ,
        "COACH_DATA_DIR": str(data_dir),
        "COACH_CHAT_PROVIDER": "fake",
        "COACH_EMBEDDER": "hash",
        "COACH_EXPOSURE_MPNET": "false",
        "PYTHONPATH": str(ROOT),
    }
    print(f"data dir: {data_dir}")
    subprocess.run([*COACH, "index"], env=env, cwd=ROOT, capture_output=True, check=True)
    started = time.perf_counter()
    ask = [*COACH, "ask", "--user", args.user]
    subprocess.run([*ask, QUESTIONS[0]], env=env, cwd=ROOT, capture_output=True, check=True)
    full = time.perf_counter() - started
    print(f"a whole `coach ask` takes {full:.1f}s; kills land uniformly in [0.3s, {full * 1.2:.1f}s]")

    kills = finished = after_commit = 0
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else float("inf")
    # with --kills, N is no cap: runs go on until that many kills actually happened
    runs = itertools.count() if args.kills else iter(range(args.n))
    for i in runs:
        if args.kills and kills >= args.kills:
            break
        if time.monotonic() > deadline:
            print(f"stopped after {i} runs: --minutes {args.minutes} spent")
            break
        if args.recalibrate_every and i and i % args.recalibrate_every == 0:
            # a busy machine makes turns slower: without this, kills land ever earlier in the turn
            began = time.perf_counter()
            subprocess.run([*ask, rng.choice(QUESTIONS)], env=env, cwd=ROOT, capture_output=True)
            full = time.perf_counter() - began
        stored = half_turns(data_dir / "coach.db", args.user)["whole_turns"]
        proc = subprocess.Popen(
            [*ask, rng.choice(QUESTIONS)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=rng.uniform(0.3, full * 1.2))
            finished += 1
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL
            proc.wait()
            kills += 1
            # killed after its turn was stored (while closing down): the latest, riskiest moment
            after_commit += half_turns(data_dir / "coach.db", args.user)["whole_turns"] > stored
        if (i + 1) % 10 == 0:
            print(f"{i + 1:3d} runs: {half_turns(data_dir / 'coach.db', args.user)}", flush=True)
    counts = half_turns(data_dir / "coach.db", args.user)
    summary = {"kills": kills, "killed_after_commit": after_commit, "finished_before_kill": finished}
    print(json.dumps({**summary, **counts}, indent=1))
    bad = counts["questions_without_reply"] + counts["replies_without_question"]
    bad += counts["profile_without_messages"]
    bad += counts["activity_rows"] != counts["whole_turns"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
