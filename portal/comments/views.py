"""The moderation queue: reviewers and administrators approve, edit, tag or reject comments,
or send one to the safety lead.

A spoken comment's recording plays only here, to the roles that moderate, never cached
(portal.comments.recording says how it is kept). Staff pages are English only. Every POST
carries a CSRF token (checked by portal.security)."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from portal.audio import clip_build_for_texts
from portal.auth.access import staff_blueprint
from portal.comments import services
from portal.comments.forms import (
    SAID_REQUIRED,
    ApproveForm,
    RejectForm,
    approve_form,
    reject_form,
)
from portal.comments.models import QUOTES_SPOKEN_IN
from portal.content import current_bank
from portal.db import get_db

bp = staff_blueprint(
    "moderation",
    roles={"reviewer", "administrator"},
    import_name=__name__,
    url_prefix="/staff/comments",
)

Page = str | tuple[str, int]

LISTS = ("pending", "approved", "rejected")
DONE = {
    "approved": "The comment is approved. Reports can show the words you approved.",
    "rejected": "The comment is rejected. Reports will not show it.",
    "missing": "That comment is not there any more. The person took it out. Nothing was changed.",
    "decided": "Someone already made a decision about that comment. Nothing was changed.",
    "changed": (
        "The person changed that comment after you opened this page. Nothing was changed. "
        "Read the new words below."
    ),
    "with-lead": (
        "Someone sent that comment to the safety lead. Nothing was changed. Reviewers will not "
        "see it until the lead has looked at it."
    ),
    "sent": (
        "The comment is with the safety lead now, and they are being emailed. Reviewers will "
        "not see this comment until the lead has looked at it."
    ),
    "sent-no-mail": (
        "The comment is with the safety lead now. But email is not set up, so nobody was "
        "emailed: tell the safety lead yourself. Reviewers will not see this comment until the "
        "lead has looked at it."
    ),
    "sent-nobody": (
        "The comment is with the safety lead now. But nobody is on the safety on-call list, so "
        "nobody was emailed: tell the safety lead yourself, and ask an administrator to fill in "
        "the list. Reviewers will not see this comment until the lead has looked at it."
    ),
    "sent-already": "That comment is with the safety lead already. Nothing was changed.",
    "sent-followed-up": (
        "The safety lead has already looked at that comment. If you are still worried, tell "
        "them yourself."
    ),
}


def _themes() -> list[SelectChoice]:
    """Every theme, in the order of the statement bank."""
    return [SelectChoice(theme.id, theme.name) for theme in current_bank("en").themes.values()]


def _queue_page(
    show: str = "pending", errored: ApproveForm | RejectForm | None = None, errored_id: int = 0
) -> Page:
    """The list of comments to show; a form with errors (for comment `errored_id`) makes it a
    400 with that form as sent."""
    db = get_db()
    administrator = current_user.role == "administrator"
    pending = services.pending_comments(db, administrator) if show == "pending" else []
    approve_forms: dict[int, ApproveForm] = {}
    reject_forms: dict[int, RejectForm] = {}
    themes = _themes()
    for comment in pending:
        approve_forms[comment.id] = approve_form(
            comment.id, themes, comment.text, comment.theme_id, comment.fingerprint
        )
        reject_forms[comment.id] = reject_form(comment.id, comment.fingerprint)
    if isinstance(errored, ApproveForm):
        approve_forms[errored_id] = errored
    elif isinstance(errored, RejectForm):
        reject_forms[errored_id] = errored
    decided = []
    if show != "pending":
        decided = services.decided_comments(db, show, administrator)
    page = render_template(
        "comments/moderation.html",
        show=show,
        pending=pending,
        decided=decided,
        approve_forms=approve_forms,
        reject_forms=reject_forms,
        form=errored,
        counts=services.count_by_status(db, administrator),
        done=DONE.get(request.args.get("done", "")),
    )
    return (page, 400) if errored is not None else page


@bp.get("/")
def queue() -> Page:
    """Comments waiting for a decision, oldest first; or (show=approved|rejected) decided ones."""
    show = request.args.get("show", "pending")
    return _queue_page(show if show in LISTS else "pending")


def _back(done: str, show: str = "pending") -> Response:
    shown = show if show in LISTS and show != "pending" else None
    return redirect(url_for("moderation.queue", show=shown, done=done))


@bp.post("/<int:comment_id>/approve")
def approve(comment_id: int) -> Page | Response:
    """Approve the words with names and details taken out, tagged with at least one theme."""
    db = get_db()
    form = approve_form(comment_id, _themes(), submitted=True)
    problem = services.problem_with(db, comment_id, form.seen.data or "")
    if problem is not None:
        return _back(problem)
    valid = form.validate_on_submit()
    said = (form.said.data or "").strip()
    if not said and services.has_recording(db, comment_id):
        form.said.errors = [*form.said.errors, SAID_REQUIRED]
        valid = False
    if not valid:
        return _queue_page(errored=form, errored_id=comment_id)
    words = (form.shown_text.data or "").strip()
    problem = services.approve_comment(
        db, comment_id, current_user, words, form.themes.data or [], form.seen.data or "", said
    )
    db.commit()
    if problem is None:  # a report being reviewed quotes it now: its readers hear it at once
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        clip_build_for_texts(app, [(QUOTES_SPOKEN_IN, words)])
    return _back(problem or "approved")


@bp.post("/<int:comment_id>/reject")
def reject(comment_id: int) -> Page | Response:
    """Reject the comment: no report shows it."""
    db = get_db()
    form = reject_form(comment_id, submitted=True)
    problem = services.problem_with(db, comment_id, form.seen.data or "")
    if problem is not None:
        return _back(problem)
    if not form.validate_on_submit():
        return _queue_page(errored=form, errored_id=comment_id)
    problem = services.reject_comment(db, comment_id, current_user, form.seen.data or "")
    db.commit()
    return _back(problem or "rejected")


@bp.get("/<int:comment_id>/recording")
def recording(comment_id: int) -> Response:
    """The MP3 of a waiting comment's recording, for the moderator to listen to; never kept by
    a browser (no-store). Ranges are answered, so the player can seek."""
    audio = services.recording_to_moderate(
        get_db(), comment_id, current_user.role == "administrator"
    )
    if audio is None:
        abort(404)
    sound = Response(audio, mimetype="audio/mpeg")
    sound.headers["Cache-Control"] = "no-store"
    return sound.make_conditional(request, accept_ranges=True, complete_length=len(audio))


@bp.post("/<int:comment_id>/safety-lead")
def safety_lead(comment_id: int) -> Response:
    """ "This needs the safety lead": the lead is emailed, and reviewers do not see the comment
    (nor can anyone decide it, nor reports quote it) until the lead has looked at it."""
    db = get_db()
    done = services.send_to_safety_lead(db, comment_id, current_user)
    db.commit()
    return _back(done, request.form.get("back", "pending"))
