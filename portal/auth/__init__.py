"""Staff accounts, roles and sign-in (Flask-Login), and the `user` commands."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_login import LoginManager
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import ROLES, StaffUser
from portal.auth.services import AccountError, create_user, set_password, user_by_email
from portal.db import get_db, get_engine

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = None  # type: ignore[assignment]

DEMO_ACCOUNTS = (
    ("demo-admin@example.org", "Demo administrator", "administrator"),
    ("demo-safety-lead@example.org", "Demo safety lead", "safeguarding_lead"),
    ("demo-facilitator@example.org", "Demo facilitator", "facilitator"),
    ("demo-reviewer@example.org", "Demo Advisory Group member", "reviewer"),
)


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


def _read_demo_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return {email: password for email, password in pairs}


def _write_demo_passwords(path: Path, passwords: dict[str, str]) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.writelines(f"{email} {password}\n" for email, password in passwords.items())
    path.chmod(0o600)


@user_cli.command("demo")
def demo_command() -> None:
    """Make a demo administrator, safety lead and two areas if missing; print how to sign in."""
    from portal.admin.services import ensure_demo_areas  # admin needs auth loaded first

    path = Path(
        current_app.config.get("DEMO_PASSWORDS_FILE")
        or Path(current_app.instance_path) / "demo-passwords.txt"
    )
    passwords = _read_demo_passwords(path)
    with Session(get_engine()) as db, db.begin():
        for email, name, role in DEMO_ACCOUNTS:
            user = user_by_email(db, email)
            if user is None or email not in passwords:
                passwords[email] = secrets.token_urlsafe(12)
                if user is None:
                    create_user(db, email, name, role, passwords[email])
                else:
                    set_password(db, user, passwords[email])
        areas = ensure_demo_areas(db)
    _write_demo_passwords(path, passwords)
    click.echo("Demo staff accounts (sign in at /staff/sign-in):")
    for email, _name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role:<18} {email}  password: {passwords[email]}")
    click.echo(f"(kept in {path}, readable only by you)")
    click.echo(f"Demo areas, with fictional help numbers (01632 960xxx): {', '.join(areas)}.")


def init_app(app: Flask) -> None:
    """Register sign-in, the staff home page and the `user` commands."""
    from portal.auth.access import can_use
    from portal.auth.views import bp, staff

    app.config.setdefault("SIGN_IN_MAX_FAILURES", 5)
    app.config.setdefault("SIGN_IN_WINDOW_MINUTES", 15)
    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(staff)
    app.jinja_env.globals["can_use_staff_area"] = can_use
    app.cli.add_command(user_cli)
