"""The respondent journey, and the "I need help now" page."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the journey's pages and the help page."""
    from portal.respond.help import bp as help_bp
    from portal.respond.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(help_bp)
