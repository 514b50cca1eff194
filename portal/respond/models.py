"""A response (one person answering one questionnaire) and its answers ("Tell us more"
comments are kept by portal.comments).

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY, one_of


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (CheckConstraint(one_of("answered_by", ANSWERED_BY), name="answered_by"),)

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
        CheckConstraint(one_of("value", ANSWER_VALUES), name="value"),
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


class FailedResume(Base):
    """When someone typed a resume code that matched no response (the code itself is not kept).

    Counted across the whole site, not per visitor, because no address is kept: too many in a
    short time and /resume stops checking codes for a while (guessing stays hopeless).
    """

    __tablename__ = "failed_resume"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
