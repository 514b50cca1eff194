"""An editor writes statements and a questionnaire in the studio; a reviewer approves; the
editor publishes; people answer; a change of meaning keeps the results apart."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.content import current_bank
from portal.content.models import ContentRelease, Questionnaire
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import build_report
from tests.helpers import Browser
from tests.reports.fixtures import PTABLE, add_answers
from tests.studio.helpers import OTHER_LANGUAGES, press, signed_in, statement_data

GARDEN = "I like my garden."
HARM = "Someone hurts me at home."
DOOR_YES = "I can lock my door."
DOOR_NO = "Other people lock my door."
Q3 = Quarter(2026, 3)
IN_Q3 = datetime(2026, 8, 12, 14)
MADE_AT = datetime(2026, 11, 20, 9)
THEY = {
    GARDEN: "They like their garden.",
    HARM: "Someone hurts them at home.",
    DOOR_YES: "They can lock their door.",
    DOOR_NO: "Other people lock their door.",
}


def _bank(app: Flask):  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        return current_bank("en")


def _write_statement(browser, text: str, picture: str, **extra: object):  # type: ignore[no-untyped-def]
    page = browser.get("/staff/studio/statements/new")
    return browser.submit(page, statement_data(text, THEY[text], picture=picture, **extra))


def test_an_easy_read_rule_is_named_beside_the_box_and_nothing_is_saved(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/statements/new")
    long = "I like my garden and the flowers and the trees and the birds and the sky very much."
    page = editor.submit(page, statement_data(long, "They like it.", picture="bed"), status=400)
    error = page.soup.find(id="text-error")
    assert error is not None and "Easy read rule [" in error.get_text()
    assert page.soup.find(id="text").get_text() == long  # the words typed are kept
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalar(select(ContentRelease)) is None


def _garden_questionnaire(app: Flask) -> tuple[Browser, Browser]:
    """An editor writes four statements and a questionnaire asking them; a reviewer approves;
    the editor publishes. The editor's and the reviewer's browsers."""
    editor = signed_in(app, "content_editor")
    page = _write_statement(editor, GARDEN, "map")
    assert "Saved in your changes" in page.text
    _write_statement(editor, HARM, "warning-sign", direction="no_good", alert_on=["yes"])
    _write_statement(editor, DOOR_YES, "door")
    _write_statement(editor, DOOR_NO, "tools", direction="no_good")
    assert GARDEN not in [s.text for s in _bank(app).statements.values()]  # not published yet

    page = editor.get("/staff/studio/questionnaires/new")
    data = {
        "ident": "my-garden",
        "title": "About your garden",
        "intro": "These sentences are about your garden.",
        "audience": "self_advocate",
        "retention_months": "24",
        "mirror_yes": "i-can-lock-my-door",
        "mirror_no": "other-people-lock-my-door",
        "position-i-like-my-garden": "1",
        "position-someone-hurts-me-at-home": "2",
        "position-i-can-lock-my-door": "3",
        "position-other-people-lock-my-door": "4",
    }
    for lang in OTHER_LANGUAGES:
        data[f"title_{lang}"] = f"About your garden ({lang})"
        data[f"intro_{lang}"] = f"These sentences are about your garden ({lang})."
    page = editor.submit(page, data)
    assert "Saved in your changes" in page.text
    reviewer = signed_in(app, "reviewer")
    _review_and_publish(editor, reviewer, "A questionnaire about gardens.")
    return editor, reviewer


def _review_and_publish(editor: Browser, reviewer: Browser, note: str) -> None:
    page = press(editor, editor.get("/staff/studio/"), "Send to the reviewers", {"note": note})
    assert "Sent to the reviewers" in page.text
    assert "Approve these changes" not in editor.get("/staff/studio/changes/").text
    page = reviewer.get("/staff/studio/changes/")
    assert note in page.text
    page = press(reviewer, page, "Save my comment", {"body": "Good. The pictures are clear."})
    page = press(reviewer, page, "Approve these changes")
    assert "Approved" in page.text
    page = press(editor, editor.get("/staff/studio/"), "Publish the changes")
    assert "Published" in page.text


def test_a_new_questionnaire_is_written_reviewed_and_published(app: Flask) -> None:
    _garden_questionnaire(app)
    bank = _bank(app)
    assert bank.questionnaires["my-garden"].statement_ids[0] == "i-like-my-garden"
    with Session(app.extensions["db_engine"]) as db:
        row = db.scalar(select(Questionnaire).where(Questionnaire.slug == "my-garden"))
        assert row is not None and row.version == 1
        assert [i.text for i in row.items][:2] == [GARDEN, HARM]
        actions = set(db.scalars(select(AuditEntry.action)))
    assert {"content.statement_added", "content.sent_for_review", "content.approved"} <= actions
    assert {"content.questionnaire_added", "content.published"} <= actions


def test_new_words_with_a_new_meaning_are_reported_apart_and_the_same_meaning_joins(
    app: Flask,
) -> None:
    editor, reviewer = _garden_questionnaire(app)
    with Session(app.extensions["db_engine"]) as db, db.begin():
        first = db.scalar(select(Questionnaire.id).where(Questionnaire.slug == "my-garden"))
        answers = {"i-like-my-garden": "yes", "i-can-lock-my-door": "yes"}
        add_answers(db, first, answers, 12, IN_Q3)

    page = editor.get("/staff/studio/statements/i-like-my-garden")
    assert "People have answered this statement" in page.text
    new_words = statement_data(
        "I like to sit in my garden.", "They like to sit in their garden.", picture="map"
    )
    page = editor.submit(page, new_words, status=400)  # the form asks what the change means
    assert (
        "Say whether the new words mean the same" in page.soup.find(id="meaning-error").get_text()
    )
    page = editor.submit(page, {**new_words, "meaning": "new"})
    page = editor.get("/staff/studio/statements/i-can-lock-my-door")
    same = statement_data(
        "I can lock my own door.", "They can lock their own door.", picture="door"
    )
    editor.submit(page, {**same, "meaning": "same"})
    _review_and_publish(editor, reviewer, "Clearer words about the garden and the door.")

    bank = _bank(app)
    garden = bank.questionnaires["my-garden"]
    assert garden.version == 2
    assert garden.statement_ids[0] == "i-like-to-sit-in-my-garden"
    assert bank.statements["i-like-my-garden"].retired
    with app.test_request_context("/"):  # someone part way through version 1 in Welsh
        assert current_bank("cy").statements["i-like-my-garden"].text == f"{GARDEN} (cy)"
    with Session(app.extensions["db_engine"]) as db, db.begin():
        second = db.scalar(
            select(Questionnaire.id).where(
                Questionnaire.slug == "my-garden", Questionnaire.version == 2
            )
        )
        answers = {"i-like-to-sit-in-my-garden": "no", "i-can-lock-my-door": "yes"}
        add_answers(db, second, answers, 12, IN_Q3)
        report = build_report(db, bank, ReportFilters("my-garden", Q3, Q3), PTABLE, made_at=MADE_AT)
    shown = {s.id: s for theme in report.themes for s in theme.statements}
    old, new, door = (
        shown["i-like-my-garden"],
        shown["i-like-to-sit-in-my-garden"],
        shown["i-can-lock-my-door"],
    )
    assert (old.now.counts["yes"], old.now.counts["no"]) == (10, None)  # 12 Yes, apart
    assert (new.now.counts["yes"], new.now.counts["no"]) == (None, 10)  # 12 No, apart
    assert old.asked_in == "The figures come from questionnaire version 1."
    assert new.asked_in == "The figures come from questionnaire version 2."
    assert door.now.counts["yes"] == 25  # 24 people, both versions joined (published as 25)
    assert door.asked_in == (
        "The figures come from questionnaire versions 1 and 2. "
        "Version 1 asked “I can lock my door.”, with the same meaning."
    )
