"""Answers counted from the copies each answer keeps of its response's details (one GROUP BY over
`answer`, portal/reports/cube.py), and people counted from `response.has_answers`, equal the
counts made the way they were before: answers joined to their responses, people with an answer
looked up (the reference queries below). Checked on generated answers (many areas, every "who
answered", sessions and home, responses started at the very edges of quarters, several quarters,
two versions of one questionnaire and another, responses with no answers), and on the reports
built from them.

Nothing is committed: on PostgreSQL (shared between tests) the generated rows go with the
transaction."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

import portal.reports.results as results
from portal.areas.models import Area
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.models import Questionnaire, QuestionnaireItem
from portal.content.services import questionnaire_row
from portal.kiosk.models import GroupSession
from portal.reports.cube import (
    ANSWER_KEYS,
    PEOPLE,
    Cube,
    Entry,
    answer_cube,
    counted_cube,
    people_cube,
    questionnaire_ids,
)
from portal.reports.disclosure import Cell
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ensure_counted
from portal.respond.models import Answer, Response
from portal.respond.services import record_answer
from portal.shared.answers import ANSWERED_BY
from tests.reports.fixtures import PTABLE, facilitator

BANK = load_bank(PROJECT_ROOT / "content")
FIRST, LAST = Quarter(2025, 1), Quarter(2026, 3)
AREAS = 7
RESPONSES = 360
MADE_AT = datetime(2026, 11, 24, 9)


def reference_cube(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """The answer counts as they were made before answers kept copies: each answer joined to its
    response, grouped by the response's area, who answered, session or home, and the year and
    month it started."""
    keys = (
        Answer.statement_id,
        Answer.value,
        Response.area_id,
        Response.answered_by,
        Response.session_id.is_(None),
        extract("year", Response.started_at),
        extract("month", Response.started_at),
    )
    query = (
        select(*keys, func.count(), func.sum(Response.record_key))
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.questionnaire_id.in_(ids),
            Response.started_at >= start,
            Response.started_at < end,
        )
        .group_by(*keys)
    )
    cube: Cube = {}
    for statement, value, area, who, at_home, year, month, count, keys in db.execute(query):
        place = "home" if at_home else "session"
        entry = Entry(statement, value, area, who, place, Quarter.of_month(year, month))
        cube[entry] = cube.get(entry, Cell()) + Cell(int(count), int(keys))
    return cube


def reference_people(db: Session, ids: list[int], start: date, end: date) -> Cube:
    """People as they were counted before responses noted having answers: responses for which
    an answer exists, by language, area, who answered, session or home, and month started."""
    keys = (
        Response.language,
        Response.area_id,
        Response.answered_by,
        Response.session_id.is_(None),
        extract("year", Response.started_at),
        extract("month", Response.started_at),
    )
    answered = select(Answer.id).where(Answer.response_id == Response.id).exists()
    query = (
        select(*keys, func.count(), func.sum(Response.record_key))
        .where(
            Response.questionnaire_id.in_(ids),
            Response.started_at >= start,
            Response.started_at < end,
            answered,
        )
        .group_by(*keys)
    )
    cube: Cube = {}
    for language, area, who, at_home, year, month, count, keys in db.execute(query):
        place = "home" if at_home else "session"
        entry = Entry(PEOPLE, language, area, who, place, Quarter.of_month(year, month))
        cube[entry] = cube.get(entry, Cell()) + Cell(int(count), int(keys))
    return cube


def _quarters() -> list[Quarter]:
    found = [FIRST]
    while found[-1] < LAST:
        found.append(found[-1].next())
    return found


def _moment(rng: random.Random, quarter: Quarter) -> datetime:
    """A time in the quarter: often its very first or very last microsecond."""
    start = datetime.combine(quarter.start, datetime.min.time())
    end = datetime.combine(quarter.end, datetime.min.time())
    edge = rng.random()
    if edge < 0.1:
        return start
    if edge < 0.2:
        return end - timedelta(microseconds=1)
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


@dataclass(frozen=True)
class World:
    self_advocates: list[int]  # both versions
    family_carers: int
    areas: list[int]
    answers: int


def _generate(db: Session) -> World:
    """Responses over seven quarters, answered through `record_answer` (some answers changed
    afterwards, some responses with no answers at all)."""
    rng = random.Random(20261124)
    areas = [Area(name=f"Equivalence area {n}") for n in range(AREAS)]
    staff = facilitator("equivalence")
    db.add_all([*areas, staff])
    content = BANK.questionnaires["self-advocates"]
    first = questionnaire_row(db, "self-advocates", content.version)
    carers = BANK.questionnaires["family-carers"]
    family = questionnaire_row(db, "family-carers", carers.version)
    assert first is not None and family is not None
    shorter = content.statement_ids[2:]  # a second version without its first two statements
    second = Questionnaire(
        slug=first.slug,
        version=first.version + 1,
        audience=first.audience,
        title=first.title,
        retention_months=first.retention_months,
        items=[QuestionnaireItem(position=n, statement_id=s) for n, s in enumerate(shorter)],
    )
    db.add(second)
    db.flush()
    forms = {first.id: content.statement_ids, second.id: shorter, family.id: carers.statement_ids}
    quarters = _quarters()
    sessions: list[GroupSession] = []
    for index, quarter in enumerate(quarters):
        for area in areas[index % 3 :: 3]:
            day = quarter.start + timedelta(days=rng.randrange(80))
            sessions.append(
                GroupSession(
                    join_code=f"{rng.randrange(10**6):06d}",
                    group_name="Equivalence group",
                    area_id=area.id,
                    questionnaire_id=rng.choice((first.id, second.id)),
                    session_date=day,
                    facilitator_id=staff.id,
                    opened_at=datetime.combine(day, datetime.min.time()),
                )
            )
    db.add_all(sessions)
    db.flush()
    answered = 0
    for _ in range(RESPONSES):
        questionnaire = rng.choices(list(forms), (2, 1, 1))[0]
        session = rng.choice(sessions) if rng.random() < 0.4 else None
        place = session.area_id if session else rng.choice([*(a.id for a in areas), None])
        quarter = Quarter.of(session.session_date) if session else rng.choice(quarters)
        response = Response(
            token=secrets.token_urlsafe(12),
            questionnaire_id=questionnaire,
            language=rng.choice(("en", "cy", "pl")),
            answered_by=rng.choice(ANSWERED_BY),
            area_id=place,
            session_id=session.id if session else None,
            started_at=_moment(rng, quarter),
        )
        db.add(response)
        db.flush()
        statements = forms[questionnaire]
        for statement_id in statements[: rng.randrange(len(statements) + 1)]:
            statement = BANK.statements[statement_id]
            record_answer(db, response, statement, rng.choice(statement.answers))
            answered += 1
            if rng.random() < 0.1:  # changed their mind
                record_answer(db, response, statement, rng.choice(statement.answers))
    return World([first.id, second.id], family.id, [a.id for a in areas], answered)


@pytest.fixture
def world(db_session: Session) -> World:
    made = _generate(db_session)
    assert db_session.scalar(select(func.count(Answer.id))) == made.answers > 1000
    return made


def _periods() -> list[tuple[date, date]]:
    quarters = _quarters()
    found = [(q.start, q.end) for q in quarters]
    found += [(q.start, q.next().end) for q in quarters]  # a report and the quarter before it
    found += [(FIRST.start, LAST.end), (date(2024, 1, 1), date(2024, 4, 1))]  # all; none
    return found


def test_counts_equal_the_counts_joined_from_responses(db_session: Session, world: World) -> None:
    first, second = world.self_advocates
    choices: tuple[list[int], ...] = (
        [first],
        [second],
        world.self_advocates,
        [world.family_carers],
        [],
    )
    compared = people = 0
    for ids in choices:
        for start, end in _periods():
            reference = reference_cube(db_session, ids, start, end)
            assert answer_cube(db_session, ids, start, end) == reference, (ids, start, end)
            compared += sum(cell.count for cell in reference.values())
            reference = reference_people(db_session, ids, start, end)
            assert people_cube(db_session, ids, start, end) == reference, (ids, start, end)
            people += sum(cell.count for cell in reference.values())
    whole = reference_cube(db_session, world.self_advocates, FIRST.start, LAST.end)
    assert len(whole) > 500, "many small groups: areas, who, place, quarters"
    assert {entry.place for entry in whole} == {"home", "session"}
    assert {entry.who for entry in whole} == set(ANSWERED_BY)
    assert {entry.area for entry in whole} == {*world.areas, None}
    assert compared > 3 * world.answers
    unanswered = select(func.count(Response.id)).where(~Response.has_answers)
    assert (db_session.scalar(unanswered) or 0) > 10, "some gave no answer: not counted"
    assert people > RESPONSES


def test_counted_quarters_hold_the_same_counts_and_keys(db_session: Session, world: World) -> None:
    """Each quarter counted once (QuarterCount) holds what the reference queries count from the
    answers joined to their responses, for any choice of questionnaires; reports add these up."""
    quarters = _quarters()
    ensure_counted(db_session, quarters, date(2026, 12, 1), 7)
    choices = ([world.self_advocates[0]], world.self_advocates, [world.family_carers])
    for ids in choices:
        for quarter in quarters:
            reference = reference_cube(db_session, ids, quarter.start, quarter.end)
            assert counted_cube(db_session, "answer", ids, [quarter]) == reference, (ids, quarter)
            people = reference_people(db_session, ids, quarter.start, quarter.end)
            assert counted_cube(db_session, "people", ids, [quarter]) == people, (ids, quarter)
    filters = ReportFilters("self-advocates", Quarter(2026, 1), Quarter(2026, 1))
    report = results.build_report(db_session, BANK, filters, PTABLE, made_at=MADE_AT)
    assert report.people.enough, "a report is added up from the counted quarter"


def test_answers_are_grouped_in_the_order_of_their_index() -> None:
    """So the database can read the index entries of one questionnaire already grouped."""
    (index,) = [i for i in Answer.metadata.tables["answer"].indexes if i.name == "ix_answer_report"]
    columns = ["questionnaire_id", *(k.key for k in ANSWER_KEYS), "record_key"]
    assert [c.name for c in index.columns] == columns


def test_only_whole_quarters_are_counted(db_session: Session) -> None:
    ids = questionnaire_ids(db_session, "self-advocates", None)
    with pytest.raises(ValueError, match="whole quarters"):
        answer_cube(db_session, ids, date(2026, 2, 1), date(2026, 4, 1))
