"""A response (one person answering one questionnaire), its answers and comments.

Nothing here names a person: no name, email or IP address is ever stored with answers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow

ANSWER_VALUES = ("yes", "sometimes", "no", "not_sure", "prefer_not")
ANSWERED_BY = ("own", "with_help", "on_behalf", "family_carer")


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint(
            "answered_by IN ('own', 'with_help', 'on_behalf', 'family_carer')", name="answered_by"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    language: Mapped[str] = mapped_column(String(16))
    answered_by: Mapped[str] = mapped_column(String(16))
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Where the answers were given: an area, and a group session (None means "at home").
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_session.id", ondelete="SET NULL"), index=True
    )
    tablet_id: Mapped[int | None] = mapped_column(
        ForeignKey("kiosk_tablet.id", ondelete="SET NULL")
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "statement_id"),
        CheckConstraint(
            "value IN ('yes', 'sometimes', 'no', 'not_sure', 'prefer_not')", name="value"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id"))
    value: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # The one-time key of the page this answer was last sent from: the same page sent again
    # (a double tap, a retry after a lost connection) changes nothing.
    submission_key: Mapped[str | None] = mapped_column(String(32))
    response: Mapped[Response] = relationship(back_populates="answers")


COMMENT_STATUSES = ("pending", "approved", "rejected")


class Comment(Base):
    """Free text from "Tell us more"; it waits for moderation before any report shows it.

    `text` is what the person wrote: only administrators see it, and only for the retention
    period. `shown_text` is the moderated version (names and identifying details taken out)
    that reports quote once the comment is approved.
    """

    __tablename__ = "comment"
    __table_args__ = (
        UniqueConstraint("response_id", "statement_id"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    shown_text: Mapped[str | None] = mapped_column(Text)
    moderated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime)


class FailedResume(Base):
    """When someone typed a resume code that matched no response (the code itself is not kept).

    Counted across the whole site, not per visitor, because no address is kept: too many in a
    short time and /resume stops checking codes for a while (guessing stays hopeless).
    """

    __tablename__ = "failed_resume"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class CommentTheme(Base):
    """A theme a moderator tagged a comment with (a comment can touch several)."""

    __tablename__ = "comment_theme"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), primary_key=True)
