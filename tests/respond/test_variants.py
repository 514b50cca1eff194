"""Who is answering changes the words: someone answering for another person reads "People
listen to them", a family carer reads the carer's words where a statement has them. What a
statement offers changes the answers: "This is not about me" only where it may not apply, no
"Sometimes" for a one-off event. (A small bank of its own: tests/respond/variants_content.)"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audio.store import clip_file
from portal.content import current_bank
from portal.respond.models import Answer, Response
from portal.respond.services import record_answer
from tests.helpers import Browser, Page
from tests.respond import variants
from tests.respond.journey import answer, begin

# The portal on the small bank (tests/respond/variants.py), for every test here
app = variants.app
variant_content = variants.variant_content
variant_database = variants.variant_database

CHOOSE_ONE_SHOWN = "Choose one of the answers on this page."


def _answers_offered(page: Page) -> list[str]:
    return [radio["value"] for radio in page.soup.select("input[name=answer]")]


def _answer_label(page: Page, value: str) -> str:
    label = page.soup.find("label", attrs={"for": f"answer-{value}"})
    assert label is not None, f"no answer {value!r} on {page.url}"
    return " ".join(label.get_text().split())


def _spoken_clip(page: Page) -> str:
    audio = page.soup.select_one(".choices-fieldset .spoken audio")
    assert audio is not None, f"the statement on {page.url} has no audio"
    return str(audio["src"])


def _clip_url_name(portal: Flask, text: str) -> str:
    with portal.app_context():
        name = clip_file("en", text)
    assert name is not None, f"no clip for {text!r}"
    return name.removesuffix(".mp3")


def _answer_all(client: Browser, page: Page, values: dict[str, str]) -> Page:
    """Answer each question in turn with values[statement id] (else "yes") up to the check page."""
    while page.url.startswith("/question/"):
        statement_id = page.url.rsplit("/", 1)[-1]
        page = answer(client, page, values.get(statement_id, "yes"))
    assert page.url == "/check", page.url
    return page


def test_someone_answering_for_another_person_reads_and_hears_them_words(
    app: Flask, client: Browser
) -> None:
    page = begin(client, "on_behalf")
    assert page.url == "/question/people-listen"
    assert page.h1 == "People listen to them."
    assert page.soup.title.get_text().startswith("People listen to them.")
    assert "People listen to me" not in page.text
    assert _clip_url_name(app, "People listen to them.") in _spoken_clip(page)

    more = answer(client, page, "yes", button="more")
    assert more.h1 == "Tell us more"
    assert "People listen to them." in more.text and "People listen to me" not in more.text
    assert any(_clip_url_name(app, "People listen to them.") in s for s in more.audio_sources())

    page = _answer_all(client, client.submit(more, {"comment": ""}), {})
    for words in (
        "People listen to them.",
        "The police treat them well.",
        "People asked them before they moved home.",
        "They feel safe at home.",
        "People ignore them.",
    ):
        assert words in page.text, f"the check page does not say {words!r}"
    for words in ("People listen to me.", "The police treat me well.", "I feel safe at home."):
        assert words not in page.text

    client.submit(client.get("/code"), button="Make my code")
    mine = client.get("/my-answers")
    assert mine.h1 == "Your answers"
    assert "People listen to them." in mine.text and "People listen to me." not in mine.text


def test_someone_answering_for_themselves_reads_the_i_words(client: Browser) -> None:
    page = begin(client, "own")
    assert page.h1 == "People listen to me."
    assert _answer_label(page, "yes") == "Yes"


def test_a_family_carer_reads_the_carer_words_where_a_statement_has_them(
    app: Flask, client: Browser
) -> None:
    page = begin(client, "family_carer")
    assert page.url == "/question/people-listen"
    assert page.h1 == "People listen to me as a carer."
    assert _clip_url_name(app, "People listen to me as a carer.") in _spoken_clip(page)
    page = answer(client, page, "yes")
    page = answer(client, page, "yes")
    assert page.url == "/question/people-ignore"
    assert page.h1 == "People ignore me.", "no carer words: the I words"
    page = answer(client, page, "no")
    assert page.url == "/check"
    assert "People listen to me as a carer." in page.text
    assert "People ignore me." in page.text


def test_a_page_kept_for_one_person_is_never_shown_to_someone_answering_another_way(
    app: Flask,
) -> None:
    """Question pages are rendered once per process (portal/shared/pages.py): who is
    answering is part of what makes a page the same."""
    seen = {}
    for who in ("own", "on_behalf", "own", "on_behalf"):
        page = begin(Browser(app.test_client()), who)
        seen.setdefault(who, set()).add(page.h1)
    assert seen == {"own": {"People listen to me."}, "on_behalf": {"People listen to them."}}


@pytest.mark.parametrize(
    ("who", "words"),
    [("own", "This is not about me"), ("on_behalf", "This is not about them")],
)
def test_this_is_not_about_me_is_offered_only_where_it_applies(
    app: Flask, client: Browser, who: str, words: str
) -> None:
    page = begin(client, who)
    assert _answers_offered(page) == ["yes", "sometimes", "no", "not_sure", "prefer_not"]
    assert "not about" not in page.text

    page = answer(client, page, "yes")
    assert page.url == "/question/police-treat-well"
    assert _answers_offered(page) == [
        "yes",
        "sometimes",
        "no",
        "not_sure",
        "not_about_me",
        "prefer_not",
    ]
    assert _answer_label(page, "not_about_me") == words
    choice = page.soup.find("input", id="answer-not_about_me").find_parent(class_="choice")
    with app.test_request_context():
        picture = current_bank().pictures["answer-not-about-me"]
    assert choice.find("img")["src"].endswith(f"/pictures/{picture.code}.svg")
    assert _clip_url_name(app, words) in choice.find("audio")["src"], "no Listen for the answer"


def test_this_is_not_about_me_is_stored_and_shown_on_the_check_page(
    client: Browser, db_session: Session
) -> None:
    page = _answer_all(client, begin(client, "on_behalf"), {"police-treat-well": "not_about_me"})
    stored = dict(db_session.execute(select(Answer.statement_id, Answer.value)).all())
    assert stored["police-treat-well"] == "not_about_me"
    row = next(
        row
        for row in page.soup.select(".summary__row")
        if "The police treat them well." in row.get_text()
    )
    assert "This is not about them" in row.select_one(".summary__answer").get_text()
    for other in page.soup.select(".summary__row"):
        if other is not row:
            assert "not about" not in other.get_text()
    again = client.get(row.select_one("a.summary__change")["href"])
    assert again.soup.find("input", id="answer-not_about_me").has_attr("checked")


def test_this_is_not_about_me_is_refused_where_it_is_not_offered(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    refused = client.submit(page, {"answer": "not_about_me"}, button="next", status=400)
    assert refused.url == "/question/people-listen"
    assert CHOOSE_ONE_SHOWN in refused.text
    assert refused.soup.title.get_text().startswith("Error: ")
    assert db_session.scalars(select(Answer)).all() == []


def test_a_one_off_event_has_no_sometimes_and_refuses_it(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = answer(client, answer(client, page, "yes"), "not_about_me")
    assert page.url == "/question/asked-before-move"
    assert _answers_offered(page) == ["yes", "no", "not_sure", "prefer_not"]
    assert "Sometimes" not in page.text

    refused = client.submit(page, {"answer": "sometimes"}, button="next", status=400)
    assert CHOOSE_ONE_SHOWN in refused.text
    assert _answers_offered(refused) == ["yes", "no", "not_sure", "prefer_not"]
    stored = db_session.scalars(
        select(Answer.value).where(Answer.statement_id == "asked-before-move")
    ).all()
    assert stored == []
    assert answer(client, refused, "no").url == "/question/feel-safe-at-home"


def test_record_answer_refuses_an_answer_the_statement_does_not_offer(
    app: Flask, client: Browser, db_session: Session
) -> None:
    begin(client)
    response = db_session.scalars(select(Response)).one()
    with app.app_context():
        bank = current_bank()
    with pytest.raises(ValueError, match="does not offer"):
        record_answer(db_session, response, bank.statements["asked-before-move"], "sometimes")
    with pytest.raises(ValueError, match="does not offer"):
        record_answer(db_session, response, bank.statements["people-listen"], "not_about_me")
    record_answer(db_session, response, bank.statements["police-treat-well"], "not_about_me")
    db_session.commit()
    assert db_session.scalars(select(Answer.value)).all() == ["not_about_me"]
