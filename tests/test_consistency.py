"""One story per answer: a next problem about a task the map files under automate says why, a
card/map disagreement is shown as uncertain, and the prose does not file a task under another
category than the map. The checks, the note on a real answer, and the eval check."""

from __future__ import annotations

from coach.domain.plan import NextProblem, SourceRef
from coach.domain.taskmap import TaskMap, TaskResult
from coach.evals.checks import check_one_story
from coach.pipeline.consistency import (
    automate_conflicts,
    explain_automate,
    is_about,
    prose_conflicts,
    unmarked_card_disagreements,
)

CARD = SourceRef(id="role/payroll-clerk", title="Payroll clerk", heading="Next problems to solve")


def _problem(title: str, why: str = "It matters.") -> NextProblem:
    return NextProblem(title=title, why=why, first_step="Start.", source=CARD)


def _map(*rows: tuple[str, str], **fields) -> TaskMap:
    exposure = {"automate": "E2", "augment": "E1", "human-core": "E0"}
    return TaskMap(
        tasks=[
            TaskResult(task=t, exposure=exposure[c], category=c, confidence=0.8, **fields) for t, c in rows
        ]
    )


PAY_MAP = _map(
    ("Answering employee pay questions", "automate"),
    ("Handling exceptions such as back pay and garnishments", "human-core"),
)


def test_a_problem_is_about_a_task_when_it_shares_most_of_its_words():
    assert is_about(
        "Improve the employee pay experience: fewer pay questions", "Answering employee pay questions"
    )
    assert not is_about("Audit the automation", "Answering employee pay questions")
    assert not is_about("anything", "")


def test_a_problem_about_an_automate_task_gets_a_note_and_others_do_not():
    problems = [
        _problem("Improve the employee pay experience", "Clear payslips cut employee pay questions."),
        _problem("Become the payroll exceptions expert", "Tricky cases keep trust."),
    ]
    assert automate_conflicts(problems, PAY_MAP) == [(0, "Answering employee pay questions")]
    noted = explain_automate(problems, PAY_MAP, lambda t: f"why: {t.task}")
    assert noted[0].map_note == "why: Answering employee pay questions"
    assert noted[1].map_note == "" and noted[1] is problems[1]
    assert automate_conflicts(noted, PAY_MAP) == []


def test_no_note_when_the_problem_already_speaks_of_automation_or_the_label_is_unsure():
    said = _problem(
        "Improve the employee pay experience", "Automation answers pay questions; you fix the rest."
    )
    assert automate_conflicts([said], PAY_MAP) == []
    unsure = _map(("Answering employee pay questions", "automate"), unsure=True)
    plain = _problem("Improve the employee pay experience", "Fewer employee pay questions.")
    assert automate_conflicts([plain], unsure) == []
    assert automate_conflicts([plain], None) == []


def test_a_card_disagreement_must_be_marked_uncertain_with_a_reason():
    task = TaskResult(task="Handling exceptions", exposure="E2", category="automate", confidence=0.7)
    tagged = task.model_copy(update={"card_tag": "human-core"})
    assert unmarked_card_disagreements(TaskMap(tasks=[tagged])) == ["Handling exceptions"]
    marked = tagged.model_copy(update={"uncertain": True, "reasons": ["the card says human-core"]})
    assert unmarked_card_disagreements(TaskMap(tasks=[marked])) == []
    assert unmarked_card_disagreements(TaskMap(tasks=[task])) == []


def test_prose_filing_a_task_under_another_category_is_a_contradiction_unless_uncertain():
    text = (
        "Answering employee pay questions is `human-core`: worried people need a person [1]. "
        "Handling exceptions such as back pay and garnishments is human-core work [2]."
    )
    found = prose_conflicts(text, PAY_MAP)
    assert len(found) == 1 and "the map says automate" in found[0]
    uncertain = _map(("Answering employee pay questions", "automate"), uncertain=True, reasons=["card"])
    assert prose_conflicts(text, uncertain) == []
    # A sentence naming two categories is not a claim about one of them.
    assert (
        prose_conflicts("Answering employee pay questions: AI can augment, but it needs a person.", PAY_MAP)
        == []
    )


def test_the_eval_check_reads_the_answer_json():
    problem = _problem("Improve the employee pay experience", "Fewer employee pay questions.")
    answer = {
        "answer": "",
        "task_map": PAY_MAP.model_dump(mode="json"),
        "next_problems": [problem.model_dump()],
    }
    assert "does not say why" in check_one_story(answer, True)
    noted = problem.model_copy(update={"map_note": "why"})
    assert check_one_story({**answer, "next_problems": [noted.model_dump()]}, True) is None
    assert check_one_story({"answer": "x", "task_map": None}, True) is None
    assert check_one_story({"task_map": {"tasks": [{"task": 1}, "x"]}, "next_problems": [None]}, True) is None


def test_a_real_answer_says_why_a_problem_touches_automated_work(settings, hash_embedder):
    """The payroll card's plan, with a mapper that files pay questions under automate: the
    problem about pay questions carries the note, in the person's language, and the export shows it."""
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.pipeline.export import answer_markdown
    from coach.retrieval.hybrid import HybridRetriever
    from coach.retrieval.indexing import build_index

    class Mapper:
        data = None

        def map_tasks(self, tasks, role=None):
            return _map(*((t, "automate" if "pay questions" in t else "human-core") for t in tasks))

    build_index(settings, hash_embedder)
    coach = Coach(
        settings,
        FakeChatModel(),
        HybridRetriever(settings, hash_embedder),
        hash_embedder,
        task_mapper=Mapper(),
    )
    answer = coach.ask(
        "I'm a payroll clerk. How do I improve the employee pay experience and cut pay questions?"
    )
    noted = [p for p in answer.next_problems if p.map_note]
    assert noted and "Answering employee pay questions" in noted[0].map_note
    assert "under automate" in noted[0].map_note
    assert noted[0].map_note in answer_markdown(answer)
    assert check_one_story(answer.to_json(), True) is None

    spanish = coach.ask("Trabajo en nóminas (payroll clerk). ¿Qué hago ahora?")
    notes = [p.map_note for p in spanish.next_problems if p.map_note]
    assert notes and all("automatizable" in n for n in notes)
