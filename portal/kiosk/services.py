"""Join codes, tablets joining a session, and "Next person". No Flask globals."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.kiosk.models import FailedJoin, GroupSession, KioskTablet
from portal.shared.times import LONDON

JOIN_CODE_DIGITS = 6


class SessionClosed(Exception):
    """The session was closed: it takes no more tablets or answers (the facilitator can still
    type group votes)."""


def new_join_code(db: Session) -> str:
    """Six digits, easy to read aloud and to type on a tablet's number pad; never reused."""
    while True:
        code = "".join(secrets.choice("0123456789") for _ in range(JOIN_CODE_DIGITS))
        if db.scalar(select(GroupSession.id).where(GroupSession.join_code == code)) is None:
            return code


def normalise_join_code(typed: str) -> str:
    """The digits of what was typed: "482 913" and "482-913" both become "482913"."""
    return "".join(ch for ch in typed if ch.isdigit())


def london_today(now: datetime | None = None) -> date:
    """Today's date in the UK (Europe/London): a session's join code works on this day only.
    `now`: a UTC time (naive, as the database keeps it), for tests."""
    moment = (now or datetime.now(UTC)).replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


def open_session_by_code(db: Session, typed: str, today: date) -> GroupSession | None:
    """The session with this join code that tablets may join now: open, and on `today` (the
    London date). None for an unknown code, a closed session, or one on another day."""
    code = normalise_join_code(typed)
    if len(code) != JOIN_CODE_DIGITS:
        return None
    return db.scalar(
        select(GroupSession).where(
            GroupSession.join_code == code,
            GroupSession.closed_at.is_(None),
            GroupSession.session_date == today,
        )
    )


def join(db: Session, group: GroupSession) -> KioskTablet:
    """Give a tablet the next number in this session ("Tablet 3")."""
    if group.closed_at is not None:
        raise SessionClosed
    db.execute(
        update(GroupSession)
        .where(GroupSession.id == group.id)
        .values(tablets_joined=GroupSession.tablets_joined + 1)
    )
    number = db.scalar(select(GroupSession.tablets_joined).where(GroupSession.id == group.id))
    tablet = KioskTablet(session_id=group.id, number=number, generation=0)
    db.add(tablet)
    db.flush()
    return tablet


def next_person(db: Session, tablet_id: int) -> int:
    """Start again for the next person on this tablet; returns the tablet's new generation.

    Every page kept from before (in the browser's history, or open on the screen) belongs to
    the old generation and is refused.
    """
    db.execute(
        update(KioskTablet)
        .where(KioskTablet.id == tablet_id)
        .values(generation=KioskTablet.generation + 1)
    )
    return db.scalar(select(KioskTablet.generation).where(KioskTablet.id == tablet_id)) or 0


def remove_tablet(db: Session, tablet: KioskTablet) -> None:
    """Take a tablet out of its session (the facilitator's "Remove"): from now on it saves no
    answers and raises no alerts, and its page says so. Answers it saved before are kept."""
    if tablet.removed_at is None:
        tablet.removed_at = utcnow()
    db.flush()


def wrong_codes_lately(db: Session, window_minutes: int) -> tuple[int, datetime | None]:
    """Wrong join codes typed on the whole site in the last `window_minutes`, and when the
    oldest of them was typed (None: none)."""
    since = utcnow() - timedelta(minutes=window_minutes)
    count, oldest = db.execute(
        select(func.count(), func.min(FailedJoin.at)).where(FailedJoin.at >= since)
    ).one()
    return count or 0, oldest


def record_wrong_code(db: Session, window_minutes: int) -> None:
    """Note one wrong join code (not the code, nor who typed it); forget those out of the
    window."""
    since = utcnow() - timedelta(minutes=window_minutes)
    db.execute(delete(FailedJoin).where(FailedJoin.at < since))
    db.add(FailedJoin())
    db.flush()
