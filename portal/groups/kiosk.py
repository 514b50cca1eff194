"""Kiosk mode: a tablet that joined a group session answers only that session's questionnaire,
shows no resume codes, and forgets each person completely at "Next person".

The browser's cookie holds the tablet's id and the generation it is on. "Next person" (on the
tablet, or the facilitator's command) raises the generation in the database, so anything kept
from the previous person is refused; pages are never stored by the browser (`no-store`), so the
back button has to ask again and is sent to the start.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as HttpResponse

from portal.db import get_db
from portal.groups.models import GroupSession, KioskTablet

KIOSK_KEY = "kiosk"
# Everything about the person using the portal now: forgotten at "Next person".
PERSON_KEYS = ("response", "who", "finished", "code", "help_flagged", "lang", "link")
# Respondent pages a kiosk may open; staff pages and files are left alone.
KIOSK_BLUEPRINTS = {"respond", "safety", "preferences", "pages", "kiosk", "happened", "links"}
NO_CODES_IN_KIOSK = {"respond.code", "respond.resume"}
OPEN_WHEN_CLOSED = {"kiosk.leave", "kiosk.join", "safety.help_page"}  # help always works


@dataclass(frozen=True)
class Kiosk:
    tablet_id: int
    tablet_number: int
    generation: int
    group: GroupSession

    @property
    def closed(self) -> bool:
        return self.group.closed_at is not None


def current_kiosk() -> Kiosk | None:
    """The group session this browser joined as a tablet, if any (read once per request)."""
    if "kiosk" not in g:
        g.kiosk = None
        saved = session.get(KIOSK_KEY)
        if isinstance(saved, dict) and isinstance(saved.get("tablet"), int):
            db = get_db()
            tablet = db.get(KioskTablet, saved["tablet"])
            group = db.get(GroupSession, tablet.session_id) if tablet else None
            if tablet is not None and group is not None:
                g.kiosk = Kiosk(tablet.id, tablet.number, tablet.generation, group)
            else:
                session.pop(KIOSK_KEY, None)
    return g.kiosk


def forget_person() -> None:
    """Drop everything about the person who used this browser last."""
    for key in PERSON_KEYS:
        session.pop(key, None)


def become_tablet(tablet: KioskTablet) -> None:
    """This browser is now `tablet`, with nobody's answers in it."""
    forget_person()
    session[KIOSK_KEY] = {"tablet": tablet.id, "generation": tablet.generation}
    g.pop("kiosk", None)


def start_next_person(generation: int) -> None:
    """After "Next person": forget the last person and follow the tablet's new generation."""
    forget_person()
    session[KIOSK_KEY] = {**session[KIOSK_KEY], "generation": generation}
    g.pop("kiosk", None)


def guard_kiosk() -> HttpResponse | tuple[str, int] | None:
    """Before every respondent page on a tablet: a reset since the last page starts again for
    the next person; a closed session says so; resume codes are not offered."""
    if request.blueprint not in KIOSK_BLUEPRINTS or request.endpoint == "kiosk.status":
        return None
    kiosk = current_kiosk()
    if kiosk is None:
        return None
    if session[KIOSK_KEY].get("generation") != kiosk.generation:
        start_next_person(kiosk.generation)
        return redirect(url_for("respond.start"))
    if kiosk.closed and request.endpoint not in OPEN_WHEN_CLOSED:
        return render_template("kiosk/closed.html", group=kiosk.group), 410
    if request.endpoint in NO_CODES_IN_KIOSK:
        return redirect(url_for("respond.start"))
    return None
