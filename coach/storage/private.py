"""Files and folders that hold a person's data are readable by their owner only: folders this
app creates get mode 0700 and the SQLite file 0600, whatever the process umask says. A folder
that already existed (say, a data dir the user pointed at their home) keeps its mode."""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the owner only; an existing one is left."""
    path = Path(path).expanduser()
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists with mode 0600 before a library (SQLite) opens it."""
    path = Path(path).expanduser()
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    if (path.stat().st_mode & 0o777) != FILE_MODE and path.stat().st_uid == os.getuid():
        os.chmod(path, FILE_MODE)
    return path
