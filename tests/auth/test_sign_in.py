"""Staff sign in with an email and a password; guessing is slowed down; passwords are hashed."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from portal.auth.models import SignInAttempt, StaffUser
from portal.db import utcnow
from tests.auth.helpers import PASSWORD, add_staff, sign_in
from tests.groups.helpers import form_index
from tests.helpers import Browser, Page

WRONG = "The email address or password is not right. Check them and try again."


def test_staff_member_signs_in_and_sees_what_their_role_can_do(app: Flask, client: Browser) -> None:
    add_staff(app, "reviewer", "reviewer@example.org")
    page = sign_in(client, "Reviewer@Example.org ")
    assert page.url == "/staff/"
    assert page.h1 == "Staff home"
    assert "Signed in as Reviewer." in page.text
    assert page.link("Comments to check").endswith("/staff/comments/")


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
    add_staff(app, "reviewer", "reviewer@example.org")
    for _ in range(5):
        sign_in(client, "reviewer@example.org", "guess")
    page = sign_in(client, "reviewer@example.org", PASSWORD)
    assert page.h1 == "Staff sign in"
    assert "You tried too many times. Wait 15 minutes. Then try again." in page.text
    assert client.get("/staff/").url.startswith("/staff/sign-in")

    for attempt in db_session.scalars(select(SignInAttempt)):
        attempt.at -= timedelta(minutes=16)
    db_session.commit()
    assert sign_in(client, "reviewer@example.org", PASSWORD).h1 == "Staff home"


def test_passwords_are_stored_hashed_with_scrypt(app: Flask, db_session: Session) -> None:
    add_staff(app, "reviewer", "reviewer@example.org")
    user = db_session.scalars(select(StaffUser)).one()
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    assert check_password_hash(user.password_hash, PASSWORD)


def test_sign_in_remembers_no_ip_address(app: Flask, client: Browser, db_session: Session) -> None:
    client.client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    sign_in(client, "someone@example.org", "guess")
    app.config["SECRET_KEY"] = "another secret key"
    sign_in(client, "someone@example.org", "guess")
    assert set(SignInAttempt.__table__.columns.keys()) == {
        "id",
        "email",
        "at",
        "succeeded",
        "client",
    }
    first, second = db_session.scalars(select(SignInAttempt).order_by(SignInAttempt.id))
    assert first.succeeded is False
    assert first.client and "192.0.2.7" not in first.client
    assert first.client != second.client  # a keyed hash: nobody without the key can match it


def test_signing_in_goes_back_to_the_page_that_was_asked_for(app: Flask, client: Browser) -> None:
    add_staff(app, "reviewer", "reviewer@example.org")
    page = client.get("/staff/comments/")
    assert page.h1 == "Staff sign in"
    page = client.submit(page, {"email": "reviewer@example.org", "password": PASSWORD})
    assert page.url == "/staff/comments/" and page.status == 200


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


def from_address(app: Flask, address: str) -> Browser:
    """A browser on another computer."""
    browser = Browser(app.test_client())
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser


def test_wrong_passwords_from_elsewhere_do_not_lock_out_the_colleague(
    app: Flask, db_session: Session
) -> None:
    add_staff(app, "reviewer", "reviewer@example.org")
    guesser = from_address(app, "198.51.100.9")
    for _ in range(5):
        sign_in(guesser, "reviewer@example.org", "guess")
    page = sign_in(guesser, "reviewer@example.org", PASSWORD)
    assert "You tried too many times." in page.text

    colleague = from_address(app, "192.0.2.20")
    assert sign_in(colleague, "reviewer@example.org", PASSWORD).h1 == "Staff home"


def test_one_client_guessing_many_emails_must_wait(app: Flask, db_session: Session) -> None:
    app.config["SIGN_IN_CLIENT_MAX_FAILURES"] = 3
    add_staff(app, "reviewer", "reviewer@example.org")
    guesser = from_address(app, "198.51.100.9")
    for number in range(3):
        assert WRONG in sign_in(guesser, f"person{number}@example.org", "guess").text
    page = sign_in(guesser, "reviewer@example.org", PASSWORD)
    assert "You tried too many times. Wait 15 minutes. Then try again." in page.text
    assert sign_in(from_address(app, "192.0.2.20"), "reviewer@example.org").h1 == "Staff home"


def test_many_wrong_passwords_from_many_clients_lock_the_email_for_everyone(
    app: Flask, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    app.config.update(SIGN_IN_MAX_FAILURES=2, SIGN_IN_EMAIL_MAX_FAILURES=4)
    add_staff(app, "reviewer", "reviewer@example.org")
    for address in ("198.51.100.1", "198.51.100.2"):
        guesser = from_address(app, address)
        for _ in range(4):  # the last two are refused, and do not count
            sign_in(guesser, "reviewer@example.org", "guess")
    assert db_session.scalar(select(func.count()).select_from(SignInAttempt)) == 4
    assert "event=sign_in_locked_for_everyone" in caplog.text
    assert "reviewer@example.org" not in caplog.text

    page = sign_in(from_address(app, "192.0.2.20"), "reviewer@example.org", PASSWORD)
    assert page.h1 == "Staff sign in"
    assert "Signing in with this email address is paused for 15 minutes" in page.text


def test_sign_in_attempts_are_forgotten_after_a_day(
    app: Flask, client: Browser, db_session: Session
) -> None:
    db_session.add(
        SignInAttempt(email="old@example.org", succeeded=False, at=utcnow() - timedelta(days=2))
    )
    db_session.add(
        SignInAttempt(email="new@example.org", succeeded=False, at=utcnow() - timedelta(hours=20))
    )
    db_session.commit()
    sign_in(client, "someone@example.org", "guess")
    emails = set(db_session.scalars(select(SignInAttempt.email)))
    assert emails == {"new@example.org", "someone@example.org"}


@pytest.mark.parametrize("tries", [20])
def test_wrong_passwords_sent_together_check_no_more_passwords_than_the_limit(
    app: Flask, monkeypatch: pytest.MonkeyPatch, db_session: Session, tries: int
) -> None:
    add_staff(app, "administrator", "admin@example.org")
    checked = []
    count_lock = threading.Lock()

    def slow_check(stored: str, password: str) -> bool:
        with count_lock:
            checked.append(password)
        time.sleep(0.02)  # a real scrypt check takes about this long: room for a race
        return check_password_hash(stored, password)

    monkeypatch.setattr("portal.auth.services.check_password_hash", slow_check)
    browsers = [Browser(app.test_client()) for _ in range(tries)]
    pages = [browser.get("/staff/sign-in") for browser in browsers]
    together = threading.Barrier(tries)
    failures: list[BaseException] = []

    def guess(browser: Browser, page: Page, number: int) -> None:
        try:
            together.wait()
            browser.submit(page, {"email": "admin@example.org", "password": f"guess {number}"})
        except BaseException as error:  # shown below: a thread's exception is lost otherwise
            failures.append(error)

    threads = [
        threading.Thread(target=guess, args=(browser, page, number))
        for number, (browser, page) in enumerate(zip(browsers, pages, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(checked) == 5
    assert db_session.scalar(select(func.count()).select_from(SignInAttempt)) == 5
