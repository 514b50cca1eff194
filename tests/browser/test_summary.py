"""An Advisory Group member on a tablet: reads a theme of the easy-read summary with "Read this
page to me", says a comment into the (fake) microphone and sends it, agrees every theme and
approves the report; every review page passes axe in English and Urdu."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.reports.filters import ReportFilters
from portal.reports.models import Report, ReviewComment, ReviewRecording
from portal.reports.services import create_draft, share_for_review
from tests.auth.helpers import add_staff
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import (
    AxeTally,
    assert_no_problems,
    path_of,
    quarter_of_its_own,
    record_with_fake_microphone,
    screenshot_dir,
    signed_in,
    submit,
    visit,
)
from tests.browser.test_read_page import READ, RECORD_PLAYS, TABLET, played, wait_until_read
from tests.browser.test_voice_comment import FAKE_MICROPHONE
from tests.reports.fixtures import PTABLE, add_people
from tests.reports.test_results import BANK, NO_GOOD, YES_GOOD

AGREE = "main form[action$='/agree'] button[type=submit]"
QUARTER = quarter_of_its_own(2)


@pytest.fixture(scope="module")
def report_in_review(live_app: Flask) -> int:
    """A report on its own quarter, shared with the Advisory Group."""
    engine = live_app.extensions["db_engine"]
    admin_id = add_staff(live_app, "administrator")
    at = datetime.combine(QUARTER.start.replace(day=12), datetime.min.time())
    with Session(engine) as db, db.begin():
        add_people(db, {YES_GOOD: "yes", NO_GOOD: "no"}, 40, at)
        add_people(db, {YES_GOOD: "no", NO_GOOD: "yes"}, 12, at)
    with Session(engine) as db, db.begin():
        actor = db.get_one(StaffUser, admin_id)
        filters = ReportFilters("self-advocates", QUARTER, QUARTER)
        row = create_draft(db, actor, "Advisory Group test", filters, BANK, PTABLE, after_days=0)
        share_for_review(db, row, actor)
        return row.id


@pytest.fixture(scope="module")
def microphone_browser(browser: Browser) -> Iterator[Browser]:
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MICROPHONE
    )
    yield chromium
    chromium.close()


@pytest.fixture
def reviewer(microphone_browser: Browser, live_server: str, live_app: Flask) -> Iterator[Page]:
    """A reviewer signed in on a tablet-sized page that writes down the clips it plays."""
    context: BrowserContext = signed_in(
        microphone_browser, live_server, live_app, "reviewer", TABLET
    )
    context.add_init_script(RECORD_PLAYS)
    yield context.new_page()
    context.close()


def _theme(statement_id: str) -> str:
    return BANK.statements[statement_id].theme


def test_the_review_pages_pass_axe_in_urdu_right_to_left(
    reviewer: Page, report_in_review: int, axe_tally: AxeTally
) -> None:
    home = f"/staff/reports/{report_in_review}/summary"
    visit(reviewer, f"{home}?lang=ur")
    assert_no_problems(reviewer, "summary in easy read", axe_tally, "ur")
    visit(reviewer, f"{home}/{_theme(YES_GOOD)}")
    assert_no_problems(reviewer, "summary theme", axe_tally, "ur")
    reviewer.screenshot(path=screenshot_dir() / "summary-theme-ur-768x1024.png", full_page=True)


def test_a_reviewer_hears_a_theme_records_a_comment_and_approves(
    reviewer: Page, report_in_review: int, live_app: Flask, axe_tally: AxeTally
) -> None:
    home = f"/staff/reports/{report_in_review}/summary"
    visit(reviewer, home)
    assert_no_problems(reviewer, "summary in easy read", axe_tally)
    reviewer.screenshot(path=screenshot_dir() / "summary-home-768x1024.png", full_page=True)

    theme = _theme(NO_GOOD)
    visit(reviewer, f"{home}/{theme}")
    section = reviewer.locator(f"#statement-{NO_GOOD}").locator("xpath=ancestor::section[1]")
    assert section.locator(".people__person").count() == 10
    sentences = section.locator(".summary-sentences p").all_inner_texts()
    assert sentences[0] == "Most people said No.", sentences
    assert_no_problems(reviewer, "summary theme, with the recorder", axe_tally)
    reviewer.screenshot(path=screenshot_dir() / "summary-theme-768x1024.png", full_page=True)
    reviewer.set_viewport_size({"width": 360, "height": 740})
    reviewer.screenshot(path=screenshot_dir() / "summary-theme-360x740.png", full_page=True)
    reviewer.set_viewport_size(TABLET)

    # "Read this page to me": the theme's name, then its statements, in the page's order
    button = reviewer.locator(READ)
    assert button.count() == 1, "no 'Read this page to me' button"
    button.click()
    wait_until_read(reviewer, 4)
    labels = [clip["label"] for clip in played(reviewer)]
    name = BANK.themes[theme].name
    assert labels[0].endswith(name), labels[:3]
    statement = BANK.statements[NO_GOOD].text
    heard = [label.removeprefix("Listen: ") for label in labels]
    assert statement in heard and "Most people said No." in heard
    assert heard.index(statement) < heard.index("Most people said No.")

    # Say a comment into the microphone, and send it
    record_with_fake_microphone(reviewer, 2)
    submit(reviewer, "button[name=way][value=speak]")
    assert "Thank you. We have your words." in reviewer.locator("main").inner_text()
    assert reviewer.locator("#your-comments + ul audio").count() == 1
    with Session(live_app.extensions["db_engine"]) as db:
        kept = db.execute(
            select(ReviewRecording.seconds, ReviewComment.theme_id)
            .join(ReviewComment, ReviewComment.id == ReviewRecording.comment_id)
            .where(ReviewComment.report_id == report_in_review)
        ).all()
    assert len(kept) == 1 and kept[0][1] == theme and 1 <= kept[0][0] <= 3.5, kept
    assert_no_problems(reviewer, "summary theme, after a spoken comment", axe_tally)

    # Agree this theme, then every other; then approve the whole report
    submit(reviewer, AGREE)
    assert "You agreed this part." in reviewer.locator("main").inner_text()
    assert_no_problems(reviewer, "summary theme, agreed", axe_tally)
    visit(reviewer, home)
    links = reviewer.eval_on_selector_all(
        ".summary-parts__link", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in links:
        visit(reviewer, href)
        if reviewer.locator(AGREE).count():
            submit(reviewer, AGREE)
    visit(reviewer, home)
    submit(reviewer, "main form[action$='/summary/approve'] button[type=submit]")
    assert path_of(reviewer).split("?")[0] == home
    assert "Thank you. You approved the report." in reviewer.locator("main").inner_text()
    with Session(live_app.extensions["db_engine"]) as db:
        assert db.get_one(Report, report_in_review).status == "approved"
