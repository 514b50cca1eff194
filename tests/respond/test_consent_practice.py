"""A short consent with the rest one tap away, and a practice question that stores nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.easy_read import sentences
from portal.respond.models import Answer
from tests.groups.helpers import join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import begin

BANK = load_bank(PROJECT_ROOT / "content")
FIRST = BANK.questionnaires["self-advocates"].statement_ids[0]


def _to_consent(client: Browser) -> Page:
    page = client.get("/language")
    page = client.submit(page, {"language": "en"})
    page = client.submit(page, {"answered_by": "own"})
    assert page.url == "/consent"
    return page


def _said(page: Page) -> list[str]:
    """The sentences the page says above its button (its <h1> is a heading, not a sentence)."""
    main = page.soup.select_one("main")
    said = [" ".join(p.get_text().split()) for p in main.select(".said p")]
    return [s for text in said for s in sentences(text)]


def test_consent_is_five_short_sentences_at_most(client: Browser) -> None:
    page = _to_consent(client)
    said = _said(page)
    assert 1 <= len(said) <= 5, said
    assert "We do not ask for your name." in said
    assert "You can skip a question or stop at any time." in said
    assert all(len(s.split()) <= 15 for s in said)
    # each sentence has its own audio
    assert len(page.audio_sources()) >= len(said)


def test_tell_me_more_holds_the_rest_with_audio(client: Browser) -> None:
    page = _to_consent(client)
    more = client.get(page.link("Tell me more about what happens to my answers"))
    assert more.url == "/consent/more"
    for words in (
        "Only a small team can see each answer.",
        "We keep your answers safe.",
        "There is one time we will tell someone.",
        "We do not know who you are, so they cannot come to you.",
        "A person from our team listens. They write down your words.",
        "Then they delete the recording.",
    ):
        assert words in more.text
    said = more.soup.select("main .said")
    assert said and all(block.find("audio") for block in said)
    assert client.get(more.link("Go back")).url == "/consent"


def test_agreeing_shows_a_practice_question_that_stores_nothing(
    client: Browser, db_session: Session
) -> None:
    page = client.submit(_to_consent(client))
    assert page.url == "/practice"
    assert page.h1 == "Let's practise."
    assert "I like music." in page.text
    offered = [i["value"] for i in page.soup.select("input[name=answer]")]
    assert offered == ["yes", "sometimes", "no", "not_sure", "prefer_not"]
    page = client.submit(page, {"answer": "yes"}, button="Try it")
    assert page.url == "/practice"
    result = " ".join(page.soup.select_one(".practice-result").get_text().split())
    assert result == "You chose: Yes That is how it works."
    assert page.soup.select_one("#answer-yes").has_attr("checked")
    assert db_session.scalar(select(func.count()).select_from(Answer)) == 0


def test_trying_without_choosing_says_so_and_stores_nothing(
    client: Browser, db_session: Session
) -> None:
    page = client.submit(client.submit(_to_consent(client)), button="Try it")
    assert "You did not choose." in page.text
    assert "There is a problem" not in page.text
    assert db_session.scalar(select(func.count()).select_from(Answer)) == 0


def test_start_the_real_questions_goes_on_in_one_tap(client: Browser) -> None:
    page = client.submit(_to_consent(client))
    assert client.get(page.link("Start the real questions")).url == f"/question/{FIRST}"


def test_carry_on_skips_the_practice_question(client: Browser) -> None:
    begin(client)
    page = client.get("/consent")
    assert "Carry on" in page.text
    assert client.submit(page).url == f"/question/{FIRST}"


def test_on_a_group_tablet_consent_says_the_group_leader_comes(app: Flask) -> None:
    _session_page, code = open_session(app, Browser(app.test_client()))
    tablet = Browser(app.test_client())
    join(tablet, code)
    page = tablet.get("/language")
    page = tablet.submit(page, {"language": "en"})
    page = tablet.submit(page, {"answered_by": "own"})
    said = _said(page)
    assert "They will come to you." in said
    assert len(said) <= 5
