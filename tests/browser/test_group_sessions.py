"""Group sessions in the real browser: tablets (in every language) and the facilitator's
pages pass axe-core, both update themselves, a new safety alert comes to the top of the
facilitator's page without moving focus, "Next person" leaves nothing to go back to, a
tablet can join with the keyboard alone, a tablet that typed too many wrong codes is told to
wait, and a tablet the facilitator removes says so by itself."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from portal.kiosk.context import join_address_throttle
from portal.kiosk.services import london_today
from tests.auth.helpers import PASSWORD, add_staff
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import (
    AxeTally,
    begin_questions,
    page_problems,
    path_of,
    press_enter_and_wait,
    screenshot_dir,
    submit,
    tab_to,
    visit,
    walk_to_first_question,
)
from tests.groups.helpers import add_area

NEXT = "button[name=action][value=next]"
NEXT_PERSON = "main form[action$='/kiosk/next-person'] button[type=submit]"
CLOSE = "main a[href$='/close']"  # "Close the session": asks first
CLOSE_SURE = "main form[action$='/close'] button[type=submit]"
NEXT_PERSON_FOR_TABLET = "#tablet-list form[action$='/next-person'] button[type=submit]"
LEAVE = "main form[action$='/kiosk/leave'] button[type=submit]"
KIOSK_SCRIPT = "script[src^='/static/kiosk'][src$='.js']"  # kiosk.js, or kiosk-<hash>.js
POLL_TIMEOUT = 15_000  # ms; both pages ask the portal every 5 seconds


def new_tab(browser: Browser, live_server: str) -> Page:
    """A page in a new browser context (own cookies), like the `page` fixture's."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    return context.new_page()


@dataclass(frozen=True)
class Facilitator:
    """A facilitator signed in once for this module, and an area to hold sessions in."""

    context: BrowserContext
    area_id: int


@pytest.fixture(scope="module")
def facilitator(browser: Browser, live_server: str, live_app: Flask) -> Iterator[Facilitator]:
    email = f"facilitator-{secrets.token_hex(4)}@example.org"
    add_staff(live_app, "facilitator", email)
    area_id = add_area(live_app, f"Browser test area {secrets.token_hex(3)}")
    page = new_tab(browser, live_server)
    visit(page, "/staff/sign-in")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    assert not path_of(page).startswith("/staff/sign-in"), "the facilitator is not signed in"
    page.close()
    yield Facilitator(page.context, area_id)
    page.context.close()


@pytest.fixture
def staff(facilitator: Facilitator) -> Iterator[Page]:
    """A tab of the facilitator's, closed after the test (so its page stops asking)."""
    page = facilitator.context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="module")
def group_code(facilitator: Facilitator) -> str:
    """The join code of a session that stays open for the tablets of this module's tests."""
    page = facilitator.context.new_page()
    code = open_session(page, facilitator)
    page.close()
    return code


@pytest.fixture(scope="module")
def finished_tablet(browser: Browser, live_server: str, facilitator: Facilitator) -> Iterator[Page]:
    """A tablet that joined a session the facilitator then closed. Its open start page
    notices by itself and shows "This group session has finished" (waiting for that also
    keeps the tablet's own reload from racing a test's next navigation)."""
    tablet = new_tab(browser, live_server)
    page = facilitator.context.new_page()
    join_group(tablet, open_session(page, facilitator))
    submit(page, CLOSE)
    assert page.locator("h1").inner_text() == "Close this session?"
    submit(page, CLOSE_SURE)
    page.close()
    expect(tablet.locator(LEAVE)).to_have_count(1, timeout=POLL_TIMEOUT)
    yield tablet
    tablet.context.close()


def open_session(staff: Page, facilitator: Facilitator) -> str:
    """Open a session through the form; `staff` then shows its page. Returns the join code."""
    visit(staff, "/staff/sessions/new")
    fill_session_form(staff, facilitator.area_id)
    submit(staff)
    code = staff.locator(".join-code").inner_text().replace(" ", "")
    assert len(code) == 6 and code.isdigit(), code
    return code


def fill_session_form(page: Page, area_id: int, group_name: str = "Tuesday speak-up group") -> None:
    page.fill("input[name=group_name]", group_name)
    page.select_option("select[name=area]", str(area_id))
    page.select_option("select[name=questionnaire]", "self-advocates")
    page.fill("input[name=session_date]", london_today().isoformat())


def join_group(page: Page, code: str, language: str = "en") -> None:
    """Type the code on the join page, as a tablet: the start page follows."""
    visit(page, f"/join?lang={language}")
    page.fill("input[name=code]", code)
    submit(page)
    assert path_of(page) == "/", path_of(page)


def test_tablet_pages_have_no_axe_violations_in_each_language(
    group_code: str, finished_tablet: Page, page: Page, language: str, axe_tally: AxeTally
) -> None:
    visit(page, f"/join?lang={language}")
    problems = page_problems(page, language, "join a group", axe_tally)
    submit(page, status=400)  # no code typed
    assert page.locator(".error-summary").count() == 1, "no error summary for an empty code"
    problems += page_problems(page, language, "join a group with an error", axe_tally)
    page.fill("input[name=code]", group_code)
    submit(page)
    assert path_of(page) == "/", path_of(page)
    for name in walk_to_first_question(page, language):
        if name == "start":
            assert page.locator("main a[href$='/resume']").count() == 0, "resume offered"
            problems += page_problems(page, language, "group start", axe_tally)
    problems += page_problems(page, language, "group question", axe_tally)
    visit(page, "/check")
    submit(page)  # Send my answers
    assert path_of(page) == "/thank-you", path_of(page)
    assert page.locator(NEXT_PERSON).count() == 1, "no Next person button"
    assert page.locator("main a[href$='/code']").count() == 0, "a resume code is offered"
    problems += page_problems(page, language, "group thank you", axe_tally)

    response = finished_tablet.goto(f"/?lang={language}")
    assert response is not None and response.status == 410, "the tablet was not told"
    leave = finished_tablet.locator(LEAVE)
    assert leave.count() == 1, "no Leave the group button"
    problems += page_problems(finished_tablet, language, "group session finished", axe_tally)
    assert not problems, "\n".join(problems)


def test_facilitator_pages_pass_axe_and_follow_the_tablets_by_themselves(
    facilitator: Facilitator,
    staff: Page,
    page: Page,
    safety_statement: str,
    live_server: str,
    axe_tally: AxeTally,
) -> None:
    """One session from the form to the group vote. While the session page stays open, a
    tablet starts and raises a safety alert: the page shows both without reloading. The
    facilitator's "Next person" for the tablet then sends its open page back to the start."""
    visit(staff, "/staff/sessions/new")
    problems = page_problems(staff, "en", "open a group session", axe_tally)
    fill_session_form(staff, facilitator.area_id, group_name="")
    submit(staff, status=400)
    assert staff.locator(".error-summary").count() == 1, "no error summary for a missing name"
    problems += page_problems(staff, "en", "open a group session with an error", axe_tally)
    fill_session_form(staff, facilitator.area_id)
    submit(staff)
    session_path = path_of(staff)
    started = staff.locator("#count-started")
    expect(started).to_have_text("0")
    staff.evaluate("() => { window.stillTheSamePage = true; }")

    join_group(page, staff.locator(".join-code").inner_text().replace(" ", ""))
    first = begin_questions(page)
    visit(page, f"/question/{safety_statement}")
    page.check("#answer-no")
    submit(page, NEXT)
    assert path_of(page).startswith("/help"), path_of(page)
    visit(page, f"/question/{first}")
    assert page.locator(KIOSK_SCRIPT).count() == 1, "kiosk.js is not on the page"
    page.check("#answer-sometimes")  # chosen, not sent: the person walks away

    expect(started).to_have_text("1", timeout=POLL_TIMEOUT)
    expect(staff.locator("#alert-list .session-alert")).to_have_count(1)
    expect(staff.locator("#progress .staff-tablet")).to_contain_text("someone is answering")
    assert staff.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"
    assert staff.locator("img.qr").evaluate("img => img.naturalWidth") > 0, "no QR code"
    problems += page_problems(staff, "en", "group session", axe_tally)
    submit(staff, NEXT_PERSON_FOR_TABLET)
    pressed = time.monotonic()
    expect(staff.locator("main [role=status]")).to_contain_text("ready for the next person")

    visit(staff, "/staff/sessions/")  # while the tablet has yet to notice
    assert staff.locator(f"main a[href$='{session_path}']").count() == 1
    problems += page_problems(staff, "en", "group sessions", axe_tally)
    visit(staff, session_path)
    submit(staff, "main a[href$='/vote']")  # Start a group vote
    assert "/vote/" in path_of(staff), path_of(staff)
    problems += page_problems(staff, "en", "group vote", axe_tally)
    staff.fill("input[name=yes]", "lots")
    submit(staff, status=400)
    assert staff.locator(".error-summary").count() == 1, "no error summary for 'lots'"
    problems += page_problems(staff, "en", "group vote with an error", axe_tally)

    waited = 1000 * (time.monotonic() - pressed)
    page.wait_for_url(f"{live_server}/", timeout=max(POLL_TIMEOUT - waited, 1))
    assert page.locator("input:checked").count() == 0, "the last person's choice is shown"
    assert not problems, "\n".join(problems)


def test_a_new_alert_comes_to_the_top_without_moving_focus(
    facilitator: Facilitator,
    staff: Page,
    page: Page,
    safety_statement: str,
    axe_tally: AxeTally,
) -> None:
    """With focus on a tablet's "Next person", a safety alert raised on the tablet appears at
    the top within 10 seconds, changes the page title until "I have seen it", is announced
    once, and focus stays on the button."""
    code = open_session(staff, facilitator)
    session_path = path_of(staff)
    join_group(page, code)
    begin_questions(page)
    visit(staff, session_path)
    title = staff.title()
    assert title.startswith("Tuesday speak-up group"), title
    expect(staff.locator("#alert-sound")).to_be_checked()
    staff.focus(NEXT_PERSON_FOR_TABLET)
    staff.evaluate(
        """() => {
          window.focusedBefore = document.activeElement;
          window.tones = 0;
          const tone = AudioContext.prototype.createOscillator;
          AudioContext.prototype.createOscillator = function () {
            window.tones += 1;
            return tone.call(this);
          };
          window.announcements = [];
          new MutationObserver(() => window.announcements.push(
            document.getElementById("alert-announcer").textContent
          )).observe(document.getElementById("alert-announcer"), {childList: true});
        }"""
    )

    visit(page, f"/question/{safety_statement}")
    page.check("#answer-no")
    submit(page, NEXT)
    assert path_of(page).startswith("/help"), path_of(page)

    alert = staff.locator("#alert-list .session-alert")
    expect(alert).to_have_count(1, timeout=10_000)
    expect(alert).to_contain_text(re.compile(r"Tablet 1,\s+\d\d:\d\d"))
    expect(alert).to_contain_text("Tell the safety lead yourself, now.")
    expect(staff).to_have_title(f"(1) Safety alert – {title}")
    assert staff.evaluate("() => document.activeElement === window.focusedBefore"), (
        "focus moved from the Next person button"
    )
    expect(staff.locator("#alerts-new")).to_be_visible()
    top = staff.evaluate(
        """() => [document.getElementById("alerts-heading"), document.querySelector(".join-box")]
          .map(e => e.getBoundingClientRect().top)"""
    )
    assert top[0] < top[1], "the alerts are not above the join code"
    problems = page_problems(staff, "en", "group session with a new alert", axe_tally)
    for width, height in ((768, 1024), (1280, 800)):
        staff.set_viewport_size({"width": width, "height": height})
        folder = screenshot_dir()
        folder.mkdir(parents=True, exist_ok=True)
        staff.screenshot(path=str(folder / f"session-alert-{width}x{height}.png"), full_page=True)

    staff.wait_for_timeout(6_000)  # another fetch: the alert is not announced again
    announced = [words for words in staff.evaluate("() => window.announcements") if words]
    assert len(announced) == 1 and announced[0].startswith("New safety alert. Tablet 1"), announced
    assert staff.evaluate("() => window.tones") == 2, "one beep (two tones), once"
    assert staff.evaluate("() => document.activeElement === window.focusedBefore")
    staff.click("#alerts-seen")
    expect(staff).to_have_title(title)
    expect(staff.locator("#alerts-new")).to_be_hidden()
    expect(staff.locator("#alert-sound-hint")).to_be_hidden()  # pressed: sound can play
    assert staff.evaluate("() => document.activeElement.id") == "alerts-heading"
    staff.reload()
    expect(staff).to_have_title(title)  # seen stays seen

    staff.route("**/*.js", lambda route: route.abort())  # JavaScript off: Refresh link instead
    staff.reload()
    expect(staff.locator("#alert-list .session-alert")).to_have_count(1)
    expect(staff.locator("#alerts-refresh a")).to_be_visible()
    expect(staff.locator("#alert-sound")).to_be_hidden()
    problems += page_problems(
        staff, "en", "group session with an alert", axe_tally, javascript=False
    )
    assert not problems, "\n".join(problems)


def assert_nothing_of_the_last_person(page: Page, went: str) -> None:
    """The page is the new person's: no answer chosen, no answer words from a check page."""
    where = f"{went} to {path_of(page)}"
    assert not path_of(page).startswith(("/question", "/check", "/thank-you")), where
    checked = page.locator("input[name=answer]:checked, input[name=answered_by]:checked")
    assert checked.count() == 0, f"{where}: {checked.first.get_attribute('value')} is chosen"
    assert "Sometimes" not in page.locator("main").inner_text(), f"{where} shows Sometimes"


def test_next_person_leaves_nothing_to_go_back_to(group_code: str, page: Page) -> None:
    join_group(page, group_code)
    begin_questions(page)
    page.check("#answer-sometimes")
    submit(page, NEXT)
    visit(page, "/check")
    assert "Sometimes" in page.locator("main").inner_text(), "the check page lost the answer"
    submit(page)  # Send my answers
    submit(page, NEXT_PERSON)
    assert path_of(page) == "/", path_of(page)

    steps = 0
    while not path_of(page).startswith("/join") and steps < 12:
        page.go_back()
        steps += 1
        assert_nothing_of_the_last_person(page, f"Back x{steps}")
    assert steps >= 8, f"only {steps} pages to go back to"
    for forward in range(1, steps + 1):
        page.go_forward()
        assert_nothing_of_the_last_person(page, f"Forward x{forward}")


def test_a_tablet_can_join_with_the_keyboard_only(group_code: str, page: Page) -> None:
    visit(page, "/join")
    tab_to(page, "input[name=code]")
    page.keyboard.type(group_code)
    press_enter_and_wait(page)
    assert path_of(page) == "/", path_of(page)
    assert page.locator(KIOSK_SCRIPT).count() == 1, "not a tablet after joining"


def test_a_finished_tablet_carries_on_by_itself_when_the_session_is_opened_again(
    browser: Browser, live_server: str, facilitator: Facilitator, staff: Page
) -> None:
    tablet = new_tab(browser, live_server)
    join_group(tablet, open_session(staff, facilitator))
    submit(staff, CLOSE)
    submit(staff, CLOSE_SURE)
    expect(tablet.locator(LEAVE)).to_have_count(1, timeout=POLL_TIMEOUT)
    submit(staff, "main form[action$='/reopen'] button[type=submit]")
    assert "The session is open again." in staff.locator("main").inner_text()
    expect(tablet.locator(LEAVE)).to_have_count(0, timeout=POLL_TIMEOUT)
    assert path_of(tablet) == "/", "the tablet is back on its start page, in the session"
    tablet.context.close()


def test_a_tablet_told_to_wait_and_a_removed_tablet_pass_axe_in_each_language(
    facilitator: Facilitator,
    staff: Page,
    page: Page,
    live_app: Flask,
    language: str,
    axe_tally: AxeTally,
) -> None:
    """Tablets at this browser's address have typed 50 wrong codes: the right one is refused
    with "Too many wrong codes". Then a tablet joins; the facilitator sees it join, removes it
    (after asking), and the tablet's open page changes by itself to say it is out of the
    session."""
    code = open_session(staff, facilitator)
    session_path = path_of(staff)
    with live_app.test_request_context("/join", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        throttle = join_address_throttle()
        for _ in range(live_app.config["JOIN_ADDRESS_MAX_FAILURES"]):
            throttle.hit()
    try:
        visit(page, f"/join?lang={language}")
        page.fill("input[name=code]", code)
        submit(page, status=429)
        problems = page_problems(page, language, "too many wrong join codes", axe_tally)
    finally:
        live_app.extensions["portal.throttle"].storage.reset()

    join_group(page, code, language)
    visit(page, f"/?lang={language}")  # joining starts afresh, in English
    tablet = staff.locator("#tablet-list .staff-tablet")
    expect(tablet).to_contain_text(
        re.compile(r"Tablet 1 joined at \d\d:\d\d"), timeout=POLL_TIMEOUT
    )
    submit(staff, "#tablet-list a[href$='/remove']")
    assert staff.locator("h1").inner_text() == "Remove tablet 1?"
    if language == "en":
        problems += page_problems(staff, "en", "remove a tablet", axe_tally)
    submit(staff, "main form[action$='/remove'] button[type=submit]")
    assert path_of(staff).startswith(session_path), path_of(staff)
    expect(staff.locator("main [role=status]")).to_contain_text("out of the session")

    expect(page.locator(LEAVE)).to_have_count(1, timeout=POLL_TIMEOUT)
    problems += page_problems(page, language, "tablet removed from the session", axe_tally)
    assert not problems, "\n".join(problems)
