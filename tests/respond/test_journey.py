"""A person answers a whole questionnaire; every answer is stored as its page is sent."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.comments.models import Comment
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.respond.models import Answer, Response
from tests.helpers import Browser
from tests.respond.journey import answer, begin

BANK = load_bank(PROJECT_ROOT / "content")
SELF_ADVOCATES = BANK.questionnaires["self-advocates"]
FAMILY_CARERS = BANK.questionnaires["family-carers"]
SAFE_ANSWER = {"yes_good": "yes", "no_good": "no"}


def _complete(client: Browser, questionnaire, answered_by: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page = begin(client, answered_by)
    given = {}
    for number, statement_id in enumerate(questionnaire.statement_ids, start=1):
        statement = BANK.statements[statement_id]
        assert page.url == f"/question/{statement_id}"
        assert page.h1 == statement.text_for(answered_by)
        assert f"{number} of {len(questionnaire.statement_ids)}" in page.text
        usual = "sometimes" if "sometimes" in statement.answers else "yes"
        value = SAFE_ANSWER[statement.direction] if statement.safety else usual
        if number % 4 == 0:
            value = "not_sure" if not statement.safety else value
        given[statement_id] = value
        page = answer(client, page, value)
    assert page.url == "/check"
    for statement_id in questionnaire.statement_ids:
        assert BANK.statements[statement_id].text_for(answered_by) in page.text
    page = client.submit(page)
    assert page.url == "/thank-you"
    assert page.h1 == "Thank you"
    return given


def _stored(db: Session) -> tuple[Response, dict[str, str]]:
    response = db.scalars(select(Response)).one()
    answers = {a.statement_id: a.value for a in db.scalars(select(Answer))}
    return response, answers


def test_self_advocate_answers_every_statement_and_all_are_stored(
    client: Browser, db_session: Session
) -> None:
    given = _complete(client, SELF_ADVOCATES, "own")
    response, stored = _stored(db_session)
    assert stored == given
    assert response.answered_by == "own"
    assert response.language == "en"
    assert response.finished_at is not None


def test_family_carer_answers_their_own_questionnaire(client: Browser, db_session: Session) -> None:
    given = _complete(client, FAMILY_CARERS, "family_carer")
    response, stored = _stored(db_session)
    assert set(stored) == set(FAMILY_CARERS.statement_ids)
    assert stored == given
    assert response.answered_by == "family_carer"


def test_who_answered_is_recorded_for_help_and_proxy_answers(
    client: Browser, db_session: Session
) -> None:
    begin(client, "on_behalf")
    assert db_session.scalars(select(Response.answered_by)).one() == "on_behalf"


def test_an_answer_is_stored_as_soon_as_its_page_is_sent(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    answer(client, page, "yes")
    assert db_session.scalar(select(func.count(Answer.id))) == 1
    assert db_session.scalars(select(Answer.value)).one() == "yes"


def test_every_answer_has_a_picture_a_word_and_a_clip(client: Browser) -> None:
    page = begin(client)
    labels = page.soup.select(".choice__label")
    assert [" ".join(label.get_text().split()) for label in labels] == [
        "Yes",
        "Sometimes",
        "No",
        "Not sure",
        "I don't want to answer",
    ]
    assert all(label.find("img") for label in labels)
    statement_picture = page.soup.select_one("legend img")
    assert statement_picture is not None and statement_picture["alt"]
    sources = page.audio_sources()
    assert len(sources) >= 6, "the statement and each answer should have a clip"
    for src in sources:
        with client.client.get(src) as clip:
            assert clip.status_code == 200 and clip.mimetype == "audio/mpeg"
            assert len(clip.data) > 1000


def test_going_back_shows_the_answer_already_given(client: Browser) -> None:
    page = begin(client)
    first = page.url
    page = answer(client, page, "no")
    page = client.get(page.link("Back"))
    assert page.url == first
    assert page.soup.find("input", attrs={"value": "no"}).has_attr("checked")


def test_changing_an_answer_from_check_page_updates_it_without_a_duplicate(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    statement_id = page.url.rsplit("/", 1)[-1]
    answer(client, page, "yes")
    page = client.get("/check")
    page = client.get(page.link(f"Change: {BANK.statements[statement_id].text}"))
    page = answer(client, page, "sometimes")
    assert page.url == "/check"
    assert db_session.scalars(select(Answer.value)).all() == ["sometimes"]


def test_tell_us_more_is_kept_for_moderation_and_shown_on_check_page(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = answer(client, page, "sometimes", button="more")
    assert page.h1 == "Tell us more"
    assert "Sometimes" in page.text
    page = client.submit(page, {"comment": "Staff change a lot."})
    assert page.url == f"/question/{SELF_ADVOCATES.statement_ids[1]}"
    comment = db_session.scalars(select(Comment)).one()
    assert (comment.text, comment.status) == ("Staff change a lot.", "pending")
    assert "Staff change a lot." in client.get("/check").text


def test_nothing_is_asked_that_would_name_the_person(client: Browser) -> None:
    page = begin(client)
    for field in ("name", "email", "phone", "address"):
        assert page.soup.find("input", attrs={"name": field}) is None


def test_after_finishing_the_device_shows_nothing_of_the_answers(client: Browser) -> None:
    _complete(client, SELF_ADVOCATES, "own")
    page = client.get("/check")
    assert page.url == "/"
    assert "People listen to me." not in page.text


def test_a_family_member_can_resume_with_code_on_another_device(
    app: Flask, client: Browser, db_session: Session
) -> None:
    page = begin(client, "family_carer")
    page = answer(client, page, "yes")
    page = answer(client, page, "yes")
    page = client.get(page.link("Get a code to finish later"))
    page = client.submit(page, button="Make my code")
    code = " ".join(w.get_text() for w in page.soup.select(".code-word__word"))
    assert len(code.split()) == 4

    laptop = Browser(app.test_client())
    page = laptop.get("/")
    page = laptop.get(page.link("Carry on with my code"))
    page = laptop.submit(page, {"code": code.replace(" ", "-").upper()})
    assert page.url == f"/question/{FAMILY_CARERS.statement_ids[2]}"
    page = answer(laptop, page, "no")
    assert db_session.scalar(select(func.count(Answer.id))) == 3


def test_resume_code_is_stored_only_as_a_hash(client: Browser, db_session: Session) -> None:
    page = begin(client)
    page = client.get(page.link("Get a code to finish later"))
    page = client.submit(page, button="Make my code")
    code = " ".join(w.get_text() for w in page.soup.select(".code-word__word"))
    stored = db_session.scalars(select(Response.resume_code_hash)).one()
    assert stored and code not in stored and len(stored) == 64
    for word in code.split():
        assert word not in stored


def test_a_wrong_code_says_what_to_do(client: Browser) -> None:
    page = client.get("/resume")
    page = client.submit(page, {"code": "not a code"}, status=400)
    assert "We cannot find that code. Check the 4 words and try again." in page.text
    assert page.soup.title.get_text().startswith("Error: ")
    page = client.submit(page, {"code": ""}, status=400)
    assert "Type the 4 words of your code." in page.text


def test_thank_you_shows_the_code_made_during_the_visit(client: Browser) -> None:
    page = begin(client)
    page = client.get(page.link("Get a code to finish later"))
    page = client.submit(page, button="Make my code")
    code = " ".join(w.get_text() for w in page.soup.select(".code-word__word"))
    page = client.submit(client.get("/check"))
    assert page.h1 == "Thank you" and code in page.text


def test_sending_again_after_a_lost_thank_you_page_says_the_answers_were_sent(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    check = client.get("/check")
    csrf = check.form().find("input", attrs={"name": "csrf_token"})["value"]
    sent = client.client.post("/check", data={"csrf_token": csrf})  # its reply never shown
    assert sent.status_code == 302
    page = client.get("/check")  # the person presses again, or goes back
    assert page.url == "/thank-you" and page.h1 == "Thank you"
    assert db_session.scalars(select(Response)).one().finished_at is not None


def test_question_pages_need_a_started_questionnaire(client: Browser) -> None:
    page = client.get(f"/question/{SELF_ADVOCATES.statement_ids[0]}")
    assert page.url == "/"
