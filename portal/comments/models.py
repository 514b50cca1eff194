"""Comments from "Tell us more", and the themes a moderator tags each one with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow
from portal.shared.answers import one_of

COMMENT_STATUSES = ("pending", "approved", "rejected")
# The voice that reads an approved comment's moderated words wherever a page quotes them
QUOTES_SPOKEN_IN = "en"


class Comment(Base):
    """Free text from "Tell us more"; it waits for moderation before any report shows it.

    `text` is what the person wrote: only administrators see it, and only for the retention
    period. `shown_text` is the moderated version (names and identifying details taken out)
    that reports quote once the comment is approved.
    """

    __tablename__ = "comment"
    __table_args__ = (
        UniqueConstraint("response_id", "statement_id"),
        CheckConstraint(one_of("status", COMMENT_STATUSES), name="status"),
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


class CommentTheme(Base):
    """A theme a moderator tagged a comment with (a comment can touch several)."""

    __tablename__ = "comment_theme"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), primary_key=True)


class CommentRecording(Base):
    """A spoken "Tell us more": the person's own voice, converted on the server to one small
    MP3. Kept only until a moderator has listened and typed what was said (into the comment's
    text), then deleted with the moderation; retention deletes it with its comment otherwise."""

    __tablename__ = "comment_recording"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    audio: Mapped[bytes] = mapped_column(LargeBinary)
    seconds: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
