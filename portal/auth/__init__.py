"""Staff accounts, roles and sign-in (Flask-Login), and the `user` commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from flask_login import LoginManager
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import ROLES, StaffUser
from portal.auth.services import AccountError, create_user
from portal.db import get_db, get_engine

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = None


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The signed-in account, if it still exists and is active."""
    if not user_id.isdigit():
        return None
    user = get_db().get(StaffUser, int(user_id))
    return user if user is not None and user.active else None


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


def init_app(app: Flask) -> None:
    """Register sign-in, the staff home page and the `user` commands."""
    from portal.auth.access import can_use
    from portal.auth.views import bp, staff

    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(staff)
    app.jinja_env.globals["can_use_staff_area"] = can_use
    app.cli.add_command(user_cli)
