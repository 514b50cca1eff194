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
from sqlalchemy.engine import CursorResult, Engine, Result, make_url
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


# The files SQLite keeps beside a database: all hold answers, as the database does.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite database URL; None for PostgreSQL or a database in memory."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # an SQLite URI: its file is not ours to judge
        return None
    return Path(database)


def keep_sqlite_private(url: str) -> None:
    """Make the SQLite database file, before SQLite does, readable by its owner only (0600),
    and its write-ahead log, shared memory and journal too if they are there. SQLite gives the
    files it makes beside a database the database's own mode, so those stay 0600 too."""
    path = sqlite_path(url)
    if path is None:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    for file in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        try:
            found = file.stat()
        except FileNotFoundError:
            continue
        if found.st_mode & 0o077 and found.st_uid == os.getuid():  # another's: not ours to change
            file.chmod(0o600)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine; SQLite gets a private file, WAL, a busy timeout and enforced foreign keys."""
    # Answers and comments are statement values: keep them out of log lines and error messages.
    options.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        keep_sqlite_private(url)
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

    keep_sqlite_private(url)
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


def migrations_to_undo(url: str, revision: str) -> list[tuple[str, str]]:
    """The migrations `downgrade(url, revision)` would undo, newest first: (number, what it
    did). REVISION is "-N" (the newest N), "base" (all) or the number to go back to."""
    from alembic.script import Script, ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(url))
    current = current_revision(url)
    undone: list[Script] = []
    if current is not None and revision.startswith("-") and revision[1:].isdigit():
        step: Script | None = script.get_revision(current)
        while step is not None and len(undone) < int(revision[1:]):
            undone.append(step)
            below = step.down_revision
            step = script.get_revision(below) if isinstance(below, str) else None
    elif current is not None:
        target = None if revision == "base" else script.get_revision(revision)
        lower = "base" if target is None else target.revision
        undone = [
            step
            for step in script.iterate_revisions(current, lower)
            if target is None or step.revision != target.revision
        ]
    return [(step.revision, (step.doc or "").strip()) for step in undone]


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
@click.option("--yes", is_flag=True, help="Undo them without asking first.")
def downgrade_command(revision: str, yes: bool) -> None:
    """Undo migrations down to REVISION (default -1: the newest applied one). Says which, and
    asks first (unless --yes): what they added is dropped, with what is in it."""
    url = current_app.config["DATABASE_URL"]
    if not yes:
        undone = migrations_to_undo(url, revision)
        if not undone:
            click.echo("No migration to undo.")
            return
        click.echo("This undoes these migrations, newest first:")
        for number, what in undone:
            click.echo(f"  {number}: {what}")
        click.echo("Columns and tables they added are dropped, with everything in them.")
        if not click.confirm("Undo them?", default=False):
            click.echo("Nothing was changed.")
            return
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
