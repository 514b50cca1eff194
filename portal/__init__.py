"""An accessible, easy-read self-advocacy and feedback portal."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the portal: settings, database, content, languages, pictures, audio, staff, pages."""
    app = Flask(__name__, instance_relative_config=True)

    from portal import config

    config.load(app, test_config)

    from portal import db, i18n, logs, security
    from portal.actions import init_app as init_actions
    from portal.admin import init_app as init_admin
    from portal.audio import init_app as init_audio
    from portal.auth import init_app as init_auth
    from portal.backup import init_app as init_backup
    from portal.comments import init_app as init_comments
    from portal.content import init_app as init_content
    from portal.demo import init_app as init_demo
    from portal.groups import init_app as init_groups
    from portal.pages import init_app as init_pages
    from portal.pictures import init_app as init_pictures
    from portal.preferences import init_app as init_preferences
    from portal.reports import init_app as init_reports
    from portal.respond import init_app as init_respond
    from portal.retention import init_app as init_retention
    from portal.safety import init_app as init_safety

    logs.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    init_content(app)
    init_pictures(app)
    init_audio(app)
    init_auth(app)
    init_safety(app)
    init_respond(app)
    init_preferences(app)
    init_pages(app)
    init_groups(app)
    init_admin(app)
    init_actions(app)
    init_comments(app)
    init_demo(app)
    init_reports(app)
    init_backup(app)
    init_retention(app)
    return app
