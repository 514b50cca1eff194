"""Survey rounds: a questionnaire is asked in one area (or every area) between an open and a
close date; while a questionnaire has rounds, its share links and join codes work only while one
of them is open. Administrators keep the rounds at /staff/rounds/."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the administrators' rounds pages, and the closed page's dated sentences with
    `flask audio build`."""
    from portal.audio.texts import add_spoken_texts
    from portal.rounds.texts import spoken_round_texts
    from portal.rounds.views import bp

    app.register_blueprint(bp)
    add_spoken_texts(app, spoken_round_texts)
