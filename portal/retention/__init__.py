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
@click.option("--yes", is_flag=True, help="Delete without asking first (for cron).")
def apply_command(dry_run: bool, yes: bool) -> None:
    """Delete responses (answers, comments) started before their questionnaire's retention
    period; safety flags stay. Says what it will delete and asks first, unless --yes. Run it
    every day, for example from cron with --yes."""
    from portal.retention.services import apply_retention, expired_by_questionnaire

    with Session(get_engine()) as db, db.begin():
        now = utcnow()
        for slug, months, cutoff, counts in expired_by_questionnaire(db, now):
            click.echo(
                f"{slug}: kept {months} months, so answers started before {cutoff:%Y-%m-%d} go:"
                f" {counts}."
            )
        counts = apply_retention(db, now, dry_run=True)
        if dry_run:
            click.echo(f"Would delete {counts}. Nothing was changed (--dry-run).")
            return
        if counts.responses and not yes:
            click.echo(f"This deletes {counts}, and cannot be undone.")
            if not click.confirm("Delete these?", default=False):
                click.echo("Nothing was deleted.")
                return
        counts = apply_retention(db, now)
    click.echo(f"Deleted {counts}. The audit log has the counts.")


def init_app(app: Flask) -> None:
    """Register the `retention` commands."""
    app.cli.add_command(retention_cli)
