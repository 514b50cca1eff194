"""Notices: staff are emailed (at once, or weekly) when a report waits for review, is approved
or published, when comments wait for moderation and when an action is overdue; each person
chooses which on /staff/notices/. `flask notices send` sends what is due."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.notices.services import deliver_notices, send_notices


@click.group("notices", cls=AppGroup)
def notices_cli() -> None:
    """Notices for staff."""


@notices_cli.command("send")
def send_command() -> None:
    """Notice overdue actions and waiting comments, then send the notice emails that are due
    (each person's weekly digest on Mondays). Run this from cron, e.g. every 15 minutes: the
    portal's sender thread sends the emails of report notices at once, but finds nothing."""
    sent = deliver_notices(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"{sent} notice email(s) sent.")


def init_app(app: Flask) -> None:
    """Register the notices page and command, and send due notice emails from the safety
    sender thread."""
    from portal.notices.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(notices_cli)
    sender = app.extensions.get("safety_sender")
    if sender is not None:
        sender.passes.append(send_notices)
