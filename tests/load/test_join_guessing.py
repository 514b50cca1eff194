"""Guessing join codes under gunicorn: one computer typing codes as fast as it can is refused
(429) after the limit, in every worker, while a real tablet on another address joins with the
right code and answers everything, which is stored in its session."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.auth.models import StaffUser
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import questionnaire_row
from portal.db import make_engine
from portal.kiosk.models import GroupSession, KioskTablet
from portal.kiosk.services import london_today
from portal.respond.models import Answer, Response
from tests.conftest import USING_POSTGRES
from tests.load.harness import CSRF, Respondent, gunicorn

SECRET = "load-test-secret"
CODE = "482913"
WORKERS = 3
PER_CLIENT = 10  # PORTAL_JOIN_CLIENT_MAX_FAILURES' default
GUESSER, TABLET = "203.0.113.66", "192.0.2.50"

pytestmark = pytest.mark.timeout(300)


@contextmanager
def engine_on(app: Flask, database: str) -> Iterator[Engine]:
    """The app's engine (PostgreSQL: the same database) or one on the SQLite copy."""
    if USING_POSTGRES:
        yield app.extensions["db_engine"]
        return
    engine = make_engine(database)
    try:
        yield engine
    finally:
        engine.dispose()


def open_todays_session(engine: Engine) -> int:
    with Session(engine) as db, db.begin():
        staff = StaffUser(
            email="facilitator@example.org", display_name="F", password_hash="-", role="facilitator"
        )
        area = Area(name="Load test area")
        db.add_all([staff, area])
        db.flush()
        current = load_bank(PROJECT_ROOT / "content").questionnaires["self-advocates"].version
        questionnaire = questionnaire_row(db, "self-advocates", current)
        assert questionnaire is not None
        group = GroupSession(
            join_code=CODE,
            group_name="Load test group",
            area_id=area.id,
            questionnaire_id=questionnaire.id,
            session_date=london_today(),
            facilitator_id=staff.id,
        )
        db.add(group)
        db.flush()
        return group.id


@dataclass
class Guesser:
    """One computer typing six-digit codes as fast as it can, reusing one page's CSRF token."""

    base: str
    statuses: list[int] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        person = Respondent(self.base, address=GUESSER)
        with person.opener.open(self.base + "/join", timeout=30) as response:
            token = CSRF.search(response.read().decode())
        assert token is not None
        guess = 0
        while not self.stop.is_set():
            guess += 1
            code = f"{(int(CODE) + guess) % 1_000_000:06d}"
            body = urllib.parse.urlencode({"csrf_token": token[1], "code": code}).encode()
            try:
                with person.opener.open(self.base + "/join", body, timeout=30) as response:
                    self.statuses.append(response.status)
            except urllib.error.HTTPError as error:
                self.statuses.append(error.code)
                error.close()


def test_a_join_code_guesser_is_stopped_while_a_real_tablet_joins_and_answers(
    app: Flask, database: str
) -> None:
    app.config["SECRET_KEY"] = SECRET
    with engine_on(app, database) as engine:
        session_id = open_todays_session(engine)
        settings = {"PORTAL_PROXIES": "1"}
        with gunicorn(
            database, Path(app.config["AUDIO_DIR"]), SECRET, WORKERS, settings=settings
        ) as server:
            guesser = Guesser(server.url)
            thread = threading.Thread(target=guesser.run, daemon=True)
            started = time.monotonic()
            thread.start()
            while 429 not in guesser.statuses and time.monotonic() - started < 60:
                time.sleep(0.01)
            first_refusal = time.monotonic() - started
            guesses_before = guesser.statuses.index(429)

            tablet = Respondent(server.url, address=TABLET)
            assert tablet.join_group(CODE) == "/", "the real tablet could not join"
            assert tablet.answer_everything(), tablet.failures
            # Go on guessing well past every worker's limit, so the last 50 say whether any
            # worker let the guesser back in (a quick tablet could otherwise end it too soon)
            while len(guesser.statuses) < WORKERS * PER_CLIENT + 120:
                assert time.monotonic() - started < 120, "the guesser stalled"
                time.sleep(0.05)
            guesser.stop.set()
            thread.join(timeout=30)
            took = time.monotonic() - started
        with Session(engine) as db:
            [tablet_id] = db.scalars(
                select(KioskTablet.id).where(KioskTablet.session_id == session_id)
            )
            stored = db.scalar(
                select(func.count(Answer.id))
                .join(Response, Response.id == Answer.response_id)
                .where(Response.session_id == session_id, Response.tablet_id == tablet_id)
            )

    statuses = guesser.statuses
    wrong = statuses.count(400)
    assert set(statuses) <= {400, 429}, "a guess got in, or failed otherwise"
    assert PER_CLIENT <= guesses_before and wrong <= WORKERS * PER_CLIENT
    assert statuses[-50:] == [429] * 50, "the guesser was let back in"
    asked = load_bank(PROJECT_ROOT / "content").questionnaires["self-advocates"].statement_ids
    assert stored == len(tablet.acknowledged) == len(asked)
    print(
        f"\nguesser: {len(statuses)} guesses in {took:.1f} s ({len(statuses) / took:.0f}/s);"
        f" first 429 after {guesses_before} wrong codes ({first_refusal:.2f} s);"
        f" {wrong} wrong codes answered in all ({WORKERS} workers x {PER_CLIENT}), the rest 429."
        f" The tablet on another address joined and stored {stored} answers meanwhile."
    )
