"""A terminal progress bar for long steps (index builds), written to stderr."""

from __future__ import annotations

import sys


def progress_bar():
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int, message: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=message, unit="chunk", file=sys.stderr, leave=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update
