"""A moderator worried by a comment presses "This needs the safety lead": one safety flag is
raised and the lead emailed; reviewers do not see the comment, nobody can decide it and reports
do not quote it, until the lead has looked at it."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.audit.models import AuditEntry
from portal.content.models import Questionnaire
from portal.kiosk.models import GroupSession
from portal.reports.quotes import approved_quotes
from portal.respond.models import Response
from portal.safety.models import Delivery, OnCall, SafetyFlag
from tests.auth.helpers import add_staff
from tests.comments.test_moderation import (
    WITH_NAME,
    WITHOUT_NAME,
    approve,
    leave_comment,
    open_queue,
    reject,
    staff_browser,
    the_comment,
    this_quarter,
)
from tests.helpers import Browser, Page

BUTTON = "This needs the safety lead"


def send_to_lead(staff: Browser, page: Page, status: int = 200) -> Page:
    """Press "This needs the safety lead" on the first comment of the page."""
    for index, form in enumerate(page.soup.find_all("form")):
        if BUTTON in " ".join(form.get_text().split()):
            return staff.submit(page, button=BUTTON, form=index, status=status)
    raise AssertionError(f"no {BUTTON!r} button on {page.url}")


def flags(db: Session) -> list[SafetyFlag]:
    db.expire_all()
    return list(db.scalars(select(SafetyFlag)))


def acknowledge(app: Flask, flag: SafetyFlag) -> None:
    """The safety lead marks the flag as followed up, as on their page."""
    lead = staff_browser(app, "safeguarding_lead")
    page = lead.get("/staff/safety/")
    page = lead.submit(page, {f"flag-{flag.id}-note": "Spoke to the person's advocate."})
    assert "That alert is marked as followed up." in page.text


def test_a_reviewer_sends_a_comment_to_the_lead_and_it_leaves_the_queue_until_acknowledged(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    page = open_queue(reviewer)
    item = " ".join(page.soup.select_one(f"#comment-{comment.id}").get_text().split())
    assert (
        "The safety lead will be emailed. Reviewers will not see this comment until the lead "
        "has looked at it."
    ) in item

    page = send_to_lead(reviewer, page)
    assert page.url.startswith("/staff/comments/")
    assert "The comment is with the safety lead now." in page.text
    assert "nobody is on the safety on-call list, so nobody was emailed" in page.text
    assert "There are no comments waiting." in page.text
    assert "Waiting (0)" in page.text
    assert WITH_NAME not in page.text

    [flag] = flags(db_session)
    response = db_session.get(Response, comment.response_id)
    assert response is not None
    assert (flag.kind, flag.comment_id, flag.statement_id) == (
        "comment", comment.id, comment.statement_id
    )  # fmt: skip
    assert (flag.questionnaire_id, flag.area_id, flag.session_id) == (
        response.questionnaire_id, response.area_id, response.session_id
    )  # fmt: skip
    assert flag.acknowledged_at is None and flag.raised_by is not None
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.subject) == ("safety_flag.raised", f"comment:{comment.id}")
    assert WITH_NAME not in entry.detail

    other = staff_browser(app, "reviewer")
    assert "There are no comments waiting." in open_queue(other).text

    admin_page = open_queue(staff_browser(app, "administrator"))
    held = admin_page.soup.select_one(f"#comment-{comment.id}")
    assert held is not None, "administrators still see it"
    words = " ".join(held.get_text().split())
    assert "With the safety lead." in words and WITH_NAME in words
    assert not held.find("form"), "nobody can approve, reject or send it again meanwhile"

    acknowledge(app, flag)
    page = open_queue(reviewer)
    item = page.soup.select_one(f"#comment-{comment.id}")
    assert item is not None, "back in the queue once the lead has looked at it"
    assert "Approve" in item.get_text()
    assert "With the safety lead" not in item.get_text()


def test_pressing_twice_raises_one_flag_and_one_email(
    app: Flask, client: Browser, db_session: Session
) -> None:
    lead = add_staff(app, "safeguarding_lead", "lead@example.org")
    db_session.add(OnCall(area_id=None, staff_user_id=lead, position=1))
    db_session.commit()
    app.config["SMTP_HOST"] = "mail.example.org"
    app.extensions.pop("safety_sender", None)  # tests never send email: it stays queued
    leave_comment(client)
    first, second = staff_browser(app, "reviewer"), staff_browser(app, "administrator")
    first_page, second_page = open_queue(first), open_queue(second)

    page = send_to_lead(first, first_page)
    assert "The comment is with the safety lead now, and they are being emailed." in page.text
    page = send_to_lead(second, second_page)
    assert "That comment is with the safety lead already. Nothing was changed." in page.text

    [flag] = flags(db_session)
    deliveries = db_session.scalars(select(Delivery)).all()
    assert [(d.flag_id, d.email, d.status) for d in deliveries] == [
        (flag.id, "lead@example.org", "pending")
    ]
    raised = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "safety_flag.raised")
    ).all()
    assert len(raised) == 1


def test_without_email_set_up_the_moderator_is_told_to_tell_the_lead(
    app: Flask, client: Browser, db_session: Session
) -> None:
    lead = add_staff(app, "safeguarding_lead")
    db_session.add(OnCall(area_id=None, staff_user_id=lead, position=1))
    db_session.commit()
    leave_comment(client)
    reviewer = staff_browser(app, "reviewer")
    page = send_to_lead(reviewer, open_queue(reviewer))
    assert "But email is not set up, so nobody was emailed: tell the safety lead yourself." in (
        page.text
    )


def test_a_held_comment_cannot_be_approved_from_a_page_opened_before(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    first, second = staff_browser(app, "reviewer"), staff_browser(app, "reviewer")
    first_page, second_page = open_queue(first), open_queue(second)
    send_to_lead(second, second_page)

    page = approve(first, first_page, comment, WITHOUT_NAME, "keeping-safe")
    assert "Someone sent that comment to the safety lead. Nothing was changed." in page.text
    page = reject(first, first_page)
    assert "Someone sent that comment to the safety lead. Nothing was changed." in page.text
    comment = the_comment(db_session)
    assert (comment.status, comment.shown_text, comment.moderated_by) == ("pending", None, None)


def test_an_approved_comment_sent_to_the_lead_leaves_reports_until_acknowledged(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    approve(reviewer, open_queue(reviewer), comment, WITHOUT_NAME, "keeping-safe")
    filters = this_quarter(db_session, comment)
    assert [q["text"] for q in approved_quotes(db_session, filters)] == [WITHOUT_NAME]

    page = reviewer.get("/staff/comments/?show=approved")
    page = send_to_lead(reviewer, page)
    assert page.h1 == "Approved comments", "back on the list the button was pressed on"
    assert "The comment is with the safety lead now." in page.text
    assert WITHOUT_NAME not in page.text
    assert "Approved (0)" in page.text
    assert approved_quotes(db_session, filters) == []

    admin_page = staff_browser(app, "administrator").get("/staff/comments/?show=approved")
    assert "With the safety lead." in admin_page.text and WITHOUT_NAME in admin_page.text

    acknowledge(app, flags(db_session)[0])
    assert [q["text"] for q in approved_quotes(db_session, filters)] == [WITHOUT_NAME]
    assert WITHOUT_NAME in reviewer.get("/staff/comments/?show=approved").text


def test_the_flag_says_where_the_comment_was_written(
    app: Flask, db_session: Session, client: Browser
) -> None:
    facilitator = add_staff(app, "facilitator")
    area = Area(name="North locality")
    db_session.add(area)
    db_session.flush()
    questionnaire_id = db_session.scalar(select(Questionnaire.id).limit(1))
    group = GroupSession(
        join_code="246810", group_name="Tuesday group", area_id=area.id,
        questionnaire_id=questionnaire_id, session_date=date(2026, 11, 24),
        facilitator_id=facilitator,
    )  # fmt: skip
    db_session.add(group)
    db_session.commit()
    leave_comment(client)
    comment = the_comment(db_session)
    response = db_session.get(Response, comment.response_id)
    assert response is not None
    response.area_id, response.session_id = area.id, group.id
    db_session.commit()

    reviewer = staff_browser(app, "reviewer")
    send_to_lead(reviewer, open_queue(reviewer))
    [flag] = flags(db_session)
    assert (flag.area_id, flag.session_id) == (area.id, group.id)


def test_a_comment_the_person_took_out_is_not_sent(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    reviewer = staff_browser(app, "reviewer")
    page = open_queue(reviewer)
    db_session.delete(the_comment(db_session))
    db_session.commit()
    page = send_to_lead(reviewer, page)
    assert "That comment is not there any more." in page.text
    assert flags(db_session) == []
