"""Co-production reports: results by theme, who took part, safety, Advisory Group review,
published snapshots, board packs and exports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the report pages; REPORT_THRESHOLD (see portal.config) is the smallest count."""
    from portal.reports.views import admin_bp, bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
