"""A lock shared by every process on one data dir: ``fcntl.flock`` on a lock file.

The kernel releases a flock when its holder dies, however it dies (kill -9 included), so a
crashed build never blocks the next one. The holder writes its pid into the file, only to say
who is waiting on whom. Where ``fcntl`` is missing (not Linux or macOS), the lock only
serialises threads of one process, and says so once in the log.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.storage.private import private_file

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

POLL_S = 0.1
_THREADS = threading.Lock()  # flock is per open file, so threads of one process queue here first
_warned = False


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the caller would wait."""


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        return "another process"
    return f"process {pid}" if pid.isdigit() else "another process"


@contextmanager
def file_lock(
    path: Path, wait_s: float, what: str = "this", on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock at ``path`` (created owner-only) for the ``with`` block, waiting at most
    ``wait_s`` seconds for it; ``on_wait`` hears once that the caller is waiting, and why."""
    global _warned
    deadline = time.monotonic() + wait_s
    if not _THREADS.acquire(timeout=max(wait_s, 0)):
        raise LockTimeout(f"Gave up after {wait_s:g}s waiting for another thread to finish {what}.")
    try:
        if fcntl is None:
            if not _warned:
                log.warning("no fcntl here: %s is serialised within this process only", what)
                _warned = True
            yield
            return
        fd = os.open(private_file(path), os.O_RDWR)
        try:
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(
                            f"Gave up after {wait_s:g}s waiting for {_holder(path)} to finish {what} "
                            f"(lock file {path}). If no such process is running, try again."
                        ) from None
                    if not told and on_wait is not None:
                        on_wait(f"Waiting for {_holder(path)} to finish {what}")
                    told = True
                    time.sleep(POLL_S)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        _THREADS.release()
