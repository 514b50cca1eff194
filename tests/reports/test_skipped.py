"""Skipped questions in reports: kept apart from the answers (in no total, share, "out of 10" or
column), said in a note of their own, and published through the same perturbation as every
other cell, so no difference of two published values gives the true number who skipped. On a
small bank and database of the test's own."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.reports.cube import counted_cube
from portal.reports.disclosure import Cell
from portal.reports.figures import from_figures, to_figures
from portal.reports.filters import ReportFilters
from portal.reports.results import ReportResult, StatementResult, build_report
from portal.reports.services import CSV_COLUMNS, figure_rows
from portal.respond.models import Answer
from portal.shared.answers import ANSWER_VALUES, SKIPPED
from tests.reports.fixtures import DEFAULT_PTABLE, PTABLE
from tests.reports.own_content import SLUG, add_answers, add_questionnaire
from tests.reports.test_not_about_me import BANK, HOME, HOSPITAL, IN_Q3, MADE_AT, Q3


def _report(db: Session, ptable=PTABLE) -> ReportResult:  # type: ignore[no-untyped-def]
    return build_report(db, BANK, ReportFilters(SLUG, Q3, Q3), ptable, made_at=MADE_AT)


def _home(report: ReportResult) -> StatementResult:
    return next(s for t in report.themes for s in t.statements if s.id == HOME.id)


def _people(db: Session, answered: int, skipped: int) -> None:
    questionnaire_id = add_questionnaire(db, BANK, BANK.questionnaires[SLUG])
    add_answers(db, questionnaire_id, {HOSPITAL.id: "yes", HOME.id: "yes"}, answered, IN_Q3)
    add_answers(db, questionnaire_id, {HOSPITAL.id: "yes", HOME.id: SKIPPED}, skipped, IN_Q3)


def test_skipped_people_are_in_no_total_share_or_column(own_db: Session) -> None:
    _people(own_db, answered=20, skipped=14)
    home = _home(_report(own_db))
    assert SKIPPED not in home.now.counts
    assert home.now.counts["yes"] == 20
    assert (home.now.total, home.now.about) == (20, 20), "the 14 who skipped are not answers"
    assert home.good_share == 100
    assert home.sentence == "About 10 out of 10 people said Yes."
    assert home.now.skipped == 15  # 14, published by the 10/5 rule like any cell
    assert home.skipped_note == (
        "About 15 people skipped this question. They are not in the answers above."
    )


def test_a_few_skipped_are_not_mentioned_at_all(own_db: Session) -> None:
    _people(own_db, answered=20, skipped=3)
    home = _home(_report(own_db))
    # "fewer than 10 skipped" would tell apart nobody and a few people: nothing is said
    assert home.now.skipped is None and home.skipped_note is None
    assert home.now.total == 20


def test_the_skipped_count_cannot_be_worked_out_by_subtraction(own_db: Session) -> None:
    _people(own_db, answered=23, skipped=13)
    report = _report(own_db, DEFAULT_PTABLE)  # random rounding by each cell's key
    home = _home(report)
    people = report.people.total
    assert people is not None and home.now.total is not None and home.now.skipped is not None
    # everything published is a multiple of 5: 13 is never shown, nor any difference of 13
    published = [people, home.now.total, home.now.about, home.now.skipped]
    assert all(value % 5 == 0 for value in published if value is not None)
    assert people - home.now.total != 13
    assert 13 not in published
    # the skipped value is its own cell's, looked up with its records' keys (the perturbation)
    cube = counted_cube(own_db, "answer", None, [Q3])
    cell = sum((c for e, c in cube.items() if e.statement == HOME.id and e.key == SKIPPED), Cell())
    assert cell.count == 13
    assert home.now.skipped == DEFAULT_PTABLE.published(cell)
    answered = sum(
        (c for e, c in cube.items() if e.statement == HOME.id and e.key != SKIPPED), Cell()
    )
    assert home.now.total == DEFAULT_PTABLE.published(answered), "skipped in no total"


def test_the_csv_keeps_skipped_in_a_column_of_its_own(own_db: Session) -> None:
    _people(own_db, answered=20, skipped=14)
    report = _report(own_db)
    rows = figure_rows(report)
    assert "skipped" in CSV_COLUMNS
    home_rows = [r for r in rows if r["statement"] == HOME.id]
    assert [r["answer"] for r in home_rows] == list(ANSWER_VALUES), "never an answer row"
    assert {r["skipped"] for r in home_rows} == {15}
    assert {r["total"] for r in home_rows} == {20}
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    assert "skipped" in next(csv.reader(io.StringIO(out.getvalue())))
    assert from_figures(to_figures(report)) == report  # stored figures keep it


def test_the_answers_really_are_stored_as_skipped(own_db: Session) -> None:
    _people(own_db, answered=1, skipped=2)
    values = own_db.scalars(select(Answer.value).where(Answer.statement_id == HOME.id)).all()
    assert sorted(values) == [SKIPPED, SKIPPED, "yes"]
