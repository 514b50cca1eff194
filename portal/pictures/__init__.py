"""Pictures: OpenMoji SVGs named in content, served as cacheable static files."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the picture routes and the `picture()` template helper."""
    from portal.pictures.views import bp, picture_tag, picture_url

    app.register_blueprint(bp)
    app.jinja_env.globals.update(picture=picture_tag, picture_url=picture_url)
