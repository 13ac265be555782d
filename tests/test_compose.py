"""Composed answers: the prose quoted from the retrieved guidance, every sentence cited."""

import re

import pytest

from coach.llm.fakes import FakeChatModel
from coach.pipeline.citations import CITATION
from coach.pipeline.coach import Coach
from coach.pipeline.compose import Passage, Step, blocks, compose, question_kind, sentences
from coach.retrieval.hybrid import HybridRetriever

SECTOR = Passage(
    1,
    "Healthcare is one of the sectors where AI is most likely to support workers.\n\n"
    "- **Clinical AI reviewers**: nurses and clinicians who validate tools and set thresholds.\n"
    "- **Implementation roles**: people who fit AI scribes into real clinic routines.\n"
    "- **Coding audit**: reviewing AI-suggested codes and the documentation behind them.\n"
    "- **Patient navigators** who guide people through care pathways and their choices.",
    "Roles growing",
    "sector",
    "Healthcare",
)
PRINCIPLE = Passage(
    2,
    "No occupation is fully safe from AI, and none is fully exposed. A role is a bundle of tasks,\n"
    "and exposure is measured task by task (Eloundou et al. 2023), so the useful question is\n"
    "which of your tasks change.",
    "Summary",
    "principle",
    "Tasks, not titles",
)
PAYROLL = Passage(
    3,
    "A payroll clerk makes sure people are paid correctly and on time, handling deductions and queries.",
    "Summary",
    "role",
    "Payroll clerk",
)
BOOKKEEPER = Passage(
    4,
    "A bookkeeper records transactions and reconciles accounts for small firms and their owners.",
    "Summary",
    "role",
    "Bookkeeper",
)


def _sentences_of(text: str) -> list[tuple[str, list[int]]]:
    """(sentence without its marker, cited numbers) for each cited sentence or list item."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^(- |\*\*[^*]+:\*\* )", "", line.strip())
        for match in re.finditer(r"(.+?)((?:\s?\[\d+\])+)([.!?])", line):
            numbers = [int(n) for n in re.findall(r"\d+", match.group(2))]
            out.append((match.group(1).strip() + match.group(3), numbers))
    return out


def _flat(text: str) -> str:
    return " ".join(re.sub(r"\*\*|^\s*[-*]\s+", "", text, flags=re.M).split())


def test_every_sentence_is_quoted_from_the_passage_it_cites():
    passages = [SECTOR, PRINCIPLE, PAYROLL]
    text = compose("Which roles are growing in healthcare?", passages, "sector")
    said = _sentences_of(text)
    assert said, text
    by_n = {p.n: _flat(p.text) for p in passages}
    for sentence, numbers in said:
        core = sentence.rstrip(".!?").replace("**", "")
        assert any(core in by_n[n] for n in numbers), (sentence, numbers)


def test_a_sector_question_gets_the_roles_growing_as_a_list():
    text = compose("Which roles are growing in healthcare because of AI?", [PRINCIPLE, SECTOR], "sector")
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(items) == 3  # the head of the list, not all of it
    assert items[0].startswith("- Clinical AI reviewers: nurses") and items[0].endswith("[1].")


def test_hard_wrapped_lines_and_abbreviations_do_not_cut_sentences():
    assert blocks("one line\ncontinues here\n\n- item\n  wraps on\n- next") == [
        "one line continues here",
        "- item wraps on",
        "- next",
    ]
    assert sentences("Raters in Eloundou et al. (2023) agree. Then more.") == [
        "Raters in Eloundou et al. (2023) agree.",
        "Then more.",
    ]
    text = compose("Is any job fully safe from AI?", [PRINCIPLE], "concept")
    assert "measured task by task (Eloundou et al. 2023), so the useful question" in text or (
        "No occupation is fully safe from AI" in text
    )


def test_other_roles_cards_are_left_out_when_the_persons_own_card_was_found():
    text = compose(
        "What should a payroll clerk do next?", [BOOKKEEPER, PAYROLL], "coaching", focus="Payroll clerk"
    )
    assert "[3]" in text and "[4]" not in text and "bookkeeper" not in text.lower()


def test_the_plans_first_step_closes_the_answer_with_its_own_citation():
    step = Step("Become the exceptions expert: list last quarter's exception types", 7)
    text = compose("I'm a payroll clerk, what next?", [PAYROLL], "coaching", step, "Un primer paso")
    assert text.splitlines()[-1] == (
        "**Un primer paso:** Become the exceptions expert: list last quarter's exception types [7]."
    )


def test_nothing_to_quote_gives_nothing():
    assert compose("anything", []) == ""
    assert compose("anything", [Passage(1, "# Heading\n\nToo short.", "Summary", "role")]) == ""


def test_question_kind_falls_back_to_what_was_retrieved():
    assert question_kind(["sector", "role"], personal=False, watched=False) == "sector"
    assert question_kind(["principle"], personal=False, watched=False) == "concept"
    assert question_kind(["sector"], personal=True, watched=False) == "coaching"
    assert question_kind(["sector"], personal=True, watched=True) == "monitoring_worry"
    assert question_kind([], personal=False, watched=False) == ""


class NoModel(FakeChatModel):
    """A chat model that fails the test if the pipeline asks it anything."""

    def _generate(self, *args, **kwargs):
        raise AssertionError("the composed style must not call the chat model")

    def _stream(self, *args, **kwargs):
        raise AssertionError("the composed style must not call the chat model")


@pytest.fixture
def composing_coach(tmp_index, hash_embedder):
    settings = tmp_index.model_copy(update={"answer_style": "composed"})
    return Coach(settings, NoModel(), HybridRetriever(settings, hash_embedder), hash_embedder)


def test_the_composed_style_answers_without_the_model_and_cites_only_listed_sources(composing_coach):
    stream = composing_coach.stream("I'm a payroll clerk computing wages. What's my next problem to solve?")
    deltas = list(stream)
    answer = stream.answer
    assert len(deltas) == 1 and answer.text and not answer.fallback and not answer.error
    cited = {int(n) for m in CITATION.finditer(answer.text) for n in re.findall(r"\d+", m.group(1))}
    assert cited == {s.n for s in answer.sources}
    assert "no model" in answer.model
    assert answer.timings["first_token_s"] <= answer.timings["total_s"]


def test_a_composed_answer_in_another_language_says_the_guidance_is_in_english(composing_coach):
    answer = composing_coach.ask(
        "Soy payroll clerk y calculo los salarios. ¿Cuál es mi próximo problema a resolver en el trabajo?"
    )
    assert answer.language == "es"
    assert answer.text.startswith("La orientación de la que parte esta respuesta está escrita en inglés")


def test_answer_style_auto_composes_for_the_embedded_model_only(settings):
    assert settings.model_copy(update={"chat_provider": "embedded"}).composes
    assert not settings.model_copy(update={"chat_provider": "openai"}).composes
    assert settings.model_copy(update={"chat_provider": "openai", "answer_style": "composed"}).composes
    assert not settings.model_copy(update={"chat_provider": "embedded", "answer_style": "generated"}).composes
