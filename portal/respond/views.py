"""The respondent journey: start, language, who, consent, questions, check, thank you, resume."""

from __future__ import annotations

import os
import random
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
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as HttpResponse

from portal.audio import clips_version
from portal.content import current_bank, questionnaire_content
from portal.content.bank import Questionnaire, Statement
from portal.content.services import questionnaire_row
from portal.db import get_db, get_reader, one_writer
from portal.i18n import current_language, supported_languages
from portal.kiosk import current_kiosk, where_answered
from portal.logs import security_event
from portal.preferences import current_preferences
from portal.respond import services
from portal.respond.forms import (
    CODE_NOT_FOUND,
    CommentForm,
    LanguageForm,
    ResumeForm,
    WhoForm,
    make_answer_form,
)
from portal.respond.models import Response
from portal.security import safe_next_url
from portal.shared import visitor
from portal.shared.answers import (
    ANSWER_PICTURES,
    WHO_CHOICES,
    WHO_PICTURES,
    answer_words_for,
)
from portal.shared.forms import ButtonForm, choices_from
from portal.shared.pages import SLOTS, Person, Slots, fill, kept_pages

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
                db, row, session.get("lang", "en"), answered_by, where_answered()
            )
            db.commit()
            visitor.remember_response(response.token)
        return redirect(_carry_on_url(response, questionnaire))
    return _render(
        "respond/consent.html", form, questionnaire=questionnaire, started=response is not None
    )


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
    form = _answer_form(statement, response.answered_by)()
    if form.validate_on_submit():
        needs_help = _save_answer(response, statement, form.answer.data or "")
        if needs_help:
            return redirect(
                url_for("help.page", after=statement.id, change=request.args.get("change"))
            )
        if request.form.get("action") == "more":
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


@bp.route("/question/<statement_id>/more", methods=["GET", "POST"])
def tell_more(statement_id: str) -> HttpResponse | tuple[str, int]:
    """Optional free text about one answer."""
    response, questionnaire = _journey()
    statement, position = _statement_in(questionnaire, statement_id)
    db = get_db()
    form = CommentForm()
    if form.validate_on_submit():
        services.save_comment(db, response, statement.id, form.comment.data or "")
        db.commit()
        return redirect(_after_answer(questionnaire, position))
    if request.method == "GET":
        form.comment.data = services.comments_by_statement(db, response).get(statement.id, "")
    answer = services.answers_by_statement(db, response).get(statement.id)
    return _render(
        "respond/tell_more.html",
        form,
        statement=statement,
        statement_text=statement.text_for(response.answered_by),
        answer=answer_words_for(response.answered_by).get(answer or ""),
        skip=_after_answer(questionnaire, position),
    )


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
        comments=services.comments_by_statement(db, response),
        answered_by=response.answered_by,
        answer_words=answer_words_for(response.answered_by),
        answer_pictures=ANSWER_PICTURES,
        has_code=response.resume_code_hash is not None,
    )


@bp.get("/thank-you")
def thank_you() -> HttpResponse | str:
    """What happens next; the code again if the person made one."""
    if not session.pop("finished", False):
        return redirect(url_for("respond.start"))
    return render_template("respond/thank_you.html", code=session.pop("code", None))


@bp.route("/code", methods=["GET", "POST"])
def code() -> HttpResponse | tuple[str, int]:
    """Make a memorable code (three short words) to come back later and finish."""
    response, questionnaire = _journey()
    form = ButtonForm()
    made = None
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
        code=made,
        carry_on=_carry_on_url(response, questionnaire),
        has_code=response.resume_code_hash is not None,
    )


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> HttpResponse | tuple[str, int]:
    """Come back with a code: carry on where you stopped, or see your answers once sent."""
    form = ResumeForm()
    not_found = False
    if form.validate_on_submit():
        db = get_db()
        window = current_app.config["RESUME_WINDOW_MINUTES"]
        if services.resume_paused(db, current_app.config["RESUME_MAX_FAILURES"], window):
            security_event("resume_paused")
            abort(429)  # too many wrong codes lately, site-wide: check none, so guessing stalls
        found = services.response_by_code(
            db, form.code.data or "", current_app.config["SECRET_KEY"]
        )
        if found is not None:
            visitor.remember_response(found.token)
            session["lang"] = found.language
            session["who"] = found.answered_by
            if found.finished_at is not None:
                return redirect(url_for("respond.my_answers"))
            return redirect(_carry_on_url(found, questionnaire_content(found.questionnaire_id)))
        services.record_failed_resume(db, window)
        db.commit()
        security_event("resume_code_failed")  # never the code typed
        form.code.errors.append(str(CODE_NOT_FOUND))
        not_found = True
    return _render("respond/resume.html", form, not_found=not_found)


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
        comments=services.comments_by_statement(db, response),
        answered_by=response.answered_by,
        answer_words=answer_words_for(response.answered_by),
        answer_pictures=ANSWER_PICTURES,
        carry_on=None
        if response.finished_at is not None
        else _carry_on_url(response, questionnaire),
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
