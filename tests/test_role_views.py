"""Role views from the open data for occupations without a role card, the "no written card"
statements, and the occupation match shown and correctable (profile, CLI)."""

from __future__ import annotations

import argparse
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coach.bootstrap import build_coach, build_services
from coach.cli.exposure import add_commands
from coach.config import Settings
from coach.corpus.catalog import Catalog
from coach.domain.principal import Principal
from coach.domain.profile import Profile
from coach.exposure.mapper import TaskMapper
from coach.exposure.occupations import RoleViews
from coach.exposure.opendata import import_opendata, opendata_dir
from coach.llm.embeddings import HashingEmbedder
from coach.pipeline.occupation import decide_role
from coach.storage.database import Database
from coach.storage.repositories import ProfileRepository
from tests.factories import local_accounts_app, write_opendata

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PHARMACISTS = "29-1051.00"
ANA = Principal(user_id="ana")


@pytest.fixture(scope="module")
def real_index(tmp_path_factory) -> Path:
    """The real open data imported once (hashing embedder: seconds, not minutes) into a temp dir."""
    if not (SHARED_DATA / "gpts-are-gpts" / "full_labelset.tsv").exists():
        pytest.skip(f"open data not found at {SHARED_DATA}")
    settings = Settings(data_dir=tmp_path_factory.mktemp("real") / "data", embedder="hash")
    import_opendata(settings, SHARED_DATA, HashingEmbedder(), progress=False)
    return opendata_dir(settings)


@pytest.fixture
def real_settings(settings, real_index) -> Settings:
    shutil.copytree(real_index, opendata_dir(settings))
    return settings


@pytest.fixture
def views(real_settings) -> RoleViews:
    return RoleViews(TaskMapper(real_settings, HashingEmbedder()))


def _source(name: str, sep: str = ",") -> pd.DataFrame:
    return pd.read_csv(SHARED_DATA / name, sep=sep, dtype=str, keep_default_na=False)


# --- the role view ----------------------------------------------------------------------------


def test_role_view_for_an_occupation_without_a_card(views):
    cards = Catalog(Settings().knowledge_dir)
    assert PHARMACISTS not in {str(e.meta.get("soc")) for e in cards.of_kind("role")}
    view = views.view(PHARMACISTS)
    assert view is not None and view.title == "Pharmacists" and not view.missing()

    labels = _source("gpts-are-gpts/full_labelset.tsv", "\t")
    own = labels[labels["O*NET-SOC Code"] == PHARMACISTS]
    by_id = {int(float(i)): row for i, row in zip(own["Task ID"], own.to_dict("records"))}
    assert 0 < len(view.task_map.tasks) == len(view.tasks) <= 12
    types = [t.task_type for t in view.tasks]
    assert types == sorted(types, key=lambda t: t != "Core")  # core tasks first
    for result, task in zip(view.task_map.tasks, view.tasks):
        row = by_id[task.task_id]  # every task is one of this occupation's O*NET statements
        assert result.task == row["Task"].strip() and task.human_label == row["human_exposure_agg"]
        assert result.category in ("automate", "augment", "human-core")

    occ = _source("gpts-are-gpts/occ_level.csv").set_index("O*NET-SOC Code").loc[PHARMACISTS]
    app = _source("working-with-ai/soc_ai_applicability_scores.csv").set_index("SOC Code")
    figures = {f.name: f for f in view.figures}
    assert figures["Exposure β, human ratings"].value == pytest.approx(
        float(occ["human_rating_beta"]), abs=1e-4
    )
    assert figures["Exposure β, GPT-4 ratings"].value == pytest.approx(float(occ["dv_rating_beta"]), abs=1e-4)
    score = float(app.loc[PHARMACISTS[:7], "ai_applicability_score"])
    assert figures["AI applicability score"].value == pytest.approx(score, abs=1e-4)
    assert "GPTs are GPTs" in figures["Exposure β, human ratings"].source
    assert "Working with AI" in figures["AI applicability score"].source


def test_adjacent_occupations_share_tasks_and_are_less_exposed(views):
    view = views.view(PHARMACISTS)
    assert view is not None and view.exposed_share is not None
    assert len(view.adjacent) == 3 and PHARMACISTS not in {a.code for a in view.adjacent}
    assert all(a.exposed_share < view.exposed_share for a in view.adjacent)
    overlaps = [a.overlap for a in view.adjacent]
    assert overlaps == sorted(overlaps, reverse=True)

    # The vectorised overlap equals the definition, computed the slow way, for each pick and
    # for a less exposed occupation that was not picked.
    data = views.data
    emb, codes = data.task_emb, data.tasks["code"].to_numpy()
    mine = emb[codes == PHARMACISTS]

    def overlap(code: str) -> float:
        theirs = emb[codes == code]
        sims = mine @ theirs.T
        return (sims.max(axis=1).mean() + sims.max(axis=0).mean()) / 2

    for a in view.adjacent:
        assert a.overlap == pytest.approx(overlap(a.code), abs=1e-3)
    occ = data.occupations
    lower = occ[(occ["share_E1"] < view.exposed_share) & (occ["n_tasks"] > 0)]
    others = [c for c in lower["code"] if c not in {a.code for a in view.adjacent}]
    rng = np.random.default_rng(0)
    for code in rng.choice(others, 5, replace=False):
        assert overlap(code) <= view.adjacent[-1].overlap + 1e-6


def test_next_problems_come_from_the_occupations_own_tasks(views):
    view = views.view(PHARMACISTS)
    assert view is not None and len(view.next_problems) >= 3
    category = {t.task_id: r.category for r, t in zip(view.task_map.tasks, view.tasks)}
    for problem in view.next_problems:
        task_id = int(problem.source.id.rsplit("task-", 1)[1])
        assert problem.source.title == f"O*NET task {task_id}, Pharmacists"
        wanted = {"Become": "human-core", "Use AI": "augment", "Hand": "automate"}
        assert category[task_id] == next(v for k, v in wanted.items() if problem.title.startswith(k))
        # Each builds a skill the corpus has a card for, by its kind.
        skills = {
            "Become": "skill/exception-handling",
            "Use AI": "skill/prompting",
            "Hand": "skill/verifying-ai-output",
        }
        assert problem.skill is not None
        assert problem.skill.id == next(v for k, v in skills.items() if problem.title.startswith(k))
        card = Catalog(Settings().knowledge_dir).get(problem.skill.id)
        assert card is not None and card.title == problem.skill.title


def test_views_are_cached_and_batches_give_the_same_views(views):
    first = views.view(PHARMACISTS)
    assert views.view(PHARMACISTS) is first
    fresh = RoleViews(views.mapper)
    batch = fresh.prepare([PHARMACISTS, "53-2011.00", "35-1011.00"], batch_tasks=30)
    assert batch[PHARMACISTS].model_dump() == first.model_dump()
    assert fresh.view("53-2011.00") is batch["53-2011.00"]
    assert views.view("99-9999.99") is None


def test_a_built_view_is_read_back_from_disk_without_mapping_again(views, monkeypatch):
    first = views.view("35-1011.00")
    mapper = TaskMapper(views.mapper.settings, HashingEmbedder())

    def no_mapping(*args, **kwargs):
        raise AssertionError("the stored view should have been read")

    monkeypatch.setattr(mapper, "map_tasks", no_mapping)
    assert RoleViews(mapper).view("35-1011.00") == first
    # Another classifier setting is another store: the view is built again.
    other = TaskMapper(views.mapper.settings.model_copy(update={"exposure_mpnet": False}), HashingEmbedder())
    monkeypatch.setattr(other, "map_tasks", no_mapping)
    with pytest.raises(AssertionError, match="should have been read"):
        RoleViews(other).view("35-1011.00")


# --- the coach without a card ---------------------------------------------------------------


@pytest.fixture
def services(tmp_index, real_index):
    shutil.copytree(real_index, opendata_dir(tmp_index))
    built = build_services(tmp_index, build_coach(tmp_index).coach)
    yield built
    built.close()


def test_the_coach_says_it_has_no_card_and_plans_from_the_data(services):
    answer = services.conversations.ask(ANA, "I work as an airline pilot. What's my next problem to solve?")
    choice = answer.occupation
    assert choice is not None and choice.chosen is not None and not choice.has_card
    assert answer.text.startswith("I have no written card for “airline pilot”.")
    assert choice.chosen.code in answer.text and len(choice.candidates) == 2
    assert choice.chosen.score >= max(c.score for c in choice.candidates)
    view = answer.role_view
    assert view is not None and view.code == choice.chosen.code
    assert answer.next_problems and all(
        p.source.title.endswith(f", {view.title}") and p.source.id.startswith(f"onet/{view.code}/task-")
        for p in answer.next_problems
    )
    assert [r.id for r in answer.adjacent_roles] == [f"onet/{a.code}" for a in view.adjacent]
    assert answer.task_map is not None and answer.task_map.source == f"O*NET {view.code}"
    body = answer.to_json()
    assert body["occupation"]["chosen"]["code"] == view.code and len(body["occupation"]["candidates"]) == 2


def test_a_chosen_occupation_is_kept_and_used_on_the_next_turn(services):
    first = services.conversations.stream(ANA, "I'm a payroll clerk. What next?", occupation_code=PHARMACISTS)
    answer = first.finish()
    assert answer.occupation.chosen.code == PHARMACISTS and answer.occupation.chosen_by == "you"
    assert services.profiles.get(ANA).occupation_code == PHARMACISTS
    # A card fits the role, but the person picked another occupation: the plan follows the pick.
    assert answer.role_view is not None and answer.role_view.code == PHARMACISTS
    later = services.conversations.ask(ANA, "What's my next problem to solve?")
    assert later.occupation.chosen.code == PHARMACISTS and later.occupation.chosen_by == "you"
    assert later.next_problems[0].source.title.endswith(", Pharmacists")
    # Back to the automatic match: the payroll card again.
    services.profiles.set_occupation(ANA, None)
    again = services.conversations.ask(ANA, "What's my next problem to solve?")
    assert again.occupation.chosen_by != "you" and again.occupation.has_card and again.role_view is None
    assert again.next_problems[0].source.id == "role/payroll-clerk"


def test_a_new_role_clears_the_old_choice(services):
    services.conversations.stream(ANA, "I'm a payroll clerk.", occupation_code=PHARMACISTS).finish()
    services.conversations.ask(ANA, "I'm now an electrician. What next?")
    assert services.profiles.get(ANA).occupation_code is None


# --- without imported data ------------------------------------------------------------------


def test_without_data_the_coach_says_no_card_and_which_was_nearest(tmp_index):
    coach = build_coach(tmp_index).coach
    answer = coach.ask("I'm a payroll officer. What's my next problem to solve?")
    assert answer.text.startswith("I have no written card for “payroll officer”; the nearest, Payroll clerk")
    assert "words in common: payroll" in answer.text and "no occupation data is imported" in answer.text
    assert answer.occupation is not None and answer.occupation.chosen is None


def test_without_data_a_loose_card_is_used_and_said_to_be_the_nearest(corpus_settings, hash_embedder):
    catalog = Catalog(corpus_settings.knowledge_dir, hash_embedder)
    card = catalog.get("role/payroll-clerk")
    assert card is not None
    fit = catalog.role_fit("payroll officer", card.id)
    assert fit is not None and not fit.fits  # as the pipeline sees a nearest-by-meaning card
    profile = Profile(user_id="x", role="payroll officer", role_id=card.id)
    decision = decide_role(catalog, None, profile, card)
    assert decision.card is card and decision.view is None and decision.choice is not None
    note = decision.choice.note
    assert note.startswith(
        "I have no written card for “payroll officer”. I used the nearest card, Payroll clerk"
    )
    assert f"similarity {fit.similarity:.2f}; words in common: payroll" in note
    # An exact title keeps the card, with nothing to say.
    exact = decide_role(catalog, None, Profile(user_id="x", role="payroll clerk"), card)
    assert (
        exact.card is card and exact.choice is not None and exact.choice.has_card and exact.choice.note == ""
    )


# --- coach map-tasks --occupation --------------------------------------------------------------


@pytest.fixture
def run(settings, monkeypatch):
    def run_cli(capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        parser = argparse.ArgumentParser(prog="coach")
        add_commands(parser.add_subparsers(dest="command"), lambda: settings)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        args = parser.parse_args(list(argv))
        code = args.func(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run_cli


def test_map_tasks_with_a_chosen_occupation(run, capsys, tmp_path, settings):
    run(capsys, "data", "import", str(write_opendata(tmp_path / "src")))
    code, out, _ = run(capsys, "map-tasks", "--occupation", "47-2221.00", "--json", "--user", "ana")
    assert code == 0
    body = json.loads(out)
    assert body["occupation"]["code"] == "47-2221.00" and body["occupation"]["via"] == "your choice"
    assert [c["code"] for c in body["candidates"]] == ["15-1232.00"]  # the only other one
    view = body["role_view"]
    assert view["code"] == "47-2221.00" and [t["task"] for t in body["tasks"]] == [
        t["task"] for t in view["task_map"]["tasks"]
    ]
    assert len(body["tasks"]) == 4 and all(t["human_label"] for t in view["tasks"])
    stored = ProfileRepository(Database.from_settings(settings)).get(ANA, ANA.own())
    assert stored.occupation_code == "47-2221.00"

    code, out, _ = run(capsys, "map-tasks", "--occupation", "47-2221.00", "--json", stdin="Draft emails\n")
    assert code == 0 and [t["task"] for t in json.loads(out)["tasks"]] == ["Draft emails"]
    assert run(capsys, "map-tasks", "--occupation", "12-3456.00")[0] == 2  # not imported
    code, _, err = run(capsys, "map-tasks", "--occupation", "pharmacist")
    assert code == 2 and "not an O*NET-SOC code" in err


def test_map_tasks_occupation_before_import_says_so(run, capsys):
    code, _, err = run(capsys, "map-tasks", "--occupation", "47-2221.00")
    assert code == 2 and "coach data import" in err


# --- the My tasks page ------------------------------------------------------------------------


@pytest.fixture
def app(monkeypatch, corpus_settings, tmp_path):
    """The app with local accounts over the small corpus and the small invented open data."""
    import_opendata(corpus_settings, write_opendata(tmp_path / "src"), HashingEmbedder(), progress=False)
    with local_accounts_app(monkeypatch, corpus_settings) as (accounts, settings):
        yield accounts, settings


def test_my_tasks_shows_the_match_and_keeps_another_pick(app):
    from tests.factories import signed_up_app

    accounts, settings = app
    at = signed_up_app(accounts, "I'm a help desk technician. What's my next problem to solve?")
    at.switch_page("ui/pages/tasks.py").run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "Computer User Support Specialists (15-1232.00)" in shown and "Other candidates" in shown
    assert any("no written card" in i.value for i in at.info)
    pick = at.selectbox(key="occupation-pick")
    pick.select(next(o for o in pick.options if "47-2221.00" in o)).run()
    next(b for b in at.button if b.label == "Keep this occupation").click().run()
    assert not at.exception
    user = accounts.principal_for(accounts.sign_in("bea", "correct horse battery"))
    assert ProfileRepository(Database.from_settings(settings)).get(user, user.own()).occupation_code == (
        "47-2221.00"
    )
    assert "Structural Iron and Steel Workers (47-2221.00), your choice" in " ".join(
        m.value for m in at.markdown
    )


def test_ask_with_an_occupation_shows_it_and_keeps_it(monkeypatch, corpus_settings, tmp_path, capsys):
    from coach.cli.main import main

    for name, value in {
        "COACH_DATA_DIR": str(corpus_settings.data_dir),
        "COACH_KNOWLEDGE_DIR": str(corpus_settings.knowledge_dir),
        "COACH_CHAT_PROVIDER": "fake",
        "COACH_EMBEDDER": "hash",
    }.items():
        monkeypatch.setenv(name, value)
    import_opendata(corpus_settings, write_opendata(tmp_path / "src"), HashingEmbedder(), progress=False)
    question = "I'm a help desk technician. What's my next problem to solve?"
    assert main(["ask", "--json", "--user", "ana", "--occupation", "47-2221.00", question]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["occupation"]["chosen"]["code"] == "47-2221.00" and body["occupation"]["chosen_by"] == "you"
    assert [c["code"] for c in body["occupation"]["candidates"]] == ["15-1232.00"]
    assert body["answer"].startswith("I have no written card for “help desk technician”.")
    assert main(["ask", "--user", "ana", "What next?"]) == 0  # text: the match is shown and kept
    out = capsys.readouterr().out
    assert "**Occupation:** Structural Iron and Steel Workers (47-2221.00), your choice" in out
    assert "Computer User Support Specialists (15-1232.00)" in out
    assert main(["ask", "--occupation", "chef", "What next?"]) == 2


def test_without_data_a_job_with_no_close_card_gets_the_general_starting_plan(settings, hash_embedder):
    """A worker whose job has no card and no occupation data gets the general plan, said to be
    general, every part cited to the starting-plan principle or its skills; the same message
    read as a question about the role in general does not."""
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.pipeline.intent import Intent
    from coach.pipeline.plan import STARTER_PLAN
    from coach.retrieval.hybrid import HybridRetriever
    from coach.retrieval.indexing import build_index

    build_index(settings, hash_embedder)
    catalog = Catalog(settings.knowledge_dir, hash_embedder)
    coach = Coach(settings, FakeChatModel(), HybridRetriever(settings, hash_embedder), hash_embedder, catalog)
    text = "I'm a zookeeper at a city zoo. What should I learn next?"
    coach._classifier = lambda: lambda q: Intent("coaching", 0.9, {"coaching": 0.9})  # type: ignore[method-assign]
    answer = coach.ask(text)
    choice = answer.occupation
    assert choice is not None and choice.card_id is None and "no plan is written for this job" in choice.note
    assert "general starting plan" in choice.note and answer.text.startswith(
        "I have no written card for “zookeeper”"
    )
    assert len(answer.next_problems) == 3 and {p.source.id for p in answer.next_problems} == {STARTER_PLAN}
    assert answer.plan.days_30 and answer.exercise is not None
    coach._classifier = lambda: lambda q: Intent("role_question", 0.9, {"role_question": 0.9})  # type: ignore[method-assign]
    asked = coach.ask(text)
    assert asked.occupation is not None and "general starting plan" not in asked.occupation.note
    assert not asked.next_problems


def test_a_learning_request_without_a_job_gets_an_ai_fluency_exercise(settings, hash_embedder):
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.pipeline.intent import Intent
    from coach.retrieval.hybrid import HybridRetriever
    from coach.retrieval.indexing import build_index

    build_index(settings, hash_embedder)
    catalog = Catalog(settings.knowledge_dir, hash_embedder)
    coach = Coach(settings, FakeChatModel(), HybridRetriever(settings, hash_embedder), hash_embedder, catalog)
    coach._classifier = lambda: lambda q: Intent("learning", 0.9, {"learning": 0.9})  # type: ignore[method-assign]
    answer = coach.ask("How do I get comfortable with AI tools? Something hands-on, please.")
    assert answer.mode == "coach" and not answer.next_problems  # no job: no role plan
    assert answer.exercise is not None and answer.exercise.source.id.startswith("skill/")
