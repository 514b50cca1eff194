"""Join codes, tablets joining a session, and "Next person". No Flask globals."""

from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.kiosk.models import GroupSession, KioskTablet

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


def open_session_by_code(db: Session, typed: str) -> GroupSession | None:
    """The open session with this join code, or None (unknown or closed)."""
    code = normalise_join_code(typed)
    if len(code) != JOIN_CODE_DIGITS:
        return None
    return db.scalar(
        select(GroupSession).where(GroupSession.join_code == code, GroupSession.closed_at.is_(None))
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
