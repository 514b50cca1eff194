"""What staff and the public see of "This is not about me" and of the mirrored pairs: the
report page, the board pack, the CSV and the "What happened" page, on a bank and database of
the test's own (the ONS 10/5 rule: figures by hand)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.db import utcnow
from portal.reports.disclosure import ONS_PTABLE
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.services import create_draft
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser
from tests.reports.fixtures import PTABLE
from tests.reports.own_content import (
    DECIDE,
    HOSPITAL,
    LET,
    SLUG,
    add_answers,
    add_questionnaire,
    questionnaire,
    small_bank,
    use_bank,
)

BANK = small_bank(
    [HOSPITAL, LET, DECIDE],
    [questionnaire((HOSPITAL.id, LET.id, DECIDE.id), mirrored=((LET.id, DECIDE.id),))],
)
Q3 = Quarter(2026, 3)
IN_Q3 = datetime(2026, 8, 12, 14)
NOTE = 'About 15 people said "This is not about me".'
PAIR_LINE = (
    'Said Yes to both "Staff let me decide." and "Staff decide for me.": about 4 out of 10 of '
    "the people who answered both."
)


def _published_report(app: Flask, db: Session) -> int:
    """A published report of answers where 15 people said "This is not about me" and 12 of 26
    said Yes to both statements of the pair."""
    use_bank(app, BANK)
    app.config["REPORT_PTABLE"] = ONS_PTABLE
    asked = add_questionnaire(db, BANK, BANK.questionnaires[SLUG])
    both = {LET.id: "yes", DECIDE.id: "yes"}
    add_answers(db, asked, {HOSPITAL.id: "yes", **both}, 12, IN_Q3)
    add_answers(db, asked, {HOSPITAL.id: "not_about_me", LET.id: "yes", DECIDE.id: "no"}, 14, IN_Q3)
    add_answers(db, asked, {HOSPITAL.id: "not_about_me"}, 1, IN_Q3)
    db.commit()  # SQLite: one writer at a time, and the app writes the staff account
    admin_id = add_staff(app, "administrator")
    admin = db.get_one(StaffUser, admin_id)
    row = create_draft(db, admin, "Own report", ReportFilters(SLUG, Q3, Q3), BANK, PTABLE)
    row.status, row.published_at = "published", utcnow()
    db.commit()
    return row.id


def _admin(app: Flask) -> Browser:
    browser = Browser(app.test_client())
    start_signed_in(browser, add_staff(app, "administrator"))
    return browser


def test_the_report_and_board_pack_keep_the_answer_apart_and_show_the_pair(
    own_app: Flask, own_db: Session
) -> None:
    report_id = _published_report(own_app, own_db)
    admin = _admin(own_app)
    for page in (
        admin.get(f"/staff/reports/{report_id}"),
        admin.get(f"/staff/reports/{report_id}/board-pack"),
    ):
        assert "About 10 out of 10 people said Yes." in page.text  # 10 of the 10 it is about
        assert NOTE in page.soup.find(id=f"left-out-{HOSPITAL.id}").get_text()
        table = page.soup.find(id=f"bar-{HOSPITAL.id}-title").find_parent("div")
        headings = [th.get_text(strip=True) for th in table.select("table.figures th")]
        cells = [td.get_text(strip=True) for td in table.select("table.figures td")]
        shown = dict(zip(headings, cells, strict=False))
        assert shown["This is not about me"] == "15" and shown["Not sure"] == "fewer than 10"
        assert (shown["All answers"], shown["People it is about"]) == ("25", "10")  # 27; 12
        # a statement everyone can answer does not offer it: its table says so, not "fewer than"
        let = page.soup.find(id=f"bar-{LET.id}-title").find_parent("div")
        let_cells = [td.get_text(strip=True) for td in let.select("table.figures td")]
        assert dict(zip(headings, let_cells, strict=False))["This is not about me"] == "not offered"
        assert table.find("rect", fill=f"url(#bar-{HOSPITAL.id}-rings)") is not None
        assert PAIR_LINE in " ".join(page.soup.find(id="pair-1").get_text().split())
    rows = list(
        csv.DictReader(
            io.StringIO(admin.client.get(f"/staff/reports/{report_id}/figures.csv").text)
        )
    )
    hospital = {
        r["answer"]: (r["count"], r["about"]) for r in rows if r["statement"] == HOSPITAL.id
    }
    assert hospital["not_about_me"] == ("15", "10") and hospital["not_sure"] == ("", "10")
    pair = {r["answer"]: r["count"] for r in rows if r["theme"] == "mirrored pairs"}
    assert pair == {"answered": "25", "yes_both": "10"}


def test_the_public_page_counts_only_the_people_a_statement_is_about(
    own_app: Flask, own_db: Session
) -> None:
    _published_report(own_app, own_db)
    page = Browser(own_app.test_client()).get("/what-happened/all")
    assert "10 out of 10 people said Yes." in page.text
    assert "We counted only the people this question is about." in page.text
    assert page.text.count("We counted only the people this question is about.") == 1
