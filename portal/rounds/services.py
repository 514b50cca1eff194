"""Survey rounds: make one, change or close one before it ends, and whether a questionnaire
may be started today.

While a questionnaire has any round for an area (or for every area), its share links and join
codes for that area work only on the days a round is open; with no rounds at all they work as
they always did. The gate is the door only: a share link being opened, a tablet joining, a
facilitator opening a session. Someone who came in before a round closed may finish what they
started (the journey and "Carry on with my code" never look at rounds), so no answer they were
told was saved is lost; new starts through the door are refused. No Flask globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Boolean, ColumnElement, Integer, String, and_, column, or_, select, table
from sqlalchemy.orm import Session

from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.content.models import Questionnaire
from portal.rounds.models import SurveyRound


@dataclass(frozen=True)
class Closed:
    """Why the questions cannot be started today: when they last closed and when they open next
    (either may be unknown)."""

    closed_on: date | None
    opens_on: date | None


def _for_area(slug: str, area_id: int | None) -> list[ColumnElement[bool]]:
    """Conditions for the rounds of this questionnaire that cover this area."""
    area: ColumnElement[bool] = SurveyRound.area_id.is_(None)
    if area_id is not None:
        area = or_(area, SurveyRound.area_id == area_id)
    return [SurveyRound.questionnaire_slug == slug, area]


def closed_now(db: Session, slug: str, area_id: int | None, today: date) -> Closed | None:
    """None when people may start these questions in this area today (a round is open, or the
    questionnaire has no rounds there); else when they closed and when they open again."""
    rounds = list(db.scalars(select(SurveyRound).where(*_for_area(slug, area_id))))
    if not rounds or any(r.status(today) == "open" for r in rounds):
        return None
    ended = [r.last_day for r in rounds if r.status(today) == "closed"]
    upcoming = [r.opens_on for r in rounds if r.status(today) == "upcoming"]
    return Closed(max(ended, default=None), min(upcoming, default=None))


def closed_now_for_questionnaire(
    db: Session, questionnaire_id: int, area_id: int | None, today: date
) -> Closed | None:
    """`closed_now` for a questionnaire row (any version of its slug), as a group session has."""
    slug = db.scalar(select(Questionnaire.slug).where(Questionnaire.id == questionnaire_id))
    return None if slug is None else closed_now(db, slug, area_id, today)


def all_rounds(db: Session) -> list[SurveyRound]:
    """Every round, the latest to open first."""
    return list(
        db.scalars(select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc()))
    )


def overlapping(
    db: Session,
    slug: str,
    area_id: int | None,
    opens_on: date,
    closes_on: date,
    but_not: int | None = None,
) -> SurveyRound | None:
    """A round of the same questions covering the same area on any of these days, if there is
    one (a round for every area covers each area; `but_not` is the round being changed). A
    round closed early leaves the day it was closed free, so a round closed by mistake can be
    followed by a new one the same day."""
    conditions = [SurveyRound.questionnaire_slug == slug, SurveyRound.id != (but_not or 0)]
    if area_id is not None:
        conditions.append(or_(SurveyRound.area_id.is_(None), SurveyRound.area_id == area_id))
    ends_after_opening = or_(
        and_(SurveyRound.closed_early_on.is_(None), SurveyRound.closes_on >= opens_on),
        SurveyRound.closed_early_on > opens_on,
    )
    return db.scalars(
        select(SurveyRound)
        .where(*conditions, SurveyRound.opens_on <= closes_on, ends_after_opening)
        .order_by(SurveyRound.opens_on)
        .limit(1)
    ).first()


def create_round(
    db: Session,
    actor: StaffUser,
    name: str,
    slug: str,
    area_id: int | None,
    opens_on: date,
    closes_on: date,
) -> SurveyRound:
    """Add a round (the caller has checked the dates and that it overlaps no other)."""
    found = SurveyRound(
        name=name,
        questionnaire_slug=slug,
        area_id=area_id,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor.id,
    )
    db.add(found)
    db.flush()
    detail = f"{name}: {slug}, area {area_id or 'every'}, {opens_on} to {closes_on}"
    record(db, actor, "survey_round.created", f"survey_round:{found.id}", detail)
    return found


def change(
    db: Session, actor: StaffUser, found: SurveyRound, name: str, opens_on: date, closes_on: date
) -> None:
    """New name or dates for a round that has not closed (the caller has checked them)."""
    detail = (
        f"{found.name}, {found.opens_on} to {found.closes_on} is now "
        f"{name}, {opens_on} to {closes_on}"
    )
    found.name, found.opens_on, found.closes_on = name, opens_on, closes_on
    db.flush()
    record(db, actor, "survey_round.changed", f"survey_round:{found.id}", detail)


def close_early(db: Session, actor: StaffUser, found: SurveyRound, today: date) -> bool:
    """Close an open round today: its links and codes stop working now. False if it was not
    open (already closed, or not open yet)."""
    if found.status(today) != "open":
        return False
    found.closed_early_on = today
    db.flush()
    detail = f"{found.name}: closed on {today}, was to close on {found.closes_on}"
    record(db, actor, "survey_round.closed_early", f"survey_round:{found.id}", detail)
    return True


def closed_rounds(db: Session, today: date) -> list[SurveyRound]:
    """Rounds that have closed (a report may count them), the latest to close first."""
    return sorted(
        (r for r in all_rounds(db) if r.status(today) == "closed"),
        key=lambda r: (r.last_day, r.id),
        reverse=True,
    )


# Rounds sit below areas in the layers (the tablets' join page, below areas, asks them), so they
# read the areas' names by table, as their foreign key names it.
_AREA = table("area", column("id", Integer), column("name", String), column("active", Boolean))


def area_names(db: Session, switched_on_only: bool = False) -> dict[int, str]:
    """Areas' names by id, in name order (all of them, or those switched on)."""
    query = select(_AREA.c.id, _AREA.c.name).order_by(_AREA.c.name)
    if switched_on_only:
        query = query.where(_AREA.c.active.is_(True))
    return {row.id: row.name for row in db.execute(query)}
