"""A reviewer reads a "Tell us more" comment, takes out a name, tags a theme and approves it;
reports then quote only the edited words. Rejected and pending comments are never quoted."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audio.store import clip_file
from portal.audit.models import AuditEntry
from portal.comments.models import Comment, CommentTheme
from portal.comments.services import possible_names
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.models import Questionnaire
from portal.db import utcnow
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.quotes import approved_quotes
from portal.respond.models import Response
from portal.respond.services import save_comment
from tests.auth.helpers import add_staff, start_signed_in
from tests.groups.helpers import form_index
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin

BANK = load_bank(PROJECT_ROOT / "content")
WITH_NAME = "My support worker Sarah Jones shouts at me. I'm scared of her."
WITHOUT_NAME = "My support worker shouts at me. I'm scared of her."


def leave_comment(client: Browser, text: str = WITH_NAME) -> None:
    """A respondent presses "Tell us more" on the first question and writes `text`."""
    page = answer(client, begin(client), "sometimes", button="more")
    assert page.h1 == "Tell us more"
    client.submit(page, {"comment": text})


def the_comment(db: Session) -> Comment:
    db.expire_all()
    return db.scalars(select(Comment)).one()


def this_quarter(db: Session, comment: Comment) -> ReportFilters:
    """Report filters for the comment's questionnaire and the quarter it was written in."""
    slug = db.scalar(
        select(Questionnaire.slug)
        .join(Response, Response.questionnaire_id == Questionnaire.id)
        .where(Response.id == comment.response_id)
    )
    now = Quarter.of(utcnow())
    return ReportFilters(questionnaire=slug or "", first=now, last=now)


def staff_browser(app: Flask, role: str) -> Browser:
    staff = Browser(app.test_client())
    start_signed_in(staff, add_staff(app, role))
    return staff


def open_queue(staff: Browser) -> Page:
    page = staff.get(staff.get("/staff/").link("Comments to check"))
    assert page.h1 == "Comments to check"
    return page


def approve(staff: Browser, page: Page, comment: Comment, text: str, *themes: str) -> Page:
    data = {f"approve-{comment.id}-shown_text": text}
    if themes:
        data[f"approve-{comment.id}-themes"] = list(themes)  # type: ignore[assignment]
    form = form_index(page, f"/{comment.id}/approve")
    return staff.submit(page, data, button="Approve", form=form, status=None)


def reject(staff: Browser, page: Page) -> Page:
    """Reject the first comment on the page."""
    return staff.submit(page, button="Reject", form=form_index(page, "/reject"))


def test_a_comment_with_a_name_waits_for_moderation_and_is_not_quoted(
    client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    assert (comment.status, comment.shown_text) == ("pending", None)
    assert approved_quotes(db_session, this_quarter(db_session, comment)) == []


def test_the_queue_shows_the_words_the_statement_its_theme_and_the_names_to_check(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    statement = BANK.statements[comment.statement_id]
    page = open_queue(staff_browser(app, "reviewer"))
    item = page.soup.select_one(f"#comment-{comment.id}")
    assert item is not None
    words = " ".join(item.get_text(" ").split())
    assert statement.text in words
    assert f"Theme: {BANK.themes[statement.theme].name}" in words
    assert "Check these words: Sarah, Jones." in words
    assert item.find("textarea").get_text() == WITH_NAME
    checked = [box["value"] for box in item.select("input[type=checkbox][checked]")]
    assert checked == [statement.theme]


def test_reviewer_approves_edited_words_and_reports_quote_only_those(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    theme = BANK.statements[comment.statement_id].theme
    reviewer = staff_browser(app, "reviewer")
    page = approve(reviewer, open_queue(reviewer), comment, WITHOUT_NAME, theme)
    assert page.status == 200
    assert "The comment is approved." in page.text
    assert "There are no comments waiting." in page.text

    comment = the_comment(db_session)
    assert (comment.status, comment.shown_text, comment.text) == (
        "approved",
        WITHOUT_NAME,
        WITH_NAME,
    )
    assert comment.moderated_by is not None and comment.moderated_at is not None
    quotes = approved_quotes(db_session, this_quarter(db_session, comment))
    assert quotes == [
        {"statement_id": comment.statement_id, "theme_ids": [theme], "text": WITHOUT_NAME}
    ]
    assert "Sarah" not in repr(quotes)


def test_approved_words_have_their_clip_at_once(
    app: Flask, client: Browser, db_session: Session
) -> None:
    """A report in review quotes them straight away: "Read this page to me" must not go quiet."""
    words = "Staff shout at me at tea time and I go to my room."  # said nowhere else
    leave_comment(client, words)
    comment = the_comment(db_session)
    assert clip_file("en", words, store_dir=app.config["AUDIO_DIR"]) is None
    reviewer = staff_browser(app, "reviewer")
    theme = BANK.statements[comment.statement_id].theme
    assert (
        "The comment is approved."
        in approve(reviewer, open_queue(reviewer), comment, words, theme).text
    )
    assert clip_file("en", words, store_dir=app.config["AUDIO_DIR"]) is not None


def test_rejected_comments_are_never_quoted(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    reviewer = staff_browser(app, "reviewer")
    page = reject(reviewer, open_queue(reviewer))
    assert "The comment is rejected." in page.text
    comment = the_comment(db_session)
    assert comment.status == "rejected"
    assert approved_quotes(db_session, this_quarter(db_session, comment)) == []
    page = reviewer.get("/staff/comments/?show=rejected")
    assert page.h1 == "Rejected comments"
    assert "Sarah" not in page.text


def test_after_approval_only_an_administrator_sees_what_the_person_wrote(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    approve(reviewer, open_queue(reviewer), comment, WITHOUT_NAME, "keeping-safe")

    for url in ("/staff/comments/", "/staff/comments/?show=approved"):
        assert "Sarah" not in reviewer.get(url).text
    page = reviewer.get("/staff/comments/?show=approved")
    assert WITHOUT_NAME in page.text

    admin = staff_browser(app, "administrator")
    page = admin.get(admin.get("/staff/comments/").link("Approved"))
    assert page.h1 == "Approved comments"
    assert WITHOUT_NAME in page.text
    assert f"What the person wrote (only administrators see this): {WITH_NAME}" in page.text


def test_decisions_are_audited_without_the_words(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    first = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    approve(reviewer, open_queue(reviewer), first, WITHOUT_NAME, "keeping-safe", "good-support")
    other = Browser(app.test_client())
    leave_comment(other, "Bob at the day centre is kind.")
    reject(reviewer, open_queue(reviewer))

    entries = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    decisions = [(e.action, e.subject, e.detail) for e in entries if e.action.startswith("comm")]
    rejected = db_session.scalars(select(Comment).where(Comment.status == "rejected")).one()
    assert decisions == [
        ("comment.approved", f"comment:{first.id}", "edited; themes: good-support, keeping-safe"),
        ("comment.rejected", f"comment:{rejected.id}", ""),
    ]
    assert all(e.actor_id is not None for e in entries)
    written = " ".join(f"{e.subject} {e.detail}" for e in entries)
    for words in ("Sarah", "shouts", "Bob", "kind"):
        assert words not in written


def test_empty_words_or_no_theme_give_an_easy_read_error_and_change_nothing(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    page = approve(reviewer, open_queue(reviewer), comment, "   ")
    assert page.status == 400
    assert page.soup.title.get_text().startswith("Error: Comments to check")
    summary = " ".join(page.soup.select_one(".error-summary").get_text(" ").split())
    assert "Type the words that reports can show. Or press “Reject”." in summary
    assert "Choose at least one theme." in summary
    for link in page.soup.select(".error-summary a"):
        assert page.soup.find(id=link["href"].lstrip("#")), link

    too_long = approve(reviewer, page, comment, "x" * 2001, "keeping-safe")
    assert too_long.status == 400
    assert "Use 2000 letters or fewer." in too_long.text

    comment = the_comment(db_session)
    assert (comment.status, comment.shown_text, comment.moderated_by) == ("pending", None, None)
    assert db_session.scalars(select(CommentTheme)).all() == []
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_a_comment_already_decided_by_someone_else_is_left_as_it_is(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    first, second = staff_browser(app, "reviewer"), staff_browser(app, "administrator")
    first_page, second_page = open_queue(first), open_queue(second)
    approve(first, first_page, comment, WITHOUT_NAME, "keeping-safe")
    page = reject(second, second_page)
    assert "Someone already made a decision about that comment. Nothing was changed." in page.text
    assert the_comment(db_session).status == "approved"
    assert len(db_session.scalars(select(AuditEntry)).all()) == 1


def test_a_comment_the_person_changed_since_the_page_opened_is_not_decided(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    page = open_queue(reviewer)
    response = db_session.get(Response, comment.response_id)
    assert response is not None
    save_comment(db_session, response, comment.statement_id, "Kim is unkind.")
    db_session.commit()

    page = approve(reviewer, page, comment, WITHOUT_NAME, "keeping-safe")
    assert "The person changed that comment after you opened this page." in page.text
    assert "Kim is unkind." in page.text
    assert (the_comment(db_session).status, the_comment(db_session).shown_text) == (
        "pending",
        None,
    )


def test_editing_an_approved_comment_takes_it_out_of_reports_until_checked_again(
    app: Flask, client: Browser, db_session: Session
) -> None:
    leave_comment(client)
    comment = the_comment(db_session)
    reviewer = staff_browser(app, "reviewer")
    approve(reviewer, open_queue(reviewer), comment, WITHOUT_NAME, "keeping-safe")
    db_session.expire_all()
    response = db_session.get(Response, comment.response_id)
    assert response is not None
    save_comment(db_session, response, comment.statement_id, "Kim is unkind.")
    db_session.commit()
    assert approved_quotes(db_session, this_quarter(db_session, comment)) == []
    assert "Kim is unkind." in open_queue(reviewer).text


def test_possible_names_are_capitalised_words_inside_sentences() -> None:
    assert possible_names("I like Tom. Staff help me. I'm going to Leeds with Amy's mum.") == [
        "Tom",
        "Leeds",
        "Amy",
    ]
    assert possible_names("Staff are kind.\nThey listen to me and I feel safe.") == []
