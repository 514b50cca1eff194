"""Bad input gets a clear easy-read message, a 4xx status, and stores nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.comments.models import Comment
from portal.respond.models import Answer
from tests.helpers import Browser
from tests.respond.journey import answer, begin


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_unknown_statement_gets_an_easy_read_not_found_page(
    client: Browser, db_session: Session
) -> None:
    begin(client)
    page = client.get("/question/no-such-statement", status=404)
    assert page.h1 == "We cannot find this page"
    assert "Back to the start" in page.text
    assert _count(db_session, Answer) == 0


def test_posting_to_an_unknown_statement_stores_nothing(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    token = page.form().find("input", attrs={"name": "csrf_token"})["value"]
    response = client.client.post(
        "/question/no-such-statement", data={"csrf_token": token, "answer": "yes"}
    )
    assert response.status_code == 404
    assert _count(db_session, Answer) == 0


def test_a_statement_from_the_other_questionnaire_is_not_found(
    client: Browser, db_session: Session
) -> None:
    begin(client, "own")
    client.get("/question/carer-break", status=404)


def test_an_answer_not_in_the_list_is_refused_with_a_clear_message(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = client.submit(page, {"answer": "maybe"}, button="next", status=400)
    assert "Choose one of the answers on this page." in page.text
    assert page.soup.title.get_text().startswith("Error: ")
    assert _count(db_session, Answer) == 0


def test_no_answer_chosen_asks_whether_to_skip_and_stores_nothing(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = client.submit(page, button="next")  # no error: "Skip this one?" (test_skipping.py)
    assert page.h1 == "Skip this one?"
    assert page.soup.select_one(".error-summary") is None
    assert _count(db_session, Answer) == 0


def test_an_oversized_comment_is_refused_and_the_words_are_kept(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = answer(client, page, "no", button="more")
    long_words = "word " * 500
    page = client.submit(page, {"comment": long_words}, status=400)
    assert "You wrote too much. Please write less." in page.text
    assert page.soup.find("textarea").get_text().strip() == long_words.strip()
    assert _count(db_session, Comment) == 0
    assert _count(db_session, Answer) == 1, "the answer itself was already saved"


def test_a_request_bigger_than_allowed_gets_a_clear_page(client: Browser) -> None:
    page = begin(client)
    page = answer(client, page, "no", button="more")
    token = page.form().find("input", attrs={"name": "csrf_token"})["value"]
    response = client.client.post(page.url, data={"csrf_token": token, "comment": "x" * 200_000})
    assert response.status_code == 413
    assert "That was too much to send" in response.text


def test_a_missing_csrf_token_is_refused_and_stores_nothing(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = client.submit(page, {"answer": "yes"}, button="next", status=400, drop_csrf=True)
    assert page.h1 == "Something went wrong with this page"
    assert "We have saved your answers so far." in page.text
    assert _count(db_session, Answer) == 0


def test_an_unknown_language_falls_back_to_english(client: Browser) -> None:
    page = client.get("/?lang=xx")
    assert page.soup.html["lang"] == "en"
    page = client.get("/?lang=../../etc")
    assert page.soup.html["lang"] == "en"


def test_who_is_answering_must_be_one_of_the_choices(client: Browser) -> None:
    page = client.get("/who")
    page = client.submit(page, {"answered_by": "boss"}, status=400)
    assert "Choose one of the answers on this page." in page.text
    page = client.submit(page, status=400)
    assert "Choose who is answering. Then press Next." in page.text


def test_control_characters_are_taken_out_of_words_before_they_are_stored(
    client: Browser, db_session: Session
) -> None:
    page = answer(client, begin(client), "yes", button="more")
    client.submit(page, {"comment": "Nice\x00 staff\x07.\nThank you"})
    assert db_session.scalars(select(Comment.text)).one() == "Nice staff.\nThank you"
