"""How pages look and sound: text size, contrast, pictures, audio. Kept in a cookie, no account."""

from __future__ import annotations

from flask import Flask

from portal.preferences.views import current_preferences

__all__ = ["current_preferences", "init_app"]


def init_app(app: Flask) -> None:
    """Register the preferences page and make the choices available to every template."""
    from portal.preferences.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals["preferences"] = current_preferences
