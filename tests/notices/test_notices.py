"""Staff are told: reviewers when a report waits for them, administrators (and its maker) when
it is approved or published, moderators when comments wait, administrators when an action is
overdue. Emails go through a real SMTP server (aiosmtpd, on this machine), sent by the same
pass the sender thread and `flask notices send` run; each person's choice is kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.auth.models import StaffUser
from portal.content.models import Theme
from portal.db import utcnow
from portal.notices.models import NoticeChoice, NoticeEmail
from portal.notices.services import MODERATOR_ROLES, deliver_notices, next_digest_at
from portal.reports.disclosure import ONS_PTABLE, load_ptable
from portal.reports.filters import ReportFilters
from portal.reports.models import Report
from portal.reports.services import approve, create_draft, publish, share_for_review
from tests.auth.helpers import add_staff, start_signed_in
from tests.comments.test_moderation import WITH_NAME, leave_comment
from tests.conftest import mailing_app
from tests.helpers import Browser, Page
from tests.mail import Inbox
from tests.reports.test_report_pages import THIS_QUARTER
from tests.reports.test_results import BANK

SITE = "https://portal.example.org"
PTABLE = load_ptable(ONS_PTABLE, 10)
FOOTER = "This email does not say what anyone answered or wrote."


@pytest.fixture
def mail_app(
    template_database: str, audio_dir: Path, tmp_path: Path, smtp: tuple[Inbox, int]
) -> Iterator[Flask]:
    """The portal with a mail server; tests send with their own clock (no sender thread)."""
    with mailing_app(template_database, audio_dir, tmp_path, smtp[1], BASE_URL=SITE) as app:
        yield app


def person(app: Flask, role: str, email: str, **choices: str) -> int:
    """A staff member who has chosen how they hear about some kinds (others: the default)."""
    staff_id = add_staff(app, role, email)
    with Session(app.extensions["db_engine"]) as db, db.begin():
        db.add_all(
            NoticeChoice(staff_user_id=staff_id, kind=kind, how=how)
            for kind, how in choices.items()
        )
    return staff_id


def browser_of(app: Flask, staff_id: int) -> Browser:
    browser = Browser(app.test_client())
    start_signed_in(browser, staff_id)
    return browser


def made_by(db: Session, maker_id: int) -> Report:
    """A draft report on the newest quarter a report can cover, made as the page makes it."""
    filters = ReportFilters("self-advocates", THIS_QUARTER, THIS_QUARTER)
    maker = db.get_one(StaffUser, maker_id)
    return create_draft(db, maker, "Board report", filters, BANK, PTABLE)


def send(app: Flask, now: datetime | None = None) -> int:
    return deliver_notices(app, now)


def body(message: Message) -> str:
    return str(message.get_payload(decode=True).decode())  # type: ignore[union-attr]


def to(messages: list[Message]) -> list[str]:
    return sorted(str(m["To"]) for m in messages)


def test_a_report_shared_for_review_is_emailed_to_reviewers_by_their_choice(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    person(mail_app, "reviewer", "now@example.org")
    person(mail_app, "reviewer", "never@example.org", report_review="none")
    person(mail_app, "reviewer", "weekly@example.org", report_review="weekly")
    admin = person(mail_app, "administrator", "admin@example.org")
    report = made_by(db_session, admin)
    share_for_review(db_session, report, db_session.get_one(StaffUser, admin))
    db_session.commit()
    assert send(mail_app) == 1

    [email] = inbox.wait_for(1)
    assert email["To"] == "now@example.org"
    assert email["Subject"] == "A report waits for your review"
    text = body(email)
    assert f"{SITE}/staff/reports/{report.id}" in text
    assert f"{SITE}/staff/notices/" in text and FOOTER in text
    assert report.title not in text  # a sentence and a link, nothing about the report's content

    assert send(mail_app) == 0  # never sent twice
    monday = next_digest_at(utcnow())
    assert send(mail_app, monday) == 1
    messages = inbox.wait_for(2)
    assert to(messages) == ["now@example.org", "weekly@example.org"]
    digest = messages[1]
    assert digest["Subject"] == "Your weekly notices from the portal"
    assert "A report waits for your review." in body(digest)
    assert f"{SITE}/staff/reports/{report.id}" in body(digest)
    assert send(mail_app, monday + timedelta(days=7)) == 0
    assert "never@example.org" not in to(inbox.messages)


def test_an_approved_report_is_emailed_to_administrators_and_its_maker_not_the_approver(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    maker = person(mail_app, "administrator", "maker@example.org")
    person(mail_app, "administrator", "other-admin@example.org")
    person(mail_app, "administrator", "quiet-admin@example.org", report_approved="none")
    approver_id = person(mail_app, "reviewer", "approver@example.org")
    person(mail_app, "reviewer", "reviewer@example.org")
    row = Report(title="Board report", filters={}, threshold=10, status="in_review")
    row.created_by = maker
    db_session.add(row)
    db_session.flush()
    approve(db_session, row, db_session.get_one(StaffUser, approver_id))
    db_session.commit()

    assert send(mail_app) == 2
    messages = inbox.wait_for(2)
    assert to(messages) == ["maker@example.org", "other-admin@example.org"]
    for email in messages:
        assert email["Subject"] == "A report is approved"
        assert "It can be published now." in body(email)
        assert f"{SITE}/staff/reports/{row.id}" in body(email)


def test_a_published_report_is_emailed_to_the_other_administrators(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    person(mail_app, "administrator", "admin-one@example.org")
    person(mail_app, "administrator", "admin-two@example.org", report_published="weekly")
    maker = person(mail_app, "administrator", "maker@example.org")
    row = made_by(db_session, maker)
    row.status = "approved"
    publish(db_session, row, db_session.get_one(StaffUser, maker), BANK, PTABLE)
    db_session.commit()  # its maker published it: they are not told

    send(mail_app)
    [email] = inbox.wait_for(1)
    assert email["To"] == "admin-one@example.org"
    assert email["Subject"] == "A report is published"
    assert f"{SITE}/staff/reports/{row.id}" in body(email)
    send(mail_app, next_digest_at(utcnow()))
    messages = inbox.wait_for(2)
    assert to(messages) == ["admin-one@example.org", "admin-two@example.org"]


def test_comments_waiting_are_emailed_to_moderators_without_their_words(
    mail_app: Flask, smtp: tuple[Inbox, int]
) -> None:
    inbox, _port = smtp
    person(mail_app, "reviewer", "reviewer@example.org")
    person(mail_app, "administrator", "admin@example.org", comments_waiting="none")
    person(mail_app, "facilitator", "facilitator@example.org")
    leave_comment(Browser(mail_app.test_client()))

    now = utcnow()
    assert send(mail_app, now) == 1
    [email] = inbox.wait_for(1)
    assert email["To"] == "reviewer@example.org"
    assert email["Subject"] == "New comments wait for moderation"
    text = body(email)
    assert f"{SITE}/staff/comments/" in text
    assert "Sarah" not in text and WITH_NAME not in text and "scared" not in text

    assert send(mail_app, now + timedelta(hours=2)) == 0  # the same comment: told once
    leave_comment(Browser(mail_app.test_client()), "Another comment about my day centre.")
    assert send(mail_app, now + timedelta(minutes=10)) == 0  # at most one notice an hour
    assert send(mail_app, now + timedelta(hours=2)) == 1
    assert len(inbox.wait_for(2)) == 2


def test_an_overdue_action_is_emailed_to_administrators_once(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    person(mail_app, "administrator", "admin@example.org")
    person(mail_app, "reviewer", "reviewer@example.org")
    some_theme = db_session.scalars(select(Theme.id).order_by(Theme.id)).first()
    assert some_theme is not None
    today = date.today()
    late = Action(
        theme_id=some_theme, what="Easy read bus timetables", owner="Transport team",
        due=today - timedelta(days=3), status="on_track", easy_read="We will make bus times easy.",
    )  # fmt: skip
    done = Action(
        theme_id=some_theme, what="Ramp at the library", owner="Libraries",
        due=today - timedelta(days=3), status="done", easy_read="We made a ramp.",
    )  # fmt: skip
    not_yet = Action(
        theme_id=some_theme, what="New leaflet", owner="Comms",
        due=today + timedelta(days=30), status="on_track", easy_read="We will make a leaflet.",
    )  # fmt: skip
    db_session.add_all([late, done, not_yet])
    db_session.commit()

    now = utcnow()
    assert send(mail_app, now) == 1
    [email] = inbox.wait_for(1)
    assert email["To"] == "admin@example.org"
    assert email["Subject"] == "An action is past its due date"
    assert f"{SITE}/staff/actions/{late.id}" in body(email)
    assert "bus" not in body(email)
    assert send(mail_app, now + timedelta(days=1)) == 0  # noticed once, not every run

    late.due = today - timedelta(days=1)  # a new date, missed again: noticed again
    db_session.commit()
    assert send(mail_app, now + timedelta(days=1)) == 1


@pytest.fixture
def thread_app(
    template_database: str, audio_dir: Path, tmp_path: Path, smtp: tuple[Inbox, int]
) -> Iterator[Flask]:
    """The portal with a mail server and its sender thread on, as it runs for real."""
    with mailing_app(
        template_database, audio_dir, tmp_path, smtp[1], BASE_URL=SITE, SAFETY_SENDER_THREAD=True
    ) as app:
        yield app


def test_the_sender_thread_sends_a_notice_as_soon_as_it_is_committed(
    thread_app: Flask, smtp: tuple[Inbox, int]
) -> None:
    inbox, _port = smtp
    person(thread_app, "reviewer", "reviewer@example.org")
    admin = person(thread_app, "administrator", "admin@example.org")
    with thread_app.app_context(), Session(thread_app.extensions["db_engine"]) as db:
        share_for_review(db, made_by(db, admin), db.get_one(StaffUser, admin))
        db.commit()
    [email] = inbox.wait_for(1)
    assert email["Subject"] == "A report waits for your review"


def test_the_sender_thread_finds_an_overdue_action_after_the_first_request(
    thread_app: Flask, smtp: tuple[Inbox, int]
) -> None:
    """No cron: a portal just started finds what is overdue by itself, once."""
    inbox, _port = smtp
    person(thread_app, "administrator", "admin@example.org")
    with Session(thread_app.extensions["db_engine"]) as db, db.begin():
        theme_id = db.scalars(select(Theme.id).order_by(Theme.id)).first()
        late = Action(
            theme_id=theme_id, what="Easy read bus timetables", owner="Transport team",
            due=date.today() - timedelta(days=3), status="on_track", easy_read="Bus times.",
        )  # fmt: skip
        db.add(late)
    assert thread_app.test_client().get("/").status_code == 200
    [email] = inbox.wait_for(1)
    assert email["Subject"] == "An action is past its due date"
    thread_app.extensions["safety_sender"].kick()
    assert inbox.wait_for(2, seconds=2) == [email], "the same action noticed twice"


def test_flask_notices_send_sends_what_is_due(
    mail_app: Flask, smtp: tuple[Inbox, int], db_session: Session
) -> None:
    inbox, _port = smtp
    person(mail_app, "reviewer", "reviewer@example.org")
    leave_comment(Browser(mail_app.test_client()))
    result = mail_app.test_cli_runner().invoke(args=["notices", "send"])
    assert result.exit_code == 0, result.output
    assert "1 notice email(s) sent." in result.output
    assert [str(m["To"]) for m in inbox.wait_for(1)] == ["reviewer@example.org"]


def test_without_a_mail_server_nothing_is_sent_and_it_says_so(
    app: Flask, db_session: Session
) -> None:
    person(app, "reviewer", "reviewer@example.org")
    leave_comment(Browser(app.test_client()))
    assert send(app) == 0
    row = db_session.scalars(select(NoticeEmail)).one()
    assert (row.status, row.last_error) == ("no_mail_server", "PORTAL_SMTP_HOST is not set")


def test_the_moderators_told_are_the_roles_of_the_moderation_pages(app: Flask) -> None:
    assert app.blueprints["moderation"].allowed_roles == MODERATOR_ROLES  # type: ignore[attr-defined]


# --- the page where each person chooses --------------------------------------------------


def notices_page(app: Flask, role: str) -> tuple[Browser, Page, int]:
    staff_id = add_staff(app, role)
    staff = browser_of(app, staff_id)
    return staff, staff.get("/staff/notices/"), staff_id


def checked(page: Page) -> dict[str, str]:
    return {
        str(radio["name"]): str(radio["value"])
        for radio in page.soup.select("input[type=radio][checked]")
    }


def test_a_reviewer_sees_their_notices_by_email_at_first_and_saves_new_choices(
    app: Flask, db_session: Session
) -> None:
    staff, page, staff_id = notices_page(app, "reviewer")
    assert page.h1 == "Your notices"
    assert checked(page) == {"report_review": "email", "comments_waiting": "email"}
    legends = [" ".join(legend.get_text().split()) for legend in page.soup.find_all("legend")]
    assert legends == ["A report waits for your review", "New comments wait for moderation"]

    page = staff.submit(page, {"report_review": "weekly", "comments_waiting": "none"})
    assert "Your choices are saved." in page.text
    assert checked(page) == {"report_review": "weekly", "comments_waiting": "none"}
    chosen = db_session.execute(
        select(NoticeChoice.kind, NoticeChoice.how).where(NoticeChoice.staff_user_id == staff_id)
    ).all()
    assert sorted(chosen) == [("comments_waiting", "none"), ("report_review", "weekly")]


def test_an_administrator_chooses_for_their_own_kinds(app: Flask) -> None:
    _staff, page, _id = notices_page(app, "administrator")
    assert set(checked(page)) == {
        "report_approved",
        "report_published",
        "comments_waiting",
        "action_overdue",
    }


def test_a_missing_or_unknown_choice_says_what_to_do_and_saves_nothing(
    app: Flask, db_session: Session
) -> None:
    staff, page, staff_id = notices_page(app, "reviewer")
    page = staff.submit(page, {"report_review": "sometimes", "comments_waiting": ""}, status=400)
    assert page.soup.title.get_text().startswith("Error:")
    assert checked(page) == {}  # what was sent, not what was kept
    summary = page.soup.select_one(".error-summary").get_text(" ")
    assert "Choose how you want to hear “a report waits for your review”" in summary
    assert "Choose how you want to hear “new comments wait for moderation”" in summary
    link = page.soup.select_one(".error-summary a")["href"]
    assert page.soup.select_one(str(link)) is not None  # the summary links to the radios
    stored = db_session.scalars(
        select(NoticeChoice).where(NoticeChoice.staff_user_id == staff_id)
    ).all()
    assert stored == []


def test_choices_are_not_saved_without_the_pages_csrf_token(
    app: Flask, db_session: Session
) -> None:
    staff, page, staff_id = notices_page(app, "reviewer")
    staff.submit(
        page, {"report_review": "none", "comments_waiting": "none"}, drop_csrf=True, status=None
    )
    stored = db_session.scalars(
        select(NoticeChoice).where(NoticeChoice.staff_user_id == staff_id)
    ).all()
    assert stored == []


def test_staff_home_links_to_the_notices_page(app: Flask) -> None:
    staff = browser_of(app, add_staff(app, "facilitator"))
    page = staff.get(staff.get("/staff/").link("Your notices"))
    assert page.h1 == "Your notices"
    assert "There are no notices for your role." in page.text
