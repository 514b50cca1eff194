"""Counting in the database: one GROUP BY over the answers (and one over group votes, one over
the people who answered, one over safety alerts, one over the people who answered both
statements of a mirrored pair) gives small tables of counts, each with the sum of its records'
keys (portal/reports/disclosure.py).

A quarter is counted once, a few days after it ends (count_quarter), into QuarterCount rows;
every report of it adds those up (counted_cubes). No report reads the answers themselves, and
none loops over individual answers in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, insert, or_, select, text
from sqlalchemy.orm import Session, aliased

from portal.content.models import Questionnaire
from portal.db import utcnow
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession
from portal.reports.disclosure import Cell
from portal.reports.models import CountedQuarter, QuarterCount
from portal.reports.periods import Quarter, quarters_between
from portal.respond.models import Answer, Response
from portal.safety.models import SafetyFlag

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


Cube = dict[Entry, Cell]


def questionnaire_ids(db: Session, slug: str, version: int | None) -> list[int]:
    query = select(Questionnaire.id).where(Questionnaire.slug == slug)
    if version is not None:
        query = query.where(Questionnaire.version == version)
    return list(db.scalars(query))


def _add(cube: Cube, rows: Iterable[tuple[Any, ...]]) -> Cube:
    """Rows of (statement, key, area, who, at home, quarter, count, key sum) added up."""
    for statement, key, area, who, at_home, quarter, count, key_sum in rows:
        # statement, key, area, who, place, quarter (positional: a few thousand per report)
        entry = Entry(statement, key, area, who, "home" if at_home else "session", quarter)
        cube[entry] = cube.get(entry, Cell()) + Cell(int(count), int(key_sum or 0))
    return cube


def _by_month(rows: Iterable[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    """Rows ending (..., year, month, count, key sum) as (..., quarter, count, key sum)."""
    for *details, year, month, count, key_sum in rows:
        yield (*details, Quarter.of_month(year, month), count, key_sum)


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
        select(*ANSWER_KEYS, func.count(), func.sum(Answer.record_key))
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
        (statement, value, area, who, at_home, quarters[day], count, key_sum)
        for day, statement, value, area, who, at_home, count, key_sum in db.execute(query)
    )
    return _add({}, rows)


def group_vote_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """Group votes counted the same way (who answered: "group"; always in a session). Each vote
    is a record with its vote row's key: a row of 3 votes adds 3 to the count and 3 keys."""
    keys = (
        GroupVote.statement_id,
        GroupVote.value,
        GroupSession.area_id,
        extract("year", GroupSession.session_date),
        extract("month", GroupSession.session_date),
    )
    query = (
        select(*keys, func.sum(GroupVote.votes), func.sum(GroupVote.votes * GroupVote.record_key))
        .join(GroupSession, GroupSession.id == GroupVote.session_id)
        .where(
            GroupSession.questionnaire_id.in_(ids),
            GroupSession.session_date >= start,
            GroupSession.session_date < end,
        )
        .group_by(*keys)
    )
    rows = ((s, v, area, GROUP, False, y, m, n, k) for s, v, area, y, m, n, k in db.execute(query))
    return _add({}, _by_month(rows))


PEOPLE = "*people*"  # the `statement` of entries counting people rather than answers


def people_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """People who answered (responses with at least one answer), by language and the rest.

    From the response table alone: a response notes its first answer (has_answers), so no
    answer is looked up for each person."""
    keys = (Response.language, *RESPONSE_DETAILS)
    query = (
        select(*keys, func.count(), func.sum(Response.record_key))
        .where(*_responses_in(ids, start, end), Response.has_answers)
        .group_by(*keys)
    )
    return _add({}, _by_month((PEOPLE, *row) for row in db.execute(query)))


ALERTS = "*alerts*"  # the `statement` of entries counting safety alerts
RAISED, FOLLOWED_UP = "raised", "followed_up"
UNKNOWN_WHO = ""  # an alert from the help link has no response, so nobody knows who


def alert_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """Genuine safety alerts raised in the period about these questionnaires, and those of them
    followed up so far, by area, who answered and place. Alerts marked not genuine, and "I need
    help now" before any answer (no questionnaire), are in no report."""
    keys = (
        SafetyFlag.area_id,
        func.coalesce(Response.answered_by, UNKNOWN_WHO),
        SafetyFlag.session_id.is_(None),
        extract("year", SafetyFlag.raised_at),
        extract("month", SafetyFlag.raised_at),
    )
    cube: Cube = {}
    for key, only in ((RAISED, ()), (FOLLOWED_UP, (SafetyFlag.acknowledged_at.is_not(None),))):
        query = (
            select(*keys, func.count(), func.sum(SafetyFlag.record_key))
            .outerjoin(Response, Response.id == SafetyFlag.response_id)
            .where(
                SafetyFlag.questionnaire_id.in_(ids),
                SafetyFlag.not_genuine_reason.is_(None),
                SafetyFlag.raised_at >= start,
                SafetyFlag.raised_at < end,
                *only,
            )
            .group_by(*keys)
        )
        _add(cube, _by_month((ALERTS, key, *row) for row in db.execute(query)))
    return cube


Pair = tuple[str, str]  # a mirrored pair: two statement ids asking one idea both ways
ANSWERED, YES_BOTH = "answered", "yes_both"  # the keys of a pair's counts
# Answers that give no view of the idea: someone who gave one did not answer the pair.
NO_VIEW = ("not_about_me", "prefer_not", "skipped")


def pair_name(pair: Pair) -> str:
    """A pair's `statement` in counts: both ids and a space (ids have no spaces)."""
    return " ".join(pair)


def pair_cube(
    db: Session, ids: list[int], start: date, end: date, pairs: Sequence[Pair] = ()
) -> Cube:
    """For each mirrored pair: the people who answered both statements (key ANSWERED) and those
    of them who said Yes to both (YES_BOTH), by area, who answered, session or home, and
    quarter. A sign of saying yes to everything (acquiescence).

    One GROUP BY over the answer table joined to itself on the response: a person's answer to
    the first statement beside their answer to the second. "This is not about me" and "I don't
    want to answer" are not answers to the idea. Each person is a record with their response's
    key, as in every other count of people."""
    if not pairs:
        return {}
    if Quarter.of(start).start != start or Quarter.of(end).start != end:
        raise ValueError(f"pairs are counted by whole quarters, not {start} to {end}")
    first, second = aliased(Answer), aliased(Answer)
    both_yes = and_(first.value == "yes", second.value == "yes")
    keys = (
        first.statement_id,
        second.statement_id,
        first.area_id,
        first.answered_by,
        first.at_home,
        first.started_quarter,
    )
    query = (
        select(
            *keys,
            func.count(),
            func.sum(first.record_key),
            func.sum(case((both_yes, 1), else_=0)),
            func.sum(case((both_yes, first.record_key), else_=0)),
        )
        .join(second, second.response_id == first.response_id)
        .where(
            first.questionnaire_id.in_(ids),
            first.started_quarter >= start,
            first.started_quarter < end,
            or_(*(and_(first.statement_id == a, second.statement_id == b) for a, b in pairs)),
            first.value.not_in(NO_VIEW),
            second.value.not_in(NO_VIEW),
        )
        .group_by(*keys)
    )
    rows: list[tuple[Any, ...]] = []
    for a, b, area, who, at_home, day, count, key_sum, yes, yes_keys in db.execute(query):
        name, quarter = pair_name((a, b)), Quarter.of(day)
        rows.append((name, ANSWERED, area, who, at_home, quarter, count, key_sum))
        if yes:
            rows.append((name, YES_BOTH, area, who, at_home, quarter, yes, yes_keys))
    return _add({}, rows)


KINDS = {
    "answer": answer_cube,
    "vote": group_vote_cube,
    "people": people_cube,
    "alert": alert_cube,
    "pair": pair_cube,  # counts nothing unless given the pairs (count_quarter gives them)
}


class NotCountable(ValueError):
    """A quarter that has not ended long enough ago to be counted."""


def countable(quarter: Quarter, today: date, after_days: int) -> bool:
    """Whether the quarter ended at least `after_days` days before `today`."""
    return (today - quarter.end).days >= after_days


def count_quarter(
    db: Session, quarter: Quarter, mirrored: Mapping[str, Sequence[Pair]] | None = None
) -> bool:
    """Count a quarter's answers, group votes, people, alerts and the mirrored pairs of each
    questionnaire (`mirrored`: slug -> pairs, from the content) once, for every report of it
    (False when it was counted before). The caller commits, and decides it may be counted."""
    start, end = quarter.start, quarter.end
    if db.get(CountedQuarter, start) is not None:
        return False
    db.add(CountedQuarter(quarter=start, counted_at=utcnow()))
    db.flush()  # a second counter of the same quarter stops here, at the primary key
    rows: list[dict[str, Any]] = []
    for questionnaire_id, slug in db.execute(select(Questionnaire.id, Questionnaire.slug)):
        pairs = (mirrored or {}).get(slug, ())
        for kind, cube in (KINDS | {"pair": partial(pair_cube, pairs=pairs)}).items():
            rows.extend(_rows(cube(db, [questionnaire_id], start, end), kind, questionnaire_id))
    if rows:
        db.execute(insert(QuarterCount), [row | {"quarter": start} for row in rows])
    db.flush()
    return True


def _rows(cube: Cube, kind: str, questionnaire_id: int | None) -> Iterable[dict[str, Any]]:
    for entry, cell in cube.items():
        yield {
            "questionnaire_id": questionnaire_id,
            "kind": kind,
            "statement_id": "" if entry.statement == PEOPLE else entry.statement,
            "key": entry.key,
            "area_id": entry.area,
            "who": entry.who,
            "at_home": entry.place == "home",
            "count": cell.count,
            "key_sum": cell.key_sum,
        }


def counted_quarters(db: Session, quarters: Iterable[Quarter]) -> set[Quarter]:
    starts = [quarter.start for quarter in quarters]
    found = db.scalars(select(CountedQuarter.quarter).where(CountedQuarter.quarter.in_(starts)))
    return {Quarter.of(day) for day in found}


def counted_cube(db: Session, kind: str, ids: list[int] | None, quarters: list[Quarter]) -> Cube:
    """A kind of count ("answer", "vote", "people", "alert", "pair") for these questionnaires (None:
    any) in these counted quarters, from QuarterCount alone."""
    if missing := set(quarters) - counted_quarters(db, quarters):
        raise NotCountable(f"not counted yet: {', '.join(sorted(map(str, missing)))}")
    query = select(
        QuarterCount.statement_id,
        QuarterCount.key,
        QuarterCount.area_id,
        QuarterCount.who,
        QuarterCount.at_home,
        QuarterCount.quarter,
        QuarterCount.count,
        QuarterCount.key_sum,
    ).where(
        QuarterCount.kind == kind,
        QuarterCount.quarter.in_([quarter.start for quarter in quarters]),
    )
    if ids is not None:
        query = query.where(QuarterCount.questionnaire_id.in_(ids))
    statement = {"people": PEOPLE, "alert": ALERTS}.get(kind)
    rows = (
        (statement or s, key, area, who, home, Quarter.of(day), n, k)
        for s, key, area, who, home, day, n, k in db.execute(query)
    )
    return _add({}, rows)
