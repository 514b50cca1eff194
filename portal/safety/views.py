"""The "I need help now" page: easy read, audio, contacts; every visit is followed up."""

from __future__ import annotations

from flask import Blueprint, render_template, request, session, url_for

from portal.content import current_bank
from portal.db import get_db
from portal.respond.services import response_by_token
from portal.safety.services import raise_help_flag

bp = Blueprint("safety", __name__)


@bp.get("/help")
def help_page() -> str:
    """Show help; the "I need help now" link also raises a flag (once per visit)."""
    db = get_db()
    response = response_by_token(db, session.get("response"))
    if request.args.get("from") == "link" and not session.get("help_flagged"):
        raise_help_flag(db, response.id if response else None)
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
    return render_template("safety/help.html", help=current_bank().help, carry_on=carry_on)
