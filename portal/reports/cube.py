"""Counting in the database: one GROUP BY over the answers (and one over group votes, and one
over the people who answered) gives small tables of counts that every report is built from.

No report ever loops over individual answers in Python: it reads these grouped counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select, text
from sqlalchemy.orm import Session

from portal.content.models import Questionnaire
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession
from portal.reports.periods import Quarter
from portal.respond.models import Answer, Response

GROUP = "group"  # the `who` of a group vote: nobody in particular


@dataclass(frozen=True)
class Entry:
    """One group of counted things sharing these details; `key` is what is counted by
    (the answer value, or for people the language)."""

    statement: str
    key: str
    area: int | None
    who: str
    place: str  # "session" or "home"
    quarter: Quarter


Cube = dict[Entry, int]


def questionnaire_ids(db: Session, slug: str, version: int | None) -> list[int]:
    query = select(Questionnaire.id).where(Questionnaire.slug == slug)
    if version is not None:
        query = query.where(Questionnaire.version == version)
    return list(db.scalars(query))


def _add(cube: Cube, rows: Iterable[tuple]) -> Cube:  # type: ignore[type-arg]
    for statement, key, area, who, at_home, year, month, count in rows:
        entry = Entry(
            statement=statement,
            key=key,
            area=area,
            who=who,
            place="home" if at_home else "session",
            quarter=Quarter.of_month(year, month),
        )
        cube[entry] = cube.get(entry, 0) + int(count)
    return cube


def _room_to_hash(db: Session) -> None:
    """PostgreSQL guesses the number of groups as the product of each column's own count
    (about 500,000 for a million answers, where there are a few thousand), decides the table
    of groups will not fit in the default 4 MB, and sorts half a million rows on disk instead.
    More memory for this transaction only (SET LOCAL) lets it count in a hash table: twice as
    fast over 1,000,000 answers (bench/RESULTS.md, section 3)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SET LOCAL work_mem = '64MB'"))


# What every count over answers or people is broken down by, besides its own key.
RESPONSE_DETAILS = (
    Response.area_id,
    Response.answered_by,
    Response.session_id.is_(None),  # at home
    extract("year", Response.started_at),
    extract("month", Response.started_at),
)


def _responses_in(ids: list[int], start: date, end: date) -> tuple:  # type: ignore[type-arg]
    return (
        Response.questionnaire_id.in_(ids),
        Response.started_at >= start,
        Response.started_at < end,
    )


def answer_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """Answers counted by statement, value, area, who answered, session or home, and month."""
    _room_to_hash(db)
    keys = (Answer.statement_id, Answer.value, *RESPONSE_DETAILS)
    query = (
        select(*keys, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(*_responses_in(ids, start, end))
        .group_by(*keys)
    )
    return _add({}, db.execute(query))


def group_vote_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """Group votes counted the same way (who answered: "group"; always in a session)."""
    keys = (
        GroupVote.statement_id,
        GroupVote.value,
        GroupSession.area_id,
        extract("year", GroupSession.session_date),
        extract("month", GroupSession.session_date),
    )
    query = (
        select(*keys, func.sum(GroupVote.votes))
        .join(GroupSession, GroupSession.id == GroupVote.session_id)
        .where(
            GroupSession.questionnaire_id.in_(ids),
            GroupSession.session_date >= start,
            GroupSession.session_date < end,
        )
        .group_by(*keys)
    )
    rows = ((s, v, area, GROUP, False, y, m, n) for s, v, area, y, m, n in db.execute(query))
    return _add({}, rows)


PEOPLE = "*people*"  # the `statement` of entries counting people rather than answers


def people_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """People who answered (responses with at least one answer), by language and the rest."""
    answered = select(Answer.id).where(Answer.response_id == Response.id).exists()
    keys = (Response.language, *RESPONSE_DETAILS)
    query = (
        select(*keys, func.count()).where(*_responses_in(ids, start, end), answered).group_by(*keys)
    )
    return _add({}, ((PEOPLE, *row) for row in db.execute(query)))
