"""Pages that belong to no journey: where the questions come from, and the error pages."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask.globals import request_ctx
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from portal.content import current_bank
from portal.logs import log_server_error, security_event

bp = Blueprint("pages", __name__)


@bp.get("/about-the-questions")
def about_questions() -> str:
    """Every statement with where its words come from: a report's words (seed), the report's
    idea in other words (adapted), or our own words (proposed locally)."""
    bank = current_bank()
    return render_template("pages/about_questions.html", bank=bank, seeds=bank.seeds)


def _error_page(error: HTTPException) -> tuple[str, int] | Response:
    code = error.code or 500
    if request_ctx.url_adapter is None:
        # A Host header the portal does not answer to (not trusted, or not a host name): no
        # link can be built, so no page with links. The address bar was not the portal's own.
        security_event("bad_host", status=code)
        return Response("Bad request.", code, mimetype="text/plain")
    if code == 403:
        security_event("forbidden", staff_user=_staff_user_id())
    kind = code if code in (400, 404, 413, 429, 503) else 500
    return render_template("pages/error.html", kind=kind, csrf=False), code


def _staff_user_id() -> int | None:
    user = current_user
    return user.id if user.is_authenticated else None


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    reason = str(error.description).removeprefix("The CSRF ").rstrip(".")  # "token is missing"
    security_event("csrf_failed", reason=reason)
    return render_template("pages/error.html", kind=400, csrf=True), 400


def _server_error(error: Exception) -> tuple[str, int]:
    """Log the crash (traceback, request id, route; nothing personal) and show its id."""
    ident = log_server_error(error, 500)
    return render_template("pages/error.html", kind=500, csrf=False, request_id=ident), 500


def init_app(app: Flask) -> None:
    """Register the pages and the easy-read error pages."""
    app.register_blueprint(bp)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _error_page)
    if not app.testing:
        app.register_error_handler(Exception, _server_error)
