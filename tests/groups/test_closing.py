"""Slips that cost: closing a session asks first and can be undone for 10 minutes; group votes
can be typed after closing; a vote total bigger than the group is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.db import utcnow
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession
from portal.respond.models import Answer
from portal.safety.models import SafetyFlag
from tests.groups.helpers import close_session, form_index, join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import answer

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
SAFETY = next(s for s in QUESTIONS if BANK.statements[s].safety)
TOO_MANY = "You typed 9 votes, but there are 7 people in the group. Check the numbers."


def _closed_at(db: Session) -> datetime | None:
    db.expire_all()
    return db.scalars(select(GroupSession.closed_at)).one()


def _close_minutes_ago(db: Session, minutes: float) -> None:
    db.execute(update(GroupSession).values(closed_at=utcnow() - timedelta(minutes=minutes)))
    db.commit()


def _first_question(tablet: Browser) -> Page:
    page = tablet.get("/")
    page = tablet.get(page.link("Start"))
    page = tablet.submit(page, {"language": "en"})
    page = tablet.submit(page, {"answered_by": "own"})
    page = tablet.submit(page)  # I agree: the practice question, then the real ones
    return tablet.get(page.link("Start the real questions"))


def test_closing_asks_first_and_keep_it_open_changes_nothing(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator)
    assert not session_page.soup.select("form[action$='/close']"), "one press never closes"
    asked = facilitator.get(session_page.link("Close the session"))
    assert asked.h1 == "Close this session?"
    assert "Tablets will stop taking answers." in asked.text
    assert asked.soup.select_one("form[action$='/close'] button").get_text() == (
        "Close the session"
    )
    kept = facilitator.get(asked.link("Keep it open"))
    assert kept.url == session_page.url and kept.soup.find(class_="join-code")
    assert _closed_at(db_session) is None


def test_closing_can_be_undone_within_ten_minutes_and_not_after(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, code)
    question = _first_question(tablet)

    closed = close_session(facilitator, session_page)
    assert _closed_at(db_session) is not None
    assert "You can open it again until" in closed.text
    _close_minutes_ago(db_session, 9)
    closed = facilitator.get(closed.url)
    reopened = facilitator.submit(closed, form=form_index(closed, "/reopen"))
    assert "The session is open again." in reopened.text
    assert _closed_at(db_session) is None
    answer(tablet, question, "yes")  # the tablet carries on
    assert db_session.scalar(select(func.count(Answer.id))) == 1

    closed = close_session(facilitator, reopened)
    _close_minutes_ago(db_session, 11)
    later = facilitator.get(closed.url)
    assert "Open it again" not in later.text, "too late: no button"
    assert "This session closed at" in later.text
    still = facilitator.submit(closed, form=form_index(closed, "/reopen"))  # an old page's button
    assert "so it stays closed" in still.text
    assert _closed_at(db_session) is not None
    tablet.submit(question, {"answer": "no"}, button="next", status=410)


def test_the_time_closed_is_london_time(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator)
    db_session.execute(update(GroupSession).values(closed_at=datetime(2026, 7, 14, 13, 5)))
    db_session.commit()
    page = facilitator.get(session_page.url)
    assert "This session closed at 14:05 on 14 July 2026." in page.text
    assert "UTC" not in page.text


def test_group_votes_can_be_typed_after_closing(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator)
    closed = close_session(facilitator, session_page)
    page = facilitator.get(closed.link("Start a group vote"))
    assert "You can still type or correct the group votes." in page.text
    page = facilitator.submit(page, {"yes": "4", "no": "1"})
    assert page.url.endswith(f"/vote/{QUESTIONS[1]}")
    votes = dict(
        db_session.execute(
            select(GroupVote.value, GroupVote.votes).where(GroupVote.statement_id == QUESTIONS[0])
        ).all()
    )
    offered = BANK.statements[QUESTIONS[0]].answers
    assert votes == dict.fromkeys(offered, 0) | {"yes": 4, "no": 1}


def test_a_vote_total_bigger_than_the_group_is_refused_and_nothing_is_saved(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator, group_size="7")
    assert "People in the group: 7." in session_page.text
    page = facilitator.get(f"{session_page.url}/vote/{SAFETY}")
    assert page.soup.find("input", attrs={"name": "group_size"})["value"] == "7"

    refused = facilitator.submit(page, {"group_size": "7", "yes": "5", "no": "4"}, status=400)
    assert refused.soup.select_one(".error-summary").get_text(" ").count(TOO_MANY) == 1
    assert refused.soup.find(id="group_size-error").get_text(" ").strip().endswith(TOO_MANY)
    assert refused.soup.find("input", attrs={"name": "no"})["value"] == "4", "typing kept"
    assert db_session.scalar(select(func.count(GroupVote.id))) == 0
    assert db_session.scalar(select(func.count(SafetyFlag.id))) == 0, "no alert from it either"

    saved = facilitator.submit(refused, {"group_size": "9", "yes": "5", "no": "4"})
    assert saved.status == 200 and saved.url != refused.url
    assert db_session.scalar(select(func.sum(GroupVote.votes))) == 9
    assert db_session.scalars(select(GroupSession.group_size)).one() == 9


def test_the_group_size_is_optional_and_checked(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator)
    assert db_session.scalars(select(GroupSession.group_size)).one() is None
    page = facilitator.get(f"{session_page.url}/vote/{QUESTIONS[0]}")
    page = facilitator.submit(page, {"group_size": "lots", "yes": "3"}, status=400)
    assert "Type how many people are in the group, from 1 to 500" in page.text
    page = facilitator.submit(page, {"group_size": "", "yes": "30"})
    assert db_session.scalar(select(func.sum(GroupVote.votes))) == 30, "no size: no limit"
