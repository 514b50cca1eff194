"""Co-production reports: results by theme, who took part, safety, Advisory Group review,
published snapshots, board packs and exports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the report pages; REPORT_THRESHOLD (see portal.config) is the smallest count."""
    from portal.audio.texts import add_spoken_texts
    from portal.reports.easy import MEANING_PICTURES
    from portal.reports.summary import bp as summary_bp
    from portal.reports.summary_texts import spoken_summary_texts
    from portal.reports.views import admin_bp, bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(summary_bp)
    add_spoken_texts(app, spoken_summary_texts)
    app.jinja_env.globals["meaning_pictures"] = MEANING_PICTURES
