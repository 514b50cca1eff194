"""Someone answering for another person, in each language: every statement in "them" words,
heard in those words, and "This is not about them" with its picture and Listen button where a
statement offers it; each page without axe-core violations."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest
from flask import Flask
from flask_babel import force_locale
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from portal.areas.models import Area, ShareLink
from portal.audio.store import clip_file
from portal.content import current_bank
from portal.shared.answers import NOT_ABOUT_THEM
from tests.browser.helpers import (
    AxeTally,
    begin_questions,
    page_problems,
    path_of,
    question_id,
    submit,
    visit,
    walk_to_first_question,
)

STATEMENT_AUDIO = ".choices-fieldset .spoken audio"
NOT_ABOUT_ME = ".choice:has(#answer-not_about_me)"


@dataclass(frozen=True)
class MayNotApply:
    """A statement that offers "This is not about me", and the share link (path) that starts
    its questionnaire when it is not the self-advocates' first one (None: the usual start)."""

    statement: str
    link: str | None


@pytest.fixture(scope="session")
def may_not_apply(live_app: Flask) -> MayNotApply:
    """The first statement of a self-advocates' questionnaire that offers "This is not about
    me" (a hospital, the police, a job...), the usual questionnaire first."""
    with live_app.app_context():
        bank = current_bank("en")
        usual = bank.questionnaire_for("self_advocate")
        others = [q for q in bank.questionnaires.values() if q.audience == "self_advocate"]
        for questionnaire in sorted(others, key=lambda q: q is not usual):
            found = [i for i in questionnaire.statement_ids if bank.statements[i].not_about_me]
            if found:
                break
        else:
            pytest.fail("no self-advocates' questionnaire has a statement with not_about_me")
    if questionnaire is usual:
        return MayNotApply(found[0], None)
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        area = Area(name=f"Area {secrets.token_hex(3)}")
        db.add(area)
        db.flush()
        token = secrets.token_urlsafe(9)
        db.add(
            ShareLink(
                token=token,
                questionnaire_slug=questionnaire.slug,
                area_id=area.id,
                label="Browser test of statements that may not apply",
            )
        )
    return MayNotApply(found[0], f"/s/{token}")


def _they_words(live_app: Flask, language: str, statement_id: str) -> str:
    """The statement's words for someone answering for another person, in `language`; in
    another language than English they must be translated, not the English words."""
    with live_app.app_context():
        they = current_bank(language).statements[statement_id].they
        english = current_bank("en").statements[statement_id].they
    assert they, f"{statement_id} has no 'they' words"
    if language != "en":
        assert they != english, f"statement.{statement_id}.they is not translated into {language}"
    return they


def _not_about_them(live_app: Flask, language: str) -> str:
    """ "This is not about them" in `language` (translated, in another language than English)."""
    with live_app.test_request_context(), force_locale(language):
        words = str(NOT_ABOUT_THEM)
    if language != "en":
        assert words != "This is not about them", f"not translated into {language}"
    return words


def _heard(live_app: Flask, page: Page, language: str, text: str) -> None:
    """The statement's Listen button plays the clip of `text` in `language`."""
    audio = page.locator(STATEMENT_AUDIO)
    assert audio.count() == 1, f"the statement on {path_of(page)} has no audio"
    with live_app.app_context():
        clip = clip_file(language, text)
    assert clip is not None, f"no {language} clip for {text!r}"
    src = audio.evaluate("audio => audio.currentSrc || audio.src")
    assert clip.removesuffix(".mp3") in src, (
        f"{path_of(page)} plays {src}, not the clip of {text!r}"
    )
    assert page.locator(".spoken .listen-button").count() == 1, "no Listen button"


def test_someone_answering_for_another_person_reads_them_words_in_each_language(
    page: Page, language: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    problems: list[str] = []
    for name in walk_to_first_question(page, language, "on_behalf"):
        problems += page_problems(page, language, f"{name} (for another person)", axe_tally)
    first = question_id(page)
    they = _they_words(live_app, language, first)
    assert page.locator("h1").inner_text().strip() == they
    assert page.title().startswith(they)
    _heard(live_app, page, language, they)
    problems += page_problems(page, language, "question for another person", axe_tally)

    page.check("#answer-yes")
    submit(page, "button[name=action][value=next]")
    visit(page, "/check")
    with live_app.app_context():
        english = current_bank("en").statements[first].text
    assert page.locator(".summary__row", has_text=they).count() == 1, f"no {they!r}"
    if english != they:
        assert page.locator(".summary__row", has_text=english).count() == 0, f"{english!r}"
    problems += page_problems(page, language, "check answers for another person", axe_tally)
    assert not problems, "\n".join(problems)


def test_someone_answering_for_another_person_can_say_this_is_not_about_them(
    page: Page, language: str, live_app: Flask, may_not_apply: MayNotApply, axe_tally: AxeTally
) -> None:
    if may_not_apply.link:  # a questionnaire other than the usual one: start it by its link
        visit(page, may_not_apply.link)
    begin_questions(page, language, "on_behalf")
    visit(page, f"/question/{may_not_apply.statement}")
    they = _they_words(live_app, language, may_not_apply.statement)
    assert page.locator("h1").inner_text().strip() == they
    _heard(live_app, page, language, they)
    problems = page_problems(page, language, "question that may not apply", axe_tally)

    choice = page.locator(NOT_ABOUT_ME)
    assert choice.count() == 1, "no 'This is not about them' answer"
    words = _not_about_them(live_app, language)
    assert choice.locator(".choice__word").inner_text().strip() == words
    picture = choice.locator("img.choice__picture")
    assert picture.is_visible() and picture.evaluate("img => img.naturalWidth") > 0, "no picture"
    assert choice.locator(".listen-button").count() == 1, f"no Listen button for {words!r}"

    page.check("#answer-not_about_me")
    submit(page, "button[name=action][value=next]")
    visit(page, "/check")
    row = page.locator(".summary__row", has_text=they)
    assert row.count() == 1, f"the check page does not show {they!r}"
    assert row.locator(".summary__answer").inner_text().strip() == words
    problems += page_problems(page, language, "check answers: not about them", axe_tally)
    assert not problems, "\n".join(problems)
