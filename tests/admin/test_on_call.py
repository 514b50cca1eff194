"""An administrator keeps the safety on-call lists: who is emailed about a new alert, in order,
for each area and for the whole site. Only safeguarding leads and administrators can be on
call, and every change is audited."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.auth.models import StaffUser
from portal.auth.services import create_user
from portal.safety.delivery import on_call
from portal.safety.models import OnCall
from tests.admin.helpers import add_area, admin_browser, option_value, options, press
from tests.auth.helpers import PASSWORD, add_staff, start_signed_in
from tests.helpers import Browser, Page


def add_person(app: Flask, role: str, name: str, active: bool = True) -> int:
    """A staff account with a name to find it by on the page."""
    with Session(app.extensions["db_engine"]) as db, db.begin():
        email = f"{name.split()[0].lower()}@example.org"
        user = create_user(db, email, name, role, PASSWORD)
        user.active = active
        db.flush()
        return user.id


def on_call_names(page: Page) -> list[str]:
    """The people on the page's on-call list, in order, as shown."""
    section = page.soup.select_one("section.on-call")
    assert section is not None, "no on-call section"
    return [
        " ".join(item.select_one(".body--strong").get_text().split())
        for item in section.select("li.staff-list__item")
    ]


def add_on_call(admin: Browser, page: Page, label: str, status: int = 200) -> Page:
    person = option_value(page, "person", label)
    return press(admin, page, "Add to the list", {"person": person}, status=status)


def audited(db: Session) -> list[tuple[str, str, str]]:
    db.expire_all()
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.action, e.subject, e.detail) for e in entries if "on_call" in e.action]


def test_administrator_lists_leads_for_an_area_orders_them_and_takes_one_off(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    asha = add_person(app, "safeguarding_lead", "Asha Lead")
    add_person(app, "administrator", "Ben Admin")
    add_person(app, "facilitator", "Fran Facilitator")
    add_person(app, "reviewer", "Rae Reviewer")
    add_person(app, "safeguarding_lead", "Sid Switched-off", active=False)
    page = add_area(admin, "North locality")

    assert on_call_names(page) == []
    assert "Nobody is on this list yet." in page.text
    assert (
        "The first person on this list is emailed about each new safety alert from North "
        "locality; if nobody marks the alert as followed up within 30 minutes, the next person "
        "is emailed, and so on."
    ) in page.text
    choices = options(page, "person")
    assert "Asha Lead (safeguarding lead)" in choices
    assert "Ben Admin (administrator)" in choices
    assert not [c for c in choices if c.startswith(("Fran", "Rae", "Sid"))]

    page = add_on_call(admin, page, "Asha Lead (safeguarding lead)")
    assert page.url.startswith("/staff/admin/areas/")
    assert "The person is on the safety on-call list now." in page.text
    page = add_on_call(admin, page, "Ben Admin (administrator)")
    assert on_call_names(page) == ["1. Asha Lead", "2. Ben Admin"]
    assert "Asha Lead (safeguarding lead)" not in options(page, "person")

    page = press(admin, page, "Move down: Asha Lead")
    assert "The safety on-call list is in its new order." in page.text
    assert on_call_names(page) == ["1. Ben Admin", "2. Asha Lead"]
    area_id = int(page.url.split("/")[4].split("?")[0])
    assert [person.display_name for person in on_call(db_session, area_id)] == [
        "Ben Admin",
        "Asha Lead",
    ]

    page = press(admin, page, "Take off the list: Ben Admin")
    assert "The person is off the safety on-call list." in page.text
    assert on_call_names(page) == ["1. Asha Lead"]
    db_session.expire_all()
    assert [person.id for person in on_call(db_session, area_id)] == [asha]

    assert audited(db_session) == [
        (
            "safety_on_call.added",
            f"area:{area_id}",
            "asha@example.org added to North locality's list, number 1",
        ),
        (
            "safety_on_call.added",
            f"area:{area_id}",
            "ben@example.org added to North locality's list, number 2",
        ),
        (
            "safety_on_call.moved",
            f"area:{area_id}",
            "asha@example.org moved to number 2 on North locality's list",
        ),
        (
            "safety_on_call.removed",
            f"area:{area_id}",
            "ben@example.org removed from North locality's list",
        ),
    ]


def test_the_whole_site_list_is_on_the_areas_page_and_used_after_an_area_list(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    add_person(app, "safeguarding_lead", "Asha Lead")
    add_person(app, "safeguarding_lead", "Cleo Cover")
    north = add_area(admin, "North locality")
    north = add_on_call(admin, north, "Asha Lead (safeguarding lead)")
    north_id = int(north.url.split("/")[4].split("?")[0])

    page = admin.get("/staff/admin/areas")
    assert page.soup.select_one("#on-call").get_text() == "Safety on-call list for the whole site"
    page = add_on_call(admin, page, "Cleo Cover (safeguarding lead)")
    assert page.url.startswith("/staff/admin/areas")
    assert "The person is on the safety on-call list now." in page.text
    assert on_call_names(page) == ["1. Cleo Cover"]

    south = add_area(admin, "South locality")
    south_id = int(south.url.split("/")[4].split("?")[0])
    assert [p.display_name for p in on_call(db_session, north_id)] == ["Asha Lead", "Cleo Cover"]
    assert [p.display_name for p in on_call(db_session, south_id)] == ["Cleo Cover"]
    assert [(subject, detail) for _action, subject, detail in audited(db_session)] == [
        (f"area:{north_id}", "asha@example.org added to North locality's list, number 1"),
        ("site", "cleo@example.org added to the whole site's list, number 1"),
    ]


def test_staff_who_cannot_see_safety_alerts_are_refused_with_a_clear_message(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    asha = add_person(app, "safeguarding_lead", "Asha Lead")
    fran = add_person(app, "facilitator", "Fran Facilitator")
    sid = add_person(app, "safeguarding_lead", "Sid Switched-off", active=False)
    page = add_area(admin, "North locality")
    page = add_on_call(admin, page, "Asha Lead (safeguarding lead)")

    refused = {
        fran: (
            "Fran Facilitator cannot be on call. Only safeguarding leads and administrators can "
            "be on call, as only they can see safety alerts."
        ),
        sid: "Sid Switched-off’s account is switched off, so they cannot be on call.",
        asha: "Asha Lead is on this list already.",
        999999: "Choose a person from the list.",
    }
    for person, message in refused.items():
        answer = press(admin, page, "Add to the list", {"person": str(person)}, status=400)
        assert answer.soup.title.get_text().startswith("Error: North locality")
        summary = " ".join(answer.soup.select_one(".error-summary").get_text().split())
        assert message in summary
        assert answer.soup.find(id="person"), "the summary links to the field"
    assert press(admin, page, "Add to the list", {"person": "x"}, status=400)

    db_session.expire_all()
    assert [entry.staff_user_id for entry in db_session.scalars(select(OnCall))] == [asha]
    assert len(audited(db_session)) == 1


def test_only_administrators_can_change_on_call_lists(app: Flask, db_session: Session) -> None:
    admin, _admin_id = admin_browser(app)
    add_person(app, "safeguarding_lead", "Asha Lead")
    page = add_area(admin, "North locality")
    page = add_on_call(admin, page, "Asha Lead (safeguarding lead)")
    area_id = int(page.url.split("/")[4].split("?")[0])
    entry = db_session.scalars(select(OnCall)).one()

    for role in ("safeguarding_lead", "reviewer", "facilitator"):
        other = Browser(app.test_client())
        start_signed_in(other, add_staff(app, role))
        token = other.get("/staff/").soup.find("input", attrs={"name": "csrf_token"})["value"]
        data = {"csrf_token": token, "person": "1", "direction": "up"}
        for url in (
            f"/staff/admin/areas/{area_id}/on-call",
            "/staff/admin/on-call",
            f"/staff/admin/on-call/{entry.id}/move",
            f"/staff/admin/on-call/{entry.id}/remove",
        ):
            response = other.client.post(url, data=data)
            assert response.status_code == 403, (role, url)

    db_session.expire_all()
    assert db_session.scalars(select(OnCall)).one().staff_user_id == entry.staff_user_id
    assert len(audited(db_session)) == 1


def test_a_lead_given_a_role_that_cannot_see_alerts_leaves_every_list(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    asha = add_person(app, "safeguarding_lead", "Asha Lead")
    page = add_on_call(admin, add_area(admin, "North locality"), "Asha Lead (safeguarding lead)")
    add_on_call(admin, admin.get("/staff/admin/areas"), "Asha Lead (safeguarding lead)")
    assert len(db_session.scalars(select(OnCall)).all()) == 2

    account = admin.get(f"/staff/admin/staff/{asha}")
    account = admin.submit(account, {"role": "facilitator"}, button="Change the role")
    assert "the person is off every safety on-call list now" in account.text
    db_session.expire_all()
    assert db_session.scalars(select(OnCall)).all() == []
    assert [a for a, _s, _d in audited(db_session)][-2:] == ["safety_on_call.removed"] * 2
    assert "Nobody is on this list yet." in admin.get(page.url).text


def test_a_switched_off_account_stays_on_the_list_marked_as_not_emailed(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    asha = add_person(app, "safeguarding_lead", "Asha Lead")
    page = add_on_call(admin, add_area(admin, "North locality"), "Asha Lead (safeguarding lead)")
    user = db_session.get(StaffUser, asha)
    assert user is not None
    user.active = False
    db_session.commit()
    item = admin.get(page.url).soup.select_one("section.on-call li")
    assert " ".join(item.get_text().split()).startswith(
        "1. Asha Lead, safeguarding lead, asha@example.org. "
        "Not emailed: this account is switched off."
    )
