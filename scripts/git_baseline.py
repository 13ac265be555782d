"""Load a module as it was committed at a git ref, for probes that print a baseline beside the
current code in the same run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def module_at(ref: str, path: str, name: str) -> ModuleType:
    """``path`` at ``ref`` as a module called ``name``; raises ``CalledProcessError`` when git
    cannot show it."""
    source = subprocess.run(
        ["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=f"_{name}.py", delete=False) as f:
        f.write(source)
    try:
        spec = importlib.util.spec_from_file_location(name, f.name)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    finally:
        Path(f.name).unlink()
    return module
