"""An accessible, easy-read self-advocacy and feedback portal."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the portal: settings, database, content, languages, pictures, audio, staff, pages."""
    from portal.shared.templating import TEMPLATE_BYTECODE

    app = Flask(__name__, instance_relative_config=True)
    app.jinja_options = {**app.jinja_options, "bytecode_cache": TEMPLATE_BYTECODE}

    from portal import config

    config.load(app, test_config)

    import portal.models  # noqa: F401  (every table on Base.metadata)
    from portal import db, i18n, logs, security, static_files, throttle
    from portal.actions import init_app as init_actions
    from portal.admin import init_app as init_admin
    from portal.areas import init_app as init_areas
    from portal.audio import init_app as init_audio
    from portal.auth import init_app as init_auth
    from portal.backup import init_app as init_backup
    from portal.comments import init_app as init_comments
    from portal.content import init_app as init_content
    from portal.demo import init_app as init_demo
    from portal.groups import init_app as init_groups
    from portal.happened import init_app as init_happened
    from portal.kiosk import init_app as init_kiosk
    from portal.notices import init_app as init_notices
    from portal.pages import init_app as init_pages
    from portal.pictures import init_app as init_pictures
    from portal.preferences import init_app as init_preferences
    from portal.reports import init_app as init_reports
    from portal.respond import init_app as init_respond
    from portal.retention import init_app as init_retention
    from portal.rounds import init_app as init_rounds
    from portal.safety import init_app as init_safety
    from portal.shared.times import local_time
    from portal.studio import init_app as init_studio

    logs.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    throttle.init_app(app)
    static_files.init_app(app)
    app.jinja_env.filters["local_time"] = local_time  # UTC as stored -> London time, as read
    for init_domain in (
        init_content,
        init_pictures,
        init_audio,
        init_auth,
        init_areas,
        init_kiosk,
        init_safety,
        init_respond,
        init_preferences,
        init_pages,
        init_groups,
        init_admin,
        init_actions,
        init_happened,
        init_comments,
        init_notices,  # after init_safety: it sends from the safety sender thread
        init_demo,
        init_reports,
        init_studio,
        init_backup,
        init_retention,
        init_rounds,
    ):
        init_domain(app)
    return app
