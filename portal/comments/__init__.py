"""Moderation of "Tell us more" comments: a queue for reviewers, and approved quotes for reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the staff moderation pages."""
    from portal.comments.views import bp

    app.register_blueprint(bp)
