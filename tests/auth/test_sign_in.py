"""Staff sign in with an email and a password; guessing is slowed down; passwords are hashed."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from portal.auth.models import SignInAttempt, StaffUser
from tests.auth.helpers import PASSWORD, add_staff, sign_in
from tests.groups.helpers import form_index
from tests.helpers import Browser

WRONG = "The email address or password is not right. Check them and try again."


def test_staff_member_signs_in_and_sees_what_their_role_can_do(app: Flask, client: Browser) -> None:
    add_staff(app, "safeguarding_lead", "lead@example.org")
    page = sign_in(client, "Lead@Example.org ")
    assert page.url == "/staff/"
    assert page.h1 == "Staff home"
    assert "Signed in as Safeguarding_Lead." in page.text
    assert page.link("Safety alerts").endswith("/staff/safety/")


def test_a_wrong_password_says_what_to_do_in_easy_words(app: Flask, client: Browser) -> None:
    add_staff(app, "administrator", "admin@example.org")
    page = sign_in(client, "admin@example.org", "not the password")
    assert page.h1 == "Staff sign in"
    assert page.soup.title.get_text().startswith("Error: ")
    assert WRONG in page.text
    assert "After 5 wrong tries you must wait 15 minutes." in page.text
    assert client.get("/staff/").url.startswith("/staff/sign-in")


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(client: Browser) -> None:
    page = sign_in(client, "nobody@example.org", PASSWORD)
    assert WRONG in page.text


def test_the_sixth_try_after_five_failures_is_refused_even_with_the_right_password(
    app: Flask, client: Browser, db_session: Session
) -> None:
    add_staff(app, "administrator", "admin@example.org")
    for _ in range(5):
        sign_in(client, "admin@example.org", "guess")
    page = sign_in(client, "admin@example.org", PASSWORD)
    assert page.h1 == "Staff sign in"
    assert "You tried too many times. Wait 15 minutes. Then try again." in page.text
    assert client.get("/staff/").url.startswith("/staff/sign-in")

    for attempt in db_session.scalars(select(SignInAttempt)):
        attempt.at -= timedelta(minutes=16)
    db_session.commit()
    assert sign_in(client, "admin@example.org", PASSWORD).h1 == "Staff home"


def test_passwords_are_stored_hashed_with_scrypt(app: Flask, db_session: Session) -> None:
    add_staff(app, "reviewer", "reviewer@example.org")
    user = db_session.scalars(select(StaffUser)).one()
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    assert check_password_hash(user.password_hash, PASSWORD)


def test_sign_in_remembers_no_ip_address(app: Flask, client: Browser, db_session: Session) -> None:
    sign_in(client, "someone@example.org", "guess")
    assert set(SignInAttempt.__table__.columns.keys()) == {"id", "email", "at", "succeeded"}
    assert db_session.scalars(select(SignInAttempt)).one().succeeded is False


def test_signing_in_goes_back_to_the_page_that_was_asked_for(app: Flask, client: Browser) -> None:
    add_staff(app, "safeguarding_lead", "lead@example.org")
    page = client.get("/staff/safety/")
    assert page.h1 == "Staff sign in"
    page = client.submit(page, {"email": "lead@example.org", "password": PASSWORD})
    assert page.url == "/staff/safety/" and page.h1 == "Safety alerts"


def test_signing_out_ends_the_staff_visit(app: Flask, client: Browser) -> None:
    add_staff(app, "facilitator", "facilitator@example.org")
    page = sign_in(client, "facilitator@example.org")
    page = client.submit(page, form=form_index(page, "/staff/sign-out"))
    assert page.h1 == "Staff sign in"
    assert "You have signed out." in page.text
    assert client.get("/staff/").h1 == "Staff sign in"


def test_a_switched_off_account_cannot_sign_in(
    app: Flask, client: Browser, db_session: Session
) -> None:
    add_staff(app, "reviewer", "reviewer@example.org")
    db_session.execute(update(StaffUser).values(active=False))
    db_session.commit()
    assert WRONG in sign_in(client, "reviewer@example.org").text
