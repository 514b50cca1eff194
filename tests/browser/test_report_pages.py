"""Reports, comment moderation, "You said, we did" actions and the public "What happened" pages
in the real browser: every page passes axe-core, the staff pages on the way from a draft to a
published report and its board pack, and the public pages in each language."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.auth.models import StaffUser
from portal.comments.models import Comment
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.reports.cube import countable
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.services import (
    agree_every_theme,
    approve,
    create_draft,
    publish,
    published_for_area,
    share_for_review,
)
from portal.respond.models import Response
from tests.auth.helpers import add_staff
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import AxeTally, page_problems, path_of, signed_in, submit, visit
from tests.groups.helpers import add_area
from tests.reports.fixtures import PTABLE, add_people

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
ERROR_SUMMARY = "main .error-summary"
SHOWN_WORDS = "Staff always help me with my letters."
LAST_COUNTABLE = next(  # the newest quarter a report can cover
    q
    for q in (Quarter.of(date.today()).previous(), Quarter.of(date.today()).previous().previous())
    if countable(q, date.today(), 7)
)


@dataclass(frozen=True)
class ReportArea:
    """This module's own area, with answers in it and one comment waiting for moderation."""

    id: int
    name: str
    comment_id: int


@dataclass(frozen=True)
class ReportWorld:
    """The module's area, and the staff signed in to read its answers."""

    area: ReportArea
    admin: BrowserContext
    reviewer: BrowserContext


def add_answers(live_app: Flask, area_id: int) -> int:
    """33 people in the area in the newest quarter a report can cover (3 "Sometimes": fewer
    than 10, not shown); one of them told us more. Returns that comment's id."""
    then = datetime.combine(LAST_COUNTABLE.start, datetime.min.time()) + timedelta(days=20)
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        add_people(db, dict.fromkeys(QUESTIONS, "yes"), 18, then, area=area_id)
        add_people(db, dict.fromkeys(QUESTIONS, "no"), 12, then, area=area_id)
        add_people(db, dict.fromkeys(QUESTIONS, "sometimes"), 3, then, area=area_id)
        response_id = db.scalars(
            select(Response.id).where(Response.area_id == area_id).order_by(Response.id)
        ).first()
        assert response_id is not None
        comment = Comment(
            response_id=response_id,
            statement_id=QUESTIONS[0],
            text="Sam at the day centre always helps me with my letters.",
        )
        db.add(comment)
        db.flush()
        return comment.id


@pytest.fixture(scope="module")
def report_area(live_app: Flask) -> ReportArea:
    name = f"Report browser area {secrets.token_hex(3)}"
    area_id = add_area(live_app, name)
    return ReportArea(area_id, name, add_answers(live_app, area_id))


@pytest.fixture(scope="module")
def world(
    browser: Browser, live_server: str, live_app: Flask, report_area: ReportArea
) -> Iterator[ReportWorld]:
    admin = signed_in(browser, live_server, live_app, "administrator", DESKTOP)
    reviewer = signed_in(browser, live_server, live_app, "reviewer", DESKTOP)
    yield ReportWorld(report_area, admin, reviewer)
    admin.close()
    reviewer.close()


@pytest.fixture(scope="module")
def published_area(report_area: ReportArea, live_app: Flask) -> int:
    """The module's area once it has a published report (the staff test publishes one through
    the pages; when that test did not run, one is published here) and an action."""
    engine = live_app.extensions["db_engine"]
    with Session(engine) as db:
        row = published_for_area(db, report_area.id)
        has_report = row is not None and row.filters.get("area") == report_area.id
        has_action = db.scalars(select(Action.id).where(Action.area_id == report_area.id)).first()
    if not has_report:
        actor_id, reviewer_id = (
            add_staff(live_app, "administrator"),
            add_staff(live_app, "reviewer"),
        )
        with Session(engine) as db, db.begin():
            actor, reviewer = db.get(StaffUser, actor_id), db.get(StaffUser, reviewer_id)
            assert actor is not None and reviewer is not None
            quarter = LAST_COUNTABLE
            filters = ReportFilters("self-advocates", quarter, quarter, area=report_area.id)
            draft = create_draft(db, actor, "What happened report", filters, BANK, PTABLE)
            share_for_review(db, draft, actor)
            agree_every_theme(db, draft, reviewer)
            approve(db, draft, reviewer)
            publish(db, draft, actor, BANK, PTABLE)
    if has_action is None:
        with Session(engine) as db, db.begin():
            db.add(
                Action(
                    theme_id=BANK.statements[QUESTIONS[0]].theme,
                    area_id=report_area.id,
                    what="Easy read letters",
                    owner="Head of communications",
                    due=date.today() + timedelta(days=180),
                    status="on_track",
                    easy_read="We are making our letters easier to read.",
                )
            )
    return report_area.id


@pytest.fixture
def admin(world: ReportWorld) -> Iterator[Page]:
    page = world.admin.new_page()
    yield page
    page.close()


@pytest.fixture
def reviewer(world: ReportWorld) -> Iterator[Page]:
    page = world.reviewer.new_page()
    yield page
    page.close()


def has_error_summary(page: Page) -> bool:
    return page.locator(ERROR_SUMMARY).count() == 1


def check_moderation(page: Page, world: ReportWorld, axe_tally: AxeTally) -> list[str]:
    """The queue with this module's comment waiting, approving it with no words, then for real,
    and the approved list."""
    visit(page, "/staff/comments/")
    comment = f"#comment-{world.area.comment_id}"
    assert page.locator(comment).count() == 1, "the comment is not waiting"
    problems = page_problems(page, "en", "comments to check", axe_tally)
    approve_button = f"{comment} form[action$='/approve'] button[type=submit]"
    page.fill(f"#approve-{world.area.comment_id}-shown_text", "")
    submit(page, approve_button, status=400)
    assert has_error_summary(page), "no error summary for approving no words"
    problems += page_problems(page, "en", "comments to check with an error", axe_tally)
    page.fill(f"#approve-{world.area.comment_id}-shown_text", SHOWN_WORDS)
    submit(page, approve_button)
    assert page.locator(comment).count() == 0, "the comment is still waiting"
    visit(page, "/staff/comments/?show=approved")
    assert page.locator(comment).count() == 1, "the comment is not in the approved list"
    problems += page_problems(page, "en", "approved comments", axe_tally)
    return problems


def check_actions(
    page: Page, world: ReportWorld, axe_tally: AxeTally, live_app: Flask
) -> list[str]:
    """Add an action (first with nothing filled in), see the list, and open it to change."""
    visit(page, "/staff/actions/new")
    problems = page_problems(page, "en", "add an action", axe_tally)
    submit(page, status=400)
    assert has_error_summary(page), "no error summary for an empty action"
    problems += page_problems(page, "en", "add an action with an error", axe_tally)
    what = f"Easy read letters {secrets.token_hex(3)}"
    page.select_option("select[name=theme_id]", BANK.statements[QUESTIONS[0]].theme)
    page.select_option("select[name=area_id]", str(world.area.id))
    page.fill("textarea[name=what]", what)
    page.fill("input[name=owner]", "Head of communications")
    page.fill("input[name=due]", (date.today() + timedelta(days=180)).isoformat())
    page.select_option("select[name=status]", "on_track")
    page.fill("textarea[name=easy_read]", "We are making our letters easier to read.")
    submit(page)
    assert path_of(page).startswith("/staff/actions?done=added"), path_of(page)
    problems += page_problems(page, "en", "actions", axe_tally)
    with Session(live_app.extensions["db_engine"]) as db:
        action_id = db.scalars(select(Action.id).where(Action.what == what)).one()
    visit(page, f"/staff/actions/{action_id}")
    problems += page_problems(page, "en", "change an action", axe_tally)
    return problems


def check_report(admin: Page, reviewer: Page, world: ReportWorld, axe_tally: AxeTally) -> list[str]:
    """A report for the module's area from the form to the board pack, as the administrator
    and (while the Advisory Group reviews it) a reviewer."""
    visit(admin, "/staff/reports/manage/new")
    problems = page_problems(admin, "en", "make a new report", axe_tally)
    admin.select_option("select[name=area]", str(world.area.id))
    submit(admin, status=400)  # no title
    assert has_error_summary(admin), "no error summary for a report without a title"
    problems += page_problems(admin, "en", "make a new report with an error", axe_tally)
    admin.fill("input[name=title]", f"Board report, {world.area.name}")
    admin.select_option("select[name=questionnaire]", "self-advocates")
    admin.select_option("select[name=area]", str(world.area.id))
    admin.check("input[name=group_votes]")
    submit(admin)
    report_path = path_of(admin)
    assert report_path.startswith("/staff/reports/"), report_path
    assert admin.locator("main svg.chart__svg").count() > 0, "the draft shows no charts"
    problems += page_problems(admin, "en", "draft report", axe_tally)
    submit(admin, "main form[action$='/share'] button[type=submit]")

    visit(reviewer, report_path)
    comment_button = "main form[action$='/comments'] button[type=submit]"
    assert reviewer.locator(comment_button).count() == 1, "no comment form for the reviewer"
    problems += page_problems(reviewer, "en", "report in review", axe_tally)
    submit(reviewer, comment_button, status=400)  # no words
    assert has_error_summary(reviewer), "no error summary for an empty comment"
    problems += page_problems(reviewer, "en", "report in review with an error", axe_tally)
    reviewer.select_option("select[name=theme]", BANK.statements[QUESTIONS[0]].theme)
    reviewer.fill("textarea[name=text]", "Please say more about the letters.")
    submit(reviewer, comment_button)
    agree_every_theme_in_the_browser(reviewer, report_path)
    visit(reviewer, report_path)
    submit(reviewer, "main form[action$='/approve'] button[type=submit]")

    visit(admin, report_path)
    submit(admin, "main form[action$='/publish'] button[type=submit]")
    published = admin.locator("main").inner_text()
    assert "Published on" in published, "the report is not published"
    assert SHOWN_WORDS in published, "the approved comment is not quoted"
    problems += page_problems(admin, "en", "published report", axe_tally)
    visit(admin, f"{report_path}/board-pack")
    problems += page_problems(admin, "en", "board pack", axe_tally)
    visit(admin, "/staff/reports/")
    assert admin.locator(f"main a[href$='{report_path}']").count() == 1, "not in the list"
    problems += page_problems(admin, "en", "reports", axe_tally)
    return problems


def agree_every_theme_in_the_browser(reviewer: Page, report_path: str) -> None:
    """The reviewer opens each theme of the easy-read summary and presses "I agree"."""
    visit(reviewer, f"{report_path}/summary")
    links = reviewer.eval_on_selector_all(
        ".summary-parts__link", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in links:
        visit(reviewer, href)
        submit(reviewer, "main form[action$='/agree'] button[type=submit]")


def test_staff_report_pages_pass_axe_from_draft_to_board_pack(
    world: ReportWorld, admin: Page, reviewer: Page, live_app: Flask, axe_tally: AxeTally
) -> None:
    """Moderating a comment, adding an action, then a report on them from draft to published."""
    problems = check_moderation(admin, world, axe_tally)
    problems += check_actions(admin, world, axe_tally, live_app)
    problems += check_report(admin, reviewer, world, axe_tally)
    assert not problems, "\n".join(problems)


def test_what_happened_pages_pass_axe_in_each_language(
    published_area: int, page: Page, language: str, axe_tally: AxeTally
) -> None:
    visit(page, f"/what-happened?choose=1&lang={language}")
    assert page.locator(f"main a[href$='/what-happened/{published_area}']").count() == 1
    problems = page_problems(page, language, "what happened: choose an area", axe_tally)
    visit(page, f"/what-happened/{published_area}")
    assert page.locator("main ul[id^=said-]").count() > 0, "no published figures on the page"
    assert page.locator("main ul[id^=did-]").count() > 0, "no actions on the page"
    problems += page_problems(page, language, "what happened in an area", axe_tally)
    visit(page, "/what-happened/all")
    problems += page_problems(page, language, "what happened in every area", axe_tally)
    assert not problems, "\n".join(problems)
