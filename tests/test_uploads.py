"""Team uploads: every parser, the chunk ids, and every kind of bad file. All fixtures are built
here (hand-written PDFs, python-docx documents, zip bombs), so no binary file is committed."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import time
import zipfile

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from coach.corpus.documents import MAX_CHUNK_CHARS
from coach.corpus.uploads import ParsedUpload, Section, UploadError, parse_upload, upload_chunks
from tests.factories import make_pdf

LIMIT = 5 * 1024 * 1024


def parse(filename: str, data: bytes, max_bytes: int = LIMIT) -> ParsedUpload:
    return parse_upload(filename, data, max_bytes)


def refused(filename: str, data: bytes, max_bytes: int = LIMIT) -> str:
    with pytest.raises(UploadError) as info:
        parse_upload(filename, data, max_bytes)
    message = str(info.value)
    assert filename.split("/")[-1] in message  # every message names the file
    return message


# --- fixture builders ----------------------------------------------------------------------------


def encrypted(pdf: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(
    core_title: str = "Data Analyst Guide", role_text: str = "Analysts turn data into decisions."
) -> bytes:
    document = docx.Document()
    document.core_properties.title = core_title
    document.add_paragraph("Welcome to the guide.")
    document.add_heading("Responsibilities", 1)
    document.add_paragraph(role_text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Skill"
    table.cell(0, 1).text = "Level"
    table.cell(1, 0).text = "SQL"
    table.cell(1, 1).text = "Advanced"
    document.add_heading("Growth", 2)
    document.add_paragraph("Move towards analytics engineering.")
    document.add_heading("Reporting", 3)
    document.add_heading("Detail level four", 4)  # below Heading 3: stays in the text
    document.add_paragraph("Weekly dashboards.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zeros_docx(megabytes: int) -> bytes:
    """A zip whose word/document.xml is ``megabytes`` MB of zeros, streamed in (fast, small)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(block)
    return buffer.getvalue()


MARKDOWN = b"""---
owner: people-team
---
# Support Engineer Guide

Support engineers keep customers productive.

## Responsibilities

Triage tickets and fix what you can.

### On call

One week in six.

## Career path

Senior support engineer, then support lead.
"""

HTML = b"""<!doctype html><html><head><title>Product Manager Role</title>
<style>body { color: red }</style><script>var tracking = 1;</script></head>
<body><h1>Product Manager</h1><p>Owns the problem, not the solution.</p>
<h2>Skills</h2><ul><li>Discovery</li><li>Prioritisation</li></ul>
<h3>Levels</h3><table><tr><th>Level</th><th>Scope</th></tr><tr><td>PM2</td><td>One team</td></tr></table>
</body></html>"""


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_builder_is_read_by_pypdf():
    reader = PdfReader(io.BytesIO(make_pdf([["Hello world"], ["Second page"]])))
    assert [page.extract_text().strip() for page in reader.pages] == ["Hello world", "Second page"]


def test_pdf_pages_become_sections_and_blank_pages_are_skipped():
    data = make_pdf([["Role guide", "Data engineers build pipelines."], [], ["Skills: SQL (advanced)."]])
    parsed = parse("guides/data-engineer.pdf", data)
    assert parsed.kind == "pdf"
    assert parsed.filename == "data-engineer.pdf"
    assert parsed.title == "data-engineer"  # no metadata title: the file name
    assert [(s.heading, s.page) for s in parsed.sections] == [("Page 1", 1), ("Page 3", 3)]
    assert parsed.sections[0].text == "Role guide\nData engineers build pipelines."
    assert parsed.sections[1].text == "Skills: SQL (advanced)."
    assert parsed.sha256 == hashlib.sha256(data).hexdigest()


def test_pdf_title_comes_from_metadata():
    assert parse("x.pdf", make_pdf([["Body text"]], title="Engineering Ladder")).title == "Engineering Ladder"


def test_pdf_control_characters_are_stripped():
    parsed = parse("x.pdf", make_pdf([["Null\\000byte and bell\\007here"]]))
    assert parsed.sections[0].text == "Nullbyte and bellhere"


def test_password_protected_pdf_is_refused():
    message = refused("secret.pdf", encrypted(make_pdf([["Top secret"]]), "hunter2"))
    assert "secret.pdf is password-protected" in message


def test_pdf_with_only_an_owner_password_opens():
    parsed = parse("open.pdf", encrypted(make_pdf([["Readable anyway"]]), "", "owner-pass"))
    assert parsed.sections == [Section("Page 1", "Readable anyway", 1)]


def test_scanned_pdf_without_text_layer_is_refused():
    message = refused("scan.pdf", blank_pdf())
    assert message == (
        "scan.pdf has no text layer: it looks like a scanned image; upload a text PDF or a DOCX"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\ngarbage that is not a pdf\n",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
        make_pdf([["Hello"]])[:60],
    ],
)
def test_corrupt_pdf_is_refused(data):
    assert "looks damaged" in refused("broken.pdf", data)


def test_pdf_content_must_match_extension():
    message = refused("cv.pdf", make_docx())
    assert "cv.pdf is not a PDF" in message and "ZIP archive" in message
    assert "is not a PDF" in refused("notes.pdf", b"just some text")


# --- DOCX -----------------------------------------------------------------------------------------


def test_docx_splits_at_headings_and_includes_tables():
    parsed = parse("analyst.docx", make_docx())
    assert parsed.kind == "docx"
    assert parsed.title == "Data Analyst Guide"
    assert [s.heading for s in parsed.sections] == ["Overview", "Responsibilities", "Growth", "Reporting"]
    by_heading = {s.heading: s.text for s in parsed.sections}
    assert by_heading["Overview"] == "Welcome to the guide."
    assert "Analysts turn data into decisions." in by_heading["Responsibilities"]
    assert "Skill | Level\nSQL | Advanced" in by_heading["Responsibilities"]
    assert by_heading["Reporting"] == "Detail level four\n\nWeekly dashboards."
    assert all(s.page is None for s in parsed.sections)


def test_docx_title_falls_back_to_title_style_then_file_name():
    document = docx.Document()
    document.add_heading("Team Charter", 0)  # the "Title" style
    document.add_paragraph("We ship small changes.")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse("charter.docx", buffer.getvalue())
    assert parsed.title == "Team Charter"
    assert parsed.sections == [Section("Overview", "We ship small changes.", None)]
    assert parse("my guide.docx", make_docx(core_title="")).title == "my guide"


def test_docx_zip_bomb_is_refused_before_python_docx(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("python-docx must not open a zip bomb")

    monkeypatch.setattr(docx, "Document", never)
    started = time.perf_counter()
    assert "zip bomb" in refused("bomb.docx", zeros_docx(60))  # 60 MB declared > 50 MB
    assert "zip bomb" in refused("ratio.docx", zeros_docx(5))  # under 50 MB, but ~1000x packed
    assert time.perf_counter() - started < 5


def test_docx_with_lying_zip_headers_is_refused():
    """Declared sizes patched down to look harmless: streaming the member exposes it."""
    data = bytearray(make_zip({"word/document.xml": bytes(4 << 20)}, level=9))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size in the central directory
    struct.pack_into("<I", data, 22, 1000)  # ...and in the local header
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0].file_size == 1000
    message = refused("liar.docx", bytes(data))
    assert "looks damaged" in message or "zip bomb" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (make_zip({"readme.txt": b"hello"}), "not a Word document"),
        (make_zip({"word/document.xml": b"<not really xml"}), "looks damaged"),
        (make_docx()[:2000], "looks damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected or in the old Word .doc"),
        (make_pdf([["A PDF"]]), "it looks like a PDF"),
        (b"plain words", "is not a Word .docx document"),
    ],
)
def test_bad_docx_is_refused(data, expected):
    assert expected in refused("role.docx", data)


# --- Markdown, HTML, text ---------------------------------------------------------------------------


def test_markdown_splits_at_level_two_and_three_headings():
    parsed = parse("support.md", MARKDOWN)
    assert parsed.kind == "markdown"
    assert parsed.title == "Support Engineer Guide"
    assert [(s.heading, s.text) for s in parsed.sections] == [
        ("Overview", "Support engineers keep customers productive."),
        ("Responsibilities", "Triage tickets and fix what you can."),
        ("On call", "One week in six."),
        ("Career path", "Senior support engineer, then support lead."),
    ]
    assert "owner:" not in " ".join(s.text for s in parsed.sections)  # front matter dropped


def test_markdown_with_several_top_level_headings_keeps_them():
    parsed = parse("notes.markdown", b"# Intro\nHello there.\n\n# Pay bands #\nBand A.\n## Detail\nMore.\n")
    assert parsed.title == "Intro"
    assert [(s.heading, s.text) for s in parsed.sections] == [
        ("Intro", "Hello there."),
        ("Pay bands", "Band A."),  # the closing '#' run is not part of the heading
        ("Detail", "More."),
    ]


def test_markdown_without_heading_takes_the_file_name():
    parsed = parse("team norms.md", "\ufeffWe review code within a day.".encode())
    assert (parsed.title, parsed.sections) == (
        "team norms",
        [Section("Overview", "We review code within a day.", None)],
    )


def test_html_is_converted_and_split_at_headings():
    parsed = parse("pm.html", HTML)
    assert parsed.kind == "html"
    assert parsed.title == "Product Manager Role"  # <title> first
    assert [s.heading for s in parsed.sections] == ["Overview", "Skills", "Levels"]
    assert parsed.sections[0].text == "Owns the problem, not the solution."
    assert "Discovery" in parsed.sections[1].text
    assert "| PM2 | One team |" in parsed.sections[2].text
    everything = " ".join(s.text for s in parsed.sections)
    assert "tracking" not in everything and "color" not in everything


def test_html_title_falls_back_to_first_h1():
    parsed = parse("page.htm", b"<h1>Design Ladder</h1><p>Craft.</p><h2>IC levels</h2><p>D1 to D5.</p>")
    assert parsed.title == "Design Ladder"
    assert [(s.heading, s.text) for s in parsed.sections] == [
        ("Overview", "Craft."),
        ("IC levels", "D1 to D5."),
    ]


def test_text_paragraphs_are_grouped_into_parts():
    paragraphs = [f"Paragraph {i}: " + "word " * 60 for i in range(12)]
    data = "\r\n\r\n".join(paragraphs).encode()
    parsed = parse("handbook.txt", data)
    assert parsed.kind == "text" and parsed.title == "handbook"
    assert len(parsed.sections) > 1
    assert [s.heading for s in parsed.sections] == [f"Part {i}" for i in range(1, len(parsed.sections) + 1)]
    assert all(len(s.text) <= MAX_CHUNK_CHARS for s in parsed.sections)
    joined = "\n\n".join(s.text for s in parsed.sections)
    assert joined == "\n\n".join(p.strip() for p in paragraphs)  # nothing lost, order kept


def test_text_strips_control_characters_and_allows_bom():
    parsed = parse("memo.txt", b"\xef\xbb\xbf# Memo\n\nRing\x07 the bell\x1b.\n")
    assert parsed.title == "Memo"
    assert parsed.sections == [Section("Part 1", "# Memo\n\nRing the bell.", None)]


def test_linear_time_on_adversarial_whitespace():
    """The corpus heading regex and markdownify backtrack quadratically on long runs of spaces."""
    spaces = " " * 200_000
    cases = [
        ("a.md", f"## a{spaces}b\n\ntext"),
        ("b.md", f"##\nx{spaces}y\n\ntext"),
        ("c.html", f"<p>a{spaces}b</p><h2>x{spaces}y</h2><p>t</p>"),
        ("d.html", "<p>a" + "&#32;" * 40_000 + "b</p><pre>" + "&#x20\n" * 40_000 + "c</pre>"),
        ("e.txt", f"a{spaces}b\n\nc"),
    ]
    for name, text in cases:
        started = time.perf_counter()
        parse(name, text.encode())
        assert time.perf_counter() - started < 3, name


# --- bad files in general -------------------------------------------------------------------------


def test_size_is_checked_first_and_reported():
    message = refused("big.exe", b"x" * 2_000_001, max_bytes=1_000_000)
    assert message == "big.exe is 1.9 MB, over the upload limit of 976.6 KB"
    assert (
        refused("a.txt", b"x" * 1025, max_bytes=1024)
        == "a.txt is 1,025 bytes, over the upload limit of 1,024 bytes"
    )
    assert parse("ok.txt", b"x" * 1024, max_bytes=1024).sections[0].text == "x" * 1024


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("blank.txt", b" \n\t\n", "blank.txt is empty"),
        ("setup.exe", b"MZ\x90\x00", ".exe files can't be uploaded"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save a .doc as .docx first"),
        ("README", b"hello", "README has no file extension"),
        ("latin1.txt", "café crème".encode("latin-1"), "latin1.txt is not UTF-8 text"),
        ("nul.txt", b"hello\x00world", "contains binary data"),
        ("noise.md", bytes(range(1, 9)) * 50 + b"a", "contains binary data"),
        ("dots.txt", b"... --- !!!\n\n***", "dots.txt has no readable text"),
        ("photo.md", b"\x89PNG\r\n\x1a\n" + b"x" * 20, "it looks like a PNG image"),
        ("fake.html", make_pdf([["Hi"]]), "it looks like a PDF"),
    ],
)
def test_bad_files_give_clear_errors(filename, data, expected):
    assert expected in refused(filename, data)


def test_file_names_lose_directories_and_control_characters():
    parsed = parse("C:\\Users\\sam\\Role\x00 Guide.md", b"## Scope\nAll of it.")
    assert parsed.filename == "Role Guide.md" and parsed.title == "Role Guide"


# --- chunks ---------------------------------------------------------------------------------------


def test_upload_chunks_fields():
    parsed = parse("analyst.docx", make_docx())
    chunks = upload_chunks(parsed, "team-7/analyst")
    assert [c.heading for c in chunks] == ["Overview", "Responsibilities", "Growth", "Reporting"]
    for chunk in chunks:
        assert (chunk.kind, chunk.doc_id, chunk.path, chunk.sectors) == (
            "upload",
            "team-7/analyst",
            "analyst.docx",
            "",
        )
        assert chunk.title == "Data Analyst Guide"
        assert len(chunk.id) == 24
    assert chunks[0].embed_text == "Data Analyst Guide — Overview\nWelcome to the guide."
    pdf_chunks = upload_chunks(parse("r.pdf", make_pdf([["One"], [], ["Three"]])), "d")
    assert [c.heading for c in pdf_chunks] == ["Page 1", "Page 3"]


def test_chunk_ids_are_stable_and_follow_content():
    first = [c.id for c in upload_chunks(parse("a.docx", make_docx()), "doc")]
    again = [c.id for c in upload_chunks(parse("a.docx", make_docx()), "doc")]
    assert first == again  # re-uploading an unchanged file re-embeds nothing
    edited = [c.id for c in upload_chunks(parse("a.docx", make_docx(role_text="Changed.")), "doc")]
    assert [a == b for a, b in zip(first, edited)] == [True, False, True, True]  # only that section
    other_doc = [c.id for c in upload_chunks(parse("a.docx", make_docx()), "other")]
    assert not set(first) & set(other_doc)
    retitled = [c.id for c in upload_chunks(parse("a.docx", make_docx(core_title="New")), "doc")]
    assert not set(first) & set(retitled)  # the title is embedded, so it is hashed too


def test_long_sections_are_split_and_identical_ones_collapse():
    long_page = [f"Sentence number {i} about career growth and skills." for i in range(120)]
    parsed = parse("long.pdf", make_pdf([long_page, ["Same text"], ["Same text"]]))
    chunks = upload_chunks(parsed, "long")
    page_one = [c for c in chunks if c.heading == "Page 1"]
    assert len(page_one) > 1 and all(len(c.text) <= MAX_CHUNK_CHARS for c in page_one)
    assert [c.heading for c in chunks[len(page_one) :]] == ["Page 2", "Page 3"]
    duplicate = ParsedUpload("d.md", "D", "markdown", [Section("A", "x y", None)] * 2, "0")
    assert len(upload_chunks(duplicate, "d")) == 1


# --- robustness -----------------------------------------------------------------------------------


def flip(data: bytes, rng: random.Random) -> bytes:
    mutated = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated)


def rezipped_docx(good: bytes, rng: random.Random) -> bytes:
    """A well-formed zip whose document.xml is damaged, so python-docx itself meets the damage."""
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["word/document.xml"] = flip(members["word/document.xml"], rng)
    return make_zip(members, level=1)


def test_random_and_mutated_bytes_never_crash():
    """Random bytes, random bytes behind a real magic number, bit-flipped and truncated valid
    files: each either parses or raises UploadError, nothing else."""
    rng = random.Random(0)
    valid = {
        "pdf": make_pdf([["Fuzz target page"], ["Second page"]], title="Fuzz"),
        "docx": make_docx(),
        "md": MARKDOWN,
        "html": HTML,
        "txt": b"Plain words.\n\nMore words.",
    }
    magic = {"pdf": b"%PDF-1.4\n", "docx": b"PK\x03\x04", "md": b"## ", "html": b"<html>", "txt": b""}
    started = time.perf_counter()
    outcomes = {ext: set() for ext in valid}
    for ext, good in valid.items():
        for i in range(300):
            mode = i % 4
            if mode == 0:
                data = rng.randbytes(rng.randrange(0, 600))
            elif mode == 1:
                data = magic[ext] + rng.randbytes(rng.randrange(0, 600))
            elif mode == 2:
                data = rezipped_docx(good, rng) if ext == "docx" and i % 8 == 2 else flip(good, rng)
            else:
                data = good[: rng.randrange(1, len(good))]
            try:
                result = parse_upload(f"fuzz.{ext}", data, LIMIT)
            except UploadError:
                outcomes[ext].add("refused")
                continue
            outcomes[ext].add("parsed")
            assert isinstance(result, ParsedUpload) and result.sections
            upload_chunks(result, "fuzz")
    assert time.perf_counter() - started < 10
    assert all(seen == {"parsed", "refused"} for seen in outcomes.values()), outcomes


def test_html_with_too_many_tags_is_refused_before_conversion():
    from coach.corpus.uploads import MAX_HTML_ELEMENTS

    huge = b"<html><body>" + b"<span>x</span>" * (MAX_HTML_ELEMENTS // 2 + 10) + b"</body></html>"
    message = refused("generated.html", huge)
    assert "too many to convert quickly" in message and "PDF or plain text" in message
    ordinary = b"<h1>Ladder</h1>" + b"<p>Step by step.</p>" * 2000
    assert parse("ordinary.html", ordinary).title == "Ladder"
