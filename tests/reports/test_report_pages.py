"""Report pages: draft, Advisory Group review, publishing a fixed snapshot, board pack and
exports, and that no individual answer or unapproved comment ever appears."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.comments.models import Comment, CommentTheme
from portal.reports.cube import countable
from portal.reports.disclosure import ONS_PTABLE
from portal.reports.figures import from_figures
from portal.reports.models import Report
from portal.reports.periods import Quarter
from portal.respond.models import Response
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page
from tests.reports.fixtures import add_area, add_people
from tests.reports.test_results import BANK, QUESTIONS, YES_GOOD


def _last_countable() -> Quarter:
    quarter = Quarter.of(date.today()).previous()
    return quarter if countable(quarter, date.today(), 7) else quarter.previous()


THIS_QUARTER = _last_countable()  # the newest quarter a report can cover
NOW = datetime.combine(THIS_QUARTER.start, datetime.min.time()) + timedelta(days=10, hours=9)


@pytest.fixture(autouse=True)
def _figures_by_hand(app: Flask) -> None:
    """The ONS 10/5 table: figures the same whatever the record keys, so written out here."""
    app.config["REPORT_PTABLE"] = ONS_PTABLE


def _admin(app: Flask) -> Browser:
    browser = Browser(app.test_client())
    start_signed_in(browser, add_staff(app, "administrator"))
    return browser


def _reviewer(app: Flask) -> Browser:
    browser = Browser(app.test_client())
    start_signed_in(browser, add_staff(app, "reviewer"))
    return browser


def _draft(admin: Browser, status: int = 200, **choices: str) -> Page:
    page = admin.get("/staff/reports/manage/new")
    data = {
        "title": "Board report",
        "questionnaire": "self-advocates",
        "first": str(THIS_QUARTER),
        "last": str(THIS_QUARTER),
        "area": "",
        "who": "",
        "place": "",
    } | choices
    return admin.submit(page, data, status=status)


def _form_posting_to(page: Page, ending: str) -> int:
    for index, form in enumerate(page.soup.find_all("form")):
        if (form.get("action") or "").endswith(ending):
            return index
    raise AssertionError(f"no form posting to …{ending} on {page.url}")


def agree_every_theme(reviewer: Browser, report_url: str) -> None:
    """The reviewer opens each theme of the easy-read summary and presses "I agree"."""
    home = reviewer.get(report_url + "/summary")
    for link in home.soup.select(".summary-parts__link"):
        page = reviewer.get(link["href"])
        page = reviewer.submit(page, form=_form_posting_to(page, "/agree"))
        assert "You agreed this part." in page.text


def _publish(app: Flask, admin: Browser, reviewer: Browser) -> Page:
    page = _draft(admin)
    page = admin.submit(page, form=_form_posting_to(page, "/share"))
    page = reviewer.get(page.url.split("?")[0])
    page = reviewer.submit(
        page,
        {"theme": "", "text": "The Advisory Group wants the housing results read out first."},
        form=_form_posting_to(page, "/comments"),
    )
    agree_every_theme(reviewer, page.url.split("?")[0])
    page = reviewer.get(page.url.split("?")[0])
    page = reviewer.submit(page, form=_form_posting_to(page, "/approve"))
    assert "The report is approved" in page.text
    page = admin.get(page.url.split("?")[0])
    return admin.submit(page, form=_form_posting_to(page, "/publish"))


def test_a_report_goes_from_draft_to_published_and_then_never_changes(
    app: Flask, db_session: Session
) -> None:
    add_people(db_session, {YES_GOOD: "yes"}, 12, NOW)  # published as 10
    add_people(db_session, {YES_GOOD: "no"}, 10, NOW)  # 10, of 22 published as 20
    db_session.commit()
    admin, reviewer = _admin(app), _reviewer(app)
    page = _publish(app, admin, reviewer)
    assert "Published on" in page.text and "About 5 out of 10 people said Yes." in page.text
    assert "Approved by Reviewer (Advisory Group)" in page.text
    assert "The Advisory Group wants the housing results read out first." in page.text
    add_people(db_session, {YES_GOOD: "no"}, 30, NOW)  # new answers after publishing
    db_session.commit()
    again = admin.get(page.url.split("?")[0])
    assert "About 5 out of 10 people said Yes." in again.text, "the figures did not change"
    row = db_session.scalars(select(Report)).one()
    actions = set(db_session.scalars(select(AuditEntry.action)))
    assert {"report.created", "report.in_review", "report.approved", "report.published"} <= (
        actions
    )
    assert row.figures is not None


def test_reviewers_cannot_see_a_draft_before_it_is_shared(app: Flask) -> None:
    page = _draft(_admin(app))
    _reviewer(app).get(page.url, status=404)


def test_every_surface_shows_the_stored_figures_and_nothing_else(
    app: Flask, db_session: Session
) -> None:
    north = add_area(db_session, "North")
    add_people(db_session, {YES_GOOD: "yes"}, 13, NOW, north)  # published as 15
    add_people(db_session, {YES_GOOD: "no"}, 2, NOW, north)  # fewer than 10: not shown
    db_session.flush()
    secret = "My key worker Sam Jones shouts at me"
    response = db_session.scalars(select(Response)).first()
    assert response is not None
    db_session.add(Comment(response_id=response.id, statement_id=YES_GOOD, text=secret))
    db_session.commit()
    admin = _admin(app)
    page = _publish(app, admin, _reviewer(app))
    report_url = page.url.split("?")[0]
    pack = admin.get(report_url + "/board-pack")
    assert "Board pack" in pack.h1 and "Keeping safe" in pack.text
    assert secret not in pack.text, "an unapproved comment never appears"
    rows = list(csv.DictReader(io.StringIO(admin.client.get(report_url + "/figures.csv").text)))
    yes_good = {r["answer"]: r["count"] for r in rows if r["statement"] == YES_GOOD}
    assert yes_good["no"] == "" and yes_good["yes"] == "15", "2 is not shown; 13 is 15"
    stored = from_figures(db_session.scalars(select(Report)).one().figures or {})
    statements = {s.id: s for theme in stored.themes for s in theme.statements}
    assert rows == [
        {
            "theme": theme.id,
            "statement": s.id,
            "answer": value,
            "count": "" if count is None else str(count),
            "total": "" if s.now.total is None else str(s.now.total),
            "about": "" if s.now.about is None else str(s.now.about),
            "enough_answers": str(s.now.enough),
            "skipped": "" if s.now.skipped is None else str(s.now.skipped),
        }
        for theme in stored.themes
        for s in theme.statements
        for value, count in s.now.counts.items()
    ] + [
        {
            "theme": "mirrored pairs",
            "statement": f"{pair.first} {pair.second}",
            "answer": answer,
            "count": "",  # nobody answered both
            "total": "",
            "about": "",
            "enough_answers": "False",
            "skipped": "",
        }
        for pair in stored.pairs
        for answer in ("answered", "yes_both")
    ], "the CSV is the stored figures"
    exported = admin.client.get(report_url + "/figures.json")
    assert exported.mimetype == "application/json"
    text = exported.get_data(as_text=True)
    assert secret not in text and "Sam" not in text
    data = json.loads(text)
    assert data["threshold"] == 10 and data["ptable"] == "ons-10-5"
    assert from_figures(data).themes == stored.themes, "the JSON is the stored figures"
    for view in (pack, admin.get(report_url)):
        table = view.soup.find(id=f"bar-{YES_GOOD}-title").find_parent("div")
        cells = [td.get_text(strip=True) for td in table.select("table.figures td")]
        offers = BANK.statements[YES_GOOD].answers
        assert cells[:8] == [
            "15",  # Yes
            "fewer than 10" if "sometimes" in offers else "not offered",
            "fewer than 10",  # No: 2
            "fewer than 10",  # Not sure
            "fewer than 10" if "not_about_me" in offers else "not offered",
            "fewer than 10",  # I don't want to answer
            "15",  # all answers
            "15",  # the people it is about
        ], "page and board pack: the stored figures"
        assert statements[YES_GOOD].sentence in view.text
    pdf = admin.client.get(report_url + "/board-pack.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert len(pdf.data) > 5000
    exports = db_session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "report.exported")
    ).all()
    assert sorted(exports) == ["csv", "json", "pdf"]


def test_only_a_reviewer_who_did_not_make_it_approves_a_report(app: Flask) -> None:
    admin = _admin(app)
    page = _draft(admin)
    page = admin.submit(page, form=_form_posting_to(page, "/share"))
    assert "Approve for publishing" not in page.text, "administrators do not approve"
    report_url = page.url.split("?")[0]
    token = page.soup.find("input", attrs={"name": "csrf_token"})["value"]
    refused = admin.client.post(report_url + "/approve", data={"csrf_token": token})
    assert refused.status_code == 403
    reviewer = _reviewer(app)
    page = reviewer.get(report_url)
    assert "Approve for publishing" not in page.text, "each theme is agreed first"
    agree_every_theme(reviewer, report_url)
    page = reviewer.get(report_url)
    assert "Approve for publishing" in page.text


def test_every_statement_of_the_questionnaire_is_in_the_report(
    app: Flask, db_session: Session
) -> None:
    page = _draft(_admin(app))
    for statement_id in QUESTIONS:
        assert page.soup.find(id=f"bar-{statement_id}-title"), statement_id


def test_a_report_can_count_one_version_of_the_questions(app: Flask) -> None:
    version = BANK.questionnaires["self-advocates"].version  # the one the database has
    page = _draft(_admin(app), questionnaire=f"self-advocates@{version}")
    assert f"(version {version} only)" in page.text


def test_a_last_quarter_before_the_first_is_refused_clearly(app: Flask) -> None:
    earlier = THIS_QUARTER.previous()
    page = _draft(_admin(app), 400, first=str(THIS_QUARTER), last=str(earlier))
    assert "Choose a last quarter that is the same as or after the first." in page.text


def test_the_quarter_not_yet_ended_shows_only_how_many_have_answered_so_far(
    app: Flask, db_session: Session
) -> None:
    admin = _admin(app)
    today = Quarter.of(date.today())
    page = admin.get("/staff/reports/")
    assert f"So far in {today.label}: fewer than 10 people have answered." in page.text
    add_people(db_session, {YES_GOOD: "yes"}, 17, datetime.now())
    db_session.commit()
    page = admin.get("/staff/reports/")
    assert f"So far in {today.label}: about 15 people have answered." in page.text  # 17
    offered = [
        o["value"] for o in admin.get("/staff/reports/manage/new").soup.select("#first option")
    ]
    assert str(today) not in offered and offered[0] == str(THIS_QUARTER)


def test_a_draft_quotes_the_comments_approved_so_far(app: Flask, db_session: Session) -> None:
    add_people(db_session, {YES_GOOD: "yes"}, 12, NOW)
    response = db_session.scalars(select(Response)).first()
    assert response is not None
    words = "Staff help me to read my letters."
    db_session.add(
        Comment(
            response_id=response.id, statement_id=YES_GOOD, text="x", status="approved",
            shown_text=words,
        )
    )  # fmt: skip
    db_session.flush()
    comment_id = db_session.scalars(select(Comment.id)).one()
    db_session.add(CommentTheme(comment_id=comment_id, theme_id=BANK.statements[YES_GOOD].theme))
    db_session.commit()
    page = _draft(_admin(app))
    assert words in page.text, "the Advisory Group reads the approved quotes in the draft"
