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
    """What the Listen button of each area's own help contact says, for `flask audio build`
    (typed by staff in English, so in English only)."""
    from portal.safety.services import area_contact_texts

    return {"en": area_contact_texts(db)}


def init_app(app: Flask) -> None:
    """Register the journey's pages and the help page, and the help contacts' words with
    `flask audio build`."""
    from portal.respond.help import bp as help_bp
    from portal.respond.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(help_bp)
    add_spoken_texts(app, spoken_help_contacts)
