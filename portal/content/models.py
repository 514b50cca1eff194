"""Tables mirroring the statement bank, so answers and reports can join on them; and the
content itself, as releases of its YAML files (the studio edits them in the browser)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow

# draft: the studio's working copy (one at most, with in_review and approved); in_review: sent to
# the Advisory Group; approved: a reviewer agreed to exactly these files; published: what
# respondents see now (one at most); replaced: published once; discarded: a draft thrown away.
RELEASE_STATUSES = ("draft", "in_review", "approved", "published", "replaced", "discarded")
OPEN_STATUSES = ("draft", "in_review", "approved")


class Theme(Base):
    __tablename__ = "theme"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Statement(Base):
    __tablename__ = "statement"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"))
    text: Mapped[str] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(16))
    safety: Mapped[bool] = mapped_column(Boolean, default=False)
    # The answers that raise a safety alert, space-separated (content: `alert_on`)
    alert_on: Mapped[str] = mapped_column(String(80), default="")


class Questionnaire(Base):
    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    # The content release that first published this version (None: loaded before releases);
    # a number, not a foreign key, so nothing done to releases can reach the answers' questions
    release_id: Mapped[int | None] = mapped_column(Integer)
    # How long answers and comments are kept (from content; `flask retention apply`).
    retention_months: Mapped[int] = mapped_column(Integer)
    items: Mapped[list[QuestionnaireItem]] = relationship(
        order_by="QuestionnaireItem.position", cascade="all, delete-orphan"
    )


class QuestionnaireItem(Base):
    __tablename__ = "questionnaire_item"

    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id"))
    # The English words this version asked (a statement's words can change with the same
    # meaning in a later version; reports say which words each version used)
    text: Mapped[str | None] = mapped_column(Text)


class ContentBlob(Base):
    """One content file's text, stored once however many releases hold it."""

    __tablename__ = "content_blob"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the text
    body: Mapped[str] = mapped_column(Text)


class ContentRelease(Base):
    """The whole content (every YAML file of content/) at one moment."""

    __tablename__ = "content_release"
    __table_args__ = (
        CheckConstraint(
            f"status IN ({', '.join(repr(s) for s in RELEASE_STATUSES)})", name="status"
        ),
        # One published release at most
        Index(
            "uq_content_release_published",
            "status",
            unique=True,
            sqlite_where=sql("status = 'published'"),
            postgresql_where=sql("status = 'published'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    # "files": `flask content load` read it from content/; "studio": edited in the browser
    origin: Mapped[str] = mapped_column(String(16))
    # For a release loaded from files: the digest of those files (loading them again is no change)
    files_digest: Mapped[str | None] = mapped_column(String(64))
    based_on: Mapped[int | None] = mapped_column(ForeignKey("content_release.id"))
    note: Mapped[str] = mapped_column(Text, default="")  # what changed, in the editor's words
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    files: Mapped[list[ContentFile]] = relationship(cascade="all, delete-orphan")


class ContentFile(Base):
    """One YAML file of a release, by its path under content/ ("statements/my-home.yaml")."""

    __tablename__ = "content_file"

    release_id: Mapped[int] = mapped_column(
        ForeignKey("content_release.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(ForeignKey("content_blob.digest"))


class ContentReviewComment(Base):
    """A reviewer's comment on a content release sent for review."""

    __tablename__ = "content_review_comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("content_release.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
