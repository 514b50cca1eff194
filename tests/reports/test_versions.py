"""A report shows the statements its questionnaire versions asked (their stored items), not
today's content: the newest version's in its order, then those only older versions asked, a
retired statement in its old words, and one the content no longer has in the words the
statement table kept. The trend follows the same statements. On a bank and database of the
test's own, so it holds whatever the real content becomes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from portal.content.bank import Bank
from portal.happened.services import Findings, story
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, build_report, trend
from tests.reports.fixtures import PTABLE
from tests.reports.own_content import (
    SLUG,
    add_answers,
    add_questionnaire,
    questionnaire,
    retire,
    small_bank,
    statement,
)

KEPT = statement("own-kept", "People listen to me.")
DROPPED = statement("own-dropped", "I get the support I need.")
GONE = statement("own-gone", "I choose my own clothes.")
NEW = statement("own-new", "I feel lonely.", direction="no_good")
VERSION_1 = questionnaire((KEPT.id, DROPPED.id, GONE.id), version=1)
VERSION_2 = questionnaire((NEW.id, KEPT.id), version=2)
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
IN_Q2, IN_Q3 = datetime(2026, 5, 10, 11), datetime(2026, 8, 12, 14)
MADE_AT = datetime(2026, 11, 20, 9)


def _today(db: Session) -> Bank:
    """Content as it is now: version 2, DROPPED retired, GONE taken out of the bank, and the
    words of KEPT changed in place (a report shows the content's words for what it still has)."""
    then = small_bank([KEPT, DROPPED, GONE, NEW], [VERSION_1])
    first = add_questionnaire(db, then, VERSION_1)
    second = add_questionnaire(db, small_bank([KEPT, NEW], [VERSION_2]), VERSION_2)
    add_answers(db, first, {KEPT.id: "yes", DROPPED.id: "no", GONE.id: "yes"}, 12, IN_Q2)
    add_answers(db, second, {NEW.id: "no", KEPT.id: "yes"}, 11, IN_Q3)
    return retire(small_bank([KEPT, DROPPED, NEW], [VERSION_2]), DROPPED.id)


def _shown(report: ReportResult) -> list[tuple[str, str]]:
    return [(s.id, s.text) for theme in report.themes for s in theme.statements]


def test_a_report_of_every_version_shows_what_each_version_asked(own_db: Session) -> None:
    bank = _today(own_db)
    report = build_report(own_db, bank, ReportFilters(SLUG, Q2, Q3), PTABLE, made_at=MADE_AT)
    assert _shown(report) == [
        (NEW.id, NEW.text),  # the newest version's order first
        (KEPT.id, KEPT.text),
        (DROPPED.id, DROPPED.text),  # retired: its old words
        (GONE.id, GONE.text),  # no longer in the content: the statement table's words
    ]
    by_id = {s.id: s for theme in report.themes for s in theme.statements}
    assert by_id[GONE.id].now.counts["yes"] == 10, "its answers are still counted"  # 12
    assert by_id[NEW.id].good_answer == "no"
    assert report.title == VERSION_2.title


def test_a_report_of_one_version_shows_only_what_it_asked(own_db: Session) -> None:
    bank = _today(own_db)
    filters = ReportFilters(SLUG, Q2, Q2, version=1)
    report = build_report(own_db, bank, filters, PTABLE, made_at=MADE_AT)
    assert [s for s, _ in _shown(report)] == [KEPT.id, DROPPED.id, GONE.id]


def test_words_changed_in_the_content_show_for_statements_it_still_has(own_db: Session) -> None:
    bank = _today(own_db)
    reworded = replace(KEPT, text="People hear what I say.")
    bank = replace(bank, statements={**bank.statements, KEPT.id: reworded})
    report = build_report(own_db, bank, ReportFilters(SLUG, Q3, Q3), PTABLE, made_at=MADE_AT)
    assert dict(_shown(report))[KEPT.id] == "People hear what I say."


def test_the_trend_follows_the_versions_too(own_db: Session) -> None:
    bank = _today(own_db)
    found = trend(
        own_db,
        bank,
        ReportFilters(SLUG, Q3, Q3),
        PTABLE,
        quarters=2,
        today=MADE_AT.date(),
    )
    assert list(found) == [NEW.id, KEPT.id, DROPPED.id, GONE.id]
    assert found[GONE.id] == [("2026-Q2", 100), ("2026-Q3", None)]
    assert found[NEW.id] == [("2026-Q2", None), ("2026-Q3", 100)]  # No is the good answer


def test_the_public_page_marks_a_retired_statements_old_words_as_english(
    own_db: Session,
) -> None:
    """A retired statement is never translated: on a Welsh page its words are English, and
    marked so (a screen reader reads them in an English voice)."""
    bank = _today(own_db)
    report = build_report(own_db, bank, ReportFilters(SLUG, Q2, Q3), PTABLE, made_at=MADE_AT)
    welsh = replace(bank, language="cy")
    findings = Findings(area=None, results=report, for_area=False, actions=())
    page = story(findings, welsh, "cy", lambda message, **values: message, MADE_AT.date())
    said = {s.text: s.text_lang for theme in page.themes for s in theme.said}
    assert said[DROPPED.text] == "en" and said[GONE.text] == "en"
    assert said[KEPT.text] is None, "the content's own (Welsh) words"
