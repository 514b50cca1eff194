"""Tablet pages: join a session with its code (wrong codes are limited), "Next person", and
leave a closed session."""

from __future__ import annotations

import math
from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as HttpResponse

from portal.db import get_db, utcnow
from portal.kiosk import services
from portal.kiosk.context import (
    become_tablet,
    current_kiosk,
    join_address_throttle,
    join_browser_key,
    join_throttle,
    on_current_person,
    start_next_person,
)
from portal.kiosk.forms import JOIN_CODE_NOT_FOUND, JoinForm
from portal.logs import security_event
from portal.rounds.services import closed_now_for_questionnaire
from portal.rounds.views import closed_page
from portal.shared.forms import ButtonForm

bp = Blueprint("kiosk", __name__)


@bp.route("/join", methods=["GET", "POST"])
def join() -> HttpResponse | tuple[str, int]:
    """Type the session's code (or open the QR code's link, which fills it in). A session whose
    questions' rounds are all closed today (portal.rounds) takes no tablets."""
    form = JoinForm()
    browser = join_browser_key()  # made with the form, so the form's cookie carries it
    if form.validate_on_submit():
        db = get_db()
        throttle, address = join_throttle(), join_address_throttle()
        window = current_app.config["JOIN_WINDOW_MINUTES"]
        wrong, oldest = services.wrong_codes_lately(db, window)
        # While held, no code is checked, the right one neither
        if throttle.blocked(browser) is not None:
            security_event("join_throttled", throttled="client")
            return _too_many_wrong_codes("tablet", throttle.retry_after("client", browser))
        if address.blocked() is not None:
            security_event("join_throttled", throttled="address")
            return _too_many_wrong_codes("address", address.retry_after("client"))
        if wrong >= current_app.config["JOIN_SITE_MAX_FAILURES"] and oldest is not None:
            security_event("join_throttled", throttled="site")
            wait = oldest + timedelta(minutes=window) - utcnow()
            return _too_many_wrong_codes("site", max(1, math.ceil(wait.total_seconds())))
        today = services.london_today()
        group = services.open_session_by_code(db, form.code.data or "", today)
        closed = (
            closed_now_for_questionnaire(db, group.questionnaire_id, group.area_id, today)
            if group is not None
            else None
        )
        if closed is not None:  # a right code, but no round of its questions is open now
            return closed_page(closed, "code")
        if group is not None:
            tablet = services.join(db, group)
            db.commit()
            throttle.clear(browser)  # the address's count stays: a right code is no pass
            become_tablet(tablet)
            return redirect(url_for("respond.start"))
        throttle.hit(browser)
        address.hit()
        services.record_wrong_code(db, window)
        db.commit()
        security_event("join_code_failed")  # never the code typed
        form.code.errors.append(str(JOIN_CODE_NOT_FOUND))
    elif request.method == "GET" and request.args.get("code"):
        form.code.data = services.normalise_join_code(request.args["code"])[:12]
    status = 400 if form.errors else 200
    return render_template("kiosk/join.html", form=form), status


def _too_many_wrong_codes(who: str, retry_after: int) -> HttpResponse:
    """429, in easy read: this tablet, the tablets at its address, or everybody typed too many
    wrong codes; wait."""
    page = render_template("kiosk/too_many_codes.html", who=who, minutes=-(-retry_after // 60))
    return HttpResponse(page, 429, {"Retry-After": str(retry_after)}, mimetype="text/html")


@bp.post("/kiosk/next-person")
def next_person() -> HttpResponse:
    """Forget the person who just answered; the tablet is ready for the next one."""
    form = ButtonForm()
    kiosk = current_kiosk()
    if kiosk is not None and form.validate_on_submit():
        db = get_db()
        generation = services.next_person(db, kiosk.tablet_id)
        db.commit()
        start_next_person(kiosk, generation)
    return redirect(url_for("respond.start"))


@bp.get("/kiosk/status")
def status() -> dict[str, bool]:
    """For the tablet's page to ask every few seconds: is it still this person's turn?"""
    kiosk = current_kiosk()
    current = (
        kiosk is not None and not kiosk.closed and not kiosk.removed and on_current_person(kiosk)
    )
    return {"current": current}


@bp.post("/kiosk/leave")
def leave() -> HttpResponse:
    """Stop being a tablet of a session (shown once the session is closed)."""
    if ButtonForm().validate_on_submit():
        session.clear()
    return redirect(url_for("respond.start"))
