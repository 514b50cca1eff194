"""Group sessions as the tablets see them: joining with a code, kiosk mode, "Next person", and
where the person using this browser is answering (a tablet's session, a family link's area, or
at home). The facilitator's side is in `portal.groups`."""

from __future__ import annotations

from flask import Flask

from portal.kiosk.context import Kiosk, current_kiosk, where_answered

__all__ = ["Kiosk", "current_kiosk", "init_app", "where_answered"]


def init_app(app: Flask) -> None:
    """Register the tablet pages, the kiosk guard that runs before every respondent page, and the
    guard that keeps staff pages off tablets."""
    from portal.kiosk.context import guard_kiosk, keep_staff_out
    from portal.kiosk.views import bp

    app.register_blueprint(bp)
    app.before_request(guard_kiosk)
    app.before_request(keep_staff_out)  # before the staff blueprints' own sign-in check
    app.jinja_env.globals["current_kiosk"] = current_kiosk
