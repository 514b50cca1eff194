"""Staff accounts, roles and sign-in (Flask-Login), and the `user` commands."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, g, redirect, request, url_for
from flask.cli import AppGroup
from flask_login import LoginManager
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.auth.models import ROLES, StaffUser
from portal.auth.passwords import announce
from portal.auth.second_factor import reset_second_factor
from portal.auth.services import AccountError, create_user, user_by_email
from portal.auth.sessions import IDLE, TOO_OLD, load_signed_in
from portal.db import get_db, get_engine

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = None


@login_manager.user_loader
def load_user(cookie_id: str) -> StaffUser | None:
    """The signed-in account, if its sign-in is open, recent and used lately, and it is active."""
    return load_signed_in(get_db(), cookie_id)


@login_manager.unauthorized_handler
def sign_in_again() -> Response:
    """To the sign-in page, then back here; saying why when a sign-in just ended."""
    query: dict[str, Any] = {"next": request.full_path.rstrip("?")}
    ended = g.get("staff_sign_in_ended")
    if ended in (IDLE, TOO_OLD):
        query["signed-out"] = ended.replace("_", "-")
    elif ended is not None:
        query["signed-out"] = "ended"
    return redirect(url_for("auth.sign_in", **query))


@click.group("user", cls=AppGroup)
def user_cli() -> None:
    """Staff accounts."""


@user_cli.command("add")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", "display_name", required=True, help="Name shown to other staff.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when left out (recommended: it stays out of the shell history).",
)
def add_command(email: str, display_name: str, role: str, password: str) -> None:
    """Create a staff account."""
    with Session(get_engine()) as db, db.begin():
        try:
            user = create_user(db, email, display_name, role, password)
        except AccountError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {user.role} {user.email}.")


@user_cli.command("list")
def list_command() -> None:
    """List staff accounts: email, role, and whether they can sign in."""
    with Session(get_engine()) as db:
        users = list(db.scalars(select(StaffUser).order_by(StaffUser.email)))
        for user in users:
            state = "active" if user.active else "switched off"
            click.echo(f"{user.email}  {user.role}  {user.display_name}  ({state})")
        click.echo(f"{len(users)} staff account(s).")


@user_cli.command("reset-second-factor")
@click.option("--email", required=True, help="The account whose phone was lost.")
def reset_second_factor_command(email: str) -> None:
    """Forget an account's authenticator app (the only administrator lost their phone): it is
    set up again at the next sign-in. Audited."""
    with Session(get_engine()) as db, db.begin():
        user = user_by_email(db, email)
        if user is None:
            raise click.ClickException(f"There is no account for {email}.")
        reset_second_factor(db, user)
        announce(db, None, "staff.second_factor_reset", user)
        click.echo(
            f"The second factor of {user.email} is reset. They set up their authenticator app"
            " again when they next sign in."
        )


def init_app(app: Flask) -> None:
    """Register sign-in, the staff home page and the `user` commands."""
    from portal.auth.access import can_use
    from portal.auth.account_views import account, steps
    from portal.auth.views import bp, staff

    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(staff)
    app.register_blueprint(steps)
    app.register_blueprint(account)
    app.jinja_env.globals["can_use_staff_area"] = can_use
    app.cli.add_command(user_cli)
