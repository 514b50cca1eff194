"""A picture made of two drawings keeps its shape on the question page, even on a phone."""

from __future__ import annotations

import pytest

from tests.browser.helpers import OpenPage, begin_questions, screenshot_dir, visit

# "Staff let me decide." shows a name badge beside a person putting their hand up
STATEMENT = "staff-let-me-decide"


@pytest.mark.parametrize("width", [360, 320, 1024])
def test_two_drawing_picture_is_twice_as_wide_as_high_and_fits(
    open_page: OpenPage, width: int
) -> None:
    page = open_page(width, 740)
    begin_questions(page)
    visit(page, f"/question/{STATEMENT}")
    picture = page.locator("img.statement__picture")
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=picture.element_handle())
    box = picture.bounding_box()
    assert box is not None
    assert box["width"] == pytest.approx(2 * box["height"], abs=1), "squashed or stretched"
    assert box["height"] >= 60, f"only {box['height']:.0f}px high"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "sticks out of the screen"
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways ({scroll}px)"
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"composite-picture-{width}.png"))
