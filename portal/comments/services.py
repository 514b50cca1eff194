"""Moderating "Tell us more" comments, and the approved words that reports may quote.

What the person wrote (`Comment.text`) is read only to moderate a pending comment, or by an
administrator afterwards. Reports only ever get the moderated words (`Comment.shown_text`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, Literal

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.orm import QueryableAttribute, Session

from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.comments.models import Comment, CommentTheme
from portal.content.models import Statement, Theme
from portal.db import rowcount, utcnow

# Why a decision was not made: the comment was taken out by the person, someone already decided
# it, or the person changed the words after the moderator opened the page.
Problem = Literal["missing", "decided", "changed"]


def fingerprint(text: str) -> str:
    """A short stand-in for the words a moderator read, to notice when they change."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def possible_names(text: str) -> list[str]:
    """Words with a capital letter that do not start a sentence and are not "I" ("I'm"): they
    may be names. Only a hint for the moderator, who still reads every word."""
    found: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        for word in _WORD.findall(sentence)[1:]:
            word = re.sub(r"['’]s$", "", word)
            if word[0].isupper() and word != "I" and not re.match(r"I['’]", word):
                if word not in found:
                    found.append(word)
    return found


@dataclass(frozen=True)
class PendingComment:
    """A comment waiting in the queue, with what the moderator needs to read to decide."""

    id: int
    statement_text: str
    theme_id: str
    theme_name: str
    text: str
    written_at: datetime

    @property
    def possible_names(self) -> list[str]:
        return possible_names(self.text)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


@dataclass(frozen=True)
class DecidedComment:
    """An approved or rejected comment. `original` is None unless it was asked for (the
    person's own words are for administrators only)."""

    id: int
    status: str
    statement_text: str
    shown_text: str | None
    theme_names: tuple[str, ...]
    moderated_at: datetime | None
    moderator: str | None
    original: str | None = None


def pending_comments(db: Session) -> list[PendingComment]:
    """Comments waiting for a decision, oldest first."""
    rows = db.execute(
        select(Comment.id, Statement.text, Theme.id, Theme.name, Comment.text, Comment.created_at)
        .join(Statement, Statement.id == Comment.statement_id)
        .join(Theme, Theme.id == Statement.theme_id)
        .where(Comment.status == "pending")
        .order_by(Comment.created_at, Comment.id)
    )
    return [PendingComment(*row) for row in rows]


def decided_comments(db: Session, status: str, with_original: bool = False) -> list[DecidedComment]:
    """Approved (or rejected) comments, most recent decision first; the person's own words only
    when `with_original` (administrators)."""
    columns: list[QueryableAttribute[Any]] = [
        Comment.id,
        Statement.text,
        Comment.shown_text,
        Comment.moderated_at,
        StaffUser.display_name,
    ]
    if with_original:
        columns.append(Comment.text)
    rows = db.execute(
        select(*columns)
        .join(Statement, Statement.id == Comment.statement_id)
        .outerjoin(StaffUser, StaffUser.id == Comment.moderated_by)
        .where(Comment.status == status)
        .order_by(Comment.moderated_at.desc(), Comment.id.desc())
    ).all()
    themes = _theme_names(db, [row[0] for row in rows])
    return [
        DecidedComment(
            id=row[0],
            status=status,
            statement_text=row[1],
            shown_text=row[2],
            theme_names=themes.get(row[0], ()),
            moderated_at=row[3],
            moderator=row[4],
            original=row[5] if with_original else None,
        )
        for row in rows
    ]


def _theme_names(db: Session, comment_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not comment_ids:
        return {}
    rows = db.execute(
        select(CommentTheme.comment_id, Theme.name)
        .join(Theme, Theme.id == CommentTheme.theme_id)
        .where(CommentTheme.comment_id.in_(comment_ids))
        .order_by(CommentTheme.comment_id, Theme.name)
    )
    return {
        comment_id: tuple(name for _, name in group)
        for comment_id, group in groupby(rows, key=lambda row: row[0])
    }


def count_by_status(db: Session) -> dict[str, int]:
    """How many comments are pending, approved and rejected."""
    rows = db.execute(select(Comment.status, func.count()).group_by(Comment.status))
    return {"pending": 0, "approved": 0, "rejected": 0} | {s: int(n) for s, n in rows}


def _problem(row: Row[str, str] | None, seen: str) -> Problem | None:
    if row is None:
        return "missing"
    if row.status != "pending":
        return "decided"
    if fingerprint(row.text) != seen:
        return "changed"
    return None


def _status_and_text(db: Session, comment_id: int) -> Row[str, str] | None:
    return db.execute(select(Comment.status, Comment.text).where(Comment.id == comment_id)).first()


def problem_with(db: Session, comment_id: int, seen: str) -> Problem | None:
    """Why this comment cannot be decided now, or None when it still waits with the words the
    moderator read (`seen` is their fingerprint)."""
    return _problem(_status_and_text(db, comment_id), seen)


def _decide(
    db: Session, comment_id: int, actor: StaffUser, seen: str, **values: Any
) -> tuple[Problem | None, str]:
    """Set the decision only if the comment still waits with the words the moderator read
    (checked again in the UPDATE, so two moderators cannot both decide it); also gives back
    the person's words."""
    row = _status_and_text(db, comment_id)
    problem = _problem(row, seen)
    if row is None or problem is not None:
        return problem, ""
    result = db.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == "pending", Comment.text == row.text)
        # created_at says when the person wrote it: a decision must not move it.
        .values(
            moderated_by=actor.id, moderated_at=utcnow(), created_at=Comment.created_at, **values
        )
        .execution_options(synchronize_session="fetch")
    )
    if rowcount(result) != 1:
        return "decided", ""
    db.execute(delete(CommentTheme).where(CommentTheme.comment_id == comment_id))
    return None, row.text


def approve_comment(
    db: Session,
    comment_id: int,
    actor: StaffUser,
    shown_text: str,
    theme_ids: list[str],
    seen: str,
) -> Problem | None:
    """Approve the moderated words with their themes; reports can quote them from now on.
    The audit entry says which themes and whether words were taken out, never the words."""
    shown_text = shown_text.strip()
    problem, original = _decide(
        db, comment_id, actor, seen, status="approved", shown_text=shown_text
    )
    if problem is not None:
        return problem
    chosen = sorted(set(theme_ids))
    db.add_all(CommentTheme(comment_id=comment_id, theme_id=theme) for theme in chosen)
    edited = "edited" if shown_text != original else "not edited"
    record(
        db,
        actor,
        "comment.approved",
        f"comment:{comment_id}",
        f"{edited}; themes: {', '.join(chosen)}",
    )
    return None


def reject_comment(db: Session, comment_id: int, actor: StaffUser, seen: str) -> Problem | None:
    """Reject the comment: no report will show it."""
    problem, _original = _decide(db, comment_id, actor, seen, status="rejected", shown_text=None)
    if problem is not None:
        return problem
    record(db, actor, "comment.rejected", f"comment:{comment_id}")
    return None
