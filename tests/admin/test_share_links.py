"""A share link starts the questions in an area: its help contacts, its flags, its answers."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.models import Area, ShareLink
from portal.audit.models import AuditEntry
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.models import Questionnaire
from portal.kiosk.models import GroupSession
from portal.respond.models import Response
from portal.safety.models import SafetyFlag
from tests.admin.helpers import add_area, add_contact, admin_browser, make_link, press, shown_links
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page
from tests.respond.journey import begin
from tests.safety.helpers import press_help_now

BANK = load_bank(PROJECT_ROOT / "content")
DEMO_PHONES = [c.phone for c in BANK.help.contacts if c.demo]
NATIONAL_PHONES = [c.phone for c in BANK.help.contacts if not c.demo]
FAMILY = BANK.questionnaires["family-carers"]


def _north_link(admin: Browser) -> str:
    """North locality with one help contact, and a family carers' link for it: its path."""
    page = add_area(admin, "North locality")
    add_contact(admin, page, "North keeping safe team", "01632 960201", "If you are hurt, call.")
    page = make_link(admin, "Letter to families", FAMILY.title, "North locality")
    assert "The link is made." in page.text
    (url,) = shown_links(page)
    assert url.startswith("http://localhost/s/")
    return urlsplit(url).path


def _contact_items(page: Page) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in page.soup.select("li.contact")]


def test_a_family_carer_who_opens_a_link_answers_its_questions_in_its_area_at_home(
    app: Flask, client: Browser, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    path = _north_link(admin)
    assert client.get(path).url == "/"
    begin(client, "own")

    response = db_session.scalars(select(Response)).one()
    area = db_session.scalars(select(Area)).one()
    questionnaire = db_session.get(Questionnaire, response.questionnaire_id)
    assert (response.area_id, response.session_id) == (area.id, None)
    assert questionnaire.slug == "family-carers", "the link chooses the questions"


def test_the_help_page_shows_the_link_area_contacts_and_the_flag_has_the_area(
    app: Flask, client: Browser, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    client.get(_north_link(admin))
    page = press_help_now(client, begin(client))

    items = _contact_items(page)
    national = [c.name for c in BANK.help.contacts if not (c.demo or c.urgent)]
    assert [item.split(" ")[0] for item in items] == [n.split(" ")[0] for n in national] + ["North"]
    assert items[-1] == "North keeping safe team If you are hurt, call. 01632 960201"
    for phone in NATIONAL_PHONES:
        assert phone in page.text
    for phone in DEMO_PHONES:
        assert phone not in page.text, "the demo local numbers are replaced"
    assert not page.soup.select(".contact [lang]"), "an English page needs no lang marks"

    flag = db_session.scalars(select(SafetyFlag)).one()
    area = db_session.scalars(select(Area)).one()
    assert (flag.kind, flag.area_id, flag.session_id) == ("help_link", area.id, None)


def test_area_contacts_are_marked_as_english_on_a_page_in_urdu(app: Flask, client: Browser) -> None:
    admin, _admin_id = admin_browser(app)
    client.get(_north_link(admin))
    begin(client, language="ur")
    page = client.get("/help")
    local = page.soup.select("li.contact")[-1]
    marked = local.select("[lang]")
    assert [(tag.get_text(strip=True), tag["lang"], tag["dir"]) for tag in marked] == [
        ("North keeping safe team", "en", "ltr"),
        ("If you are hurt, call.", "en", "ltr"),
    ]
    assert page.soup.html["lang"] == "ur" and page.soup.html["dir"] == "rtl"


def test_an_area_without_contacts_and_no_area_show_national_numbers_and_demo_ones_in_the_demo(
    app: Flask, client: Browser
) -> None:
    admin, _admin_id = admin_browser(app)
    add_area(admin, "Empty locality")
    page = make_link(admin, "Text message", FAMILY.title, "Empty locality")
    assert "01632" not in client.get("/help").text, "never a fictional number outside the demo"
    app.config["DEMO"] = True
    assert client.get("/help").text.count("01632") == len(DEMO_PHONES)
    client.get(urlsplit(shown_links(page)[0]).path)
    page = client.get("/help")
    for contact in BANK.help.contacts:
        assert contact.phone in page.text


def test_a_switched_off_or_unknown_link_shows_page_not_found(
    app: Flask, client: Browser, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    path = _north_link(admin)
    page = admin.get("/staff/admin/links")
    page = press(admin, page, "Switch off: Letter to families")
    assert "The link is switched off." in page.text and shown_links(page) == []
    assert "(switched off)" in page.text

    assert client.get(path, status=404).h1 == "We cannot find this page"
    assert client.get("/s/no-such-link", status=404).h1 == "We cannot find this page"
    link = db_session.scalars(select(ShareLink)).one()
    entries = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor_id, e.action, e.subject) for e in entries[-2:]] == [
        (admin_id, "share_link.created", f"share_link:{link.id}"),
        (admin_id, "share_link.switched_off", f"share_link:{link.id}"),
    ]
    assert len(link.token) == 12 and link.created_by == admin_id


def test_a_link_needs_a_label_and_an_area(app: Flask) -> None:
    admin, _admin_id = admin_browser(app)
    page = admin.get("/staff/admin/links/new")
    assert "There are no areas switched on." in page.text
    add_area(admin, "North locality")
    page = admin.get("/staff/admin/links/new")
    page = admin.submit(page, {"area": "999"}, status=400)
    summary = page.soup.find(class_="error-summary").get_text()
    assert "Type a label" in summary and "Choose an area from the list." in summary


def test_the_safeguarding_list_says_where_each_flag_was_raised(
    app: Flask, client: Browser, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    client.get(_north_link(admin))
    press_help_now(client, begin(client))
    area = db_session.scalars(select(Area)).one()
    group = GroupSession(
        join_code="654321",
        group_name="Tuesday speak-up group",
        area_id=area.id,
        questionnaire_id=db_session.scalar(select(Questionnaire.id).limit(1)),
        session_date=date(2026, 11, 24),
        facilitator_id=add_staff(app, "facilitator"),
    )
    db_session.add(group)
    db_session.flush()
    db_session.add(
        SafetyFlag(kind="help_link", area_id=area.id, session_id=group.id, tablet_number=3)
    )
    db_session.add(SafetyFlag(kind="help_link"))
    db_session.commit()

    lead = Browser(app.test_client())
    start_signed_in(lead, add_staff(app, "safeguarding_lead"))
    page = lead.get("/staff/safety/")
    places = [" ".join(p.get_text().split()) for p in page.soup.select(".staff-flag__place")]
    assert places == [
        "Area: North locality. At home.",
        "Area: North locality. Group session: Tuesday speak-up group, 24 November 2026, tablet 3.",
        "Area not known. At home.",
    ]
