"""Share links (for a letter, email or text message): /s/<token> starts the journey in an area,
while a survey round of its questions is open there (portal.rounds)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from werkzeug.wrappers import Response

from portal.areas.services import active_link
from portal.db import get_db
from portal.kiosk import current_kiosk
from portal.kiosk.services import london_today
from portal.rounds.services import closed_now
from portal.rounds.views import closed_page
from portal.shared import visitor

bp = Blueprint("links", __name__)


@bp.get("/s/<token>")
def open_link(token: str) -> Response | tuple[str, int]:
    """A switched on link sets its area and questions, then goes to the start page; others 404.
    While its questions' rounds are all closed it says so, unless this browser is part way
    through answering by this link (they may finish)."""
    db = get_db()
    link = active_link(db, token)
    if link is None:
        abort(404)
    if current_kiosk() is None:  # a tablet in a group session keeps the session's area
        closed = closed_now(db, link.questionnaire_slug, link.area_id, london_today())
        answering = visitor.response_token() is not None and visitor.family_link() == visitor.Link(
            link.area_id, link.questionnaire_slug
        )
        if closed is not None and not answering:
            return closed_page(closed, "link")
        visitor.follow_link(link.area_id, link.questionnaire_slug)
    return redirect(url_for("respond.start"))
