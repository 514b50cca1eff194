"""After the answers are sent they can be seen and taken away with the code, never changed:
not by the device that still holds them (review finding 12: device A after device B sent),
nor by the code."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.respond import services
from portal.respond.models import Answer, Response
from tests.helpers import Browser
from tests.respond.journey import answer, begin
from tests.respond.test_resume_codes import _resume

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
FIRST, SECOND = QUESTIONS[0], QUESTIONS[1]


def _answers(db: Session) -> dict[str, str]:
    db.expire_all()
    return {key: value for key, value in db.execute(select(Answer.statement_id, Answer.value))}


def test_device_a_cannot_change_answers_that_device_b_sent(
    app: Flask, client: Browser, db_session: Session
) -> None:
    # device A: answers the first question, makes a code, and leaves the second page open
    page = begin(client)
    second = answer(client, page, "yes")
    assert second.url == f"/question/{SECOND}"
    made = client.submit(client.get("/code"))
    code = " ".join(w.get_text() for w in made.soup.select(".code-word__word"))

    # device B: carries on with the code and sends the answers
    tablet = Browser(app.test_client())
    page = tablet.submit(tablet.get("/resume"), {"code": code})
    assert page.url == f"/question/{SECOND}"
    page = answer(tablet, page, "no")
    page = tablet.submit(tablet.get("/check"))
    assert page.h1 == "Thank you"
    assert _answers(db_session) == {FIRST: "yes", SECOND: "no"}

    # device A: its open page is sent, then it opens a question and the check page
    page = client.submit(second, {"answer": "sometimes"}, status=409)
    assert page.h1 == "Someone sent these answers"
    assert "Nobody can change them now." in page.text
    assert _answers(db_session) == {FIRST: "yes", SECOND: "no"}, "nothing changed"
    page = client.get(f"/question/{FIRST}")
    assert page.url == "/", "device A has forgotten the sent answers"

    # the same again on a device that still holds them: each page says they were sent
    laptop = Browser(app.test_client())
    for url in (f"/question/{FIRST}", "/check", f"/question/{FIRST}/more", "/code"):
        laptop.submit(laptop.get("/resume"), {"code": code})
        page = laptop.get(url, status=409)
        assert page.h1 == "Someone sent these answers", url
    assert _answers(db_session) == {FIRST: "yes", SECOND: "no"}


def test_after_sending_the_code_shows_the_answers_and_takes_them_away(
    app: Flask, client: Browser, db_session: Session
) -> None:
    page = begin(client)
    answer(client, page, "yes")
    made = client.submit(client.get("/code"))
    code = " ".join(w.get_text() for w in made.soup.select(".code-word__word"))
    client.submit(client.get("/check"))

    page = _resume(app, code.upper())
    assert page.url == "/my-answers" and page.h1 == "Your answers"
    assert "You sent these answers. Nobody can change them now." in page.text
    assert not [a for a in page.soup.select("main a") if "/question/" in a.get("href", "")]
    page_client = Browser(app.test_client())
    page = page_client.submit(page_client.get("/resume"), {"code": code})
    page = page_client.get(page.link("Delete my answers"))
    page = page_client.submit(page)
    assert db_session.scalar(select(Response.id)) is None
    assert _resume(app, code, status=400).status == 400


def test_the_services_refuse_to_change_a_sent_response(
    app: Flask, client: Browser, db_session: Session
) -> None:
    begin(client)
    response = db_session.scalars(select(Response)).one()
    services.finish_response(db_session, response)
    db_session.commit()
    statement = BANK.statements[FIRST]
    with pytest.raises(services.ResponseSent):
        services.record_answer(db_session, response, statement, "yes")
    with pytest.raises(services.ResponseSent):
        services.save_comment(db_session, response, FIRST, "Changed later.")
