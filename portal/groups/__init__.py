"""Facilitated group sessions, the facilitator's side: open a session, watch progress and
safety alerts, reset a tablet, close it, and group votes. The tablets' side is `portal.kiosk`."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the facilitator's pages."""
    from portal.groups.views import bp

    app.register_blueprint(bp)
