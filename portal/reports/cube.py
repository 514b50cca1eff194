"""Counting in the database: one GROUP BY over the answers (and one over group votes, and one
over the people who answered) gives small tables of counts that every report is built from.

No report ever loops over individual answers in Python: it reads these grouped counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, extract, func, select, text
from sqlalchemy.orm import Session

from portal.content.models import Questionnaire
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession
from portal.reports.periods import Quarter, quarters_between
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


def _add(cube: Cube, rows: Iterable[tuple[Any, ...]]) -> Cube:
    """Rows of (statement, key, area, who, at home, quarter, count) added up into `cube`."""
    for statement, key, area, who, at_home, quarter, count in rows:
        # statement, key, area, who, place, quarter (positional: a few thousand per report)
        entry = Entry(statement, key, area, who, "home" if at_home else "session", quarter)
        cube[entry] = cube.get(entry, 0) + int(count)
    return cube


def _by_month(rows: Iterable[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    """Rows ending (..., year, month, count) as (..., quarter, count)."""
    for *details, year, month, count in rows:
        yield (*details, Quarter.of_month(year, month), count)


def _room_to_hash(db: Session) -> None:
    """PostgreSQL guesses the number of groups as the product of each column's own count
    (with many areas, statements and quarters, hundreds of thousands where there are a few
    thousand), may decide the table of groups will not fit in the default 4 MB, and sort every
    answer on disk instead. More memory for this transaction only (SET LOCAL) lets it count in
    a hash table: twice as fast over 1,000,000 answers when it did (bench/RESULTS.md, section 3)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SET LOCAL work_mem = '64MB'"))


# What every count of people is broken down by, besides its own key (answers keep a copy).
RESPONSE_DETAILS = (
    Response.area_id,
    Response.answered_by,
    Response.session_id.is_(None),  # at home
    extract("year", Response.started_at),
    extract("month", Response.started_at),
)


def _responses_in(ids: list[int], start: date, end: date) -> tuple[ColumnElement[bool], ...]:
    return (
        Response.questionnaire_id.in_(ids),
        Response.started_at >= start,
        Response.started_at < end,
    )


# What answers are grouped by: the columns of the index ix_answer_report after questionnaire_id,
# in its order, so that one version of a questionnaire is read from it already grouped (checked
# in tests/reports/test_cube_equivalence.py).
ANSWER_KEYS = (
    Answer.started_quarter,
    Answer.statement_id,
    Answer.value,
    Answer.area_id,
    Answer.answered_by,
    Answer.at_home,
)


def answer_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """Answers counted by statement, value, area, who answered, session or home, and quarter.

    One GROUP BY over the answer table alone, which keeps a copy of each response's details
    (Response.copied_details), in the order of the index holding all of them: the database
    can read only the index entries of these questionnaires and quarters, already in order
    (bench/RESULTS.md, section 3). `start` and `end` are first days of quarters, as every
    report asks."""
    if Quarter.of(start).start != start or Quarter.of(end).start != end:
        raise ValueError(f"answers are counted by whole quarters, not {start} to {end}")
    _room_to_hash(db)
    query = (
        select(*ANSWER_KEYS, func.count())
        .where(
            Answer.questionnaire_id.in_(ids),
            Answer.started_quarter >= start,
            Answer.started_quarter < end,
        )
        .group_by(*ANSWER_KEYS)
    )
    between = quarters_between(Quarter.of(start), Quarter.of(end).previous())
    quarters = {quarter.start: quarter for quarter in between}  # by first day
    rows = (
        (statement, value, area, who, at_home, quarters[day], count)
        for day, statement, value, area, who, at_home, count in db.execute(query)
    )
    return _add({}, rows)


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
    return _add({}, _by_month(rows))


PEOPLE = "*people*"  # the `statement` of entries counting people rather than answers


def people_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """People who answered (responses with at least one answer), by language and the rest.

    From the response table alone: a response notes its first answer (has_answers), so no
    answer is looked up for each person."""
    keys = (Response.language, *RESPONSE_DETAILS)
    query = (
        select(*keys, func.count())
        .where(*_responses_in(ids, start, end), Response.has_answers)
        .group_by(*keys)
    )
    return _add({}, _by_month((PEOPLE, *row) for row in db.execute(query)))
