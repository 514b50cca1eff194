"""A published report for the export tests: made on the page, published with the Publish
button. The Advisory Group's review is taken as done (its own tests are test_report_pages.py),
so these tests do not depend on how a review is agreed."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.reports.models import Report
from tests.auth.helpers import add_staff
from tests.helpers import Browser
from tests.reports.test_report_pages import THIS_QUARTER, _admin, _form_posting_to


def _draft(admin: Browser) -> str:
    """Make a draft on the page, every list left as it is offered but the questions and the
    quarter; its URL."""
    page = admin.get("/staff/reports/manage/new")
    index, form = next(
        (i, f) for i, f in enumerate(page.soup.find_all("form")) if f.find(attrs={"name": "title"})
    )
    chosen = {}
    for field in form.find_all("select"):
        option = field.find("option", selected=True) or field.find("option")
        chosen[field["name"]] = option.get("value", "") if option else ""
    data = chosen | {
        "title": "Board report",
        "questionnaire": "self-advocates",
        "first": str(THIS_QUARTER),
        "last": str(THIS_QUARTER),
        "area": "",
    }
    return admin.submit(page, data, form=index).url.split("?")[0]


def published_report(app: Flask, db_session: Session) -> tuple[Browser, str]:
    """An administrator's browser and the URL of a report they have just published."""
    admin = _admin(app)
    url = _draft(admin)
    row = db_session.scalars(select(Report).order_by(Report.id.desc())).first()
    assert row is not None
    row.status = "approved"
    row.approved_by, row.approved_at = add_staff(app, "reviewer"), utcnow()
    db_session.commit()
    page = admin.get(url)
    page = admin.submit(page, form=_form_posting_to(page, "/publish"))
    assert "The report is published" in page.text
    return admin, url


def draft_report(app: Flask) -> tuple[Browser, str]:
    """An administrator's browser and the URL of a draft they have just made."""
    admin = _admin(app)
    return admin, _draft(admin)
