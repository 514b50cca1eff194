"""The "I need help now" page: the numbers to call, 999 first, in words that are true where the
person is. Pressing the button (a POST, from the header of every page) raises a safety flag once
per visit, for the safeguarding lead to follow up; showing the page (a GET) never raises one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_wtf.csrf import validate_csrf
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as HttpResponse
from wtforms import ValidationError

from portal.areas.models import AreaContact
from portal.areas.services import area_contacts
from portal.content import current_bank, questionnaire_content
from portal.content.bank import NUMBER, HelpPage
from portal.content.typed_texts import CONTACT_NAME, CONTACT_TEXT, TypedWords, typed_words
from portal.db import get_db, one_writer
from portal.i18n import current_language
from portal.kiosk import current_kiosk, where_answered
from portal.logs import security_event
from portal.respond.forms import CommentForm
from portal.respond.models import Response
from portal.respond.services import (
    answers_by_statement,
    comments_by_statement,
    first_unanswered,
    place_of,
    response_by_token,
)
from portal.safety.services import AREA_CONTACT_PICTURE, HelpContact, ask_for_help, help_contacts
from portal.security import csrf, safe_next_url
from portal.shared import visitor
from portal.shared.visitor import Place

bp = Blueprint("help", __name__)

# The query the page keeps from the button to the page: the question answered ("after", with
# "change" from the check page, and "more" when "Tell us more" was pressed) or the page the
# button was pressed on ("back").
KEPT = ("after", "change", "more", "back")
# "Leave this page quickly" goes to a page that looks like nothing to do with help.
QUICK_EXIT = "https://www.bbc.co.uk/weather"
WHO_WORDS = {"on_behalf": "on_behalf", "family_carer": "family_carer"}  # others: own_view


@bp.route("/help", methods=["GET", "POST"])
# The button's CSRF token (in every page's header, a slot on pages kept for everyone) is checked
# here rather than by CSRFProtect, whose refusal would be an error page: someone in danger whose
# token fails (a lost cookie, a page from before a tablet's "Next person") still gets the help
# page, only without a flag, and a tablet's page then says how to tell the group leader. A
# token does not stop a flood (anyone can fetch one); one flag per visit and, with no response
# behind it, PORTAL_SAFETY_UNLINKED_FLAGS_PER_HOUR do.
@csrf.exempt
def page() -> HttpResponse | str:
    """The help page (GET); the "I need help now" button (POST) raises a flag first."""
    if request.method == "POST":
        return _ask_for_help()
    db = get_db()
    response = response_by_token(db, visitor.response_token())
    place = place_of(db, response) if response is not None else where_answered()
    content = current_bank().help
    where, who = _words(content, place, response, request.args)
    contacts = help_contacts(db, content.contacts, place.area_id, current_app.config["DEMO"])
    if place.area_id is not None:  # the area's own, in the reader's language where translated
        language = current_language()
        typed = typed_words(db, language, [CONTACT_NAME, CONTACT_TEXT])
        own = area_contacts_in(area_contacts(db, place.area_id), typed)
        contacts = [c for c in contacts if c.lang is None] + own
    return render_template(
        "safety/help.html",
        help=content,
        where=where,
        who=who,
        urgent=[c for c in contacts if c.urgent],
        contacts=[c for c in contacts if not c.urgent],
        carry_on=_carry_on(response, request.args),
        tell_more=_tell_more(response, request.args),
        # On a group tablet, its own start page: the facilitator has already been told, and the
        # tablet stays in its session (another site would take it out of kiosk mode). Anywhere
        # else, a page that looks like nothing to do with help.
        leave_to=url_for("respond.start") if current_kiosk() is not None else QUICK_EXIT,
    )


def area_contacts_in(contacts: Iterable[AreaContact], typed: TypedWords) -> list[HelpContact]:
    """An area's own help contacts in `typed`'s language when a translator translated both the
    name and the words from the English they have now; else in English (marked so), so the
    Listen button never reads English words in another language's voice."""
    shown = []
    for contact in contacts:
        name = typed.words(CONTACT_NAME, contact.id, contact.name)
        text = typed.words(CONTACT_TEXT, contact.id, contact.text)
        translated = name.lang == text.lang == typed.language
        shown.append(
            HelpContact(
                name.text if translated else contact.name,
                contact.phone,
                text.text if translated else contact.text,
                AREA_CONTACT_PICTURE,
                lang=typed.language if translated else "en",
            )
        )
    return shown


_LTR = Markup('<span dir="ltr">{}</span>')


@bp.app_template_filter("numbers_ltr")
def numbers_left_to_right(text: str) -> Markup:
    """Numbers in groups kept left to right: in right-to-left words (Urdu) "116 123" would show
    as "123 116". A number of one group is left alone ("NHS 111" stays one run)."""
    parts, start = [], 0
    for number in NUMBER.finditer(text):
        if len(number.group().split()) > 1:
            parts += [escape(text[start : number.start()]), _LTR.format(number.group())]
            start = number.end()
    return Markup("").join([*parts, escape(text[start:])])


def _ask_for_help() -> HttpResponse:
    """One flag per visit, then the page (303: the browser asks for it again with GET)."""
    if not session.get("help_flagged") and _token_is_good():
        db = get_db()
        response = response_by_token(db, visitor.response_token())
        place = place_of(db, response) if response is not None else where_answered()
        limit = current_app.config["SAFETY_UNLINKED_FLAGS_PER_HOUR"]
        with one_writer(db):
            flag = ask_for_help(
                db,
                response.id if response else None,
                place,
                limit,
                questionnaire_id=response.questionnaire_id if response else None,
            )
            db.commit()
        if flag is None:  # so a tablet's page does not say the group leader was told
            current_app.logger.warning(
                '"I need help now" pressed %s: not stored, %d alerts without a response in the '
                "last hour already (PORTAL_SAFETY_UNLINKED_FLAGS_PER_HOUR)",
                "at home" if place.session_id is None else f"in group session {place.session_id}",
                limit,
            )
        else:
            session["help_flagged"] = True
    kept: dict[str, Any] = {key: request.args[key] for key in KEPT if request.args.get(key)}
    return redirect(url_for("help.page", **kept), code=303)


def _token_is_good() -> bool:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as error:
        reason = str(error).removeprefix("The CSRF ").rstrip(".")  # "token is missing"
        security_event("csrf_failed", reason=reason)
        return False
    return True


def _words(
    content: HelpPage, place: Place, response: Response | None, args: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sentences for where the person is and who is answering (content/help.yaml). On a
    tablet the group leader has been told only once a flag was raised in this visit: by the
    button, or by the answer the page came after."""
    if place.session_id is None:
        where = "at_home"
    elif session.get("help_flagged") or (response is not None and args.get("after")):
        where = "group_told"
    else:
        where = "group_not_told"
    answered_by = response.answered_by if response is not None else session.get("who")
    return content.where[where], content.who[WHO_WORDS.get(str(answered_by), "own_view")]


def _carry_on(response: Response | None, args: Mapping[str, str]) -> str | None:
    """Back to where the person was answering: the question after the one answered, or the
    page the button was pressed on, else the first question not answered yet. None for
    someone not answering."""
    if response is None:
        return None
    after = args.get("after")
    if after:
        return url_for("respond.carry_on_after", statement_id=after, change=args.get("change"))
    back = args.get("back")
    if back and not back.startswith(url_for("help.page")):
        return safe_next_url(back)
    questionnaire = questionnaire_content(response.questionnaire_id)
    next_id = first_unanswered(questionnaire, answers_by_statement(get_db(), response))
    if next_id is None:
        return url_for("respond.check")
    return url_for("respond.question", statement_id=next_id)


def _tell_more(
    response: Response | None, args: Mapping[str, str]
) -> tuple[str, CommentForm] | None:
    """After "Tell us more" on an answer that brought the person here: the box for their words
    (posting to the question's "Tell us more"), so they are not lost. None otherwise."""
    after = args.get("after")
    if response is None or not args.get("more") or not after:
        return None
    questionnaire = questionnaire_content(response.questionnaire_id)
    if after not in questionnaire.statement_ids:
        return None
    form = CommentForm()
    form.comment.data = comments_by_statement(get_db(), response).get(after, "")
    action = url_for("respond.tell_more", statement_id=after, change=args.get("change"))
    return action, form
