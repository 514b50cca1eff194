"""The safeguarding lead's pages: open safety flags, and acknowledging each one.

(The "I need help now" page that raises a flag is part of the journey: portal.respond.help.)
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.access import staff_blueprint
from portal.db import get_db
from portal.safety.forms import AcknowledgeForm, acknowledge_form
from portal.safety.services import acknowledge_flag, open_flags_for_staff

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
