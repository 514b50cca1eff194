"""The respondent journey's logic: start, answer, comment, resume, finish. No Flask globals."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Delete, Update, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.orm.attributes import set_committed_value

from portal.audit.models import AuditEntry
from portal.audit.services import record
from portal.comments.models import Comment, CommentRecording, CommentTheme
from portal.content.bank import Questionnaire as QuestionnaireContent
from portal.content.bank import Statement
from portal.content.code_words import CODE_LENGTH, CodeWords
from portal.content.models import Questionnaire
from portal.content.models import Statement as StatementRow
from portal.db import rowcount, utcnow
from portal.kiosk.models import KioskTablet
from portal.respond.models import Answer, FailedResume, Response, copied_details
from portal.safety.models import SafetyFlag
from portal.safety.services import raise_answer_flag
from portal.shared.answers import SKIPPED
from portal.shared.visitor import Place


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
    finished_at: datetime | None
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
        Response.finished_at,
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


def spoken_statements(db: Session, response: Response) -> set[str]:
    """Statement ids whose "tell us more" holds a recording still waiting to be heard."""
    rows = db.scalars(
        select(Comment.statement_id)
        .join(CommentRecording, CommentRecording.comment_id == Comment.id)
        .where(Comment.response_id == response.id)
    )
    return set(rows)


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


def _still_open(db: Session, response: Response | ResponseAtQuestion) -> None:
    """Note that the response was active now (and has answers), unless it was sent meanwhile:
    then ResponseSent, and the caller's transaction is rolled back."""
    now = utcnow()
    changed = db.execute(
        update(Response)
        .where(Response.id == response.id, Response.finished_at.is_(None))
        .values(has_answers=True, last_active_at=now),
        execution_options={"synchronize_session": False},
    )
    if rowcount(changed) == 0:
        raise ResponseSent(response.id)
    if isinstance(response, Response):
        set_committed_value(response, "has_answers", True)
        set_committed_value(response, "last_active_at", now)


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
    me" where it is about everyone) is refused with ValueError. SKIPPED (Next with no answer,
    then "Skip") is kept for every statement and never raises a flag.
    """
    if value != SKIPPED and value not in statement.answers:
        raise ValueError(f"statement {statement.id!r} does not offer the answer {value!r}")
    if response.finished_at is not None:
        raise ResponseSent(response.id)
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
    # reports count this person from their first answer; a code opens unsent answers for
    # RESUME_INACTIVE_DAYS after the last one. Answers sent meanwhile (on another device) stay.
    _still_open(db, response)
    needs_help = raises_safety_flag(statement, value)
    if needs_help:
        raise_answer_flag(
            db, response.id, response.questionnaire_id, place_of(db, response), statement.id, value
        )
    db.flush()
    return needs_help


def save_comment(db: Session, response: Response, statement_id: str, text: str) -> None:
    """Keep (or replace, or with empty text remove) the person's "tell us more" words.
    Refused with ResponseSent once the answers were sent."""
    if response.finished_at is not None:
        raise ResponseSent(response.id)
    _still_open(db, response)
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
    """The first statement id not yet answered, or None when all are (a skipped one is done)."""
    return next((s for s in questionnaire.statement_ids if s not in answered), None)


def finish_response(db: Session, response: Response) -> None:
    """Mark the response finished (the answers were already stored page by page)."""
    if response.finished_at is None:
        response.finished_at = utcnow()
    db.flush()


# --- resume codes --------------------------------------------------------------------------


_CODE_RANDOM = secrets.SystemRandom()
# The example the resume page shows (in the person's language). It is never given as a code.
EXAMPLE_CODE = ["cat", "boat", "moon", "bell"]


class ResponseSent(Exception):
    """The answers were sent: they can be seen and taken away, never changed."""


def normalise_code(code: str, words: CodeWords) -> str | None:
    """The code's word ids joined by hyphens, however it was typed and in whichever language;
    None when it is not CODE_LENGTH code words."""
    ids = words.ids_of(code)
    if ids is None or len(ids) != CODE_LENGTH:
        return None
    return "-".join(ids)


def hash_code(normalised: str, pepper: str) -> str:
    """A keyed hash of a normalised code; the code itself is never stored."""
    return hmac.new(pepper.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def make_resume_code(db: Session, response: Response, words: CodeWords, pepper: str) -> list[str]:
    """Give the response a new code (CODE_LENGTH different word ids, each a picture and a word
    in every language: 112 words give 149 million codes) and store only its hash."""
    ids = [word.id for word in words]
    while True:
        code = _CODE_RANDOM.sample(ids, CODE_LENGTH)  # four different words: none to miscount
        if code == EXAMPLE_CODE:
            continue
        digest = hash_code("-".join(code), pepper)
        taken = db.scalar(select(Response.id).where(Response.resume_code_hash == digest))
        if taken is None:
            break
    response.resume_code_hash = digest
    db.flush()
    return code


def response_by_code(db: Session, code: str, pepper: str, words: CodeWords) -> Response | None:
    """The response a resume code belongs to, if any."""
    normalised = normalise_code(code, words)
    if normalised is None:
        return None
    digest = hash_code(normalised, pepper)
    return db.scalar(select(Response).where(Response.resume_code_hash == digest))


def code_too_old(response: Response, inactive_days: int, now: datetime | None = None) -> bool:
    """True when unsent answers were last saved more than `inactive_days` ago: the code no
    longer opens them. Sent answers can always be seen and taken away (until retention)."""
    if response.finished_at is not None:
        return False
    last = response.last_active_at or response.started_at
    return last < (now or utcnow()) - timedelta(days=inactive_days)


def wrong_codes_lately(db: Session, window_minutes: int) -> int:
    """Wrong codes across the whole site in the last `window_minutes`."""
    since = utcnow() - timedelta(minutes=window_minutes)
    failures = select(func.count()).select_from(FailedResume).where(FailedResume.at >= since)
    return int(db.scalar(failures) or 0)


def record_failed_resume(db: Session, window_minutes: int) -> FailedResume:
    """Note one try at a code before it is looked up (not the code, nor who typed it), in the
    caller's transaction; forget those out of the window. `forget_failed_resume` takes it back
    when the code was right."""
    since = utcnow() - timedelta(minutes=window_minutes)
    db.execute(delete(FailedResume).where(FailedResume.at < since))
    failure = FailedResume()
    db.add(failure)
    db.flush()
    return failure


def forget_failed_resume(db: Session, failure: FailedResume) -> None:
    """The code was right after all: it is not a failure."""
    db.execute(delete(FailedResume).where(FailedResume.id == failure.id))
    db.flush()


BACKSTOP_ALERT = "resume.many_wrong_codes"


def backstop_alert_due(db: Session, window_minutes: int) -> bool:
    """True once per window when the site-wide count of wrong codes has reached its backstop:
    the audit log keeps that staff were told (no code, nor who typed it)."""
    since = utcnow() - timedelta(minutes=window_minutes)
    told = db.scalar(
        select(AuditEntry.id).where(AuditEntry.action == BACKSTOP_ALERT, AuditEntry.at >= since)
    )
    if told is not None:
        return False
    record(db, None, BACKSTOP_ALERT, "resume", f"many wrong resume codes in {window_minutes} min")
    return True


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
