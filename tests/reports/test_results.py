"""Reports against hand-counted answers: counts, shares, direction, change, who took part."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, StatementResult, build_report
from tests.reports.fixtures import add_area, add_people

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
YES_GOOD = next(s for s in QUESTIONS if BANK.statements[s].direction == "yes_good")
NO_GOOD = next(s for s in QUESTIONS if BANK.statements[s].direction == "no_good")
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
IN_Q2, IN_Q3 = datetime(2026, 5, 10, 11), datetime(2026, 8, 12, 14)


def statement(report: ReportResult, statement_id: str) -> StatementResult:
    return next(s for t in report.themes for s in t.statements if s.id == statement_id)


def report(db: Session, **filters: object) -> ReportResult:
    chosen = {"questionnaire": "self-advocates", "first": Q3, "last": Q3} | filters
    return build_report(db, BANK, ReportFilters(**chosen), threshold=5)  # type: ignore[arg-type]


def test_counts_shares_and_sentences_match_a_hand_count(db_session: Session) -> None:
    north = add_area(db_session, "North")
    add_people(db_session, {YES_GOOD: "yes", NO_GOOD: "no"}, 7, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "no", NO_GOOD: "yes"}, 5, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "sometimes"}, 8, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "yes"}, 20, IN_Q2, north)  # another quarter
    result = report(db_session)
    yes_good = statement(result, YES_GOOD)
    assert yes_good.now.counts == {
        "yes": 7,
        "sometimes": 8,
        "no": 5,
        "not_sure": 0,
        "prefer_not": 0,
    }
    assert yes_good.now.total == 20 and yes_good.good_share == 35
    assert yes_good.sentence == "4 out of 10 people said Yes."  # 7 of 20 is 3.5 -> 4
    no_good = statement(result, NO_GOOD)
    assert no_good.good_answer == "no", "No is the good answer for this statement"
    assert no_good.now.counts["no"] == 7 and no_good.now.counts["yes"] == 5
    assert no_good.good_share == 58  # 7 of 12
    assert no_good.sentence == "6 out of 10 people said No."
    assert yes_good.before.counts["yes"] == 20 and yes_good.change == 35 - 100
    assert result.people.counts == {"*people*": 20}


def test_filters_by_area_who_and_place(db_session: Session) -> None:
    north, south = add_area(db_session, "North"), add_area(db_session, "South")
    add_people(db_session, {YES_GOOD: "yes"}, 6, IN_Q3, north, "own")
    add_people(db_session, {YES_GOOD: "no"}, 5, IN_Q3, south, "own")
    add_people(db_session, {YES_GOOD: "yes"}, 5, IN_Q3, south, "on_behalf")
    assert statement(report(db_session, area=north), YES_GOOD).now.counts["yes"] == 6
    south_result = statement(report(db_session, area=south), YES_GOOD).now
    assert (south_result.counts["yes"], south_result.counts["no"]) == (5, 5)
    on_behalf = statement(report(db_session, who="on_behalf"), YES_GOOD).now
    assert on_behalf.counts["yes"] == 5 and on_behalf.total == 5
    assert statement(report(db_session, place="session"), YES_GOOD).now.enough is False
    assert statement(report(db_session, place="home"), YES_GOOD).now.total == 16


def test_who_took_part_hides_small_groups_and_names_gaps(db_session: Session) -> None:
    add_people(db_session, {YES_GOOD: "yes"}, 9, IN_Q3, who="own", language="en")
    add_people(db_session, {YES_GOOD: "yes"}, 2, IN_Q3, who="with_help", language="cy")
    result = report(db_session)
    who = next(b for b in result.breakdowns if b.title == "Who answered")
    assert who.counts.counts["with_help"] is None, "2 people is too few to show"
    assert who.counts.counts["own"] is None, "or 11 - 9 would show it"
    assert any("Family members and carers: nobody took part." == gap for gap in who.gaps)
    language = next(b for b in result.breakdowns if b.title == "Language")
    assert language.counts.counts["cy"] is None


def test_an_individual_answer_never_appears_without_enough_people(db_session: Session) -> None:
    add_people(db_session, {YES_GOOD: "no"}, 1, IN_Q3)
    add_people(db_session, {YES_GOOD: "yes"}, 3, IN_Q3)
    result = statement(report(db_session), YES_GOOD)
    assert not result.now.enough and result.sentence == "Not enough answers to show."
    assert set(result.now.counts.values()) == {None}
