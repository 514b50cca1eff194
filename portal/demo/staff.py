"""Demo staff: `flask demo staff` makes a demo administrator, safety lead, facilitator and
Advisory Group reviewer, and two demo areas with fictional help numbers.

Their sign-in details are printed once, when they are made, and kept in a file only its owner
can read (instance/demo-passwords.txt): one line per account, "email password", and for the
administrator and safety lead their second factor's secret too. Later runs only say where the
file is. `flask user demo --rotate` gives every demo account a new password (printed once, file
rewritten) and ends their sign-ins; `flask user code --email ...` prints the code an
authenticator app would show, for testers without one."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.services import ensure_demo_areas
from portal.auth.models import StaffUser
from portal.auth.second_factor import current_code, give_confirmed_secret, needs_second_factor
from portal.auth.services import create_user, set_password, user_by_email
from portal.auth.sessions import PASSWORD_CHANGED, end_sign_ins
from portal.db import get_engine
from portal.safety.models import OnCall

DEMO_ACCOUNTS = (
    ("demo-admin@example.org", "Demo administrator", "administrator"),
    ("demo-safety-lead@example.org", "Demo safety lead", "safeguarding_lead"),
    ("demo-facilitator@example.org", "Demo facilitator", "facilitator"),
    ("demo-reviewer@example.org", "Demo Advisory Group member", "reviewer"),
    ("demo-editor@example.org", "Demo content editor", "content_editor"),
    ("demo-translator@example.org", "Demo translator", "translator"),
)
DEMO_EMAILS = frozenset(email for email, _name, _role in DEMO_ACCOUNTS)
ON_CALL = ("demo-safety-lead@example.org", "demo-admin@example.org")
FILE_HEADER = (
    "# Demo staff sign-in details: email, password, and (administrator and safety lead) the\n"
    "# second factor's secret for an authenticator app. Or: flask user code --email EMAIL\n"
)

# email -> (password, second factor secret or "")
Details = dict[str, tuple[str, str]]


def details_path() -> Path:
    """Where the demo accounts' sign-in details are kept."""
    return Path(
        current_app.config.get("DEMO_PASSWORDS_FILE")
        or Path(current_app.instance_path) / "demo-passwords.txt"
    )


def read_details(path: Path) -> Details:
    """The details file's accounts (none when there is no file)."""
    if not path.exists():
        return {}
    details: Details = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.startswith("#"):
            details[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return details


def write_details(path: Path, details: Details) -> None:
    """Replace the details file at once (a reader never sees half of it), readable only by its
    owner: a temporary file made with mode 0600 in the same folder, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".demo-passwords-")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(FILE_HEADER)
            for email, (password, secret) in details.items():
                file.write(f"{email} {password} {secret}".rstrip() + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _ensure_on_call(db: Session) -> None:
    """The whole site's safety on-call list, if it has nobody: the demo safety lead, then the
    demo administrator (emailed when the lead has not acknowledged an alert in time)."""
    if db.scalar(select(OnCall.id).where(OnCall.area_id.is_(None)).limit(1)) is not None:
        return
    for position, email in enumerate(ON_CALL):
        user = user_by_email(db, email)
        if user is not None:
            db.add(OnCall(area_id=None, staff_user_id=user.id, position=position))


def _new_details(db: Session, user: StaffUser, secret: str) -> tuple[str, str]:
    """A new password for a demo account, and a second factor secret if its role needs one
    (the one it has, when given)."""
    password = secrets.token_urlsafe(12)
    set_password(db, user, password)
    if needs_second_factor(user) and not (secret and user.totp_secret == secret):
        secret = give_confirmed_secret(user)
    return password, secret if needs_second_factor(user) else ""


def _echo_details(details: Details, emails: list[str]) -> None:
    click.echo("Demo staff accounts (sign in at /staff/sign-in). Shown only this once:")
    roles = {email: role for email, _name, role in DEMO_ACCOUNTS}
    for email in emails:
        password, secret = details[email]
        line = f"  {roles[email]:<18} {email}  password: {password}"
        click.echo(line + (f"  second factor secret: {secret}" if secret else ""))


@click.command("staff")
@with_appcontext
def staff_command() -> None:
    """Make the demo staff accounts and two areas if missing; show new sign-in details once."""
    path = details_path()
    details = read_details(path)
    made: list[str] = []
    with Session(get_engine()) as db, db.begin():
        for email, name, role in DEMO_ACCOUNTS:
            user = user_by_email(db, email)
            kept = details.get(email)
            if user is not None and kept and (kept[1] or not needs_second_factor(user)):
                continue
            if user is None:
                user = create_user(db, email, name, role, secrets.token_urlsafe(12))
            details[email] = _new_details(db, user, kept[1] if kept else "")
            made.append(email)
        areas = ensure_demo_areas(db)
        _ensure_on_call(db)
    if made:
        write_details(path, details)
        _echo_details(details, made)
    else:
        click.echo("The demo staff accounts are ready.")
    click.echo(f"Their sign-in details are in {path} (only you can read it).")
    click.echo(
        "Codes for the second factor: an authenticator app with the secret in that file, or "
        "`flask --app portal user code --email demo-admin@example.org`. New passwords: "
        "`flask --app portal user demo --rotate`."
    )
    click.echo(f"Demo areas, with fictional help numbers (01632 960xxx): {', '.join(areas)}.")
    click.echo(f"Safety alerts go to, in turn: {', '.join(ON_CALL)} (the whole site's list).")


@click.command("demo")
@click.option("--rotate", is_flag=True, help="Give every demo account a new password.")
@with_appcontext
def demo_accounts_command(rotate: bool) -> None:
    """The demo staff accounts: with --rotate, new passwords (shown once) and their sign-ins end."""
    path = details_path()
    if not rotate:
        click.echo(f"The demo staff accounts' sign-in details are in {path}.")
        click.echo("Use --rotate to give them new passwords.")
        return
    details = read_details(path)
    rotated: list[str] = []
    with Session(get_engine()) as db, db.begin():
        for email, _name, _role in DEMO_ACCOUNTS:
            user = user_by_email(db, email)
            if user is None:
                continue
            details[email] = _new_details(db, user, details.get(email, ("", ""))[1])
            end_sign_ins(db, user, PASSWORD_CHANGED)
            rotated.append(email)
    if not rotated:
        raise click.ClickException("There are no demo staff accounts. Make them: flask demo staff")
    write_details(path, details)
    _echo_details(details, rotated)
    click.echo(f"Kept in {path} (only you can read it). Their sign-ins have ended.")


@click.command("code")
@click.option("--email", required=True, help="The demo account's email address.")
@with_appcontext
def code_command(email: str) -> None:
    """Print the second factor code an authenticator app would show now (demo accounts only,
    unless PORTAL_DEMO=1)."""
    with Session(get_engine()) as db:
        user = user_by_email(db, email)
        if user is None:
            raise click.ClickException(f"There is no account for {email}.")
        if user.email not in DEMO_EMAILS and not current_app.config["DEMO"]:
            raise click.ClickException(
                f"{user.email} is not a demo account. Codes are shown only for demo accounts"
                " (or with PORTAL_DEMO=1, never in production)."
            )
        try:
            click.echo(current_code(user))
        except ValueError as error:
            raise click.ClickException(str(error)) from error
