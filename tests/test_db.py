"""The database layer: on SQLite, writers take turns through a lock file instead of meeting in
SQLite's busy handler (which sleeps between tries), across threads and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal import create_app
from portal.db import current_revision, one_writer, upgrade
from tests.conftest import USING_POSTGRES

pytestmark = pytest.mark.skipif(
    USING_POSTGRES, reason="PostgreSQL locks rows: nothing to take turns"
)

WAIT_FOR_WRITER = """
import sys, time
from sqlalchemy.orm import Session
from portal.db import make_engine, one_writer
engine = make_engine(sys.argv[1])
print("waiting", flush=True)
with Session(engine) as db, one_writer(db):
    print(time.time(), flush=True)
engine.dispose()
"""


def test_a_writer_in_another_process_waits_until_the_lock_is_given_back(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    with Session(engine) as db, one_writer(db):
        other = subprocess.Popen(
            [sys.executable, "-c", WAIT_FOR_WRITER, str(engine.url)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "waiting"
        time.sleep(0.5)
        given_back = time.time()
    out, _ = other.communicate(timeout=30)
    assert other.returncode == 0
    assert float(out) >= given_back, "the other process wrote while this one held the lock"


def test_threads_of_one_process_take_turns(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    inside: list[int] = []
    overlaps: list[int] = []

    def write() -> None:
        with Session(engine) as db, one_writer(db):
            inside.append(1)
            if len(inside) > 1:
                overlaps.append(len(inside))
            time.sleep(0.01)
            inside.pop()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []


def test_undoing_migrations_says_which_and_asks_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    upgrade(url)
    newest = current_revision(url)
    assert newest is not None
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url})
    runner = app.test_cli_runner()
    try:
        for typed in ("n\n", "\n", None):  # no, just Enter, nobody there to answer
            result = runner.invoke(args=["db", "downgrade"], input=typed)
            assert "This undoes these migrations, newest first:" in result.output
            assert f"  {newest}: " in result.output
            assert "dropped, with everything in them" in result.output
            assert "Undo them? [y/N]" in result.output
            assert current_revision(url) == newest, "nothing was undone"
        result = runner.invoke(args=["db", "downgrade", "base"], input="n\n")
        assert f"  {newest}: " in result.output and "  0001: " in result.output
        result = runner.invoke(args=["db", "downgrade"], input="y\n")
        assert result.exit_code == 0, result.output
        assert current_revision(url) != newest
    finally:
        app.extensions["db_engine"].dispose()
