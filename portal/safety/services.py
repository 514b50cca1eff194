"""Raise safety flags. Each holds what was answered and when, nothing about the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session

from portal.areas.models import Area, AreaContact
from portal.areas.services import area_contacts
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.content.bank import Contact, spoken_contact
from portal.content.models import Statement
from portal.db import rowcount, utcnow
from portal.kiosk.models import GroupSession
from portal.safety.delivery import queue_alert
from portal.safety.models import Delivery, SafetyFlag
from portal.shared.visitor import Place


def _raise_once(
    db: Session, kind: str, same: dict[str, Any] | None, **details: Any
) -> tuple[SafetyFlag, bool]:
    """The flag of this kind whose columns hold `same` (raised before, open or not), or a new
    one with `details` too and its email queued; True when it is new. `same` None: always new."""
    found = select(SafetyFlag).filter_by(kind=kind, **same) if same is not None else None
    flag = db.scalar(found) if found is not None else None
    if flag is not None:
        return flag, False
    flag = SafetyFlag(kind=kind, **(same or {}), **details)
    db.add(flag)
    queue_alert(db, flag)
    return flag, True


def _where(place: Place) -> dict[str, int | None]:
    return {
        "area_id": place.area_id,
        "session_id": place.session_id,
        "tablet_number": place.tablet_number,
    }


def raise_answer_flag(
    db: Session,
    response_id: int,
    questionnaire_id: int,
    place: Place,
    statement_id: str,
    answer: str,
) -> SafetyFlag:
    """Flag a worrying answer to a safety statement, given where the response is being given;
    a repeated submit keeps one flag (and its one email)."""
    same = {"response_id": response_id, "statement_id": statement_id}
    flag, new = _raise_once(
        db, "answer", same, answer=answer, questionnaire_id=questionnaire_id, **_where(place)
    )
    if not new:
        flag.answer = answer
    db.flush()
    return flag


def raise_help_flag(
    db: Session,
    response_id: int | None,
    place: Place | None = None,
    questionnaire_id: int | None = None,
) -> SafetyFlag:
    """Flag that someone pressed "I need help now"; once per response. The questionnaire they
    are answering, if any, is the report it counts in."""
    same = None if response_id is None else {"response_id": response_id}
    flag, _new = _raise_once(
        db, "help_link", same, questionnaire_id=questionnaire_id, **_where(place or Place())
    )
    db.flush()
    return flag


# The key of the PostgreSQL lock that makes counting and storing an unlinked help flag one step
# (on SQLite, portal.db.one_writer around the whole write already does).
UNLINKED_HELP_LOCK = 0x48454C50  # "HELP"


def ask_for_help(
    db: Session,
    response_id: int | None,
    place: Place,
    unlinked_per_hour: int,
    questionnaire_id: int | None = None,
    now: datetime | None = None,
) -> SafetyFlag | None:
    """Someone pressed "I need help now": `raise_help_flag`, except that a flag with no response
    behind it (someone not answering yet, so no visit to tie it to) is stored only while fewer
    than `unlinked_per_hour` were stored in the last hour: across the whole site at home, and
    per group session on a tablet (so a flood from outside can never silence a tablet, whose
    page says the group leader has been told). None when the limit stopped it: nothing stored.
    """
    if response_id is None:
        if db.get_bind().dialect.name == "postgresql":
            db.execute(select(func.pg_advisory_xact_lock(UNLINKED_HELP_LOCK)))
        same_place = (
            SafetyFlag.session_id.is_(None)
            if place.session_id is None
            else SafetyFlag.session_id == place.session_id
        )
        stored = db.scalar(
            select(func.count())
            .select_from(SafetyFlag)
            .where(
                SafetyFlag.kind == "help_link",
                SafetyFlag.response_id.is_(None),
                SafetyFlag.raised_at >= (now or utcnow()) - timedelta(hours=1),
                same_place,
            )
        )
        if (stored or 0) >= unlinked_per_hour:
            return None
    return raise_help_flag(db, response_id, place, questionnaire_id)


def raise_vote_flags(
    db: Session,
    session: GroupSession,
    statement_id: str,
    alert_on: Sequence[str],
    counts: dict[str, int],
    actor: StaffUser,
) -> list[SafetyFlag]:
    """A group vote where anyone chose an answer that raises an alert: one flag per such
    answer and session (votes typed again change nothing; a count back to 0 keeps the flag, as
    someone saw it). Group votes come from a facilitator, so the tablet is unknown."""
    raised = []
    for answer in alert_on:
        if counts.get(answer, 0) <= 0:
            continue
        same = {"session_id": session.id, "statement_id": statement_id, "answer": answer}
        flag, new = _raise_once(
            db,
            "group_vote",
            same,
            questionnaire_id=session.questionnaire_id,
            area_id=session.area_id,
            raised_by=actor.id,
        )
        if new:
            record(db, actor, "safety_flag.raised", f"group_session:{session.id}", statement_id)
            raised.append(flag)
    return raised


def raise_comment_flag(
    db: Session,
    comment_id: int,
    statement_id: str,
    questionnaire_id: int | None,
    area_id: int | None,
    session_id: int | None,
    actor: StaffUser,
) -> SafetyFlag:
    """A moderator's or reviewer's "This needs the safety lead" on a comment: once per comment.
    Reviewers do not see the comment again until the lead has acknowledged the flag."""
    flag, new = _raise_once(
        db,
        "comment",
        {"comment_id": comment_id},
        statement_id=statement_id,
        questionnaire_id=questionnaire_id,
        area_id=area_id,
        session_id=session_id,
        raised_by=actor.id,
    )
    if new:
        record(db, actor, "safety_flag.raised", f"comment:{comment_id}", "needs the safety lead")
    return flag


def comments_held() -> Select[int | None]:
    """Comment ids sent to the safety lead and not acknowledged yet: hidden from reviewers."""
    return select(SafetyFlag.comment_id).where(
        SafetyFlag.kind == "comment", SafetyFlag.comment_id.is_not(None), *is_open()
    )


@dataclass(frozen=True)
class Told:
    """Who was told about one flag: the first email sent (or why none could be)."""

    emailed_at: datetime | None  # UTC
    problem: str | None  # "no_mail_server", "nobody_on_call", "failed" or "sending"


def who_was_told(db: Session, flag_ids: Sequence[int]) -> dict[int, Told]:
    """For each flag: when its first email went, or what stopped it (for honest words on the
    facilitator's and the lead's pages)."""
    found: dict[int, list[Delivery]] = {flag_id: [] for flag_id in flag_ids}
    if flag_ids:
        for delivery in db.scalars(
            select(Delivery).where(Delivery.flag_id.in_(flag_ids)).order_by(Delivery.id)
        ):
            found[delivery.flag_id].append(delivery)
    told = {}
    for flag_id, deliveries in found.items():
        sent = [d.sent_at for d in deliveries if d.sent_at is not None]
        if sent:
            told[flag_id] = Told(min(sent), None)
        elif not deliveries:
            told[flag_id] = Told(None, "nobody_on_call")
        else:
            status = deliveries[-1].status
            told[flag_id] = Told(None, "sending" if status == "pending" else status)
    return told


@dataclass(frozen=True)
class HelpContact:
    """One number on the help page. `lang` is set for words typed by staff in English, so a page
    in another language marks them as English; `spoken` is what its Listen button says (with
    the number digit by digit); `urgent` ones (999) come first, as a big button."""

    name: str
    phone: str
    text: str
    picture: str
    lang: str | None = None
    urgent: bool = False
    web: str | None = None

    @property
    def spoken(self) -> str:
        return spoken_contact(self.name, self.phone, self.text)

    @property
    def tel(self) -> str:
        """The number for a tel: link."""
        return "".join(self.phone.split())


AREA_CONTACT_PICTURE = "phone"


def help_contacts(
    db: Session, contacts: Sequence[Contact], area_id: int | None, demo: bool = False
) -> list[HelpContact]:
    """The content's real (national) numbers, then the area's own. The content's fictional
    local numbers only in the demo, and only for an area with none of its own."""
    local = area_contacts(db, area_id) if area_id is not None else []
    shown = [c for c in contacts if not c.demo or (demo and not local)]
    return [
        HelpContact(c.name, c.phone, c.text, c.picture, urgent=c.urgent, web=c.web) for c in shown
    ] + [HelpContact(c.name, c.phone, c.text, AREA_CONTACT_PICTURE, lang="en") for c in local]


def area_contact_texts(db: Session) -> list[str]:
    """What the Listen button of every area's own help contact says (in English, as typed)."""
    return [
        spoken_contact(c.name, c.phone, c.text)
        for c in db.scalars(select(AreaContact).order_by(AreaContact.id))
    ]


def open_flags(db: Session) -> list[SafetyFlag]:
    """Flags nobody has acknowledged or marked not genuine yet, oldest first."""
    return list(db.scalars(select(SafetyFlag).where(*is_open()).order_by(SafetyFlag.raised_at)))


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


PER_PAGE = 50


def is_open() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Open: nobody has acknowledged it, and nobody marked it not genuine."""
    return SafetyFlag.acknowledged_at.is_(None), SafetyFlag.not_genuine_reason.is_(None)


def overdue_before(minutes: int, now: datetime | None = None) -> datetime:
    """Flags raised before this time and still open are overdue (and have gone to the next
    person on call)."""
    return (now or utcnow()) - timedelta(minutes=minutes)


@dataclass(frozen=True)
class FlagsPage:
    """One page of open flags, oldest first, and how many there are in all."""

    flags: list[FlagForStaff]
    told: dict[int, Told]
    total: int
    page: int
    pages: int


def open_flags_for_staff(
    db: Session, overdue_minutes: int, page: int = 1, now: datetime | None = None
) -> FlagsPage:
    """Open flags, oldest first, PER_PAGE at a time, with the statement's words, where they
    were raised and who was emailed; nothing else about the answers."""
    total = count_open_flags(db)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    cutoff = overdue_before(overdue_minutes, now)
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
        .where(*is_open())
        .order_by(SafetyFlag.raised_at, SafetyFlag.id)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    flags = [
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
    return FlagsPage(flags, who_was_told(db, [f.id for f in flags]), total, page, pages)


def count_open_flags(db: Session) -> int:
    """How many flags are open (for the staff home page)."""
    return db.scalar(select(func.count()).select_from(SafetyFlag).where(*is_open())) or 0


def count_overdue_flags(db: Session, overdue_minutes: int, now: datetime | None = None) -> int:
    """How many open flags have waited longer than `overdue_minutes`."""
    return (
        db.scalar(
            select(func.count())
            .select_from(SafetyFlag)
            .where(*is_open(), SafetyFlag.raised_at < overdue_before(overdue_minutes, now))
        )
        or 0
    )


def _close(db: Session, flag_id: int, **values: object) -> bool:
    """Close an open flag with these values, in one conditional UPDATE (two people pressing at
    once cannot both close it). False when it is not there or not open."""
    result = db.execute(
        update(SafetyFlag)
        .where(SafetyFlag.id == flag_id, *is_open())
        .values(escalate_at=None, **values)
        .execution_options(synchronize_session="fetch")
    )
    return rowcount(result) == 1


def acknowledge_flag(db: Session, flag_id: int, actor: StaffUser, note: str) -> bool:
    """Mark an open flag as followed up, with the action taken, and audit it; nobody else on
    call is emailed about it after this."""
    done = _close(db, flag_id, acknowledged_at=utcnow(), acknowledged_by=actor.id, action_note=note)
    if not done:
        return False
    record(db, actor, "safety_flag.acknowledged", f"safety_flag:{flag_id}", note)
    return True


def mark_not_genuine(db: Session, flag_id: int, actor: StaffUser, reason: str) -> bool:
    """The lead is sure nobody was at risk (for example a test, or a flood of taps): the flag
    leaves the open list and every report count, with the reason kept and audited."""
    if not _close(db, flag_id, not_genuine_reason=reason, acknowledged_by=actor.id):
        return False
    record(db, actor, "safety_flag.not_genuine", f"safety_flag:{flag_id}", reason)
    return True
