"""Group sessions on tablets: the facilitator sees counts and alerts, never answers; "Next
person" forgets everyone; a closed session refuses answers; group votes are kept apart."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content import current_bank
from portal.content.checker import load_bank
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession
from portal.respond.models import Answer, Response
from portal.safety.models import SafetyFlag
from tests.groups.helpers import close_session, form_index, join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import answer
from tests.safety.helpers import press_help_now

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
SAFETY = next(s for s in QUESTIONS if BANK.statements[s].safety)


def _begin_on_tablet(tablet: Browser) -> Page:
    page = tablet.get("/")
    page = tablet.get(page.link("Start"))
    page = tablet.submit(page, {"language": "en"})
    page = tablet.submit(page, {"answered_by": "own"})
    page = tablet.submit(page)  # I agree: the practice question, then the real ones
    return tablet.get(page.link("Start the real questions"))


def _answer_everything(tablet: Browser, worried: bool = False) -> Page:
    """Answer every statement "Yes" (or the worrying answer to the safety one), then send."""
    page = _begin_on_tablet(tablet)
    while page.url.startswith("/question/"):
        statement_id = page.url.rsplit("/", 1)[-1]
        value = "no" if worried and statement_id == SAFETY else "yes"
        page = answer(tablet, page, value)
        if page.url.startswith("/help"):
            page = tablet.get(page.link("Carry on"))
    assert page.url == "/check", page.url
    return tablet.submit(page, button="Send my answers")


def test_three_tablets_one_safety_answer(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    page, code = open_session(app, facilitator)
    tablets = [Browser(app.test_client()) for _ in range(3)]
    for tablet in tablets:
        join(tablet, code)
    for number, tablet in enumerate(tablets, start=1):
        thanks = _answer_everything(tablet, worried=number == 2)
        assert thanks.h1 == "Thank you"
        assert "Get a code" not in thanks.text and "Next person" in thanks.text

    page = facilitator.get(page.url)
    assert page.soup.find(id="count-started").get_text() == "3"
    assert page.soup.find(id="count-finished").get_text() == "3"
    alerts = page.soup.select("#alert-list .session-alert")
    assert len(alerts) == 1 and "Tablet 2" in alerts[0].get_text()
    words = page.text.lower()
    statement_words = [BANK.statements[s].text.lower() for s in QUESTIONS]
    assert not any(text in words for text in statement_words), "no statement on the page"
    assert not re.search(r"\b(sometimes|not sure)\b", words), "no answer words on the page"
    assert "answered no" not in words and "answered yes" not in words
    progress = facilitator.client.get(page.url + "/progress")  # what the page fetches
    fetched = BeautifulSoup(progress.text, "html.parser")
    assert len(fetched.select("#alert-list .session-alert")) == 1
    assert fetched.find(id="count-finished").get_text() == "3"


def test_answers_carry_the_session_and_area(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    _, code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, code)
    _answer_everything(tablet, worried=True)
    group = db_session.scalars(select(GroupSession)).one()
    response = db_session.scalars(select(Response)).one()
    assert (response.session_id, response.area_id) == (group.id, group.area_id)
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert (flag.session_id, flag.area_id, flag.tablet_number) == (group.id, group.area_id, 1)


def test_next_person_leaves_nothing_of_the_last_person(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    _, code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, code)
    first_question = _begin_on_tablet(tablet)
    page = answer(tablet, first_question, "sometimes")
    tablet.get(first_question.url)  # the first person goes back to look
    thanks = _answer_everything_from(tablet, page)
    page = tablet.submit(thanks, form=form_index(thanks, "/kiosk/next-person"))
    assert page.url == "/" and "Carry on with my code" not in page.text
    # Every page the last person saw now starts again for the next person.
    for url in (first_question.url, "/check", "/thank-you", "/code", "/resume", "/consent"):
        seen = tablet.get(url)
        assert seen.url in ("/", "/who"), f"{url} went to {seen.url}"
        assert "Sometimes" not in _checked_answers(seen)
    page = _begin_on_tablet(tablet)
    assert page.url == first_question.url, "the next person starts at the first question"
    assert _checked_answers(page) == [], "nothing is chosen for the next person"


def _answer_everything_from(tablet: Browser, page: Page) -> Page:
    while page.url.startswith("/question/"):
        page = answer(tablet, page, "yes")
    return tablet.submit(page, button="Send my answers")


def _checked_answers(page: Page) -> list[str]:
    return [box["value"] for box in page.soup.find_all("input", checked=True)]


def test_facilitator_next_person_resets_a_tablet_in_the_middle(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, code)
    question = _begin_on_tablet(tablet)
    answer(tablet, question, "no")
    session_page = facilitator.get(session_page.url)
    assert re.search(r"Tablet 1 joined at \d\d:\d\d: someone is answering", session_page.text)
    index = form_index(session_page, "/next-person")
    session_page = facilitator.submit(session_page, form=index)
    assert "ready for the next person" in session_page.text
    page = tablet.get(question.url)
    assert page.url == "/", "the tablet went back to the start"
    assert tablet.client.get("/kiosk/status").json == {"current": True}
    assert db_session.scalar(select(func.count(Answer.id))) == 1, "the answer given is kept"


def test_a_closed_session_refuses_answers_clearly(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, code)
    question = _begin_on_tablet(tablet)
    session_page = close_session(facilitator, session_page)
    assert "The session is closed" in session_page.text
    refused = tablet.submit(question, {"answer": "yes"}, button="next", status=410)
    assert refused.h1 == "This group has finished"
    assert "give the tablet back" in refused.text
    assert db_session.scalar(select(func.count(Answer.id))) == 0
    assert tablet.client.get("/kiosk/status").json == {"current": False}
    help_page = press_help_now(tablet, refused)
    assert help_page.h1 == BANK.help.title, "help still works after closing"
    other = Browser(app.test_client())
    page = other.submit(other.get("/join"), {"code": code}, status=400)
    assert "We could not find a group with that code" in page.text
    left = tablet.submit(refused, form=form_index(refused, "/kiosk/leave"))
    assert left.url == "/" and "Carry on with my code" in left.text


def test_joining_with_a_wrong_code_says_what_to_do(client: Browser) -> None:
    page = client.get("/join")
    page = client.submit(page, {"code": ""}, status=400)
    assert "It has 6 numbers" in page.text
    page = client.submit(page, {"code": "000 000"}, status=400)
    assert "Check the numbers and try again" in page.text


def test_the_qr_code_opens_the_join_page_with_the_code(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    qr = facilitator.client.get(session_page.soup.find("img", class_="qr")["src"])
    assert qr.mimetype == "image/svg+xml" and b"<path" in qr.data
    tablet = Browser(app.test_client())
    page = tablet.get(f"/join?code={code}")
    assert page.soup.find("input", attrs={"name": "code"})["value"] == code


def test_group_votes_are_stored_apart(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    session_page, _ = open_session(app, facilitator)
    page = facilitator.get(session_page.link("Start a group vote"))
    first = QUESTIONS[0]
    assert page.url.endswith(f"/vote/{first}")
    with app.test_request_context():
        assert page.h1 == current_bank().statements[first].text
    page = facilitator.submit(page, {"yes": "4", "no": "", "not_sure": "1", "prefer_not": "2"})
    assert page.url.endswith(f"/vote/{QUESTIONS[1]}")
    bad = facilitator.submit(page, {"yes": "lots"}, status=400)
    assert "Type a whole number from 0 to 500" in bad.text
    votes = dict(
        db_session.execute(
            select(GroupVote.value, GroupVote.votes).where(GroupVote.statement_id == first)
        ).all()
    )
    offered = BANK.statements[first].answers  # only those: no "Sometimes" for a one-off event
    assert votes == dict.fromkeys(offered, 0) | {"yes": 4, "not_sure": 1, "prefer_not": 2}
    assert db_session.scalar(select(func.count(Answer.id))) == 0, "no individual answers"
    assert db_session.scalar(select(func.count(Response.id))) == 0
    again = facilitator.get(page.url.replace(QUESTIONS[1], first))
    assert again.soup.find("input", attrs={"name": "yes"})["value"] == "4", "counts shown again"


def test_a_facilitator_cannot_open_another_facilitators_session(app: Flask) -> None:
    owner = Browser(app.test_client())
    session_page, _ = open_session(app, owner)
    stranger = Browser(app.test_client())
    open_session(app, stranger)
    stranger.get(session_page.url, status=404)
