"""Safety on-call lists, as administrators keep them: who is emailed about a new safety alert,
in order, for each area and for the whole site (the fallback); and what the staff home page says
about open alerts and about alerts that would reach nobody.

Every change is written to the audit log. No Flask globals: views pass the session and settings.
(Sending and escalating the emails: portal.safety.delivery.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.safety.delivery import on_call
from portal.safety.models import Delivery, OnCall
from portal.safety.services import count_open_flags
from portal.shared.ordering import move_one_place, number

# Only people who can open the safety alerts page can be on call for them.
ON_CALL_ROLES = ("safeguarding_lead", "administrator")


class OnCallError(ValueError):
    """A change to an on-call list cannot be made; the message says why."""


@dataclass(frozen=True)
class OnCallPerson:
    """One place on a list: who, and whether they can be emailed now (a switched off account,
    or one whose role changed, stays on the list but is skipped)."""

    entry_id: int
    name: str
    email: str
    role: str
    active: bool

    @property
    def emailed(self) -> bool:
        return self.active and self.role in ON_CALL_ROLES


def _subject(area: Area | None) -> str:
    return f"area:{area.id}" if area is not None else "site"


def _list_name(area: Area | None) -> str:
    return area.name if area is not None else "the whole site"


def _on_list(area_id: int | None) -> ColumnElement[bool]:
    """Rows of one list: an area's, or the whole site's (no area)."""
    return OnCall.area_id == area_id if area_id is not None else OnCall.area_id.is_(None)


def _entries(db: Session, area_id: int | None) -> list[OnCall]:
    query = select(OnCall).where(_on_list(area_id)).order_by(OnCall.position, OnCall.id)
    return list(db.scalars(query))


def on_call_list(db: Session, area_id: int | None) -> list[OnCallPerson]:
    """The people on one list (an area's, or the whole site's when `area_id` is None), in the
    order they are emailed."""
    rows = db.execute(
        select(OnCall.id, StaffUser.display_name, StaffUser.email, StaffUser.role, StaffUser.active)
        .join(StaffUser, StaffUser.id == OnCall.staff_user_id)
        .where(_on_list(area_id))
        .order_by(OnCall.position, OnCall.id)
    )
    return [OnCallPerson(*row) for row in rows]


def people_on_call_by_area(db: Session) -> dict[int, int]:
    """How many people who can be emailed (active accounts) are on each area's own list."""
    rows = db.execute(
        select(OnCall.area_id, func.count())
        .join(StaffUser, StaffUser.id == OnCall.staff_user_id)
        .where(OnCall.area_id.is_not(None), StaffUser.active.is_(True))
        .group_by(OnCall.area_id)
    )
    return {area_id: int(count) for area_id, count in rows if area_id is not None}


def can_be_added(db: Session, area_id: int | None) -> list[StaffUser]:
    """Active safeguarding leads and administrators not on this list yet, by name."""
    listed = select(OnCall.staff_user_id).where(_on_list(area_id))
    return list(
        db.scalars(
            select(StaffUser)
            .where(
                StaffUser.active.is_(True),
                StaffUser.role.in_(ON_CALL_ROLES),
                StaffUser.id.not_in(listed),
            )
            .order_by(StaffUser.display_name, StaffUser.email)
        )
    )


def add_on_call(
    db: Session, actor: StaffUser, area: Area | None, staff_user_id: int | None
) -> OnCall:
    """Put a safeguarding lead or administrator at the end of the list (no area: the whole
    site's list)."""
    person = db.get(StaffUser, staff_user_id) if staff_user_id is not None else None
    if person is None:
        raise OnCallError("Choose a person from the list.")
    if not person.active:
        raise OnCallError(
            f"{person.display_name}’s account is switched off, so they cannot be on call."
        )
    if person.role not in ON_CALL_ROLES:
        raise OnCallError(
            f"{person.display_name} cannot be on call. Only safeguarding leads and "
            "administrators can be on call, as only they can see safety alerts."
        )
    entries = _entries(db, area.id if area is not None else None)
    if any(entry.staff_user_id == person.id for entry in entries):
        raise OnCallError(f"{person.display_name} is on this list already.")
    entry = OnCall(
        area_id=area.id if area is not None else None,
        staff_user_id=person.id,
        position=max((e.position for e in entries), default=0) + 1,
    )
    db.add(entry)
    db.flush()
    place = len(entries) + 1
    detail = f"{person.email} added to {_list_name(area)}'s list, number {place}"
    record(db, actor, "safety_on_call.added", _subject(area), detail)
    return entry


def remove_on_call(db: Session, actor: StaffUser, entry: OnCall) -> None:
    """Take a person off a list; the people after them move up."""
    area = db.get(Area, entry.area_id) if entry.area_id is not None else None
    person = db.get_one(StaffUser, entry.staff_user_id)
    db.delete(entry)
    db.flush()
    number(_entries(db, entry.area_id))
    db.flush()
    detail = f"{person.email} removed from {_list_name(area)}'s list"
    record(db, actor, "safety_on_call.removed", _subject(area), detail)


def move_on_call(db: Session, actor: StaffUser, entry: OnCall, up: bool) -> None:
    """Swap a person with the one before (or after) them on their list."""
    there = move_one_place(_entries(db, entry.area_id), entry, up)
    if there is None:
        return
    db.flush()
    area = db.get(Area, entry.area_id) if entry.area_id is not None else None
    person = db.get_one(StaffUser, entry.staff_user_id)
    detail = f"{person.email} moved to number {there + 1} on {_list_name(area)}'s list"
    record(db, actor, "safety_on_call.moved", _subject(area), detail)


# --- what the staff home page says ---------------------------------------------------------


def count_failed_emails(db: Session) -> int:
    """Alert emails the portal gave up sending (failed, and no more tries left)."""
    return (
        db.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.status == "failed", Delivery.next_try_at.is_(None))
        )
        or 0
    )


def areas_nobody_on_call(db: Session) -> list[str]:
    """Names of switched on areas whose alerts would email nobody: nobody who can be emailed is
    on the area's list, and nobody on the whole site's list either."""
    if on_call(db, None):
        return []
    areas = db.scalars(select(Area).where(Area.active.is_(True)).order_by(Area.name))
    return [area.name for area in areas if not on_call(db, area.id)]


@dataclass(frozen=True)
class SafetyOnHome:
    """For the staff home page: open alerts, and (for administrators) what stops alerts
    reaching a person."""

    open_alerts: int
    mail_set_up: bool = True
    areas_nobody_on_call: tuple[str, ...] = ()
    failed_emails: int = 0


def safety_on_home(db: Session, mail_set_up: bool, for_administrator: bool) -> SafetyOnHome:
    """The open alerts count; the warnings too when `for_administrator`."""
    if not for_administrator:
        return SafetyOnHome(count_open_flags(db))
    return SafetyOnHome(
        open_alerts=count_open_flags(db),
        mail_set_up=mail_set_up,
        areas_nobody_on_call=tuple(areas_nobody_on_call(db)),
        failed_emails=count_failed_emails(db),
    )
