""" "What happened": the public, easy-read "You said, we did" page for each area, made from the
latest published report and the actions; every sentence on it gets a clip."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from flask import Flask
from sqlalchemy.orm import Session

from portal.audio.texts import add_spoken_texts
from portal.content.bank import Bank


def spoken_page_texts(
    db: Session,
    banks: Callable[[str], Bank],
    gettexts: Callable[[str], Callable[..., str]],
    languages: Sequence[str],
) -> Mapping[str, Iterable[str]]:
    """Every sentence of every "What happened" page today, for `flask audio build`."""
    from portal.happened.services import every_page_text

    return every_page_text(db, banks, gettexts, languages, date.today())


def init_app(app: Flask) -> None:
    """Register the public pages, and their sentences with `flask audio build`."""
    from portal.happened.views import bp

    app.register_blueprint(bp)
    add_spoken_texts(app, spoken_page_texts)
