"""`coach data import|status` and `coach map-tasks`, through a parser built as coach/cli.py does."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from coach.cli.exposure import add_commands
from coach.corpus.catalog import Catalog
from coach.exposure.mapper import TaskMapper
from coach.llm.embeddings import HashingEmbedder
from tests.factories import LABELS, write_opendata


@pytest.fixture
def run(settings, monkeypatch):
    """Run a command line; returns (exit code, stdout, stderr). ``stdin`` is fed as text."""

    def run_cli(capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        parser = argparse.ArgumentParser(prog="coach")
        add_commands(parser.add_subparsers(dest="command"), lambda: settings)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        args = parser.parse_args(list(argv))
        code = args.func(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run_cli


def test_import_then_reimport(run, capsys, tmp_path):
    src = write_opendata(tmp_path / "src")
    code, out, err = run(capsys, "data", "import", str(src))
    assert code == 0 and "imported 8 tasks and 2 occupations" in out
    assert "embedding tasks" in err  # the progress bar goes to stderr
    code, out, _ = run(capsys, "data", "import", str(src))
    assert code == 0 and "unchanged" in out
    code, out, _ = run(capsys, "data", "status")
    assert code == 0 and out.startswith("8 tasks, 2 occupations, embedder hash-384")


def test_malformed_file_exits_2_naming_file_and_column(run, capsys, tmp_path):
    src = write_opendata(tmp_path / "src")
    path = src / LABELS.path
    path.write_text(path.read_text().replace("gpt4_automation", "automation_level"))
    code, out, err = run(capsys, "data", "import", str(src))
    assert code == 2 and out == ""
    assert "full_labelset.tsv" in err and "'gpt4_automation'" in err


def test_status_before_import(run, capsys):
    code, out, _ = run(capsys, "data", "status")
    assert code == 0 and "no open data imported" in out


def test_data_needs_an_action(settings):
    parser = argparse.ArgumentParser(prog="coach")
    add_commands(parser.add_subparsers(dest="command"), lambda: settings)
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["data"])
    assert exit_.value.code == 2


def test_map_tasks_json_shape_and_order(run, capsys, tmp_path, settings):
    run(capsys, "data", "import", str(write_opendata(tmp_path / "src")))
    lines = [
        "Weld steel beams at the building site",
        "",
        "Proofread documents for grammar",
        "  Draft emails  ",
    ]
    stdin = "\n".join(lines) + "\n"
    code, out, _ = run(capsys, "map-tasks", "--json", "--role", "help desk", stdin=stdin)
    assert code == 0
    body = json.loads(out)
    assert [t["task"] for t in body["tasks"]] == [
        "Weld steel beams at the building site",
        "Proofread documents for grammar",
        "Draft emails",
    ]
    # The command prints what the mapper computes for the cleaned lines, nothing lost or added.
    direct = TaskMapper(settings, HashingEmbedder(), role_code=Catalog(settings.knowledge_dir).soc_for)
    expected = direct.map_tasks([t["task"] for t in body["tasks"]], role="help desk")
    assert body["tasks"] == expected.model_dump(mode="json")["tasks"]
    assert body["tasks"][0]["evidence"][0]["label"] == "E0"
    assert body["occupation"]["code"] == "15-1232.00"
    assert {"code", "title", "score", "human_beta", "gpt4_beta", "ai_applicability"} <= set(
        body["occupation"]
    )


def test_map_tasks_role_jargon_goes_through_the_role_cards(run, capsys, tmp_path):
    run(capsys, "data", "import", str(write_opendata(tmp_path / "src")))
    stdin = "Reset passwords\nLog tickets\n"
    code, out, _ = run(capsys, "map-tasks", "--json", "--role", "I do L1 support at a bank", stdin=stdin)
    occupation = json.loads(out)["occupation"]
    assert code == 0 and (occupation["code"], occupation["via"]) == ("15-1232.00", "role card")


def test_map_tasks_before_import_prints_a_table(run, capsys):
    code, out, _ = run(capsys, "map-tasks", stdin="Weld steel beams on a construction site\n")
    assert code == 0
    assert out.splitlines()[1].startswith("human-core  E0")
    assert "coach data import PATH" in out
    code, out, _ = run(capsys, "map-tasks", "--json", stdin="Weld steel beams\n")
    assert json.loads(out)["occupation"] is None


def test_map_tasks_without_tasks_exits_2(run, capsys):
    code, out, err = run(capsys, "map-tasks", stdin="\n  \n")
    assert code == 2 and out == "" and "no tasks" in err
