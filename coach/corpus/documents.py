"""The guidance corpus: markdown files with YAML front matter, split into heading-aware chunks
with content-hashed ids (so re-indexing an unchanged corpus embeds nothing)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("role", "skill", "sector", "principle", "path")
MAX_CHUNK_CHARS = 1200
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADING = re.compile(r"^(#{2,3})[ \t]++(.*\S)[ \t]*$", re.MULTILINE)  # possessive: linear on long blank runs


class CorpusError(ValueError):
    """A knowledge file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    title: str
    path: str  # relative to the knowledge dir
    body: str
    meta: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    kind: str
    title: str
    heading: str
    path: str
    text: str
    sectors: str  # comma-joined sector ids: Chroma metadata values must be scalars

    @property
    def embed_text(self) -> str:
        """What gets embedded: the title and heading give a short section its context."""
        return f"{self.title} — {self.heading}\n{self.text}"

    def metadata(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "title": self.title,
            "heading": self.heading,
            "path": self.path,
            "sectors": self.sectors,
        }


def parse_document(path: Path, root: Path) -> Document:
    """Read one knowledge file. Raises ``CorpusError`` naming the file on any problem."""
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{rel}: cannot read as UTF-8 text ({exc})") from exc
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise CorpusError(f"{rel}: missing YAML front matter (a '---' block at the top)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{rel}: invalid YAML front matter ({exc})") from exc
    if not isinstance(meta, dict):
        raise CorpusError(f"{rel}: front matter must be a mapping")
    for key in ("id", "kind", "title"):
        if not meta.get(key):
            raise CorpusError(f"{rel}: front matter lacks '{key}'")
    if meta["kind"] not in KINDS:
        raise CorpusError(f"{rel}: kind '{meta['kind']}' is not one of {', '.join(KINDS)}")
    if not str(meta["id"]).startswith(f"{meta['kind']}/"):
        raise CorpusError(f"{rel}: id '{meta['id']}' must start with '{meta['kind']}/'")
    return Document(
        id=str(meta["id"]),
        kind=str(meta["kind"]),
        title=str(meta["title"]),
        path=rel,
        body=raw[match.end() :].strip(),
        meta=meta,
    )


def load_corpus(root: Path) -> tuple[list[Document], list[str]]:
    """All documents under ``root`` (README files excluded) and the errors of unreadable ones."""
    docs: list[Document] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(root.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            doc = parse_document(path, root)
        except CorpusError as exc:
            errors.append(str(exc))
            continue
        if doc.id in seen:
            errors.append(f"{doc.path}: duplicate id '{doc.id}' (also in {seen[doc.id]})")
            continue
        seen[doc.id] = doc.path
        docs.append(doc)
    return docs, errors


def sections(body: str) -> list[tuple[str, str]]:
    """Split a markdown body into (heading, text) pairs on ``##``/``###`` headings."""
    marks = list(_HEADING.finditer(body))
    out = []
    intro = body[: marks[0].start()] if marks else body
    intro = re.sub(r"^#\s+.*$", "", intro, flags=re.MULTILINE).strip()  # drop the H1 title
    if intro:
        out.append(("Overview", intro))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        text = body[mark.end() : end].strip()
        if text:
            out.append((mark.group(2).strip(), text))
    return out


def _split_long(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Pack paragraphs (then lines) into pieces of at most ``limit`` characters."""
    if len(text) <= limit:
        return [text]
    pieces, current = [], ""
    for para in re.split(r"\n\s*\n|\n(?=[-*\d])", text):
        para = para.strip()
        while len(para) > limit:  # one huge paragraph: cut it at a sentence or word boundary
            cut = max(para.rfind(". ", 0, limit), para.rfind(" ", 0, limit))
            cut = cut + 1 if cut > limit // 2 else limit
            pieces.append(para[:cut].strip())
            para = para[cut:].strip()
        if current and len(current) + len(para) + 1 > limit:
            pieces.append(current)
            current = ""
        current = f"{current}\n{para}" if current else para
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


def chunk_document(doc: Document) -> list[Chunk]:
    """Heading-aware chunks; the id hashes the content, so an edit yields a new id."""
    sectors = ",".join(str(s) for s in doc.meta.get("sectors") or [])
    chunks = []
    for heading, text in sections(doc.body):
        for piece in _split_long(text):
            digest = hashlib.sha256(f"{doc.id}\n{heading}\n{piece}".encode()).hexdigest()[:24]
            chunks.append(
                Chunk(
                    id=digest,
                    doc_id=doc.id,
                    kind=doc.kind,
                    title=doc.title,
                    heading=heading,
                    path=doc.path,
                    text=piece,
                    sectors=sectors,
                )
            )
    return chunks


def corpus_chunks(docs: list[Document]) -> list[Chunk]:
    """Every chunk of every document, de-duplicated by id (identical sections collapse)."""
    unique: dict[str, Chunk] = {}
    for doc in docs:
        for chunk in chunk_document(doc):
            unique.setdefault(chunk.id, chunk)
    return list(unique.values())
