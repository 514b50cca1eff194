"""Each answer keeps a copy of its response's questionnaire, area, who answered, place and
quarter, and each response notes whether it has answers; reports count from these alone. After
the journey (at home, from a share link, on a tablet in a group session, with an answer changed,
and someone who stopped before answering) and after the demo answers are made, every copy equals
its response and every note is true."""

from __future__ import annotations

import secrets

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.areas.models import Area, ShareLink
from portal.reports.periods import Quarter
from portal.respond.models import Answer, Response
from tests.groups.helpers import join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin


def copies_and_responses(db: Session) -> list[tuple[tuple, tuple]]:  # type: ignore[type-arg]
    """(what the answer keeps, what its response says) for every answer."""
    db.expire_all()
    rows = db.execute(select(Answer, Response).join(Response, Response.id == Answer.response_id))
    return [
        (
            (
                kept.questionnaire_id,
                kept.area_id,
                kept.answered_by,
                kept.at_home,
                kept.started_quarter,
                kept.record_key,
            ),
            (
                response.questionnaire_id,
                response.area_id,
                response.answered_by,
                response.session_id is None,
                Quarter.of(response.started_at).start,
                response.record_key,
            ),
        )
        for kept, response in rows
    ]


def notes_and_answers(db: Session) -> list[tuple[bool, bool]]:
    """(has_answers, whether it has an answer) for every response."""
    answers = select(func.count(Answer.id)).where(Answer.response_id == Response.id)
    rows = db.execute(select(Response.has_answers, answers.scalar_subquery()))
    return [(noted, count > 0) for noted, count in rows]


def _answer_all(client: Browser, page: Page, value: str = "yes") -> Page:
    """Answer every question (carrying on past the help page), then send the answers."""
    while page.url.startswith("/question/"):
        page = answer(client, page, value)
        if page.url.startswith("/help"):
            page = client.get(page.link("Carry on"))
    assert page.url == "/check", page.url
    return client.submit(page, button="Send my answers")


def test_copies_equal_the_response_after_the_journey(app: Flask, db_session: Session) -> None:
    at_home = Browser(app.test_client())
    first = begin(at_home, "on_behalf")
    answer(at_home, first, "no")
    page = answer(at_home, at_home.get(first.url), "sometimes")  # went back, changed it
    _answer_all(at_home, page)

    area = Area(name=f"Copies {secrets.token_hex(3)}")
    db_session.add(area)
    db_session.flush()
    link = ShareLink(
        token=secrets.token_urlsafe(12),
        questionnaire_slug="family-carers",
        area_id=area.id,
        label="Letter",
    )
    db_session.add(link)
    db_session.commit()
    from_link = Browser(app.test_client())
    assert from_link.get(f"/s/{link.token}").url == "/"
    _answer_all(from_link, begin(from_link, "family_carer"), "not_sure")

    _, code = open_session(app, Browser(app.test_client()))
    tablet = Browser(app.test_client())
    join(tablet, code)
    _answer_all(tablet, begin(tablet, "with_help"))
    begin(Browser(app.test_client()), "own")  # and stopped before answering

    notes = notes_and_answers(db_session)
    assert sorted(notes) == [(False, False), (True, True), (True, True), (True, True)]
    pairs = copies_and_responses(db_session)
    assert len(pairs) > 20
    assert [pair for pair in pairs if pair[0] != pair[1]] == []
    places = {(kept[1] is not None, kept[3]) for kept, _ in pairs}
    assert places == {(False, True), (True, True), (True, False)}, "home, link, session"


def test_copies_equal_the_response_after_the_demo_answers(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    result = runner.invoke(args=["demo", "answers"])
    assert result.exit_code == 0, result.output
    notes = notes_and_answers(db_session)
    assert len(notes) == 600 and all(noted == answered for noted, answered in notes)
    pairs = copies_and_responses(db_session)
    assert len(pairs) > 1000
    assert [pair for pair in pairs if pair[0] != pair[1]] == []
    assert {kept[3] for kept, _ in pairs} == {True, False}, "at home and in sessions"
    assert len({kept[4] for kept, _ in pairs}) >= 2, "more than one quarter"
