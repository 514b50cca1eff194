""" "This is not about me" in reports: its own answer everywhere (counts, table, chart, CSV,
the public page), never mixed with "Not sure", and out of the share of good answers, which
counts only the people a statement is about. Published by the ONS 10/5 rule, so the figures
are written out by hand; on a small bank and database of the test's own."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy.orm import Session

from portal.happened.services import said_note, said_sentence
from portal.reports.charts import stacked_bar, style_of
from portal.reports.figures import from_figures, to_figures
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, StatementResult, build_report, trend
from portal.reports.services import figure_rows
from portal.shared.answers import ANSWER_VALUES
from tests.reports.fixtures import PTABLE
from tests.reports.own_content import (
    HOSPITAL,
    SLUG,
    add_answers,
    add_questionnaire,
    questionnaire,
    small_bank,
    statement,
)

HOME = statement("own-home", "I like where I live.")
BANK = small_bank([HOSPITAL, HOME], [questionnaire((HOSPITAL.id, HOME.id))])
Q3 = Quarter(2026, 3)
IN_Q3 = datetime(2026, 8, 12, 14)
MADE_AT = datetime(2026, 11, 20, 9)


def _report(db: Session) -> ReportResult:
    return build_report(db, BANK, ReportFilters(SLUG, Q3, Q3), PTABLE, made_at=MADE_AT)


def _statement(report: ReportResult, statement_id: str) -> StatementResult:
    return next(s for t in report.themes for s in t.statements if s.id == statement_id)


def _with_hospital_answers(db: Session) -> int:
    questionnaire_id = add_questionnaire(db, BANK, BANK.questionnaires[SLUG])
    add_answers(db, questionnaire_id, {HOSPITAL.id: "yes", HOME.id: "yes"}, 12, IN_Q3)
    add_answers(db, questionnaire_id, {HOSPITAL.id: "no", HOME.id: "yes"}, 3, IN_Q3)
    add_answers(db, questionnaire_id, {HOSPITAL.id: "not_about_me", HOME.id: "no"}, 15, IN_Q3)
    return questionnaire_id


def identity(message: str, **values: object) -> str:
    """gettext for English."""
    return message % values if values else message


def test_the_share_of_yes_counts_only_the_people_the_statement_is_about(
    own_db: Session,
) -> None:
    _with_hospital_answers(own_db)
    hospital = _statement(_report(own_db), HOSPITAL.id)
    assert hospital.now.counts == {
        "yes": 10,  # 12
        "sometimes": None,
        "no": None,  # 3
        "not_sure": None,
        "not_about_me": 15,  # its own answer, not "Not sure"
        "prefer_not": None,
    }
    assert (hospital.now.total, hospital.now.about) == (30, 15)  # 30 answered; 15 it is about
    assert hospital.good_share == 67, "10 of the 15 it is about, not 10 of 30"
    assert hospital.sentence == "About 7 out of 10 people said Yes."
    assert hospital.left_out == (
        'About 15 people said "This is not about me". The "out of 10" and the good answer\'s '
        "share count only the people this statement is about."
    )
    home = _statement(_report(own_db), HOME.id)
    assert home.now.about == home.now.total == 30 and home.left_out is None, "nobody said it"
    assert home.sentence == "About 5 out of 10 people said Yes."  # 15 of 30


def test_the_note_shows_only_what_published_values_show(own_db: Session) -> None:
    questionnaire_id = add_questionnaire(own_db, BANK, BANK.questionnaires[SLUG])
    add_answers(own_db, questionnaire_id, {HOSPITAL.id: "yes"}, 20, IN_Q3)
    add_answers(own_db, questionnaire_id, {HOSPITAL.id: "not_about_me"}, 2, IN_Q3)
    hospital = _statement(_report(own_db), HOSPITAL.id)
    # 22 in all and 20 it is about both round to 20: nothing published shows the 2, so no
    # note may (saying "some" would tell apart 0 and a few people, as "fewer than 10" never does)
    assert hospital.now.counts["not_about_me"] is None
    assert hospital.now.total == hospital.now.about == 20
    assert hospital.left_out is None


def test_when_few_people_a_statement_is_about_no_share_is_shown(own_db: Session) -> None:
    questionnaire_id = add_questionnaire(own_db, BANK, BANK.questionnaires[SLUG])
    add_answers(own_db, questionnaire_id, {HOSPITAL.id: "yes"}, 4, IN_Q3)
    add_answers(own_db, questionnaire_id, {HOSPITAL.id: "not_about_me"}, 30, IN_Q3)
    hospital = _statement(_report(own_db), HOSPITAL.id)
    assert hospital.now.total == 35 and hospital.now.about is None  # 34; 4
    assert hospital.good_share is None
    assert hospital.sentence == "Fewer than 10 people said this is about them."
    assert hospital.left_out is not None and hospital.left_out.startswith("About 30 people")


def test_the_public_page_says_the_share_of_people_it_is_about(own_db: Session) -> None:
    _with_hospital_answers(own_db)
    report = _report(own_db)
    hospital, home = _statement(report, HOSPITAL.id), _statement(report, HOME.id)
    assert said_sentence(hospital, identity) == "7 out of 10 people said Yes."
    assert said_note(hospital, identity) == "We counted only the people this question is about."
    assert said_note(home, identity) is None


def test_the_csv_and_stored_figures_keep_the_answer_and_its_denominator(
    own_db: Session,
) -> None:
    _with_hospital_answers(own_db)
    report = _report(own_db)
    rows = [r for r in figure_rows(report) if r["statement"] == HOSPITAL.id]
    assert [r["answer"] for r in rows] == list(ANSWER_VALUES)
    assert {r["answer"]: r["count"] for r in rows}["not_about_me"] == 15
    assert {(r["total"], r["about"]) for r in rows} == {(30, 15)}
    assert from_figures(to_figures(report)) == report


def test_figures_stored_before_the_answer_existed_still_read() -> None:
    """A report stored before "This is not about me" has no `about`: its shares were out of
    the total, and still are."""
    row = {"counts": {"yes": 15, "no": 10}, "total": 25}
    data = {
        "filters": ReportFilters(SLUG, Q3, Q3).to_dict(),
        "threshold": 10,
        "ptable": "ons-10-5",
        "title": "Old",
        "people": {"counts": {"people": 25}, "total": 25},
        "themes": [
            {
                "id": "t",
                "name": "T",
                "statements": [
                    {
                        "id": "s",
                        "text": "S",
                        "picture": "p",
                        "good_answer": "yes",
                        "now": row,
                        "before": row,
                    }
                ],
            }
        ],
        "breakdowns": [],
        "safety": {"raised": None, "followed_up": None},
        "made_at": "2026-10-20T09:00:00",
    }
    old = from_figures(data)
    statement_result = old.themes[0].statements[0]
    assert statement_result.now.about == 25 and statement_result.good_share == 60
    assert old.pairs == () and "about" in asdict(statement_result.now)


def test_the_chart_gives_the_answer_its_own_light_fill_and_pattern(own_db: Session) -> None:
    _with_hospital_answers(own_db)
    hospital = _statement(_report(own_db), HOSPITAL.id)
    segments = {s.value: s for s in stacked_bar(hospital.now, 10)}
    assert set(segments) >= {"yes", "not_about_me"}
    apart = segments["not_about_me"]
    styles = {style_of(value, "yes") for value in ANSWER_VALUES if value != "not_about_me"}
    assert (apart.fill, apart.pattern) not in styles
    assert apart.pattern not in {pattern for _fill, pattern in styles}, "a pattern of its own"
    assert style_of("not_about_me", "no") == style_of("not_about_me", "yes")
    assert apart.word == "This is not about me" and not apart.dark


def test_the_trend_leaves_it_out_of_each_quarters_share(own_db: Session) -> None:
    _with_hospital_answers(own_db)
    found = trend(
        own_db, BANK, ReportFilters(SLUG, Q3, Q3), PTABLE, quarters=2, today=MADE_AT.date()
    )
    assert found[HOSPITAL.id] == [("2026-Q2", None), ("2026-Q3", 67)]
