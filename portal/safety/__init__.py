"""Safety: safety flags, the contacts shown for help, the safeguarding lead's follow-up, and a
command to list open flags."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.db import get_db, get_engine
from portal.safety.services import count_overdue_flags, open_flags


@click.group("safety", cls=AppGroup)
def safety_cli() -> None:
    """Safety flags."""


@safety_cli.command("flags")
def flags_command() -> None:
    """List open safety flags: when, and which statement or the help link. Nothing else."""
    with Session(get_engine()) as db:
        flags = open_flags(db)
        for flag in flags:
            what = (
                f"answered {flag.answer!r} to {flag.statement_id}"
                if flag.statement_id
                else ('followed "I need help now"')
            )
            click.echo(f"{flag.raised_at:%Y-%m-%d %H:%M} UTC  flag {flag.id}: {what}")
        click.echo(f"{len(flags)} open safety flag(s).")


def overdue_safety_alerts() -> int:
    """For the staff pages' banner: open flags older than SAFETY_FLAG_OVERDUE_HOURS."""
    return count_overdue_flags(get_db(), current_app.config["SAFETY_FLAG_OVERDUE_HOURS"])


def init_app(app: Flask) -> None:
    """Register the staff flags pages and the `safety` commands."""
    from portal.safety.views import staff_bp

    app.register_blueprint(staff_bp)
    app.jinja_env.globals["overdue_safety_alerts"] = overdue_safety_alerts
    app.cli.add_command(safety_cli)
