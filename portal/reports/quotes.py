"""The approved, moderated words of "Tell us more" comments that a report may quote."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.comments.models import Comment, CommentTheme
from portal.content.models import Statement
from portal.reports.cube import questionnaire_ids
from portal.reports.filters import ReportFilters
from portal.respond.models import Response
from portal.safety.services import comments_held


def approved_quotes(db: Session, filters: ReportFilters) -> list[dict[str, Any]]:
    """The moderated words of approved comments given in the report's questionnaire, period,
    area, "who answered" and place, by theme then statement. Never the person's own words,
    never which response or comment they came from, and never a comment that is with the
    safety lead (even one approved before it was sent there)."""
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    query = (
        select(Comment.id, Comment.statement_id, Comment.shown_text, CommentTheme.theme_id)
        .join(Response, Response.id == Comment.response_id)
        .join(Statement, Statement.id == Comment.statement_id)
        .outerjoin(CommentTheme, CommentTheme.comment_id == Comment.id)
        .where(
            Comment.status == "approved",
            Comment.shown_text.is_not(None),
            Comment.id.not_in(comments_held()),
            Response.questionnaire_id.in_(ids),
            Response.started_at >= filters.first.start,
            Response.started_at < filters.last.end,
            *filters.narrowing(Response.area_id, Response.answered_by, Response.session_id),
        )
        .order_by(Statement.theme_id, Comment.statement_id, Comment.id, CommentTheme.theme_id)
    )
    quotes = []
    for _comment_id, group in groupby(db.execute(query), key=lambda row: row[0]):
        rows = list(group)
        quotes.append(
            {
                "statement_id": rows[0][1],
                "theme_ids": [row[3] for row in rows if row[3] is not None],
                "text": rows[0][2],
            }
        )
    return quotes
