"""Saying yes to everything, measured: for each mirrored pair (one idea asked both ways) a
report says how many of the people who answered both said Yes to both, counted once a quarter
by one GROUP BY and published like every other count. On a bank and database of the test's
own; figures by the ONS 10/5 rule, written out by hand."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.reports.cube import ANSWERED, YES_BOTH, Entry, pair_cube, pair_name
from portal.reports.figures import from_figures, to_figures
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import PairResult, ReportResult, build_report
from portal.reports.services import PAIRS_THEME, figure_rows
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY
from tests.reports.fixtures import PTABLE, add_area
from tests.reports.own_content import (
    DECIDE,
    LET,
    SLUG,
    add_answers,
    add_questionnaire,
    questionnaire,
    small_bank,
    statement,
)

OTHER = statement("own-other", "I like where I live.")
PAIR = (LET.id, DECIDE.id)
BANK = small_bank(
    [LET, DECIDE, OTHER],
    [questionnaire((LET.id, OTHER.id, DECIDE.id), version=2, mirrored=(PAIR,))],
)
Q3 = Quarter(2026, 3)
IN_Q3 = datetime(2026, 8, 12, 14)
MADE_AT = datetime(2026, 11, 20, 9)


def _report(db: Session, **filters: Any) -> ReportResult:
    chosen = ReportFilters(SLUG, Q3, Q3, **filters)
    return build_report(db, BANK, chosen, PTABLE, made_at=MADE_AT)


@pytest.fixture
def asked(own_db: Session) -> int:
    """The questionnaire asking the pair, stored: its id."""
    return add_questionnaire(own_db, BANK, BANK.questionnaires[SLUG])


def _answer(db: Session, asked: int, let: str, decide: str, n: int, **details: Any) -> None:
    add_answers(db, asked, {LET.id: let, DECIDE.id: decide}, n, IN_Q3, **details)


def test_the_report_says_how_many_of_those_who_answered_both_said_yes_to_both(
    own_db: Session, asked: int
) -> None:
    _answer(own_db, asked, "yes", "yes", 12)  # yes to both
    _answer(own_db, asked, "yes", "no", 9)
    _answer(own_db, asked, "no", "yes", 5)
    _answer(own_db, asked, "yes", "prefer_not", 6)  # did not answer both: not counted
    _answer(own_db, asked, "not_about_me", "yes", 4)
    (pair,) = _report(own_db).pairs
    assert (pair.first, pair.second) == PAIR
    assert (pair.answered, pair.yes_both) == (25, 10)  # 26 answered both; 12 said Yes to both
    assert pair.sentence == (
        'Said Yes to both "Staff let me decide." and "Staff decide for me.": about 4 out of 10 '
        "of the people who answered both. Some people say yes to everything; read their other "
        "answers with care."
    )


def test_few_people_are_never_shown(own_db: Session, asked: int) -> None:
    _answer(own_db, asked, "yes", "yes", 3)
    _answer(own_db, asked, "no", "no", 4)
    (pair,) = _report(own_db).pairs
    assert (pair.answered, pair.yes_both) == (None, None)
    assert pair.sentence == (
        '"Staff let me decide." and "Staff decide for me.": fewer than 10 people answered both.'
    )
    _answer(own_db, asked, "no", "yes", 20)
    again = _report(own_db).pairs[0]
    assert again == pair, "the quarter was counted once"


def test_few_saying_yes_to_both_among_many_are_not_shown(own_db: Session, asked: int) -> None:
    _answer(own_db, asked, "yes", "yes", 2)
    _answer(own_db, asked, "yes", "no", 30)
    (pair,) = _report(own_db).pairs
    assert (pair.answered, pair.yes_both) == (30, None)  # 32; 2
    assert "fewer than 10 of the about 30 people who answered both" in pair.sentence


def test_the_pair_follows_the_reports_filters(own_db: Session, asked: int) -> None:
    north, south = add_area(own_db, "North"), add_area(own_db, "South")
    _answer(own_db, asked, "yes", "yes", 11, area=north)
    _answer(own_db, asked, "yes", "yes", 14, area=south, who="on_behalf")
    assert _report(own_db, area=north).pairs[0].yes_both == 10
    assert _report(own_db, who="on_behalf").pairs[0].yes_both == 15
    assert _report(own_db).pairs[0].yes_both == 25


def test_pairs_are_in_the_csv_and_the_stored_figures(own_db: Session, asked: int) -> None:
    _answer(own_db, asked, "yes", "yes", 12)
    report = _report(own_db)
    rows = [r for r in figure_rows(report) if r["theme"] == PAIRS_THEME]
    assert [(r["statement"], r["answer"], r["count"]) for r in rows] == [
        (pair_name(PAIR), ANSWERED, 10),
        (pair_name(PAIR), YES_BOTH, 10),
    ]
    assert from_figures(to_figures(report)).pairs == report.pairs
    assert isinstance(report.pairs[0], PairResult)


def test_a_pair_the_reported_versions_did_not_ask_is_not_shown(own_db: Session) -> None:
    older = questionnaire((LET.id, OTHER.id), version=1)  # DECIDE came in version 2
    add_questionnaire(own_db, BANK, older)
    report = build_report(
        own_db, BANK, ReportFilters(SLUG, Q3, Q3, version=1), PTABLE, made_at=MADE_AT
    )
    assert report.pairs == ()


def test_pairs_are_counted_by_one_grouped_query_equal_to_counting_by_hand(
    own_db: Session, asked: int
) -> None:
    """Random answers to both statements (some people answer one only): the counts equal a
    count made person by person, from one SQL statement."""
    rng = random.Random(14)
    areas = [add_area(own_db, f"Area {n}") for n in range(3)]
    expected: dict[Entry, int] = {}
    questionnaire_id = asked
    for _ in range(150):
        answers = {s: rng.choice(ANSWER_VALUES) for s in PAIR if rng.random() < 0.9}
        area, who = rng.choice([*areas, None]), rng.choice(ANSWERED_BY)
        add_answers(own_db, questionnaire_id, answers, 1, IN_Q3, area, who)
        values = [answers.get(s) for s in PAIR]
        if all(v not in (None, "not_about_me", "prefer_not") for v in values):
            for key in (ANSWERED, *([YES_BOTH] if values == ["yes", "yes"] else [])):
                entry = Entry(pair_name(PAIR), key, area, who, "home", Q3)
                expected[entry] = expected.get(entry, 0) + 1
    statements: list[str] = []

    def seen(*args: Any) -> None:
        statements.append(args[2])

    engine = own_db.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        cube = pair_cube(own_db, [questionnaire_id], Q3.start, Q3.end, [PAIR])
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert {entry: cell.count for entry, cell in cube.items()} == expected
    assert len(statements) == 1 and "GROUP BY" in statements[0]
    assert pair_cube(own_db, [questionnaire_id], Q3.start, Q3.end) == {}, "no pairs, no count"
