"""Guessing resume codes: one client typing wrong codes is asked to wait (kindly); a person at
another address with the right code is never stopped; many wrong codes across the site alert
the administrators (once a window) and lock nobody out. A burst of wrong codes sent at once is
held to the limit: every try is counted before its code is looked up."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.respond.models import FailedResume
from portal.respond.services import BACKSTOP_ALERT
from tests.auth.helpers import add_staff
from tests.conftest import mailing_app
from tests.helpers import Browser
from tests.mail import Inbox, free_port
from tests.respond.test_resume_codes import _make_code, _resume, client_at

WRONG = "apple apple apple apple"  # four code words, but nobody's code


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_one_client_is_slowed_and_another_with_the_right_code_gets_in(
    app: Flask, client: Browser, db_session: Session
) -> None:
    limit = app.config["RESUME_CLIENT_MAX_FAILURES"]
    _page, ids = _make_code(client)
    for _ in range(limit):
        page = _resume(app, WRONG, status=400, address="10.0.0.1")
        assert "We cannot find that code." in page.text
    page = _resume(app, " ".join(ids), status=429, address="10.0.0.1")
    assert page.h1 == "Please wait"
    assert "Please wait 10 minutes. Then try again." in page.text
    assert "We did not check your code." in page.text
    assert len(page.audio_sources()) >= 4, "the wait page is read aloud"

    page = _resume(app, " ".join(ids), address="10.0.0.2")
    assert page.url.startswith("/question/")
    assert _count(db_session, FailedResume) == limit, "the right code is not counted as wrong"


def test_fifty_wrong_codes_at_once_are_held_to_the_limit(
    app: Flask, client: Browser, db_session: Session
) -> None:
    limit = app.config["RESUME_CLIENT_MAX_FAILURES"]
    _page, ids = _make_code(client)
    guessers = [Browser(client_at(app, "10.6.6.6")) for _ in range(50)]
    forms = [g.get("/resume") for g in guessers]  # each has its page and CSRF token first
    start = threading.Barrier(len(guessers))
    statuses: list[int] = []

    def guess(number: int) -> None:
        start.wait()
        page = guessers[number].submit(forms[number], {"code": WRONG}, status=None)
        statuses.append(page.status)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(len(guessers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counted = Counter(statuses)
    assert counted == {400: limit, 429: len(guessers) - limit}, counted
    assert _count(db_session, FailedResume) == limit, "only the tries let through were checked"

    page = _resume(app, " ".join(ids), address="10.7.7.7")
    assert page.url.startswith("/question/"), "someone else with the right code gets in"


@pytest.fixture
def mail_app(
    template_database: str, audio_dir: Path, tmp_path: Path, smtp: tuple[Inbox, int]
) -> Iterator[Flask]:
    with mailing_app(template_database, audio_dir, tmp_path, smtp[1], RESUME_MAX_FAILURES=3) as app:
        yield app


def test_many_wrong_codes_across_the_site_tell_the_administrators_once(
    mail_app: Flask, smtp: tuple[Inbox, int]
) -> None:
    inbox, _port = smtp
    admin = f"admin-{free_port()}@example.org"
    add_staff(mail_app, "administrator", admin)
    add_staff(mail_app, "facilitator")
    client = Browser(mail_app.test_client())
    _page, ids = _make_code(client)
    for number in range(6):  # each from its own address: no client is slowed
        _resume(mail_app, WRONG, status=400, address=f"10.3.0.{number}")
    messages = inbox.wait_for(1)
    assert [m["To"] for m in messages] == [admin], "only administrators, once a window"
    assert messages[0]["Subject"] == "Many wrong resume codes"
    body = messages[0].get_payload()
    assert "apple" not in body and "10.3.0" not in body, "no code, no address"
    with Session(mail_app.extensions["db_engine"]) as db:
        told = db.scalars(select(AuditEntry).where(AuditEntry.action == BACKSTOP_ALERT)).all()
        assert len(told) == 1

    page = _resume(mail_app, " ".join(ids), address="10.3.1.1")
    assert page.url.startswith("/question/"), "nobody is locked out"
    assert len(inbox.wait_for(2, seconds=1)) == 1
