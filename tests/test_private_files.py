"""A person's data is readable by its owner only: the data dir and index folder the app creates
are 0700 and the SQLite file 0600, even under a permissive umask."""

from __future__ import annotations

import os
import stat

import pytest

from coach.bootstrap import build_coach, build_services
from coach.storage.private import private_dir, private_file


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # the usual default: files 0644, folders 0755
    yield
    os.umask(old)


def test_the_app_creates_its_data_for_the_owner_only(settings, open_umask):
    assert not settings.data_dir.exists()
    services = build_services(settings, build_coach(settings).coach)
    try:
        assert mode(settings.data_dir) == 0o700
        assert mode(settings.index_dir) == 0o700
        assert mode(settings.data_dir / "coach.db") == 0o600
    finally:
        services.close()


def test_an_existing_world_readable_database_file_is_tightened(tmp_path, open_umask):
    db = tmp_path / "coach.db"
    db.write_bytes(b"")
    os.chmod(db, 0o644)
    private_file(db)
    assert mode(db) == 0o600


def test_a_folder_that_existed_keeps_its_mode(tmp_path, open_umask):
    os.chmod(tmp_path, 0o755)
    private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700
