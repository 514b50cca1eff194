"""`flask demo staff`: a demo administrator, safety lead, facilitator and Advisory Group
reviewer, and two demo areas with fictional help numbers; how to sign in is printed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.services import ensure_demo_areas
from portal.auth.services import create_user, set_password, user_by_email
from portal.db import get_engine
from portal.safety.models import OnCall

DEMO_ACCOUNTS = (
    ("demo-admin@example.org", "Demo administrator", "administrator"),
    ("demo-safety-lead@example.org", "Demo safety lead", "safeguarding_lead"),
    ("demo-facilitator@example.org", "Demo facilitator", "facilitator"),
    ("demo-reviewer@example.org", "Demo Advisory Group member", "reviewer"),
)


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


ON_CALL = ("demo-safety-lead@example.org", "demo-admin@example.org")


def _ensure_on_call(db: Session) -> None:
    """The whole site's safety on-call list, if it has nobody: the demo safety lead, then the
    demo administrator (emailed when the lead has not acknowledged an alert in time)."""
    if db.scalar(select(OnCall.id).where(OnCall.area_id.is_(None)).limit(1)) is not None:
        return
    for position, email in enumerate(ON_CALL):
        user = user_by_email(db, email)
        if user is not None:
            db.add(OnCall(area_id=None, staff_user_id=user.id, position=position))


@click.command("staff")
@with_appcontext
def staff_command() -> None:
    """Make a demo administrator, safety lead and two areas if missing; print how to sign in."""
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
        _ensure_on_call(db)
    _write_demo_passwords(path, passwords)
    click.echo("Demo staff accounts (sign in at /staff/sign-in):")
    for email, _name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role:<18} {email}  password: {passwords[email]}")
    click.echo(f"(kept in {path}, readable only by you)")
    click.echo(f"Demo areas, with fictional help numbers (01632 960xxx): {', '.join(areas)}.")
    click.echo(f"Safety alerts go to, in turn: {', '.join(ON_CALL)} (the whole site's list).")
