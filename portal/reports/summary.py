"""The Advisory Group's pages for a report: the themed summary in easy read, one theme a page,
with pictures, "Read this page to me" and a clip for every sentence, in the reader's language;
comments typed or spoken (the journey's recorder, portal/comments/recording.py); each theme's
page agreed on its own, then the whole report approved.

The words come from the report's frozen figures (portal/reports/easy.py). Pages look like the
respondent pages (base.html), not like staff pages: the Advisory Group are people with a
learning disability, and this is their job in co-production.
"""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from portal.auth.access import staff_blueprint
from portal.comments import recording
from portal.comments.forms import SpokenForm
from portal.content import current_bank
from portal.db import get_db
from portal.i18n import current_language
from portal.reports import easy, services
from portal.reports.forms import SummaryCommentForm
from portal.reports.models import Report, ReviewComment, ReviewRecording
from portal.reports.views import _ptable, _report
from portal.shared.forms import ButtonForm

bp = staff_blueprint(
    "report_summary",
    roles={"administrator", "reviewer"},
    import_name=__name__,
    url_prefix="/staff/reports",
)


def _summary(row: Report) -> easy.Summary:
    """The summary in the reader's language."""
    db = get_db()
    summary = services.easy_summary(
        db, row, _ptable(), current_bank("en"), current_bank(), current_language(), gettext
    )
    db.commit()  # a report made before migration 0010 has its figures worked out, once
    return summary


@bp.get("/<int:report_id>/summary")
def home(report_id: int) -> str:
    """The report's first page: what it is about, and a big button for each theme."""
    row = _report(report_id)
    db = get_db()
    return render_template(
        "summary/home.html",
        row=row,
        summary=_summary(row),
        agreed=services.theme_approvals(db, row),
        may_approve=services.may_approve(row, current_user),
        button=ButtonForm(),
    )


def _theme_page(
    row: Report,
    theme_id: str,
    form: SummaryCommentForm | None = None,
    spoken: SpokenForm | None = None,
) -> tuple[str, int]:
    summary = _summary(row)
    theme = summary.theme(theme_id)
    if theme is None:
        abort(404)
    db = get_db()
    ids = [t.id for t in summary.themes]
    place = ids.index(theme_id)
    mine = [
        comment
        for comment, _name in services.review_comments(db, row)
        if comment.theme_id == theme_id and comment.author_id == current_user.id
    ]
    form = form or SummaryCommentForm(formdata=None)
    spoken = spoken or SpokenForm(formdata=None)
    page = render_template(
        "summary/theme.html",
        row=row,
        summary=summary,
        theme=theme,
        number=place + 1,
        previous=ids[place - 1] if place > 0 else None,
        following=ids[place + 1] if place + 1 < len(ids) else None,
        agreed=services.theme_approvals(db, row).get(theme_id),
        may_approve=services.may_approve(row, current_user),
        mine=mine,
        recorded=services.recorded_comments(db, row),
        form=form,
        spoken=spoken,
        button=ButtonForm(),
    )
    return page, 400 if form.errors or spoken.errors else 200


@bp.get("/<int:report_id>/summary/<theme_id>")
def theme(report_id: int, theme_id: str) -> tuple[str, int]:
    """One theme: its statements in words and pictures, what people told us, and the review."""
    return _theme_page(_report(report_id), theme_id)


@bp.post("/<int:report_id>/summary/<theme_id>/comment")
@recording.takes_recording
def comment(report_id: int, theme_id: str) -> HttpResponse | tuple[str, int]:
    """A comment on one theme: typed words, a recording, or both (one form, like "Tell us
    more": a refused recording keeps the words typed beside it)."""
    row = _report(report_id)
    form, spoken = SummaryCommentForm(), SpokenForm()
    if row.status != "in_review":
        form.text.errors = [gettext("You can only comment while the report is being checked.")]
        return _theme_page(row, theme_id, form, spoken)
    if _summary(row).theme(theme_id) is None:
        abort(404)
    if form.validate_on_submit():
        db = get_db()
        text = (form.text.data or "").strip()
        try:
            if spoken.recording.data:
                converted = recording.convert_recording(
                    spoken.recording.data.stream,
                    current_app.config["RECORDING_MAX_BYTES"],
                    current_app.config["RECORDING_MAX_SECONDS"],
                )
                services.add_review_recording(
                    db, row, current_user, theme_id, text, converted.mp3, converted.seconds
                )
            elif request.form.get("way") == "speak":
                raise recording.RecordingRefused("missing")
            elif text:
                services.add_review_comment(db, row, current_user, theme_id, text)
            else:
                form.text.errors = [gettext("Write your words. Or record them.")]
                return _theme_page(row, theme_id, form, spoken)
        except recording.RecordingRefused as refused:
            spoken.recording.errors = [refused.message]
            return _theme_page(row, theme_id, form, spoken)
        db.commit()
        return redirect(
            url_for("report_summary.theme", report_id=row.id, theme_id=theme_id, done="comment")
            + "#your-comments"
        )
    return _theme_page(row, theme_id, form, spoken)


@bp.post("/<int:report_id>/summary/<theme_id>/agree")
def agree(report_id: int, theme_id: str) -> HttpResponse:
    """ "I agree with this page": one theme agreed by an Advisory Group member."""
    row = _report(report_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if theme_id not in services.theme_ids(row):
        abort(404)
    # Someone who may not agree it (its maker, an administrator), or too late: the page says so
    if row.status != "in_review" or not services.may_approve(row, current_user):
        return redirect(url_for("report_summary.theme", report_id=row.id, theme_id=theme_id))
    db = get_db()
    services.agree_theme(db, row, current_user, theme_id)
    db.commit()
    return redirect(
        url_for("report_summary.theme", report_id=row.id, theme_id=theme_id, done="agreed")
    )


@bp.post("/<int:report_id>/summary/approve")
def approve(report_id: int) -> HttpResponse:
    """The whole report approved, once every theme's page is agreed."""
    row = _report(report_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_db()
    may = row.status == "in_review" and services.may_approve(row, current_user)
    if not may or services.themes_to_agree(db, row):  # the page says what is still to do
        return redirect(url_for("report_summary.home", report_id=row.id))
    services.approve(db, row, current_user)
    db.commit()
    return redirect(url_for("report_summary.home", report_id=row.id, done="approved"))


@bp.get("/<int:report_id>/comments/<int:review_comment_id>/recording")
def comment_recording(report_id: int, review_comment_id: int) -> HttpResponse:
    """A reviewer's spoken comment, for the Advisory Group and administrators to hear; never
    kept by a browser (no-store). Ranges are answered, so the player can seek."""
    row = _report(report_id)
    db = get_db()
    comment = db.get(ReviewComment, review_comment_id)
    kept = db.get(ReviewRecording, review_comment_id)
    if comment is None or kept is None or comment.report_id != row.id:
        abort(404)
    sound = Response(kept.audio, mimetype="audio/mpeg")
    sound.headers["Cache-Control"] = "no-store"
    return sound.make_conditional(request, accept_ranges=True, complete_length=len(kept.audio))
