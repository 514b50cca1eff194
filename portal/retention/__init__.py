"""Retention: answers and comments are kept only as long as their questionnaire says."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.db import get_engine, utcnow


@click.group("retention", cls=AppGroup)
def retention_cli() -> None:
    """Delete answers older than their questionnaire's retention period."""


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; change nothing.")
def apply_command(dry_run: bool) -> None:
    """Delete responses (answers, comments) started before their questionnaire's retention
    period; safety flags stay. Run it every day, for example from cron."""
    from portal.retention.services import apply_retention, retention_cutoffs

    with Session(get_engine()) as db, db.begin():
        now = utcnow()
        for slug, months, cutoff in retention_cutoffs(db, now):
            click.echo(
                f"{slug}: kept {months} months, so answers started before {cutoff:%Y-%m-%d} go."
            )
        counts = apply_retention(db, now, dry_run=dry_run)
    if dry_run:
        click.echo(f"Would delete {counts}. Nothing was changed (--dry-run).")
    else:
        click.echo(f"Deleted {counts}. The audit log has the counts.")


def init_app(app: Flask) -> None:
    """Register the `retention` commands."""
    app.cli.add_command(retention_cli)
