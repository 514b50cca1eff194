"""Survey rounds (the table): a questionnaire asked in an area between two dates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow


class SurveyRound(Base):
    """A questionnaire (by slug, so every version) asked in one area, or every area when
    `area_id` is None, from `opens_on` to `closes_on`, both days included (London dates).
    An administrator may close it early: `closed_early_on` is then its last day."""

    __tablename__ = "survey_round"
    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    questionnaire_slug: Mapped[str] = mapped_column(String(64), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    closed_early_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def last_day(self) -> date:
        """The last day people could answer: the close date, or the day it was closed early."""
        return self.closed_early_on or self.closes_on

    def status(self, today: date) -> str:
        """ "upcoming", "open" or "closed" on `today`."""
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.last_day and self.closed_early_on is None else "closed"
