"""On a tablet held upright (768x1024), "I agree. Start the questions." is on the first screen,
without scrolling, in English and in right-to-left Urdu."""

from __future__ import annotations

import pytest

from tests.browser.helpers import OpenPage, screenshot_dir, walk_to_first_question

TABLET = (768, 1024)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_i_agree_is_on_the_first_screen_of_a_tablet(open_page: OpenPage, language: str) -> None:
    page = open_page(*TABLET)
    for name in walk_to_first_question(page, language):
        if name == "consent":
            break
    assert page.evaluate("() => window.scrollY") == 0
    agree = page.locator("main form button[type=submit]")
    box = agree.bounding_box()
    assert box is not None, "no I agree button"
    # a header that stays on screen would cover the bottom of nothing, but count it anyway
    header = page.evaluate(
        """() => { const h = document.querySelector('header');
                   return h && getComputedStyle(h).position === 'fixed' ? h.offsetHeight : 0; }"""
    )
    bottom = box["y"] + box["height"]
    assert bottom <= TABLET[1] - header, f"I agree ends at {bottom:.0f}px, below the fold"
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"consent_768x1024_{language}.png")
