"""How pages look and sound: text size, contrast, pictures, audio. Kept in a cookie, no account."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the preferences page and make the choices available to every template."""
    from portal.preferences.views import bp, current_preferences

    app.register_blueprint(bp)
    app.jinja_env.globals["preferences"] = current_preferences
