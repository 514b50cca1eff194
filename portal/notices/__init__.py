"""Notices: staff are emailed (at once, or weekly) when a report waits for review, is approved
or published, when comments wait for moderation and when an action is overdue; each person
chooses which on /staff/notices/. `flask notices send` sends what is due."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.notices.services import deliver_notices


@click.group("notices", cls=AppGroup)
def notices_cli() -> None:
    """Notices for staff."""


@notices_cli.command("send")
def send_command() -> None:
    """Notice overdue actions and waiting comments, then send the notice emails that are due
    (each person's weekly digest on Mondays). The portal's sender thread does this every half
    minute; this is for a portal that runs no threads (run it from cron)."""
    sent = deliver_notices(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"{sent} notice email(s) sent.")


def init_app(app: Flask) -> None:
    """Register the notices page and command; the safety sender thread notices overdue actions
    and waiting comments, and sends due notice emails."""
    from portal.notices.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(notices_cli)
    sender = app.extensions.get("safety_sender")
    if sender is not None:
        sender.passes.append(deliver_notices)
