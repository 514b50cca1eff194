"""Running group sessions: open, count, alert, close, and group votes (tablets: portal.kiosk).

Nothing here returns what anyone answered: the facilitator sees counts and safety alerts only.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import segno
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.db import utcnow
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession, KioskTablet
from portal.kiosk.services import SessionClosed, new_join_code
from portal.respond.models import Response
from portal.safety.models import SafetyFlag
from portal.shared.answers import ANSWER_VALUES


def open_session(
    db: Session,
    facilitator: StaffUser,
    group_name: str,
    area_id: int,
    questionnaire_id: int,
    session_date: date,
) -> GroupSession:
    """Start a session; tablets can join it with its code until it is closed."""
    group = GroupSession(
        join_code=new_join_code(db),
        group_name=group_name.strip(),
        area_id=area_id,
        questionnaire_id=questionnaire_id,
        session_date=session_date,
        facilitator_id=facilitator.id,
    )
    db.add(group)
    db.flush()
    return group


def sessions_run_by(db: Session, facilitator: StaffUser | None) -> list[GroupSession]:
    """The sessions one facilitator runs (None: everyone's), open ones first, newest first."""
    query = select(GroupSession).order_by(
        GroupSession.closed_at.is_not(None), GroupSession.opened_at.desc()
    )
    if facilitator is not None:
        query = query.where(GroupSession.facilitator_id == facilitator.id)
    return list(db.scalars(query))


def close_session(db: Session, group: GroupSession) -> None:
    """No new tablets, answers or votes from now on; answers already given are kept."""
    if group.closed_at is None:
        group.closed_at = utcnow()
    db.flush()


@dataclass(frozen=True)
class Alert:
    """A safety alert as the facilitator sees it: when, and which tablet. Never the answer."""

    raised_at: datetime
    tablet_number: int | None
    acknowledged: bool


@dataclass(frozen=True)
class TabletProgress:
    """One tablet: its number and whether the person on it is answering or has finished."""

    id: int
    number: int
    state: str  # "waiting", "answering" or "finished"


@dataclass(frozen=True)
class Progress:
    started: int
    finished: int
    alerts: tuple[Alert, ...]
    tablets: tuple[TabletProgress, ...]


def progress(db: Session, group: GroupSession) -> Progress:
    """How many people started and finished, the session's safety alerts, and each tablet."""
    started, finished = db.execute(
        select(func.count(Response.id), func.count(Response.finished_at)).where(
            Response.session_id == group.id
        )
    ).one()
    alerts = tuple(
        Alert(raised_at=at, tablet_number=number, acknowledged=acknowledged is not None)
        for at, number, acknowledged in db.execute(
            select(SafetyFlag.raised_at, SafetyFlag.tablet_number, SafetyFlag.acknowledged_at)
            .where(SafetyFlag.session_id == group.id)
            .order_by(SafetyFlag.raised_at, SafetyFlag.id)
        )
    )
    latest = (
        select(Response.tablet_id, func.max(Response.id).label("response_id"))
        .where(Response.session_id == group.id)
        .group_by(Response.tablet_id)
        .subquery()
    )
    rows = db.execute(
        select(KioskTablet.id, KioskTablet.number, Response.finished_at, Response.id)
        .outerjoin(latest, latest.c.tablet_id == KioskTablet.id)
        .outerjoin(Response, Response.id == latest.c.response_id)
        .where(KioskTablet.session_id == group.id)
        .order_by(KioskTablet.number)
    )
    tablets = tuple(
        TabletProgress(
            id=tablet_id,
            number=number,
            state="waiting" if response_id is None else "finished" if done else "answering",
        )
        for tablet_id, number, done, response_id in rows
    )
    return Progress(started=started, finished=finished, alerts=alerts, tablets=tablets)


def qr_svg(url: str, title: str) -> bytes:
    """A QR code for `url` as SVG (black on white, with a quiet zone), titled for screen readers."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=4, xmldecl=False, title=title, dark="#000", light="#fff"
    )
    return out.getvalue()


# --- group votes ---------------------------------------------------------------------------


def votes_for(db: Session, group: GroupSession, statement_id: str) -> dict[str, int]:
    """Answer value -> how many people chose it, as recorded so far for one statement."""
    rows = db.execute(
        select(GroupVote.value, GroupVote.votes).where(
            GroupVote.session_id == group.id, GroupVote.statement_id == statement_id
        )
    )
    return {value: votes for value, votes in rows}


def record_votes(
    db: Session,
    group: GroupSession,
    statement_id: str,
    counts: Mapping[str, int],
    recorded_by: StaffUser,
) -> None:
    """Store the counts for one statement, replacing any recorded before. Zero is stored too,
    so "nobody said No" differs from "not asked yet"."""
    if group.closed_at is not None:
        raise SessionClosed
    unknown = set(counts) - set(ANSWER_VALUES)
    if unknown or any(count < 0 for count in counts.values()):
        raise ValueError(f"bad group vote counts {dict(counts)!r}")
    db.execute(
        delete(GroupVote).where(
            GroupVote.session_id == group.id, GroupVote.statement_id == statement_id
        )
    )
    db.add_all(
        GroupVote(
            session_id=group.id,
            statement_id=statement_id,
            value=value,
            votes=counts.get(value, 0),
            recorded_by=recorded_by.id,
        )
        for value in ANSWER_VALUES
    )
    db.flush()
