"""Files the portal keeps on disk hold answers or secrets: only the account that runs the portal
can read them. The SQLite database and the files SQLite keeps beside it are 0600, the instance
folder 0700, and the secret key is written whole, 0600, once, even when processes start at once."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from portal import config
from portal.db import make_engine
from tests.conftest import USING_POSTGRES


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (files 0644, folders 0755): what the portal must not rely on."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_sqlite_database_and_its_log_are_readable_by_the_portal_only(
    tmp_path: Path, open_umask: None
) -> None:
    database = tmp_path / "new-folder" / "portal.sqlite3"
    engine = make_engine(f"sqlite:///{database}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE note (words TEXT)"))
            connection.execute(text("INSERT INTO note VALUES ('an answer')"))
            connection.commit()
            # While a connection is open, the write-ahead log and shared memory are there.
            wal, shm = Path(f"{database}-wal"), Path(f"{database}-shm")
            assert wal.exists() and shm.exists()
            assert _mode(database) == 0o600
            assert _mode(wal) == 0o600, "the write-ahead log holds the newest answers"
            assert _mode(shm) == 0o600
    finally:
        engine.dispose()
    assert _mode(database.parent) == 0o700


def test_an_old_database_readable_by_others_is_made_private_when_the_portal_opens_it(
    tmp_path: Path, open_umask: None
) -> None:
    database = tmp_path / "portal.sqlite3"
    database.touch(mode=0o644)
    left_over = [Path(f"{database}{suffix}") for suffix in ("-wal", "-shm", "-journal")]
    for path in left_over:
        path.touch(mode=0o644)
    engine = make_engine(f"sqlite:///{database}", poolclass=NullPool)
    engine.dispose()
    assert _mode(database) == 0o600
    for path in left_over:
        if path.exists():  # SQLite may tidy an empty log away
            assert _mode(path) == 0o600, path.name


@pytest.mark.skipif(USING_POSTGRES, reason="the test database is on a PostgreSQL server")
def test_the_portal_s_own_database_is_private(app: Flask) -> None:
    database = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    assert _mode(database) == 0o600


def _load(instance: Path) -> Flask:
    app = Flask("portal", instance_path=str(instance))
    config.load(app, {"DATABASE_URL": "sqlite://"})
    return app


def test_the_instance_folder_is_made_private(
    tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    made = tmp_path / "made" / "instance"
    _load(made)
    assert _mode(made) == 0o700
    there = tmp_path / "there"
    there.mkdir(mode=0o755)
    _load(there)
    assert _mode(there) == 0o700


def test_the_secret_key_is_never_written_in_place_and_only_the_portal_can_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written in place, the key file would exist for a moment empty, or half written, and
    with the umask's mode (0644 or wider) before being made 0600."""
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    key_file = tmp_path / "secret_key"
    written: list[object] = []

    def watch(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and watching and str(args[0]) == str(key_file):
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            if flags & (os.O_WRONLY | os.O_RDWR) or args[1] not in (None, "r", "rb"):
                written.append(args)

    watching = True
    sys.addaudithook(watch)  # audit hooks stay for the whole run: `watching` turns it off
    before = os.umask(0)
    try:
        key = _load(tmp_path).config["SECRET_KEY"]
    finally:
        os.umask(before)
        watching = False
    assert written == [], "the key file was opened for writing"
    assert len(key) == 64 and key_file.read_text() == key
    assert _mode(key_file) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"], "no temporary file left"
    assert _load(tmp_path).config["SECRET_KEY"] == key, "the same key the next time"


MAKE_KEY = """
import sys, time
from pathlib import Path
from portal.config import _secret_key
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
print(_secret_key(Path(sys.argv[1])), flush=True)
"""


def test_processes_starting_at_once_all_use_the_one_key_in_the_file(tmp_path: Path) -> None:
    instance, go = tmp_path / "instance", tmp_path / "go"
    instance.mkdir()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", MAKE_KEY, str(instance), str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(12)
    ]
    time.sleep(1.0)  # every process started and waiting
    go.touch()
    keys = {worker.communicate(timeout=60)[0].strip() for worker in workers}
    assert all(worker.returncode == 0 for worker in workers)
    assert keys == {(instance / "secret_key").read_text()}, "one key, the one in the file"
    assert len(next(iter(keys))) == 64
