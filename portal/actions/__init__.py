""" "You said, we did": administrators' actions (the public pages are portal.happened)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the administrators' action pages."""
    from portal.actions.views import bp

    app.register_blueprint(bp)
