"""The shape of a redaction rule: (pattern, placeholder kind, accept, gate words). ``accept`` judges a
match in its context (None: every match); the rule runs only when one of the gate words occurs in
the lower-cased text (None: always)."""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = tuple[re.Pattern[str], str, Callable[[re.Match[str]], bool] | None, tuple[str, ...] | None]
