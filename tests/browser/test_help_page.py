"""The help page on a 360x640 phone, in English and Urdu, in each situation: 999 is on the first
screen, axe-core finds nothing, and a screenshot of each is saved for people to look at."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.content.models import Questionnaire
from portal.groups.services import open_session
from portal.respond.help import QUICK_EXIT
from tests.auth.helpers import add_staff
from tests.browser.helpers import (
    OpenPage,
    axe_violations,
    begin_questions,
    describe_violations,
    html_language,
    path_of,
    screenshot_dir,
    submit,
    visit,
)
from tests.browser.test_screenshots import MIN_BYTES, png_size
from tests.groups.helpers import add_area

PHONE = (360, 640)
HELP_NOW = "header button.help-now"
# Who answers in each situation; on a group tablet, the person answering about themselves.
SITUATIONS = {
    "at-home": "own",
    "group-tablet": "own",
    "on-behalf": "on_behalf",
    "family-carer": "family_carer",
}


@pytest.fixture(scope="module")
def join_code(live_app: Flask) -> str:
    """An open group session for the tablets of this module."""
    facilitator_id = add_staff(live_app, "facilitator", f"help-{secrets.token_hex(4)}@example.org")
    area_id = add_area(live_app, f"Help page area {secrets.token_hex(3)}")
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        questionnaire = db.scalar(
            select(Questionnaire.id).where(Questionnaire.slug == "self-advocates")
        )
        facilitator = db.get(StaffUser, facilitator_id)
        assert questionnaire is not None and facilitator is not None
        group = open_session(
            db, facilitator, "Help page group", area_id, questionnaire, date.today()
        )
        return group.join_code


def _to_help_page(page: Page, situation: str, language: str, join_code: str) -> None:
    """Answer as a person in `situation` would, up to the first question, then press "I need
    help now" in the header."""
    if situation == "group-tablet":
        visit(page, f"/join?lang={language}")
        page.fill("input[name=code]", join_code)
        submit(page)
        assert path_of(page) == "/", path_of(page)
    begin_questions(page, language, SITUATIONS[situation])
    submit(page, HELP_NOW)
    assert path_of(page).startswith("/help?back=/question/"), path_of(page)


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("situation", SITUATIONS)
def test_help_page_on_a_phone_has_999_on_the_first_screen(
    open_page: OpenPage, join_code: str, situation: str, language: str
) -> None:
    page = open_page(*PHONE)
    _to_help_page(page, situation, language, join_code)
    page.wait_for_load_state("load")

    call = page.locator("main a[href='tel:999']").first
    box = call.bounding_box()
    assert box is not None, "no 999 button"
    inside = (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= PHONE[0]
        and box["y"] + box["height"] <= PHONE[1]
    )
    assert inside, f"the 999 button is at {box}, not all on the first {PHONE[0]}x{PHONE[1]} screen"

    assert tuple(html_language(page)) == (language, "rtl" if language == "ur" else "ltr")
    violations = axe_violations(page)
    assert not violations, describe_violations(f"[{language}] help, {situation}", violations)

    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"help-{situation}-{language}-{PHONE[0]}x{PHONE[1]}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > MIN_BYTES, f"{path} is only {path.stat().st_size} bytes"
    width, height = png_size(path)
    assert width == PHONE[0], f"{path} is {width}px wide: the page scrolls sideways"
    assert height >= PHONE[1]


def test_leaving_quickly_replaces_the_help_page_so_back_does_not_return_to_it(
    open_page: OpenPage, join_code: str
) -> None:
    page = open_page(*PHONE)
    # Tests never reach the network: the neutral page is answered here.
    page.context.route(QUICK_EXIT, lambda route: route.fulfill(body="<title>Weather</title>"))
    _to_help_page(page, "at-home", "en", join_code)
    with page.expect_navigation():
        page.click("main a[data-leave]")
    assert page.url == QUICK_EXIT
    page.go_back()
    assert path_of(page).startswith("/question/"), "Back skips the help page"
