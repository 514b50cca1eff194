"""Saying "I do not feel safe", or asking for help, shows help and raises a flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.safety.models import SafetyFlag
from portal.shared.answers import ANSWER_VALUES
from tests.helpers import Browser
from tests.respond.journey import answer, begin
from tests.safety.helpers import press_help_now

BANK = load_bank(PROJECT_ROOT / "content")


def _to_safety_question(client: Browser, answered_by: str = "own"):  # type: ignore[no-untyped-def]
    page = begin(client, answered_by)
    while not BANK.statements[page.url.rsplit("/", 1)[-1]].safety:
        page = answer(client, page, "yes")
    return page


@pytest.mark.parametrize("value", ["no", "not_sure"])
def test_not_feeling_safe_shows_help_and_raises_one_flag(
    client: Browser, db_session: Session, value: str
) -> None:
    page = _to_safety_question(client)
    statement_id = page.url.rsplit("/", 1)[-1]
    page = answer(client, page, value)
    assert page.url.startswith("/help")
    assert page.h1 == BANK.help.title
    for contact in BANK.help.contacts:
        assert (contact.phone in page.text) is not contact.demo, "real numbers only"
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert (flag.kind, flag.statement_id, flag.answer) == ("answer", statement_id, value)
    assert flag.acknowledged_at is None
    page = client.get(page.link("Carry on answering"))
    assert page.url.startswith("/question/") and not page.url.endswith(statement_id)


def test_feeling_safe_raises_no_flag(client: Browser, db_session: Session) -> None:
    page = _to_safety_question(client)
    page = answer(client, page, "yes")
    assert page.url.startswith("/question/")
    assert db_session.scalars(select(SafetyFlag)).all() == []


def test_family_carer_worry_about_safety_raises_a_flag(
    client: Browser, db_session: Session
) -> None:
    page = _to_safety_question(client, "family_carer")
    page = answer(client, page, "no")
    assert page.url.startswith("/help")
    assert len(db_session.scalars(select(SafetyFlag)).all()) == 1


def test_sending_the_same_answer_twice_keeps_one_flag(client: Browser, db_session: Session) -> None:
    page = _to_safety_question(client)
    answer(client, page, "no")
    answer(client, page, "no")
    assert len(db_session.scalars(select(SafetyFlag)).all()) == 1


def test_help_button_is_on_every_page_and_raises_one_flag_per_visit(
    client: Browser, db_session: Session
) -> None:
    page = begin(client)
    page = press_help_now(client, page)
    assert page.h1 == BANK.help.title
    assert page.audio_sources(), "the help page can be listened to"
    press_help_now(client, page)
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert flag.kind == "help_link" and flag.statement_id is None


def test_a_flag_holds_nothing_about_the_person(client: Browser, db_session: Session) -> None:
    columns = set(SafetyFlag.__table__.columns.keys())
    assert columns == {
        "id",
        "kind",
        "statement_id",
        "answer",
        "response_id",
        "raised_at",
        "acknowledged_at",
        "acknowledged_by",  # the staff member who followed it up
        "action_note",  # what they did: about the follow-up, not the person
        "record_key",  # random, for perturbing counts in reports: nothing about anyone
        "area_id",  # the area, so the right local team can follow it up
        "session_id",  # the group session, so its facilitator is alerted
        "tablet_number",  # which tablet in the room, so the facilitator can go over quietly
        "questionnaire_id",  # which questions: reports count a questionnaire's own alerts
        "comment_id",  # a comment a moderator sent to the lead (its words stay in `comment`)
        "raised_by",  # the staff member who sent a comment or typed a group vote
        "not_genuine_reason",  # the lead's reason for marking it not genuine
        "escalation_step",  # how far down the on-call list it has been emailed
        "escalate_at",  # when the next person on call is emailed if still open
    }


def test_staff_can_list_open_flags_from_the_command_line(
    client: Browser, runner: FlaskCliRunner
) -> None:
    page = _to_safety_question(client)
    statement_id = page.url.rsplit("/", 1)[-1]
    answer(client, page, "not_sure")
    result = runner.invoke(args=["safety", "flags"])
    assert result.exit_code == 0
    assert f"answered 'not_sure' to {statement_id}" in result.output
    assert "1 open safety flag(s)." in result.output


def test_which_answers_raise_an_alert_is_said_by_each_statement() -> None:
    from portal.respond.services import raises_safety_flag

    safe, bullied = BANK.statements["safe-where-i-live"], BANK.statements["bullied"]
    assert [v for v in ANSWER_VALUES if raises_safety_flag(safe, v)] == [
        "sometimes", "no", "not_sure"
    ]  # fmt: skip
    assert [v for v in ANSWER_VALUES if raises_safety_flag(bullied, v)] == ["yes", "sometimes"]
    assert not raises_safety_flag(BANK.statements["listened-to"], "no")


def test_a_bare_yes_or_no_in_alert_on_is_refused_with_how_to_fix_it(tmp_path: Path) -> None:
    import shutil

    from portal.content.bank import ContentError

    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    path = content / "statements" / "keeping-safe.yaml"
    path.write_text(path.read_text().replace('alert_on: ["yes", "sometimes"]', "alert_on: [yes]"))
    with pytest.raises(ContentError) as error:
        load_bank(content)
    assert "each in quotes (YAML reads a bare yes or no as true)" in str(error.value)
