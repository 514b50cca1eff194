"""The safety lead sees open safety flags, records what they did, and overdue flags show in red."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.safety.models import SafetyFlag
from tests.auth.helpers import add_staff, sign_in, start_signed_in
from tests.auth.test_staff_access import staff_rules
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin
from tests.safety.helpers import press_help_now

BANK = load_bank(PROJECT_ROOT / "content")


def raise_flag_by_answering_no(client: Browser) -> str:
    """A respondent answers No to the first safety statement; returns that statement's id."""
    page = begin(client)
    while not BANK.statements[page.url.rsplit("/", 1)[-1]].safety:
        page = answer(client, page, "yes")
    statement_id = page.url.rsplit("/", 1)[-1]
    assert answer(client, page, "no").url.startswith("/help")
    return statement_id


def wait(db: Session, minutes: float) -> None:
    """Make every flag as old as if it had waited `minutes` longer."""
    for flag in db.scalars(select(SafetyFlag)):
        flag.raised_at -= timedelta(minutes=minutes)
    db.commit()


def staff_browser(app: Flask, role: str) -> Browser:
    staff = Browser(app.test_client())
    start_signed_in(staff, add_staff(app, role))
    return staff


def banner(page: Page) -> str:
    found = page.soup.find(class_="staff-alert")
    return " ".join(found.get_text().split()) if found else ""


def test_safety_lead_sees_a_flag_acknowledges_it_and_it_is_audited(
    app: Flask, client: Browser, db_session: Session
) -> None:
    statement_id = raise_flag_by_answering_no(client)
    lead = Browser(app.test_client())
    lead_id = add_staff(app, "safeguarding_lead", "lead@example.org")
    page = sign_in(lead, "lead@example.org")
    page = lead.get(page.link("Safety alerts"))
    assert page.h1 == "Safety alerts"
    items = page.soup.select("li.staff-flag")
    assert len(items) == 1
    item = " ".join(items[0].get_text().split())
    assert f"answered No to: “{BANK.statements[statement_id].text}”" in item
    assert "UTC" not in item and "Overdue" not in item
    assert "Nobody was emailed: nobody is on the on-call list" in item

    page = lead.submit(page, {f"flag-{items[0]['id'].removeprefix('flag-')}-note": "Phoned Sam."})
    assert page.url.startswith("/staff/safety/")
    assert "That alert is marked as followed up." in page.text
    assert "There are no open safety alerts." in page.text
    assert not page.soup.select("li.staff-flag")

    flag = db_session.scalars(select(SafetyFlag)).one()
    assert flag.acknowledged_at is not None
    assert (flag.acknowledged_by, flag.action_note) == (lead_id, "Phoned Sam.")
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.subject, entry.detail) == (
        lead_id, "safety_flag.acknowledged", f"safety_flag:{flag.id}", "Phoned Sam."
    )  # fmt: skip


def test_an_empty_note_is_refused_with_a_clear_message(
    app: Flask, client: Browser, db_session: Session
) -> None:
    raise_flag_by_answering_no(client)
    lead = staff_browser(app, "safeguarding_lead")
    page = lead.get("/staff/safety/")
    page = lead.submit(page, {}, status=400)
    assert page.soup.title.get_text().startswith("Error: ")
    summary = page.soup.find(class_="error-summary")
    assert "Write what you did about this alert." in summary.get_text()
    assert len(page.soup.select("li.staff-flag")) == 1
    assert db_session.scalars(select(SafetyFlag)).one().acknowledged_at is None
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_the_help_link_shows_as_a_flag_without_any_answers(app: Flask, client: Browser) -> None:
    press_help_now(client, begin(client))
    page = staff_browser(app, "administrator").get("/staff/safety/")
    item = " ".join(page.soup.select_one("li.staff-flag").get_text().split())
    assert "pressed “I need help now”" in item
    assert "answered" not in item


def test_an_overdue_flag_shows_a_red_banner_on_every_staff_page(
    app: Flask, client: Browser, db_session: Session
) -> None:
    raise_flag_by_answering_no(client)
    wait(db_session, minutes=31)
    pages = [r.rule for r in staff_rules(app) if "GET" in r.methods and not r.arguments]
    assert pages
    for role in ("safeguarding_lead", "facilitator"):
        staff = staff_browser(app, role)
        for url in pages:
            page = staff.get(url, status=None)
            assert "1 safety alert has waited more than 30 minutes" in banner(page), (role, url)
            assert page.soup.select_one(".staff-alert .field-error"), "the banner is in red"
            if role == "safeguarding_lead":
                assert page.link("Follow up the safety alerts now").endswith("/staff/safety/")
    lead_page = staff_browser(app, "administrator").get("/staff/safety/")
    assert "Overdue:" in lead_page.soup.select_one("li.staff-flag").get_text()


def test_a_recent_flag_shows_no_banner(app: Flask, client: Browser) -> None:
    raise_flag_by_answering_no(client)
    page = staff_browser(app, "safeguarding_lead").get("/staff/")
    assert banner(page) == ""


def test_the_overdue_time_can_be_configured(
    app: Flask, client: Browser, db_session: Session
) -> None:
    app.config["SAFETY_ESCALATE_MINUTES"] = 120
    raise_flag_by_answering_no(client)
    wait(db_session, minutes=100)
    page = staff_browser(app, "reviewer").get("/staff/")
    assert banner(page) == ""
    wait(db_session, minutes=21)
    page = staff_browser(app, "reviewer").get("/staff/")
    assert "1 safety alert has waited more than 120 minutes" in banner(page)


def test_a_facilitator_cannot_see_the_flags_page(app: Flask, client: Browser) -> None:
    statement_id = raise_flag_by_answering_no(client)
    page = staff_browser(app, "facilitator").get("/staff/safety/", status=403)
    assert page.h1 == "You cannot open this page"
    assert BANK.statements[statement_id].text not in page.text
    assert "Safety alerts" not in staff_browser(app, "facilitator").get("/staff/").text


def test_the_public_pages_show_no_staff_banner(
    app: Flask, client: Browser, db_session: Session
) -> None:
    raise_flag_by_answering_no(client)
    wait(db_session, minutes=31)
    assert banner(client.get("/")) == ""
