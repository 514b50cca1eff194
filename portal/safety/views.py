"""The safeguarding lead's pages: open safety flags, a page at a time, acknowledging each one or
marking it not genuine.

(The "I need help now" page that raises a flag is part of the journey: portal.respond.help.)
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.auth.access import staff_blueprint
from portal.auth.models import StaffUser
from portal.db import get_db
from portal.safety.forms import (
    AcknowledgeForm,
    NotGenuineForm,
    acknowledge_form,
    not_genuine_form,
)
from portal.safety.services import acknowledge_flag, mark_not_genuine, open_flags_for_staff
from portal.shared.answers import ANSWER_WORDS

staff_bp = staff_blueprint(
    "safeguarding",
    roles={"safeguarding_lead", "administrator"},
    import_name=__name__,
    url_prefix="/staff/safety",
)


def _flags_page(
    errored: AcknowledgeForm | NotGenuineForm | None = None, errored_id: int | None = None
) -> str:
    minutes = current_app.config["SAFETY_ESCALATE_MINUTES"]
    found = open_flags_for_staff(get_db(), minutes, request.args.get("page", 1, type=int))

    acknowledge_forms = {f.id: acknowledge_form(f.id) for f in found.flags}
    not_genuine_forms = {f.id: not_genuine_form(f.id) for f in found.flags}
    if isinstance(errored, AcknowledgeForm) and errored_id is not None:
        acknowledge_forms[errored_id] = errored
    elif isinstance(errored, NotGenuineForm) and errored_id is not None:
        not_genuine_forms[errored_id] = errored
    return render_template(
        "staff/safety_flags.html",
        found=found,
        acknowledge_forms=acknowledge_forms,
        not_genuine_forms=not_genuine_forms,
        form=errored,
        minutes=minutes,
        mail_set_up=bool(current_app.config["SMTP_HOST"]),
        done=request.args.get("done"),
        answer_words=ANSWER_WORDS,
    )


@staff_bp.get("/")
def flags() -> str:
    """Open safety flags, oldest first, each with a form to say how it was followed up."""
    return _flags_page()


def _close(
    flag_id: int,
    form: AcknowledgeForm | NotGenuineForm,
    words: str,
    close: Callable[[Session, int, StaffUser, str], bool],
    done: str,
) -> str | Response | tuple[str, int]:
    """Close one flag with the staff member's words from `form`; the page again, with the
    form's errors, when the words are missing."""
    if not form.validate_on_submit():
        return _flags_page(form, flag_id), 400
    db = get_db()
    closed = close(db, flag_id, current_user, (form[words].data or "").strip())
    db.commit()
    return redirect(url_for("safeguarding.flags", done=done if closed else None))


@staff_bp.post("/<int:flag_id>/acknowledge")
def acknowledge(flag_id: int) -> str | Response | tuple[str, int]:
    """Record what was done about a flag; it then leaves the open list."""
    return _close(flag_id, acknowledge_form(flag_id), "note", acknowledge_flag, "acknowledged")


@staff_bp.post("/<int:flag_id>/not-genuine")
def not_genuine(flag_id: int) -> str | Response | tuple[str, int]:
    """Mark a flag not genuine, with the reason: it leaves the open list and report counts."""
    return _close(flag_id, not_genuine_form(flag_id), "reason", mark_not_genuine, "not_genuine")
