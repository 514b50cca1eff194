"""The resume code on screen: four big pictures with words, no axe violations, with and
without JavaScript, in English and Urdu (right to left), at tablet and phone sizes; "Print my
code" only where JavaScript can print."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import (
    AxeTally,
    OpenPage,
    begin_questions,
    page_problems,
    path_of,
    screenshot_dir,
    submit,
    visit,
)

SIZES = {"tablet": (768, 1024), "phone": (360, 740)}


def _make_code(page: Page, language: str) -> None:
    begin_questions(page, language)
    page.check("#answer-yes")
    submit(page, "button[name=action][value=next]")
    visit(page, "/code")
    submit(page)
    assert path_of(page) == "/code"


def _check_code_shown(page: Page, where: str) -> None:
    words = page.locator(".code-box .code-word")
    assert words.count() == 4, where
    for number in range(4):
        picture = words.nth(number).locator("img.code-word__picture")
        box = picture.bounding_box()
        assert box is not None and box["width"] >= 96, f"{where}: picture {number} is small"
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), where
        assert words.nth(number).locator(".code-word__word").inner_text().strip(), where


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_code_and_thank_you_pages_show_the_code_as_pictures(
    open_page: OpenPage, axe_tally: AxeTally, language: str, javascript: bool
) -> None:
    problems: list[str] = []
    for size, (width, height) in SIZES.items():
        page = open_page(width=width, height=height, javascript=javascript)
        _make_code(page, language)
        where = f"[{language}] code page {size}"
        _check_code_shown(page, where)
        assert page.locator(".code-print").is_visible() == javascript, where
        problems += page_problems(page, language, "code made", axe_tally, javascript)
        shots = screenshot_dir()
        shots.mkdir(parents=True, exist_ok=True)
        js = "js" if javascript else "no-js"
        page.screenshot(path=shots / f"resume-code-{language}-{size}-{js}.png", full_page=True)
        page.emulate_media(media="print")  # printed: just the code's pictures and words
        assert page.locator(".code-box .code-word__word").first.is_visible(), where
        assert not page.locator("h1").is_visible(), f"{where}: printed more than the code"
        assert not page.locator(".code-print").is_visible(), where
        page.emulate_media(media="screen")

        visit(page, "/check")
        submit(page)  # Send my answers
        assert path_of(page) == "/thank-you"
        _check_code_shown(page, f"[{language}] thank you {size}")
        problems += page_problems(page, language, "thank you with a code", axe_tally, javascript)
        page.screenshot(path=shots / f"thank-you-code-{language}-{size}-{js}.png", full_page=True)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_picture_keypad_needs_no_typing(
    open_page: OpenPage, axe_tally: AxeTally, language: str, javascript: bool
) -> None:
    page = open_page(width=768, height=1024, javascript=javascript)
    visit(page, f"/?lang={language}")
    visit(page, "/resume")
    problems = page_problems(page, language, "resume", axe_tally, javascript)
    submit(page, "main a.button[href$='/resume/pictures']")
    problems += page_problems(page, language, "picture keypad", axe_tally, javascript)
    keys = page.locator(".code-keypad__button")
    for number in range(4):
        box = keys.nth(number).bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44
    for _ in range(4):
        submit(page, ".code-keypad__button >> nth=5")
    assert page.locator(".code-box .code-word").count() == 4
    problems += page_problems(page, language, "picture keypad, 4 chosen", axe_tally, javascript)
    js = "js" if javascript else "no-js"
    page.screenshot(path=screenshot_dir() / f"resume-keypad-{language}-tablet-{js}.png")
    submit(page, "main form[action$='/resume'] button[type=submit]", status=400)  # Carry on
    assert path_of(page) == "/resume"  # nobody's code: asked to check the words
    assert problems == [], "\n".join(problems)
