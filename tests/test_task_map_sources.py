"""Selective labels and sources side by side: calibrated confidence and "unsure", the role
card's tag, the nearest labelled tasks' human and GPT-4 labels, and "uncertain" with reasons,
through the mapper, `coach map-tasks --json`, the text table and the Markdown export."""

from __future__ import annotations

import argparse
import io
import json
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from coach.cli.exposure import add_commands, render_table
from coach.corpus.catalog import Catalog
from coach.domain.answer import Answer
from coach.domain.taskmap import Evidence, TaskMap, TaskResult
from coach.exposure.cards import CardTags, card_tags, match_card_tasks, role_tags
from coach.exposure.confidence import CALIBRATION_PATH, Calibration, features
from coach.exposure.mapper import NEAR_IDENTICAL_SIMILARITY, TaskMapper, disagreements
from coach.exposure.opendata import LABELS, import_opendata, opendata_dir
from coach.llm.embeddings import HashingEmbedder
from coach.pipeline.export import plan_markdown
from tests.factories import SYNTHETIC_TASKS, write_opendata

WELD = "Weld steel beams at the building site"  # an E0 task of the synthetic data
BLUEPRINTS = "Read blueprints to plan the steel layout"  # E2 by the synthetic human raters


def _opendata(tmp_path, gpt4: dict[str, str] | None = None):
    """The synthetic open data, with GPT-4's label changed for the tasks in ``gpt4``."""
    src = write_opendata(tmp_path / "src")
    path = src / LABELS.path
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    for task, label in (gpt4 or {}).items():
        frame.loc[frame["Task"] == task, "gpt4_exposure"] = label
    frame.to_csv(path, sep="\t", index=False)
    return src


def _cards(table: dict[str, CardTags]) -> Callable[[str], CardTags]:
    """A stand-in for the role cards: role text -> tagged tasks."""
    return lambda role: table.get(role, [])


@pytest.fixture
def mapper(settings, tmp_path) -> TaskMapper:
    import_opendata(settings, _opendata(tmp_path, {BLUEPRINTS: "E1"}), HashingEmbedder(), progress=False)
    return TaskMapper(settings, HashingEmbedder())


# --- calibration weights --------------------------------------------------------------------


def test_calibration_weights_are_numbers_only_and_cover_every_situation():
    meta = json.loads(CALIBRATION_PATH.read_text())
    assert set(meta["curves"]) == {"lexical", "lexical+knn", "shipped", "shipped+knn"}
    for name, curve in meta["curves"].items():
        assert len(curve["coef"]) == (4 if name.endswith("+knn") else 2)
        assert all(isinstance(c, float) and math.isfinite(c) for c in [*curve["coef"], curve["intercept"]])
    assert 0 < meta["unsure_below"] < 1
    # The threshold was chosen to keep the target share of tasks, as the cross-validation says.
    assert meta["cv"]["shipped+knn"]["coverage"]["75%"]["threshold"] == pytest.approx(
        meta["unsure_below"], abs=0.05
    )


def test_calibrated_confidence_rises_with_the_top_probability_and_neighbour_agreement():
    calibration = Calibration.load()
    probs = np.array([[0.4, 0.35, 0.25], [0.6, 0.3, 0.1], [0.9, 0.05, 0.05]])
    for situation in ("lexical", "shipped"):
        conf = calibration.confidence(situation, probs)
        assert np.all(np.diff(conf) > 0) and np.all((conf > 0) & (conf < 1))
    sims = np.full((3, 4), 0.95)
    agree = calibration.confidence("shipped+knn", probs, sims, np.zeros((3, 4), dtype=int))
    disagree = calibration.confidence("shipped+knn", probs, sims, np.ones((3, 4), dtype=int))
    assert np.all(agree > disagree)  # near neighbours labelled otherwise lower the confidence
    assert features(probs, sims, np.zeros((3, 4), dtype=int))[:, 2].tolist() == [1.0, 1.0, 1.0]


# --- unsure ---------------------------------------------------------------------------------


def test_tasks_below_the_threshold_are_unsure_but_keep_their_best_guess(settings, tmp_path):
    import_opendata(settings, _opendata(tmp_path), HashingEmbedder(), progress=False)
    tasks = [WELD, "Plan the week", "Answer user questions about software by email"]
    default = TaskMapper(settings, HashingEmbedder()).map_tasks(tasks)
    threshold = Calibration.load().unsure_below
    assert [t.unsure for t in default.tasks] == [t.confidence < threshold for t in default.tasks]
    assert all(t.probability is not None for t in default.tasks)

    cut = sorted(t.confidence for t in default.tasks)[1]  # between the lowest and the rest
    strict = TaskMapper(settings.model_copy(update={"unsure_below": cut}), HashingEmbedder()).map_tasks(tasks)
    for before, after in zip(default.tasks, strict.tasks):
        assert after.unsure == (after.confidence < cut)
        assert (after.exposure, after.category, after.confidence) == (
            before.exposure,
            before.category,
            before.confidence,
        )
    unsure = [t for t in strict.tasks if t.unsure]
    assert len(unsure) == 1 and unsure[0].uncertain and "low confidence" in unsure[0].reasons[0]
    assert unsure[0].shown == "unsure" and unsure[0].category in ("automate", "augment", "human-core")
    assert sum(strict.counts().values()) == 3  # counts keep the best guesses
    rows = {r["task"]: r for r in strict.chart_rows()}
    assert rows[unsure[0].task]["shown"] == "unsure" and rows[unsure[0].task]["unsure"] is True
    off = TaskMapper(settings.model_copy(update={"unsure_below": 0.0}), HashingEmbedder()).map_tasks(tasks)
    assert not any(t.unsure for t in off.tasks)


# --- the role card's tag --------------------------------------------------------------------


def test_role_cards_tags_are_read_from_typical_tasks(settings):
    catalog = Catalog(settings.knowledge_dir)
    tags = dict(card_tags(catalog, "role/payroll-clerk"))
    assert tags["Entering hours, rates and deductions"] == "automate"
    assert tags["Reconciling payroll before release"] == "augment"
    assert tags["Protecting confidential pay data"] == "human-core"
    assert role_tags(catalog)("I work as a payroll clerk") == card_tags(catalog, "role/payroll-clerk")
    assert card_tags(catalog, "role/no-such-card") == []
    titles = list(tags)
    found = match_card_tasks(
        ["entering hours, rates and deductions", "Juggle flaming torches"],
        [(t, tags[t]) for t in titles],
        None,
    )
    assert found == [titles.index("Entering hours, rates and deductions"), None]


def test_a_card_tag_that_disagrees_makes_the_task_uncertain(mapper):
    mapper.role_tags = _cards({"ironworker": [(WELD, "automate")], "welder": [(WELD, "human-core")]})
    disagree = mapper.map_tasks([WELD], role="ironworker").tasks[0]
    assert disagree.category == "human-core" and disagree.card_tag == "automate"
    assert disagree.card_task == WELD and disagree.uncertain
    assert any("role card tags" in r and "automate" in r for r in disagree.reasons)
    agree = mapper.map_tasks([WELD], role="welder").tasks[0]
    assert agree.card_tag == "human-core" and not any("role card" in r for r in agree.reasons)
    assert mapper.map_tasks([WELD]).tasks[0].card_tag is None  # no role, no card


# --- evidence: human and GPT-4 labels -------------------------------------------------------


def test_evidence_carries_the_gpt4_label_and_flags_human_gpt4_disagreement(mapper):
    blueprints, weld = mapper.map_tasks([BLUEPRINTS, WELD]).tasks
    assert (blueprints.evidence[0].task, blueprints.evidence[0].similarity) == (BLUEPRINTS, 1.0)
    assert (blueprints.evidence[0].label, blueprints.evidence[0].gpt4_label) == ("E2", "E1")
    assert any("human raters (E2) and GPT-4 (E1) disagree" in r for r in blueprints.reasons)
    assert blueprints.uncertain
    human = {task: label for _, _, task, label, _ in SYNTHETIC_TASKS}
    assert all(e.gpt4_label == human[e.task] for e in weld.evidence)  # unchanged rows agree
    assert not any("GPT-4" in r for r in weld.reasons)


def test_a_near_identical_task_labelled_otherwise_is_a_reason():
    near = Evidence(task="Weld beams", occupation="Welders", label="E0", gpt4_label="E0", similarity=0.95)
    result = TaskResult(task="Weld beams", exposure="E2", category="augment", confidence=0.9, evidence=[near])
    assert NEAR_IDENTICAL_SIMILARITY <= 0.95
    reasons = disagreements(result, 0.5)
    assert len(reasons) == 1 and "near-identical" in reasons[0] and "E0" in reasons[0]
    far = near.model_copy(update={"similarity": 0.5})
    assert disagreements(result.model_copy(update={"evidence": [far]}), 0.5) == []


def test_an_import_without_the_gpt4_column_still_gives_evidence(mapper, settings):
    mapper.map_tasks([WELD])  # loads the index
    path = opendata_dir(settings) / "tasks.parquet"
    pd.read_parquet(path).drop(columns=["gpt4_exposure"]).to_parquet(path, index=False)
    fresh = TaskMapper(settings, HashingEmbedder()).map_tasks([WELD]).tasks[0]
    assert fresh.evidence and fresh.evidence[0].gpt4_label is None and fresh.evidence[0].label == "E0"


# --- JSON, text and Markdown ----------------------------------------------------------------


def _run(settings, monkeypatch, capsys, *argv: str, stdin: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="coach")
    add_commands(parser.add_subparsers(dest="command"), lambda: settings)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = parser.parse_args(list(argv))
    code = args.func(args)
    return code, capsys.readouterr().out


def test_json_and_text_carry_the_sources(settings, tmp_path, monkeypatch, capsys):
    import_opendata(settings, _opendata(tmp_path, {BLUEPRINTS: "E1"}), HashingEmbedder(), progress=False)
    stdin = f"Entering hours, rates and deductions\n{BLUEPRINTS}\n"
    code, out = _run(
        settings, monkeypatch, capsys, "map-tasks", "--json", "--role", "payroll clerk", stdin=stdin
    )
    assert code == 0
    payroll, blueprints = json.loads(out)["tasks"]
    assert (
        payroll["card_tag"] == "automate" and payroll["card_task"] == "Entering hours, rates and deductions"
    )
    assert blueprints["card_tag"] is None
    for task in (payroll, blueprints):
        assert {"confidence", "probability", "unsure", "uncertain", "reasons", "exposure", "category"} <= set(
            task
        )
    assert blueprints["evidence"][0]["gpt4_label"] == "E1" and blueprints["uncertain"] is True
    occupation = json.loads(out)["occupation"]
    assert {"human_beta", "gpt4_beta", "ai_applicability"} <= set(occupation)

    code, text = _run(settings, monkeypatch, capsys, "map-tasks", "--role", "payroll clerk", stdin=stdin)
    assert code == 0
    assert "card: automate (Entering hours, rates and deductions)" in text
    assert "human E2 GPT-4 E1" in text and "uncertain: " in text
    assert "exposure of this occupation: β human" in text


def test_markdown_shows_unsure_card_tag_both_labels_and_reasons(mapper):
    strict = TaskMapper(mapper.settings.model_copy(update={"unsure_below": 1.0}), HashingEmbedder())
    strict.role_tags = _cards({"ironworker": [(WELD, "automate")]})
    task_map = strict.map_tasks([WELD, BLUEPRINTS], role="ironworker")
    table = task_map.to_markdown()
    assert "| Role card |" in table.splitlines()[0] and "human / GPT-4" in table.splitlines()[0]
    weld_row = next(line for line in table.splitlines() if line.startswith(f"| {WELD} "))
    assert "unsure (best guess: human-core)" in weld_row and "| automate |" in weld_row
    assert "role card tags" in weld_row and "low confidence" in weld_row
    assert "human E2 / GPT-4 E1" in table
    occ = task_map.occupation  # its figures stay shown
    assert occ is not None
    assert f"exposure β (human) {occ.human_beta:.2f}, β (GPT-4) {occ.gpt4_beta:.2f}" in table
    answer = Answer(question="my tasks", text="...")
    answer.task_map = task_map
    assert weld_row in plan_markdown(answer)
    assert TaskMap.model_validate(task_map.model_dump()) == task_map


def test_table_renders_an_unsure_task_with_its_best_guess():
    task_map = TaskMap(
        tasks=[
            TaskResult(
                task="Plan",
                exposure="E2",
                category="augment",
                confidence=0.4,
                unsure=True,
                uncertain=True,
                reasons=["low confidence: 40% is below the 55% threshold"],
            )
        ]
    )
    lines = render_table(task_map).splitlines()
    assert lines[1].startswith("unsure") and "(best guess: augment)" in lines[1]
    assert "uncertain: low confidence" in lines[2] and "(1 of them unsure)" in render_table(task_map)


# --- on the real open data ------------------------------------------------------------------


def test_real_data_evidence_shows_both_raters(settings, shared_data, tmp_path):
    # A slice of the real file (in tmp only), with the hashing embedder: seconds, no model.
    from coach.exposure.opendata import APPLICABILITY, OCCUPATIONS

    src = tmp_path / "slice"
    keep = {"43-3051", "43-3031", "47-2221"}
    for source in (LABELS, OCCUPATIONS, APPLICABILITY):
        frame = pd.read_csv(shared_data / source.path, sep=source.sep, dtype=str, keep_default_na=False)
        column = "SOC Code" if source is APPLICABILITY else "O*NET-SOC Code"
        (src / source.path).parent.mkdir(parents=True, exist_ok=True)
        frame[frame[column].str[:7].isin(keep)].to_csv(src / source.path, sep=source.sep, index=False)
    import_opendata(settings, src, HashingEmbedder(), progress=False)
    labels = pd.read_csv(src / LABELS.path, sep="\t", dtype=str, keep_default_na=False)
    split = labels[labels["human_exposure_agg"] != labels["gpt4_exposure"]].iloc[0]
    same = labels[labels["human_exposure_agg"] == labels["gpt4_exposure"]].iloc[0]
    mapper = TaskMapper(settings, HashingEmbedder())
    disputed, settled = mapper.map_tasks([split["Task"], same["Task"]]).tasks
    near = disputed.evidence[0]
    assert near.task == split["Task"] and near.similarity == pytest.approx(1.0)
    assert (near.label, near.gpt4_label) == (split["human_exposure_agg"], split["gpt4_exposure"])
    assert disputed.uncertain and any("GPT-4" in r for r in disputed.reasons)
    assert settled.evidence[0].gpt4_label == settled.evidence[0].label
    assert not any("GPT-4" in r for r in settled.reasons)
