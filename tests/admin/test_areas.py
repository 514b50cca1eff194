"""Administrators add, rename and switch off areas, and set each area's help contacts."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.models import Area, AreaContact
from portal.audit.models import AuditEntry
from tests.admin.helpers import add_area, add_contact, admin_browser, options, press
from tests.helpers import Page


def _contact_names(page: Page) -> list[str]:
    return [item.a.get_text(strip=True) for item in page.soup.select("li[id^=contact-]")]


def _error(page: Page) -> str:
    return " ".join(page.soup.find(class_="error-summary").get_text().split())


def test_administrator_adds_and_renames_areas_whose_names_must_be_unique(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    page = add_area(admin, "North locality")
    assert page.h1 == "North locality" and "The area is added." in page.text

    page = add_area(admin, "  north   LOCALITY ", status=400)
    assert page.soup.title.get_text().startswith("Error: ")
    assert "There is already an area called north LOCALITY. Use a different name." in _error(page)

    page = add_area(admin, "South")
    page = press(admin, page, "Rename the area", {"name": "North locality"}, status=400)
    assert "There is already an area called North locality." in _error(page)
    page = press(admin, page, "Rename the area", {"name": "South locality"})
    assert page.h1 == "South locality" and "The area has its new name." in page.text

    listed = admin.get("/staff/admin/areas")
    assert [a.get_text() for a in listed.soup.select(".staff-list a")] == [
        "North locality", "South locality"
    ]  # fmt: skip
    actions = [(e.actor_id, e.action, e.detail) for e in db_session.scalars(select(AuditEntry))]
    assert actions == [
        (admin_id, "area.added", "North locality"),
        (admin_id, "area.added", "South"),
        (admin_id, "area.renamed", "South to South locality"),
    ]


def test_a_switched_off_area_is_not_offered_for_new_links_but_keeps_its_page(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    add_area(admin, "East locality")
    page = add_area(admin, "West locality")
    page = press(admin, page, "Switch off this area")
    assert "The area is switched off." in page.text
    assert "This area is switched off." in page.text
    new_link = admin.get("/staff/admin/links/new")
    assert options(new_link, "area") == ["East locality"]
    assert "(switched off)" in admin.get("/staff/admin/areas").text

    page = press(admin, page, "Switch on this area")
    assert options(admin.get("/staff/admin/links/new"), "area") == [
        "East locality", "West locality"
    ]  # fmt: skip
    actions = [e.action for e in db_session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["area.switched_off", "area.switched_on"]


def test_administrator_adds_orders_changes_and_removes_help_contacts(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    page = add_area(admin, "North locality")
    page = add_contact(admin, page, "Keeping safe team", "01632 960201", "If you are hurt, call.")
    page = add_contact(admin, page, "Advocacy", "+44 1632 960202", "If you want help, call.")
    assert "The help contact is added." in page.text
    assert _contact_names(page) == ["Keeping safe team", "Advocacy"]

    page = press(admin, page, "Move up: Advocacy")
    assert _contact_names(page) == ["Advocacy", "Keeping safe team"]
    page = press(admin, page, "Move down: Advocacy")
    assert _contact_names(page) == ["Keeping safe team", "Advocacy"]

    page = admin.get(page.link("Advocacy"))
    assert page.h1 == "Change a help contact"
    page = admin.submit(page, {"name": "North advocacy"})
    assert "The help contact is changed." in page.text
    assert _contact_names(page) == ["Keeping safe team", "North advocacy"]

    page = press(admin, page, "Remove: Keeping safe team")
    assert "The help contact is removed." in page.text
    assert _contact_names(page) == ["North advocacy"]

    contact = db_session.scalars(select(AreaContact)).one()
    assert (contact.name, contact.phone) == ("North advocacy", "+44 1632 960202")
    entries = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert {e.actor_id for e in entries} == {admin_id}
    assert [e.action for e in entries] == [
        "area.added",
        "area_contact.added",
        "area_contact.added",
        "area_contact.moved",
        "area_contact.moved",
        "area_contact.changed",
        "area_contact.removed",
    ]


def test_a_help_contact_needs_a_phone_number_and_short_sentences(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    page = add_area(admin, "North locality")
    page = admin.get(page.link("Add a help contact"))
    page = admin.submit(page, {}, status=400)
    assert "Type who people will call" in _error(page)
    assert "Type the phone number" in _error(page)
    long_sentence = "If you " + "really " * 15 + "need help, call."
    data = {"name": "Team", "phone": "call 0800", "text": long_sentence}
    page = admin.submit(page, data, status=400)
    assert "Use only numbers and spaces in the phone number" in _error(page)
    assert "Use short sentences, with 15 words or fewer in each sentence." in _error(page)
    assert db_session.scalars(select(AreaContact)).all() == []


def test_area_commands_add_and_list_areas(runner: FlaskCliRunner, db_session: Session) -> None:
    result = runner.invoke(args=["area", "add", "North locality"])
    assert result.exit_code == 0 and "Added the area North locality." in result.output
    again = runner.invoke(args=["area", "add", "North locality"])
    assert again.exit_code != 0 and "already an area called North locality" in again.output
    listed = runner.invoke(args=["area", "list"])
    assert "North locality  (switched on, 0 help contact(s))" in listed.output
    assert "1 area(s)." in listed.output
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action) == (None, "area.added")


def test_user_demo_also_makes_two_areas_with_fictional_help_numbers(
    app: Flask, runner: FlaskCliRunner, db_session: Session, tmp_path: Path
) -> None:
    app.config["DEMO_PASSWORDS_FILE"] = str(tmp_path / "demo-passwords.txt")
    first = runner.invoke(args=["demo", "staff"])
    assert first.exit_code == 0, first.output
    assert "Demo areas" in first.output and "North locality, South locality" in first.output
    second = runner.invoke(args=["demo", "staff"]).output  # the areas are there already
    assert "North locality, South locality" in second
    areas = db_session.scalars(select(Area).order_by(Area.name)).all()
    assert [area.name for area in areas] == ["North locality", "South locality"]
    for area in areas:
        assert len(area.contacts) == 2
        assert all(c.phone.startswith("01632 960") for c in area.contacts)
