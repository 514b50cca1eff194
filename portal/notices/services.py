"""Telling staff what waits for them: a report to review, a report approved or published,
comments to moderate, an action past its due date.

Each person chooses, for each kind that concerns their role, to hear by email at once, in a
weekly digest, or not at all (no choice made: by email). An email holds one sentence and a link
to sign in: never an answer, a comment's words or anyone's name.

Like safety alerts (portal.safety.delivery, whose mail set-up this uses), every email is a
`NoticeEmail` row written in the same transaction as what it is about, and sent off the
request: by the safety sender thread (kicked after the commit, and every half minute) or
`flask notices send`. Each row is claimed with a conditional UPDATE before it is sent, so it is
sent once. Overdue actions and waiting comments are found by the same pass;
`StaffNotice.once_key` makes each found once, however many processes look.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

from flask import Flask
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from portal.actions.models import Action
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.comments.models import Comment
from portal.db import get_engine, utcnow
from portal.notices.models import HOW, NOTICE_KINDS, NoticeChoice, NoticeEmail, StaffNotice
from portal.safety.delivery import CLAIM_SECONDS, MAX_ATTEMPTS, MailSettings, send_mail
from portal.shared.times import LONDON

log = logging.getLogger(__name__)

# Who each kind concerns. The moderators are the roles of portal/comments/views.py's pages (a
# test checks they stay the same); a report's maker also hears it was approved and published.
MODERATOR_ROLES = frozenset({"reviewer", "administrator"})
KIND_ROLES: dict[str, frozenset[str]] = {
    "report_review": frozenset({"reviewer"}),
    "report_approved": frozenset({"administrator"}),
    "report_published": frozenset({"administrator"}),
    "comments_waiting": MODERATOR_ROLES,
    "action_overdue": frozenset({"administrator"}),
}
# What the preferences page calls each kind, and the one sentence its email says.
KIND_NAMES = {
    "report_review": "A report waits for your review",
    "report_approved": "A report is approved",
    "report_published": "A report is published",
    "comments_waiting": "New comments wait for moderation",
    "action_overdue": "An action is past its due date",
}
SENTENCES = {
    "report_review": "A report waits for your review. Sign in to read it, comment and approve it.",
    "report_approved": "A report was approved by the Advisory Group. It can be published now.",
    "report_published": "A report was published.",
    "comments_waiting": "New comments from people who answered wait for moderation.",
    "action_overdue": 'An action in "You said, we did" is past its due date and not done yet.',
}
HOW_WORDS = {
    "email": "By email, at once",
    "weekly": "In one email a week",
    "none": "Not at all",
}
DIGEST_WEEKDAY, DIGEST_HOUR = 0, 8  # the weekly digest: Mondays at 08:00 (UTC)
COMMENTS_GAP = timedelta(hours=1)  # at most one "comments wait" notice an hour
DIGEST_SUBJECT = "Your weekly notices from the portal"


def kinds_for(role: str) -> list[str]:
    """The kinds of notice that concern someone in this role, in a fixed order."""
    return [kind for kind in NOTICE_KINDS if role in KIND_ROLES[kind]]


def choices_of(db: Session, user: StaffUser) -> dict[str, str]:
    """How this person hears about each kind that concerns them (email when never chosen)."""
    chosen: dict[str, str] = {
        kind: how
        for kind, how in db.execute(
            select(NoticeChoice.kind, NoticeChoice.how).where(NoticeChoice.staff_user_id == user.id)
        )
    }
    return {kind: chosen.get(kind, "email") for kind in kinds_for(user.role)}


def save_choices(db: Session, user: StaffUser, choices: dict[str, str]) -> None:
    """Keep this person's choices (only kinds that concern them, only known ways)."""
    wanted = {k: how for k, how in choices.items() if k in kinds_for(user.role) and how in HOW}
    rows = {
        row.kind: row
        for row in db.scalars(select(NoticeChoice).where(NoticeChoice.staff_user_id == user.id))
    }
    for kind, how in wanted.items():
        if kind in rows:
            rows[kind].how = how
        else:
            db.add(NoticeChoice(staff_user_id=user.id, kind=kind, how=how))
    detail = ", ".join(f"{kind}={how}" for kind, how in sorted(wanted.items()))
    record(db, user, "notices.choices_changed", f"staff_user:{user.id}", detail)
    db.flush()


def next_digest_at(now: datetime) -> datetime:
    """When the weekly digest after `now` goes out."""
    days = (DIGEST_WEEKDAY - now.weekday()) % 7
    at = (now + timedelta(days=days)).replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=7)


def _queue(
    db: Session,
    kind: str,
    subject_id: int,
    also: Iterable[int | None] = (),
    not_to: int | None = None,
    once_key: str | None = None,
    now: datetime | None = None,
) -> StaffNotice:
    """Write the notice and, in the same transaction, an email for each person it concerns
    (active accounts in its roles, and `also`; not `not_to`, who did it) by their choice."""
    now = now or utcnow()
    notice = StaffNotice(kind=kind, subject_id=subject_id, once_key=once_key, created_at=now)
    db.add(notice)
    db.flush()
    extra = {person for person in also if person is not None}
    people = db.scalars(
        select(StaffUser)
        .where(
            StaffUser.active.is_(True),
            or_(StaffUser.role.in_(KIND_ROLES[kind]), StaffUser.id.in_(extra)),
        )
        .order_by(StaffUser.id)
    ).all()
    chosen: dict[int, str] = {
        staff_id: how
        for staff_id, how in db.execute(
            select(NoticeChoice.staff_user_id, NoticeChoice.how).where(NoticeChoice.kind == kind)
        )
    }
    for person in people:
        how = chosen.get(person.id, "email")
        if how == "none" or person.id == not_to:
            continue
        weekly = how == "weekly"
        db.add(
            NoticeEmail(
                notice_id=notice.id,
                staff_user_id=person.id,
                email=person.email,
                weekly=weekly,
                next_try_at=next_digest_at(now) if weekly else now,
                created_at=now,
            )
        )
        if not weekly:
            db.info["safety_kick"] = True  # wakes the sender thread after the commit
    db.flush()
    return notice


def notify_report_review(db: Session, report_id: int, actor_id: int) -> None:
    """A report was shared with the Advisory Group: reviewers are told it waits for them."""
    _queue(db, "report_review", report_id, not_to=actor_id)


def notify_report_approved(
    db: Session, report_id: int, maker_id: int | None, actor_id: int
) -> None:
    """A report was approved: administrators and its maker are told it can be published."""
    _queue(db, "report_approved", report_id, also=[maker_id], not_to=actor_id)


def notify_report_published(
    db: Session, report_id: int, maker_id: int | None, actor_id: int
) -> None:
    """A report was published: administrators and its maker are told."""
    _queue(db, "report_published", report_id, also=[maker_id], not_to=actor_id)


def _found_once(db: Session, kind: str, subject_id: int, once_key: str, now: datetime) -> bool:
    """Write a notice the sender found, with its emails, unless one with this key exists
    (another sender may write it at the same moment: the unique key keeps one)."""
    try:
        _queue(db, kind, subject_id, once_key=once_key, now=now)
        db.commit()
    except IntegrityError:
        db.rollback()
        return False
    return True


def notice_overdue_actions(db: Session, today: date, now: datetime) -> int:
    """Actions past their due date and not done, each noticed once for each due date (moving
    the date on and missing it again is noticed again). Returns how many were new."""
    overdue = db.execute(
        select(Action.id, Action.due).where(Action.due < today, Action.status != "done")
    ).all()
    keys = {action_id: f"action:{action_id}:{due.isoformat()}" for action_id, due in overdue}
    seen = set(
        db.scalars(select(StaffNotice.once_key).where(StaffNotice.once_key.in_(keys.values())))
    )
    return sum(
        _found_once(db, "action_overdue", action_id, key, now)
        for action_id, key in keys.items()
        if key not in seen
    )


def notice_waiting_comments(db: Session, now: datetime) -> bool:
    """Comments pending moderation that no notice has covered yet: one notice for all of them,
    at most one each COMMENTS_GAP."""
    last = db.execute(
        select(func.max(StaffNotice.subject_id), func.max(StaffNotice.created_at)).where(
            StaffNotice.kind == "comments_waiting"
        )
    ).one()
    covered, last_at = last[0] or 0, last[1]
    if last_at is not None and now - last_at < COMMENTS_GAP:
        return False
    newest = db.scalar(
        select(func.max(Comment.id)).where(Comment.status == "pending", Comment.id > covered)
    )
    if newest is None:
        return False
    return _found_once(db, "comments_waiting", newest, f"comments:{newest}", now)


@dataclass(frozen=True)
class Line:
    """One notice in an email: its kind, its sentence and where to see it."""

    kind: str
    sentence: str
    link: str


def _link(base_url: str, kind: str, subject_id: int) -> str:
    return (
        base_url
        + {
            "report_review": f"/staff/reports/{subject_id}",
            "report_approved": f"/staff/reports/{subject_id}",
            "report_published": f"/staff/reports/{subject_id}",
            "comments_waiting": "/staff/comments/",
            "action_overdue": f"/staff/actions/{subject_id}",
        }[kind]
    )


def _footer(settings: MailSettings) -> str:
    return (
        "This email does not say what anyone answered or wrote.\n"
        "You can choose which notices you get, and how, here:\n"
        f"{settings.base_url}/staff/notices/\n"
    )


def message(settings: MailSettings, to: str, lines: Sequence[Line], digest: bool) -> EmailMessage:
    """One notice (a sentence and a link to sign in), or a week's list of them."""
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = to
    if digest:
        email["Subject"] = DIGEST_SUBJECT
        items = "".join(f"- {line.sentence}\n  {line.link}\n\n" for line in lines)
        email.set_content(f"This week at the portal:\n\n{items}{_footer(settings)}")
    else:
        [line] = lines
        email["Subject"] = KIND_NAMES[line.kind]
        email.set_content(
            f"{line.sentence}\n\nSign in to see it:\n{line.link}\n\n{_footer(settings)}"
        )
    return email


def _claim(db: Session, now: datetime, *where: ColumnElement[bool]) -> list[NoticeEmail]:
    """Take the due rows matching `where` for this sender (none another sender holds)."""
    token = secrets.token_hex(16)
    db.execute(
        update(NoticeEmail)
        .where(
            NoticeEmail.status.in_(("pending", "failed")),
            NoticeEmail.next_try_at <= now,
            or_(NoticeEmail.claimed_until.is_(None), NoticeEmail.claimed_until < now),
            *where,
        )
        .values(claim=token, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return list(
        db.scalars(select(NoticeEmail).where(NoticeEmail.claim == token).order_by(NoticeEmail.id))
    )


def _send(db: Session, settings: MailSettings, rows: list[NoticeEmail], now: datetime) -> int:
    """Send claimed rows as one email (a digest when they are weekly); 1 if it went."""
    notices = {
        n.id: n
        for n in db.scalars(
            select(StaffNotice).where(StaffNotice.id.in_({row.notice_id for row in rows}))
        )
    }
    lines = [
        Line(
            notices[row.notice_id].kind,
            SENTENCES[notices[row.notice_id].kind],
            _link(
                settings.base_url, notices[row.notice_id].kind, notices[row.notice_id].subject_id
            ),
        )
        for row in rows
    ]
    sent = 0
    for row in rows:
        row.attempts += 1
    if not settings.host:
        for row in rows:
            row.status, row.next_try_at = "no_mail_server", None
            row.last_error = "PORTAL_SMTP_HOST is not set"
    else:
        try:
            send_mail(settings, message(settings, rows[0].email, lines, digest=rows[0].weekly))
        except (OSError, smtplib.SMTPException) as error:
            for row in rows:
                row.status = "failed"
                row.next_try_at = (
                    now + timedelta(minutes=2 ** (row.attempts - 1))
                    if row.attempts < MAX_ATTEMPTS
                    else None
                )
                row.last_error = f"{type(error).__name__}: {error}"[:300]
            log.warning("notice email to staff %s failed: %s", rows[0].staff_user_id, error)
        else:
            for row in rows:
                row.status, row.sent_at, row.next_try_at, row.last_error = "sent", now, None, None
            sent = 1
    for row in rows:
        row.claim, row.claimed_until = None, None
    db.commit()
    return sent


def send_due(db: Session, settings: MailSettings, now: datetime) -> int:
    """Send each due email on its own, and each person's due weekly notices as one digest.
    Returns how many emails went."""
    sent = 0
    instant = db.scalars(
        select(NoticeEmail.id).where(
            NoticeEmail.weekly.is_(False),
            NoticeEmail.status.in_(("pending", "failed")),
            NoticeEmail.next_try_at <= now,
        )
    ).all()
    for email_id in instant:
        rows = _claim(db, now, NoticeEmail.id == email_id)
        sent += _send(db, settings, rows, now) if rows else 0
    people = db.scalars(
        select(NoticeEmail.staff_user_id)
        .where(
            NoticeEmail.weekly.is_(True),
            NoticeEmail.status.in_(("pending", "failed")),
            NoticeEmail.next_try_at <= now,
        )
        .distinct()
    ).all()
    for person in people:
        rows = _claim(db, now, NoticeEmail.weekly.is_(True), NoticeEmail.staff_user_id == person)
        sent += _send(db, settings, rows, now) if rows else 0
    return sent


def deliver_notices(app: Flask, now: datetime | None = None) -> int:
    """One pass (the sender thread's, or `flask notices send`): notice overdue actions and
    waiting comments, then send what is due. Returns emails sent."""
    now = now or utcnow()
    today = now.replace(tzinfo=UTC).astimezone(LONDON).date()  # due dates are London days
    with Session(get_engine(app), expire_on_commit=False) as db:
        notice_overdue_actions(db, today, now)
        notice_waiting_comments(db, now)
        return send_due(db, MailSettings.of(app.config), now)
