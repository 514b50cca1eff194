"""`flask backup` makes a consistent copy; restoring it gives back every answer."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from portal import create_app
from portal.backup.services import postgres_commands
from portal.db import make_engine
from portal.respond.models import Answer, Response
from tests.conftest import USING_POSTGRES
from tests.helpers import Browser
from tests.respond.journey import answer, begin


def _answers_from_two_people(app: Flask) -> None:
    for values in (["yes", "yes", "sometimes"], ["no", "prefer_not"]):
        person = Browser(app.test_client())
        page = begin(person)
        for value in values:
            page = answer(person, page, value)


def _every_answer(db: Session) -> set[tuple[str, str, str]]:
    rows = db.execute(
        select(Response.token, Answer.statement_id, Answer.value).join(
            Answer, Answer.response_id == Response.id
        )
    )
    return {tuple(row) for row in rows}  # type: ignore[misc]


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_restored_backup_has_every_answer(
    app: Flask, runner: FlaskCliRunner, db_session: Session, tmp_path: Path
) -> None:
    _answers_from_two_people(app)
    given = _every_answer(db_session)
    assert len(given) == 5
    target = tmp_path / "copy"
    if USING_POSTGRES:
        _dump_and_restore_postgres(app, runner, target.with_suffix(".dump"), given)
        return
    result = runner.invoke(args=["backup", "--to", str(target.with_suffix(".sqlite3"))])
    assert result.exit_code == 0, result.output
    copy = target.with_suffix(".sqlite3")
    assert f"Backup made: {copy}" in result.output
    assert "It holds 2 responses and 5 answers." in result.output
    assert _private(copy)

    restored = tmp_path / "restored" / "portal.sqlite3"  # as the printed `cp` would
    restored.parent.mkdir()
    shutil.copyfile(copy, restored)
    engine = make_engine(f"sqlite:///{restored}", poolclass=NullPool)
    with Session(engine) as db:
        assert _every_answer(db) == given
    engine.dispose()


def _dump_and_restore_postgres(
    app: Flask, runner: FlaskCliRunner, dump: Path, given: set[tuple[str, str, str]]
) -> None:
    """PostgreSQL: the printed pg_dump and pg_restore commands work as printed."""
    url = make_url(app.config["DATABASE_URL"])
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = runner.invoke(args=["backup", "--to", str(dump)])
    assert result.exit_code == 0, result.output
    assert f"pg_dump --format=custom --file={dump} {libpq}" in result.output
    assert f"pg_restore --clean --if-exists --no-owner --dbname={libpq} {dump}" in result.output
    assert "+psycopg" not in result.output
    assert not dump.exists(), "without --run nothing is dumped"

    result = runner.invoke(args=["backup", "--to", str(dump), "--run"])
    assert result.exit_code == 0, result.output
    assert f"Backup made: {dump}" in result.output and _private(dump)

    admin = create_engine(
        url.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS portal_restored"))
        connection.execute(text("CREATE DATABASE portal_restored"))
    try:
        restored = url.set(database="portal_restored")
        restore = postgres_commands(restored, dump).restore
        subprocess.run(restore, check=True, capture_output=True)  # noqa: S603
        engine = make_engine(restored.render_as_string(hide_password=False), poolclass=NullPool)
        with Session(engine) as db:
            assert _every_answer(db) == given
        engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS portal_restored"))
        admin.dispose()


def test_backups_go_to_the_instance_folder_with_the_time_in_their_name(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    app.instance_path = str(tmp_path / "instance")
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    suffix = r"\.dump" if USING_POSTGRES else r"\.sqlite3"
    pattern = rf"{re.escape(str(tmp_path))}/instance/backups/portal-\d{{8}}-\d{{6}}{suffix}"
    assert re.search(pattern, result.output), result.output
    folder = tmp_path / "instance" / "backups"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    if not USING_POSTGRES:
        (copy,) = folder.iterdir()
        assert _private(copy)


def test_a_backup_never_replaces_a_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    existing = tmp_path / "keep.sqlite3"
    existing.write_text("precious")
    result = runner.invoke(args=["backup", "--to", str(existing)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_text() == "precious"


def test_postgres_instructions_never_show_the_password(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": "postgresql+psycopg://portal:s3cret@db.example:5433/portal",
        }
    )
    dump = tmp_path / "portal.dump"
    result = app.test_cli_runner().invoke(args=["backup", "--to", str(dump)])
    assert result.exit_code == 0, result.output
    url = "postgresql://portal@db.example:5433/portal"
    assert f"pg_dump --format=custom --file={dump} {url}" in result.output
    assert f"pg_restore --clean --if-exists --no-owner --dbname={url} {dump}" in result.output
    assert "s3cret" not in result.output and "PGPASSWORD" in result.output
    commands = postgres_commands(make_url(app.config["DATABASE_URL"]), dump)
    assert commands.password == "s3cret" and "s3cret" not in " ".join(commands.dump)
    app.extensions["db_engine"].dispose()


def _one_line_error(result: Result) -> str:
    """The command stopped with one line saying what is wrong, not a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    (line,) = result.output.splitlines()
    assert line.startswith("Error: ")
    return line


def test_a_backup_to_a_link_to_nothing_is_refused_clearly(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    link = tmp_path / "backup.sqlite3"
    link.symlink_to(tmp_path / "gone" / "elsewhere.sqlite3")
    line = _one_line_error(runner.invoke(args=["backup", "--to", str(link)]))
    assert line == f"Error: {link} is a link: give the name of a new file, not a link."
    assert not (tmp_path / "gone").exists()


def test_a_backup_into_a_folder_that_is_not_there_is_refused_clearly(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "not-made-yet"
    line = _one_line_error(runner.invoke(args=["backup", "--to", str(missing / "b.sqlite3")]))
    assert line == f"Error: The folder {missing} is not there: make it first, or choose another."
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    line = _one_line_error(runner.invoke(args=["backup", "--to", str(not_a_folder / "b")]))
    assert (
        line == f"Error: The folder {not_a_folder} is not there: make it first, or choose another."
    )


@pytest.mark.skipif(USING_POSTGRES, reason="without --run, nothing is written on PostgreSQL")
def test_a_backup_into_a_folder_that_cannot_be_written_is_refused_clearly(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes anywhere a mode allows nothing: a kernel folder then
        locked = Path("/sys")
    line = _one_line_error(runner.invoke(args=["backup", "--to", str(locked / "b.sqlite3")]))
    assert str(locked) in line and "Cannot write" in line
    assert not (locked / "b.sqlite3").exists()
