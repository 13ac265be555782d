"""Database fixtures: SQLite and a real PostgreSQL started for the test session.

``database_url`` runs a test once per engine (ids ``sqlite`` and ``postgresql``), each time on a
fresh empty database; ``db`` is a ``Database`` on it. The PostgreSQL server comes from the Debian
``postgresql`` package (``/usr/lib/postgresql/<version>/bin``), newest version first: one server
per test session, in a temp dir, trust authentication, reachable only on 127.0.0.1 and a Unix
socket in that dir, stopped and removed at the end. Each test gets its own database on it. Where
no binary is found, or the server will not start, the PostgreSQL runs skip with the reason.

PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` system user.
The server's time zone is deliberately not UTC, so code that assumes stored times come back in
UTC fails here rather than on someone's server.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_USER = "postgres"  # the OS user the server runs as when the tests run as root
SUPERUSER = "postgres"  # the database superuser initdb creates
SERVER_TIMEZONE = "America/New_York"
START_TIMEOUT_S = 60
ENGINES = {"sqlite": "sqlite_url", "postgresql": "postgres_url"}  # test id: the fixture it uses


@dataclass(frozen=True)
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    started_in_s: float

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self):
        """An autocommit connection to the maintenance database (CREATE/DROP DATABASE)."""
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )


def _version(bindir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


def find_pg_bindir() -> Path | None:
    """The newest Debian PostgreSQL bin dir with both initdb and pg_ctl, or None."""
    found = [
        Path(d)
        for d in Path("/").glob(PG_BIN_GLOB.lstrip("/"))
        if (Path(d) / "initdb").is_file() and (Path(d) / "pg_ctl").is_file()
    ]
    return max(found, key=_version) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    """``argv`` run as the unprivileged postgres user when we are root, else as ourselves."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", PG_USER, "--", *argv]


def _run(argv: list[str], cwd: Path, timeout: float) -> None:
    result = subprocess.run(
        _as_server_user(argv),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "LC_ALL": "C", "LANG": "C", "TZ": "UTC"},
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()[-2000:]
        raise RuntimeError(f"{Path(argv[0]).name} exited {result.returncode}: {output}")


def _log_tail(root: Path) -> str:
    try:
        return (root / "server.log").read_text(errors="replace")[-2000:]
    except OSError:
        return ""


def _start(bindir: Path, root: Path) -> PostgresServer:
    began = time.monotonic()
    data = root / "data"
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ],
        cwd=root,
        timeout=START_TIMEOUT_S,
    )
    port = _free_port()
    with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:  # appending keeps the owner
        conf.write(
            "\n# tests/fixtures_db.py\n"
            f"port = {port}\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{root}'\n"
            f"timezone = '{SERVER_TIMEZONE}'\n"
            "max_connections = 50\n"
            "shared_buffers = 32MB\n"
            "fsync = off\n"
            "synchronous_commit = off\n"
            "full_page_writes = off\n"
        )
    _run(
        [
            str(bindir / "pg_ctl"),
            "start",
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
        ],
        cwd=root,
        timeout=START_TIMEOUT_S + 10,
    )
    return PostgresServer(bindir=bindir, root=root, port=port, started_in_s=time.monotonic() - began)


def _stop(bindir: Path, root: Path) -> None:
    if (root / "data" / "postmaster.pid").exists():
        try:
            _run([str(bindir / "pg_ctl"), "stop", "-D", str(root / "data"), "-m", "fast", "-w"], root, 60)
        except (RuntimeError, subprocess.TimeoutExpired, OSError):
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired, OSError):  # gone already
                _run([str(bindir / "pg_ctl"), "stop", "-D", str(root / "data"), "-m", "immediate"], root, 60)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the test session; skips where none can be started."""
    bindir = find_pg_bindir()
    if bindir is None:
        pytest.skip(f"no PostgreSQL binaries (initdb, pg_ctl) under {PG_BIN_GLOB}")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"psycopg is not installed: {exc}")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(PG_USER)
        except KeyError:
            pytest.skip(f"running as root and there is no {PG_USER!r} user to run PostgreSQL as")
    # Not under pytest's tmp dir: that is private to root, and the server user must reach its dir.
    root = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if os.geteuid() == 0:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    os.chmod(root, 0o700)
    try:
        server = _start(bindir, root)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
        log = _log_tail(root)
        _stop(bindir, root)
        pytest.skip(f"PostgreSQL from {bindir} did not start: {exc}" + (f"\n{log}" if log else ""))
    try:
        yield server
    finally:
        _stop(bindir, root)


def _create_database(server: PostgresServer) -> str:
    name = f"t_{uuid.uuid4().hex}"
    with server.admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_database(server: PostgresServer, name: str) -> None:
    with server.admin() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(request) -> Iterator[str]:
    """A fresh empty PostgreSQL database for this test, dropped afterwards; its SQLAlchemy URL."""
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = _create_database(server)
    try:
        yield server.url(name)
    finally:
        _drop_database(server, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file (not there yet) in this test's temp dir."""
    return f"sqlite:///{tmp_path / 'coach.db'}"


@pytest.fixture(params=list(ENGINES), ids=list(ENGINES))
def database_url(request) -> str:
    """A fresh empty database, once on SQLite and once on PostgreSQL; its URL."""
    return request.getfixturevalue(ENGINES[request.param])


@pytest.fixture
def db(database_url: str):
    """The coach's ``Database`` on ``database_url`` (migrated on first use), closed afterwards."""
    from coach.storage.database import Database

    database = Database(database_url)
    yield database
    database.close()
