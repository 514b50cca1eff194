"""Moderating "Tell us more" comments, and the approved words that reports may quote.

What the person wrote (`Comment.text`) is read only to moderate a pending comment, or by an
administrator afterwards. Reports only ever get the moderated words (`Comment.shown_text`).

A comment sent to the safety lead ("This needs the safety lead") is held: reviewers do not see
it, nobody can approve or reject it, and reports do not quote it, until the lead has looked at
it. Administrators still see it, marked as with the safety lead.

A spoken comment (portal.comments.recording) has a recording, which only moderators can play
while the comment waits. The moderator types what was said (it joins the person's own words in
`Comment.text`) and the words reports may show; approving or rejecting deletes the recording
in the same transaction. The audit log never holds the words or the sound.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, column, delete, func, select, table, update
from sqlalchemy.orm import QueryableAttribute, Session

from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.comments.models import Comment, CommentRecording, CommentTheme
from portal.content.models import Statement, Theme
from portal.db import rowcount, utcnow
from portal.safety.services import comments_held, raise_comment_flag, who_was_told

# Why a decision was not made: the comment was taken out by the person, someone already decided
# it, the person changed the words after the moderator opened the page, or someone sent it to
# the safety lead.
Problem = Literal["missing", "decided", "changed", "with-lead"]

# What "This needs the safety lead" did: sent it and the lead is being emailed, sent it but
# nobody could be emailed (no mail server, or nobody on call), it was sent already, or the lead
# has already followed it up; or the comment is not there any more.
SentToLead = Literal[
    "sent", "sent-no-mail", "sent-nobody", "sent-already", "sent-followed-up", "missing"
]

# Where a comment was written, from its response. Read by column name: portal.respond stores
# comments, so it sits above this package in the layers and cannot be imported here.
_response = table(
    "response", column("id"), column("questionnaire_id"), column("area_id"), column("session_id")
)


def fingerprint(text: str, recorded_at: datetime | None = None) -> str:
    """A short stand-in for the words a moderator read (and the recording they heard), to
    notice when they change."""
    heard = f"\0{recorded_at.isoformat()}" if recorded_at is not None else ""
    return hashlib.sha256((text + heard).encode()).hexdigest()[:16]


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
    held: bool = False  # with the safety lead (only administrators see such comments)
    recorded_at: datetime | None = None  # when the person spoke, if there is a recording
    recording_seconds: float | None = None

    @property
    def possible_names(self) -> list[str]:
        return possible_names(self.text)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text, self.recorded_at)


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
    held: bool = False  # with the safety lead (only administrators see such comments)


def _held_column() -> Any:
    """Whether each comment is with the safety lead, as a column."""
    return Comment.id.in_(comments_held()).label("held")


def _visible(for_administrator: bool) -> list[Any]:
    """The condition that hides held comments from everyone but administrators."""
    return [] if for_administrator else [Comment.id.not_in(comments_held())]


def pending_comments(db: Session, for_administrator: bool = False) -> list[PendingComment]:
    """Comments waiting for a decision, oldest first; those with the safety lead only for
    administrators, marked as held."""
    rows = db.execute(
        select(
            Comment.id,
            Statement.text,
            Theme.id,
            Theme.name,
            Comment.text,
            Comment.created_at,
            _held_column(),
            CommentRecording.created_at,
            CommentRecording.seconds,
        )
        .join(Statement, Statement.id == Comment.statement_id)
        .join(Theme, Theme.id == Statement.theme_id)
        .outerjoin(CommentRecording, CommentRecording.comment_id == Comment.id)
        .where(Comment.status == "pending", *_visible(for_administrator))
        .order_by(Comment.created_at, Comment.id)
    )
    return [
        PendingComment(
            id=row[0],
            statement_text=row[1],
            theme_id=row[2],
            theme_name=row[3],
            text=row[4],
            written_at=row[5],
            held=bool(row[6]),
            recorded_at=row[7],
            recording_seconds=row[8],
        )
        for row in rows
    ]


def decided_comments(
    db: Session, status: str, for_administrator: bool = False
) -> list[DecidedComment]:
    """Approved (or rejected) comments, most recent decision first. Administrators also get
    the person's own words, and comments with the safety lead, marked as held; nobody else
    sees those."""
    columns: list[QueryableAttribute[Any]] = [
        Comment.id,
        Statement.text,
        Comment.shown_text,
        Comment.moderated_at,
        StaffUser.display_name,
        _held_column(),
    ]
    if for_administrator:
        columns.append(Comment.text)
    rows = db.execute(
        select(*columns)
        .join(Statement, Statement.id == Comment.statement_id)
        .outerjoin(StaffUser, StaffUser.id == Comment.moderated_by)
        .where(Comment.status == status, *_visible(for_administrator))
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
            held=bool(row[5]),
            original=row[6] if for_administrator else None,
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


def count_by_status(db: Session, for_administrator: bool = False) -> dict[str, int]:
    """How many comments are pending, approved and rejected (those with the safety lead
    counted only for administrators)."""
    rows = db.execute(
        select(Comment.status, func.count())
        .where(*_visible(for_administrator))
        .group_by(Comment.status)
    )
    return {"pending": 0, "approved": 0, "rejected": 0} | {s: int(n) for s, n in rows}


StatusAndText = Row[str, str, bool, datetime | None]


def _problem(row: StatusAndText | None, seen: str) -> Problem | None:
    if row is None:
        return "missing"
    if row.held:
        return "with-lead"
    if row.status != "pending":
        return "decided"
    if fingerprint(row.text, row.recorded_at) != seen:
        return "changed"
    return None


def _status_and_text(db: Session, comment_id: int) -> StatusAndText | None:
    return db.execute(
        select(
            Comment.status,
            Comment.text,
            _held_column(),
            CommentRecording.created_at.label("recorded_at"),
        )
        .outerjoin(CommentRecording, CommentRecording.comment_id == Comment.id)
        .where(Comment.id == comment_id)
    ).first()


def problem_with(db: Session, comment_id: int, seen: str) -> Problem | None:
    """Why this comment cannot be decided now, or None when it still waits with the words the
    moderator read (`seen` is their fingerprint)."""
    return _problem(_status_and_text(db, comment_id), seen)


def _same_recording(recorded_at: datetime | None) -> ColumnElement[bool]:
    """The comment still has the recording the moderator heard (or still has none)."""
    heard = select(CommentRecording.comment_id).where(CommentRecording.comment_id == Comment.id)
    if recorded_at is None:
        return ~heard.exists()
    return heard.where(CommentRecording.created_at == recorded_at).exists()


def _decide(
    db: Session, comment_id: int, actor: StaffUser, seen: str, said: str = "", **values: Any
) -> tuple[Problem | None, str]:
    """Set the decision only if the comment still waits with the words the moderator read
    (checked again in the UPDATE, so two moderators cannot both decide it); also gives back
    the person's words, with `said` (what a recording said, typed by the moderator) added to
    them. Deletes the recording: it was kept only for this decision."""
    row = _status_and_text(db, comment_id)
    problem = _problem(row, seen)
    if row is None or problem is not None:
        return problem, ""
    words = "\n\n".join(part for part in (row.text, said.strip()) if part)
    result = db.execute(
        update(Comment)
        .where(
            Comment.id == comment_id,
            Comment.status == "pending",
            Comment.text == row.text,
            Comment.id.not_in(comments_held()),
            _same_recording(row.recorded_at),
        )
        # created_at says when the person wrote it: a decision must not move it.
        .values(
            moderated_by=actor.id,
            moderated_at=utcnow(),
            created_at=Comment.created_at,
            text=words,
            **values,
        )
        .execution_options(synchronize_session="fetch")
    )
    if rowcount(result) != 1:
        return _problem(_status_and_text(db, comment_id), seen) or "decided", ""
    db.execute(delete(CommentTheme).where(CommentTheme.comment_id == comment_id))
    db.execute(delete(CommentRecording).where(CommentRecording.comment_id == comment_id))
    return None, words


def approve_comment(
    db: Session,
    comment_id: int,
    actor: StaffUser,
    shown_text: str,
    theme_ids: list[str],
    seen: str,
    said: str = "",
) -> Problem | None:
    """Approve the moderated words with their themes; reports can quote them from now on.
    `said`: what the comment's recording said, as the moderator heard it (the recording goes).
    The audit entry says which themes and whether words were taken out, never the words."""
    shown_text = shown_text.strip()
    problem, original = _decide(
        db, comment_id, actor, seen, said, status="approved", shown_text=shown_text
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
    """Reject the comment: no report will show it (its recording, if any, is deleted)."""
    problem, _original = _decide(db, comment_id, actor, seen, status="rejected", shown_text=None)
    if problem is not None:
        return problem
    record(db, actor, "comment.rejected", f"comment:{comment_id}")
    return None


def has_recording(db: Session, comment_id: int) -> bool:
    """Whether the comment has a recording waiting for moderation."""
    found = db.scalar(
        select(CommentRecording.comment_id).where(CommentRecording.comment_id == comment_id)
    )
    return found is not None


def recording_to_moderate(
    db: Session, comment_id: int, for_administrator: bool = False
) -> bytes | None:
    """The MP3 of a pending comment's recording, for a moderator to listen to; None when there
    is none, the comment is decided, or it is with the safety lead (only administrators)."""
    return db.scalar(
        select(CommentRecording.audio)
        .join(Comment, Comment.id == CommentRecording.comment_id)
        .where(
            CommentRecording.comment_id == comment_id,
            Comment.status == "pending",
            *_visible(for_administrator),
        )
    )


def send_to_safety_lead(db: Session, comment_id: int, actor: StaffUser) -> SentToLead:
    """ "This needs the safety lead": raise a safety flag for the comment (once), so the first
    person on call for its area is emailed and the comment is held until the lead has looked
    at it. Says what happened, including when nobody could be emailed."""
    row = db.execute(
        select(
            Comment.statement_id,
            _held_column(),
            _response.c.questionnaire_id,
            _response.c.area_id,
            _response.c.session_id,
        )
        .join(_response, _response.c.id == Comment.response_id)
        .where(Comment.id == comment_id)
    ).first()
    if row is None:
        return "missing"
    if row.held:
        return "sent-already"
    flag = raise_comment_flag(
        db, comment_id, row.statement_id, row.questionnaire_id, row.area_id, row.session_id, actor
    )
    if flag.acknowledged_at is not None or flag.not_genuine_reason is not None:
        return "sent-followed-up"
    problem = who_was_told(db, [flag.id])[flag.id].problem
    if problem == "nobody_on_call":
        return "sent-nobody"
    if problem == "no_mail_server":
        return "sent-no-mail"
    return "sent"
