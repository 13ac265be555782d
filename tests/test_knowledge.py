import pytest

from coach.corpus.documents import CorpusError, chunk_document, load_corpus, parse_document


def test_documents_load_with_metadata(tmp_corpus):
    docs, errors = load_corpus(tmp_corpus)
    assert errors == []
    by_id = {d.id: d for d in docs}
    assert by_id["role/payroll-clerk"].kind == "role"
    assert by_id["role/payroll-clerk"].path == "roles/payroll-clerk.md"
    assert by_id["role/payroll-clerk"].meta["sectors"] == ["sector/hr"]


def test_chunks_follow_headings_and_carry_metadata(tmp_corpus):
    doc = parse_document(tmp_corpus / "roles/payroll-clerk.md", tmp_corpus)
    chunks = chunk_document(doc)
    assert [c.heading for c in chunks] == ["Summary", "Next problems to solve"]
    meta = chunks[0].metadata()
    assert meta == {
        "doc_id": "role/payroll-clerk",
        "kind": "role",
        "title": "Payroll clerk",
        "heading": "Summary",
        "path": "roles/payroll-clerk.md",
        "sectors": "sector/hr",
    }


def test_chunk_ids_hash_content(tmp_corpus):
    path = tmp_corpus / "roles/payroll-clerk.md"
    before = [c.id for c in chunk_document(parse_document(path, tmp_corpus))]
    assert before == [c.id for c in chunk_document(parse_document(path, tmp_corpus))]
    path.write_text(path.read_text().replace("answer pay questions", "answer pay and tax questions"))
    after = [c.id for c in chunk_document(parse_document(path, tmp_corpus))]
    assert after[0] != before[0] and after[1] == before[1]  # only the edited section changes


def test_long_sections_are_split_under_the_limit(tmp_path):
    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(12))
    (tmp_path / "long.md").write_text(
        f"---\nid: principle/long\nkind: principle\ntitle: Long\n---\n## Summary\n{body}"
    )
    chunks = chunk_document(parse_document(tmp_path / "long.md", tmp_path))
    assert len(chunks) > 1
    assert all(len(c.text) <= 1200 for c in chunks)
    assert "Paragraph 11" in chunks[-1].text


@pytest.mark.parametrize(
    "text, message",
    [
        ("no front matter here", "missing YAML front matter"),
        ("---\nid: [unclosed\n---\nbody", "invalid YAML"),
        ("---\nid: role/x\nkind: role\n---\nbody", "lacks 'title'"),
        ("---\nid: role/x\nkind: job\ntitle: X\n---\nbody", "kind 'job'"),
        ("---\nid: skill/x\nkind: role\ntitle: X\n---\nbody", "must start with 'role/'"),
    ],
)
def test_bad_files_are_reported_by_name(tmp_path, text, message):
    (tmp_path / "bad.md").write_text(text)
    with pytest.raises(CorpusError, match=message) as err:
        parse_document(tmp_path / "bad.md", tmp_path)
    assert "bad.md" in str(err.value)


def test_binary_and_duplicate_files_are_skipped_with_errors(tmp_corpus):
    (tmp_corpus / "roles/binary.md").write_bytes(b"\xff\xfe\x00\x81binary")
    (tmp_corpus / "roles/copy.md").write_text((tmp_corpus / "roles/electrician.md").read_text())
    docs, errors = load_corpus(tmp_corpus)
    assert len(docs) == 5
    assert any("binary.md" in e and "UTF-8" in e for e in errors)
    assert any("duplicate id 'role/electrician'" in e for e in errors)
