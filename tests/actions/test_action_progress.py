"""An action's story for the board: dated progress notes (added, never changed; a bad date is
refused with the note kept) and the approved comments behind it, shown in the board pack."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import ActionComment, ActionUpdate
from portal.audit.models import AuditEntry
from portal.comments.models import Comment, CommentTheme
from portal.respond.models import Response
from tests.actions.helpers import THEME, YES_GOOD, add_action, add_answers, publish_report
from tests.admin.helpers import admin_browser

NOTE = "The first training day was held. 12 staff came."
SAID = "Staff talk too fast for me."
HELD_BACK = "Nobody listens at my house."


def _approved(db: Session, text: str, status: str = "approved") -> int:
    """A comment on its own response (one comment a statement a response)."""
    taken = select(Comment.response_id)
    response = db.scalars(select(Response).where(Response.id.not_in(taken))).first()
    assert response is not None
    comment = Comment(
        response_id=response.id, statement_id=YES_GOOD, text=text, shown_text=text, status=status
    )
    db.add(comment)
    db.flush()
    db.add(CommentTheme(comment_id=comment.id, theme_id=THEME))
    db.commit()
    return comment.id


def test_a_note_is_dated_and_a_comment_behind_the_action_reaches_the_board_pack(
    app: Flask, db_session: Session
) -> None:
    add_answers(app, None, {YES_GOOD: "yes"}, 12)
    said = _approved(db_session, SAID)
    _approved(db_session, HELD_BACK, status="pending")  # never offered: not approved
    action_id = add_action(app, statement_id=YES_GOOD)
    admin, admin_id = admin_browser(app)
    page = admin.get(f"/staff/actions/{action_id}")
    assert "No progress notes yet." in page.text
    offered = [box["value"] for box in page.soup.select("input[name=comments]")]
    assert offered == [str(said)], "only approved comments of the theme"

    note_form = next(
        i
        for i, f in enumerate(page.soup.find_all("form"))
        if f.get("action", "").endswith("/notes")
    )
    refused = admin.submit(
        page, {"text": NOTE, "written_on": "31 2 2027"}, form=note_form, status=400
    )
    assert "Type a real date, for example 31 3 2027." in refused.text
    assert NOTE in refused.text, "the note typed is kept"
    assert db_session.scalars(select(ActionUpdate)).all() == []
    page = admin.submit(page, {"text": NOTE, "written_on": "2 12 2026"}, form=note_form)
    assert "The progress note is added." in page.text
    assert "2 December 2026 (On track, " in page.text and NOTE in page.text
    note = db_session.scalars(select(ActionUpdate)).one()
    assert (note.written_on, note.status, note.written_by) == (
        date(2026, 12, 2),
        "on_track",
        admin_id,
    )

    link_form = next(
        i
        for i, f in enumerate(page.soup.find_all("form"))
        if f.get("action", "").endswith("/comments")
    )
    page = admin.submit(page, {"comments": str(said)}, form=link_form)
    assert "The comments behind the action are saved." in page.text
    assert db_session.scalars(select(ActionComment.comment_id)).all() == [said]
    actions = set(db_session.scalars(select(AuditEntry.action)))
    assert {"action.note_added", "action.comments_linked"} <= actions

    report_id = publish_report(app, None)
    pack = admin.get(f"/staff/reports/{report_id}/board-pack")
    row = next(
        tr
        for tr in pack.soup.select("table.figures tbody tr")
        if tr.th and "Easy read training" in tr.th.get_text()
    )
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert f"2026-12-02: {NOTE}" in cells[-2]
    assert SAID in cells[-1] and "Statement:" in cells[-1]
    assert HELD_BACK not in pack.text


def test_a_note_needs_words(app: Flask, db_session: Session) -> None:
    action_id = add_action(app)
    admin, _ = admin_browser(app)
    page = admin.get(f"/staff/actions/{action_id}")
    note_form = next(
        i
        for i, f in enumerate(page.soup.find_all("form"))
        if f.get("action", "").endswith("/notes")
    )
    refused = admin.submit(page, {"text": "  "}, form=note_form, status=400)
    assert "Type what happened, for example" in refused.text
