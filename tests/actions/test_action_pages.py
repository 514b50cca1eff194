"""Administrators add actions for a theme and keep their status up to date; every change is
checked with specific messages and written to the audit log."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.audit.models import AuditEntry
from tests.actions.helpers import BANK, ELSEWHERE, THEME, YES_GOOD, add_action
from tests.admin.helpers import admin_browser
from tests.groups.helpers import add_area
from tests.helpers import Browser, Page

GOOD = {
    "theme_id": THEME,
    "statement_id": YES_GOOD,
    "area_id": "",
    "what": "Easy read training for all support staff",
    "owner": "Head of training",
    "due": "2027-03-31",
    "status": "on_track",
    "reason": "",
    "easy_read": "We are teaching staff to use easy words.",
}


def _errors(page: Page) -> list[str]:
    summary = page.soup.find(class_="error-summary")
    return [" ".join(a.get_text().split()) for a in summary.select("li a")] if summary else []


def _shown(page: Page) -> dict[str, str]:
    """What the form shows now, as a browser would send it (Browser.submit sends hidden fields)."""
    form = page.form()
    values = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    values |= {t["name"]: t.get_text() for t in form.find_all("textarea")}
    for field in form.find_all("select"):
        chosen = field.find("option", selected=True) or field.find("option")
        values[field["name"]] = chosen["value"]
    return values


def _add(admin: Browser, expect: int = 200, **changes: str) -> Page:
    page = admin.get("/staff/actions")
    page = admin.get(page.link("Add an action"))
    return admin.submit(page, GOOD | changes, status=expect)


def test_administrator_adds_an_action_and_sees_it_under_its_theme(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    assert "/staff/actions" in admin.get("/staff").link("You said, we did")
    page = _add(admin)
    assert page.url == "/staff/actions?done=added"
    assert "The action is added." in page.text
    item = page.soup.select_one("li[id^=action-]")
    text = " ".join(item.get_text().split())
    assert item.find_previous("h2").get_text(strip=True) == BANK.themes[THEME].name
    assert "Easy read training for all support staff" in text
    assert "Status: On track" in text and "Who: Head of training" in text
    assert "Area: Every area" in text and "Done by: 31 March 2027" in text
    assert "Overdue" not in text
    action = db_session.scalars(select(Action)).one()
    assert (action.statement_id, action.area_id, action.due) == (YES_GOOD, None, date(2027, 3, 31))
    assert action.created_by == admin_id and action.reason is None
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.subject) == (
        admin_id, "action.added", f"action:{action.id}"
    )  # fmt: skip


def test_not_on_track_needs_a_reason_and_nothing_is_saved_without_one(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    _add(admin)
    action_id = db_session.scalars(select(Action.id)).one()
    page = admin.get(f"/staff/actions/{action_id}")
    assert page.h1 == "Change an action"
    assert _shown(page) | {"csrf_token": ""} == GOOD | {"csrf_token": ""}
    page = admin.submit(page, _shown(page) | {"status": "not_on_track"}, status=400)
    assert page.soup.title.get_text().startswith("Error: ")
    assert _errors(page) == ["Say why it is not on track. People answering will see this reason."]
    assert page.soup.select_one("#reason-error") is not None
    db_session.expire_all()
    assert db_session.get(Action, action_id).status == "on_track", "nothing was saved"
    assert db_session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "action.added"
    )

    late = {"status": "not_on_track", "reason": "The trainer left. A new one starts in May."}
    page = admin.submit(page, _shown(page) | late)
    assert "The action is changed." in page.text
    text = " ".join(page.soup.select_one(f"#action-{action_id}").get_text().split())
    assert "Status: Not on track" in text and "Why: The trainer left." in text
    db_session.expire_all()
    action = db_session.get(Action, action_id)
    assert (action.status, action.reason) == (
        "not_on_track", "The trainer left. A new one starts in May."
    )  # fmt: skip
    entry = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor_id, entry.action, entry.subject) == (
        admin_id, "action.changed", f"action:{action_id}"
    )  # fmt: skip
    assert entry.detail == (
        "status: On track to Not on track; "
        "reason: (none) to The trainer left. A new one starts in May."
    )


def test_every_problem_is_listed_at_once_in_page_order(app: Flask, db_session: Session) -> None:
    admin, _admin_id = admin_browser(app)
    blank = {name: "" for name in GOOD}
    page = _add(admin, expect=400, **blank)
    assert _errors(page) == [
        "Choose the theme this action is about.",
        "Say what will be done, for example: Train support staff in easy read.",
        "Type who is responsible for it, for example: Head of housing.",
        "Type the date it will be done by, for example 31 3 2027.",
        "Choose done, on track or not on track.",
        "Type what people answering will read, in short and easy words.",
    ]
    long = "We are going to teach every member of the support staff in every team to use easy words"
    long += "."
    page = _add(
        admin,
        expect=400,
        statement_id=ELSEWHERE,
        due="31 2 2027",
        easy_read=f"{long} Then we will check the assessment.",
    )
    assert _errors(page) == [
        "Choose a sentence from the theme you chose, or choose “The whole theme”.",
        "Type a real date, for example 31 3 2027.",
        f"Use 15 words or fewer in each sentence. This sentence has 18 words: “{long}”",
    ]
    page = _add(admin, expect=400, easy_read="We will check your assessment.")
    assert _errors(page) == [
        "People may not know the word “assessment”. "
        "Say “a meeting to find out what help you need” instead."
    ]
    assert db_session.scalars(select(Action)).all() == []


def test_an_action_for_one_area_and_a_late_one_is_marked_overdue(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    north = add_area(app, "North locality")
    page = _add(admin, area_id=str(north), due="31/1/2026")
    text = " ".join(page.soup.select_one("li[id^=action-]").get_text().split())
    assert "Area: North locality" in text
    assert "Overdue: it was due 31 January 2026" in text
    done = add_action(app, status="done", due=date(2026, 1, 1), what="Letters in easy read")
    item = admin.get("/staff/actions").soup.select_one(f"#action-{done}")
    text = " ".join(item.get_text().split())
    assert "Status: Done" in text and "Overdue" not in text


def test_saving_an_action_unchanged_writes_nothing_to_the_audit_log(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    action_id = add_action(app)
    page = admin.get(f"/staff/actions/{action_id}")
    page = admin.submit(page, _shown(page))
    assert "Nothing was changed." in page.text
    assert db_session.scalars(select(AuditEntry)).all() == []
    assert admin.get("/staff/actions/999999", status=404)
