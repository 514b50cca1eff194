"""The respondent journey's logic: start, answer, comment, resume, finish. No Flask globals."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Delete, Update, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import QueryableAttribute, Session

from portal.audit.services import record
from portal.comments.models import Comment, CommentTheme
from portal.content.bank import Questionnaire as QuestionnaireContent
from portal.content.bank import Statement
from portal.content.models import Questionnaire
from portal.content.models import Statement as StatementRow
from portal.db import rowcount, utcnow
from portal.kiosk.models import KioskTablet
from portal.respond.models import Answer, FailedResume, Response, copied_details
from portal.safety.models import SafetyFlag
from portal.safety.services import raise_answer_flag
from portal.shared.visitor import Place

RESUME_CODE_WORDS = 3


def start_response(
    db: Session,
    questionnaire: Questionnaire,
    language: str,
    answered_by: str,
    place: Place | None = None,
) -> Response:
    """A new, anonymous response; its random token is all that ties it to the visitor.

    `place` is its area and group session (no session means "at home").
    """
    place = place or Place()
    response = Response(
        token=secrets.token_urlsafe(24),
        questionnaire_id=questionnaire.id,
        language=language,
        answered_by=answered_by,
        area_id=place.area_id,
        session_id=place.session_id,
        tablet_id=place.tablet_id,
    )
    db.add(response)
    db.flush()
    return response


def response_by_token(db: Session, token: str | None) -> Response | None:
    """The response a visitor's session points at."""
    if not token:
        return None
    return db.scalar(select(Response).where(Response.token == token))


def place_of(db: Session, response: Response | ResponseAtQuestion) -> Place:
    """Where this response is being given: its area, group session and tablet."""
    number = None
    if response.tablet_id is not None:
        number = db.scalar(select(KioskTablet.number).where(KioskTablet.id == response.tablet_id))
    return Place(response.area_id, response.session_id, response.tablet_id, number)


@dataclass(frozen=True)
class ResponseAtQuestion:
    """A response as a question page and its answer need it, read in one query: where and by
    whom it is given, whether it has answers, and its answer to this page's statement."""

    id: int
    questionnaire_id: int
    area_id: int | None
    session_id: int | None
    tablet_id: int | None
    answered_by: str
    started_at: datetime
    record_key: int
    has_answers: bool
    answer: str | None

    def copied_details(self) -> dict[str, object]:
        return copied_details(self)


# One query for a question page, built once: the response and its answer to this statement.
_AT_QUESTION = (
    select(
        Response.id,
        Response.questionnaire_id,
        Response.area_id,
        Response.session_id,
        Response.tablet_id,
        Response.answered_by,
        Response.started_at,
        Response.record_key,
        Response.has_answers,
        Answer.value.label("answer"),
    )
    .outerjoin(
        Answer,
        (Answer.response_id == Response.id) & (Answer.statement_id == bindparam("statement")),
    )
    .where(Response.token == bindparam("token"))
)


def response_at_question(
    db: Session | Connection, token: str | None, statement_id: str
) -> ResponseAtQuestion | None:
    """The response a visitor's session points at, with its answer to `statement_id`."""
    if not token:
        return None
    connection = db.connection() if isinstance(db, Session) else db  # plain rows, no ORM
    row = connection.execute(_AT_QUESTION, {"token": token, "statement": statement_id}).first()
    return ResponseAtQuestion(**row._mapping) if row is not None else None


def answers_by_statement(db: Session, response: Response) -> dict[str, str]:
    """Statement id -> answer value, for one response."""
    rows = db.execute(
        select(Answer.statement_id, Answer.value).where(Answer.response_id == response.id)
    )
    return {key: value for key, value in rows}


def comments_by_statement(db: Session, response: Response) -> dict[str, str]:
    """Statement id -> "tell us more" text, for one response."""
    rows = db.execute(
        select(Comment.statement_id, Comment.text).where(Comment.response_id == response.id)
    )
    return {key: value for key, value in rows}


def raises_safety_flag(statement: Statement | StatementRow, value: str) -> bool:
    """True when this answer to a safety statement means the person may not be safe: the
    statement's own list of answers that raise an alert (content: `alert_on`), from the bank or
    its row in the database."""
    alert_on = statement.alert_on
    return value in (alert_on.split() if isinstance(alert_on, str) else alert_on)


_ANSWER_UPSERTS: dict[str, Any] = {}


def _answer_upsert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT ... DO UPDATE of one answer, built once per database (SQLite and
    PostgreSQL spell it alike). The update is skipped when the page's one-time key is the key the
    answer was last saved with: then nothing is returned."""
    if dialect not in _ANSWER_UPSERTS:
        columns: tuple[str, ...] = (
            "response_id",
            "statement_id",
            "value",
            "answered_at",
            "submission_key",
        )
        columns += Response.COPIED
        insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(Answer)
        insert = insert.values({column: bindparam(column) for column in columns})
        sent = insert.excluded
        _ANSWER_UPSERTS[dialect] = insert.on_conflict_do_update(
            index_elements=[Answer.response_id, Answer.statement_id],
            set_={
                "value": sent.value,
                "answered_at": sent.answered_at,
                "submission_key": sent.submission_key,
            },
            where=sent.submission_key.is_(None)
            | Answer.submission_key.is_distinct_from(sent.submission_key),
        ).returning(Answer.id)
    return _ANSWER_UPSERTS[dialect]


def record_answer(
    db: Session,
    response: Response | ResponseAtQuestion,
    statement: Statement,
    value: str,
    key: str = "",
) -> bool:
    """Store (or change) one answer; returns True when it needs the help page shown.

    One statement either way: a new answer is inserted, an answer already there is changed.
    `key` is the one-time key of the page it was sent from: the same page sent twice changes
    nothing the second time (the database compares the keys) and raises no second flag.
    An answer the statement does not offer ("Sometimes" to a one-off event, "This is not about
    me" where it is about everyone) is refused with ValueError.
    """
    if value not in statement.answers:
        raise ValueError(f"statement {statement.id!r} does not offer the answer {value!r}")
    connection = db.connection()
    changed = connection.execute(
        _answer_upsert(connection.dialect.name),
        {
            "response_id": response.id,
            "statement_id": statement.id,
            "value": value,
            "answered_at": utcnow(),
            "submission_key": key or None,
            **response.copied_details(),
        },
    ).first()
    if changed is None:  # this page was sent before: the answer it stored stays
        stored = db.scalar(
            select(Answer.value).where(
                Answer.response_id == response.id, Answer.statement_id == statement.id
            )
        )
        return raises_safety_flag(statement, stored or value)
    if isinstance(response, Response):
        response.has_answers = True
    elif not response.has_answers:  # the first answer: reports now count this person
        db.execute(update(Response).where(Response.id == response.id).values(has_answers=True))
    needs_help = raises_safety_flag(statement, value)
    if needs_help:
        raise_answer_flag(
            db, response.id, response.questionnaire_id, place_of(db, response), statement.id, value
        )
    db.flush()
    return needs_help


def save_comment(db: Session, response: Response, statement_id: str, text: str) -> None:
    """Keep (or replace, or with empty text remove) the person's "tell us more" words."""
    comment = db.scalar(
        select(Comment).where(
            Comment.response_id == response.id, Comment.statement_id == statement_id
        )
    )
    text = text.strip()
    if comment is not None and not text:
        db.delete(comment)
    elif comment is not None:
        comment.text = text
        comment.status = "pending"
    elif text:
        db.add(Comment(response_id=response.id, statement_id=statement_id, text=text))
    db.flush()


def first_unanswered(questionnaire: QuestionnaireContent, answered: dict[str, str]) -> str | None:
    """The first statement id not yet answered, or None when all are."""
    return next((s for s in questionnaire.statement_ids if s not in answered), None)


def finish_response(db: Session, response: Response) -> None:
    """Mark the response finished (the answers were already stored page by page)."""
    if response.finished_at is None:
        response.finished_at = utcnow()
    db.flush()


# --- resume codes --------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Lower case words joined by single hyphens, whatever the person typed between them."""
    return "-".join(re.findall(r"[a-z]+", code.lower()))


def hash_code(code: str, pepper: str) -> str:
    """A keyed hash of the code; the code itself is never stored."""
    return hmac.new(pepper.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def make_resume_code(db: Session, response: Response, words: Sequence[str], pepper: str) -> str:
    """Give the response a new memorable code (three short words) and store only its hash."""
    while True:
        code = "-".join(secrets.choice(words) for _ in range(RESUME_CODE_WORDS))
        digest = hash_code(code, pepper)
        taken = db.scalar(select(Response.id).where(Response.resume_code_hash == digest))
        if taken is None:
            break
    response.resume_code_hash = digest
    db.flush()
    return code


def response_by_code(db: Session, code: str, pepper: str) -> Response | None:
    """The response a resume code belongs to, if any."""
    if len(normalise_code(code).split("-")) != RESUME_CODE_WORDS:
        return None
    digest = hash_code(code, pepper)
    return db.scalar(select(Response).where(Response.resume_code_hash == digest))


def resume_paused(db: Session, max_failures: int, window_minutes: int) -> bool:
    """True when the whole site has had `max_failures` wrong codes in the last `window_minutes`:
    /resume then checks no code until the oldest of them is out of the window."""
    since = utcnow() - timedelta(minutes=window_minutes)
    failures = select(func.count()).select_from(FailedResume).where(FailedResume.at >= since)
    return (db.scalar(failures) or 0) >= max_failures


def record_failed_resume(db: Session, window_minutes: int) -> None:
    """Note one wrong code (not the code, nor who typed it); forget those out of the window."""
    since = utcnow() - timedelta(minutes=window_minutes)
    db.execute(delete(FailedResume).where(FailedResume.at < since))
    db.add(FailedResume())
    db.flush()


# --- deleting answers (withdrawal and retention) -------------------------------------------


@dataclass(frozen=True)
class ResponseCounts:
    """How many responses, answers and comments (and safety flags kept, unlinked) a delete hit."""

    responses: int = 0
    answers: int = 0
    comments: int = 0
    safety_flags_kept: int = 0

    def __str__(self) -> str:
        return (
            f"{self.responses} responses, {self.answers} answers, {self.comments} comments "
            f"({self.safety_flags_kept} safety flags kept)"
        )


def count_responses(db: Session, which: ColumnElement[bool]) -> ResponseCounts:
    """What `delete_responses(db, which)` would delete, without deleting anything."""
    ids = select(Response.id).where(which).scalar_subquery()

    def count(column: QueryableAttribute[Any], key: QueryableAttribute[Any]) -> int:
        return int(db.scalar(select(func.count(column)).where(key.in_(ids))) or 0)

    return ResponseCounts(
        responses=count(Response.id, Response.id),
        answers=count(Answer.id, Answer.response_id),
        comments=count(Comment.id, Comment.response_id),
        safety_flags_kept=count(SafetyFlag.id, SafetyFlag.response_id),
    )


def delete_responses(db: Session, which: ColumnElement[bool]) -> ResponseCounts:
    """Delete the responses matching `which` with their answers and comments, in a few SQL
    statements. A safety flag is never deleted: it stays, no longer linked to any response."""
    ids = select(Response.id).where(which).scalar_subquery()
    comment_ids = select(Comment.id).where(Comment.response_id.in_(ids)).scalar_subquery()
    quietly = {"synchronize_session": False}

    def run(statement: Update | Delete) -> int:
        return int(rowcount(db.execute(statement, execution_options=quietly)) or 0)

    flags = run(update(SafetyFlag).where(SafetyFlag.response_id.in_(ids)).values(response_id=None))
    run(delete(CommentTheme).where(CommentTheme.comment_id.in_(comment_ids)))
    comments = run(delete(Comment).where(Comment.response_id.in_(ids)))
    answers = run(delete(Answer).where(Answer.response_id.in_(ids)))
    responses = run(delete(Response).where(which))
    db.flush()
    return ResponseCounts(responses, answers, comments, flags)


def withdraw_response(db: Session, response: Response) -> ResponseCounts:
    """The person takes their answers away: the response, its answers, comments and code go.

    The audit entry says only how much went, nothing that could point back at the person.
    """
    counts = delete_responses(db, Response.id == response.id)
    if response in db:
        db.expunge(response)
    record(
        db,
        None,
        "response.withdrawn",
        "response",
        f"{counts.answers} answers, {counts.comments} comments",
    )
    return counts
