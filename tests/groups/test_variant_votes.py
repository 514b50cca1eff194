"""Group votes offer the answers the statement offers: "This is not about me" only where it
may not apply, no "Sometimes" for a one-off event. (The small bank of tests/respond/variants.)"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.content import current_bank
from portal.groups.models import GroupVote
from portal.groups.services import record_votes
from portal.kiosk.models import GroupSession
from tests.groups.helpers import open_session
from tests.helpers import Browser, Page
from tests.respond import variants

# The portal on the small bank (tests/respond/variants.py), for every test here
app = variants.app
variant_content = variants.variant_content
variant_database = variants.variant_database


def _boxes(page: Page) -> list[str]:
    """The answers the facilitator can type a count for, in page order."""
    return [box["name"] for box in page.soup.select(".vote-counts input")]


def _stored(db: Session, statement_id: str) -> dict[str, int]:
    db.expire_all()
    rows = db.execute(
        select(GroupVote.value, GroupVote.votes).where(GroupVote.statement_id == statement_id)
    )
    return dict(rows.all())


def test_the_vote_page_offers_the_answers_of_each_statement(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator)
    page = facilitator.get(session_page.link("Start a group vote"))
    assert page.url.endswith("/vote/people-listen")
    assert _boxes(page) == ["yes", "sometimes", "no", "not_sure", "prefer_not"]
    assert "This is not about me" not in page.text

    page = facilitator.submit(page, {"yes": "3", "no": "1"})
    assert page.url.endswith("/vote/police-treat-well")
    assert _boxes(page) == ["yes", "sometimes", "no", "not_sure", "not_about_me", "prefer_not"]
    label = page.soup.find("label", attrs={"for": "not_about_me"})
    assert label is not None and label.get_text() == "This is not about me"
    assert label.find_previous_sibling("img")["alt"], "the answer's picture"

    page = facilitator.submit(page, {"yes": "2", "not_about_me": "4"})
    assert page.url.endswith("/vote/asked-before-move")
    assert _boxes(page) == ["yes", "no", "not_sure", "prefer_not"]
    assert "Sometimes" not in page.text
    page = facilitator.submit(page, {"yes": "5", "sometimes": "2"})  # no such box: not counted

    assert _stored(db_session, "people-listen") == {
        "yes": 3,
        "sometimes": 0,
        "no": 1,
        "not_sure": 0,
        "prefer_not": 0,
    }
    assert _stored(db_session, "police-treat-well") == {
        "yes": 2,
        "sometimes": 0,
        "no": 0,
        "not_sure": 0,
        "not_about_me": 4,
        "prefer_not": 0,
    }
    assert _stored(db_session, "asked-before-move") == {
        "yes": 5,
        "no": 0,
        "not_sure": 0,
        "prefer_not": 0,
    }
    again = facilitator.get(page.url.replace("feel-safe-at-home", "police-treat-well"))
    assert again.soup.find("input", attrs={"name": "not_about_me"})["value"] == "4"


def test_record_votes_refuses_an_answer_the_statement_does_not_offer(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    open_session(app, facilitator)
    group = db_session.scalars(select(GroupSession)).one()
    staff = db_session.scalars(select(StaffUser)).one()
    with app.app_context():
        statements = current_bank().statements
    with pytest.raises(ValueError, match="asked-before-move"):
        record_votes(db_session, group, statements["asked-before-move"], {"sometimes": 1}, staff)
    with pytest.raises(ValueError, match="people-listen"):
        record_votes(db_session, group, statements["people-listen"], {"not_about_me": 1}, staff)
    assert db_session.scalars(select(GroupVote)).all() == []


def test_a_group_of_family_carers_votes_on_the_carer_words(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator, questionnaire="family-carers")
    page = facilitator.get(session_page.link("Start a group vote"))
    assert page.url.endswith("/vote/people-listen")
    assert page.h1 == "People listen to me as a carer."
    page = facilitator.submit(page, {"yes": "2"})
    page = facilitator.submit(page, {"yes": "2"})
    assert page.url.endswith("/vote/people-ignore")
    assert page.h1 == "People ignore me."
