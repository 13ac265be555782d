import pytest

from coach.config import Settings
from coach.corpus.catalog import Catalog, split_first_step
from coach.llm.embeddings import HashingEmbedder


@pytest.fixture(scope="module")
def catalog():
    return Catalog(Settings().knowledge_dir)


@pytest.mark.parametrize(
    "text, role",
    [
        ("I'm a payroll clerk at a hospital", "role/payroll-clerk"),
        ("As a paralegal, what should I learn?", "role/paralegal"),
        ("I work as a customer success manager", "role/customer-success-manager"),
        ("Soy enfermera en un hospital", "role/registered-nurse"),
        ("Je suis comptable", "role/accountant"),
        ("Ich bin Softwareentwickler", "role/software-developer"),
    ],
)
def test_roles_are_matched_by_title_alias_and_language(catalog, text, role):
    assert catalog.match_role(text)[0] == role


def test_longest_name_wins(catalog):
    assert catalog.match_role("I'm a customer service supervisor")[0] == "role/customer-service-supervisor"


def test_no_role_in_plain_worries(catalog):
    assert catalog.match_role("I'm worried about my future") is None


def test_semantic_fallback_needs_a_self_description(tmp_corpus):
    catalog = Catalog(tmp_corpus, HashingEmbedder())
    assert (
        catalog.match_role("My job: compile timesheets, calculate wages and deductions")[0]
        == "role/payroll-clerk"
    )
    assert catalog.match_role("wages and deductions from timesheets") is None  # no "I ..." cue


def test_entries_expose_parsed_items(catalog):
    role = catalog.get("role/electrician")
    problems = role.items("Next problems to solve")
    assert len(problems) >= 3 and all(p.title for p in problems)
    why, first_step = split_first_step(problems[0].text)
    assert why and first_step
    adjacent = role.items("Adjacent roles")
    assert all(catalog.get(item.ref) for item in adjacent)


def test_soc_for_gives_the_role_cards_occupation_code(catalog):
    assert catalog.soc_for("I do tier-1 support for a SaaS company") == "15-1232.00"
    assert catalog.soc_for("payroll clerk") == "43-3051.00"
    assert catalog.soc_for("I am worried about the future") is None


def test_no_role_name_belongs_to_two_cards_and_other_languages_match():
    """Titles, aliases and other names (accents folded) each lead to one card only, and the
    names people use in the other supported languages find their card, typed with or without
    accents."""
    from collections import defaultdict

    from coach.config import Settings
    from coach.corpus.catalog import Catalog, normalise

    catalog = Catalog(Settings().knowledge_dir)
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in catalog.of_kind("role"):
        for name in entry.names:
            owners[normalise(name)].add(entry.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert not shared
    for text, role in [
        ("soy técnico de mantenimiento en una fábrica", "role/maintenance-technician"),
        ("soy tecnico de mantenimiento en una fabrica", "role/maintenance-technician"),
        ("je suis infirmière de nuit", "role/registered-nurse"),
        ("LKW-Fahrer seit 20 Jahren", "role/truck-driver"),
    ]:
        found = catalog.match_role(text)
        assert found is not None and found[0] == role, text


def test_a_task_list_without_a_job_finds_the_card_whose_tasks_it_lists():
    catalog = Catalog(Settings().knowledge_dir, HashingEmbedder())
    card = catalog.get("role/payroll-clerk")
    assert card is not None
    tasks = [item.title.lower() for item in card.items("Typical tasks")][:3]
    found = catalog.role_for_tasks(tasks)
    assert found is not None and found[0] == card.id and found[1] > 0.9
    # Words that are no card's tasks, and a single task, give no guess.
    assert catalog.role_for_tasks(["zqx blorp", "wibble frumious"]) is None
    assert catalog.role_for_tasks(tasks[:1]) is None
    assert Catalog(Settings().knowledge_dir).role_for_tasks(tasks) is None  # no embedder, no guess


def test_what_i_do_for_work_is_not_a_self_description(tmp_corpus):
    """ "I'd rather not say what I do for work" refers to a job without describing it: no role is
    guessed from the rest of the message, while "I do …" still is."""
    from coach.corpus.catalog import _SELF_DESCRIPTION
    from coach.exposure.tasks import extract_tasks

    text = "I'd rather not say what I do for work, but I want to get comfortable using AI tools."
    assert not _SELF_DESCRIPTION.search(text) and extract_tasks(text) == []
    assert _SELF_DESCRIPTION.search("I do payroll for 300 staff")
