"""An action's story for the board: dated progress notes (added, never changed) and the approved
comments behind it (their moderated words only, as reports quote them).

Every change is written to the audit log. No Flask globals: views pass the session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.actions.models import Action, ActionComment, ActionUpdate
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.comments.models import Comment, CommentTheme
from portal.safety.services import comments_held

NOTE_LENGTH = 2000


@dataclass(frozen=True)
class Note:
    written_on: date
    text: str
    status: str
    by: str | None


@dataclass(frozen=True)
class Said:
    """An approved comment's moderated words, behind an action."""

    comment_id: int
    text: str


def add_note(db: Session, actor: StaffUser, action: Action, text: str, on: date) -> ActionUpdate:
    """A dated progress note, with the action's status as it is now."""
    note = ActionUpdate(
        action_id=action.id, written_on=on, text=text.strip(), status=action.status,
        written_by=actor.id,
    )  # fmt: skip
    db.add(note)
    db.flush()
    record(db, actor, "action.note_added", f"action:{action.id}", f"{on.isoformat()}: {text}")
    return note


def notes_for(db: Session, action_ids: Iterable[int]) -> dict[int, list[Note]]:
    """Action id -> its notes, oldest first."""
    found: dict[int, list[Note]] = {}
    query = (
        select(ActionUpdate, StaffUser.display_name)
        .outerjoin(StaffUser, StaffUser.id == ActionUpdate.written_by)
        .where(ActionUpdate.action_id.in_(list(action_ids)))
        .order_by(ActionUpdate.written_on, ActionUpdate.id)
    )
    for note, name in db.execute(query):
        found.setdefault(note.action_id, []).append(
            Note(note.written_on, note.text, note.status, name)
        )
    return found


def comments_to_link(db: Session, action: Action) -> list[Said]:
    """Approved comments of the action's theme (or on its statement) that may be linked: never
    one with the safety lead."""
    query = (
        select(Comment.id, Comment.shown_text)
        .outerjoin(CommentTheme, CommentTheme.comment_id == Comment.id)
        .where(
            Comment.status == "approved",
            Comment.shown_text.is_not(None),
            Comment.id.not_in(comments_held()),
            (CommentTheme.theme_id == action.theme_id)
            | (Comment.statement_id == action.statement_id),
        )
        .order_by(Comment.id)
        .distinct()
    )
    return [Said(comment_id, text or "") for comment_id, text in db.execute(query)]


def linked_comments(db: Session, action_ids: Iterable[int]) -> dict[int, list[Said]]:
    """Action id -> the approved comments behind it (still approved and not with the lead)."""
    found: dict[int, list[Said]] = {}
    query = (
        select(ActionComment.action_id, Comment.id, Comment.shown_text)
        .join(Comment, Comment.id == ActionComment.comment_id)
        .where(
            ActionComment.action_id.in_(list(action_ids)),
            Comment.status == "approved",
            Comment.shown_text.is_not(None),
            Comment.id.not_in(comments_held()),
        )
        .order_by(Comment.id)
    )
    for action_id, comment_id, text in db.execute(query):
        found.setdefault(action_id, []).append(Said(comment_id, text or ""))
    return found


def link_comments(db: Session, actor: StaffUser, action: Action, chosen: Sequence[int]) -> None:
    """The comments behind the action are now `chosen` (only ones it may link)."""
    allowed = {said.comment_id for said in comments_to_link(db, action)}
    keep = sorted(set(chosen) & allowed)
    db.execute(delete(ActionComment).where(ActionComment.action_id == action.id))
    db.add_all(ActionComment(action_id=action.id, comment_id=comment_id) for comment_id in keep)
    db.flush()
    record(db, actor, "action.comments_linked", f"action:{action.id}", str(keep))
