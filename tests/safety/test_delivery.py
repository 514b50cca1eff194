"""Safety alerts reach a person: emailed through a real SMTP server (aiosmtpd, on this machine)
the moment they are raised, from an answer, a group vote or a comment; sent again to the next
person on call when nobody acknowledges; retried when the mail server is down."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.db import utcnow
from portal.safety import delivery
from portal.safety.models import Delivery, OnCall, SafetyFlag
from portal.safety.services import acknowledge_flag, raise_comment_flag
from tests.auth.helpers import add_staff, start_signed_in
from tests.conftest import mailing_app
from tests.groups.helpers import form_index, open_session
from tests.helpers import Browser
from tests.mail import Inbox, free_port
from tests.safety.test_follow_up import BANK, raise_flag_by_answering_no


@pytest.fixture
def mail_app(
    template_database: str, audio_dir: Path, tmp_path: Path, smtp: tuple[Inbox, int]
) -> Iterator[Flask]:
    """The portal with a mail server and its sender thread on, as it runs for real."""
    site = "https://portal.example.org"
    with mailing_app(
        template_database, audio_dir, tmp_path, smtp[1], BASE_URL=site, SAFETY_SENDER_THREAD=True
    ) as app:
        yield app


def on_call(app: Flask, *emails: str, area_id: int | None = None) -> list[int]:
    """Put new safety leads on an on-call list, in this order; returns their ids."""
    ids = [add_staff(app, "safeguarding_lead", email) for email in emails]
    with Session(app.extensions["db_engine"]) as db:
        db.add_all(
            OnCall(area_id=area_id, staff_user_id=staff_id, position=position)
            for position, staff_id in enumerate(ids)
        )
        db.commit()
    return ids


def body(message: Message) -> str:
    return str(message.get_payload(decode=True).decode())  # type: ignore[union-attr]


def test_an_answer_is_emailed_at_once_with_a_link_and_no_answers(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    on_call(mail_app, "first@example.org", "second@example.org")
    statement_id = raise_flag_by_answering_no(Browser(mail_app.test_client()))

    [email] = inbox.wait_for(1)
    assert email["To"] == "first@example.org"
    assert email["Subject"] == "Safety alert: someone may need help"
    flag = db_session.scalars(select(SafetyFlag)).one()
    text = body(email)
    assert "A safety alert needs you." in text
    assert f"https://portal.example.org/staff/safety/#flag-{flag.id}" in text
    assert BANK.statements[statement_id].text not in text
    assert not re.search(r"\b(No|Not sure|Sometimes)\b", text), "no answer, no statement"
    sent = db_session.scalars(select(Delivery)).one()
    assert (sent.status, sent.email, sent.attempts) == ("sent", "first@example.org", 1)
    assert sent.sent_at is not None
    time.sleep(0.3)
    assert len(inbox.messages) == 1, "nobody else is emailed before the time is up"


def test_a_group_vote_for_not_safe_is_emailed(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    on_call(mail_app, "lead@example.org")
    facilitator = Browser(mail_app.test_client())
    page, _code = open_session(mail_app, facilitator)
    page = facilitator.get(f"{page.url.rstrip('/')}/vote/safe-where-i-live")
    facilitator.submit(page, {"yes": "5", "no": "2"})

    [email] = inbox.wait_for(1)
    assert email["To"] == "lead@example.org"
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert (flag.kind, flag.statement_id, flag.answer) == ("group_vote", "safe-where-i-live", "no")
    assert flag.questionnaire_id is not None and flag.session_id is not None


def test_a_comment_sent_to_the_safety_lead_is_emailed(
    mail_app: Flask, smtp: tuple[Inbox, int]
) -> None:
    inbox, _port = smtp
    on_call(mail_app, "lead@example.org")
    reviewer = add_staff(mail_app, "reviewer")
    with mail_app.app_context(), Session(mail_app.extensions["db_engine"]) as db:
        comment_id = _a_comment(db)
        actor = db.get_one(StaffUser, reviewer)
        first = raise_comment_flag(db, comment_id, "listened-to", None, None, None, actor)
        db.commit()
        again = raise_comment_flag(db, comment_id, "listened-to", None, None, None, actor)
        db.commit()
        assert first.id == again.id
    inbox.wait_for(2)  # the alert, and the reviewer's notice that a comment waits (portal.notices)
    time.sleep(0.3)
    alerts = [m for m in inbox.messages if m["Subject"] == delivery.SUBJECT]
    assert len(alerts) == 1, "sending the same comment twice emails once"
    assert alerts[0]["To"] == "lead@example.org"
    assert "A safety alert needs you." in body(alerts[0])


def _a_comment(db: Session) -> int:
    from portal.comments.models import Comment
    from portal.content.models import Questionnaire
    from portal.respond.models import Response

    questionnaire = db.scalars(select(Questionnaire)).first()
    assert questionnaire is not None
    response = Response(
        token="t" * 32, questionnaire_id=questionnaire.id, answered_by="own", language="en"
    )
    db.add(response)
    db.flush()
    comment = Comment(response_id=response.id, statement_id="listened-to", text="He shouts at me")
    db.add(comment)
    db.commit()
    return comment.id


def test_nobody_acknowledges_so_the_next_person_on_call_is_emailed(
    app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    """The sender's clock is moved on by hand: first person at once, the second after
    SAFETY_ESCALATE_MINUTES, and nobody more once the lead acknowledges."""
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SAFETY_ESCALATE_MINUTES=30)
    first, second, third = on_call(app, "a@example.org", "b@example.org", "c@example.org")
    raise_flag_by_answering_no(Browser(app.test_client()))
    now = utcnow()
    assert delivery.deliver(app, now) == 1
    assert delivery.deliver(app, now + timedelta(minutes=29)) == 0
    assert delivery.deliver(app, now + timedelta(minutes=31)) == 1
    assert [m["To"] for m in inbox.wait_for(2)] == ["a@example.org", "b@example.org"]
    assert "you are the next person on the list" in body(inbox.messages[1])

    flag = db_session.scalars(select(SafetyFlag)).one()
    acknowledge_flag(db_session, flag.id, db_session.get_one(StaffUser, second), "Phoned.")
    db_session.commit()
    assert delivery.deliver(app, now + timedelta(minutes=90)) == 0
    assert len(inbox.messages) == 2
    steps = db_session.scalars(select(Delivery.staff_user_id).order_by(Delivery.step)).all()
    assert steps == [first, second]
    assert third not in steps


def test_a_mail_server_that_is_down_is_tried_again(
    app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens there
    on_call(app, "lead@example.org")
    raise_flag_by_answering_no(Browser(app.test_client()))
    now = utcnow()
    assert delivery.deliver(app, now) == 0
    failed = db_session.scalars(select(Delivery)).one()
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error and "Connection" in failed.last_error

    app.config["SMTP_PORT"] = port  # the server is back
    assert delivery.deliver(app, now + timedelta(seconds=30)) == 0, "not before the retry time"
    assert delivery.deliver(app, now + timedelta(minutes=2)) == 1
    assert [m["To"] for m in inbox.wait_for(1)] == ["lead@example.org"]
    db_session.expire_all()
    sent = db_session.scalars(select(Delivery)).one()
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_without_a_mail_server_the_pages_say_nobody_was_emailed(
    app: Flask, client: Browser, db_session: Session
) -> None:
    on_call(app, "lead@example.org")
    raise_flag_by_answering_no(client)
    assert db_session.scalars(select(Delivery.status)).one() == "no_mail_server"
    lead = Browser(app.test_client())
    start_signed_in(lead, add_staff(app, "administrator"))
    page = lead.get("/staff/safety/")
    assert "Email is not set up (PORTAL_SMTP_HOST)" in page.text
    item = " ".join(page.soup.select_one("li.staff-flag").get_text().split())
    assert "Nobody was emailed: email is not set up." in item


def test_an_area_list_comes_before_the_whole_site_list(app: Flask, db_session: Session) -> None:
    site = on_call(app, "site@example.org")
    area = on_call(app, "area@example.org", area_id=_area(db_session))
    listed = [user.id for user in delivery.on_call(db_session, _area(db_session))]
    assert listed == area + site
    assert [user.id for user in delivery.on_call(db_session, None)] == site


def _area(db: Session) -> int:
    from portal.areas.models import Area

    found = db.scalar(select(Area.id).where(Area.name == "Delivery test area"))
    if found is None:
        db.add(Area(name="Delivery test area"))
        db.commit()
        found = db.scalar(select(Area.id).where(Area.name == "Delivery test area"))
    assert found is not None
    return found


def test_a_flag_marked_not_genuine_leaves_the_list_with_its_reason_audited(
    app: Flask, client: Browser, db_session: Session
) -> None:
    raise_flag_by_answering_no(client)
    lead = Browser(app.test_client())
    start_signed_in(lead, add_staff(app, "safeguarding_lead"))
    page = lead.get("/staff/safety/")
    flag_id = db_session.scalars(select(SafetyFlag.id)).one()
    index = form_index(page, f"/staff/safety/{flag_id}/not-genuine")
    page = lead.submit(page, {}, form=index, status=400)
    assert "Write why this alert is not genuine." in page.text
    page = lead.submit(page, {f"not-genuine-{flag_id}-reason": "Staff test."}, form=index)
    assert "That alert is marked not genuine." in page.text
    assert not page.soup.select("li.staff-flag")
    flag = db_session.scalars(select(SafetyFlag)).one()
    db_session.refresh(flag)
    assert flag.not_genuine_reason == "Staff test." and flag.acknowledged_at is None


def test_the_alerts_page_with_5000_flags_answers_within_twice_the_time_with_50(
    app: Flask, db_session: Session
) -> None:
    lead = Browser(app.test_client())
    start_signed_in(lead, add_staff(app, "safeguarding_lead"))

    def add(count: int) -> None:
        db_session.execute(
            SafetyFlag.__table__.insert(),
            [{"kind": "help_link", "raised_at": utcnow(), "record_key": 1, "escalation_step": 0}]
            * count,
        )
        db_session.commit()

    def timed() -> float:
        lead.get("/staff/safety/")  # warm
        times = []
        for _ in range(5):
            start = time.perf_counter()
            page = lead.get("/staff/safety/")
            times.append(time.perf_counter() - start)
        assert len(page.soup.select("li.staff-flag")) == 50
        return sorted(times)[2]

    add(50)
    small = timed()
    add(4950)
    big = timed()
    page = lead.get("/staff/safety/?page=100")
    assert "Page 100 of 100." in page.text
    assert big < 2 * small, (big, small)


def test_reports_count_only_genuine_alerts_of_their_own_questionnaire(
    app: Flask, db_session: Session
) -> None:
    from portal.content.models import Questionnaire
    from portal.reports.cube import RAISED, alert_cube

    first, second = db_session.scalars(select(Questionnaire.id).order_by(Questionnaire.id)).all()[
        :2
    ]
    now = utcnow()
    rows = [
        {"questionnaire_id": first, "not_genuine_reason": None},
        {"questionnaire_id": first, "not_genuine_reason": None},
        {"questionnaire_id": first, "not_genuine_reason": "A staff test."},
        {"questionnaire_id": second, "not_genuine_reason": None},
        {"questionnaire_id": None, "not_genuine_reason": None},  # help, before any answer
    ]
    db_session.execute(
        SafetyFlag.__table__.insert(),
        [row | {"kind": "help_link", "raised_at": now, "record_key": 3, "escalation_step": 0}
         for row in rows],
    )  # fmt: skip
    db_session.commit()
    day = now.date()
    cube = alert_cube(db_session, [first], day - timedelta(days=1), day + timedelta(days=1))
    raised = sum(cell.count for entry, cell in cube.items() if entry.key == RAISED)
    assert raised == 2


def test_the_deliver_command_sends_what_is_due(app: Flask, smtp: tuple[Inbox, int]) -> None:
    """For a portal run without its sender thread, or from cron as a second safety net."""
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    on_call(app, "lead@example.org")
    raise_flag_by_answering_no(Browser(app.test_client()))
    assert inbox.messages == [], "without the thread, nothing goes until the command runs"
    result = app.test_cli_runner().invoke(args=["safety", "deliver"])
    assert result.exit_code == 0 and "1 safety alert email(s) sent." in result.output
    assert [m["To"] for m in inbox.wait_for(1)] == ["lead@example.org"]
    again = app.test_cli_runner().invoke(args=["safety", "deliver"])
    assert "0 safety alert email(s) sent." in again.output
