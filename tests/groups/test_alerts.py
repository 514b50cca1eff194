"""The facilitator's safety alerts: at the top of the session page, with the tablet and the
London time, and words that say what really happened to the email (never "told" when no email
went)."""

from __future__ import annotations

from datetime import datetime

from bs4 import Tag
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.kiosk.models import GroupSession
from portal.safety.models import Delivery, SafetyFlag
from tests.groups.helpers import open_session
from tests.helpers import Browser, Page

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
SAFETY = next(s for s in QUESTIONS if BANK.statements[s].safety)
JULY = datetime(2026, 7, 14, 13, 5)  # UTC; 14:05 in London (BST)
TELL_THEM = "Tell the safety lead yourself, now."


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def _alerts(page: Page) -> dict[int, str]:
    """Alert id -> its words, in the order the page shows them."""
    return {
        int(item["id"].removeprefix("alert-")): _words(item)
        for item in page.soup.select("#alert-list .session-alert")
    }


def _flag(db: Session, group: GroupSession, tablet: int, **values: object) -> SafetyFlag:
    flag = SafetyFlag(
        **{
            "kind": "answer",
            "statement_id": SAFETY,
            "answer": "no",
            "area_id": group.area_id,
            "session_id": group.id,
            "tablet_number": tablet,
            "raised_at": JULY,
            **values,
        }
    )
    db.add(flag)
    db.flush()
    return flag


def _delivery(db: Session, flag: SafetyFlag, status: str, sent_at: datetime | None = None) -> None:
    db.add(Delivery(flag_id=flag.id, email="lead@example.org", status=status, sent_at=sent_at))


def test_alerts_say_what_happened_to_the_email_in_london_time(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    page, _ = open_session(app, facilitator)
    group = db_session.scalars(select(GroupSession)).one()
    sent = _flag(db_session, group, 1)
    _delivery(db_session, sent, "failed")
    _delivery(db_session, sent, "sent", sent_at=datetime(2026, 7, 14, 13, 7))
    no_mail = _flag(db_session, group, 2)
    _delivery(db_session, no_mail, "no_mail_server")
    nobody = _flag(db_session, group, 3)  # nobody on call: no email at all
    failed = _flag(db_session, group, 4)
    _delivery(db_session, failed, "failed")
    sending = _flag(db_session, group, 5)
    _delivery(db_session, sending, "pending")
    followed = _flag(db_session, group, 6, acknowledged_at=JULY)
    _delivery(db_session, followed, "sent", sent_at=JULY)
    mistaken = _flag(db_session, group, 7, not_genuine_reason="A test by staff.")
    db_session.commit()

    page = facilitator.get(page.url)
    alerts = _alerts(page)
    assert alerts[sent.id].startswith("Tablet 1, 14:05 on 14 July 2026"), alerts[sent.id]
    assert "The safety lead has been emailed at 14:07." in alerts[sent.id]
    assert TELL_THEM not in alerts[sent.id]
    assert alerts[no_mail.id].endswith(
        "Email is not set up, so nobody has been emailed. " + TELL_THEM
    )
    assert alerts[nobody.id].endswith("Nobody is on the safety on-call list. " + TELL_THEM)
    assert alerts[failed.id].endswith("The email could not be sent yet. " + TELL_THEM)
    assert alerts[sending.id].endswith("Sending the email now.")
    assert alerts[followed.id].endswith("The safety lead has followed it up.")
    assert alerts[mistaken.id].endswith("The safety lead checked this alert. Nobody was at risk.")
    emailed = [flag_id for flag_id, words in alerts.items() if "emailed at" in words]
    assert emailed == [sent.id], "'emailed at' only where an email went"
    assert "has been told" not in page.text
    assert "UTC" not in page.text
    open_ones = page.soup.select(".session-alert--open")
    assert len(open_ones) == 5, "followed up and not genuine alerts are not open"
    assert BANK.statements[SAFETY].text not in page.text, "a tablet's alert names no statement"
    assert "answered" not in page.text.lower()


def test_alerts_come_first_newest_at_the_top_and_the_page_works_without_javascript(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    page, _ = open_session(app, facilitator, session_date="2026-11-24")
    assert page.soup.find(id="no-alerts").get_text() == "No safety alerts."
    group = db_session.scalars(select(GroupSession)).one()
    older = _flag(db_session, group, 1)
    newer = _flag(db_session, group, 2, raised_at=datetime(2026, 11, 24, 10, 30))
    db_session.commit()

    page = facilitator.get(page.url)
    assert list(_alerts(page)) == [newer.id, older.id]
    assert _alerts(page)[newer.id].startswith("Tablet 2, 10:30 Someone may need help")
    html = page.response.text
    assert html.index('id="alerts-heading"') < html.index('class="join-box"'), "alerts first"
    assert page.soup.find(id="no-alerts").has_attr("hidden")
    refresh = page.soup.find(id="alerts-refresh")
    assert refresh.find("a")["href"].endswith(f"/staff/sessions/{group.id}")
    sound = page.soup.find(id="alert-sound")
    assert sound.has_attr("checked") and sound.find_parent(id="alerts-js").has_attr("hidden")


def test_a_group_vote_alert_names_the_statement_voted_on(app: Flask, db_session: Session) -> None:
    facilitator = Browser(app.test_client())
    page, _ = open_session(app, facilitator)
    vote = facilitator.get(f"{page.url}/vote/{SAFETY}")
    facilitator.submit(vote, {"yes": "3", "no": "1"})

    page = facilitator.get(page.url)
    [words] = _alerts(page).values()
    statement = BANK.statements[SAFETY].text
    assert words.startswith("Group vote, ")
    assert f"It came from the group vote on “{statement}”." in words
    assert words.endswith("Nobody is on the safety on-call list. " + TELL_THEM)
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert flag.kind == "group_vote" and flag.tablet_number is None
