"""The facilitator sees each tablet that joins, with its London time, and can take one out of the
session (after asking): it then saves no answers and raises no alerts, and its screen says, in
easy read, to ask the group leader."""

from __future__ import annotations

import logging
import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.kiosk.models import KioskTablet
from portal.respond.models import Answer
from portal.safety.models import SafetyFlag
from tests.groups.helpers import form_index, join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin
from tests.safety.helpers import press_help_now

REMOVED = "This tablet is out of the group"


def _remove(facilitator: Browser, session_page: Page, number: int) -> Page:
    """Press "Remove" for tablet `number`, then "Remove tablet N" on the page that asks."""
    asked = facilitator.get(session_page.link(f"Remove tablet {number}"))
    assert asked.h1 == f"Remove tablet {number}?", asked.h1
    return facilitator.submit(asked, form=form_index(asked, "/remove"))


def test_the_facilitator_sees_each_tablet_join_in_london_time(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    for _ in range(2):
        join(Browser(app.test_client()), code)
    db_session.execute(update(KioskTablet).values(joined_at=datetime(2026, 7, 14, 13, 5)))
    db_session.commit()
    fetched = facilitator.client.get(session_page.url + "/progress")  # what the page fetches
    tablets = BeautifulSoup(fetched.text, "html.parser").select("#tablet-list .staff-tablet")
    words = [" ".join(item.get_text().split()) for item in tablets]
    assert words[0].startswith("Tablet 1 joined at 14:05: ready for someone"), words
    assert words[1].startswith("Tablet 2 joined at 14:05: ready for someone"), words


def test_a_removed_tablet_saves_no_answers_and_says_to_ask_the_group_leader(
    app: Flask, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="portal.security_events")
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    kept, removed = Browser(app.test_client()), Browser(app.test_client())
    join(kept, code)
    join(removed, code)
    question = begin(removed)
    answer(removed, question, "yes")
    kept_question = begin(kept)

    session_page = facilitator.get(session_page.url)
    asked = facilitator.get(session_page.link("Remove tablet 2"))
    assert "The answers already given on it are kept." in asked.text
    facilitator.get(asked.link("Keep it"))
    assert removed.get(question.url).url == question.url, "Keep it changes nothing"
    page = _remove(facilitator, session_page, 2)
    assert "The tablet is out of the session." in page.text
    assert re.search(r"Tablet 2 joined at \d\d:\d\d: removed at \d\d:\d\d", page.text)
    assert "Remove tablet 2" not in page.text and "Remove tablet 1" in page.text

    refused = removed.submit(question, {"answer": "no"}, button="next", status=410)
    assert refused.h1 == REMOVED
    assert "The group leader took this tablet out of the group." in refused.text
    assert "Ask your group leader for help." in refused.text
    assert db_session.scalar(select(func.count(Answer.id))) == 1, "only the answer from before"
    assert db_session.scalar(select(Answer.value)) == "yes"
    assert removed.get("/", status=410).h1 == REMOVED
    assert removed.client.get("/kiosk/status").json == {"current": False}

    help_page = press_help_now(removed, refused)  # the numbers, but no alert for the group
    assert help_page.url.startswith("/help")
    assert db_session.scalar(select(func.count(SafetyFlag.id))) == 0

    answer(kept, kept_question, "yes")  # the other tablet carries on
    assert db_session.scalar(select(func.count(Answer.id))) == 2
    left = removed.submit(refused, form=form_index(refused, "/kiosk/leave"))
    assert left.url == "/" and "Carry on with my code" in left.text
    [line] = [r.getMessage() for r in caplog.records if "event=tablet_removed" in r.getMessage()]
    assert "tablet=2" in line


def test_a_facilitator_cannot_remove_another_sessions_tablet(app: Flask) -> None:
    owner = Browser(app.test_client())
    session_page, code = open_session(app, owner)
    join(Browser(app.test_client()), code)
    session_page = owner.get(session_page.url)
    other = Browser(app.test_client())
    other_page, _ = open_session(app, other)
    remove_url = session_page.link("Remove tablet 1")
    other.get(remove_url, status=404)
    foreign = remove_url.replace(session_page.url, other_page.url)
    other.get(foreign, status=404)
