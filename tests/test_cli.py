import json

import pytest

from coach.cli.main import main


@pytest.fixture
def env(monkeypatch, corpus_settings):
    """The CLI reads settings from COACH_* variables, as a user's shell would set them."""
    monkeypatch.setenv("COACH_DATA_DIR", str(corpus_settings.data_dir))
    monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(corpus_settings.knowledge_dir))
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "fake")
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    return corpus_settings


def test_ask_json_builds_the_index_and_answers_with_sources(env, capsys):
    assert main(["ask", "--json", "payroll clerk wages and deductions"]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert data["answer"] and data["sources"]
    assert data["sources"][0] == {
        "id": "role/payroll-clerk",
        "title": "Payroll clerk",
        "kind": "role",
        "heading": data["sources"][0]["heading"],
    }
    assert "chunks embedded" in out.err  # first start built the index


def test_ask_plain_prints_answer_then_sources(env, capsys):
    assert main(["ask", "electrician wiring code"]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "role/electrician" in out


def test_ask_empty_question_prompts_for_one(env, capsys):
    assert main(["ask", "--json", ""]) == 0
    assert "Ask me something" in json.loads(capsys.readouterr().out)["answer"]


def test_index_is_incremental(env, capsys):
    assert main(["index"]) == 0
    assert main(["index"]) == 0
    assert "0 chunks embedded" in capsys.readouterr().out.strip().splitlines()[-1]


def test_corpus_stats_counts_kinds_and_sectors(env, capsys):
    assert main(["corpus", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["by_kind"]["role"] == 2 and stats["by_kind"]["sector"] == 2
    assert stats["roles_by_sector"] == {"sector/hr": 1, "sector/skilled-trades": 1}


def test_doctor_reports_each_check(env, capsys):
    assert main(["doctor"]) == 1  # no index yet
    out = capsys.readouterr().out
    assert "[ok] embedder" in out and "[FAIL] index" in out and "[ok] chat model" in out
    assert "[ok] task mapping: lexical (" in out  # the hashing embedder: the text-only part
    main(["index"])
    assert main(["doctor"]) == 0


def test_doctor_names_a_down_endpoint(env, monkeypatch, capsys):
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "openai")
    monkeypatch.setenv("COACH_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("COACH_MAX_RETRIES", "0")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] chat model" in out and "127.0.0.1:9" in out and "did not answer" in out


def test_bad_settings_give_a_clear_error(env, monkeypatch, capsys):
    monkeypatch.setenv("COACH_RETRIEVAL_K", "not-a-number")
    assert main(["index"]) == 2
    assert "retrieval_k" in capsys.readouterr().err


def test_ask_with_a_user_keeps_the_profile_and_forget_removes_it(env, capsys):
    assert (
        main(["ask", "--user", "ana", "--json", "I'm a payroll clerk. I want to move into pay analysis."])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["mode"] == "coach" and len(data["next_problems"]) >= 1
    assert main(["profile", "show", "--user", "ana"]) == 0
    assert "payroll clerk" in capsys.readouterr().out.lower()
    assert main(["profile", "export", "--user", "ana"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert len(exported["messages"]) == 2
    assert main(["profile", "forget", "--user", "ana"]) == 0
    capsys.readouterr()
    main(["profile", "show", "--user", "ana"])
    assert "No profile stored for 'ana'" in capsys.readouterr().out


def test_with_local_accounts_user_means_a_signed_in_account(env, capsys, monkeypatch):
    monkeypatch.setenv("COACH_AUTH", "local")
    assert main(["accounts", "invite"]) == 0
    code = capsys.readouterr().out.rsplit(": ", 1)[1].strip()
    from coach.config import load_settings
    from coach.services.accounts import AccountService
    from coach.storage.database import Database

    settings = load_settings()
    AccountService(Database.from_settings(settings), settings).sign_up(code, "bea", "correct horse battery")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "wrong password!")
    assert main(["profile", "show", "--user", "bea"]) == 1
    assert "wrong" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "correct horse battery")
    assert main(["ask", "--json", "--user", "bea", "I'm a payroll clerk. What next?"]) == 0
    capsys.readouterr()
    assert main(["profile", "show", "--user", "bea"]) == 0
    assert "payroll clerk" in capsys.readouterr().out.lower()


def test_with_single_sign_on_the_command_line_keeps_no_personal_data(env, capsys, monkeypatch):
    monkeypatch.setenv("COACH_AUTH", "oidc")
    assert main(["profile", "export", "--user", "me"]) == 1
    assert "single sign-on" in capsys.readouterr().err


def _stdin_bytes(monkeypatch, data: bytes) -> None:
    """Feed raw bytes to stdin as a shell pipe would (text layer over a byte buffer)."""
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), errors="surrogateescape"))


@pytest.mark.parametrize(
    "data",
    [b"I'm a payroll clerk \xff\xfe what next?", bytes(range(256)) * 80],  # bad UTF-8; 20 KB binary
)
def test_ask_refuses_unreadable_stdin_and_stores_nothing(env, monkeypatch, capsys, data):
    _stdin_bytes(monkeypatch, data)
    assert main(["ask", "--json", "--user", "bu", "-"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith("error: Your message is not UTF-8 text (byte 0x")
    assert "binary data" in out.err and "Traceback" not in out.err
    assert main(["profile", "export", "--user", "bu"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["messages"] == [] and exported["profile"] is None


def test_ask_refuses_an_undecodable_argument(env, capsys):
    # What Python hands over for `coach ask $'payroll \xff clerk'`: the byte as a surrogate.
    assert main(["ask", "--json", "--user", "bu", "payroll \udcff clerk"]) == 2
    assert "byte 0xff at position 8" in capsys.readouterr().err


def test_ask_reads_utf8_stdin_and_stores_the_cut_question(env, monkeypatch, capsys):
    _stdin_bytes(monkeypatch, ("I'm a payroll clerk. " + "é" * 1_000_000).encode())
    assert main(["ask", "--json", "--user", "big", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any("I read the first 1,9" in n for n in data["notices"])
    assert main(["profile", "export", "--user", "big"]) == 0
    question = json.loads(capsys.readouterr().out)["messages"][0]["content"]
    assert question.startswith("I'm a payroll clerk. éé") and question.endswith("[… cut]")
    assert len(question) <= 2000


def test_ask_plain_never_prints_the_models_escape_sequences(env, monkeypatch, capsys):
    from coach.llm.fakes import FakeChatModel

    reply = "Payroll \x1b[2J\x1b]0;owned\x07clerks reconcile wages [1]."
    monkeypatch.setattr("coach.bootstrap.build_chat_model", lambda settings: FakeChatModel(responses=[reply]))
    assert main(["ask", "payroll clerk wages and deductions"]) == 0
    out = capsys.readouterr().out
    assert "Payroll clerks reconcile wages" in out and "\x1b" not in out and "\x07" not in out
