"""Translations of the texts staff type into the database: an action's "We did" words, an area's
help contacts. One row per text and language, kept with the English it was made from: when staff
change the English, the old translation is no longer shown (the English is) until a translator
checks it again. They are not part of content releases: a saved translation is shown at once.

A row whose text was deleted (an action, a help contact) is never looked up again: pages ask
for the rows they show, by id, and only when the English still matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db import Base, rowcount, utcnow
from portal.shared.answers import one_of

ACTION_WORDS = "action.easy_read"  # "We did ...", on "What happened"
CONTACT_NAME = "help_contact.name"  # an area's own help contact, on the help page
CONTACT_TEXT = "help_contact.text"
TYPED_KINDS = (ACTION_WORDS, CONTACT_NAME, CONTACT_TEXT)
TYPED_STATUSES = ("draft", "checked")  # checked: by a native speaker


class TypedTextTranslation(Base):
    """One staff-typed text in one language, and the English it translates."""

    __tablename__ = "typed_text_translation"
    __table_args__ = (
        UniqueConstraint("kind", "row_id", "language"),
        CheckConstraint(one_of("kind", TYPED_KINDS), name="kind"),
        CheckConstraint(one_of("status", TYPED_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int] = mapped_column(Integer)  # the action's or help contact's id
    language: Mapped[str] = mapped_column(String(8))
    en: Mapped[str] = mapped_column(Text)  # the English it was translated from
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


def same_words(a: str, b: str) -> bool:
    """The same words, whatever the spaces between them."""
    return a.split() == b.split()


@dataclass(frozen=True)
class Words:
    """A typed text as a reader meets it: the words, and the language they are in."""

    text: str
    lang: str

    def lang_on(self, page_language: str) -> str | None:
        """The `lang` to mark the words with on a page in `page_language` (None: the page's)."""
        return None if self.lang == page_language else self.lang


class TypedWords:
    """The translations of one language, read once for a page: `words()` for each text."""

    def __init__(self, language: str, rows: Iterable[TypedTextTranslation] = ()) -> None:
        self.language = language
        self._rows = {(row.kind, row.row_id): row for row in rows}

    def words(self, kind: str, row_id: int, english: str) -> Words:
        """The text in the language when it is translated from this very English; else the
        English (a translation of English since changed is not shown)."""
        row = self._rows.get((kind, row_id))
        if row is not None and row.text and same_words(row.en, english):
            return Words(row.text, self.language)
        return Words(english, "en")


def typed_words(db: Session, language: str, kinds: Iterable[str] = TYPED_KINDS) -> TypedWords:
    """Respondent pages' one way to staff-typed texts in the reader's language."""
    if language == "en":
        return TypedWords(language)
    rows = db.scalars(
        select(TypedTextTranslation).where(
            TypedTextTranslation.language == language,
            TypedTextTranslation.kind.in_(list(kinds)),
        )
    )
    return TypedWords(language, rows)


def translations_of(db: Session, language: str) -> dict[tuple[str, int], TypedTextTranslation]:
    """Every translation into a language, by (kind, row id): for the translator's page."""
    rows = db.scalars(select(TypedTextTranslation).where(TypedTextTranslation.language == language))
    return {(row.kind, row.row_id): row for row in rows}


def keep_translation(
    db: Session,
    actor_id: int | None,
    kind: str,
    row_id: int,
    language: str,
    english: str,
    text: str,
    status: str,
) -> TypedTextTranslation:
    """Add or change one translation, made from `english` (flushed, not committed)."""
    row = db.scalar(
        select(TypedTextTranslation).where(
            TypedTextTranslation.kind == kind,
            TypedTextTranslation.row_id == row_id,
            TypedTextTranslation.language == language,
        )
    )
    if row is None:
        row = TypedTextTranslation(kind=kind, row_id=row_id, language=language)
        db.add(row)
    row.en, row.text, row.status, row.changed_by = english, text, status, actor_id
    row.changed_at = utcnow()
    db.flush()
    return row


def forget_orphans(db: Session, live: dict[str, set[int]]) -> int:
    """Delete the translations of texts that no longer exist (`live`: each kind's row ids);
    how many rows went."""
    gone = 0
    for kind in TYPED_KINDS:
        query = delete(TypedTextTranslation).where(TypedTextTranslation.kind == kind)
        ids = sorted(live.get(kind, set()))
        if ids:
            query = query.where(TypedTextTranslation.row_id.not_in(ids))
        gone += rowcount(db.execute(query))
    return gone
