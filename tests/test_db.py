"""The database layer: on SQLite, writers take turns through a lock file instead of meeting in
SQLite's busy handler (which sleeps between tries), across threads and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal.db import one_writer
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
