"""The facilitator's pages: open a session, show its code, watch progress, safety alerts, each
tablet that joins and wrong join codes typed on the portal, reset a tablet or remove it (after
asking), close the session (after asking; undone within minutes), and record group votes on a
shared screen. Never anyone's answers."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from portal.areas.services import active_areas, area_by_id
from portal.auth.access import staff_blueprint
from portal.content import current_bank, questionnaire_content
from portal.content.services import questionnaire_row
from portal.db import get_db
from portal.groups import services
from portal.groups.forms import OpenSessionForm, VoteForm
from portal.kiosk.models import GroupSession, KioskTablet
from portal.kiosk.services import london_today, next_person, remove_tablet, wrong_codes_lately
from portal.logs import security_event
from portal.rounds.services import Closed, closed_now
from portal.rounds.views import day
from portal.security import portal_url
from portal.shared.answers import ANSWER_PICTURES
from portal.shared.forms import ButtonForm

bp = staff_blueprint(
    "facilitation",
    roles={"facilitator", "administrator"},
    import_name=__name__,
    url_prefix="/staff/sessions",
)

POLL_SECONDS = 5


def _own_session(session_id: int) -> GroupSession:
    """A session this facilitator runs (administrators may open any); others get a 404."""
    group = get_db().get(GroupSession, session_id)
    if group is None or (
        group.facilitator_id != current_user.id and current_user.role != "administrator"
    ):
        abort(404)
    return group


def _area_name(group: GroupSession) -> str:
    area = area_by_id(get_db(), group.area_id)
    return area.name if area else ""


@bp.get("/")
def sessions() -> str:
    """The facilitator's sessions, open ones first, newest first."""
    everyone = current_user.role == "administrator"
    found = services.sessions_run_by(get_db(), None if everyone else current_user)
    return render_template("staff/sessions/list.html", sessions=found)


@bp.route("/new", methods=["GET", "POST"])
def open_session() -> HttpResponse | tuple[str, int]:
    """Group name, area, questions and date; the portal gives the join code."""
    db = get_db()
    form = OpenSessionForm()
    form.area.choices = [(area.id, area.name) for area in active_areas(db)]
    bank = current_bank()
    form.questionnaire.choices = [(q.slug, q.title) for q in bank.questionnaires.values()]
    if form.validate_on_submit():
        chosen = bank.questionnaires[form.questionnaire.data]
        row = questionnaire_row(db, chosen.slug, chosen.version)
        if row is None:
            abort(503)
        closed = closed_now(db, chosen.slug, form.area.data, form.session_date.data)
        if closed is not None:  # the tablets' join codes would not work that day
            form.session_date.errors = [_closed_message(closed)]
        else:
            group = services.open_session(
                db,
                current_user,
                form.group_name.data or "",
                form.area.data,
                row.id,
                form.session_date.data,
                form.group_size.data,
            )
            db.commit()
            return redirect(url_for("facilitation.session_page", session_id=group.id))
    if request.method == "GET":
        form.session_date.data = london_today()
    status = 400 if form.errors else 200
    return render_template(
        "staff/sessions/new.html", form=form, no_areas=not form.area.choices
    ), status


def _closed_message(closed: Closed) -> str:
    """Why a session cannot be opened on that day: no round of its questions is open there."""
    when = [f"The last round closed on {day(closed.closed_on)}."] if closed.closed_on else []
    if closed.opens_on:
        when.append(f"The next round opens on {day(closed.opens_on)}.")
    return " ".join(
        ["These questions are closed in this area on that day, so tablets could not join.", *when]
        + ["Choose a day while a round is open, or ask an administrator about survey rounds."]
    )


def _wrong_join_codes() -> services.WrongJoinCodes:
    config = current_app.config
    wrong, _oldest = wrong_codes_lately(get_db(), config["JOIN_WINDOW_MINUTES"])
    return services.WrongJoinCodes(
        wrong,
        config["JOIN_SITE_MAX_FAILURES"],
        config["JOIN_WINDOW_MINUTES"],
    )


def _progress_context(group: GroupSession) -> dict[str, object]:
    return {
        "group": group,
        "progress": services.progress(get_db(), group),
        "button": ButtonForm(),
        "wrong_codes": _wrong_join_codes(),
    }


@bp.get("/<int:session_id>")
def session_page(session_id: int) -> str:
    """Safety alerts first, then the join code and QR code, counts and tablets; it checks for
    new alerts by itself (facilitator.js), or with its Refresh link."""
    group = _own_session(session_id)
    return render_template(
        "staff/sessions/session.html",
        join_url=portal_url("kiosk.join", code=group.join_code),
        area_name=_area_name(group),
        questionnaire=questionnaire_content(group.questionnaire_id),
        poll_seconds=POLL_SECONDS,
        message=request.args.get("done"),
        reopen_until=services.reopen_until(group) if services.can_reopen(group) else None,
        reopen_minutes=services.REOPEN_MINUTES,
        today=london_today(),
        client_max_failures=current_app.config["JOIN_CLIENT_MAX_FAILURES"],
        **_progress_context(group),
    )


@bp.get("/<int:session_id>/progress")
def progress(session_id: int) -> str:
    """The alerts and progress parts of the session page, for the page to fetch every few
    seconds and take what changed from."""
    return render_template(
        "staff/sessions/_live.html", **_progress_context(_own_session(session_id))
    )


@bp.get("/<int:session_id>/qr.svg")
def qr_code(session_id: int) -> HttpResponse:
    """A QR code that opens the join page with the code filled in."""
    group = _own_session(session_id)
    url = portal_url("kiosk.join", code=group.join_code)
    svg = services.qr_svg(url, f"QR code to join {group.group_name}")
    return HttpResponse(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


def _own_tablet(group: GroupSession, tablet_id: int) -> KioskTablet:
    """A tablet of this session; others get a 404."""
    tablet = get_db().get(KioskTablet, tablet_id)
    if tablet is None or tablet.session_id != group.id:
        abort(404)
    return tablet


@bp.post("/<int:session_id>/tablets/<int:tablet_id>/next-person")
def tablet_next_person(session_id: int, tablet_id: int) -> HttpResponse:
    """The facilitator's "Next person" for one tablet: whoever used it is forgotten."""
    group = _own_session(session_id)
    tablet = _own_tablet(group, tablet_id)
    if ButtonForm().validate_on_submit():
        db = get_db()
        next_person(db, tablet.id)
        db.commit()
    return redirect(url_for("facilitation.session_page", session_id=group.id, done="reset"))


@bp.route("/<int:session_id>/tablets/<int:tablet_id>/remove", methods=["GET", "POST"])
def remove(session_id: int, tablet_id: int) -> HttpResponse | str:
    """Asks first ("Remove tablet 4?"); the answer "Remove" takes the tablet out of the session:
    it saves no more answers, and its screen says to ask the group leader."""
    group = _own_session(session_id)
    tablet = _own_tablet(group, tablet_id)
    if request.method == "GET":
        if tablet.removed_at is not None:
            return redirect(url_for("facilitation.session_page", session_id=group.id))
        return render_template("staff/sessions/remove.html", group=group, tablet=tablet)
    if ButtonForm().validate_on_submit():
        db = get_db()
        remove_tablet(db, tablet)
        db.commit()
        security_event(
            "tablet_removed", staff_user=current_user.id, session=group.id, tablet=tablet.number
        )
        return redirect(url_for("facilitation.session_page", session_id=group.id, done="removed"))
    return redirect(url_for("facilitation.remove", session_id=group.id, tablet_id=tablet.id))


@bp.route("/<int:session_id>/close", methods=["GET", "POST"])
def close(session_id: int) -> HttpResponse | str:
    """Asks first ("Close this session?"); the answer "Close" closes it: tablets then say so
    and take no more answers."""
    group = _own_session(session_id)
    if request.method == "GET":
        if group.closed_at is not None:
            return redirect(url_for("facilitation.session_page", session_id=group.id))
        return render_template("staff/sessions/close.html", group=group)
    if ButtonForm().validate_on_submit():
        db = get_db()
        services.close_session(db, group)
        db.commit()
        return redirect(url_for("facilitation.session_page", session_id=group.id, done="closed"))
    return redirect(url_for("facilitation.close", session_id=group.id))


@bp.post("/<int:session_id>/reopen")
def reopen(session_id: int) -> HttpResponse:
    """The "Open it again" button: undoes closing, for a few minutes after it."""
    group = _own_session(session_id)
    done = None
    if group.closed_at is not None and ButtonForm().validate_on_submit():
        db = get_db()
        done = "reopened" if services.reopen_session(db, group) else "too_late"
        db.commit()
    return redirect(url_for("facilitation.session_page", session_id=group.id, done=done))


@bp.get("/<int:session_id>/vote")
def vote_start(session_id: int) -> HttpResponse:
    """Group vote: start at the first statement."""
    group = _own_session(session_id)
    first = questionnaire_content(group.questionnaire_id).statement_ids[0]
    return redirect(url_for("facilitation.vote", session_id=group.id, statement_id=first))


@bp.route("/<int:session_id>/vote/<statement_id>", methods=["GET", "POST"])
def vote(session_id: int, statement_id: str) -> HttpResponse | tuple[str, int]:
    """One statement on the shared screen; the facilitator types how many chose each answer it
    offers."""
    group = _own_session(session_id)
    questionnaire = questionnaire_content(group.questionnaire_id)
    if statement_id not in questionnaire.statement_ids:
        abort(404)
    ids = questionnaire.statement_ids
    position = ids.index(statement_id) + 1
    statement = current_bank().statements[statement_id]
    db = get_db()
    form = VoteForm(answers=statement.answers)
    if form.validate_on_submit():
        services.set_group_size(db, group, form.group_size.data)
        services.record_votes(db, group, statement, form.counts(), current_user)
        db.commit()
        if position < len(ids):
            return redirect(
                url_for("facilitation.vote", session_id=group.id, statement_id=ids[position])
            )
        return redirect(url_for("facilitation.session_page", session_id=group.id, done="votes"))
    if request.method == "GET":
        form.group_size.data = group.group_size
        for value, votes in services.votes_for(db, group, statement_id).items():
            if value in form.answers:
                form[value].data = votes
    status = 400 if form.errors else 200
    return render_template(
        "staff/sessions/vote.html",
        form=form,
        group=group,
        statement=statement,
        # a group of family carers reads the carer's words where the statement has them
        statement_text=statement.text_for(questionnaire.audience),
        position=position,
        total=len(ids),
        previous=ids[position - 2] if position > 1 else None,
        answer_pictures=ANSWER_PICTURES,
    ), status
