"""Reports against hand-counted answers, published by the ONS 10/5 rule (counts under 10 not
shown, the rest rounded to the nearest 5): counts, shares, words, direction, change, who took
part, and figures that never change once a quarter is counted."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.reports.charts import describe, stacked_bar
from portal.reports.cube import NotCountable, count_quarter, countable
from portal.reports.disclosure import out_of
from portal.reports.filters import ReportFilters
from portal.reports.models import CountedQuarter
from portal.reports.periods import Quarter
from portal.reports.results import (
    ReportResult,
    Row,
    StatementResult,
    build_report,
    ensure_counted,
    sentence,
)
from tests.conftest import USING_POSTGRES
from tests.reports.fixtures import PTABLE, add_area, add_people

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
    return build_report(db, BANK, ReportFilters(**chosen), PTABLE)  # type: ignore[arg-type]


def test_published_counts_shares_and_sentences_match_a_hand_count(db_session: Session) -> None:
    north = add_area(db_session, "North")
    add_people(db_session, {YES_GOOD: "yes", NO_GOOD: "no"}, 14, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "no", NO_GOOD: "yes"}, 10, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "sometimes"}, 16, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "not_sure"}, 3, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "yes"}, 21, IN_Q2, north)  # the quarter before
    result = report(db_session)
    yes_good = statement(result, YES_GOOD)
    assert yes_good.now.counts == {
        "yes": 15,  # 14
        "sometimes": 15,  # 16
        "no": 10,
        "not_sure": None,  # 3: fewer than 10
        "not_about_me": None,
        "prefer_not": None,  # 0: fewer than 10 too, so that 0 and 1 look the same
    }
    assert yes_good.now.total == 45  # 43
    assert yes_good.good_share == 33  # 15 of 45, from the published numbers
    assert yes_good.sentence == "About 3 out of 10 people said Yes."
    no_good = statement(result, NO_GOOD)
    assert no_good.good_answer == "no", "No is the good answer for this statement"
    assert (no_good.now.counts["no"], no_good.now.counts["yes"], no_good.now.total) == (15, 10, 25)
    assert no_good.sentence == "About 6 out of 10 people said No."  # 15 of 25
    assert yes_good.before.counts["yes"] == 20 and yes_good.before.total == 20  # 21
    assert yes_good.change == 33 - 100
    assert result.people.counts == {"people": 45} and result.people.total == 45


def test_sentences_say_only_what_the_published_numbers_say() -> None:
    def row(yes: int | None, total: int | None) -> Row:
        return Row({"yes": yes, "no": None}, total, total)

    assert sentence(row(None, None), "yes", 10) == "Fewer than 10 people answered."
    assert sentence(row(None, 40), "yes", 10) == "Fewer than 10 people said Yes."
    assert sentence(row(120, 125), "yes", 10) == "More than 9 out of 10 people said Yes."
    assert sentence(row(125, 125), "yes", 10) == "About 10 out of 10 people said Yes."
    assert sentence(row(10, 250), "yes", 10) == "Fewer than 1 in 10 people said Yes."
    assert sentence(row(15, 20), "yes", 10) == "About 8 out of 10 people said Yes."  # 7.5 up
    assert sentence(row(25, 20), "yes", 10) == "About 10 out of 10 people said Yes."
    assert out_of(85, 100, 10) == 9 and out_of(5, 20, 10) == 3  # half up, not to even


def test_filters_by_area_who_and_place(db_session: Session) -> None:
    north, south = add_area(db_session, "North"), add_area(db_session, "South")
    add_people(db_session, {YES_GOOD: "yes"}, 16, IN_Q3, north, "own")
    add_people(db_session, {YES_GOOD: "no"}, 10, IN_Q3, south, "own")
    add_people(db_session, {YES_GOOD: "yes"}, 12, IN_Q3, south, "on_behalf")
    assert statement(report(db_session, area=north), YES_GOOD).now.counts["yes"] == 15
    south_result = statement(report(db_session, area=south), YES_GOOD).now
    assert (south_result.counts["yes"], south_result.counts["no"]) == (10, 10)
    on_behalf = statement(report(db_session, who="on_behalf"), YES_GOOD).now
    assert on_behalf.counts["yes"] == 10 and on_behalf.total == 10
    assert statement(report(db_session, place="session"), YES_GOOD).now.enough is False
    assert statement(report(db_session, place="home"), YES_GOOD).now.total == 40  # 38


def test_who_took_part_shows_published_groups_and_a_narrowed_report_only_its_own(
    db_session: Session,
) -> None:
    north, south = add_area(db_session, "North"), add_area(db_session, "South")
    add_people(db_session, {YES_GOOD: "yes"}, 19, IN_Q3, north, who="own", language="en")
    add_people(db_session, {YES_GOOD: "yes"}, 2, IN_Q3, south, who="with_help", language="cy")
    result = report(db_session)
    who = next(b for b in result.breakdowns if b.title == "Who answered")
    assert who.counts.counts == {
        "own": 20,
        "with_help": None,
        "on_behalf": None,
        "family_carer": None,
    }
    assert "Family members and carers: fewer than 10 people took part." in who.gaps
    language = next(b for b in result.breakdowns if b.title == "Language")
    assert language.counts.counts["cy"] is None and language.counts.counts["en"] == 20
    narrowed = report(db_session, area=north)
    area = next(b for b in narrowed.breakdowns if b.title == "Area")
    assert area.labels == {str(north): "North"} and not area.gaps
    assert "South" not in str(narrowed), "a report on North never names South"


def test_an_individual_answer_never_appears_without_enough_people(db_session: Session) -> None:
    add_people(db_session, {YES_GOOD: "no"}, 1, IN_Q3)
    add_people(db_session, {YES_GOOD: "yes"}, 3, IN_Q3)
    result = statement(report(db_session), YES_GOOD)
    assert not result.now.enough and result.sentence == "Fewer than 10 people answered."
    assert set(result.now.counts.values()) == {None}


def test_a_counted_quarter_never_changes(db_session: Session) -> None:
    add_people(db_session, {YES_GOOD: "yes"}, 12, IN_Q3)
    first = report(db_session)
    add_people(db_session, {YES_GOOD: "no"}, 30, IN_Q3)  # a late answer to July to September
    assert report(db_session).themes == first.themes, "Q3 was counted once, with the first report"


def test_a_quarter_is_counted_only_once_it_has_ended_long_enough_ago(db_session: Session) -> None:
    today = Quarter.of(date.today())
    with pytest.raises(NotCountable):
        report(db_session, first=today, last=today)
    assert countable(Q3, date(2026, 10, 8), 7) and not countable(Q3, date(2026, 10, 6), 7)


def test_chart_colours_follow_the_meaning_not_the_word() -> None:
    counts = {"yes": 10, "sometimes": None, "no": 30, "not_sure": None, "prefer_not": None}
    row = Row(counts, 40, 40)
    lonely = {s.value: s.fill for s in stacked_bar(row, 10, good_answer="no")}
    safe = {s.value: s.fill for s in stacked_bar(row, 10, good_answer="yes")}
    assert lonely["no"] == safe["yes"] and lonely["yes"] == safe["no"] != safe["yes"]
    assert "No (the good answer): about 30" in describe(row, 10, good_answer="no")
    assert "Yes (the good answer): about 10" in describe(row, 10)


@pytest.mark.skipif(not USING_POSTGRES, reason="SQLite lets one writer in at a time")
def test_two_reports_counting_one_quarter_at_once_keep_one_count(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    with Session(engine) as db, db.begin():
        add_people(db, {YES_GOOD: "yes"}, 12, IN_Q3)
    errors: list[BaseException] = []

    def second() -> None:  # waits at the primary key until the first commits, then gives way
        try:
            with Session(engine) as db, db.begin():
                ensure_counted(db, [Q3], date(2026, 12, 1), 7)
        except BaseException as error:  # noqa: BLE001  # reported below
            errors.append(error)

    with Session(engine) as first:
        count_quarter(first, Q3)  # counted, not yet committed
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)
        first.commit()
    other.join(timeout=30)
    assert not errors
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(CountedQuarter)) == 1
        assert statement(report(db), YES_GOOD).now.counts["yes"] == 10
