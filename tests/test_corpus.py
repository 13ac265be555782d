"""The real knowledge corpus keeps its own rules and meets the content floors."""

import re
from collections import Counter

import pytest

from coach.config import Settings
from coach.corpus.checks import corpus_problems, corpus_stats
from coach.corpus.documents import load_corpus, sections

KNOWLEDGE = Settings().knowledge_dir


@pytest.fixture(scope="module")
def corpus():
    docs, errors = load_corpus(KNOWLEDGE)
    assert errors == []
    return docs


def test_front_matter_ids_and_references_are_valid(corpus):
    assert corpus_problems(corpus) == []


def test_ids_match_file_locations(corpus):
    for doc in corpus:
        kind, slug = doc.id.split("/", 1)
        assert doc.path == f"{kind}s/{slug}.md", doc.path
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), doc.id
        assert doc.meta.get("last_reviewed"), doc.id


def test_content_floors():
    stats = corpus_stats(KNOWLEDGE)
    assert stats["by_kind"]["role"] >= 60
    assert stats["by_kind"]["skill"] >= 40
    assert stats["by_kind"]["sector"] >= 10
    assert stats["by_kind"]["principle"] >= 12
    assert stats["by_kind"]["path"] >= 20
    assert len([s for s, n in stats["roles_by_sector"].items() if n >= 3]) >= 10


def test_roles_have_six_to_twelve_tagged_tasks(corpus):
    for doc in (d for d in corpus if d.kind == "role"):
        tasks = dict(sections(doc.body))["Typical tasks"]
        tagged = re.findall(r"^\s*[-*].*`(automate|augment|human-core)`", tasks, re.MULTILINE)
        assert 6 <= len(tagged) <= 12, f"{doc.path}: {len(tagged)} tagged tasks"


def test_every_figure_in_a_role_card_names_its_source(corpus):
    for doc in (d for d in corpus if d.kind == "role"):
        data = dict(sections(doc.body))["What the data says"]
        if re.search(r"\b0\.\d\d\b", data):
            assert re.search(r"Eloundou|Tomlinson", data), doc.path
            assert doc.meta.get("sources"), doc.path


def test_paths_connect_existing_roles(corpus):
    roles = {d.id for d in corpus if d.kind == "role"}
    for doc in (d for d in corpus if d.kind == "path"):
        assert doc.meta["from_role"] in roles and doc.meta["to_role"] in roles, doc.path
        assert doc.meta.get("duration"), doc.path


def test_skills_declare_their_type(corpus):
    types = Counter(d.meta.get("skill_type") for d in corpus if d.kind == "skill")
    assert set(types) == {"ai-fluency", "durable"}
    assert types["ai-fluency"] >= 10 and types["durable"] >= 10


def test_problem_checker_catches_broken_entries(tmp_corpus):
    shared = "This exact paragraph of twelve or more words appears in two different entries here."
    hr = tmp_corpus / "sectors/hr.md"
    hr.write_text(hr.read_text().replace("sector/hr\n", "sector/hr\nroles: [role/ghost]\n") + "\n\n" + shared)
    trades = tmp_corpus / "sectors/skilled-trades.md"
    trades.write_text(trades.read_text() + "\n\n" + shared)
    docs, _ = load_corpus(tmp_corpus)
    problems = corpus_problems(docs)
    assert any("hr.md: references unknown id 'role/ghost'" in p for p in problems)
    assert any(
        p.startswith("paragraph repeated in sectors/hr.md, sectors/skilled-trades.md") for p in problems
    )
    assert any("payroll-clerk.md: missing section '## Typical tasks'" in p for p in problems)
    assert any("electrician.md: fewer than 3 next problems" in p for p in problems)
    assert any("electrician.md: typical tasks must use all three tags" in p for p in problems)
