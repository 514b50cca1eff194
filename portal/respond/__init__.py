"""The respondent journey."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the journey's pages."""
    from portal.respond.views import bp

    app.register_blueprint(bp)
