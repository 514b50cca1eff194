"""Administration: staff accounts, and the pages for areas, help contacts, safety on-call lists
and share links; and what the staff home page says about safety alerts."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the administrator's pages, and the staff home page's safety summary."""
    from portal.admin.services import audit_account_event
    from portal.admin.views import bp, safety_on_home
    from portal.auth.passwords import account_event

    # What staff do to their own account (portal.auth, below the audit log) goes in the log
    account_event.connect(audit_account_event)
    app.register_blueprint(bp)
    app.jinja_env.globals["safety_on_home"] = safety_on_home
