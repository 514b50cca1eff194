"""Running group sessions: open, count, alert, close (and undo it), and group votes (tablets:
portal.kiosk).

Nothing here returns what anyone answered: the facilitator sees counts and safety alerts only.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import segno
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.content.bank import Statement
from portal.content.models import Statement as StatementRow
from portal.db import utcnow
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession, KioskTablet
from portal.kiosk.services import new_join_code
from portal.respond.models import Response
from portal.safety.models import SafetyFlag
from portal.safety.services import Told, raise_vote_flags, who_was_told


def open_session(
    db: Session,
    facilitator: StaffUser,
    group_name: str,
    area_id: int,
    questionnaire_id: int,
    session_date: date,
    group_size: int | None = None,
) -> GroupSession:
    """Start a session; tablets can join it with its code until it is closed. `group_size`:
    how many people are in the group, if the facilitator said (group votes cannot add up to
    more)."""
    group = GroupSession(
        join_code=new_join_code(db),
        group_name=group_name.strip(),
        area_id=area_id,
        questionnaire_id=questionnaire_id,
        session_date=session_date,
        facilitator_id=facilitator.id,
        group_size=group_size,
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
    """No new tablets or answers from now on; answers already given are kept, and the
    facilitator can still type group votes."""
    if group.closed_at is None:
        group.closed_at = utcnow()
    db.flush()


REOPEN_MINUTES = 10


def reopen_until(group: GroupSession) -> datetime | None:
    """Until when a closed session can be opened again (UTC); None when it is open."""
    if group.closed_at is None:
        return None
    return group.closed_at + timedelta(minutes=REOPEN_MINUTES)


def can_reopen(group: GroupSession, now: datetime | None = None) -> bool:
    """Closed less than REOPEN_MINUTES ago: "Open it again" undoes a close pressed by mistake."""
    until = reopen_until(group)
    return until is not None and (now or utcnow()) <= until


def reopen_session(db: Session, group: GroupSession, now: datetime | None = None) -> bool:
    """Undo closing, within REOPEN_MINUTES; after that the session stays closed (False)."""
    if not can_reopen(group, now):
        return False
    group.closed_at = None
    db.flush()
    return True


@dataclass(frozen=True)
class Alert:
    """A safety alert as the facilitator sees it: when, which tablet (or the group vote on
    which statement), whether the safety lead was emailed or has followed it up. Never the
    answer a person gave on a tablet."""

    id: int
    kind: str  # "answer", "help_link", "group_vote" or "comment"
    raised_at: datetime
    tablet_number: int | None
    state: str  # "open", "followed_up" or "not_genuine"
    told: Told
    vote_statement: str | None = None  # group votes only: the statement's words


@dataclass(frozen=True)
class TabletProgress:
    """One tablet: its number, when it joined, whether the person on it is answering or has
    finished, and when the facilitator removed it (None: still in the session)."""

    id: int
    number: int
    state: str  # "waiting", "answering" or "finished"
    joined_at: datetime
    removed_at: datetime | None = None


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
    alerts = session_alerts(db, group)
    latest = (
        select(Response.tablet_id, func.max(Response.id).label("response_id"))
        .where(Response.session_id == group.id)
        .group_by(Response.tablet_id)
        .subquery()
    )
    rows = db.execute(
        select(
            KioskTablet.id,
            KioskTablet.number,
            KioskTablet.joined_at,
            KioskTablet.removed_at,
            Response.finished_at,
            Response.id,
        )
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
            joined_at=joined_at,
            removed_at=removed_at,
        )
        for tablet_id, number, joined_at, removed_at, done, response_id in rows
    )
    return Progress(started=started, finished=finished, alerts=alerts, tablets=tablets)


def session_alerts(db: Session, group: GroupSession) -> tuple[Alert, ...]:
    """The session's safety alerts, newest first, with who was emailed about each."""
    rows = db.execute(
        select(SafetyFlag, StatementRow.text)
        .outerjoin(StatementRow, StatementRow.id == SafetyFlag.statement_id)
        .where(SafetyFlag.session_id == group.id)
        .order_by(SafetyFlag.raised_at.desc(), SafetyFlag.id.desc())
    ).all()
    told = who_was_told(db, [flag.id for flag, _ in rows])
    return tuple(
        Alert(
            id=flag.id,
            kind=flag.kind,
            raised_at=flag.raised_at,
            tablet_number=flag.tablet_number,
            state=(
                "not_genuine"
                if flag.not_genuine_reason is not None
                else "followed_up"
                if flag.acknowledged_at is not None
                else "open"
            ),
            told=told[flag.id],
            vote_statement=text if flag.kind == "group_vote" else None,
        )
        for flag, text in rows
    )


@dataclass(frozen=True)
class WrongJoinCodes:
    """Wrong join codes typed on the whole portal lately (every worker's), for the
    facilitator's page: from half the site-wide limit it warns; at the limit no tablet can
    join any session until the window moves on."""

    count: int
    limit: int
    window_minutes: int

    @property
    def warn(self) -> bool:
        return self.count * 2 >= self.limit

    @property
    def stopped(self) -> bool:
        return self.count >= self.limit


def qr_svg(url: str, title: str) -> bytes:
    """A QR code for `url` as SVG (black on white, with a quiet zone), titled for screen readers."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=4, xmldecl=False, title=title, dark="#000", light="#fff"
    )
    return out.getvalue()


# --- group votes ---------------------------------------------------------------------------


def set_group_size(db: Session, group: GroupSession, group_size: int | None) -> None:
    """How many people are in the group (None: not known); group votes may not add up to more."""
    group.group_size = group_size
    db.flush()


def votes_for(db: Session, group: GroupSession, statement_id: str) -> dict[str, int]:
    """Answer value -> how many people chose it, as recorded so far for one statement."""
    rows = db.execute(
        select(GroupVote.value, GroupVote.votes).where(
            GroupVote.session_id == group.id, GroupVote.statement_id == statement_id
        )
    )
    return {value: votes for value, votes in rows}


class TooManyVotes(ValueError):
    """Group-vote counts that add up to more people than are in the group."""

    def __init__(self, total: int, group_size: int):
        super().__init__(f"{total} votes from a group of {group_size}")
        self.total = total
        self.group_size = group_size


def record_votes(
    db: Session,
    group: GroupSession,
    statement: Statement,
    counts: Mapping[str, int],
    recorded_by: StaffUser,
) -> None:
    """Store the counts for one statement, replacing any recorded before: one for each answer
    the statement offers. Zero is stored too, so "nobody said No" differs from "not asked yet".
    Anyone choosing an answer that raises a safety alert on this statement raises one (emailed
    to the person on call).

    Allowed after the session has closed (tablets stop; the facilitator may type the votes
    later, or correct them). Counts adding up to more than the group's size are refused, and
    so is a count for an answer the statement does not offer (ValueError)."""
    statement_id = statement.id
    unknown = set(counts) - set(statement.answers)
    if unknown or any(count < 0 for count in counts.values()):
        raise ValueError(f"bad group vote counts {dict(counts)!r} for {statement_id!r}")
    if group.group_size is not None and sum(counts.values()) > group.group_size:
        raise TooManyVotes(sum(counts.values()), group.group_size)
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
        for value in statement.answers
    )
    raise_vote_flags(db, group, statement_id, list(statement.alert_on), dict(counts), recorded_by)
    db.flush()
