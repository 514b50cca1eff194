"""A person with a code can see their answers and take them away; a safety concern stays."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.comments.models import Comment
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.respond.models import Answer, Response
from portal.safety.models import SafetyFlag
from tests.groups.helpers import join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
FIRST, SECOND = QUESTIONS[0], QUESTIONS[1]
SAFETY = next(s for s in QUESTIONS if BANK.statements[s].safety)
WORRYING = {"yes_good": "no", "no_good": "yes"}[BANK.statements[SAFETY].direction]


def _make_code(client: Browser) -> str:
    page = client.submit(client.get("/code"), button="Make my code")
    return " ".join(w.get_text() for w in page.soup.select(".code-word__word"))


def _answers_with_a_comment_and_a_safety_flag(client: Browser) -> str:
    """Answer the first question with a comment and the safety one worryingly; make a code."""
    page = begin(client)
    page = answer(client, page, "sometimes", button="more")
    page = client.submit(page, {"comment": "Staff change a lot."})
    while page.url != f"/question/{SAFETY}":
        page = answer(client, page, "yes")
    page = answer(client, page, WORRYING)
    assert page.url.startswith("/help")
    return _make_code(client)


def _take_away(client: Browser) -> Page:
    page = client.get("/my-answers")
    page = client.get(page.link("Delete my answers"))
    return client.submit(page, button="Yes, delete my answers")


def test_person_with_a_code_sees_every_answer_they_gave(client: Browser) -> None:
    page = begin(client)
    page = answer(client, page, "sometimes", button="more")
    page = client.submit(page, {"comment": "Staff change a lot."})
    answer(client, page, "no")
    page = client.get("/code")
    assert "See my answers or delete them" not in page.text, "no code yet"
    page = client.submit(page, button="Make my code")
    page = client.get(page.link("See my answers or delete them"))
    assert page.url == "/my-answers" and page.h1 == "Your answers"
    rows = page.soup.select(".summary__row")
    assert len(rows) == len(QUESTIONS)
    first, second = (" ".join(row.get_text(" ").split()) for row in rows[:2])
    assert BANK.statements[FIRST].text in first and "Sometimes" in first
    assert "Staff change a lot." in first
    assert BANK.statements[SECOND].text in second and "No" in second
    assert rows[0].find("img", class_="summary__picture")["alt"]
    assert not page.soup.select(".summary__change"), "this page is only for reading"
    assert page.link("Carry on now").endswith(f"/question/{QUESTIONS[2]}")
    assert page.audio_sources(), "every sentence can be listened to"


def test_check_page_links_to_my_answers_only_when_there_is_a_code(client: Browser) -> None:
    answer(client, begin(client), "yes")
    assert "See my answers or delete them" not in client.get("/check").text
    _make_code(client)
    page = client.get("/check")
    assert page.link("See my answers or delete them").endswith("/my-answers")


def test_taking_answers_away_deletes_answers_and_comments_but_keeps_the_safety_flag(
    client: Browser, db_session: Session
) -> None:
    _answers_with_a_comment_and_a_safety_flag(client)
    answers_given = db_session.scalar(select(func.count(Answer.id)))
    page = client.get(client.get("/my-answers").link("Delete my answers"))
    assert page.h1 == "Delete your answers?"
    assert "If you say yes, we delete your answers." in page.text
    assert "We cannot get them back." in page.text
    assert db_session.scalar(select(func.count(Response.id))) == 1, "nothing goes before yes"
    page = client.submit(page, button="Yes, delete my answers")
    assert page.url == "/my-answers/gone" and page.h1 == "Your answers are gone"

    for table in (Response, Answer, Comment):
        assert db_session.scalar(select(func.count()).select_from(table)) == 0, table
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert (flag.statement_id, flag.answer, flag.response_id) == (SAFETY, WORRYING, None)
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "response.withdrawn")
    ).one()
    assert entry.actor_id is None and entry.subject == "response"
    assert entry.detail == f"{answers_given} answers, 1 comments"


def test_after_taking_answers_away_the_code_no_longer_works(app: Flask, client: Browser) -> None:
    code = _answers_with_a_comment_and_a_safety_flag(client)
    _take_away(client)
    assert client.get("/my-answers").url == "/resume", "this browser forgot the answers too"
    assert client.get("/check").url == "/"

    laptop = Browser(app.test_client())
    page = laptop.submit(laptop.get("/resume"), {"code": code}, status=400)
    assert "We cannot find that code." in page.text
    assert "If you deleted your answers, your code will not work." in page.text


def test_saying_no_keeps_the_answers(client: Browser, db_session: Session) -> None:
    answer(client, begin(client), "yes")
    _make_code(client)
    page = client.get(client.get("/my-answers").link("Delete my answers"))
    page = client.get(page.link("No, keep my answers"))
    assert page.url == "/my-answers"
    assert db_session.scalar(select(func.count(Answer.id))) == 1


def test_after_sending_the_code_shows_the_answers_and_a_way_to_take_them_away(
    app: Flask, client: Browser, db_session: Session
) -> None:
    answer(client, begin(client), "yes")
    code = _make_code(client)
    client.submit(client.get("/check"), button="Send my answers")

    laptop = Browser(app.test_client())
    page = laptop.submit(laptop.get("/resume"), {"code": code})
    assert page.url == "/my-answers"
    assert page.link("Back to the start")
    page = laptop.submit(laptop.get(page.link("Delete my answers")))
    assert page.h1 == "Your answers are gone"
    assert db_session.scalar(select(func.count(Response.id))) == 0


def test_my_answers_needs_a_code(client: Browser) -> None:
    assert client.get("/my-answers").url == "/resume"
    answer(client, begin(client), "yes")
    assert client.get("/my-answers").url == "/code"
    assert client.get("/my-answers/take-away").url == "/code"
    assert client.get("/my-answers/gone").url == "/"


def test_a_kiosk_tablet_never_shows_or_takes_away_answers(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    _, join_code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, join_code)
    page = tablet.get(tablet.get("/").link("Start"))
    page = tablet.submit(
        tablet.submit(tablet.submit(page, {"language": "en"}), {"answered_by": "own"})
    )
    page = tablet.get(page.link("Start the real questions"))  # past the practice question
    answer(tablet, page, "yes")
    # Even a response that somehow had a code is not shown or deleted on a tablet.
    response = db_session.scalars(select(Response)).one()
    response.resume_code_hash = "0" * 64
    db_session.commit()
    check = tablet.get("/check")
    assert "See my answers or delete them" not in check.text
    for url in ("/my-answers", "/my-answers/take-away"):
        assert tablet.get(url).url == "/", url
    token = check.form().find("input", attrs={"name": "csrf_token"})["value"]
    posted = tablet.client.post("/my-answers/take-away", data={"csrf_token": token})
    assert posted.status_code == 302 and posted.location.endswith("/")
    assert db_session.scalar(select(func.count(Answer.id))) == 1
