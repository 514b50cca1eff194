"""Group sessions and the tablets that join them (tables; the facilitator's votes are in groups)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow


class GroupSession(Base):
    """One meeting of a self-advocacy group; tablets join it with a short code."""

    __tablename__ = "group_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    join_code: Mapped[str] = mapped_column(String(8), unique=True)
    group_name: Mapped[str] = mapped_column(String(120))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    session_date: Mapped[date] = mapped_column(Date)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    tablets_joined: Mapped[int] = mapped_column(Integer, default=0)
    # How many people are in the group: group-vote totals above it are refused (none: not given)
    group_size: Mapped[int | None] = mapped_column(Integer)


class KioskTablet(Base):
    """A tablet in kiosk mode. `generation` goes up at every "Next person", so a page kept from
    the previous person (or a facilitator's reset) can be told apart from the current one."""

    __tablename__ = "kiosk_tablet"
    __table_args__ = (UniqueConstraint("session_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("group_session.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when the facilitator removes the tablet: it answers no more, and its page says so
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)


class FailedJoin(Base):
    """When someone typed a join code that matched no session they could join (the code itself
    is not kept, nor who typed it). Counted across the whole site, in every worker: too many in
    a short time and /join checks no code for a while (per-client limits: portal/throttle.py)."""

    __tablename__ = "failed_join"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
