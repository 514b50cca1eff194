"""Next with no answer asks calmly whether to skip; a skipped statement is kept as skipped."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.respond.models import Answer
from portal.safety.models import SafetyFlag
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin

BANK = load_bank(PROJECT_ROOT / "content")
SELF_ADVOCATES = BANK.questionnaires["self-advocates"]
FIRST, SECOND = SELF_ADVOCATES.statement_ids[:2]
SAFETY = next(s for s in SELF_ADVOCATES.statement_ids if BANK.statements[s].safety)


def _stored(db: Session) -> dict[str, str]:
    db.expire_all()
    return {a.statement_id: a.value for a in db.scalars(select(Answer))}


def _next_without_answer(client: Browser, page: Page, button: str = "next") -> Page:
    return client.submit(page, button=button)


def test_next_without_an_answer_asks_calmly_instead_of_an_error(client: Browser) -> None:
    page = _next_without_answer(client, begin(client))
    assert page.url == f"/question/{FIRST}/skip"
    assert "There is a problem" not in page.text
    assert not page.soup.select(".error-summary, .field-error")
    assert page.h1 == "Skip this one?"
    assert "You did not choose." in page.text
    assert BANK.statements[FIRST].text in page.text
    main = page.soup.select_one("main")
    buttons = [" ".join(b.get_text().split()) for b in main.select("button, a.button")]
    assert buttons == ["Skip", "Go back"]
    # every sentence and both buttons can be heard
    assert len(page.audio_sources()) >= 5


def test_skip_stores_skipped_and_goes_to_the_next_question(
    client: Browser, db_session: Session
) -> None:
    page = _next_without_answer(client, begin(client))
    page = client.submit(page, button="Skip")
    assert page.url == f"/question/{SECOND}"
    assert _stored(db_session) == {FIRST: "skipped"}


def test_go_back_returns_to_the_question_and_stores_nothing(
    client: Browser, db_session: Session
) -> None:
    page = _next_without_answer(client, begin(client))
    page = client.get(page.link("Go back"))
    assert page.url == f"/question/{FIRST}"
    assert _stored(db_session) == {}


def test_tell_us_more_without_an_answer_asks_too_then_opens_the_box(
    client: Browser, db_session: Session
) -> None:
    page = _next_without_answer(client, begin(client), button="more")
    assert page.url == f"/question/{FIRST}/skip?more=1"
    page = client.submit(page, button="Skip")
    assert page.url == f"/question/{FIRST}/more"
    assert _stored(db_session) == {FIRST: "skipped"}


def test_skipping_a_safety_statement_raises_no_flag_and_shows_no_help_page(
    client: Browser, db_session: Session
) -> None:
    begin(client)
    page = client.get(f"/question/{SAFETY}")
    page = client.submit(client.submit(page), button="Skip")
    assert not page.url.startswith("/help")
    assert _stored(db_session) == {SAFETY: "skipped"}
    assert db_session.scalars(select(SafetyFlag)).all() == []


def test_a_skipped_statement_counts_as_done_when_carrying_on(client: Browser) -> None:
    page = begin(client)
    page = client.submit(client.submit(page), button="Skip")
    page = answer(client, page, "yes")
    third = SELF_ADVOCATES.statement_ids[2]
    assert page.url == f"/question/{third}"
    page = client.get("/consent")
    page = client.submit(page)  # Carry on: no practice question the second time
    assert page.url == f"/question/{third}"


def test_a_skipped_answer_reaches_the_check_page_and_can_be_changed(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = client.submit(client.submit(page), button="Skip")
    for statement_id in SELF_ADVOCATES.statement_ids[1:]:
        assert page.url == f"/question/{statement_id}"
        good = {"yes_good": "yes", "no_good": "no"}[BANK.statements[statement_id].direction]
        page = answer(client, page, good)  # never the help page
    assert page.url == "/check"
    first_row = page.soup.select_one(".summary__row")
    assert BANK.statements[FIRST].text in first_row.get_text()
    assert "Not answered yet" not in first_row.get_text()
    # change it from the check page: skipping again goes back to the check page
    page = client.get(f"/question/{FIRST}?change=1")
    assert not page.soup.select("input[checked]")
    page = client.submit(page, button="next")
    assert page.url == f"/question/{FIRST}/skip?change=1"
    assert client.get(page.link("Go back")).url == f"/question/{FIRST}?change=1"
    page = client.submit(page, button="Skip")
    assert page.url == "/check"
    page = answer(client, client.get(f"/question/{FIRST}?change=1"), "yes")
    assert page.url == "/check"
    assert _stored(db_session)[FIRST] == "yes"


def test_an_answer_not_offered_still_gets_the_clear_error(client: Browser) -> None:
    page = client.submit(begin(client), {"answer": "made-up"}, button="next", status=400)
    assert "Choose one of the answers on this page." in page.text
