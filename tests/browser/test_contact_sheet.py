"""The contact sheet of statement pictures, drawn by Chromium and saved as a PNG for reviewers."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser

from portal.content.contact_sheet import PICTURES_DIR, SHEET_FILE
from tests.browser.helpers import axe_violations, describe_violations, screenshot_dir

SHEET_PNG = PICTURES_DIR / "contact-sheet.png"
WIDTH = 1280


def test_contact_sheet_draws_every_picture_and_is_saved_as_png(browser: Browser) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    try:
        page = context.new_page()
        page.goto(SHEET_FILE.as_uri())
        pictures = page.locator(".picture")
        assert pictures.count() > 100
        undrawn = page.evaluate(
            """() => [...document.querySelectorAll('.picture')]
                .filter(el => !getComputedStyle(el).backgroundImage.startsWith('url('))
                .map(el => el.getAttribute('aria-label'))"""
        )
        assert not undrawn, f"pictures with no drawing: {undrawn}"
        violations = axe_violations(page)
        assert not violations, describe_violations("contact sheet", violations)
        page.screenshot(path=str(SHEET_PNG), full_page=True)
    finally:
        context.close()
    # 256 colours are plenty for line drawings and text, and a fifth of the bytes to commit
    with Image.open(SHEET_PNG) as shot:
        shot.convert("RGB").quantize(256).save(SHEET_PNG, optimize=True)
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    copy = Path(shutil.copyfile(SHEET_PNG, folder / SHEET_PNG.name))
    assert SHEET_PNG.read_bytes().startswith(b"\x89PNG")
    print(f"contact sheet: {SHEET_PNG} and {copy}")
