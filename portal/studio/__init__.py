"""The co-production studio: statements, questionnaires and their translations written in the
browser, reviewed by the Advisory Group, then published as a content release."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the studio's pages."""
    import portal.studio.pictures  # noqa: F401  (the picture library: routes on bp, review)
    import portal.studio.themes  # noqa: F401  (themes: routes on bp)
    from portal.studio import voices  # noqa: F401  (people's voices: routes on bp)
    from portal.studio.views import bp, review

    app.register_blueprint(bp)
    app.register_blueprint(review)
    from portal.studio.translations import bp as translate  # translators' pages

    app.register_blueprint(translate)
