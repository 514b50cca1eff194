"""Database: the declarative Base, one engine per app, one session per request, migrations."""

from __future__ import annotations

import fcntl
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from flask import Flask, current_app, g
from flask.cli import AppGroup
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.pool import ConnectionPoolEntry

from portal.config import PROJECT_ROOT

if TYPE_CHECKING:
    from alembic.config import Config  # imported where used: only the db commands need it

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base for every model; the naming convention keeps migrations stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Record keys run from 0 to RECORD_KEYS - 1, the cell keys of the perturbation table
# (portal/reports/disclosure.py); every counted thing (a person's response, a group vote, a
# safety alert) gets one when it is made.
RECORD_KEYS = 256


def new_record_key() -> int:
    """A random record key: never shown, never derived from anything about the person."""
    return secrets.randbelow(RECORD_KEYS)


def utcnow() -> datetime:
    """The current time in UTC, without microseconds noise in reports."""
    return datetime.now(UTC).replace(tzinfo=None)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    # Answers and comments are statement values: keep them out of log lines and error messages.
    options.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(
            dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry
        ) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows an UPDATE or DELETE matched. Session.execute gives a CursorResult for
    those, but is typed as giving a Result, which has no rowcount."""
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine."""
    engine: Engine = (app or current_app).extensions["db_engine"]
    return engine


def get_reader(app: Flask | None = None) -> Engine:
    """The app's engine for a single read outside any transaction (autocommit): PostgreSQL then
    needs no BEGIN and ROLLBACK around it, two round trips fewer for a question page."""
    engine: Engine = (app or current_app).extensions["db_reader"]
    return engine


_writer_lock = threading.Lock()  # one writing thread per process...
_writer_files: dict[str, int] = {}  # ...and one writing process per SQLite file (flock)


@contextmanager
def one_writer(db: Session) -> Iterator[None]:
    """Around a short write transaction, up to its commit: on SQLite, one writer at a time
    across every thread and process. SQLite lets one connection write; the others wait in its
    busy handler, which sleeps 1, 2, 5, 10... ms between tries, so writers that meet there
    leave the CPUs idle while the lock is free. A lock file hands over at once. PostgreSQL
    locks rows: nothing to do."""
    engine = db.get_bind().engine
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    with _writer_lock:
        descriptor = _writer_files.get(path)
        if descriptor is None:
            descriptor = _writer_files[path] = os.open(
                f"{path}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600
            )
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def get_db() -> Session:
    """The request's session, opened on first use and closed when the request ends."""
    session: Session | None = g.get("db")
    if session is None:
        session = g.db = Session(get_engine(), expire_on_commit=False)
    return session


def _close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config(url: str) -> Config:
    """Alembic settings pointing at this project's migrations and the given database."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(url: str) -> str | None:
    """The newest migration applied to the database at url (None when none is)."""
    from alembic.migration import MigrationContext
    from sqlalchemy.pool import NullPool

    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at url up to the given migration."""
    from alembic import command

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "-1") -> None:
    """Take the database at url back down to the given migration ("-1": undo the newest one)."""
    from alembic import command

    command.downgrade(alembic_config(url), revision)


@click.group("db", cls=AppGroup)
def db_cli() -> None:
    """Database migrations."""


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Apply every migration not yet applied."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def downgrade_command(revision: str) -> None:
    """Undo migrations down to REVISION (default -1: the newest applied one)."""
    url = current_app.config["DATABASE_URL"]
    downgrade(url, revision)
    now = current_revision(url)
    click.echo(f"Database is now at migration {now}." if now else "Database has no migrations.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option("--autogenerate", is_flag=True, help="Write the changes the models need.")
def revision_command(message: str, autogenerate: bool) -> None:
    """Write a new migration file (--autogenerate: from the models against the database)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(current_app.config["DATABASE_URL"])
    # Numbered like the others (0001, 0002, ...): the newest number plus one.
    numbers = [int(h) for h in ScriptDirectory.from_config(cfg).get_heads() if h.isdigit()]
    rev_id = f"{max(numbers, default=0) + 1:04d}"
    # Alembic itself says which file it wrote ("Generating …/0009_….py ...  done").
    command.revision(cfg, message=message, autogenerate=autogenerate, rev_id=rev_id)
    click.echo("Read it through, then apply it with: flask --app portal db upgrade")


def init_app(app: Flask) -> None:
    """Create the engine and register the session teardown and the `db` commands."""
    engine = app.extensions["db_engine"] = make_engine(app.config["DATABASE_URL"])
    # SQLite's driver begins no transaction for a SELECT, and leaving autocommit would cost a
    # PRAGMA at every check-in: only PostgreSQL gets an autocommit reader.
    postgres = engine.dialect.name == "postgresql"
    reader = engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else engine
    app.extensions["db_reader"] = reader
    app.teardown_appcontext(_close_db)
    app.cli.add_command(db_cli)
