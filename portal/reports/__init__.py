"""Co-production reports: results by theme, who took part, safety, Advisory Group review,
published snapshots, board packs and exports."""

from __future__ import annotations

import os

from flask import Flask

from portal.reports.suppression import DEFAULT_THRESHOLD


def init_app(app: Flask) -> None:
    """Register the report pages; PORTAL_REPORT_THRESHOLD sets the smallest count shown."""
    from portal.reports.views import admin_bp, bp

    app.config.setdefault(
        "REPORT_THRESHOLD", int(os.environ.get("PORTAL_REPORT_THRESHOLD", DEFAULT_THRESHOLD))
    )
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
