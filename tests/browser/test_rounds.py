"""Survey rounds in the real browser: the administrator's rounds pages (with and without errors)
pass axe-core, a round is changed, and closed with the keyboard alone; the easy-read page a
family sees when its share link's round is closed passes axe-core and has its picture and
words."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser
from sqlalchemy.orm import Session

from portal.areas.models import ShareLink
from portal.kiosk.services import london_today
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import (
    AxeTally,
    assert_no_problems,
    press_enter_and_wait,
    screenshot_dir,
    signed_in,
    submit,
    tab_to,
    visit,
)
from tests.groups.helpers import add_area

pytestmark = pytest.mark.browser


def test_rounds_pages_pass_axe_and_a_closed_round_refuses_its_link_with_an_easy_read_page(
    browser: Browser, live_server: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    name = f"Rounds test area {secrets.token_hex(3)}"
    area_id = add_area(live_app, name)
    token = f"rounds-{secrets.token_hex(6)}"
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        db.add(
            ShareLink(token=token, questionnaire_slug="family-carers", area_id=area_id, label="x")
        )
    today = london_today()
    context = signed_in(browser, live_server, live_app, "administrator", DESKTOP)
    page = context.new_page()

    visit(page, "/staff/rounds/")
    assert_no_problems(page, "survey rounds", axe_tally)
    visit(page, "/staff/rounds/new")
    assert_no_problems(page, "add a survey round", axe_tally)
    page.fill("#name", "Browser round")
    page.select_option("#questionnaire", "family-carers")
    page.select_option("#area", label=name)
    page.fill("#opens_on", today.isoformat())
    page.fill("#closes_on", (today - timedelta(days=1)).isoformat())
    submit(page, status=400)
    assert page.locator("#closes_on-error").is_visible()
    assert_no_problems(page, "add a survey round, with errors", axe_tally)
    page.fill("#closes_on", (today + timedelta(days=5)).isoformat())
    submit(page)
    assert page.get_by_role("status").inner_text() == "The round is added."
    page.locator("main a[href$='/change']").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Change the round"
    assert_no_problems(page, "change the round", axe_tally)
    page.fill("#closes_on", (today + timedelta(days=6)).isoformat())
    submit(page)
    assert page.get_by_role("status").inner_text() == "The round is changed."

    close = "main form[action$='/close'] button[type=submit]"
    assert page.locator(close).first.bounding_box()["height"] >= 44
    tab_to(page, close)
    press_enter_and_wait(page)
    assert "The round is closed." in page.get_by_role("status").inner_text()
    assert_no_problems(page, "survey rounds, one closed", axe_tally)
    context.close()

    family = browser.new_context(base_url=live_server, viewport=DESKTOP)
    refused = family.new_page()
    response = refused.goto(f"/s/{token}")
    assert response is not None and response.status == 403
    assert refused.locator("h1").inner_text() == "These questions are closed now"
    assert refused.locator(".lead__picture").count() == 1, "a big picture, as on every page"
    assert "Ask the person who gave you this link." in refused.locator("main").inner_text()
    assert_no_problems(refused, "questions closed now", axe_tally)
    for width, height in ((768, 1024), (360, 740)):
        refused.set_viewport_size({"width": width, "height": height})
        shot = screenshot_dir() / f"questions-closed-{width}x{height}.png"
        refused.screenshot(path=shot, full_page=True)
    family.close()
