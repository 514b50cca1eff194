"""The respondent journey: start, language, who, consent, questions, check, thank you, resume."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as HttpResponse

from portal.audio import clips_version
from portal.comments import recording
from portal.comments.forms import SpokenForm
from portal.content import current_bank, live_release_id, questionnaire_content
from portal.content.bank import Questionnaire, Statement
from portal.content.code_words import CODE_LENGTH, CodeWord
from portal.content.services import questionnaire_row
from portal.db import get_db, get_reader, one_writer
from portal.i18n import current_language, supported_languages
from portal.kiosk import current_kiosk, where_answered
from portal.logs import security_event
from portal.preferences import current_preferences
from portal.respond import services
from portal.respond.alerts import alert_administrators
from portal.respond.forms import (
    CODE_NOT_FOUND,
    CODE_TOO_OLD,
    CommentForm,
    LanguageForm,
    ResumeForm,
    WhoForm,
    make_answer_form,
    make_practice_form,
)
from portal.respond.models import Response
from portal.security import safe_next_url
from portal.shared import visitor
from portal.shared.answers import (
    ANSWER_PICTURES,
    SKIPPED,
    WHO_CHOICES,
    WHO_PICTURES,
    answer_words_for,
)
from portal.shared.forms import ButtonForm, choices_from
from portal.shared.pages import SLOTS, Person, Slots, fill, kept_pages
from portal.throttle import Throttle

bp = Blueprint("respond", __name__)

AUDIENCE_FOR = {"family_carer": "family_carer"}


def _render(template: str, form: FlaskForm | None = None, **context: Any) -> tuple[str, int]:
    """Render a page; a form with errors makes it a 400 so nothing looks saved."""
    status = 400 if form is not None and form.errors else 200
    return render_template(template, form=form, **context), status


def _questionnaire_to_start(answered_by: str) -> Questionnaire:
    """A tablet's session or a family link fixes the questionnaire; otherwise who is answering
    chooses it (family carers have their own)."""
    bank = current_bank()
    kiosk = current_kiosk()
    if kiosk is not None:
        return questionnaire_content(kiosk.group.questionnaire_id)
    link = visitor.family_link()
    if link is not None and link.questionnaire in bank.questionnaires:
        return bank.questionnaires[link.questionnaire]
    return bank.questionnaire_for(AUDIENCE_FOR.get(answered_by, "self_advocate"))


def _current_response() -> Response | None:
    return services.response_by_token(get_db(), visitor.response_token())


def _journey() -> tuple[Response, Questionnaire]:
    """The visitor's response and its questionnaire, or a redirect to the start."""
    response = _current_response()
    if response is None:
        # Answers just sent, and the thank-you page lost on the way: say they were sent again
        finished = session.get("finished")
        abort(redirect(url_for("respond.thank_you" if finished else "respond.start")))
    if response.finished_at is not None:  # sent on another device: never changed again
        raise services.ResponseSent(response.id)
    return response, questionnaire_content(response.questionnaire_id)


def _carry_on_url(response: Response, questionnaire: Questionnaire) -> str:
    """The first question not yet answered, or the check page when all are."""
    answered = services.answers_by_statement(get_db(), response)
    next_id = services.first_unanswered(questionnaire, answered)
    if next_id is None:
        return url_for("respond.check")
    return url_for("respond.question", statement_id=next_id)


def _statement_in(questionnaire: Questionnaire, statement_id: str) -> tuple[Statement, int]:
    """The statement and its 1-based position, or a 404 for an id not in this questionnaire."""
    if statement_id not in questionnaire.statement_ids:
        abort(404)
    return current_bank().statements[statement_id], questionnaire.statement_ids.index(
        statement_id
    ) + 1


def _after_answer(questionnaire: Questionnaire, position: int) -> str:
    """Where to go after answering the statement at `position`."""
    if request.args.get("change"):
        return url_for("respond.check")
    if position < len(questionnaire.statement_ids):
        return url_for("respond.question", statement_id=questionnaire.statement_ids[position])
    return url_for("respond.check")


@bp.get("/")
def start() -> str:
    """What this is, in easy read; a Start button and a way back in with a code."""
    return render_template("respond/start.html")


@bp.route("/language", methods=["GET", "POST"])
def language() -> HttpResponse | tuple[str, int]:
    """Choose a language; names are in their own script, never flags."""
    form = LanguageForm()
    form.language.choices = choices_from({code: code for code in supported_languages()})
    back = request.values.get("next")
    if form.validate_on_submit():
        session["lang"] = form.language.data
        return redirect(safe_next_url(back) if back else url_for("respond.who"))
    if request.method == "GET":
        form.language.data = current_language()
    return _render("respond/language.html", form, back=back)


@bp.route("/who", methods=["GET", "POST"])
def who() -> HttpResponse | tuple[str, int]:
    """Who is answering: recorded with every answer and kept apart in reports."""
    if _current_response() is not None:
        return redirect(url_for("respond.consent"))
    form = WhoForm()
    if form.validate_on_submit():
        session["who"] = form.answered_by.data
        return redirect(url_for("respond.consent"))
    if request.method == "GET" and session.get("who") in WHO_CHOICES:
        form.answered_by.data = session["who"]
    return _render("respond/who.html", form, pictures=WHO_PICTURES)


@bp.route("/consent", methods=["GET", "POST"])
def consent() -> HttpResponse | tuple[str, int]:
    """What happens to answers, and the one exception; "I agree" starts the questions."""
    response = _current_response()
    answered_by = response.answered_by if response else session.get("who")
    if answered_by not in WHO_CHOICES:
        return redirect(url_for("respond.who"))
    questionnaire = (
        questionnaire_content(response.questionnaire_id)
        if response
        else _questionnaire_to_start(answered_by)
    )
    form = ButtonForm()
    if form.validate_on_submit():
        db = get_db()
        if response is None:
            row = questionnaire_row(db, questionnaire.slug, questionnaire.version)
            if row is None:
                abort(503)
            response = services.start_response(
                db, row, current_language(), answered_by, where_answered()
            )
            db.commit()
            visitor.remember_response(response.token)
            return redirect(url_for("respond.practice"))  # the first time only
        return redirect(_carry_on_url(response, questionnaire))
    return _render(
        "respond/consent.html", form, questionnaire=questionnaire, started=response is not None
    )


@bp.get("/consent/more")
def consent_more() -> str:
    """Everything the short consent leaves out: who sees answers, the safety exception in
    full, and what happens to spoken words."""
    return render_template("respond/consent_more.html")


# One-time keys of question pages (portal.respond.services.record_answer) need only differ from
# each other, not be secret: a generator seeded once per process (again after a fork) spares
# every page a system call for fresh random bytes.
_PAGE_KEYS = random.Random()  # noqa: S311  # nosec B311
os.register_at_fork(after_in_child=_PAGE_KEYS.seed)


def _one_time_key() -> str:
    """A new key for one question page: 96 random bits, in 24 hex digits."""
    return f"{_PAGE_KEYS.getrandbits(96):024x}"


def _back(questionnaire: Questionnaire, position: int) -> str:
    ids = questionnaire.statement_ids
    if position > 1:
        return url_for("respond.question", statement_id=ids[position - 2])
    return url_for("respond.consent")


def _question_context(
    questionnaire: Questionnaire, statement: Statement, position: int, answered_by: str
) -> dict[str, object]:
    """What a question page shows besides the form: the same for everyone on this question who
    is answering the same way (for themselves, for another person, as a family carer)."""
    return {
        "statement": statement,
        "statement_text": statement.text_for(answered_by),
        "position": position,
        "total": len(questionnaire.statement_ids),
        "back": _back(questionnaire, position),
        "answer_pictures": ANSWER_PICTURES,
    }


def _answer_form(statement: Statement, answered_by: str) -> type[FlaskForm]:
    """The answer form for this statement and the person answering."""
    return make_answer_form(statement, for_another=answered_by == "on_behalf")


@dataclass(frozen=True)
class Preview:
    """A question page shown by the studio: its words (English), where Next and Back go."""

    banner: str
    next: str
    back: str


def preview_question(
    questionnaire: Questionnaire, position: int, answered_by: str, preview: Preview
) -> str:
    """A question page exactly as a respondent sees it (the bank is the studio's preview,
    portal.content.preview_with), answering nothing: Next and Back go to the preview's pages."""
    statement = current_bank().statements[questionnaire.statement_ids[position - 1]]
    context = _question_context(questionnaire, statement, position, answered_by)
    context["back"] = preview.back
    return render_template(
        "respond/question.html",
        form=_answer_form(statement, answered_by)(formdata=None),
        person=Person("", "", None),
        preview=preview,
        **context,
    )


def _known_statement(statement_id: str) -> None:
    """A 404 before any query for an address naming no statement in the bank (it may hold
    anything, a NUL byte PostgreSQL refuses in a parameter too)."""
    if statement_id not in current_bank().statements:
        abort(404)


def _question_page(statement_id: str) -> HttpResponse | tuple[str, int]:
    """A question page: the same for everyone who sees it the same way, so it is rendered once
    per process and each person's own values go into its slots (portal/shared/pages.py)."""
    _known_statement(statement_id)
    with get_reader().connect() as connection:  # one read: no ORM session, no transaction
        visit = services.response_at_question(connection, visitor.response_token(), statement_id)
    if visit is None:
        return redirect(url_for("respond.start"))
    if visit.finished_at is not None:  # sent on another device: never changed again
        raise services.ResponseSent(visit.id)
    questionnaire = questionnaire_content(visit.questionnaire_id)
    statement, position = _statement_in(questionnaire, statement_id)
    kiosk = current_kiosk()
    key = (
        "respond/question.html",
        current_language(),
        questionnaire.slug,
        statement.id,
        # the statement's words and answers differ with who is answering (Statement.text_for)
        statement.text_for(visit.answered_by),
        visit.answered_by == "on_behalf",
        tuple(current_preferences().values()),
        None if kiosk is None else kiosk.closed,
        request.full_path,
        request.script_root,
        clips_version(),
        live_release_id(),  # a newly published release may bring a recorded voice or picture
    )
    person = Person(generate_csrf(), _one_time_key(), visit.answer)

    def render(values: Person | Slots) -> str:
        return render_template(
            "respond/question.html",
            form=_answer_form(statement, visit.answered_by)(formdata=None),
            person=values,
            **_question_context(questionnaire, statement, position, visit.answered_by),
        )

    pages = kept_pages()
    if pages is None:  # PAGE_CACHE_MB=0: every page rendered whole
        return render(person), 200
    return fill(pages.page(key, lambda: render(SLOTS)), person), 200


@bp.route("/question/<statement_id>", methods=["GET", "POST"])
def question(statement_id: str) -> HttpResponse | tuple[str, int]:
    """One statement, its picture and audio, and the answers it offers; saved when submitted."""
    if request.method == "GET":
        return _question_page(statement_id)
    _known_statement(statement_id)
    response = services.response_at_question(get_db(), visitor.response_token(), statement_id)
    if response is None:
        return redirect(url_for("respond.start"))
    questionnaire = questionnaire_content(response.questionnaire_id)
    statement, position = _statement_in(questionnaire, statement_id)
    more = request.form.get("action") == "more"
    if not request.form.get("answer"):  # nothing chosen: ask calmly whether to skip it
        return redirect(
            url_for(
                "respond.skip",
                statement_id=statement.id,
                change=request.args.get("change"),
                more=1 if more else None,
            )
        )
    form = _answer_form(statement, response.answered_by)()
    if form.validate_on_submit():
        needs_help = _save_answer(response, statement, form.answer.data or "")
        if needs_help:  # the help page first; "Tell us more" keeps its box there
            return redirect(
                url_for(
                    "help.page",
                    after=statement.id,
                    change=request.args.get("change"),
                    more=1 if more else None,
                )
            )
        if more:
            return redirect(
                url_for(
                    "respond.tell_more",
                    statement_id=statement.id,
                    change=request.args.get("change"),
                )
            )
        return redirect(_after_answer(questionnaire, position))
    person = Person(generate_csrf(), _one_time_key(), form.answer.data)
    return _render(
        "respond/question.html",
        form,
        person=person,
        **_question_context(questionnaire, statement, position, response.answered_by),
    )


def _save_answer(response: services.ResponseAtQuestion, statement: Statement, value: str) -> bool:
    """Commit the answer before anything says it was saved. Two copies of one page sent at
    the same moment meet the database's unique rule: the loser tries again, finds the answer
    already there, and changes nothing."""
    db = get_db()
    key = request.form.get("submission", "")[:32]
    for attempt in range(2):
        try:
            with one_writer(db):
                needs_help = services.record_answer(db, response, statement, value, key)
                db.commit()
            return needs_help
        except IntegrityError:
            db.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


@bp.route("/question/<statement_id>/skip", methods=["GET", "POST"])
def skip(statement_id: str) -> HttpResponse | tuple[str, int]:
    """Next with no answer: "Skip this one?" Skip keeps the statement as skipped (never a
    safety flag) and goes on; Go back returns to the question."""
    _known_statement(statement_id)
    response = services.response_at_question(get_db(), visitor.response_token(), statement_id)
    if response is None:
        return redirect(url_for("respond.start"))
    if response.finished_at is not None:  # sent on another device: never changed again
        raise services.ResponseSent(response.id)
    questionnaire = questionnaire_content(response.questionnaire_id)
    statement, position = _statement_in(questionnaire, statement_id)
    change = request.args.get("change")
    form = ButtonForm()
    if form.validate_on_submit():
        _save_answer(response, statement, SKIPPED)
        if request.args.get("more"):
            return redirect(url_for("respond.tell_more", statement_id=statement.id, change=change))
        return redirect(_after_answer(questionnaire, position))
    return _render(
        "respond/skip.html",
        form,
        statement=statement,
        statement_text=statement.text_for(response.answered_by),
        back=url_for("respond.question", statement_id=statement.id, change=change),
    )


@bp.route("/practice", methods=["GET", "POST"])
def practice() -> HttpResponse | tuple[str, int]:
    """A practice question after consent: "Try it" says what was chosen and stores nothing;
    "Start the real questions" goes on at once."""
    response, questionnaire = _journey()
    form = make_practice_form(response.answered_by == "on_behalf")()
    chosen = None
    tried = request.method == "POST" and form.validate_on_submit()
    if tried and form.answer.data in ANSWER_PICTURES:
        chosen = form.answer.data
    return render_template(
        "respond/practice.html",
        form=form,
        tried=tried,
        chosen=chosen,
        chosen_word=answer_words_for(response.answered_by).get(chosen or ""),
        answer_pictures=ANSWER_PICTURES,
        questionnaire=questionnaire,
        start=_carry_on_url(response, questionnaire),
    ), 200


@bp.route("/question/<statement_id>/more", methods=["GET", "POST"])
@recording.takes_recording
def tell_more(statement_id: str) -> HttpResponse | tuple[str, int]:
    """Optional words about one answer: typed, spoken (a recording, portal.comments.recording)
    or both, sent in one form. A refused recording keeps the typed words on the page."""
    response, questionnaire = _journey()
    statement, position = _statement_in(questionnaire, statement_id)
    db = get_db()
    form = CommentForm()
    spoken = SpokenForm()
    if form.validate_on_submit():
        text = form.comment.data or ""
        try:
            if spoken.recording.data:
                converted = recording.convert_recording(
                    spoken.recording.data.stream,
                    current_app.config["RECORDING_MAX_BYTES"],
                    current_app.config["RECORDING_MAX_SECONDS"],
                )
                recording.save_recording(db, response.id, statement.id, text, converted)
            elif request.form.get("way") == "speak":
                raise recording.RecordingRefused("missing")
            elif text.strip() or not recording.has_recording(db, response.id, statement.id):
                # (empty words keep a spoken comment: only its words were cleared)
                services.save_comment(db, response, statement.id, text)
        except recording.RecordingRefused as refused:
            spoken.recording.errors = [refused.message]
        else:
            db.commit()
            return redirect(_after_answer(questionnaire, position))
    if request.method == "GET":
        form.comment.data = services.comments_by_statement(db, response).get(statement.id, "")
    answer = services.answers_by_statement(db, response).get(statement.id)
    page = render_template(
        "respond/tell_more.html",
        form=form,
        spoken=spoken,
        recorded=recording.has_recording(db, response.id, statement.id),
        statement=statement,
        statement_text=statement.text_for(response.answered_by),
        answer=answer_words_for(response.answered_by).get(answer or ""),
        skip=_after_answer(questionnaire, position),
    )
    return page, 400 if form.errors or spoken.errors else 200


@bp.route("/check", methods=["GET", "POST"])
def check() -> HttpResponse | tuple[str, int]:
    """Every answer with a change link; "Send my answers" finishes."""
    response, questionnaire = _journey()
    db = get_db()
    form = ButtonForm()
    if form.validate_on_submit():
        services.finish_response(db, response)
        db.commit()
        visitor.forget_response()
        session["finished"] = True
        return redirect(url_for("respond.thank_you"))
    bank = current_bank()
    return _render(
        "respond/check.html",
        form,
        statements=[bank.statements[s] for s in questionnaire.statement_ids],
        answers=services.answers_by_statement(db, response),
        comments=_comments_with_recordings(db, response),
        answered_by=response.answered_by,
        answer_words=answer_words_for(response.answered_by),
        answer_pictures=ANSWER_PICTURES,
        has_code=response.resume_code_hash is not None,
    )


def _comments_with_recordings(db: Session, response: Response) -> dict[str, str]:
    """Each statement's "tell us more" words, saying so where the person sent a recording
    (a spoken-only comment has no words until staff write them down)."""
    comments = services.comments_by_statement(db, response)
    for statement_id in services.spoken_statements(db, response):
        said = comments.get(statement_id, "")
        comments[statement_id] = f"{said} {gettext('You sent a recording.')}".strip()
    return comments


@bp.get("/thank-you")
def thank_you() -> HttpResponse | str:
    """What happens next; the code again if the person made one."""
    if not session.pop("finished", False):
        return redirect(url_for("respond.start"))
    return render_template("respond/thank_you.html", code=_code_words(session.pop("code", None)))


def _code_words(ids: object) -> list[CodeWord]:
    """The words of a code kept in the session, to show (none for anything else)."""
    if not isinstance(ids, list):
        return []
    return current_bank().code_words.shown(str(i) for i in ids)


@bp.route("/code", methods=["GET", "POST"])
def code() -> HttpResponse | tuple[str, int]:
    """Make a code of four words, each a picture, to come back later and finish."""
    response, questionnaire = _journey()
    form = ButtonForm()
    made: list[str] = []
    if form.validate_on_submit():
        db = get_db()
        made = services.make_resume_code(
            db, response, current_bank().code_words, current_app.config["SECRET_KEY"]
        )
        db.commit()
        session["code"] = made
    return _render(
        "respond/code.html",
        form,
        code=_code_words(made),
        carry_on=_carry_on_url(response, questionnaire),
        has_code=response.resume_code_hash is not None,
    )


def resume_throttle() -> Throttle:
    """Wrong codes from one client (PORTAL_RESUME_CLIENT_MAX_FAILURES in the window, kept in
    this process's memory under an HMAC of the address). Every try is counted before the code
    is looked up, so a burst of tries at once is held to the limit too."""
    config = current_app.config
    window = f"{config['RESUME_WINDOW_MINUTES']} minutes"
    return Throttle("resume", f"{config['RESUME_CLIENT_MAX_FAILURES']}/{window}")


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> HttpResponse | tuple[str, int]:
    """Come back with a code: carry on where you stopped, or see your answers once sent.

    One client typing many wrong codes is asked to wait (resume_throttle). The whole site's
    count of wrong codes (FailedResume, written before the lookup in the same transaction and
    taken back when the code is right) only alerts administrators when it reaches
    PORTAL_RESUME_MAX_FAILURES: it never locks anyone out."""
    form = ResumeForm()
    problem = None
    if form.validate_on_submit():
        config = current_app.config
        throttle = resume_throttle()
        if throttle.take():
            security_event("resume_throttled")  # never the code typed, nor the address
            minutes = config["RESUME_WINDOW_MINUTES"]
            return render_template("respond/resume_wait.html", minutes=minutes), 429
        db = get_db()
        window = config["RESUME_WINDOW_MINUTES"]
        with one_writer(db):
            failure = services.record_failed_resume(db, window)
            found = services.response_by_code(
                db, form.code.data or "", config["SECRET_KEY"], current_bank().code_words
            )
            too_old = found is not None and services.code_too_old(
                found, config["RESUME_INACTIVE_DAYS"]
            )
            if found is not None and not too_old:
                services.forget_failed_resume(db, failure)
                count, alert = 0, False
            else:
                count = services.wrong_codes_lately(db, window)
                alert = count >= config["RESUME_MAX_FAILURES"] and services.backstop_alert_due(
                    db, window
                )
            db.commit()
        if found is not None and not too_old:
            visitor.remember_response(found.token)
            session["lang"] = found.language
            session["who"] = found.answered_by
            if found.finished_at is not None:
                return redirect(url_for("respond.my_answers"))
            return redirect(_carry_on_url(found, questionnaire_content(found.questionnaire_id)))
        if alert:
            security_event("resume_backstop", wrong_codes=count, minutes=window)
            alert_administrators(current_app._get_current_object(), db, count, window)  # type: ignore[attr-defined]  # proxy
        security_event("resume_code_failed", too_old=too_old)  # never the code typed
        problem = CODE_TOO_OLD if too_old else CODE_NOT_FOUND
        form.code.errors.append(str(problem))
    return _render(
        "respond/resume.html",
        form,
        not_found=problem is CODE_NOT_FOUND,
        too_old=problem is CODE_TOO_OLD,
        example=_code_words(services.EXAMPLE_CODE),
    )


@bp.route("/resume/pictures", methods=["GET", "POST"])
def resume_pictures() -> tuple[str, int]:
    """Choose the code's four pictures by tapping them, no typing. Each tap sends the form (it
    works without JavaScript); the pictures chosen so far travel in the form, never in the
    address. With four, "Carry on" sends them to /resume like a typed code (the same limits)."""
    words = current_bank().code_words
    form = ButtonForm()
    chosen: list[str] = []
    if form.validate_on_submit():
        chosen = [i for i in request.form.get("chosen", "").split() if i in words.by_id]
        added = request.form.get("add", "")
        if request.form.get("undo"):
            chosen = chosen[:-1]
        elif added in words.by_id and len(chosen) < CODE_LENGTH:
            chosen.append(added)
        chosen = chosen[:CODE_LENGTH]
    return _render(
        "respond/resume_pictures.html",
        form,
        words=list(words),
        chosen=" ".join(chosen),
        shown=words.shown(chosen),
        complete=len(chosen) == CODE_LENGTH,
    )


@bp.errorhandler(services.ResponseSent)
def answers_were_sent(error: services.ResponseSent) -> tuple[str, int]:
    """A device still holding answers that were sent (perhaps on another device): say so,
    change nothing, and let this device forget them."""
    get_db().rollback()
    visitor.forget_response()
    return render_template("respond/sent.html"), 409


@bp.get("/question/<statement_id>/next")
def carry_on_after(statement_id: str) -> HttpResponse:
    """From the help page: carry on with the question after this one."""
    _, questionnaire = _journey()
    _, position = _statement_in(questionnaire, statement_id)
    return redirect(_after_answer(questionnaire, position))


# --- see and take away your answers (with a code; never on a kiosk tablet) ----------------


def _response_with_code() -> tuple[Response, Questionnaire]:
    """The visitor's response when it has a code, or a redirect: to the start on a tablet, to
    the code page without a code."""
    if current_kiosk() is not None:
        abort(redirect(url_for("respond.start")))
    response = _current_response()
    if response is None:
        abort(redirect(url_for("respond.resume")))
    if response.resume_code_hash is None:
        abort(redirect(url_for("respond.code")))
    return response, questionnaire_content(response.questionnaire_id)


@bp.get("/my-answers")
def my_answers() -> str:
    """Every answer the person gave, and a way to take them all away."""
    response, questionnaire = _response_with_code()
    db = get_db()
    bank = current_bank()
    return render_template(
        "respond/my_answers.html",
        statements=[bank.statements[s] for s in questionnaire.statement_ids],
        answers=services.answers_by_statement(db, response),
        comments=_comments_with_recordings(db, response),
        answered_by=response.answered_by,
        answer_words=answer_words_for(response.answered_by),
        answer_pictures=ANSWER_PICTURES,
        carry_on=None
        if response.finished_at is not None
        or services.code_too_old(response, current_app.config["RESUME_INACTIVE_DAYS"])
        else _carry_on_url(response, questionnaire),
        sent=response.finished_at is not None,
    )


@bp.route("/my-answers/take-away", methods=["GET", "POST"])
def take_away() -> HttpResponse | tuple[str, int]:
    """Are you sure? Then delete the response, its answers and comments, and forget the code."""
    response, _ = _response_with_code()
    form = ButtonForm()
    if form.validate_on_submit():
        db = get_db()
        services.withdraw_response(db, response)
        db.commit()
        visitor.forget_response()
        for key in ("code", "finished"):
            session.pop(key, None)
        session["taken_away"] = True
        return redirect(url_for("respond.answers_gone"))
    return _render("respond/take_away.html", form)


@bp.get("/my-answers/gone")
def answers_gone() -> HttpResponse | str:
    """Your answers are gone."""
    if not session.pop("taken_away", False):
        return redirect(url_for("respond.start"))
    return render_template("respond/answers_gone.html")
