"""The "I need help now" page (every visit is followed up), and the staff list of open flags."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.access import staff_blueprint
from portal.content import current_bank
from portal.db import get_db
from portal.groups.kiosk import current_kiosk
from portal.respond.models import Response as Respondent
from portal.respond.services import response_by_token
from portal.safety.forms import AcknowledgeForm, acknowledge_form
from portal.safety.services import (
    Place,
    acknowledge_flag,
    help_contacts,
    open_flags_for_staff,
    place_of,
    raise_help_flag,
)

bp = Blueprint("safety", __name__)


def _place(response: Respondent | None) -> Place:
    """Where the person asking for help is: their response's place, else the tablet's session,
    else the area of the link they came in by."""
    db = get_db()
    if response is not None:
        return place_of(db, response)
    kiosk = current_kiosk()
    if kiosk is not None:
        return Place(kiosk.group.area_id, kiosk.group.id, kiosk.tablet_number)
    link = session.get("link")
    area = link.get("area") if isinstance(link, dict) else None
    return Place(area_id=area if isinstance(area, int) else None)


@bp.get("/help")
def help_page() -> str:
    """Show help, with the local contacts of the person's area when it has some; the "I need
    help now" link also raises a flag (once per visit)."""
    db = get_db()
    response = response_by_token(db, session.get("response"))
    place = _place(response)
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


staff_bp = staff_blueprint(
    "safeguarding",
    roles={"safeguarding_lead", "administrator"},
    import_name=__name__,
    url_prefix="/staff/safety",
)


def _flags_page(errored: AcknowledgeForm | None = None, errored_id: int | None = None) -> str:
    hours = current_app.config["SAFETY_FLAG_OVERDUE_HOURS"]
    flags = open_flags_for_staff(get_db(), hours)
    forms = {
        flag.id: errored if flag.id == errored_id and errored else acknowledge_form(flag.id)
        for flag in flags
    }
    return render_template(
        "staff/safety_flags.html",
        flags=flags,
        forms=forms,
        form=errored,
        hours=hours,
        acknowledged=request.args.get("acknowledged", type=int),
    )


@staff_bp.get("/")
def flags() -> str:
    """Open safety flags, oldest first, each with a form to say how it was followed up."""
    return _flags_page()


@staff_bp.post("/<int:flag_id>/acknowledge")
def acknowledge(flag_id: int) -> str | Response | tuple[str, int]:
    """Record what was done about a flag; it then leaves the open list."""
    form = acknowledge_form(flag_id)
    if not form.validate_on_submit():
        return _flags_page(form, flag_id), 400
    db = get_db()
    done = acknowledge_flag(db, flag_id, current_user, (form.note.data or "").strip())
    db.commit()
    return redirect(url_for("safeguarding.flags", acknowledged=flag_id if done else None))
