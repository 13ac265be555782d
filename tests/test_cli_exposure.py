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
    """Run a command line; returns (exit code, stdout, stderr). ``stdin`` is fed as text, or as
    raw bytes when it is ``bytes``."""

    def run_cli(capsys, *argv: str, stdin: str | bytes = "") -> tuple[int, str, str]:
        parser = argparse.ArgumentParser(prog="coach")
        add_commands(parser.add_subparsers(dest="command"), lambda: settings)
        if isinstance(stdin, bytes):  # raw bytes, as a shell pipe gives them
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), errors="surrogateescape"))
        else:
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


def test_map_tasks_caps_the_list_at_the_setting(run, capsys, settings):
    stdin = "".join(f"Reconcile ledger number {i}\n" for i in range(45))
    code, out, err = run(capsys, "map-tasks", "--json", stdin=stdin)
    tasks = [t["task"] for t in json.loads(out)["tasks"]]
    assert code == 0 and settings.max_tasks == 30 and len(tasks) == 30
    assert tasks[-1] == "Reconcile ledger number 29"
    assert "You gave 45 tasks; I mapped the first 30" in err and "COACH_MAX_TASKS" in err


def test_map_tasks_strips_escapes_and_controls_and_drops_nul_lines(run, capsys):
    stdin = (
        b"Run \x1b[31mpayroll\x1b[0m\x1b]0;owned\x07\n\x00\x00\x00\x00\n\x00\n\nAnswer pay\x07 questions\r\n"
    )
    code, out, err = run(capsys, "map-tasks", "--json", stdin=stdin)
    assert code == 0
    assert [t["task"] for t in json.loads(out)["tasks"]] == ["Run payroll", "Answer pay questions"]
    code, out, _ = run(capsys, "map-tasks", stdin=stdin)
    assert code == 0 and "Run payroll" in out
    assert not any(c in out for c in "\x1b\x07\x00\r\x9b")


def test_map_tasks_refuses_invalid_utf8(run, capsys):
    code, out, err = run(capsys, "map-tasks", stdin=b"Run payroll \xff\nAnswer pay questions\n")
    assert code == 2 and out == ""
    assert "The task list is not UTF-8 text (byte 0xff at position 12" in err


def test_map_tasks_only_nul_lines_is_no_tasks(run, capsys):
    code, out, err = run(capsys, "map-tasks", stdin=b"\x00\x00\x00\n\x00\n")
    assert code == 2 and out == "" and "no tasks" in err


def test_table_output_strips_escapes_from_evidence_too():
    from coach.cli.exposure import render_table
    from coach.domain.taskmap import TaskMap

    task_map = TaskMap.model_validate(
        {
            "tasks": [
                {
                    "task": "Run payroll",
                    "exposure": "E1",
                    "category": "automate",
                    "confidence": 0.9,
                    "evidence": [
                        {"task": "Process \x1b[2Jpay", "label": "E1", "occupation": "Clerk\x1b]0;x\x07"}
                    ],
                }
            ],
            "method": "lexical",
        }
    )
    table = render_table(task_map)
    assert "\x1b" not in table and "\x07" not in table and "Process pay (Clerk)" in table
