"""Join codes cannot be guessed: wrong codes are limited per tablet and across the portal (then
even the right code waits), the facilitator's page says when codes are being guessed, and a
code works only on its session's day (London date) while the session is open."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.kiosk.models import GroupSession, KioskTablet
from portal.kiosk.services import london_today
from tests.conftest import make_app
from tests.groups.helpers import close_session, form_index, join, open_session
from tests.helpers import Browser, Page

WRONG = "We could not find a group with that code. Check the numbers and try again."


def tablet_at(app: Flask, address: str) -> Browser:
    """A browser on its own address (tablets in a room, or a guesser's computers)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def wrong_code(code: str, n: int = 0) -> str:
    """A six-digit code that is not `code`."""
    return f"{(int(code) + 1 + n) % 1_000_000:06d}"


def type_code(tablet: Browser, code: str, status: int) -> Page:
    return tablet.submit(tablet.get("/join"), {"code": code}, status=status)


def security_events(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "portal.security_events"]


def test_a_tablet_typing_too_many_wrong_codes_waits_even_with_the_right_code(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="portal.security_events")
    _, code = open_session(app, Browser(app.test_client()))
    guesser = tablet_at(app, "192.0.2.10")
    for n in range(10):
        assert WRONG in type_code(guesser, wrong_code(code, n), status=400).text

    page = type_code(guesser, code, status=429)
    assert page.h1 == "Too many wrong codes"
    assert "This tablet typed too many wrong codes." in page.text
    assert "Wait 10 minutes. Then type the code again." in page.text
    assert "Or ask your group leader for help." in page.text
    assert 590 <= int(page.response.headers["Retry-After"]) <= 600
    with guesser.client.session_transaction() as session:
        assert "kiosk" not in session, "the right code was let in while waiting"

    join(tablet_at(app, "192.0.2.11"), code)  # a tablet on another address is not held up
    events = security_events(caplog)
    assert sum("event=join_code_failed" in line for line in events) == 10
    [throttled] = [line for line in events if "event=join_throttled" in line]
    assert "throttled=client" in throttled and code not in throttled
    assert "192.0.2.10" not in " ".join(events)


def test_the_right_code_clears_the_tablets_wrong_codes(app: Flask) -> None:
    _, code = open_session(app, Browser(app.test_client()))
    tablet = tablet_at(app, "192.0.2.20")
    for n in range(9):
        type_code(tablet, wrong_code(code, n), status=400)
    join(tablet, code)
    for n in range(10):  # a count from nothing again, not from 9
        type_code(tablet, wrong_code(code, n), status=400)
    type_code(tablet, wrong_code(code), status=429)


def test_many_addresses_guessing_together_stop_joining_for_everyone_and_the_facilitator_sees_it(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["JOIN_SITE_MAX_FAILURES"] = 30
    caplog.set_level(logging.WARNING, logger="portal.security_events")
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    guessers = [tablet_at(app, f"198.51.100.{n}") for n in range(1, 5)]
    assert "Wrong join codes" not in session_page.text

    for n in range(14):
        type_code(guessers[n % 4], wrong_code(code, n), status=400)
    assert "Wrong join codes" not in facilitator.get(session_page.url).text, "14 of 30: quiet"
    type_code(guessers[0], wrong_code(code, 99), status=400)
    warning = facilitator.get(session_page.url).soup.find(id="join-warning").get_text(" ")
    assert "Wrong join codes typed on the portal in the last 10 minutes: 15." in warning
    assert "At 30, joining stops for everyone for a while." in warning

    for n in range(15):
        type_code(guessers[n % 4], wrong_code(code, 100 + n), status=400)
    page = type_code(tablet_at(app, "203.0.113.5"), code, status=429)  # a real tablet waits
    assert "People typed lots of wrong codes on this website." in page.text
    assert "Or ask your group leader for help." in page.text
    assert any("throttled=site" in line for line in security_events(caplog))

    fetched = facilitator.client.get(session_page.url + "/progress").get_data(as_text=True)
    for words in (
        "Wrong join codes typed on the portal in the last 10 minutes: 30.",
        "Joining is stopped for everyone for now, so tablets cannot join.",
    ):
        assert words in " ".join(fetched.split())


def test_a_code_works_only_on_the_sessions_day(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    today = london_today()
    for day in (today - timedelta(days=1), today + timedelta(days=1)):
        db_session.execute(update(GroupSession).values(session_date=day))
        db_session.commit()
        page = type_code(tablet_at(app, "192.0.2.30"), code, status=400)
        assert WRONG in page.text, day
    assert db_session.scalar(select(func.count(KioskTablet.id))) == 0

    page = facilitator.get(session_page.url)  # tomorrow's session
    assert "Tablets can join it on that day, not before." in page.text
    db_session.execute(update(GroupSession).values(session_date=today - timedelta(days=7)))
    db_session.commit()
    page = facilitator.get(session_page.url)
    assert "tablets cannot join it now. To meet today, open a new session." in page.text

    db_session.execute(update(GroupSession).values(session_date=today))
    db_session.commit()
    assert "other-day" not in facilitator.get(session_page.url).response.text
    join(tablet_at(app, "192.0.2.30"), code)


def test_a_code_works_only_while_the_session_is_open(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    closed = close_session(facilitator, session_page)
    assert WRONG in type_code(tablet_at(app, "192.0.2.40"), code, status=400).text
    facilitator.submit(closed, form=form_index(closed, "/reopen"))  # "Open it again"
    join(tablet_at(app, "192.0.2.40"), code)


@pytest.mark.parametrize(
    ("utc", "london"),
    [
        (datetime(2026, 7, 14, 23, 30), date(2026, 7, 15)),  # BST: already tomorrow in London
        (datetime(2026, 12, 3, 23, 30), date(2026, 12, 3)),  # GMT: the same day
        (datetime(2026, 3, 29, 0, 30), date(2026, 3, 29)),
    ],
)
def test_the_day_of_a_session_is_the_london_date(utc: datetime, london: date) -> None:
    assert london_today(utc) == london


def test_wrong_codes_typed_in_one_worker_count_in_every_other(
    app: Flask, template_database: str, audio_dir: Path, tmp_path: Path
) -> None:
    """Two processes (two apps on one database, as gunicorn's workers): the site-wide limit is
    one count, so guessing spread across workers stops all the same."""
    app.config["JOIN_SITE_MAX_FAILURES"] = 6
    other_worker = make_app(template_database, audio_dir, tmp_path, JOIN_SITE_MAX_FAILURES=6)
    _, code = open_session(app, Browser(app.test_client()))
    for n in range(6):
        worker = app if n % 2 else other_worker
        type_code(tablet_at(worker, f"198.51.100.{n}"), wrong_code(code, n), status=400)
    for worker in (app, other_worker):
        page = type_code(tablet_at(worker, "203.0.113.9"), code, status=429)
        assert "People typed lots of wrong codes on this website." in page.text
    other_worker.extensions["db_engine"].dispose()


def test_one_tablets_mistakes_do_not_stop_the_other_tablets_on_the_same_wi_fi(app: Flask) -> None:
    """Every tablet in a community centre reaches the portal from one address: one tablet
    typing 10 wrong codes waits alone; a script sending no cookie meets the address's limit."""
    _, code = open_session(app, Browser(app.test_client()))
    mistyping = tablet_at(app, "192.0.2.50")
    for n in range(10):
        type_code(mistyping, wrong_code(code, n), status=400)
    page = type_code(mistyping, code, status=429)
    assert "This tablet typed too many wrong codes." in page.text
    for _ in range(3):
        join(tablet_at(app, "192.0.2.50"), code)  # the other tablets in the room

    # A script starts a new session (a new cookie, for the form's token) for every guess
    statuses = []
    for n in range(60):
        fresh = tablet_at(app, "192.0.2.50")
        response = fresh.client.post(
            "/join", data={"code": wrong_code(code, 100 + n), "csrf_token": _token(fresh)}
        )
        statuses.append(response.status_code)
    assert statuses[:40] == [400] * 40 and statuses[40:] == [429] * 20, statuses
    assert "Tablets on this Wi-Fi typed too many wrong codes." in response.get_data(as_text=True)
    join(tablet_at(app, "192.0.2.51"), code)  # another place is not held up


def _token(browser: Browser) -> str:
    return str(browser.get("/join").soup.find("input", {"name": "csrf_token"})["value"])
