"""A response (one person answering one questionnaire) and its answers ("Tell us more"
comments are kept by portal.comments).

Nothing here names a person: no name, email or IP address is ever stored with answers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Protocol

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, new_record_key, utcnow
from portal.shared.answers import ANSWERED_BY, STORED_VALUES, one_of


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
    # When an answer or comment was last saved: a resume code stops working for answering after
    # RESUME_INACTIVE_DAYS without one (None: nothing saved yet, so started_at counts).
    last_active_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set with the first answer stored, and never unset: answers go only with their response.
    # Reports count the people who answered from this, without looking at the answers.
    has_answers: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where the answers were given: an area, and a group session (None means "at home").
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_session.id", ondelete="SET NULL"), index=True
    )
    tablet_id: Mapped[int | None] = mapped_column(
        ForeignKey("kiosk_tablet.id", ondelete="SET NULL")
    )
    # A random number from 0 to 255, never shown: a report cell's key is the sum of its
    # people's keys, and decides its published value (portal/reports/disclosure.py).
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    # What each of this response's answers keeps a copy of (see Answer), by column name.
    COPIED: ClassVar[tuple[str, ...]] = (
        "questionnaire_id",
        "area_id",
        "answered_by",
        "at_home",
        "started_quarter",
        "record_key",
    )

    def copied_details(self) -> dict[str, object]:
        """What each of this response's answers keeps a copy of (see Answer)."""
        return copied_details(self)


# The columns a report groups answers by, in the order of the index that serves it.
REPORT_COLUMNS = (
    "questionnaire_id",
    "started_quarter",
    "statement_id",
    "value",
    "area_id",
    "answered_by",
    "at_home",
    "record_key",
)


def quarter_start(moment: datetime) -> date:
    """The first day of the quarter (January-March, April-June...) `moment` falls in."""
    return date(moment.year, (moment.month - 1) // 3 * 3 + 1, 1)


class ResponseDetails(Protocol):
    """What a response's answers copy: a Response, or the same columns read as a plain row."""

    @property
    def questionnaire_id(self) -> int: ...
    @property
    def area_id(self) -> int | None: ...
    @property
    def answered_by(self) -> str: ...
    @property
    def session_id(self) -> int | None: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def record_key(self) -> int: ...


def copied_details(response: ResponseDetails) -> dict[str, object]:
    """What each of a response's answers keeps a copy of (see Answer), by column name."""
    return {
        "questionnaire_id": response.questionnaire_id,
        "area_id": response.area_id,
        "answered_by": response.answered_by,
        "at_home": response.session_id is None,
        "started_quarter": quarter_start(response.started_at),
        "record_key": response.record_key,
    }


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "statement_id"),
        CheckConstraint(one_of("value", STORED_VALUES), name="value"),
        # Everything a report counts, in the order it groups by (portal/reports/cube.py): a
        # report reads only its questionnaire's quarters, in order, from here and not the table
        # (SQLite always; PostgreSQL once vacuum has marked the table's pages all-visible).
        Index("ix_answer_report", *REPORT_COLUMNS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id"))
    value: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # The one-time key of the page this answer was last sent from: the same page sent again
    # (a double tap, a retry after a lost connection) changes nothing.
    submission_key: Mapped[str | None] = mapped_column(String(32))
    # Copies of the response's details, written with the answer (Response.copied_details) and
    # never changed: nothing changes a response's questionnaire, area, who answered, session or
    # start once it is made (only a group session nobody answered in is ever deleted). Reports
    # count answers from these alone, with no join to response (portal/reports/cube.py).
    questionnaire_id: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(Integer)
    answered_by: Mapped[str] = mapped_column(String(16))
    at_home: Mapped[bool] = mapped_column(Boolean)  # the response has no group session
    started_quarter: Mapped[date] = mapped_column(Date)  # first day of the quarter it started in
    record_key: Mapped[int] = mapped_column(
        Integer
    )  # the response's (portal/reports/disclosure.py)
    response: Mapped[Response] = relationship(back_populates="answers")


class FailedResume(Base):
    """When someone typed a resume code that matched no response (the code itself is not kept).

    Counted across the whole site, not per visitor, because no address is kept: too many in a
    short time and /resume stops checking codes for a while (guessing stays hopeless).
    """

    __tablename__ = "failed_resume"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
