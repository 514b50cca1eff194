"""A throw-away portal for one benchmark run: a database (a temporary SQLite file, or a new
database on a PostgreSQL server, dropped afterwards) migrated and holding the statement bank, a
temporary audio folder, and the environment that points the portal and `flask` commands at them.
instance/ (the developer's own database and clips) is never touched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.bank import Bank
from portal.content.checker import load_bank
from portal.content.services import sync_bank
from portal.db import make_engine, upgrade

FLASK = (sys.executable, "-m", "flask", "--app", "portal")


@dataclass(frozen=True)
class Portal:
    folder: Path
    url: str
    bank: Bank
    env: dict[str, str]  # the portal's settings for this run (add them to os.environ to use)

    @property
    def audio(self) -> Path:
        return Path(self.env["PORTAL_AUDIO_DIR"])

    def flask(self, *args: str) -> tuple[float, str]:
        """Run one flask command (output captured: no progress bar); its seconds and output."""
        start = time.perf_counter()
        done = subprocess.run(  # fixed arguments, no shell  # nosec B603
            [*FLASK, *args],
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            check=True,
            capture_output=True,
            text=True,
        )
        return time.perf_counter() - start, done.stdout + done.stderr


@contextmanager
def throwaway_portal(prefix: str, server_url: str | None = None) -> Iterator[Portal]:
    """With server_url (PostgreSQL; it needs the right to create databases) the database is a
    new one on that server, dropped afterwards; otherwise a SQLite file in the temporary folder."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        folder = Path(name)
        drop = None
        if server_url:
            url, drop = _new_postgres_database(server_url)
        else:
            url = f"sqlite:///{folder}/bench.sqlite3"
        try:
            env = {
                "DATABASE_URL": url,
                "PORTAL_AUDIO_DIR": str(folder / "audio"),
                "PORTAL_SECRET_KEY": os.urandom(16).hex(),
                "PORTAL_TTS_ENGINE": "espeak",  # gTTS cannot be reached from every machine
            }
            yield Portal(folder, url, _migrate_and_load(url), env)
        finally:
            if drop:
                drop()


def database_version(engine: Engine) -> str:
    if engine.dialect.name == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with engine.connect() as connection:
        return f"PostgreSQL {connection.execute(text('SHOW server_version')).scalar()}"


def _migrate_and_load(url: str) -> Bank:
    upgrade(url)
    bank = load_bank(PROJECT_ROOT / "content")
    engine = make_engine(url)
    with Session(engine) as db, db.begin():
        sync_bank(db, bank)
    engine.dispose()
    return bank


def _new_postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty database on the server at url, and how to drop it afterwards."""
    name = f"bench_{os.getpid()}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop
