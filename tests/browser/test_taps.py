"""A whole journey on a touch tablet with "Read this page to me" (pressed once) and taps on
answers and buttons only: at most two taps per statement plus eight for the rest.

The walker knows no page by name, so new pages on the way (a practice question, a "Skip this
one?" page) are walked the same way: on a question (a page with a Next button for its answer)
tap the first answer, then Next; on another page, tap an answer only when its form needs one
(nothing chosen yet and the radios sit in the same form as the page's main button), then the
page's main button. The count goes to test-results/taps.json for `make bench`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator

from tests.browser.helpers import RESULTS_DIR, path_of, visit
from tests.browser.test_read_page import READ, TabletPage, open_tablets, played

NEXT = "main button[name=action][value=next]"
MAIN_BUTTON = "main .button:not(.button--secondary)"
MOST_PAGES = 40


@pytest.fixture
def tablet(browser: Browser, live_server: str) -> Iterator[TabletPage]:
    """A factory: a touch tablet page in its own browser context."""
    yield from open_tablets(browser, live_server)


class Taps:
    """Taps on the page, counted."""

    def __init__(self) -> None:
        self.count = 0
        self.statements = 0
        self.clips = 0  # clips on the pages walked: a tap each to hear them without the reader

    def tap(self, locator: Locator, navigates: bool = False) -> None:
        self.count += 1
        if not navigates:
            locator.tap()
            return
        page = locator.page
        with page.expect_navigation():
            locator.tap()


def test_a_whole_journey_takes_at_most_two_taps_a_statement_and_eight_more(
    tablet: TabletPage,
) -> None:
    page = tablet()
    visit(page, "/?lang=en")
    taps = Taps()
    taps.tap(page.locator(READ))  # once: every next page reads itself
    for _ in range(MOST_PAGES):
        taps.clips += page.locator("main .listen audio").count()
        if path_of(page) == "/thank-you":
            break
        radios = page.locator("main input[type=radio]")
        if page.locator(NEXT).count():
            taps.statements += 1
            if not page.locator("main input[type=radio]:checked").count():
                taps.tap(page.locator(".choice__label").first)
            taps.tap(page.locator(NEXT), navigates=True)
            continue
        main_button = page.locator(MAIN_BUTTON).first
        form_needs_answer = radios.count() and main_button.evaluate(
            "b => !!b.form && !b.form.querySelector('input[type=radio]:checked')"
            " && !!b.form.querySelector('input[type=radio]')"
        )
        if form_needs_answer:
            taps.tap(page.locator(".choice__label").first)
        taps.tap(main_button, navigates=True)
    assert path_of(page) == "/thank-you", f"stopped on {path_of(page)} after {taps.count} taps"
    assert page.locator(READ).get_attribute("aria-pressed") == "true" or played(page), (
        "the thank-you page did not read itself"
    )

    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "taps.json").write_text(
        json.dumps({"taps": taps.count, "statements": taps.statements, "clips": taps.clips}) + "\n"
    )
    print(f"taps: {taps.count} for {taps.statements} statements; {taps.clips} clips heard")
    assert taps.statements >= 10
    assert taps.count <= 2 * taps.statements + 8, f"{taps.count} taps"
