"""Administrators and safeguarding leads type a code from an authenticator app after their
password: set up at their first sign-in, a code works once, wrong codes count as failed
sign-ins, and an administrator (or the command line) can reset it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.auth.models import StaffUser
from portal.auth.second_factor import check_code, code_at
from tests.admin.helpers import admin_browser, press
from tests.auth.helpers import TOTP_SECRET, add_staff, sign_in, start_signed_in
from tests.helpers import Browser, Page


def _code(db: Session, user_id: int, steps_from_now: int = 0) -> str:
    db.expire_all()
    user = db.get(StaffUser, user_id)
    assert user is not None and user.totp_secret is not None
    moment = datetime.now(UTC) + timedelta(seconds=30 * steps_from_now)
    return pyotp.TOTP(user.totp_secret).at(moment)


def _type(browser: Browser, page: Page, code: str, status: int = 200) -> Page:
    return browser.submit(page, {"code": code}, status=status)


def test_a_lead_sets_up_an_authenticator_app_at_the_first_sign_in(
    app: Flask, db_session: Session
) -> None:
    lead_id = add_staff(app, "safeguarding_lead", "lead@example.org", second_factor=False)
    lead = Browser(app.test_client())
    page = sign_in(lead, "lead@example.org")
    assert page.h1 == "Set up your authenticator app"
    assert lead.get("/staff/").h1 == "Staff sign in", "not signed in before the code"

    page = lead.get("/staff/sign-in/code")
    svg = page.soup.find("svg", class_="qr")
    assert svg is not None and svg["role"] == "img" and svg.find("title")
    assert not page.soup.select("img[src^='data:']"), "the CSP allows no data: pictures"
    secret = db_session.get(StaffUser, lead_id).totp_secret
    key = page.soup.find(id="second-factor-key").get_text(strip=True)
    assert key.split() == [secret[i : i + 4] for i in range(0, len(secret), 4)]

    page = _type(lead, page, "123 456" if _code(db_session, lead_id) != "123456" else "654321")
    assert "That code is not right. Type the 6 numbers your app shows now." in page.text
    assert page.h1 == "Set up your authenticator app", "the same secret until it is confirmed"
    assert page.soup.find(id="second-factor-key").get_text(strip=True) == key

    page = _type(lead, page, _code(db_session, lead_id))
    assert page.h1 == "Staff home"
    entries = db_session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action) for e in entries] == [(lead_id, "staff.second_factor_set_up")]
    assert secret not in entries[0].detail


def test_every_sign_in_asks_for_the_code_after_the_password(app: Flask) -> None:
    add_staff(app, "administrator", "admin@example.org")
    admin = Browser(app.test_client())
    page = sign_in(admin, "admin@example.org", code=False)
    assert page.h1 == "Type the code from your app"
    assert admin.get("/staff/admin/staff").h1 == "Staff sign in"
    assert sign_in(admin, "admin@example.org").h1 == "Staff home"


def test_a_code_works_once_and_one_step_either_side(app: Flask, db_session: Session) -> None:
    user = StaffUser(email="x@example.org", display_name="X", password_hash="-", role="reviewer")
    user.totp_secret, user.totp_last_step = TOTP_SECRET, 0
    db_session.add(user)
    db_session.flush()
    now = datetime(2026, 12, 3, 9, 0, 10, tzinfo=UTC)
    step = int(now.timestamp()) // 30
    assert not check_code(db_session, user, code_at(TOTP_SECRET, step + 2), now)
    assert not check_code(db_session, user, code_at(TOTP_SECRET, step - 2), now)
    assert check_code(db_session, user, code_at(TOTP_SECRET, step - 1), now)
    assert not check_code(db_session, user, code_at(TOTP_SECRET, step - 1), now), "used"
    assert check_code(db_session, user, code_at(TOTP_SECRET, step), now)
    assert not check_code(db_session, user, code_at(TOTP_SECRET, step - 1), now), "older"
    assert check_code(db_session, user, code_at(TOTP_SECRET, step + 1), now)
    assert not check_code(db_session, user, code_at(TOTP_SECRET, step), now)
    assert not check_code(db_session, user, "12345", now)
    assert not check_code(db_session, user, "abcdef", now)


def test_a_code_typed_once_does_not_sign_in_again(app: Flask, db_session: Session) -> None:
    admin_id = add_staff(app, "administrator", "admin@example.org")
    first, second = Browser(app.test_client()), Browser(app.test_client())
    code = _code(db_session, admin_id)
    assert _type(first, sign_in(first, "admin@example.org", code=False), code).h1 == "Staff home"
    page = _type(second, sign_in(second, "admin@example.org", code=False), code)
    assert "That code is not right." in page.text
    assert second.get("/staff/").h1 == "Staff sign in"


def test_wrong_codes_count_as_failed_sign_ins(app: Flask, db_session: Session) -> None:
    admin_id = add_staff(app, "administrator", "admin@example.org")
    admin = Browser(app.test_client())
    page = sign_in(admin, "admin@example.org", code=False)
    wrong = "000000" if _code(db_session, admin_id) != "000000" else "111111"
    for _ in range(5):
        page = _type(admin, page, wrong)
        assert "That code is not right." in page.text
    page = _type(admin, page, _code(db_session, admin_id), status=429)
    assert page.h1 == "You typed a wrong code too many times"
    assert "Wait 15 minutes. Then sign in again." in page.text
    assert admin.get("/staff/").h1 == "Staff sign in"
    page = sign_in(admin, "admin@example.org", code=False)
    assert "Wait 15 minutes" in page.text and page.h1 != "Type the code from your app"


def test_administrator_resets_a_colleagues_second_factor(app: Flask, db_session: Session) -> None:
    admin, admin_id = admin_browser(app)
    lead_id = add_staff(app, "safeguarding_lead", "lead@example.org")
    page = admin.get(f"/staff/admin/staff/{lead_id}")
    assert "Second factor Set up" in " ".join(page.soup.find("dl").get_text(" ").split())
    page = press(admin, page, "Reset the second factor")
    assert "The second factor is reset." in page.text
    details = " ".join(page.soup.find("dl").get_text(" ").split())
    assert "Second factor Not set up yet" in details
    assert "Reset the second factor" not in page.text

    lead = Browser(app.test_client())
    assert sign_in(lead, "lead@example.org").h1 == "Set up your authenticator app"
    entries = db_session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.subject) for e in entries] == [
        (admin_id, "staff.second_factor_reset", f"staff_user:{lead_id}")
    ]
    own = admin.get(f"/staff/admin/staff/{admin_id}")
    assert "Reset the second factor" not in own.text


def test_a_new_administrator_sets_up_the_second_factor_at_the_next_sign_in(app: Flask) -> None:
    admin, _admin_id = admin_browser(app)
    user_id = add_staff(app, "facilitator", "fran@example.org")
    assert sign_in(Browser(app.test_client()), "fran@example.org").h1 == "Staff home"
    page = admin.get(f"/staff/admin/staff/{user_id}")
    press(admin, page, "Change the role", {"role": "administrator"})
    page = sign_in(Browser(app.test_client()), "fran@example.org")
    assert page.h1 == "Set up your authenticator app"


def test_the_command_line_resets_the_only_administrators_second_factor(
    app: Flask, runner: FlaskCliRunner, db_session: Session
) -> None:
    admin_id = add_staff(app, "administrator", "admin@example.org")
    result = runner.invoke(args=["user", "reset-second-factor", "--email", "Admin@Example.org"])
    assert result.exit_code == 0, result.output
    assert "They set up their authenticator app again when they next sign in." in result.output
    assert sign_in(Browser(app.test_client()), "admin@example.org").h1 == (
        "Set up your authenticator app"
    )
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.subject) == (
        None, "staff.second_factor_reset", f"staff_user:{admin_id}"
    )  # fmt: skip
    unknown = runner.invoke(args=["user", "reset-second-factor", "--email", "no@example.org"])
    assert unknown.exit_code != 0 and "There is no account for no@example.org" in unknown.output


def test_staff_without_the_second_factor_role_sign_in_with_a_password(app: Flask) -> None:
    for role in ("facilitator", "reviewer"):
        email = f"{role}@example.org"
        add_staff(app, role, email)
        assert sign_in(Browser(app.test_client()), email, code=False).h1 == "Staff home"


def test_a_signed_in_person_is_not_asked_again(app: Flask) -> None:
    browser = Browser(app.test_client())
    start_signed_in(browser, add_staff(app, "administrator"))
    assert browser.get("/staff/sign-in").h1 == "Staff home"
    assert browser.get("/staff/sign-in/code").h1 == "Staff home"
    anonymous = Browser(app.test_client())
    assert anonymous.get("/staff/sign-in/code", status=400).h1 == "Sign in again"
