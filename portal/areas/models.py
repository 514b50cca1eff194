"""Areas (localities), the help contacts an administrator sets for each, and shareable links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow


class Area(Base):
    """A place answers come from, e.g. a locality; reports can be filtered by it."""

    __tablename__ = "area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    contacts: Mapped[list[AreaContact]] = relationship(
        order_by="AreaContact.position, AreaContact.id", cascade="all, delete-orphan"
    )


class AreaContact(Base):
    """A local help contact shown on the help page to people answering in this area."""

    __tablename__ = "area_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ShareLink(Base):
    """A link for families (letter, email, text message): opens the journey with an area set.

    It names the questionnaire by slug, so the link keeps working when a new version comes out.
    """

    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    questionnaire_slug: Mapped[str] = mapped_column(String(64))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
