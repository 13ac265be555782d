"""Text shown in the browser fetches nothing and links nowhere outside the app.

A markdown image in a retrieved document or in a model's answer makes the browser request its
URL as soon as it is rendered, which sends data out (the URL can carry it) and tells a third
party someone is reading. So images are replaced by their alt text, links to any host are
reduced to their text, bare URLs are shown as code (GFM would turn them into links), and link
reference definitions are dropped. Streamlit escapes raw HTML already; tags are escaped here
too, for renderers that do not.
"""

from __future__ import annotations

import re

# (url) or [label], right after the brackets as CommonMark wants; "[1] [2]" and "[1][2]" are
# citations, never a reference link.
_TARGET = r"(?:\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)|\[(?!\d{1,3}\])[^\]\n]{0,300}\])"
_IMAGE = re.compile(r"!\[([^\]\n]{0,300})\]" + _TARGET)
_LINK = re.compile(r"(?<!!)\[([^\]\n]{0,300})\]" + _TARGET)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|data|javascript):[^>\s]{1,2000})>", re.IGNORECASE)
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]{1,300}\]:[ \t]*\S+.*$", re.MULTILINE)
_BARE_URL = re.compile(
    r"(?<![`\w])((?:https?|ftp|data|javascript):(?://)?[^\s<>`)\]\"']{1,2000}|www\.[^\s<>`)\]\"']{1,2000})"
)
_TAG = re.compile(r"<(/?[A-Za-z!][^>\n]{0,2000})>")
_CITATION = re.compile(r"^\d{1,3}$")
_NUMBERED = re.compile(r"^([ \t]{0,3}\[\d{1,3}\]):")


def safe_markdown(text: str) -> str:
    """``text`` with images, links and URLs defused (see the module docstring). Citation markers
    like ``[1]`` and ordinary square brackets are kept."""
    if not text:
        return text
    # A definition would turn every "[2]" into a link; a numbered one is a model's source list, so
    # its number and words are kept without the colon that makes it a definition.
    text = _REFERENCE.sub(
        lambda m: _NUMBERED.sub(r"\1", m.group(0)) if _NUMBERED.match(m.group(0)) else "", text
    )
    text = _IMAGE.sub(lambda m: f"[image: {m.group(1).strip()}]" if m.group(1).strip() else "[image]", text)
    text = _LINK.sub(lambda m: f"[{m.group(1)}]" if _CITATION.match(m.group(1)) else m.group(1), text)
    text = _AUTOLINK.sub(lambda m: f"`{m.group(1)}`", text)
    text = _BARE_URL.sub(_code_url, text)
    return _TAG.sub(lambda m: f"&lt;{m.group(1)}&gt;", text)


def _definition(match: re.Match) -> str:
    line = match.group(0)
    return _NUMBERED.sub(r"\1", line) if _NUMBERED.match(line) else ""


def _code_url(match: re.Match) -> str:
    url = match.group(1)
    core = url.rstrip(".,;:!?")
    return f"`{core}`{url[len(core) :]}"
