"""The statement bank: load it once per process, check it, copy it to the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.content.bank import Bank, ContentError
from portal.content.checker import check, load_bank


def current_bank() -> Bank:
    """The app's statement bank, loaded and checked on first use."""
    extensions = current_app.extensions
    if "content_bank" not in extensions:
        extensions["content_bank"] = load_bank(current_app.config["CONTENT_DIR"])
    return extensions["content_bank"]


@click.group("content", cls=AppGroup)
def content_cli() -> None:
    """Check and load the statement bank."""


@content_cli.command("check")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Content folder.")
def check_command(directory: str | None) -> None:
    """Check every content file; print file:line: problem, exit 1 on any problem."""
    root = Path(directory or current_app.config["CONTENT_DIR"])
    bank, problems = check(root)
    for problem in problems:
        click.echo(str(problem))
    if bank is None:
        click.echo(f"{len(problems)} problem(s) found in {root}.", err=True)
        sys.exit(1)
    click.echo(
        f"Content is fine: {len(bank.themes)} themes, {len(bank.statements)} statements, "
        f"{len(bank.questionnaires)} questionnaires, {len(bank.pictures)} pictures."
    )


@content_cli.command("load")
def load_command() -> None:
    """Check the content, then copy it into the database in one transaction."""
    from portal.content.services import sync_bank
    from portal.db import get_engine

    try:
        bank = load_bank(current_app.config["CONTENT_DIR"])
        with Session(get_engine()) as db, db.begin():
            counts = sync_bank(db, bank)
    except ContentError as error:
        click.echo(str(error))
        click.echo("Nothing was loaded.", err=True)
        sys.exit(1)
    click.echo("Loaded " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")


def init_app(app: Flask) -> None:
    """Register the `content` commands."""
    app.cli.add_command(content_cli)
