"""Cold start: how long a person waits for the first answer on a fresh data dir, and again warm.

- App: ``streamlit run app.py`` (headless, loopback, a free port) with the environment ``make run``
  uses (no ``COACH_*`` settings but a temp ``COACH_DATA_DIR``; offline), driven by Debian's
  chromium through Playwright: server up (health check answers), page loaded (chat input shown
  and the script idle: on a fresh data dir this includes building the index), first words of the
  reply on screen, and the whole reply shown. Each time counts from starting the process.
- CLI: ``coach ask "..."`` as a subprocess: first output on stdout (the first streamed words) and
  exit, on a fresh data dir and then again warm (index built).

Each runs with the fake chat model (``COACH_CHAT_PROVIDER=fake``: the start-up path without a
model's speed) and then, warm, with the embedded default (SmolLM2 on llama.cpp, CPU). A fresh
start with the embedded model costs about the fake model's fresh-minus-warm on top. Baseline,
same run: subprocesses that only start Python, ``import coach.bootstrap``, ``import streamlit``,
and load MiniLM and embed one query, so the fixed overhead is visible.
Run: ``.venv/bin/python benchmarks/bench_cold_start.py [--quick] [--no-embedded]`` (``--quick``:
30 knowledge files via ``COACH_KNOWLEDGE_DIR``, fake chat model only).
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ROOT, free_port, quick_corpus, table

from coach.config import load_settings
from tests.fixtures_browser import APP, CHAT_INPUT, CHAT_MESSAGE, CHAT_MESSAGE_CONTENT, wait_idle

QUESTION = "I'm a payroll clerk. What's my next problem to solve?"
BIN = Path(sys.executable).parent
APP_TIMEOUT_S = 600.0  # a fresh data dir builds the index on the first visit
CLI_TIMEOUT_S = 600.0
BASELINES = {
    "python -c pass": "pass",
    "import coach.bootstrap": "import coach.bootstrap",
    "import streamlit": "import streamlit",
    "load MiniLM, embed one query": (
        "from coach.llm.embeddings import MiniLMEmbedder; MiniLMEmbedder().embed_query('warm up')"
    ),
}


def run_env(data_dir: Path, chat: str, knowledge: Path | None) -> dict[str, str]:
    """``make run``'s environment (no COACH_* settings) with a temp data dir, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update({"COACH_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    if chat != "embedded":
        env["COACH_CHAT_PROVIDER"] = chat
    if knowledge is not None:
        env["COACH_KNOWLEDGE_DIR"] = str(knowledge)
    return env


def baseline(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def cli_ask(env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first stdout bytes, seconds to exit) of ``coach ask``."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [str(BIN / "coach"), "ask", QUESTION], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err
        )
        assert proc.stdout is not None
        first = None
        while True:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if time.perf_counter() - started > CLI_TIMEOUT_S:
                proc.kill()
                raise RuntimeError("coach ask timed out")
            if not ready:
                continue
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                break
            if first is None and data.strip():
                first = time.perf_counter() - started
        code = proc.wait()
        total = time.perf_counter() - started
        if code != 0:
            err.seek(0)
            raise RuntimeError(f"coach ask exited {code}: {err.read().decode(errors='replace')[-2000:]}")
    return first if first is not None else total, total


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def app_first_answer(browser, env: dict[str, str], log: Path) -> tuple[float, float, float, float]:
    """(server up, page loaded, first words shown, whole reply shown), seconds from the start."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(BIN / "streamlit"), "run", "app.py", "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        while not _healthy(url):
            if proc.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError(f"streamlit did not come up: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        up = time.perf_counter() - started
        timeout_ms = APP_TIMEOUT_S * 1000
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        page = context.new_page()
        page.goto(url)
        page.locator(CHAT_INPUT).wait_for(timeout=timeout_ms)
        wait_idle(page, timeout_ms)
        loaded = time.perf_counter() - started
        before = page.locator(CHAT_MESSAGE).count()
        box = page.locator(CHAT_INPUT)
        box.fill(QUESTION)
        box.press("Enter")
        page.locator(CHAT_MESSAGE).nth(before + 1).wait_for(timeout=timeout_ms)
        page.wait_for_function(  # the reply's bubble holds some words
            """([selector, n]) => {
                const all = document.querySelectorAll(selector);
                return all.length > n && all[n].innerText.replace("\u258c", "").trim().length > 0;
            }""",
            arg=[CHAT_MESSAGE_CONTENT, before + 1],
            timeout=timeout_ms,
        )
        first = time.perf_counter() - started
        page.wait_for_function(  # the streaming cursor is gone and the script is idle
            """selector => {
                const all = document.querySelectorAll(selector);
                const last = all[all.length - 1];
                return last !== undefined && !last.innerText.includes("\u258c");
            }""",
            arg=CHAT_MESSAGE,
            timeout=timeout_ms,
        )
        page.locator(f'{APP}[data-test-script-state="notRunning"]').wait_for(timeout=timeout_ms)
        done = time.perf_counter() - started
        context.close()
        return up, loaded, first, done
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 knowledge files, fake chat model only")
    parser.add_argument("--no-embedded", action="store_true", help="skip the embedded chat model rows")
    parser.add_argument("--no-app", action="store_true", help="skip the browser part")
    args = parser.parse_args()
    embedded = not (args.quick or args.no_embedded)
    print(f"{os.cpu_count()} cores; load average (1 min) at start: {os.getloadavg()[0]:.1f}")
    print(f'question: "{QUESTION}"\n')

    rows = [[f"baseline: {name}", baseline(code)] for name, code in BASELINES.items()]
    print(table(["baseline (a subprocess, start to exit)", "seconds"], rows, ".2f"), flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        root = Path(tmp)
        knowledge = quick_corpus(load_settings().knowledge_dir, root / "knowledge") if args.quick else None
        cli_dir, app_dir = root / "cli-data", root / "app-data"
        cli_rows = []
        for label, chat in [("fake, fresh data dir", "fake"), ("fake, warm", "fake")] + (
            [("embedded SmolLM2, warm", "embedded")] if embedded else []
        ):
            first, total = cli_ask(run_env(cli_dir, chat, knowledge))
            cli_rows.append([f"coach ask ({label})", first, total])
            print(f"  {cli_rows[-1][0]}: first output {first:.2f}s, exit {total:.2f}s", flush=True)
        print()
        print(table(["CLI", "first output s", "exit s"], cli_rows, ".2f"), flush=True)

        if args.no_app:
            return
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium")
        if chromium is None:
            print("\napp: skipped (no chromium on PATH: apt-get install chromium)")
            return
        app_rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True)
            runs = [("fake, fresh data dir", "fake"), ("fake, warm (restart)", "fake")]
            runs += [("embedded SmolLM2, warm", "embedded")] if embedded else []
            for n, (label, chat) in enumerate(runs):
                times = app_first_answer(browser, run_env(app_dir, chat, knowledge), root / f"app-{n}.log")
                app_rows.append([f"app ({label})", *times])
                print(f"  {app_rows[-1][0]}: " + ", ".join(f"{t:.2f}s" for t in times), flush=True)
            browser.close()
        print()
        header = [
            "app (seconds from starting streamlit)",
            "server up",
            "page loaded",
            "first words",
            "answer",
        ]
        print(table(header, app_rows, ".2f"))
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
