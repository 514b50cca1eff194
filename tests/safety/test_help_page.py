"""The "I need help now" page says only what is true where the person is, puts 999 first, and
the button raises one flag per visit: showing the page raises none, and presses with no visit
behind them are capped."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.areas.services import add_area, add_contact
from portal.audio.texts import spoken_texts
from portal.config import PROJECT_ROOT
from portal.content.bank import spell_digits, spoken_contact
from portal.content.checker import load_bank
from portal.respond.help import numbers_left_to_right
from portal.safety.models import SafetyFlag
from portal.safety.services import help_contacts
from tests.groups.helpers import join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import begin
from tests.safety.helpers import help_now_form, press_help_now

BANK = load_bank(PROJECT_ROOT / "content")
HELP = BANK.help
DEMO_PHONES = [c.phone for c in HELP.contacts if c.demo]
REAL_CONTACTS = [c for c in HELP.contacts if not c.demo]
NEVER_AT_HOME = ("will come to you", "They will try to help", "has been told")


def _flags(db_session: Session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(SafetyFlag)) or 0


def _words(page: Page) -> str:
    """The words of each paragraph of the page's main part, as a reader sees them."""
    main = page.soup.find("main")
    return "\n".join(" ".join(p.get_text().split()) for p in main.find_all("p"))


def _says(page: Page, sentences: tuple[str, ...]) -> bool:
    return all(sentence in _words(page) for sentence in sentences)


def _on_tablet(app: Flask, answered_by: str = "own") -> tuple[Browser, Page]:
    """A tablet in an open group session, on its first question."""
    _session_page, code = open_session(app, Browser(app.test_client()))
    tablet = Browser(app.test_client())
    join(tablet, code)
    return tablet, begin(tablet, answered_by)


# --- the button, not the page, raises a flag --------------------------------------------------


def test_showing_the_help_page_3000_times_raises_no_flag(
    client: Browser, db_session: Session
) -> None:
    begin(client)
    client.get("/help")  # the whole page checked once, then only asked for
    for n in range(3000):
        # the old "?from=link" raised a flag on every GET without a cookie
        response = client.client.get("/help?from=link" if n % 2 else "/help")
        assert response.status_code == 200
    assert _flags(db_session) == 0


def test_pressing_the_button_raises_one_flag_then_shows_the_page_with_get(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    form = page.soup.find_all("form")[help_now_form(page)]
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    response = client.client.post(form["action"], data={"csrf_token": token})
    assert response.status_code == 303
    assert urlsplit(response.location).path == "/help"
    assert _flags(db_session) == 1
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert (flag.kind, flag.statement_id) == ("help_link", None)
    assert flag.response_id is not None


def test_one_visit_pressing_the_button_many_times_raises_one_flag(
    client: Browser, db_session: Session
) -> None:
    page = client.get("/")
    for _ in range(30):
        page = press_help_now(client, page)
        assert page.h1 == HELP.title
    assert _flags(db_session) == 1, "before answering"
    page = begin(client)
    for _ in range(30):
        page = press_help_now(client, page)
    assert _flags(db_session) == 1, "the same visit, now answering"


def test_3000_presses_without_a_visit_store_no_more_than_the_hourly_limit(
    app: Flask, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """Each press comes from a new browser holding the cookie and token of a visit to the start
    page that has not pressed yet: the cookie is all a visit is to the portal, so this is 3,000
    new visits (and a cookie sent again after pressing, to press again)."""
    limit = app.config["SAFETY_UNLINKED_FLAGS_PER_HOUR"]
    assert limit == 20
    visit = Browser(app.test_client())
    page = visit.get("/")
    token = page.soup.find("form", id="help-now").find("input", attrs={"name": "csrf_token"})
    cookie = visit.client.get_cookie("session")
    assert cookie is not None
    caplog.set_level(logging.WARNING, logger=app.logger.name)
    for _ in range(3000):
        browser = app.test_client()
        browser.set_cookie("session", cookie.value)
        response = browser.post("/help?back=/", data={"csrf_token": token["value"]})
        assert response.status_code == 303
    assert _flags(db_session) == limit
    refused = [r for r in caplog.records if "PORTAL_SAFETY_UNLINKED_FLAGS_PER_HOUR" in r.message]
    assert len(refused) == 3000 - limit


def test_presses_from_home_never_silence_a_group_tablet(app: Flask, db_session: Session) -> None:
    app.config["SAFETY_UNLINKED_FLAGS_PER_HOUR"] = 3
    for _ in range(10):
        home = Browser(app.test_client())
        press_help_now(home, home.get("/"))
    assert _flags(db_session) == 3
    _session_page, code = open_session(app, Browser(app.test_client()))
    tablet = Browser(app.test_client())
    page = press_help_now(tablet, join(tablet, code))
    assert _says(page, HELP.where["group_told"])
    flag = db_session.scalars(select(SafetyFlag).where(SafetyFlag.session_id.is_not(None))).one()
    assert (flag.response_id, flag.tablet_number) == (None, 1)


def test_the_button_on_a_question_page_kept_for_everyone_carries_each_persons_own_token(
    app: Flask, db_session: Session
) -> None:
    first, second = Browser(app.test_client()), Browser(app.test_client())
    pages = [begin(first), begin(second)]
    assert pages[0].url == pages[1].url, "the same question page, kept once for both"
    tokens = []
    for page in pages:
        own = page.form(0).find("input", attrs={"name": "csrf_token"})["value"]
        form = page.form(help_now_form(page))
        assert form.find("input", attrs={"name": "csrf_token"})["value"] == own
        tokens.append(own)
    assert tokens[0] != tokens[1]
    press_help_now(first, pages[0])
    press_help_now(second, pages[1])
    assert _flags(db_session) == 2


def test_a_press_without_its_token_shows_help_but_raises_no_flag(
    client: Browser, db_session: Session
) -> None:
    page = client.get("/")
    page = client.submit(page, form=help_now_form(page), drop_csrf=True)
    assert page.h1 == HELP.title
    assert _flags(db_session) == 0
    press_help_now(client, page)  # on the help page, pressed again with its token
    assert _flags(db_session) == 1


def test_a_tablet_never_says_the_group_leader_was_told_when_nothing_was_stored(
    app: Flask, db_session: Session
) -> None:
    app.config["SAFETY_UNLINKED_FLAGS_PER_HOUR"] = 0
    _session_page, code = open_session(app, Browser(app.test_client()))
    tablet = Browser(app.test_client())
    page = press_help_now(tablet, join(tablet, code))
    assert _flags(db_session) == 0
    assert _says(page, HELP.where["group_not_told"])
    assert not _says(page, HELP.where["group_told"])


def test_someone_answering_is_never_capped(app: Flask, db_session: Session) -> None:
    app.config["SAFETY_UNLINKED_FLAGS_PER_HOUR"] = 0
    client = Browser(app.test_client())
    press_help_now(client, begin(client))
    assert _flags(db_session) == 1
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert flag.questionnaire_id is not None, "it counts in the report of what they answer"


# --- words for each situation ------------------------------------------------------------------


def test_at_home_the_page_says_nobody_can_come_and_promises_nothing(client: Browser) -> None:
    page = press_help_now(client, begin(client))
    assert _says(page, HELP.where["at_home"] + HELP.who["own_view"])
    assert "We do not know who you are, so we cannot come to you." in _words(page)
    for promise in NEVER_AT_HOME:
        assert promise not in page.text
    anonymous = Browser(client.client.application.test_client())
    page = press_help_now(anonymous, anonymous.get("/"))
    assert _says(page, HELP.where["at_home"])
    for promise in NEVER_AT_HOME:
        assert promise not in page.text


def test_on_a_group_tablet_the_group_leader_has_been_told_and_will_come(app: Flask) -> None:
    tablet, question = _on_tablet(app)
    page = tablet.get("/help")
    assert _says(page, HELP.where["group_not_told"]), "nobody told yet: say how to tell them"
    assert not _says(page, HELP.where["group_told"])
    page = press_help_now(tablet, question)
    assert _says(page, HELP.where["group_told"] + HELP.who["own_view"])
    assert "We do not know who you are" not in page.text


@pytest.mark.parametrize("answered_by", ["on_behalf", "family_carer"])
def test_someone_answering_for_another_or_as_a_carer_gets_their_own_words(
    client: Browser, answered_by: str
) -> None:
    page = press_help_now(client, begin(client, answered_by))
    assert _says(page, HELP.where["at_home"] + HELP.who[answered_by])
    assert "It is not your fault." not in page.text, "words for the person at risk"
    for promise in NEVER_AT_HOME:
        assert promise not in page.text


def test_the_consent_page_promises_only_what_is_true(app: Flask, client: Browser) -> None:
    page = client.get("/")
    page = client.submit(client.get(page.link("Start")), {"language": "en"})
    page = client.submit(page, {"answered_by": "own"})
    assert page.url == "/consent"
    assert "They will try to help" not in page.text and "will come to you" not in page.text
    assert "We do not know who you are, so they cannot come to you." in page.text
    tablet, _question = _on_tablet(app)
    page = tablet.get("/consent")
    assert "we tell your group leader. They will come to you." in page.text


# --- numbers -----------------------------------------------------------------------------------


def test_999_comes_first_as_a_big_button(client: Browser) -> None:
    page = press_help_now(client, begin(client))
    main = page.soup.find("main")
    first_call = main.find("a", href=lambda href: href and href.startswith("tel:"))
    assert first_call["href"] == "tel:999" and "call--urgent" in first_call["class"]
    before = [p.get_text() for p in first_call.find_all_previous("p") if main in p.parents]
    assert before == [], "no sentence before 999"
    assert "If you cannot speak, call 999 from a mobile and press 55." in _words(page)


def test_every_number_is_a_tel_link_with_its_own_audio(client: Browser) -> None:
    page = press_help_now(client, begin(client))
    links = {a["href"] for a in page.soup.select("main a[href^='tel:']")}
    assert links == {f"tel:{c.phone.replace(' ', '')}" for c in REAL_CONTACTS}
    labels = {audio["aria-label"] for audio in page.soup.select("main audio")}
    for contact in REAL_CONTACTS:
        assert any(contact.name in label for label in labels), contact.id
    assert {"116 123", "18000", "101", "111"} <= {c.phone for c in REAL_CONTACTS}
    assert "choose the mental health option" in _words(page)
    assert page.soup.select_one("main a[href='https://999bsl.co.uk/']") is not None


def test_each_number_is_said_digit_by_digit() -> None:
    assert spell_digits("call 116 123 or 999.") == "call 1 1 6, 1 2 3 or 9 9 9."
    assert spoken_contact("Samaritans", "116 123", "Call them.") == (
        "Samaritans. Call them. 1 1 6, 1 2 3."
    )
    emergency = HELP.contacts[0]
    assert emergency.urgent and emergency.phone == "999"
    assert emergency.spoken.startswith("Call 9 9 9. If you are in danger now, call 9 9 9.")


def test_numbers_in_groups_read_left_to_right_in_urdu(client: Browser) -> None:
    assert str(numbers_left_to_right("call 116 123 <now>")) == (
        'call <span dir="ltr">116 123</span> &lt;now&gt;'
    )
    assert str(numbers_left_to_right("NHS 111")) == "NHS 111", "one group: one run already"
    page = press_help_now(client, begin(client, language="ur"))
    phone = page.soup.select_one("main a[href='tel:116123'] span[dir=ltr]")
    assert phone is not None and phone.get_text() == "116 123"


def test_audio_is_built_for_every_number_and_each_areas_own_contacts(app: Flask) -> None:
    with Session(app.extensions["db_engine"]) as db, db.begin():
        area = add_area(db, None, "North locality")
        add_contact(db, None, area, "North keeping safe team", "0300 123 4567", "Call them.")
    spoken = spoken_texts(app)
    assert ("en", "North keeping safe team. Call them. 0 3 0 0, 1 2 3, 4 5 6 7.") in spoken
    for contact in REAL_CONTACTS:
        assert ("en", contact.spoken) in spoken
    for language in ("cy", "ur"):
        localised = BANK.localised(language).help
        assert (language, localised.contacts[0].spoken) in spoken
        assert (language, " ".join(localised.where["at_home"])) in spoken


def test_no_area_contacts_means_only_real_national_numbers_outside_the_demo(
    app: Flask, client: Browser, db_session: Session
) -> None:
    page = press_help_now(client, begin(client))
    for phone in DEMO_PHONES:
        assert phone not in page.text
    assert "01632" not in page.text
    for contact in REAL_CONTACTS:
        assert contact.phone in page.text
    shown = help_contacts(db_session, HELP.contacts, None, demo=True)
    assert [c.phone for c in shown if c.phone in DEMO_PHONES] == DEMO_PHONES
    app.config["DEMO"] = True
    assert client.get("/help").text.count("01632") == len(DEMO_PHONES)


# --- ways out ----------------------------------------------------------------------------------


def test_carry_on_answering_goes_back_to_the_question_pressed_on(client: Browser) -> None:
    question = begin(client)
    page = press_help_now(client, question)
    assert client.get(page.link("Carry on answering")).url == question.url
    page = press_help_now(client, page)  # pressed again on the help page: still goes back
    assert client.get(page.link("Carry on answering")).url == question.url


def test_leave_this_page_quickly_goes_to_a_neutral_page_or_the_tablets_start(
    app: Flask, client: Browser
) -> None:
    page = press_help_now(client, begin(client))
    leave = page.soup.select_one("main a[data-leave]")
    assert leave["href"] == "https://www.bbc.co.uk/weather"
    assert "noreferrer" in leave["rel"]
    tablet, question = _on_tablet(app)
    page = press_help_now(tablet, question)
    assert page.soup.select_one("main a[data-leave]")["href"] == "/"


# --- "Tell us more" after an answer that shows the help page; carrying on --------------------

SELF_ADVOCATES = BANK.questionnaires["self-advocates"]
SAFE_HOME = next(s for s in SELF_ADVOCATES.statement_ids if BANK.statements[s].safety)


def test_tell_us_more_after_a_safety_answer_shows_the_box_below_the_help(
    client: Browser, db_session: Session
) -> None:
    from portal.comments.models import Comment

    begin(client)
    statement = BANK.statements[SAFE_HOME]
    page = client.get(f"/question/{SAFE_HOME}")
    page = client.submit(page, {"answer": statement.alert_on[0]}, button="more")
    assert page.url.startswith(f"/help?after={SAFE_HOME}")
    assert page.soup.select_one("a.call--urgent") is not None  # the help comes first
    box = page.soup.select_one("main textarea#comment")
    assert box is not None, "no box for the words the person wanted to tell us"
    forms = page.soup.find_all("form")
    index = next(i for i, form in enumerate(forms) if form.find("textarea"))
    assert forms[index]["action"] == f"/question/{SAFE_HOME}/more"
    page = client.submit(page, {"comment": "The night staff shout."}, form=index)
    position = SELF_ADVOCATES.statement_ids.index(SAFE_HOME)
    assert page.url == f"/question/{SELF_ADVOCATES.statement_ids[position + 1]}"
    stored = db_session.scalars(select(Comment.text)).all()
    assert stored == ["The night staff shout."]


def test_next_after_a_safety_answer_shows_no_box(client: Browser) -> None:
    begin(client)
    statement = BANK.statements[SAFE_HOME]
    page = client.get(f"/question/{SAFE_HOME}")
    page = client.submit(page, {"answer": statement.alert_on[0]}, button="next")
    assert page.url.startswith("/help")
    assert page.soup.select_one("main textarea") is None
    position = SELF_ADVOCATES.statement_ids.index(SAFE_HOME)
    after = client.get(page.link("Carry on answering"))
    assert after.url == f"/question/{SELF_ADVOCATES.statement_ids[position + 1]}"


def test_carry_on_answering_never_goes_to_consent(client: Browser) -> None:
    question = begin(client)
    third = SELF_ADVOCATES.statement_ids[2]
    page = press_help_now(client, client.get(f"/question/{third}"))
    assert client.get(page.link("Carry on answering")).url == f"/question/{third}"
    # the help page opened on its own (no page to go back to): the first question not answered
    page = client.get("/help")
    assert client.get(page.link("Carry on answering")).url == question.url
