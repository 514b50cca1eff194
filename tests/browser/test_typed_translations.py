"""The translator's page of texts staff typed, in the real browser: Welsh and Urdu pass axe-core
on a tablet, words refused are shown beside their box, and a saved Urdu contact's name is
typed right to left."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser
from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.areas.models import Area, AreaContact
from portal.content.typed_texts import TypedTextTranslation
from tests.actions.helpers import add_action
from tests.browser.helpers import AxeTally, page_problems, signed_in, submit, visit
from tests.browser.test_safety_staff_pages import TABLET_SIZE, screenshot
from tests.groups.helpers import add_area

pytestmark = pytest.mark.browser


@pytest.fixture
def typed_texts(live_app: Flask) -> Iterator[None]:
    """An area with a help contact, and an action: taken away again after the test, as the
    browser tests share one database."""
    area = add_area(live_app)
    action = add_action(live_app, area_id=area, easy_read="We made a new leaflet.")
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        db.add(
            AreaContact(
                area_id=area, name="Keeping safe team", phone="01632 960201", text="Call them."
            )
        )
    yield
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        db.execute(delete(TypedTextTranslation))
        db.execute(delete(Action).where(Action.id == action))
        db.execute(delete(AreaContact).where(AreaContact.area_id == area))
        db.execute(delete(Area).where(Area.id == area))


@pytest.mark.usefixtures("typed_texts")
def test_typed_texts_pages_pass_axe_in_welsh_and_urdu(
    browser: Browser, live_server: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    context = signed_in(browser, live_server, live_app, "translator", TABLET_SIZE)
    page = context.new_page()
    problems: list[str] = []
    try:
        for language in ("cy", "ur"):
            visit(page, f"/staff/studio/translations/{language}/typed")
            problems += page_problems(page, "en", f"{language} texts staff typed", axe_tally)
        assert page.get_attribute("#text-0", "dir") == "rtl"
        page.fill("#text-0", "ٹیم")
        page.check("#checked-0")
        submit(page, "#item-0 button")
        assert "Saved 1 text." in page.inner_text("[role=status]")
        assert page.is_checked("#checked-0")
        screenshot(page, "studio-typed-translations-ur")
        visit(page, "/staff/studio/translations/cy/typed")
        page.fill("#text-0", "")
        page.check("#checked-0")
        submit(page, "#item-0 button", status=400)
        assert "Type the Welsh words in the box." in page.inner_text("#text-0-error")
        problems += page_problems(page, "en", "cy typed text refused", axe_tally)
        visit(page, "/staff/studio/translations/")
        problems += page_problems(page, "en", "translation shares with typed texts", axe_tally)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
