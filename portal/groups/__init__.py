"""Facilitated group sessions: tablets in kiosk mode, the facilitator's pages, group votes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the kiosk pages, the facilitator's pages and the kiosk guard."""
    from portal.groups.kiosk import current_kiosk, guard_kiosk
    from portal.groups.staff import bp as staff_bp
    from portal.groups.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.before_request(guard_kiosk)
    app.jinja_env.globals["current_kiosk"] = current_kiosk
