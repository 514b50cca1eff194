"""Staff change their own password; a new account's one-time password expires and must be
replaced at the first sign-in; an administrator's password reset link works once, for a day."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.auth.models import PasswordReset, StaffUser
from portal.db import utcnow
from tests.admin.helpers import admin_browser, press
from tests.auth.helpers import PASSWORD, add_staff, sign_in, start_signed_in
from tests.helpers import Browser, Page

NEW_PASSWORD = "a brand new staff password"


def _change(browser: Browser, current: str, new: str, again: str | None = None) -> Page:
    page = browser.get("/staff/")
    page = browser.get(page.link("Change your password"))
    data = {"current_password": current, "new_password": new, "again": again or new}
    return browser.submit(page, data)


def _actions(db: Session) -> list[tuple[int | None, str, str]]:
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(entry.actor_id, entry.action, entry.subject) for entry in entries]


def test_staff_member_changes_their_password_and_is_signed_out_everywhere_else(
    app: Flask, db_session: Session
) -> None:
    user_id = add_staff(app, "facilitator", "fran@example.org")
    here, elsewhere = Browser(app.test_client()), Browser(app.test_client())
    sign_in(here, "fran@example.org")
    start_signed_in(elsewhere, user_id)

    page = _change(here, PASSWORD, NEW_PASSWORD)
    assert page.h1 == "Change your password"
    assert "Your password is changed. You are signed out in every other browser." in page.text
    assert here.get("/staff/").h1 == "Staff home", "still signed in here"
    assert elsewhere.get("/staff/").h1 == "Staff sign in", "signed out in the other browser"

    assert sign_in(Browser(app.test_client()), "fran@example.org", PASSWORD).h1 == "Staff sign in"
    home = sign_in(Browser(app.test_client()), "fran@example.org", NEW_PASSWORD)
    assert home.h1 == "Staff home"
    assert _actions(db_session) == [(user_id, "staff.password_changed", f"staff_user:{user_id}")]
    assert NEW_PASSWORD not in db_session.scalars(select(AuditEntry)).one().detail


def test_changing_a_password_says_what_to_do_about_each_mistake(
    app: Flask, db_session: Session
) -> None:
    user_id = add_staff(app, "reviewer")
    browser = Browser(app.test_client())
    start_signed_in(browser, user_id)
    mistakes = {
        ("not my password", NEW_PASSWORD, NEW_PASSWORD): (
            "Your current password is not right. Type it again."
        ),
        (PASSWORD, "too short", "too short"): (
            "Your new password is too short. Use 12 characters or more."
        ),
        (PASSWORD, NEW_PASSWORD, "something else entirely"): (
            "The two new passwords are not the same. Type them again."
        ),
        (PASSWORD, PASSWORD, PASSWORD): (
            "Your new password is the same as your current one. Choose a different one."
        ),
        ("", "", ""): "Type your current password.",
    }
    for (current, new, again), message in mistakes.items():
        page = _change(browser, current, new, again)
        assert page.soup.title.get_text().startswith("Error: ")
        assert message in page.soup.find(class_="error-summary").get_text(" ")
    assert _actions(db_session) == []
    user = db_session.get(StaffUser, user_id)
    assert user is not None and user.password_changed_at is None


def test_guessing_the_current_password_is_slowed_down(app: Flask) -> None:
    browser = Browser(app.test_client())
    start_signed_in(browser, add_staff(app, "reviewer"))
    for _ in range(5):
        _change(browser, "a wrong guess at it", NEW_PASSWORD)
    page = _change(browser, PASSWORD, NEW_PASSWORD)
    assert "You typed a wrong password too many times. Wait 15 minutes." in page.text


def _new_account(app: Flask, role: str = "facilitator") -> str:
    """An administrator adds sam@example.org; the one-time password shown."""
    admin, _admin_id = admin_browser(app)
    page = admin.get("/staff/admin/staff/new")
    data = {"email": "sam@example.org", "display_name": "Sam", "role": role}
    page = admin.submit(page, data)
    assert "It works for 24 hours, until" in page.text
    return page.soup.find(id="one-time-password").get_text(strip=True)


def test_a_one_time_password_must_be_replaced_before_anything_else(
    app: Flask, db_session: Session
) -> None:
    one_time = _new_account(app)
    sam = Browser(app.test_client())
    page = sign_in(sam, "sam@example.org", one_time)
    assert page.h1 == "Choose a new password"
    assert sam.get("/staff/").h1 == "Staff sign in", "not signed in until a password is chosen"

    page = sam.get("/staff/sign-in/new-password")
    page = sam.submit(page, {"new_password": one_time, "again": one_time})
    assert "That is the password we gave you. Choose a new one" in page.text
    page = sam.submit(page, {"new_password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert page.h1 == "Staff home"

    user = db_session.scalars(select(StaffUser).where(StaffUser.email == "sam@example.org")).one()
    assert (user.must_change_password, user.password_expires_at) == (False, None)
    assert sign_in(Browser(app.test_client()), "sam@example.org", one_time).h1 == "Staff sign in"
    assert sign_in(Browser(app.test_client()), "sam@example.org", NEW_PASSWORD).h1 == "Staff home"
    assert ("staff.password_chosen", f"staff_user:{user.id}") in [
        (action, subject) for _actor, action, subject in _actions(db_session)
    ]


def test_a_one_time_password_stops_working_after_24_hours(app: Flask, db_session: Session) -> None:
    one_time = _new_account(app)
    user = db_session.scalars(select(StaffUser).where(StaffUser.email == "sam@example.org")).one()
    assert user.password_expires_at is not None
    assert timedelta(hours=23) < user.password_expires_at - utcnow() <= timedelta(hours=24)
    user.password_expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()

    sam = Browser(app.test_client())
    page = sign_in(sam, "sam@example.org", one_time, status=400)
    assert page.h1 == "Your password has expired"
    assert "Ask an administrator for a password reset link." in page.text
    assert sam.get("/staff/").h1 == "Staff sign in"
    assert sam.get("/staff/sign-in/new-password", status=400).h1 == "Sign in again"


def test_the_half_signed_in_state_lasts_five_minutes(app: Flask) -> None:
    one_time = _new_account(app)
    sam = Browser(app.test_client())
    assert sign_in(sam, "sam@example.org", one_time).h1 == "Choose a new password"
    with sam.client.session_transaction() as session:
        session["pending_staff"] = {**session["pending_staff"]}
        session["pending_staff"]["at"] -= 5 * 60 + 1
    page = sam.get("/staff/sign-in/new-password", status=400)
    assert page.h1 == "Sign in again"
    assert "You took longer than 5 minutes" in page.text


def _reset_link(app: Flask, admin: Browser, user_id: int) -> str:
    page = admin.get(f"/staff/admin/staff/{user_id}")
    page = press(admin, page, "Make a password reset link")
    assert page.h1.startswith("Password reset link for")
    assert "This page shows the link once." in page.text
    assert "It works once, for 24 hours, until" in page.text
    return page.soup.find(id="password-reset-link").get_text(strip=True)


def test_a_password_reset_link_sets_a_new_password_once_and_ends_every_sign_in(
    app: Flask, db_session: Session
) -> None:
    app.config["BASE_URL"] = "https://feedback.example.org"
    admin, admin_id = admin_browser(app)
    user_id = add_staff(app, "reviewer", "rae@example.org")
    signed_in = Browser(app.test_client())
    start_signed_in(signed_in, user_id)

    link = _reset_link(app, admin, user_id)
    assert link.startswith("https://feedback.example.org/staff/password-reset/")
    token = link.rsplit("/", 1)[1]
    stored = db_session.scalars(select(PasswordReset)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash

    rae = Browser(app.test_client())
    path = link.removeprefix("https://feedback.example.org")
    page = rae.get(path)
    assert page.h1 == "Choose a new password"
    page = rae.submit(page, {"new_password": "short", "again": "short"})
    assert "Your new password is too short" in page.text
    page = rae.submit(page, {"new_password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert page.h1 == "Your new password is ready"

    assert signed_in.get("/staff/").h1 == "Staff sign in", "every sign-in ended"
    assert sign_in(Browser(app.test_client()), "rae@example.org", NEW_PASSWORD).h1 == "Staff home"
    used = rae.get(path, status=410)
    assert used.h1 == "This link has been used already"
    assert "Ask an administrator for a new password reset link." in used.text
    assert _actions(db_session) == [
        (admin_id, "staff.password_reset_link", f"staff_user:{user_id}"),
        (user_id, "staff.password_reset_used", f"staff_user:{user_id}"),
    ]


def test_a_new_reset_link_cancels_the_old_one_and_links_expire(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    user_id = add_staff(app, "reviewer")
    first = urlsplit(_reset_link(app, admin, user_id)).path
    second = urlsplit(_reset_link(app, admin, user_id)).path
    rae = Browser(app.test_client())
    assert rae.get(first, status=404).h1 == "This link does not work"
    assert rae.get(second).h1 == "Choose a new password"

    reset = db_session.scalars(select(PasswordReset)).one()
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    page = rae.get(second, status=410)
    assert page.h1 == "This link has expired"
    assert "A password reset link works for 24 hours." in page.text


def test_an_administrator_changes_their_own_password_not_with_a_reset_link(app: Flask) -> None:
    admin, admin_id = admin_browser(app)
    page = admin.get(f"/staff/admin/staff/{admin_id}")
    assert "Make a password reset link" not in page.text
    assert admin.get(page.link("Change your password")).h1 == "Change your password"
