"""Kiosk mode: a tablet that joined a group session answers only that session's questionnaire,
shows no resume codes, and forgets each person completely at "Next person".

The browser's cookie holds the tablet's id and the generation it is on. "Next person" (on the
tablet, or the facilitator's command) raises the generation in the database, so anything kept
from the previous person is refused; pages are never stored by the browser (`no-store`), so the
back button has to ask again and is sent to the start.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as HttpResponse

from portal.auth.access import StaffBlueprint
from portal.auth.sessions import BECAME_TABLET, sign_out_here
from portal.db import get_db
from portal.kiosk.models import GroupSession, KioskTablet
from portal.logs import security_event
from portal.shared import visitor
from portal.shared.visitor import Place
from portal.throttle import Throttle, client_key

# Respondent pages a kiosk may open; staff pages and files are left alone.
KIOSK_BLUEPRINTS = {"respond", "help", "preferences", "pages", "kiosk", "happened", "links"}
NO_CODES_IN_KIOSK = {"respond.code", "respond.resume"}
OPEN_WHEN_CLOSED = {"kiosk.leave", "kiosk.join", "help.page"}  # help always works
# A removed tablet: the help page shows its numbers, but its button raises no alert
OPEN_WHEN_REMOVED = {"kiosk.leave", "kiosk.join"}


@dataclass(frozen=True)
class Kiosk:
    tablet_id: int
    tablet_number: int
    generation: int
    group: GroupSession
    removed: bool = False  # the facilitator took it out of the session

    @property
    def closed(self) -> bool:
        return self.group.closed_at is not None

    @property
    def place(self) -> Place:
        return Place(self.group.area_id, self.group.id, self.tablet_id, self.tablet_number)


def current_kiosk() -> Kiosk | None:
    """The group session this browser joined as a tablet, if any (read once per request)."""
    if "kiosk" in g:
        kiosk: Kiosk | None = g.kiosk
        return kiosk
    g.kiosk = None
    saved = visitor.saved_tablet()
    if saved is not None:
        db = get_db()
        tablet = db.get(KioskTablet, saved[0])
        group = db.get(GroupSession, tablet.session_id) if tablet else None
        if tablet is not None and group is not None:
            removed = tablet.removed_at is not None
            g.kiosk = Kiosk(tablet.id, tablet.number, tablet.generation, group, removed)
        else:
            visitor.forget_tablet()
    kiosk = g.kiosk
    return kiosk


def where_answered() -> Place:
    """Where this visitor is: their tablet's session and area, else their family link's area,
    else nowhere known (at home)."""
    kiosk = current_kiosk()
    return kiosk.place if kiosk is not None else visitor.place_from_link()


def on_current_person(kiosk: Kiosk) -> bool:
    """Whether this browser is still on the tablet's current person (no reset since)."""
    saved = visitor.saved_tablet()
    return saved is not None and saved[1] == kiosk.generation


def _start_afresh() -> None:
    """Forget everything this browser holds but its tablet: the last person's answers, and any
    staff member signed in (a facilitator who joined from their own browser)."""
    sign_out_here(get_db(), BECAME_TABLET)  # first: it needs the sign-in the session names
    visitor.forget_all_but_tablet()


def become_tablet(tablet: KioskTablet) -> None:
    """This browser is now `tablet`, with nobody's answers and no staff sign-in in it."""
    _start_afresh()
    visitor.remember_tablet(tablet.id, tablet.generation)
    g.pop("kiosk", None)


def start_next_person(kiosk: Kiosk, generation: int) -> None:
    """After "Next person": forget everything but the tablet and follow its new generation."""
    _start_afresh()
    visitor.remember_tablet(kiosk.tablet_id, generation)
    g.pop("kiosk", None)


def _is_staff_page() -> bool:
    blueprint = current_app.blueprints.get(request.blueprint or "")
    return request.blueprint == "auth" or isinstance(blueprint, StaffBlueprint)


def keep_staff_out() -> tuple[str, int] | None:
    """Before every staff page (sign-in included): a tablet of a group session is no staff
    member's browser, so nobody is signed in on it and every staff page is refused."""
    if not _is_staff_page() or current_kiosk() is None:
        return None
    sign_out_here(get_db(), BECAME_TABLET)
    security_event("staff_page_on_tablet")
    return render_template("staff/forbidden.html"), 403


def guard_kiosk() -> HttpResponse | tuple[str, int] | None:
    """Before every respondent page on a tablet: a removed tablet says so and saves nothing; a
    reset since the last page starts again for the next person; a closed session says so;
    resume codes are not offered."""
    if request.blueprint not in KIOSK_BLUEPRINTS or request.endpoint == "kiosk.status":
        return None
    kiosk = current_kiosk()
    if kiosk is None:
        return None
    if kiosk.removed:
        return _removed(kiosk)
    if not on_current_person(kiosk):
        start_next_person(kiosk, kiosk.generation)
        return redirect(url_for("respond.start"))
    if kiosk.closed and request.endpoint not in OPEN_WHEN_CLOSED:
        return render_template("kiosk/closed.html", group=kiosk.group), 410
    if request.endpoint in NO_CODES_IN_KIOSK:
        return redirect(url_for("respond.start"))
    return None


def _removed(kiosk: Kiosk) -> HttpResponse | tuple[str, int] | None:
    """A tablet the facilitator removed: every page says so, and nothing it sends is stored.
    The help page still shows its numbers; its button shows them too, without an alert (as
    when a button's token fails), so the page says to tell the group leader."""
    if request.endpoint in OPEN_WHEN_REMOVED:
        return None
    if request.endpoint == "help.page":
        if request.method == "GET":
            return None
        kept: dict[str, Any] = request.args.to_dict()  # where "Carry on" leads back to
        return redirect(url_for("help.page", **kept), code=303)
    return render_template("kiosk/removed.html", group=kiosk.group), 410


def join_throttle() -> Throttle:
    """The limit on wrong join codes from one browser (PORTAL_JOIN_CLIENT_MAX_FAILURES, in this
    process's memory; the key: `join_browser_key()`)."""
    config = current_app.config
    window = f"{config['JOIN_WINDOW_MINUTES']} minutes"
    return Throttle("join", f"{config['JOIN_CLIENT_MAX_FAILURES']}/{window}")


def join_address_throttle() -> Throttle:
    """The limit on wrong join codes from one address, however many browsers (every tablet on
    a community centre's Wi-Fi shares one): PORTAL_JOIN_ADDRESS_MAX_FAILURES, higher than one
    browser's, so one tablet's mistakes do not stop the room. A browser that sends no cookie
    (a guessing script) meets this one. The site-wide limit is counted in the database, across
    every worker: portal.kiosk.services.wrong_codes_lately."""
    config = current_app.config
    window = f"{config['JOIN_WINDOW_MINUTES']} minutes"
    return Throttle("join_address", f"{config['JOIN_ADDRESS_MAX_FAILURES']}/{window}")


def join_browser_key() -> str:
    """This browser at this address: the address's HMAC and a random id kept in the session."""
    browser = session.setdefault("join_browser", secrets.token_hex(8))
    return f"{client_key()}:{browser}"
