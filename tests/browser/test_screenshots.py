"""Screenshots of a question on a tablet, left to right and right to left, for people to look at."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.browser.helpers import OpenPage, begin_questions, screenshot_dir

TABLET = (768, 1024)
MIN_BYTES = 20_000  # a blank or broken page is a few kB


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG file's header."""
    header = path.read_bytes()[:24]
    assert header.startswith(b"\x89PNG"), f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("language", ["en", "ur"])
def test_question_page_screenshot_on_a_tablet(open_page: OpenPage, language: str) -> None:
    page = open_page(*TABLET)
    begin_questions(page, language)
    page.wait_for_load_state("load")
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"question-{language}-{TABLET[0]}x{TABLET[1]}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.exists(), f"no screenshot at {path}"
    assert path.stat().st_size > MIN_BYTES, f"{path} is only {path.stat().st_size} bytes"
    width, height = png_size(path)
    assert width == TABLET[0], f"{path} is {width}px wide: the page scrolls sideways"
    assert height >= TABLET[1]
