"""A group session for tests: an area, a facilitator signed in, a session opened through its
page, and tablets that join with the code."""

from __future__ import annotations

import secrets

from flask import Flask
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.kiosk.services import london_today
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page


def add_area(app: Flask, name: str | None = None) -> int:
    with Session(app.extensions["db_engine"]) as db, db.begin():
        area = Area(name=name or f"Area {secrets.token_hex(3)}")
        db.add(area)
        db.flush()
        return area.id


def form_index(page: Page, action: str) -> int:
    """Which form on the page posts to an action ending with `action`."""
    for index, form in enumerate(page.soup.find_all("form")):
        if (form.get("action") or "").endswith(action):
            return index
    raise AssertionError(f"no form posting to …{action} on {page.url}")


def open_session(
    app: Flask,
    facilitator: Browser,
    questionnaire: str = "self-advocates",
    group_size: str = "",
    session_date: str | None = None,
) -> tuple[Page, str]:
    """Sign a new facilitator in, open a session (today, London date, unless `session_date`
    says); returns the session page and its join code."""
    start_signed_in(facilitator, add_staff(app, "facilitator"))
    area = add_area(app)
    page = facilitator.get("/staff/sessions/new")
    page = facilitator.submit(
        page,
        {
            "group_name": "Tuesday speak-up group",
            "area": str(area),
            "questionnaire": questionnaire,
            "session_date": session_date or london_today().isoformat(),
            "group_size": group_size,
        },
    )
    code = page.soup.find(class_="join-code").get_text().replace(" ", "")
    return page, code


def close_session(facilitator: Browser, session_page: Page) -> Page:
    """Press "Close the session", then "Close the session" again on the page that asks first."""
    asked = facilitator.get(session_page.link("Close the session"))
    assert asked.h1 == "Close this session?", asked.h1
    return facilitator.submit(asked, form=form_index(asked, "/close"))


def join(tablet: Browser, code: str) -> Page:
    """Type the code on the tablet's join page."""
    page = tablet.get("/join")
    page = tablet.submit(page, {"code": code})
    assert page.url == "/", page.url
    return page
