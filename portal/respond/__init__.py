"""The respondent journey, and the "I need help now" page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from flask import Flask
from sqlalchemy.orm import Session

from portal.audio.texts import add_spoken_texts
from portal.content.bank import Bank


def spoken_help_contacts(
    db: Session,
    banks: Callable[[str], Bank],
    gettexts: Callable[[str], Callable[..., str]],
    languages: Sequence[str],
) -> Mapping[str, Iterable[str]]:
    """What the Listen button of each area's own help contact says, for `flask audio build`:
    in English (as staff typed it), and in each language it is translated into."""
    from sqlalchemy import select

    from portal.areas.models import AreaContact
    from portal.content.typed_texts import CONTACT_NAME, CONTACT_TEXT, typed_words
    from portal.respond.help import area_contacts_in
    from portal.safety.services import area_contact_texts

    texts: dict[str, list[str]] = {"en": area_contact_texts(db)}
    contacts = list(db.scalars(select(AreaContact).order_by(AreaContact.id)))
    for language in languages:
        if language == "en":
            continue
        typed = typed_words(db, language, [CONTACT_NAME, CONTACT_TEXT])
        shown = area_contacts_in(contacts, typed)
        texts[language] = [c.spoken for c in shown if c.lang == language]
    return texts


def init_app(app: Flask) -> None:
    """Register the journey's pages and the help page, and the help contacts' words with
    `flask audio build`."""
    from portal.respond.help import bp as help_bp
    from portal.respond.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(help_bp)
    add_spoken_texts(app, spoken_help_contacts)
