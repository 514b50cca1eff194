"""The staff home page tells whoever can act on safety alerts how many are open, and tells
administrators honestly what would stop an alert reaching a person."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.db import utcnow
from portal.safety.models import Delivery, OnCall, SafetyFlag
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page

NO_EMAIL = "Email is not set up (PORTAL_SMTP_HOST), so nobody is emailed about safety alerts."


def home(app: Flask, role: str) -> Page:
    staff = Browser(app.test_client())
    start_signed_in(staff, add_staff(app, role))
    return staff.get("/staff/")


def safety_box(page: Page) -> str:
    box = page.soup.select_one('section[aria-labelledby="safety-now"]')
    return " ".join(box.get_text(" ").split()) if box else ""


def test_a_safety_lead_sees_how_many_alerts_are_open_and_a_facilitator_does_not(
    app: Flask, db_session: Session
) -> None:
    lead = add_staff(app, "safeguarding_lead")
    now = utcnow()
    followed_up = SafetyFlag(
        kind="help_link", acknowledged_at=now, acknowledged_by=lead, action_note="Rang."
    )
    not_genuine = SafetyFlag(kind="help_link", not_genuine_reason="A test by staff.")
    db_session.add_all(
        [SafetyFlag(kind="help_link"), SafetyFlag(kind="help_link"), followed_up, not_genuine]
    )
    db_session.commit()

    page = home(app, "safeguarding_lead")
    box = safety_box(page)
    assert "2 open safety alerts: nobody has said how they were followed up yet." in box
    assert page.link("See the open safety alerts").endswith("/staff/safety/")
    assert NO_EMAIL not in box, "the warnings are for administrators"
    assert "What stops alerts reaching someone" not in box

    for role in ("facilitator", "reviewer"):
        page = home(app, role)
        assert not safety_box(page), role
        assert "open safety alert" not in page.text, role


def test_no_open_alerts_says_so(app: Flask) -> None:
    box = safety_box(home(app, "safeguarding_lead"))
    assert "There are no open safety alerts." in box
    assert "open safety alert:" not in box


def test_administrators_see_why_alerts_would_reach_nobody_until_it_is_put_right(
    app: Flask, db_session: Session
) -> None:
    lead = add_staff(app, "safeguarding_lead")
    north, south = Area(name="North locality"), Area(name="South locality")
    closed = Area(name="Closed locality", active=False)
    db_session.add_all([north, south, closed, SafetyFlag(kind="help_link")])
    db_session.commit()

    box = safety_box(home(app, "administrator"))
    assert "1 open safety alert: nobody has said how it was followed up yet." in box
    assert NO_EMAIL in box
    for name in ("North locality", "South locality"):
        assert (
            f"Nobody is on the safety on-call list for {name}, and the whole site has no list "
            "either."
        ) in box
    assert "Closed locality" not in box, "a switched off area gets no new alerts"
    assert "could not be sent" not in box

    app.config["SMTP_HOST"] = "mail.example.org"
    db_session.add(OnCall(area_id=north.id, staff_user_id=lead, position=1))
    db_session.commit()
    box = safety_box(home(app, "administrator"))
    assert NO_EMAIL not in box
    assert "for North locality" not in box
    assert "for South locality" in box

    db_session.add(OnCall(area_id=None, staff_user_id=lead, position=1))
    db_session.commit()
    box = safety_box(home(app, "administrator"))
    assert "Nobody is on the safety on-call list" not in box
    assert "What stops alerts reaching someone" not in box


def test_administrators_see_how_many_alert_emails_were_given_up(
    app: Flask, db_session: Session
) -> None:
    lead = add_staff(app, "safeguarding_lead")
    app.config["SMTP_HOST"] = "mail.example.org"
    flag = SafetyFlag(kind="help_link")
    db_session.add_all([flag, OnCall(area_id=None, staff_user_id=lead, position=1)])
    db_session.flush()
    retry = utcnow() + timedelta(minutes=4)
    given_up = [
        Delivery(flag_id=flag.id, email=f"{name}@example.org", status="failed", attempts=5)
        for name in ("a", "b")
    ]
    retrying = Delivery(
        flag_id=flag.id, email="c@example.org", status="failed", attempts=2, next_try_at=retry
    )
    sent = Delivery(flag_id=flag.id, email="d@example.org", status="sent", attempts=1)
    db_session.add_all([*given_up, retrying, sent])
    db_session.commit()

    box = safety_box(home(app, "administrator"))
    assert "2 safety alert emails could not be sent, even after trying again." in box
    assert "could not be sent" not in safety_box(home(app, "safeguarding_lead"))
