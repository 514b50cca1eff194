"""Consistent copies of the database: SQLite's online backup, or pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy.engine import URL, Engine


@dataclass(frozen=True)
class SqliteBackup:
    """A finished copy: where it is, how big, and what it holds."""

    path: Path
    size: int
    responses: int
    answers: int


@dataclass(frozen=True)
class PostgresCommands:
    """The commands that dump and restore a PostgreSQL database, and the password they need."""

    dump: list[str]
    restore: list[str]
    password: str | None

    def shell(self, argv: list[str]) -> str:
        return shlex.join(argv)


def backup_name(now: datetime, suffix: str) -> str:
    """`portal-YYYYMMDD-HHMMSS` and the suffix, so backups sort by time."""
    return f"portal-{now:%Y%m%d-%H%M%S}{suffix}"


class BackupError(Exception):
    """The copy cannot go where it was asked to: the message says why, in one line."""


def backup_target(target: Path | None, folder: Path, name: str) -> Path:
    """Where the copy goes: `target` (a file, or a folder to put `name` in), else `folder`.

    The default folder is made readable by its owner only; an existing file (or a link, even
    to nothing) is never replaced; the folder must be there and writable. Raises BackupError.
    """
    if target is None:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise BackupError(f"Cannot make the folder {folder}: {error.strerror}.") from None
        path = folder / name
    elif target.is_dir():
        path = target / name
    else:
        path = target
    if path.is_symlink():
        raise BackupError(f"{path} is a link: give the name of a new file, not a link.")
    if path.exists():
        raise BackupError(f"{path} already exists: choose another name.")
    parent = path.parent
    if not parent.is_dir():
        raise BackupError(f"The folder {parent} is not there: make it first, or choose another.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BackupError(f"Cannot write in the folder {parent}: choose another.")
    return path


def _private_file(path: Path) -> None:
    """Make an empty file only its owner can read, before anything is written into it (never
    through a link: O_EXCL fails on one, even a link to nothing). Raises BackupError."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} already exists: choose another name.") from None
    except OSError as error:
        raise BackupError(f"Cannot write {path}: {error.strerror}.") from None
    path.chmod(0o600)


def backup_sqlite(engine: Engine, path: Path) -> SqliteBackup:
    """Copy the live database with SQLite's online backup API: consistent even while people
    answer. The copy is a single file (no write-ahead log) that opens like the original."""
    _private_file(path)
    copy = sqlite3.connect(path)
    try:
        with engine.connect() as connection:
            # An SQLite engine's driver connection is the sqlite3 module's own
            source = cast(sqlite3.Connection, connection.connection.driver_connection)
            source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        responses = copy.execute("SELECT count(*) FROM response").fetchone()[0]
        answers = copy.execute("SELECT count(*) FROM answer").fetchone()[0]
    finally:
        copy.close()
    return SqliteBackup(path, path.stat().st_size, responses, answers)


def postgres_commands(url: URL, path: Path) -> PostgresCommands:
    """pg_dump (custom format) and pg_restore for this database; the URL they print is the one
    libpq understands (no `+driver`) and never contains the password."""
    without_password = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    libpq = without_password.render_as_string(hide_password=False)
    return PostgresCommands(
        dump=["pg_dump", "--format=custom", f"--file={path}", libpq],
        restore=[
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            f"--dbname={libpq}",
            str(path),
        ],
        password=url.password if url.password else None,
    )


def run_pg_dump(commands: PostgresCommands, path: Path) -> int:
    """Run pg_dump into a new private file; the password goes through PGPASSWORD, not argv.

    Returns the size of the dump; raises RuntimeError with pg_dump's message if it fails."""
    program = shutil.which("pg_dump")
    if program is None:
        raise RuntimeError("pg_dump is not on PATH: install the PostgreSQL client tools")
    env = dict(os.environ)
    if commands.password:
        env["PGPASSWORD"] = commands.password
    _private_file(path)
    done = subprocess.run(  # noqa: S603  (fixed program, our own arguments)  # nosec B603
        [program, *commands.dump[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        raise RuntimeError(f"pg_dump failed: {done.stderr.strip()}")
    return path.stat().st_size
