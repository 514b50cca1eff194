"""The "I need help now" page: help and the contacts for where the person is; following the
link raises a safety flag (once per visit) that the safeguarding lead must follow up."""

from __future__ import annotations

from flask import Blueprint, render_template, request, session, url_for

from portal.content import current_bank
from portal.db import get_db
from portal.kiosk import where_answered
from portal.respond.services import place_of, response_by_token
from portal.safety.services import help_contacts, raise_help_flag
from portal.shared import visitor

bp = Blueprint("help", __name__)


@bp.get("/help")
def page() -> str:
    """Show help, with the local contacts of the person's area when it has some; the "I need
    help now" link also raises a flag (once per visit)."""
    db = get_db()
    response = response_by_token(db, visitor.response_token())
    place = place_of(db, response) if response is not None else where_answered()
    if request.args.get("from") == "link" and not session.get("help_flagged"):
        raise_help_flag(db, response.id if response else None, place)
        db.commit()
        session["help_flagged"] = True
    carry_on = None
    after = request.args.get("after")
    if response is not None and after:
        carry_on = url_for(
            "respond.carry_on_after", statement_id=after, change=request.args.get("change")
        )
    elif response is not None:
        carry_on = url_for("respond.consent")
    content = current_bank().help
    return render_template(
        "safety/help.html",
        help=content,
        contacts=help_contacts(db, content.contacts, place.area_id),
        carry_on=carry_on,
    )
