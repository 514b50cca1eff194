"""Backups: `flask backup` makes a consistent copy of the database."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from portal.db import get_engine, utcnow


@click.command("backup")
@click.option(
    "--to", "target", type=click.Path(path_type=Path),
    help="File (or folder) for the copy. Default: instance/backups/.",
)  # fmt: skip
@click.option("--run", is_flag=True, help="PostgreSQL: run pg_dump now (it must be on PATH).")
@with_appcontext
def backup_command(target: Path | None, run: bool) -> None:
    """Copy the database consistently, even while people are answering.

    SQLite: a copy made with SQLite's online backup. PostgreSQL: the pg_dump and pg_restore
    commands to use (and, with --run, the dump itself).
    """
    from portal.backup.services import (
        BackupError,
        backup_name,
        backup_sqlite,
        backup_target,
        postgres_commands,
        run_pg_dump,
    )

    url = make_url(current_app.config["DATABASE_URL"])
    folder = Path(current_app.instance_path) / "backups"
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise click.ClickException("An in-memory database cannot be backed up.")
        try:
            path = backup_target(target, folder, backup_name(utcnow(), ".sqlite3"))
            made = backup_sqlite(get_engine(), path)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backup made: {made.path}")
        click.echo(f"Size: {made.size:,} bytes. It holds {made.responses:,} responses and "
                   f"{made.answers:,} answers.")  # fmt: skip
        click.echo("Only you can read it (mode 600). Keep it somewhere safe: it holds answers.")
        live = shlex.quote(url.database)
        click.echo("To restore it, stop the portal, then put it in place of the database:")
        click.echo(f"  rm -f {live}-wal {live}-shm")
        click.echo(f"  cp {shlex.quote(str(made.path))} {live}")
        return
    if backend != "postgresql":
        raise click.ClickException(f"Backups of {backend} databases are not supported.")
    try:
        path = backup_target(target, folder, backup_name(utcnow(), ".dump"))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    commands = postgres_commands(url, path)
    click.echo("PostgreSQL: make the backup with pg_dump (a consistent snapshot):")
    click.echo(f"  {commands.shell(commands.dump)}")
    click.echo("Restore it (this replaces what is in that database now) with pg_restore:")
    click.echo(f"  {commands.shell(commands.restore)}")
    if commands.password:
        click.echo("The password is not shown: give it in PGPASSWORD or ~/.pgpass.")
    if not run:
        click.echo("Or run `flask backup --run` to make the dump now.")
        return
    try:
        size = run_pg_dump(commands, path)
    except (BackupError, RuntimeError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup made: {path}")
    click.echo(f"Size: {size:,} bytes. Only you can read it (mode 600).")


def init_app(app: Flask) -> None:
    """Register `flask backup`."""
    app.cli.add_command(backup_command)
