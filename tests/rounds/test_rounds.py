"""Survey rounds: administrators add and close rounds; while questions have rounds, their share
links and join codes work only while one is open, and a closed round can be made into a report
of the whole quarters its days fall in."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audio.texts import spoken_texts
from portal.audit.models import AuditEntry
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.kiosk.services import london_today
from portal.reports.models import Report
from portal.rounds.models import SurveyRound
from tests.admin.helpers import (
    add_area,
    admin_browser,
    make_link,
    option_value,
    options,
    press,
    shown_links,
)
from tests.auth.helpers import add_staff, start_signed_in
from tests.groups.helpers import join, open_session
from tests.helpers import Browser, Page
from tests.respond.journey import begin

TODAY = london_today()
CLOSED = "These questions are closed now"
FAMILY = load_bank(PROJECT_ROOT / "content").questionnaires["family-carers"].title


def long_day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def add_round(
    admin: Browser,
    name: str,
    opens: date,
    closes: date,
    questionnaire: str = "self-advocates",
    area: str = "Every area",
    status: int = 200,
) -> Page:
    """From the rounds page, add a round; returns the rounds page (or the form with errors)."""
    page = admin.get("/staff/rounds/")
    page = admin.get(page.link("Add a round"))
    data = {
        "name": name,
        "questionnaire": questionnaire,
        "area": option_value(page, "area", area),
        "opens_on": opens.isoformat(),
        "closes_on": closes.isoformat(),
    }
    return admin.submit(page, data, status=status)


def round_line(page: Page, name: str) -> str:
    for item in page.soup.select("li.staff-list__item"):
        text = " ".join(item.get_text(" ").split())
        if text.startswith(name):
            return text
    raise AssertionError(f"no round {name!r} on {page.url}")


def field_error(page: Page, field: str) -> str:
    error = page.soup.find(id=f"{field}-error")
    assert error is not None, f"no error beside {field}"
    return " ".join(error.get_text(" ").split())


def test_a_closed_round_refuses_its_join_code_with_a_clear_page_and_a_new_round_lets_tablets_in(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    session_page, code = open_session(app, facilitator)  # no rounds yet: as always
    admin, _ = admin_browser(app)
    page = add_round(admin, "Winter 2026", TODAY - timedelta(days=10), TODAY + timedelta(days=10))
    assert "The round is added." in page.text
    assert "Open now: closes at the end of" in round_line(page, "Winter 2026")
    join(Browser(app.test_client()), code)  # open: the code works

    page = press(admin, page, "Close now")
    assert "The round is closed. Its share links and join codes do not work any more." in page.text
    assert f"Closed early on {long_day(TODAY)}" in round_line(page, "Winter 2026")

    tablet = Browser(app.test_client())
    refused = tablet.submit(tablet.get("/join"), {"code": code}, status=403)
    assert refused.h1 == CLOSED
    assert f"They closed on {long_day(TODAY)}." in refused.text
    assert "Please ask the person running your group what to do." in refused.text
    assert refused.soup.select_one("main img, .lead img") is not None, "a picture, as on every page"
    said = refused.soup.select("main .said")
    assert len(said) == 3 and all(block.find("audio") for block in said), "a clip for each sentence"
    with tablet.client.session_transaction() as cookie:
        assert "kiosk" not in cookie, "the tablet did not join"
    urdu = Browser(app.test_client())
    refused = urdu.submit(urdu.get("/join?lang=ur"), {"code": code}, status=403)
    dated = refused.soup.select("main .said")[1]
    assert "They closed" not in dated.get_text() and dated.find("audio"), "heard in Urdu too"

    # The facilitator cannot open another session for a closed day either
    page = facilitator.get("/staff/sessions/new")
    area = option_value(page, "area", options(page, "area")[0])
    data = {"group_name": "Friday group", "area": area, "questionnaire": "self-advocates"}
    page = facilitator.submit(page, data | {"session_date": TODAY.isoformat()}, status=400)
    assert "These questions are closed in this area on that day" in field_error(
        page, "session_date"
    )
    assert page.soup.select_one(".error-summary a[href='#session_date']") is not None

    # A round closed by mistake can be followed by a new one the same day: the code works again
    page = add_round(admin, "Winter 2026, again", TODAY, TODAY + timedelta(days=3))
    assert "Open now" in round_line(page, "Winter 2026, again")
    join(Browser(app.test_client()), code)

    actions = db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert [a for a in actions if a.startswith("survey_round.")] == [
        "survey_round.created",
        "survey_round.closed_early",
        "survey_round.created",
    ]


def test_a_share_link_is_refused_outside_its_rounds_but_someone_part_way_through_may_finish(
    app: Flask,
) -> None:
    admin, _ = admin_browser(app)
    add_area(admin, "North locality")
    (url,) = shown_links(make_link(admin, "Letter to families", FAMILY, "North locality"))
    path = urlsplit(url).path
    opens = TODAY + timedelta(days=20)
    add_round(admin, "Spring", opens, opens + timedelta(days=30), "family-carers", "North locality")

    family = Browser(app.test_client())
    page = family.get(path, status=403)
    assert page.h1 == CLOSED
    assert f"You can answer them from {long_day(opens)}." in page.text
    words = " ".join(page.text.split())
    assert "Ask the person who gave you this link. They can tell you when to answer." in words

    # A round for every area covers North too, and the link works while it is open
    page = add_round(admin, "Now", TODAY - timedelta(days=2), TODAY, "family-carers")
    assert family.get(path).url == "/"
    begin(family)
    press(admin, admin.get("/staff/rounds/"), "Close now")

    assert family.get(path).url == "/", "someone part way through may finish"
    newcomer = Browser(app.test_client())
    page = newcomer.get(path, status=403)
    assert f"They closed on {long_day(TODAY)}." in page.text
    assert f"You can answer them from {long_day(opens)}." in page.text


def test_questions_without_rounds_keep_working_and_other_areas_are_not_closed(app: Flask) -> None:
    admin, _ = admin_browser(app)
    add_area(admin, "North locality")
    add_area(admin, "South locality")
    for area in ("North locality", "South locality"):
        page = make_link(admin, f"Letter {area}", FAMILY, area)
    links = shown_links(page)
    past = TODAY - timedelta(days=40)
    add_round(admin, "Old", past, past + timedelta(days=7), "family-carers", "North locality")

    statuses = sorted(
        Browser(app.test_client()).client.get(urlsplit(url).path).status_code for url in links
    )
    assert statuses == [302, 403], "North is closed, South has no rounds"


def test_the_round_form_says_what_to_fix_for_wrong_dates_and_overlapping_rounds(
    app: Flask,
) -> None:
    admin, _ = admin_browser(app)
    add_area(admin, "North locality")
    page = add_round(admin, "Back to front", TODAY, TODAY - timedelta(days=1), status=400)
    assert page.soup.title.get_text().startswith("Error: ")
    assert field_error(page, "closes_on") == (
        f"Error: The round cannot close before it opens. Give a close date on or after "
        f"{long_day(TODAY)}."
    )
    page = add_round(admin, "", TODAY, TODAY, status=400)
    assert "Type a name for the round, for example: Spring 2027." in field_error(page, "name")

    add_round(admin, "Spring 2027", date(2027, 3, 1), date(2027, 4, 30), area="North locality")
    page = add_round(admin, "Clash", date(2027, 4, 30), date(2027, 5, 30), status=400)
    assert field_error(page, "opens_on") == (
        "Error: These questions already have a round in North locality on some of these days: "
        "Spring 2027, 1 March 2027 to 30 April 2027. Choose dates before it starts or after it "
        "ends."
    )
    # Other questions, or the day after, are fine
    add_round(admin, "Family", date(2027, 4, 1), date(2027, 5, 1), "family-carers")
    page = add_round(admin, "Summer 2027", date(2027, 5, 1), date(2027, 6, 30))
    assert "Not open yet: opens on 1 May 2027" in round_line(page, "Summer 2027")


def test_a_round_not_yet_closed_can_be_changed_but_not_onto_another_or_into_the_past(
    app: Flask, db_session: Session
) -> None:
    admin, _ = admin_browser(app)
    add_round(admin, "Spring 2027", date(2027, 3, 1), date(2027, 4, 30))
    add_round(admin, "Now", TODAY - timedelta(days=2), TODAY + timedelta(days=5))
    page = admin.get("/staff/rounds/")
    form = admin.get(page.link("Change: Spring 2027"))
    assert form.h1 == "Change the round"
    assert form.soup.find(id="opens_on")["value"] == "2027-03-01"  # type: ignore[index]

    later = {"name": "Spring 2027", "opens_on": "2027-03-15", "closes_on": "2027-05-15"}
    page = admin.submit(form, later)
    assert "The round is changed." in page.text
    assert "15 March 2027 to 15 May 2027" in round_line(page, "Spring 2027")
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "survey_round.changed")
    ).one()
    assert "2027-03-01 to 2027-04-30 is now Spring 2027, 2027-03-15 to 2027-05-15" in (
        entry.detail or ""
    )

    form = admin.get(page.link("Change: Now"))
    onto_spring = {"name": "Now", "opens_on": TODAY.isoformat(), "closes_on": "2027-04-01"}
    page = admin.submit(form, onto_spring, status=400)
    assert field_error(page, "opens_on").startswith(
        "Error: These questions already have a round in every area on some of these days: "
        "Spring 2027, 15 March 2027 to 15 May 2027."
    )
    past = {"name": "Now", "opens_on": TODAY.isoformat(), "closes_on": "2020-01-01"}
    page = admin.submit(form, past, status=400)
    assert "The round cannot close before it opens." in field_error(page, "closes_on")
    yesterday = TODAY - timedelta(days=1)
    gone = {"name": "Now", "opens_on": yesterday.isoformat(), "closes_on": yesterday.isoformat()}
    page = admin.submit(form, gone, status=400)
    assert field_error(page, "closes_on") == (
        f"Error: The round cannot close before today. Give a close date on or after "
        f"{long_day(TODAY)}, or close it now from the survey rounds page."
    )
    assert "Open now" in round_line(admin.get("/staff/rounds/"), "Now"), "nothing changed"

    page = press(admin, admin.get("/staff/rounds/"), "Close now")
    assert "Change" not in round_line(page, "Now"), "a closed round offers no change"
    now_id = db_session.scalars(select(SurveyRound.id).where(SurveyRound.name == "Now")).one()
    page = admin.get(f"/staff/rounds/{now_id}/change")
    assert "That round has closed, so it cannot be changed. Add a new round instead." in page.text


def test_audio_build_makes_every_rounds_dated_sentences_in_each_language(app: Flask) -> None:
    admin, _ = admin_browser(app)
    add_round(admin, "Spring 2027", date(2027, 3, 1), date(2027, 4, 30))
    spoken = spoken_texts(app)
    assert ("en", "They closed on 30 April 2027.") in spoken
    assert ("en", "You can answer them from 1 March 2027.") in spoken
    welsh = {text for lang, text in spoken if lang == "cy"}
    assert {
        "Fe wnaethon nhw gau ar 30 Ebrill 2027.",
        "Gallwch chi eu hateb o 1 Mawrth 2027.",
    } <= welsh


def test_only_administrators_see_rounds(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    start_signed_in(facilitator, add_staff(app, "facilitator"))
    facilitator.get("/staff/rounds/", status=403)
    admin, _ = admin_browser(app)
    assert admin.get("/staff/").link("Survey rounds") == "/staff/rounds/"


def test_the_report_form_offers_a_closed_round_and_makes_a_report_of_its_quarters(
    app: Flask, db_session: Session
) -> None:
    admin, _ = admin_browser(app)
    add_area(admin, "North locality")
    add_round(admin, "Spring 2025", date(2025, 3, 1), date(2025, 4, 30), area="North locality")
    add_round(admin, "Still open", TODAY - timedelta(days=1), TODAY + timedelta(days=1))
    add_round(
        admin, "Just closed", TODAY - timedelta(days=3), TODAY - timedelta(days=2), "family-carers"
    )

    page = admin.get("/staff/reports/manage/new")
    offered = options(page, "round")
    wanted = (
        "Spring 2025, North locality (1 March 2025 to 30 April 2025): counts the quarters "
        "January to March and April to June 2025"
    )
    assert offered == ["No round: count the quarters chosen below", wanted], (
        "open rounds, and rounds whose quarters have not ended, are not offered"
    )
    first = page.soup.select_one("#first option")["value"]
    data = {
        "title": "",
        "round": option_value(page, "round", wanted),
        "questionnaire": "family-carers",
        "first": first,
        "last": first,
        "area": "",
        "who": "",
        "place": "",
    }
    page = admin.submit(page, data)
    report = db_session.scalars(select(Report)).one()
    assert report.title == "Spring 2025"
    north = db_session.scalar(select(SurveyRound.area_id).where(SurveyRound.name == "Spring 2025"))
    assert (report.filters["first"], report.filters["last"]) == ("2025-Q1", "2025-Q2")
    assert report.filters["questionnaire"] == "self-advocates"
    assert report.filters["area"] == north
    assert "Spring 2025" in page.text
