""" "You said, we did": administrators' actions, and the public "What happened" pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the administrators' action pages and the public "What happened" pages."""
    from portal.actions.public import bp as public_bp
    from portal.actions.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
