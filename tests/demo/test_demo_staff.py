"""`flask demo staff` shows the demo accounts' sign-in details once and keeps them in a file only
its owner reads; `flask user demo --rotate` gives them new passwords; `flask user code` shows a
demo account's second factor code for testers without an authenticator app."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.demo.staff import read_details
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page

ADMIN = "demo-admin@example.org"


@pytest.fixture
def details_file(app: Flask, tmp_path: Path) -> Path:
    path = tmp_path / "demo-passwords.txt"
    app.config["DEMO_PASSWORDS_FILE"] = str(path)
    return path


def _sign_in_with_code(app: Flask, runner: FlaskCliRunner, email: str, password: str) -> Page:
    browser = Browser(app.test_client())
    page = browser.get("/staff/sign-in")
    page = browser.submit(page, {"email": email, "password": password})
    if page.h1 != "Type the code from your app":
        return page
    code = runner.invoke(args=["user", "code", "--email", email])
    assert code.exit_code == 0, code.output
    return browser.submit(page, {"code": code.output.strip()})


def test_demo_staff_shows_the_sign_in_details_once_and_keeps_them_private(
    app: Flask, runner: FlaskCliRunner, db_session: Session, details_file: Path
) -> None:
    first = runner.invoke(args=["demo", "staff"])
    assert first.exit_code == 0, first.output
    roles = sorted(user.role for user in db_session.scalars(select(StaffUser)))
    assert roles == [
        "administrator",
        "content_editor",
        "facilitator",
        "reviewer",
        "safeguarding_lead",
        "translator",
    ]
    assert stat.S_IMODE(details_file.stat().st_mode) == 0o600
    details = read_details(details_file)
    for email, (password, _secret) in details.items():
        assert f"{email}  password: {password}" in first.output
    assert details[ADMIN][1] and details["demo-safety-lead@example.org"][1], "second factors"
    assert not details["demo-reviewer@example.org"][1]

    second = runner.invoke(args=["demo", "staff"])
    assert second.exit_code == 0, second.output
    assert "password:" not in second.output
    assert not any(password in second.output for password, _secret in details.values())
    assert f"Their sign-in details are in {details_file}" in second.output
    assert read_details(details_file) == details
    assert not list(details_file.parent.glob(".demo-passwords-*")), "no temporary file left"

    assert _sign_in_with_code(app, runner, ADMIN, details[ADMIN][0]).h1 == "Staff home"


def test_demo_staff_writes_new_details_when_the_file_is_lost(
    app: Flask, runner: FlaskCliRunner, details_file: Path
) -> None:
    runner.invoke(args=["demo", "staff"])
    old = read_details(details_file)
    details_file.unlink()
    again = runner.invoke(args=["demo", "staff"])
    new = read_details(details_file)
    assert new.keys() == old.keys() and all(new[e][0] != old[e][0] for e in new)
    assert f"{ADMIN}  password: {new[ADMIN][0]}" in again.output


def test_rotating_gives_every_demo_account_a_new_password_and_ends_their_sign_ins(
    app: Flask, runner: FlaskCliRunner, db_session: Session, details_file: Path
) -> None:
    before = os.umask(0o022)  # a file made the ordinary way would be readable by everyone
    try:
        runner.invoke(args=["demo", "staff"])
    finally:
        os.umask(before)
    old = read_details(details_file)
    admin = db_session.scalars(select(StaffUser).where(StaffUser.email == ADMIN)).one()
    signed_in = Browser(app.test_client())
    start_signed_in(signed_in, admin.id)

    rotated = runner.invoke(args=["user", "demo", "--rotate"])
    assert rotated.exit_code == 0, rotated.output
    new = read_details(details_file)
    assert stat.S_IMODE(details_file.stat().st_mode) == 0o600
    for email, (password, secret) in new.items():
        assert password != old[email][0] and secret == old[email][1]
        assert f"{email}  password: {password}" in rotated.output
    assert signed_in.get("/staff/").h1 == "Staff sign in", "their sign-ins ended"
    assert _sign_in_with_code(app, runner, ADMIN, old[ADMIN][0]).h1 == "Staff sign in"
    assert _sign_in_with_code(app, runner, ADMIN, new[ADMIN][0]).h1 == "Staff home"
    reviewer = "demo-reviewer@example.org"
    assert _sign_in_with_code(app, runner, reviewer, new[reviewer][0]).h1 == "Staff home"


def test_codes_are_shown_only_for_demo_accounts_unless_in_the_demo(
    app: Flask, runner: FlaskCliRunner, details_file: Path
) -> None:
    add_staff(app, "administrator", "real-admin@example.org")
    app.config["DEMO"] = False
    refused = runner.invoke(args=["user", "code", "--email", "real-admin@example.org"])
    assert refused.exit_code != 0 and "is not a demo account" in refused.output
    app.config["DEMO"] = True
    shown = runner.invoke(args=["user", "code", "--email", "real-admin@example.org"])
    assert shown.exit_code == 0 and shown.output.strip().isdigit()
    unknown = runner.invoke(args=["user", "code", "--email", "nobody@example.org"])
    assert unknown.exit_code != 0
