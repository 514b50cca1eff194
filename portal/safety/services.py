"""Raise safety flags. Each holds what was answered and when, nothing about the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.areas.services import area_contacts
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.content.bank import Contact
from portal.content.models import Statement
from portal.db import rowcount, utcnow
from portal.kiosk.models import GroupSession
from portal.safety.models import SafetyFlag
from portal.shared.visitor import Place


def raise_answer_flag(
    db: Session, response_id: int, place: Place, statement_id: str, answer: str
) -> SafetyFlag:
    """Flag a worrying answer to a safety statement, given where the response is being given;
    a repeated submit keeps one flag."""
    flag = db.scalar(
        select(SafetyFlag).where(
            SafetyFlag.response_id == response_id,
            SafetyFlag.kind == "answer",
            SafetyFlag.statement_id == statement_id,
        )
    )
    if flag is None:
        flag = SafetyFlag(
            kind="answer",
            statement_id=statement_id,
            answer=answer,
            response_id=response_id,
            area_id=place.area_id,
            session_id=place.session_id,
            tablet_number=place.tablet_number,
        )
        db.add(flag)
    else:
        flag.answer = answer
    db.flush()
    return flag


def raise_help_flag(db: Session, response_id: int | None, place: Place | None = None) -> SafetyFlag:
    """Flag that someone followed "I need help now"; once per response."""
    flag = None
    if response_id is not None:
        flag = db.scalar(
            select(SafetyFlag).where(
                SafetyFlag.response_id == response_id, SafetyFlag.kind == "help_link"
            )
        )
    if flag is None:
        place = place or Place()
        flag = SafetyFlag(
            kind="help_link",
            response_id=response_id,
            area_id=place.area_id,
            session_id=place.session_id,
            tablet_number=place.tablet_number,
        )
        db.add(flag)
        db.flush()
    return flag


@dataclass(frozen=True)
class HelpContact:
    """One entry under "People you can call". `lang` is set for words typed by staff in English,
    so a page in another language marks them as English."""

    name: str
    phone: str
    text: str
    picture: str
    lang: str | None = None


AREA_CONTACT_PICTURE = "help-desk"


def help_contacts(
    db: Session, contacts: Sequence[Contact], area_id: int | None
) -> list[HelpContact]:
    """The content's contacts; when the area has its own, they replace the demo local ones."""
    local = area_contacts(db, area_id) if area_id is not None else []
    shown = [c for c in contacts if not (local and c.demo)]
    return [HelpContact(c.name, c.phone, c.text, c.picture) for c in shown] + [
        HelpContact(c.name, c.phone, c.text, AREA_CONTACT_PICTURE, lang="en") for c in local
    ]


def open_flags(db: Session) -> list[SafetyFlag]:
    """Flags nobody has acknowledged yet, oldest first."""
    return list(
        db.scalars(
            select(SafetyFlag)
            .where(SafetyFlag.acknowledged_at.is_(None))
            .order_by(SafetyFlag.raised_at)
        )
    )


@dataclass(frozen=True)
class FlagForStaff:
    """What the safeguarding lead sees of one open flag: when, where, and what was answered or
    used. No group session means at home."""

    id: int
    raised_at: datetime
    kind: str
    answer: str | None
    statement_text: str | None
    overdue: bool
    area_name: str | None = None
    group_name: str | None = None
    session_date: date | None = None
    tablet_number: int | None = None


def overdue_before(hours: float, now: datetime | None = None) -> datetime:
    """Flags raised before this time and still open are overdue."""
    return (now or utcnow()) - timedelta(hours=hours)


def open_flags_for_staff(
    db: Session, overdue_hours: float, now: datetime | None = None
) -> list[FlagForStaff]:
    """Open flags, oldest first, with the statement's words and where they were raised; nothing
    else about the answers."""
    cutoff = overdue_before(overdue_hours, now)
    rows = db.execute(
        select(
            SafetyFlag,
            Statement.text,
            Area.name,
            GroupSession.group_name,
            GroupSession.session_date,
        )
        .outerjoin(Statement, Statement.id == SafetyFlag.statement_id)
        .outerjoin(Area, Area.id == SafetyFlag.area_id)
        .outerjoin(GroupSession, GroupSession.id == SafetyFlag.session_id)
        .where(SafetyFlag.acknowledged_at.is_(None))
        .order_by(SafetyFlag.raised_at, SafetyFlag.id)
    )
    return [
        FlagForStaff(
            id=flag.id,
            raised_at=flag.raised_at,
            kind=flag.kind,
            answer=flag.answer,
            statement_text=text,
            overdue=flag.raised_at < cutoff,
            area_name=area_name,
            group_name=group_name,
            session_date=session_date,
            tablet_number=flag.tablet_number,
        )
        for flag, text, area_name, group_name, session_date in rows
    ]


def count_overdue_flags(db: Session, overdue_hours: float, now: datetime | None = None) -> int:
    """How many open flags have waited longer than `overdue_hours`."""
    return (
        db.scalar(
            select(func.count())
            .select_from(SafetyFlag)
            .where(
                SafetyFlag.acknowledged_at.is_(None),
                SafetyFlag.raised_at < overdue_before(overdue_hours, now),
            )
        )
        or 0
    )


def acknowledge_flag(db: Session, flag_id: int, actor: StaffUser, note: str) -> bool:
    """Mark an open flag as followed up, with the action taken, and audit it.

    False when the flag does not exist or someone already acknowledged it (checked in the same
    UPDATE, so two people pressing at once cannot both acknowledge it).
    """
    now = utcnow()
    result = db.execute(
        update(SafetyFlag)
        .where(SafetyFlag.id == flag_id, SafetyFlag.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=actor.id, action_note=note)
        .execution_options(synchronize_session="fetch")
    )
    if rowcount(result) != 1:
        return False
    record(db, actor, "safety_flag.acknowledged", f"safety_flag:{flag_id}", note)
    return True
