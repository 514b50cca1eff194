"""How quickly a safety alert reaches a person, and what a flood of alerts costs the lead's page.

In one process, on a throw-away SQLite portal with its sender thread and a real SMTP server on
127.0.0.1 (aiosmtpd): the time from a worrying answer being saved (its commit) to the email
arriving, against sending the same email straight through smtplib (the floor); and the
safeguarding lead's /staff/safety/ with 5,000 open flags against 50. Figures go to
bench/RESULTS.md (section 7).
"""

from __future__ import annotations

import argparse
import secrets
import smtplib
import socket
import statistics
import sys
import threading
import time
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench.results import RESULTS, entry_heading, machine, record
from bench.throwaway import throwaway_portal
from portal import create_app
from portal.auth.models import StaffSignIn
from portal.auth.services import create_user
from portal.auth.sessions import token_hash
from portal.config import PROJECT_ROOT
from portal.content import current_bank
from portal.content.models import Questionnaire
from portal.db import new_record_key, utcnow
from portal.respond.models import Response
from portal.respond.services import record_answer
from portal.safety.models import OnCall, SafetyFlag

ALERTS = 30
PAGE_RUNS = 9


class Inbox:
    """aiosmtpd's handler: notes when each message arrived."""

    def __init__(self) -> None:
        self.arrived: list[float] = []
        self.event = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.arrived.append(time.perf_counter())
        self.event.set()
        return "250 OK"

    def wait(self, count: int) -> float:
        while len(self.arrived) < count:
            self.event.wait(10)
            self.event.clear()
        return self.arrived[count - 1]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help=f"do not add to {RESULTS.name}")
    args = parser.parse_args()
    on = machine("SQLite")
    inbox, port = Inbox(), _port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with throwaway_portal("safety-bench-") as portal:
            app = create_app(
                {
                    "DATABASE_URL": portal.url,
                    "SECRET_KEY": portal.env["PORTAL_SECRET_KEY"],
                    "AUDIO_DIR": portal.env["PORTAL_AUDIO_DIR"],
                    "SMTP_HOST": "127.0.0.1",
                    "SMTP_PORT": port,
                    "WTF_CSRF_ENABLED": False,
                }
            )
            latency, floor = _alert_latency(app, inbox, port)
            small, big = _alerts_page(app)
            app.extensions["db_engine"].dispose()
    finally:
        controller.stop()

    lines = [
        entry_heading(f"sqlite: {ALERTS} alerts emailed, /staff/safety/ with 50 and 5,000 flags"),
        "",
        f"- Machine: {on}",
        f"- From a worrying answer's commit to its email arriving (sender thread, {ALERTS} "
        f"alerts): median **{statistics.median(latency) * 1000:.1f} ms**, "
        f"largest {max(latency) * 1000:.1f} ms",
        f"- The same email sent straight through smtplib: median "
        f"{statistics.median(floor) * 1000:.1f} ms; ratio alert / straight send: "
        f"**{statistics.median(latency) / statistics.median(floor):.1f}x**",
        f"- /staff/safety/ (50 a page), median of {PAGE_RUNS}: 50 open flags "
        f"{small * 1000:.1f} ms, 5,000 open flags {big * 1000:.1f} ms; "
        f"ratio **{big / small:.2f}x** (goal: under 2x)",
    ]
    print("\n".join(lines))
    if not args.no_record:
        record("safety", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


def _alert_latency(app: Any, inbox: Inbox, port: int) -> tuple[list[float], list[float]]:
    engine = app.extensions["db_engine"]
    with app.app_context(), Session(engine, expire_on_commit=False) as db:
        lead = create_user(db, "lead@example.org", "Lead", "safeguarding_lead", "bench-pass-123")
        db.add(OnCall(area_id=None, staff_user_id=lead.id, position=0))
        questionnaire = db.scalars(select(Questionnaire)).first()
        assert questionnaire is not None
        statement = current_bank("en").statements["safe-where-i-live"]
        db.commit()
        latency = []
        for number in range(ALERTS):
            response = Response(
                token=f"{number:032d}", questionnaire_id=questionnaire.id, answered_by="own",
                language="en",
            )  # fmt: skip
            db.add(response)
            db.flush()
            record_answer(db, response, statement, "no")
            db.commit()
            saved = time.perf_counter()
            latency.append(inbox.wait(number + 1) - saved)
    floor = []
    for _ in range(ALERTS):
        email = EmailMessage()
        email["Subject"], email["From"], email["To"] = "Safety alert", "a@b", "lead@example.org"
        email.set_content("A safety alert needs you.")
        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=20) as smtp:
            smtp.send_message(email)
        floor.append(inbox.wait(len(inbox.arrived)) - start)
    return latency, floor


def _alerts_page(app: Any) -> tuple[float, float]:
    engine = app.extensions["db_engine"]
    with Session(engine) as db:
        db.execute(SafetyFlag.__table__.delete())  # the latency run's: only the ones added here
        lead_id = db.scalar(select(OnCall.staff_user_id))
        token = secrets.token_urlsafe(32)  # a sign-in, as the sign-in page would open one
        db.add(StaffSignIn(staff_user_id=lead_id, token_hash=token_hash(token)))
        db.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{lead_id}:{token}"
        session["_fresh"] = True

    def add(count: int) -> None:
        row = {"kind": "help_link", "raised_at": utcnow(), "escalation_step": 0}
        with Session(engine) as db:
            db.execute(
                insert(SafetyFlag), [row | {"record_key": new_record_key()} for _ in range(count)]
            )
            db.commit()

    def timed() -> float:
        assert client.get("/staff/safety/").status_code == 200
        times = []
        for _ in range(PAGE_RUNS):
            start = time.perf_counter()
            client.get("/staff/safety/")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    add(50)
    small = timed()
    add(4950)
    return small, timed()


if __name__ == "__main__":
    sys.exit(main())
