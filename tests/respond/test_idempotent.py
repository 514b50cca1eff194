"""Sending the same answer page twice (a double tap, back and send again, a retry after a
lost connection) stores the answer once and shows the next page both times."""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.respond.models import Answer
from portal.safety.models import SafetyFlag
from tests.helpers import Browser
from tests.respond.journey import answer, begin


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_the_same_page_sent_twice_stores_one_answer_and_moves_on(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    first = answer(client, page, "sometimes")
    again = answer(client, page, "sometimes")  # the very same page, key and all
    assert first.url == again.url != page.url, "both show the next page"
    assert _count(db_session, Answer) == 1
    stored = db_session.scalars(select(Answer)).one()
    assert stored.value == "sometimes"


def test_going_back_to_change_an_answer_then_double_tapping_keeps_one_answer(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    answer(client, page, "yes")
    changed = client.get(page.url)  # back to the question: a fresh page with a fresh key
    answer(client, changed, "no")
    answer(client, changed, "no")  # double tap on the changed answer
    assert db_session.scalars(select(Answer.value)).one() == "no"
    assert _count(db_session, Answer) == 1


def test_a_repeated_safety_answer_raises_one_flag_and_shows_help_again(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    while "safe" not in page.url:
        page = answer(client, page, "yes")
    first = answer(client, page, "no")
    again = answer(client, page, "no")
    assert first.url.startswith("/help") and again.url.startswith("/help")
    assert _count(db_session, SafetyFlag) == 1


def test_two_copies_sent_at_the_same_moment_store_one_answer(
    app: Flask, client: Browser, db_session: Session
) -> None:
    page = begin(client)
    token = page.form().find("input", attrs={"name": "csrf_token"})["value"]
    key = page.form().find("input", attrs={"name": "submission"})["value"]
    with client.client.session_transaction() as saved:
        cookie_session = dict(saved)
    statuses: list[int] = []

    def send() -> None:
        other = app.test_client()
        with other.session_transaction() as session:
            session.update(cookie_session)
        response = other.post(
            page.url,
            data={"csrf_token": token, "answer": "yes", "action": "next", "submission": key},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert _count(db_session, Answer) == 1
