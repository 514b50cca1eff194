"""Moderation of "Tell us more" comments: a queue for reviewers, and approved quotes for reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the staff moderation pages, and the larger upload limit for recordings."""
    from portal.comments.recording import raise_upload_limit
    from portal.comments.views import bp

    app.register_blueprint(bp)
    app.url_value_preprocessor(raise_upload_limit)
