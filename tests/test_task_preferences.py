"""The worker's own say over each task (do / help / mine): the four zones it makes with the task
map, kept in the profile through the service, re-ranking the next problems, and where work is
growing for the role, each item with its source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.config import Settings
from coach.corpus.catalog import Catalog
from coach.domain.answer import Answer
from coach.domain.preferences import Preference, ai_could, task_zones, zone_of
from coach.domain.principal import Principal
from coach.domain.profile import Profile
from coach.domain.taskmap import TaskMap, TaskResult
from coach.pipeline.export import answer_markdown
from coach.pipeline.plan import build_plan, rank_by_preferences, zone_score
from coach.services.profiles import ProfileService
from coach.storage.database import Database
from coach.storage.repositories import ConversationRepository, PlanRepository, ProfileRepository
from tests.factories import local_accounts_app, signed_up_app

PAT = Principal(user_id="pat")
# Deterministic labels standing in for the mapper: the payroll card's own tags (automate and
# augment as exposed, human-core as E0), and one exposed task the model files as human-core.
LABELS = {
    "Enter hours, rates and deductions": ("E1", "automate"),
    "Run gross-to-net calculations": ("E2", "automate"),
    "Reconcile payroll before release": ("E1", "augment"),
    "Answer employee pay questions": ("E1", "augment"),
    "Handle exceptions such as back pay and garnishments": ("E0", "human-core"),
    "Keep up with tax and wage rule changes": ("E1", "human-core"),
}


class FakeMapper:
    """Maps each known task to its fixed label; no open data (``data`` is None)."""

    data = None

    def __init__(self) -> None:
        self.calls = 0

    def map_tasks(self, tasks, role=None) -> TaskMap:
        self.calls += 1
        return TaskMap(
            tasks=[
                TaskResult(task=t, exposure=LABELS[t][0], category=LABELS[t][1], confidence=0.8)
                for t in tasks
            ]
        )


def _map(*tasks: str) -> TaskMap:
    return FakeMapper().map_tasks(list(tasks))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(Settings().knowledge_dir)


@pytest.fixture
def service(settings, catalog):
    database = Database.from_settings(settings)
    yield ProfileService(
        ProfileRepository(database),
        ConversationRepository(database),
        catalog,
        PlanRepository(database),
        FakeMapper(),
    )
    database.close()


# --- zones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exposure, category, could",
    [
        ("E1", "automate", True),
        ("E2", "augment", True),
        ("E1", "human-core", False),  # exposed, but the map keeps it human: AI can't yet
        ("E0", "augment", False),
        ("E0", "human-core", False),
    ],
)
def test_ai_could_needs_exposure_and_an_ai_category(exposure, category, could):
    assert ai_could(TaskResult(task="t", exposure=exposure, category=category, confidence=0.5)) is could


def test_each_of_the_four_zones():
    task_map = _map(*LABELS)
    preferences: dict[str, Preference] = {
        "Enter hours, rates and deductions": "do",  # could, wanted -> automate first
        "Reconcile payroll before release": "help",  # could, wanted (help counts) -> automate first
        "answer employee  PAY questions": "mine",  # could, kept -> keep and shape (case/space-blind)
        "Keep up with tax and wage rule changes": "help",  # can't yet, wanted -> watch for tools
        "Handle exceptions such as back pay and garnishments": "mine",  # neither -> low priority
    }
    zones = {z.task: z for z in task_zones(task_map, preferences)}
    assert {t: z.zone for t, z in zones.items()} == {
        "Enter hours, rates and deductions": "automate-first",
        "Reconcile payroll before release": "automate-first",
        "Answer employee pay questions": "keep-and-shape",
        "Keep up with tax and wage rule changes": "watch-for-tools",
        "Handle exceptions such as back pay and garnishments": "low-priority",
    }
    assert "Run gross-to-net calculations" not in zones  # no say given, no zone
    assert zone_of(True, "mine") == "keep-and-shape" and zone_of(False, "do") == "watch-for-tools"


def test_an_unsure_label_keeps_its_best_guess_and_says_so():
    task_map = TaskMap(
        tasks=[
            TaskResult(task="Draft letters", exposure="E1", category="augment", confidence=0.3, unsure=True)
        ]
    )
    (zone,) = task_zones(task_map, {"Draft letters": "mine"})
    assert zone.zone == "keep-and-shape" and zone.unsure


# --- stored through the service -----------------------------------------------------------------


def test_preferences_are_stored_and_read_back_through_the_service(service, settings):
    service.edit(PAT, role="payroll clerk", tasks=list(LABELS))
    service.set_preferences(
        PAT, {"Run gross-to-net calculations": "do", "Answer employee pay questions": "mine"}
    )
    # A fresh repository over the same database reads the same say back.
    database = Database.from_settings(settings)
    try:
        stored = ProfileRepository(database).get(PAT, PAT.own())
    finally:
        database.close()
    assert stored.task_preferences == {
        "Run gross-to-net calculations": "do",
        "Answer employee pay questions": "mine",
    }
    service.set_preferences(PAT, {"run gross-to-net calculations": None})  # cleared, case-blind
    assert service.get(PAT).task_preferences == {"Answer employee pay questions": "mine"}
    with pytest.raises(ValueError, match="not one of your tasks"):
        service.set_preferences(PAT, {"Fly to the moon": "do"})
    with pytest.raises(ValueError, match="preference must be one of"):
        service.set_preferences(PAT, {"Answer employee pay questions": "maybe"})
    # Dropping a task from the list drops its preference too.
    service.set_tasks(PAT, ["Run gross-to-net calculations"])
    assert service.get(PAT).task_preferences == {}


def test_a_profile_stored_before_preferences_existed_reads_back_empty():
    old = Profile(user_id="u").model_dump(mode="json")
    old.pop("task_preferences")
    assert Profile.model_validate_json(json.dumps(old)).task_preferences == {}


def test_zones_come_from_the_persons_own_task_map(service):
    service.edit(PAT, role="payroll clerk", tasks=list(LABELS))
    assert service.task_zones(PAT) == []  # no say yet: no zones, and nothing mapped for them
    service.set_preferences(PAT, {"Enter hours, rates and deductions": "do"})
    (zone,) = service.task_zones(PAT)
    assert (zone.task, zone.zone, zone.exposure) == (
        "Enter hours, rates and deductions",
        "automate-first",
        "E1",
    )


# --- re-ranking next problems ------------------------------------------------------------------


def _titles(service) -> list[str]:
    return [p.title for p in service.coaching_plan(PAT).next_problems]


def test_the_ranking_of_next_problems_follows_the_persons_say(service, catalog):
    service.edit(PAT, role="payroll clerk", tasks=list(LABELS))
    card = catalog.get("role/payroll-clerk").section("Next problems to solve")
    plain = _titles(service)
    assert "Improve the employee pay experience" not in plain  # fourth on the card, left out

    # Keeping the pay questions (AI could answer them) lifts the problem about that work.
    service.set_preferences(PAT, {"Answer employee pay questions": "mine"})
    kept = _titles(service)
    assert "Improve the employee pay experience" in kept and kept != plain

    # Wanting AI to take the calculations lifts the automation problem above the pay analysis.
    service.set_preferences(PAT, {"Answer employee pay questions": None})
    service.set_preferences(
        PAT, {"Run gross-to-net calculations": "do", "Enter hours, rates and deductions": "do"}
    )
    automated = _titles(service)
    assert automated.index("Audit the automation") < automated.index("Move toward pay analysis")
    assert automated != plain
    for p in service.coaching_plan(PAT).next_problems:
        assert p.source.id == "role/payroll-clerk" and p.title in card  # every item keeps its source


def test_no_action_zone_leaves_the_order_alone(catalog):
    problems = build_plan(catalog, "role/payroll-clerk").next_problems
    watch = task_zones(
        _map("Keep up with tax and wage rule changes"), {"Keep up with tax and wage rule changes": "do"}
    )
    assert watch[0].zone == "watch-for-tools"
    assert rank_by_preferences(problems, watch) == problems
    assert zone_score("Audit the automation of payroll", watch) == 0


def test_zone_score_counts_task_words_twice_and_cues_once():
    zones = task_zones(_map("Answer employee pay questions"), {"Answer employee pay questions": "mine"})
    assert zone_score("employee pay", zones) == 4
    assert zone_score("audit and review", zones) == 1  # keep-and-shape cues, counted once
    assert zone_score("bake bread", zones) == 0


def test_the_coach_ranks_next_problems_by_the_say_in_the_profile(tmp_index, hash_embedder, catalog):
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.retrieval.hybrid import HybridRetriever

    mapper = FakeMapper()
    coach = Coach(
        tmp_index,
        FakeChatModel(),
        HybridRetriever(tmp_index, hash_embedder),
        hash_embedder,
        catalog=catalog,
        task_mapper=mapper,
    )
    profile = Profile(user_id="pat", role="payroll clerk", role_id="role/payroll-clerk", tasks=list(LABELS))
    question = "What's my next problem to solve?"
    plain = coach.ask(question, profile=profile)
    assert plain.zones == [] and "Improve the employee pay experience" not in [
        p.title for p in plain.next_problems
    ]
    said = profile.model_copy(update={"task_preferences": {"Answer employee pay questions": "mine"}})
    answer = coach.ask(question, profile=said)
    assert [(z.task, z.zone) for z in answer.zones] == [("Answer employee pay questions", "keep-and-shape")]
    assert "Improve the employee pay experience" in [p.title for p in answer.next_problems]
    assert answer.opportunities and all(o.source.heading for o in answer.opportunities)


# --- opportunities -----------------------------------------------------------------------------


def test_opportunities_are_sourced_to_a_card_heading(service, catalog):
    service.edit(PAT, role="payroll clerk", tasks=list(LABELS))
    opportunities = service.opportunities(PAT)
    role = catalog.get("role/payroll-clerk")
    growing = [o for o in opportunities if o.kind == "growing role"]
    assert growing and {o.source.id for o in growing} <= set(role.refs("sectors"))
    for o in opportunities:
        entry = catalog.get(o.source.id)
        assert entry is not None and o.source.heading in entry.sections
        section = entry.section(o.source.heading)
        assert o.title.lower().rstrip(":") in section.lower()
    new = [o for o in opportunities if o.kind == "new task"]
    assert new and all(o.source.id == "principle/new-task-creation" for o in new)


def test_the_answer_carries_opportunities_and_zones_into_json_and_markdown(catalog):
    plan = build_plan(catalog, "role/payroll-clerk", "reconcile payroll")
    zones = task_zones(_map("Answer employee pay questions"), {"Answer employee pay questions": "mine"})
    answer = Answer(question="q", text="t", zones=zones)
    answer.attach_plan(plan)
    body = answer.to_json()
    assert body["opportunities"] and all(o["source"]["heading"] for o in body["opportunities"])
    assert body["zones"][0]["zone"] == "keep-and-shape"
    markdown = answer_markdown(answer)
    assert "## Where work is growing" in markdown and "`sector/hr`" in markdown
    assert "Keep it, shape how AI is used" in markdown


# --- the CLI -------------------------------------------------------------------------------------


def test_map_tasks_json_includes_the_users_zones(settings, monkeypatch, capsys):
    import io

    from coach.cli import exposure

    database = Database.from_settings(settings)
    try:
        ProfileRepository(database).save(
            PAT, PAT.own(), Profile(user_id="pat", task_preferences={"Run gross-to-net calculations": "do"})
        )
    finally:
        database.close()

    class FakeTaskMapper(FakeMapper):
        def __init__(self, settings) -> None:
            super().__init__()

    monkeypatch.setattr("coach.exposure.mapper.TaskMapper", FakeTaskMapper)
    stdin = io.TextIOWrapper(io.BytesIO(b"Run gross-to-net calculations\nAnswer employee pay questions\n"))
    monkeypatch.setattr("sys.stdin", stdin)
    args = type("Args", (), {"occupation": None, "role": None, "json": True, "user": "pat"})()
    assert exposure.cmd_map_tasks(args, settings) == 0
    body = json.loads(capsys.readouterr().out)
    assert [(z["task"], z["zone"]) for z in body["zones"]] == [
        ("Run gross-to-net calculations", "automate-first")
    ]
    stdin = io.TextIOWrapper(io.BytesIO(b"Run gross-to-net calculations\n"))
    monkeypatch.setattr("sys.stdin", stdin)
    args.user = None
    assert exposure.cmd_map_tasks(args, settings) == 0
    assert "zones" not in json.loads(capsys.readouterr().out)


# --- the My tasks page --------------------------------------------------------------------------

GROWING_HR = """---
id: sector/hr
kind: sector
title: Human resources
---
## Summary
HR teams use AI for drafting job posts and answering policy questions; judgment stays human.

## Roles growing

- **People analytics:** workforce planning with care for privacy.
"""


def test_my_tasks_keeps_the_say_and_draws_the_zones(monkeypatch, corpus_settings, tmp_corpus: Path):
    (tmp_corpus / "sectors" / "hr.md").write_text(GROWING_HR, encoding="utf-8")
    with local_accounts_app(monkeypatch, corpus_settings) as (accounts, settings):
        at = signed_up_app(accounts, "I'm a payroll clerk. What's my next problem to solve?")
        at.switch_page("ui/pages/tasks.py").run()
        at.text_area[0].input("Run payroll\nAnswer pay questions")
        next(b for b in at.button if b.label == "Save and map").click().run()
        assert not at.exception and len(at.get("vega_lite_chart")) == 1  # no say yet: no zones
        at.selectbox(key="task-pref-0").select("AI does it")
        at.selectbox(key="task-pref-1").select("leave it mine")
        next(b for b in at.button if b.label == "Save my say").click().run()
        assert not at.exception
        user = accounts.principal_for(accounts.sign_in("bea", "correct horse battery"))
        database = Database.from_settings(settings)
        try:
            stored = ProfileRepository(database).get(user, user.own())
        finally:
            database.close()
        assert stored.task_preferences == {"Run payroll": "do", "Answer pay questions": "mine"}
        assert len(at.get("vega_lite_chart")) == 2  # the map and the zones
        shown = " ".join(m.value for m in at.markdown)
        assert "Where work is growing" in shown and "People analytics" in shown and "`sector/hr`" in shown
