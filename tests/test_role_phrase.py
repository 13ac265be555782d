"""A job named in passing ("icu nurse here. …", "long haul trucker 18 yrs. …") is found when the
classifier says a role is named and nothing else found one; openings that are not jobs are not."""

from __future__ import annotations

import pytest

from coach.pipeline.role_phrase import role_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("icu nurse here. night shifts. should i be worried abt ai or nah", "icu nurse"),
        ("long haul trucker 18 yrs. everyone says self-driving trucks are coming", "long haul trucker"),
        ("ok so, content marketer, mostly blog posts", "content marketer"),
        ("Head chef in a busy bistro - menu costing eats my week", "Head chef in a busy bistro"),
        ("hola, enfermera de urgencias. ¿qué aprendo?", "enfermera de urgencias"),
        ("marketing. 3 yrs. what now", "marketing"),
        ("Payroll clerk\nI run the monthly payroll for 400 people", "Payroll clerk"),
    ],
)
def test_the_opening_job_phrase_is_cut_out(text, phrase):
    assert role_phrase(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "what should I learn next?",
        "I process benefit claims for the government. what now?",
        "my tasks: invoices, payroll, filing",
        "been driving a bus in the city for ages and my union keeps talking about AI scheduling",
        "¿cómo me preparo para la automatización?",
        "42. yes.",
        "",
    ],
)
def test_openings_that_are_not_a_job_title_give_nothing(text):
    assert role_phrase(text) == ""


def test_a_job_named_in_passing_gets_its_card_and_plan(settings, hash_embedder):
    """With the real encoder behind the role match: "bus driver here" names no card's title or
    alias but comes near the truck driver card, which is used (loosely, and said so) without
    open data; a message that names no job gets no card from its opening."""
    from coach.corpus.catalog import Catalog
    from coach.llm.embeddings import MiniLMEmbedder
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.retrieval.hybrid import HybridRetriever
    from coach.retrieval.indexing import build_index

    build_index(settings, hash_embedder)
    catalog = Catalog(settings.knowledge_dir, MiniLMEmbedder())
    coach = Coach(settings, FakeChatModel(), HybridRetriever(settings, hash_embedder), hash_embedder, catalog)
    assert catalog.match_role("bus driver here. should i be worried about AI scheduling?") is None
    answer = coach.ask("bus driver here. should i be worried about AI scheduling?")
    assert answer.mode == "coach" and answer.next_problems
    assert answer.occupation is not None and answer.occupation.card_id == "role/truck-driver"
    assert "bus driver" in answer.occupation.note and "fits only loosely" in answer.occupation.note
    # With the data imported but no occupation close, the note says so instead of "import it".
    from coach.domain.profile import Profile
    from coach.pipeline.occupation import decide_role

    said = Profile(user_id="x", role="bus driver")
    loose = decide_role(catalog, None, said, catalog.get("role/truck-driver"), none_close=True)
    assert loose.choice is not None and "fits only loosely" in loose.choice.note
    assert "comes close enough" in loose.choice.note and "Import the open data" not in loose.choice.note
    vague = coach.ask("what should I do about AI?")
    assert not vague.next_problems and vague.mode == "clarify"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Been doing payroll at a regional hospital for nine years now. What next?", "payroll"),
        ("I work in logistics and I am worried about AI", "logistics"),
        ("trabajo como cajera en un súper desde 2019", "cajera"),
        ("Ich arbeite als Lageristin bei einem Versandhändler", "Lageristin"),
        ("hi! working as a line cook since 2020, what should I learn?", "line cook"),
    ],
)
def test_the_job_after_a_verb_of_working_is_cut_out(text, phrase):
    assert role_phrase(text) == phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Soy auxiliar administrativa en un ayuntamiento. Mis tareas: …", "auxiliar administrativa"),
        ("Je suis aide-soignante dans un EHPAD depuis 2015", "aide-soignante"),
        ("ich bin Lagerist bei einem Versandhändler", "Lagerist"),
        ("sou enfermeira há 12 anos, e agora?", "enfermeira"),
    ],
)
def test_the_job_a_message_introduces_in_another_language_is_cut_out(text, phrase):
    assert role_phrase(text) == phrase


def test_a_job_stated_outright_with_no_card_near_gets_the_general_plan(settings, hash_embedder):
    """ "Ich arbeite als X" states a job even when no card comes close: without open data the
    person gets the general starting plan, said to be general."""
    from coach.corpus.catalog import Catalog
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.pipeline.intent import Intent
    from coach.pipeline.plan import STARTER_PLAN
    from coach.pipeline.role_phrase import stated_role
    from coach.retrieval.hybrid import HybridRetriever
    from coach.retrieval.indexing import build_index

    assert stated_role("Ich arbeite als Tierpflegerin im Zoo.") == "Tierpflegerin"
    assert stated_role("I work in logistics") == ""  # a field, not a job stated outright
    build_index(settings, hash_embedder)
    catalog = Catalog(settings.knowledge_dir, hash_embedder)
    coach = Coach(settings, FakeChatModel(), HybridRetriever(settings, hash_embedder), hash_embedder, catalog)
    coach._classifier = lambda: lambda q: Intent("coaching", 0.9, {"coaching": 0.9})  # type: ignore[method-assign]
    answer = coach.ask(
        "Ich arbeite als Tierpflegerin im Zoo. Meine Aufgaben: Gehege reinigen, Futter vorbereiten, "
        "Tiere beobachten. Was übernimmt die KI?"
    )
    assert answer.occupation is not None and "“Tierpflegerin”" in answer.occupation.note
    assert {p.source.id for p in answer.next_problems} == {STARTER_PLAN}
    # This coach has no task mapper, so the note asks for the tasks rather than pointing to a map.
    assert "nennen Sie Ihre wichtigsten Aufgaben" in answer.occupation.note


def test_the_job_the_person_states_wins_over_the_opening_words(settings, hash_embedder):
    """ "Quick one. I've been a zookeeper since 2014 …": the stated job is the role, not the
    opening words; a short opening job with the classifier sure is noted as a job with no card."""
    from coach.corpus.catalog import Catalog
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.pipeline.intent import Intent
    from coach.retrieval.hybrid import HybridRetriever
    from coach.retrieval.indexing import build_index

    build_index(settings, hash_embedder)
    catalog = Catalog(settings.knowledge_dir, hash_embedder)
    coach = Coach(settings, FakeChatModel(), HybridRetriever(settings, hash_embedder), hash_embedder, catalog)
    coach._classifier = lambda: lambda q: Intent("coaching", 0.9, {"coaching": 0.9})  # type: ignore[method-assign]
    stated = coach.ask("Quick one. I've been a zookeeper since 2014, love the animals. What next?")
    assert stated.occupation is not None and stated.occupation.role_text == "zookeeper"
    opening = coach.ask("zookeeper lol. what should i learn?")
    assert opening.occupation is not None and opening.occupation.role_text == "zookeeper"
    assert opening.next_problems  # the general starting plan
    coach._classifier = lambda: lambda q: Intent("coaching", 0.4, {"coaching": 0.4})  # type: ignore[method-assign]
    unsure = coach.ask("zookeeper lol. what should i learn?")
    assert unsure.occupation is None and not unsure.next_problems
