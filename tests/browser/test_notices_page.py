"""The notices page in the real browser on a tablet: an administrator chooses by keyboard how
they hear about each kind of notice, sees what to do when a choice is missing, and every state
passes axe-core."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser

from tests.browser.helpers import AxeTally, page_problems, signed_in, submit, tab_to, visit
from tests.browser.test_safety_staff_pages import TABLET_SIZE, screenshot

SAVE = "#notice-choices button[type=submit]"


def test_an_administrator_chooses_notices_by_keyboard_and_the_page_passes_axe(
    browser: Browser, live_server: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    context = signed_in(browser, live_server, live_app, "administrator", TABLET_SIZE)
    page = context.new_page()
    visit(page, "/staff/notices/")
    assert page.locator("h1").inner_text() == "Your notices"
    problems = page_problems(page, "en", "your notices", axe_tally)
    screenshot(page, "staff-notices")
    for label in page.locator("label.checkbox__label").all():
        box = label.bounding_box()
        assert box is not None and box["height"] >= 44, "a choice smaller than 44 px to press"

    tab_to(page, "#action_overdue-email")  # the checked radio of the group takes the focus
    page.keyboard.press("ArrowDown")  # "In one email a week"
    assert page.locator("#action_overdue-weekly").is_checked()
    tab_to(page, SAVE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your choices are saved." in page.locator("main").inner_text()
    assert page.locator("#action_overdue-weekly").is_checked()
    problems += page_problems(page, "en", "your notices, saved", axe_tally)

    page.evaluate(
        "document.querySelectorAll('input[name=comments_waiting]')"
        ".forEach(radio => { radio.checked = false; })"
    )
    submit(page, SAVE, status=400)
    assert "Your choices are saved." not in page.locator("main").inner_text()
    assert page.locator("input[name=comments_waiting]:checked").count() == 0
    summary = page.locator(".error-summary").inner_text()
    assert "Choose how you want to hear “new comments wait for moderation”" in summary
    problems += page_problems(page, "en", "your notices, a choice missing", axe_tally)
    screenshot(page, "staff-notices-error")
    context.close()
    assert not problems, "\n".join(problems)
