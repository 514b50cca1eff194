"""Telling a person: every new safety flag is emailed at once to the first person on call for
its area, and to the next person on the list each time it waits unacknowledged too long.

The email holds no answers: only that an alert needs them, and a link to sign in and see it.
Each email is a `Delivery` row written in the same transaction as the flag (an outbox), so a
crash between saving the flag and sending loses nothing: a sender picks up every due row.

Sending happens off the request: one sender thread per process, started by the process's first
request, looks for due escalations every SENDER_SECONDS, and `kick()` after a commit wakes it.
`flask safety deliver` does the same once (for cron, or a portal that runs no threads). Two
processes never send the same row: each claims a row with a conditional UPDATE before sending it.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.db import get_engine, rowcount, utcnow
from portal.safety.models import Delivery, OnCall, SafetyFlag

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # tried again after 1, 2, 4, 8 and 16 minutes, then left failed (and shown)
CLAIM_SECONDS = 60  # a sender that dies mid-send lets another take the row after this
SENDER_SECONDS = 30  # how often the sender thread looks for escalations due
SUBJECT = "Safety alert: someone may need help"


@dataclass(frozen=True)
class MailSettings:
    """Where emails go out (PORTAL_SMTP_*), who they come from, and the portal's own address
    for the link (never taken from a request's Host header)."""

    host: str
    port: int
    user: str
    password: str
    starttls: bool
    sender: str
    base_url: str
    escalate_minutes: int

    @classmethod
    def of(cls, config: Any) -> MailSettings:
        return cls(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            user=config["SMTP_USER"],
            password=config["SMTP_PASSWORD"],
            starttls=config["SMTP_STARTTLS"],
            sender=config["MAIL_FROM"],
            base_url=config["BASE_URL"].rstrip("/"),
            escalate_minutes=config["SAFETY_ESCALATE_MINUTES"],
        )


def on_call(db: Session, area_id: int | None) -> list[StaffUser]:
    """Who is told, in order: the area's on-call list, then the whole site's (people switched
    off are skipped; someone on both lists is told once)."""
    rows = db.scalars(
        select(StaffUser)
        .join(OnCall, OnCall.staff_user_id == StaffUser.id)
        .where(
            or_(OnCall.area_id == area_id, OnCall.area_id.is_(None)),
            StaffUser.active.is_(True),
        )
        .order_by(OnCall.area_id.is_(None), OnCall.position, OnCall.id)
    )
    return list(dict.fromkeys(rows))


def _queue_step(
    db: Session, flag: SafetyFlag, step: int, now: datetime, settings: MailSettings
) -> bool:
    """Write the email for one step of the list (False: the list has nobody at that step)."""
    people = on_call(db, flag.area_id)
    flag.escalation_step = step
    wait = timedelta(minutes=settings.escalate_minutes)
    flag.escalate_at = now + wait if step + 1 < len(people) else None
    if step >= len(people):
        return False
    person = people[step]
    delivery = Delivery(
        flag_id=flag.id, staff_user_id=person.id, email=person.email, step=step, created_at=now
    )
    if settings.host:
        delivery.next_try_at = now
        db.info["safety_kick"] = True
    else:  # said at once, so nobody reads "emailed" when nothing can be
        delivery.status, delivery.last_error = "no_mail_server", "PORTAL_SMTP_HOST is not set"
    db.add(delivery)
    return True


UNSET = MailSettings("", 25, "", "", False, "", "", 30)  # outside the portal: no mail server


def queue_alert(db: Session, flag: SafetyFlag) -> None:
    """Called when a flag is raised: the first person on call is emailed once this commits.
    (Outside a running portal, e.g. a script making test data, there is no mail server.)"""
    db.flush()
    settings = MailSettings.of(current_app.config) if has_app_context() else UNSET
    _queue_step(db, flag, 0, utcnow(), settings)


def escalate_due(db: Session, now: datetime, settings: MailSettings) -> int:
    """Open flags whose time is up go to the next person on the list; returns how many.

    Each is claimed by moving its step on in one conditional UPDATE, so two senders at once
    escalate it once."""
    due = db.execute(
        select(SafetyFlag.id, SafetyFlag.escalation_step).where(
            SafetyFlag.escalate_at <= now,
            SafetyFlag.acknowledged_at.is_(None),
            SafetyFlag.not_genuine_reason.is_(None),
        )
    ).all()
    moved = 0
    for flag_id, step in due:
        claimed = db.execute(
            update(SafetyFlag)
            .where(SafetyFlag.id == flag_id, SafetyFlag.escalation_step == step)
            .values(escalation_step=step + 1)
        )
        if rowcount(claimed) == 1:
            flag = db.get_one(SafetyFlag, flag_id)
            db.refresh(flag)
            moved += _queue_step(db, flag, step + 1, now, settings)
    db.commit()
    return moved


def message(settings: MailSettings, delivery: Delivery) -> EmailMessage:
    """The email: that an alert needs them and where to see it; never what was answered."""
    email = EmailMessage()
    email["Subject"] = SUBJECT
    email["From"] = settings.sender
    email["To"] = delivery.email
    link = f"{settings.base_url}/staff/safety/#flag-{delivery.flag_id}"
    again = (
        "Nobody has said they are dealing with it yet, so you are the next person on the list.\n\n"
        if delivery.step
        else ""
    )
    email.set_content(
        "A safety alert needs you.\n\n"
        f"{again}Sign in to see it and say what you did:\n{link}\n\n"
        "This email does not say what was answered. You are getting it because you are on the "
        "safety on-call list.\n"
    )
    return email


def send_mail(settings: MailSettings, *emails: EmailMessage) -> None:
    """Send emails through the mail set-up of safety alerts (PORTAL_SMTP_*), in one connection."""
    with smtplib.SMTP(settings.host, settings.port, timeout=20) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password)
        for email in emails:
            smtp.send_message(email)


def _claim(db: Session, delivery_id: int, now: datetime) -> bool:
    claimed = db.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    db.commit()
    return rowcount(claimed) == 1


def send_due(db: Session, settings: MailSettings, now: datetime | None = None) -> int:
    """Send every email that is due (new ones, and failed ones whose retry time has come);
    returns how many went. Without a mail server set, each is marked so and not retried."""
    now = now or utcnow()
    due = db.scalars(
        select(Delivery.id).where(
            Delivery.status.in_(("pending", "failed")), Delivery.next_try_at <= now
        )
    ).all()
    sent = 0
    for delivery_id in due:
        if not _claim(db, delivery_id, now):
            continue
        delivery = db.get_one(Delivery, delivery_id)
        delivery.attempts += 1
        if not settings.host:
            delivery.status, delivery.next_try_at = "no_mail_server", None
            delivery.last_error = "PORTAL_SMTP_HOST is not set"
        else:
            try:
                send_mail(settings, message(settings, delivery))
            except (OSError, smtplib.SMTPException) as error:
                wait = timedelta(minutes=2 ** (delivery.attempts - 1))
                delivery.status = "failed"
                delivery.next_try_at = now + wait if delivery.attempts < MAX_ATTEMPTS else None
                delivery.last_error = f"{type(error).__name__}: {error}"[:300]
                log.warning("safety alert email %s failed: %s", delivery.id, error)
            else:
                delivery.status, delivery.sent_at, delivery.next_try_at = "sent", utcnow(), None
                delivery.last_error = None
                sent += 1
        delivery.claimed_until = None
        db.commit()
    return sent


def deliver(app: Flask, now: datetime | None = None) -> int:
    """One pass: escalate what is due, then send what is due. Returns emails sent."""
    settings = MailSettings.of(app.config)
    with Session(get_engine(app), expire_on_commit=False) as db:
        escalate_due(db, now or utcnow(), settings)
        return send_due(db, settings, now)


class Sender:
    """One thread per process: sends at once when kicked, and looks for escalations due every
    SENDER_SECONDS. Started by the first request or kick (so after a server forks its workers):
    a restarted portal goes on escalating alerts raised before it stopped."""

    def __init__(self, app: Flask):
        self.app = app
        # Each pass sends what is due; other domains add theirs (portal.notices: staff notices)
        self.passes: list[Callable[[Flask], object]] = [deliver]
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        """Start the thread unless it runs (every request asks: the first lock is the only one)."""
        if self.stopping.is_set() or (self.thread is not None and self.thread.is_alive()):
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="safety-sender", daemon=True)
                self.thread.start()

    def kick(self) -> None:
        self.start()
        self.wake.set()

    def stop(self, seconds: float = 10) -> None:
        """End the thread after its pass (an app being shut down: its database goes next)."""
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(seconds)

    def _run(self) -> None:
        while not self.stopping.is_set():  # a pass at once, then every SENDER_SECONDS or kicked
            for one_pass in self.passes:
                try:
                    with self.app.app_context():
                        one_pass(self.app)
                except Exception:  # keep sending later: a database blip must not stop alerts
                    log.exception("%s failed; trying again", one_pass.__qualname__)
            self.wake.wait(SENDER_SECONDS)
            self.wake.clear()


@event.listens_for(Session, "after_commit")
def _kick(db: Session) -> None:
    """Wake this process's sender after any commit that queued an email."""
    if db.info.pop("safety_kick", False) and has_app_context():
        sender = current_app.extensions.get("safety_sender")
        if sender is not None:
            sender.kick()


def init_app(app: Flask) -> None:
    """Give the app its sender (none in tests that call `deliver` themselves to set the clock)."""
    if app.config["SAFETY_SENDER_THREAD"]:
        sender = app.extensions["safety_sender"] = Sender(app)
        app.before_request(sender.start)
