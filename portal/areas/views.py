"""Share links (for a letter, email or text message): /s/<token> starts the journey in an area."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from werkzeug.wrappers import Response

from portal.areas.services import active_link
from portal.db import get_db
from portal.kiosk import current_kiosk
from portal.shared import visitor

bp = Blueprint("links", __name__)


@bp.get("/s/<token>")
def open_link(token: str) -> Response:
    """A switched on link sets its area and questions, then goes to the start page; others 404."""
    link = active_link(get_db(), token)
    if link is None:
        abort(404)
    if current_kiosk() is None:  # a tablet in a group session keeps the session's area
        visitor.follow_link(link.area_id, link.questionnaire_slug)
    return redirect(url_for("respond.start"))
