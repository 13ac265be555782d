from coach.config import Settings
from coach.corpus.catalog import Catalog
from coach.domain.answer import Answer
from coach.domain.taskmap import TaskMap, TaskResult
from coach.pipeline.export import answer_markdown, plan_markdown
from coach.pipeline.plan import build_plan


def test_markdown_export_carries_the_plan_with_its_sources():
    answer = Answer(question="I'm a payroll clerk", text="Focus on exceptions [1].")
    answer.attach_plan(build_plan(Catalog(Settings().knowledge_dir), "role/payroll-clerk"))
    answer.task_map = TaskMap(
        tasks=[TaskResult(task="Run payroll", category="automate", exposure="E1", confidence=0.8)]
    )
    md = answer_markdown(answer)
    assert md.startswith("# Career Coach — I'm a payroll clerk")
    assert "Focus on exceptions [1]." in md
    assert "| Run payroll | automate | E1 | 80% |" in md
    assert "## Next problems to solve" in md and md.count("`role/payroll-clerk`") >= 3
    assert "### 30 days" in md and "## Try today" in md
    assert "Focus on exceptions" not in plan_markdown(answer)


def test_export_of_a_plain_answer_has_no_empty_sections():
    md = answer_markdown(Answer(question="What is role compression?", text="It is ..."))
    assert "##" not in md
