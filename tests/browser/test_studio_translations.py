"""Translation review in the real browser: the translator's pages pass axe-core on a tablet,
with the words refused beside their box, and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser.helpers import AxeTally, page_problems, signed_in, submit, visit
from tests.browser.test_safety_staff_pages import TABLET_SIZE, screenshot

pytestmark = pytest.mark.browser

LONG = (
    "Mae hon yn frawddeg hir iawn gyda llawer gormod o eiriau ynddi "
    "i unrhyw un ei darllen yn hawdd heddiw."
)


def test_translation_pages_pass_axe_on_a_tablet(
    browser: Browser, live_server: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    context = signed_in(browser, live_server, live_app, "translator", TABLET_SIZE)
    page = context.new_page()
    try:
        visit(page, "/staff/studio/translations/")
        problems = page_problems(page, "en", "translation shares", axe_tally)
        screenshot(page, "studio-translations")
        for language in ("cy", "ur"):
            visit(page, f"/staff/studio/translations/{language}")
            problems += page_problems(page, "en", f"{language} translations", axe_tally)
        screenshot(page, "studio-translations-ur")
        visit(page, "/staff/studio/translations/cy")
        page.fill("#text-0", LONG)  # too long: refused, so nothing is saved
        submit(page, "#item-0 button", status=400)
        assert "Easy read rule [" in page.inner_text("#text-0-error")
        problems += page_problems(page, "en", "cy translation refused", axe_tally)
        screenshot(page, "studio-translations-refused")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
