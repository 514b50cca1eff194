"""Administration: staff accounts, and the pages for areas, help contacts and share links."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the administrator's pages."""
    from portal.admin.views import bp

    app.register_blueprint(bp)
