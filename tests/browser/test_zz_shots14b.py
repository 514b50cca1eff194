"""Ad-hoc screenshots for the closing note (not committed)."""
from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page

from portal.content import current_bank
from tests.browser.helpers import submit, visit, walk_respondent_pages

OUT = "/tmp/shots14b"


def test_shots(page: Page, live_app: Flask) -> None:
    with live_app.app_context():
        bank = current_bank("en")
        q = bank.questionnaire_for("self_advocate")
        safety = next(s for s in q.statement_ids if bank.statements[s].safety)
    for width, height in ((768, 1024), (360, 740)):
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": height})
        for name in walk_respondent_pages(page, "en", safety):
            page.screenshot(path=f"{OUT}/{name.replace(' ', '-')}-{width}.png", full_page=True)
        visit(page, "/my-answers")
        page.screenshot(path=f"{OUT}/my-answers-{width}.png", full_page=True)
