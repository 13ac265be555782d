"""Import of the open exposure data: validation, the two indices, idempotency, lookups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coach.exposure.opendata import (
    LABELS,
    OpenData,
    OpenDataError,
    import_opendata,
    opendata_dir,
    read_manifest,
)
from coach.llm.embeddings import HashingEmbedder
from tests.factories import write_opendata


@pytest.fixture
def opendata_src(tmp_path: Path) -> Path:
    return write_opendata(tmp_path / "src")


@pytest.fixture
def imported(settings, opendata_src) -> OpenData:
    import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    return OpenData.load(settings)


def test_import_builds_both_indices(settings, opendata_src):
    report = import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    assert (report.tasks, report.occupations, report.skipped) == (8, 2, False)
    data = OpenData.load(settings)
    assert len(data.tasks) == 8 and data.task_emb.shape == (8, 384)
    assert data.occ_emb.shape == (2, 384)
    assert list(data.tasks["exposure"]).count("E0") == 3
    support = data.occupations.set_index("code").loc["15-1232.00"]
    assert support["ai_applicability"] == pytest.approx(0.31)  # joined on the 6-digit SOC code
    assert support["human_beta"] == pytest.approx(0.6)
    assert support["gpt4_beta"] == pytest.approx(0.7)
    assert support["n_tasks"] == 4 and support["share_E1"] == pytest.approx(0.5)
    assert np.allclose(np.linalg.norm(data.task_emb, axis=1), 1.0, atol=1e-5)
    assert read_manifest(opendata_dir(settings))["embedder"] == "hash-384"


def test_reimport_is_idempotent(settings, opendata_src):
    import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    before = (opendata_dir(settings) / "task_embeddings.npy").stat().st_mtime_ns
    again = import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    assert again.skipped and again.tasks == 8
    assert (opendata_dir(settings) / "task_embeddings.npy").stat().st_mtime_ns == before
    assert "unchanged" in again.summary()
    forced = import_opendata(settings, opendata_src, HashingEmbedder(), force=True, progress=False)
    assert not forced.skipped


def test_changed_source_or_embedder_rebuilds(settings, opendata_src):
    import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    small = HashingEmbedder(dim=64)
    assert not import_opendata(settings, opendata_src, small, progress=False).skipped
    assert OpenData.load(settings).task_emb.shape == (8, 64)
    path = opendata_src / LABELS.path
    path.write_text(path.read_text().replace("E2\tE2", "E1\tE1", 1))
    small = HashingEmbedder(dim=64)
    assert not import_opendata(settings, opendata_src, small, progress=False).skipped


def test_missing_column_is_named(settings, opendata_src):
    path = opendata_src / LABELS.path
    frame = pd.read_csv(path, sep="\t").drop(columns=["human_exposure_agg"])
    frame.to_csv(path, sep="\t", index=False)
    with pytest.raises(OpenDataError) as err:
        import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    assert "full_labelset.tsv" in str(err.value) and "'human_exposure_agg'" in str(err.value)
    assert not opendata_dir(settings).exists()


def test_bad_value_names_column_and_line(settings, opendata_src):
    path = opendata_src / LABELS.path
    frame = pd.read_csv(path, sep="\t")
    frame.loc[2, "human_exposure_agg"] = "E7"
    frame.to_csv(path, sep="\t", index=False)
    expected = r"full_labelset\.tsv: column 'human_exposure_agg', line 4: 'E7'"
    with pytest.raises(OpenDataError, match=expected):
        import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)


def test_non_numeric_score_is_named(settings, opendata_src):
    path = opendata_src / "working-with-ai" / "soc_ai_applicability_scores.csv"
    path.write_text(path.read_text().replace("0.31", "high"))
    with pytest.raises(
        OpenDataError, match=r"soc_ai_applicability_scores\.csv: column 'ai_applicability_score'"
    ):
        import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)


def test_missing_file_is_named(settings, opendata_src):
    (opendata_src / "gpts-are-gpts" / "occ_level.csv").unlink()
    with pytest.raises(OpenDataError, match=r"occ_level\.csv: file not found"):
        import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    with pytest.raises(OpenDataError, match="not a folder"):
        import_opendata(settings, opendata_src / "nope", HashingEmbedder(), progress=False)


def test_failed_reimport_keeps_the_previous_index(settings, opendata_src):
    import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    (opendata_src / LABELS.path).write_text("O*NET-SOC Code\tTask\n15-1232.00\tx\n")
    with pytest.raises(OpenDataError):
        import_opendata(settings, opendata_src, HashingEmbedder(), progress=False)
    assert len(OpenData.load(settings).tasks) == 8


def test_load_before_import_is_none(settings):
    assert OpenData.load(settings) is None


def test_nearest_tasks_and_occupation_scores(imported):
    emb = HashingEmbedder()
    query = np.asarray([emb.embed_query("Weld steel beams at the building site")], dtype=np.float32)
    rows, sims = imported.nearest_tasks(query, k=3)
    assert imported.tasks["task"].iat[rows[0, 0]] == "Weld steel beams at the building site"
    assert sims[0, 0] == pytest.approx(1.0, abs=1e-5) and sims[0, 0] >= sims[0, 1] >= sims[0, 2]
    scores = imported.occupation_scores(np.asarray(emb.embed_query("steel beams girders welding")))
    assert imported.occupations["code"].iat[int(scores.argmax())] == "47-2221.00"


@pytest.mark.slow
def test_import_real_open_data(settings, shared_data):
    report = import_opendata(settings, shared_data, HashingEmbedder(), progress=False)
    source = pd.read_csv(shared_data / LABELS.path, sep="\t", dtype=str, keep_default_na=False)
    occ = pd.read_csv(shared_data / "gpts-are-gpts" / "occ_level.csv")
    assert report.tasks == len(source)
    assert report.occupations == source["O*NET-SOC Code"].nunique() == len(occ)
    data = OpenData.load(settings)
    counts = source["human_exposure_agg"].value_counts()
    assert (data.tasks["exposure"].value_counts() == counts).all()
    assert data.occupations["ai_applicability"].notna().mean() > 0.8
    assert data.occupations["human_beta"].between(0, 1).all()
    assert import_opendata(settings, shared_data, HashingEmbedder(), progress=False).skipped
