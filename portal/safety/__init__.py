"""Safety: safety flags, who is on call and the emails that tell them, the contacts shown for
help, the safeguarding lead's follow-up, and commands to list open flags and send due emails."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.db import get_db, get_engine
from portal.safety import delivery
from portal.safety.services import count_overdue_flags, open_flags
from portal.shared.times import local_time


@click.group("safety", cls=AppGroup)
def safety_cli() -> None:
    """Safety flags."""


@safety_cli.command("flags")
def flags_command() -> None:
    """List open safety flags: when, and which statement or the help link. Nothing else."""
    with Session(get_engine()) as db:
        flags = open_flags(db)
        for flag in flags:
            what = {
                "answer": f"answered {flag.answer!r} to {flag.statement_id}",
                "group_vote": f"group vote {flag.answer!r} on {flag.statement_id}",
                "comment": f"a comment on {flag.statement_id} sent to the safety lead",
            }.get(flag.kind, 'followed "I need help now"')
            when = local_time(flag.raised_at, "%Y-%m-%d %H:%M")
            click.echo(f"{when} (London)  flag {flag.id}: {what}")
        click.echo(f"{len(flags)} open safety flag(s).")


@safety_cli.command("deliver")
def deliver_command() -> None:
    """Send safety alert emails that are due and escalate alerts nobody has acknowledged.
    The portal does this itself in a thread; run this from cron as well, e.g. every minute."""
    sent = delivery.deliver(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"{sent} safety alert email(s) sent.")


def overdue_safety_alerts() -> int:
    """For the staff pages' banner: open flags older than SAFETY_ESCALATE_MINUTES."""
    return count_overdue_flags(get_db(), current_app.config["SAFETY_ESCALATE_MINUTES"])


def init_app(app: Flask) -> None:
    """Register the staff flags pages, the alert sender and the `safety` commands."""
    from portal.safety.views import staff_bp

    app.register_blueprint(staff_bp)
    delivery.init_app(app)
    app.jinja_env.globals["overdue_safety_alerts"] = overdue_safety_alerts
    app.cli.add_command(safety_cli)
