"""The board paper's first page: top concerns, what improved most, a year before and the areas
side by side, each figure the one a report of that period or area would publish; and the
Advisory Group's easy-read summary as its own section of the board pack."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.reports.comparisons import improved_most, most_worrying, year_before
from portal.reports.filters import ReportFilters
from portal.reports.models import Report
from portal.reports.periods import Quarter
from portal.reports.results import StatementResult
from portal.reports.services import (
    agree_every_theme,
    approve,
    create_draft,
    publish,
    share_for_review,
    stored_figures,
)
from tests.actions.helpers import BANK, IN_Q3, Q3
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser
from tests.reports.fixtures import PTABLE, add_area, add_people
from tests.reports.test_results import NO_GOOD, YES_GOOD

BEFORE = datetime(2026, 5, 12, 14)  # the quarter before Q3 2026
A_YEAR_BEFORE = datetime(2025, 8, 12, 14)


def _report(db: Session, actor: StaffUser, **choices: object) -> Report:
    filters = ReportFilters("self-advocates", Q3, Q3) if not choices else ReportFilters(**choices)  # type: ignore[arg-type]
    return create_draft(db, actor, "Board report", filters, BANK, PTABLE)


def _share(row: Report, statement_id: str) -> int | None:
    result = stored_figures(row)
    assert result is not None
    found: StatementResult = next(
        s for theme in result.themes for s in theme.statements if s.id == statement_id
    )
    return found.good_share


def test_the_first_page_compares_only_with_figures_other_reports_would_publish(
    app: Flask, db_session: Session
) -> None:
    north, south = add_area(db_session, "North"), add_area(db_session, "South")
    add_people(db_session, {YES_GOOD: "yes", NO_GOOD: "yes"}, 24, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "no", NO_GOOD: "no"}, 16, IN_Q3, north)
    add_people(db_session, {YES_GOOD: "yes"}, 4, IN_Q3, south)  # too few to show alone
    add_people(db_session, {YES_GOOD: "yes"}, 10, BEFORE, north)
    add_people(db_session, {YES_GOOD: "no"}, 20, BEFORE, north)
    add_people(db_session, {YES_GOOD: "yes"}, 10, A_YEAR_BEFORE, north)
    add_people(db_session, {YES_GOOD: "no"}, 15, A_YEAR_BEFORE, north)
    db_session.commit()
    actor = db_session.get_one(StaffUser, add_staff(app, "administrator"))
    row = _report(db_session, actor)
    comparisons = (row.figures or {})["comparisons"]

    # a year before: what a report of Q3 2025 publishes
    earlier = _report(
        db_session, actor, **vars(year_before(ReportFilters("self-advocates", Q3, Q3)))
    )
    assert earlier.filters["first"] == str(Quarter(2025, 3))
    assert comparisons["year_before"][YES_GOOD] == _share(earlier, YES_GOOD) is not None
    assert comparisons["year_before_period"] == "July to September 2025"
    # each area: what a report of that area publishes; South's 4 are not shown
    for area in (north, south):
        alone = _report(
            db_session, actor, questionnaire="self-advocates", first=Q3, last=Q3, area=area
        )
        assert comparisons["areas"][str(area)]["shares"][YES_GOOD] == _share(alone, YES_GOOD)
    assert comparisons["areas"][str(south)]["shares"][YES_GOOD] is None
    assert comparisons["areas"][str(north)]["shares"][YES_GOOD] is not None

    result = stored_figures(row)
    assert result is not None
    worrying = most_worrying(result)
    shares = [item.share for item in worrying]
    assert shares == sorted(shares) and len(worrying) <= 3
    every = [s.good_share for t in result.themes for s in t.statements if s.good_share is not None]
    assert shares[0] == min(every)
    assert NO_GOOD in [item.statement.id for item in worrying], "most said Yes to a No-good one"
    improved = improved_most(result)
    assert [item.statement.id for item in improved][:1] == [YES_GOOD]
    assert all(item.change and item.change > 0 for item in improved)
    db_session.commit()

    browser = Browser(app.test_client())
    start_signed_in(browser, actor.id)
    page = browser.get(f"/staff/reports/{row.id}")
    glance = page.soup.find(id="at-a-glance").find_parent("section")
    concerns = glance.find(id="top-concerns").find_next("table")
    first_row = [
        c.get_text(strip=True) for c in concerns.select("tbody tr")[0].find_all(["th", "td"])
    ]
    assert first_row[0] == worrying[0].statement.text and first_row[-1] == f"{worrying[0].share}%"
    areas = glance.find(id="areas-side-by-side").find_next("table")
    headers = [th.get_text(strip=True) for th in areas.select("thead th")]
    assert headers == ["Statement", "North", "South"]
    yes_good = next(
        tr
        for tr in areas.select("tbody tr")
        if tr.th.get_text(strip=True) == BANK.statements[YES_GOOD].text
    )
    assert [td.get_text(strip=True) for td in yes_good.find_all("td")][1] == "not shown"


def test_the_board_pack_has_the_easy_read_summary_as_its_own_section(
    app: Flask, db_session: Session
) -> None:
    add_people(db_session, {YES_GOOD: "yes", NO_GOOD: "no"}, 30, IN_Q3)
    db_session.commit()
    actor = db_session.get_one(StaffUser, add_staff(app, "administrator"))
    reviewer = db_session.get_one(StaffUser, add_staff(app, "reviewer"))
    row = _report(db_session, actor)
    share_for_review(db_session, row, actor)
    agree_every_theme(db_session, row, reviewer)
    approve(db_session, row, reviewer)
    publish(db_session, row, actor, BANK, PTABLE)
    db_session.commit()
    browser = Browser(app.test_client())
    start_signed_in(browser, actor.id)
    pack = browser.get(f"/staff/reports/{row.id}/board-pack")
    section = pack.soup.find(id="easy-read").find_parent("section")
    words = section.get_text(" ", strip=True)
    assert "Almost everyone said Yes." in words and "Almost everyone said No." in words
    assert len(section.select(".people__person")) == 10 * words.count("of 10 people: a good")
    assert "%" not in words
    assert pack.soup.find(id="top-concerns"), "the first page is in the board pack too"
