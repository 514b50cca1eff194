"""Which responses are past their questionnaire's retention period, and deleting them in SQL.

A spoken comment's recording goes with its comment (a foreign key that cascades). It is meant
to go sooner, when a moderator decides the comment; one still waiting after the retention
period is deleted on its own, even though its response is kept."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, or_, select
from sqlalchemy.orm import Session

from portal.audit.services import record
from portal.comments.models import Comment, CommentRecording
from portal.content.models import Questionnaire
from portal.db import rowcount
from portal.respond.models import Response
from portal.respond.services import ResponseCounts, count_responses, delete_responses


def months_before(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months earlier (31 March less 1 month is 28 February)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_cutoffs(db: Session, now: datetime) -> list[tuple[str, int, datetime]]:
    """Each questionnaire (every version shares its period) with its period and cut-off time."""
    rows = db.execute(
        select(Questionnaire.slug, Questionnaire.retention_months)
        .distinct()
        .order_by(Questionnaire.slug)
    )
    return [(slug, months, months_before(now, months)) for slug, months in rows]


def expired_by_questionnaire(
    db: Session, now: datetime
) -> list[tuple[str, int, datetime, ResponseCounts]]:
    """What retention would delete now, questionnaire by questionnaire: its period, its cut-off
    time and the counts, without deleting anything."""
    return [
        (
            slug,
            months,
            cutoff,
            count_responses(
                db,
                and_(
                    Response.questionnaire_id.in_(
                        select(Questionnaire.id).where(
                            Questionnaire.slug == slug, Questionnaire.retention_months == months
                        )
                    ),
                    Response.started_at < cutoff,
                ),
            ),
        )
        for slug, months, cutoff in retention_cutoffs(db, now)
    ]


def _older_than_retention(
    db: Session, now: datetime, moment: ColumnElement[datetime] | Any
) -> ColumnElement[bool]:
    """`moment` (a column beside Response) is before its questionnaire's retention period (one
    condition per period, so the deletes stay a handful of SQL statements however many answers
    there are)."""
    by_months: dict[int, list[int]] = defaultdict(list)
    for questionnaire_id, months in db.execute(
        select(Questionnaire.id, Questionnaire.retention_months)
    ):
        by_months[months].append(questionnaire_id)
    return or_(
        false(),
        *(
            and_(Response.questionnaire_id.in_(ids), moment < months_before(now, months))
            for months, ids in sorted(by_months.items())
        ),
    )


def expired(db: Session, now: datetime) -> ColumnElement[bool]:
    """Responses started before their questionnaire's retention period."""
    return _older_than_retention(db, now, Response.started_at)


def delete_old_recordings(db: Session, now: datetime) -> int:
    """Delete recordings made before their questionnaire's retention period, moderated or not
    (their comments stay); how many went."""
    old = (
        select(CommentRecording.comment_id)
        .join(Comment, Comment.id == CommentRecording.comment_id)
        .join(Response, Response.id == Comment.response_id)
        .where(_older_than_retention(db, now, CommentRecording.created_at))
    )
    result = db.execute(
        delete(CommentRecording).where(CommentRecording.comment_id.in_(old.scalar_subquery())),
        execution_options={"synchronize_session": False},
    )
    return int(rowcount(result) or 0)


def apply_retention(db: Session, now: datetime, dry_run: bool = False) -> ResponseCounts:
    """Delete every expired response with its answers, comments and their recordings, and any
    recording older than the retention period; audit the counts.

    Safety flags stay, no longer linked to a response. With dry_run, only count.
    """
    which = expired(db, now)
    if dry_run:
        return count_responses(db, which)
    counts = delete_responses(db, which)
    record(db, None, "retention.applied", "responses", str(counts))
    recordings = delete_old_recordings(db, now)
    if recordings:
        record(db, None, "retention.recordings", "recordings", f"{recordings} recordings")
    return counts
