"""Team uploads: guidance documents (PDF, DOCX, Markdown, HTML, plain text) parsed into titled,
heading-aware sections and then into the same content-hashed ``Chunk``s as the corpus.

Every parser sits behind one interface, ``(name, data) -> (title, sections)``, chosen by the file's
extension after a check that the content matches it. Anything wrong with a file surfaces as an
``UploadError`` whose message names the file in plain words; nothing else escapes ``parse_upload``.
Resource limits are checked before any library parses the bytes (size, zip bombs, page count).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from coach.corpus.documents import _FRONT_MATTER, MAX_CHUNK_CHARS, Chunk, _split_long, sections

KIND_BY_EXTENSION = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a DOCX may unpack to at most this much...
MAX_ZIP_RATIO = 100  # ...and to at most this many times its packed size
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 2000
MAX_HEADING_CHARS = 150  # a longer "heading" is a paragraph styled as one
MAX_HTML_ELEMENTS = 50_000  # tags; about 5 s of conversion on two cores
_ACCEPTED = "upload a PDF, Word (.docx), Markdown (.md), HTML or plain-text (.txt) file"
_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (such as a .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office file (such as a .doc)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_H1 = re.compile(r"^#[ \t]+(\S[^\n]*)", re.MULTILINE)
_WS_ENTITY = re.compile(
    r"&(?:#0*(?:9|10|13|32)(?![0-9])|#[xX]0*(?:9|[aAdD]|20)(?![0-9a-fA-F])|Tab;|NewLine;);?"
)
_DOCX_HEADING = re.compile(r"heading [1-3]", re.IGNORECASE)


class UploadError(ValueError):
    """An uploaded file that cannot be used; the message names the file and says what is wrong."""


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    page: int | None  # 1-based, PDFs only


@dataclass(frozen=True)
class ParsedUpload:
    filename: str
    title: str
    kind: str  # "pdf" | "docx" | "markdown" | "html" | "text"
    sections: list[Section]
    sha256: str  # of the raw bytes


Parser = Callable[[str, bytes], tuple[str, list[Section]]]


def parse_upload(filename: str, data: bytes, max_bytes: int) -> ParsedUpload:
    """Parse one uploaded file. Raises ``UploadError`` (and nothing else) for any bad file."""
    name = _display_name(filename)
    if len(data) > max_bytes:
        size, limit = _size(len(data)), _size(max_bytes)
        if size == limit:
            size, limit = f"{len(data):,} bytes", f"{max_bytes:,} bytes"
        raise UploadError(f"{name} is {size}, over the upload limit of {limit}")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        raise UploadError(f"{name} has no file extension, so its type is unknown; {_ACCEPTED}")
    kind = KIND_BY_EXTENSION.get(f".{ext.lower()}")
    if kind is None:
        hint = "; save a .doc as .docx first" if ext.lower() == "doc" else ""
        raise UploadError(f"{name}: .{ext} files can't be uploaded; {_ACCEPTED}{hint}")
    if not data.strip():
        raise UploadError(f"{name} is empty")
    try:
        title, found = _PARSERS[kind](name, bytes(data))
    except UploadError:
        raise
    except Exception as exc:  # the libraries raise many types on malformed input
        raise UploadError(f"{name} could not be read; the file looks damaged") from exc
    found = [s for s in found if any(ch.isalnum() for ch in s.text)]
    if not found:
        raise UploadError(f"{name} has no readable text")
    return ParsedUpload(
        filename=name,
        title=_one_line(title) or _one_line(stem) or name,
        kind=kind,
        sections=found,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def upload_chunks(parsed: ParsedUpload, doc_id: str) -> list[Chunk]:
    """Chunks of an upload, split like the corpus. Ids hash everything that is embedded (title,
    heading, text), so re-uploading an unchanged file yields the same ids and re-embeds nothing."""
    unique: dict[str, Chunk] = {}
    for section in parsed.sections:
        heading = section.heading or (f"Page {section.page}" if section.page else "Overview")
        for piece in _split_long(section.text):
            key = f"{doc_id}\n{parsed.title}\n{heading}\n{piece}"
            digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
            unique.setdefault(
                digest,
                Chunk(
                    id=digest,
                    doc_id=doc_id,
                    kind="upload",
                    title=parsed.title,
                    heading=heading,
                    path=parsed.filename,
                    text=piece,
                    sectors="",
                ),
            )
    return list(unique.values())


# --- helpers ---------------------------------------------------------------------------------


def _display_name(filename: str) -> str:
    """The base name without directories or control characters (it appears in messages and paths)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    return _one_line(base)[:200] or "The file"


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _clean(text: str) -> str:
    """Normalise newlines, drop NUL/control characters and stray surrogates, squeeze blank lines."""
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    text = "\n".join(line.rstrip() for line in text.split("\n"))  # a regex here backtracks
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())[:200]


def _looks_like(data: bytes) -> str:
    return next((what for magic, what in _MAGIC if data.startswith(magic)), "")


def _mismatch(name: str, expected: str, data: bytes) -> UploadError:
    seen = _looks_like(data)
    detail = f": it looks like {seen}" if seen else ""
    return UploadError(f"{name} is not {expected}, although its name says so{detail}")


# --- parsers -----------------------------------------------------------------------------------


def _parse_pdf(name: str, data: bytes) -> tuple[str, list[Section]]:
    from pypdf import PasswordType, PdfReader

    if not data.startswith(b"%PDF"):
        raise _mismatch(name, "a PDF", data)
    damaged = f"{name} could not be read as a PDF; the file looks damaged"
    try:
        reader = PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED
    except Exception as exc:
        raise UploadError(damaged) from exc
    if locked:
        raise UploadError(f"{name} is password-protected; remove the password and upload it again")
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise UploadError(damaged) from exc
    if count == 0:
        raise UploadError(damaged)
    if count > MAX_PDF_PAGES:
        raise UploadError(f"{name} has {count:,} pages; the limit is {MAX_PDF_PAGES:,}")
    found, failed = [], 0
    for number in range(1, count + 1):
        try:
            text = _clean(reader.pages[number - 1].extract_text())
        except Exception:  # one broken page should not lose the rest of the document
            failed += 1
            continue
        if any(ch.isalnum() for ch in text):
            found.append(Section(f"Page {number}", text, number))
    if not found:
        if failed:
            raise UploadError(damaged)
        raise UploadError(
            f"{name} has no text layer: it looks like a scanned image; upload a text PDF or a DOCX"
        )
    try:
        title = str(reader.metadata.title or "") if reader.metadata else ""
    except Exception:
        title = ""
    return title, found


def _check_docx_zip(name: str, data: bytes) -> None:
    """Refuse non-DOCX and zip bombs before python-docx unpacks anything. The declared sizes are
    checked first; then every member is streamed in bounded reads, since headers can lie."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UploadError(
            f"{name} is password-protected or in the old Word .doc format; "
            "remove the password or save it as .docx and upload it again"
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _mismatch(name, "a Word .docx document", data)
    damaged = UploadError(f"{name} could not be read as a Word document; the file looks damaged")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:
        raise damaged from exc
    if "word/document.xml" not in archive.namelist():
        raise UploadError(f"{name} is a ZIP archive but not a Word document (no word/document.xml)")
    declared = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    bomb = UploadError(
        f"{name} would unpack to more than {_size(MAX_UNZIPPED_BYTES)} or {MAX_ZIP_RATIO} times "
        "its size; it was refused as a possible zip bomb"
    )
    if len(infos) > MAX_ZIP_ENTRIES or declared > MAX_UNZIPPED_BYTES or declared > MAX_ZIP_RATIO * packed:
        raise bomb
    total = 0
    try:
        for info in infos:
            with archive.open(info) as member:
                while block := member.read(1 << 20):
                    total += len(block)
                    if total > MAX_UNZIPPED_BYTES or total > MAX_ZIP_RATIO * packed:
                        raise bomb
    except UploadError:
        raise
    except Exception as exc:  # bad CRC, unsupported compression, encrypted member...
        raise damaged from exc


def _parse_docx(name: str, data: bytes) -> tuple[str, list[Section]]:
    import docx
    from docx.table import Table

    _check_docx_zip(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UploadError(f"{name} could not be read as a Word document; the file looks damaged") from exc
    title = _one_line(document.core_properties.title or "")
    found: list[Section] = []
    heading, lines = "Overview", []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append(_table_text(block))
            continue
        text = _clean(block.text)
        style = (block.style.name if block.style is not None else "") or ""
        if not text:
            continue
        if style.lower() == "title":
            title = title or _one_line(text)
        elif _DOCX_HEADING.fullmatch(style) and len(text) <= MAX_HEADING_CHARS:
            _flush(found, heading, lines)
            heading = _one_line(text)
        else:
            lines.append(text)
    _flush(found, heading, lines)
    return title, found


def _table_text(table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:  # a merged cell repeats once per grid column it spans
            text = " ".join(_clean(cell.text).split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _flush(found: list[Section], heading: str, lines: list[str]) -> None:
    text = "\n\n".join(line for line in lines if line).strip()
    if text:
        found.append(Section(heading, text, None))
    lines.clear()


def _decode_text(name: str, data: bytes) -> str:
    seen = _looks_like(data)
    if seen:
        raise UploadError(f"{name} is not a text file, although its name says so: it looks like {seen}")
    if b"\x00" in data:
        raise UploadError(f"{name} is not a text file: it contains binary data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError(f"{name} is not UTF-8 text; save it as UTF-8 and upload it again") from exc
    if _BINARY.subn("", text)[1] > max(2, len(text) // 100):
        raise UploadError(f"{name} is not a text file: it contains binary data")
    return _clean(text)


def _markdown_sections(markdown: str) -> tuple[str, list[Section]]:
    """Split at ``##``/``###`` like the corpus; a document with several ``#`` headings uses those
    as its sections (its headings are demoted one level), so they are not lost."""
    body = _tidy_headings(_FRONT_MATTER.sub("", markdown, count=1))
    h1 = _H1.findall(body)
    if len(h1) > 1:
        body = re.sub(r"^(#{1,3}) ", r"#\1 ", body, flags=re.MULTILINE)
    title = _heading_text(h1[0]) if h1 else ""
    return title, [Section(_heading_text(h)[:MAX_HEADING_CHARS], t, None) for h, t in sections(body)]


def _tidy_headings(body: str) -> str:
    """Squeeze the whitespace in ``#``-``###`` lines and drop bare ones: the corpus heading regex
    backtracks quadratically on long runs of spaces and lets a bare ``##`` swallow the next line."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#"):
            words = line.split()
            if words[0] in ("#", "##", "###"):
                lines[i] = " ".join(words) if len(words) > 1 else ""
    return "\n".join(lines)


def _heading_text(line: str) -> str:
    """An ATX heading's text without an optional closing run of ``#``s."""
    text = line.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare
    return _one_line(text)


def _parse_markdown(name: str, data: bytes) -> tuple[str, list[Section]]:
    return _markdown_sections(_decode_text(name, data))


def _parse_html(name: str, data: bytes) -> tuple[str, list[Section]]:
    from markitdown.converters import HtmlConverter

    # markdownify's whitespace regexes backtrack quadratically on long runs of spaces, so squeeze
    # every run first, including those spelled as character references (&#32; and the like).
    html = _clean(_WS_ENTITY.sub(" ", _decode_text(name, data)))
    # Conversion costs about 90 µs per element on two cores: a page of machine-made markup could
    # hold an upload (and its browser tab) for minutes, so such a file is refused up front.
    elements = html.count("<")
    if elements > MAX_HTML_ELEMENTS:
        raise UploadError(
            f"{name}: this HTML page has about {elements:,} tags (the limit is {MAX_HTML_ELEMENTS:,}), "
            "too many to convert quickly; save it as PDF or plain text and upload that."
        )
    result = HtmlConverter().convert_string(re.sub(r"[^\S\n]+", " ", html))
    h1, found = _markdown_sections(_clean(result.markdown))
    return _one_line(result.title or "") or h1, found


def _parse_text(name: str, data: bytes) -> tuple[str, list[Section]]:
    text = _decode_text(name, data)
    groups: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        if current and len(current) + len(para) + 2 > MAX_CHUNK_CHARS:
            groups.append(current)
            current = ""
        current = f"{current}\n\n{para}" if current else para
    if current:
        groups.append(current)
    h1 = _H1.search(text)
    title = _heading_text(h1.group(1)) if h1 else ""
    return title, [Section(f"Part {i}", group, None) for i, group in enumerate(groups, 1)]


_PARSERS: dict[str, Parser] = {
    "pdf": _parse_pdf,
    "docx": _parse_docx,
    "markdown": _parse_markdown,
    "html": _parse_html,
    "text": _parse_text,
}
