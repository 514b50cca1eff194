"""Pages fit a small phone without sideways scrolling; targets and text are big enough."""

from __future__ import annotations

import pytest

from tests.browser.helpers import OpenPage, begin_questions, path_of, walk_respondent_pages

PHONE = (320, 640)
MIN_TARGET = 44  # px, WCAG 2.5.5 (AAA) and the portal's own rule
MIN_STATEMENT_FONT = 18  # px


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_page_scrolls_sideways_on_a_small_phone(
    open_page: OpenPage, language: str, safety_statement: str
) -> None:
    page = open_page(*PHONE)
    too_wide = []
    for name in walk_respondent_pages(page, language, safety_statement):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE[0]:
            widest = page.evaluate(
                """limit => [...document.querySelectorAll('body *')]
                  .filter(el => {
                    const r = el.getBoundingClientRect();
                    return r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5);
                  })
                  .slice(-3).map(el => el.outerHTML.slice(0, 100))""",
                PHONE[0],
            )
            too_wide.append(f"{name} ({path_of(page)}): {width}px wide; sticking out: {widest}")
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("size", [(1024, 768), (768, 1024)], ids=["1024x768", "768x1024"])
def test_answer_choices_and_next_are_big_enough_to_press(
    open_page: OpenPage, size: tuple[int, int], language: str
) -> None:
    page = open_page(*size)
    begin_questions(page, language)
    targets = page.locator(".choice__label").all() + [
        page.locator("button[name=action][value=next]")
    ]
    assert len(targets) == 6, "expected five answer choices and a Next button"
    small = []
    for target in targets:
        box = target.bounding_box()
        assert box is not None, f"{target} is not shown"
        if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
            small.append(f"{target.inner_text().strip()!r}: {box['width']:.0f}x{box['height']:.0f}")
    assert not small, f"smaller than {MIN_TARGET}x{MIN_TARGET} px: {small}"

    font_size = page.locator("h1.statement__text").evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert font_size >= MIN_STATEMENT_FONT, f"statement text is {font_size}px"
