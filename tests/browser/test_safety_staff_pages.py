"""Safety alerts reaching a person, in the real browser on a tablet: the staff home page's
count and warnings, an area's and the whole site's on-call lists, and "This needs the safety
lead" in the moderation queue. Every page passes axe-core; screenshots are kept to look at."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.comments.models import Comment
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import questionnaire_row
from portal.respond.models import Response
from portal.safety.models import SafetyFlag
from tests.auth.helpers import add_staff
from tests.browser.helpers import AxeTally, page_problems, screenshot_dir, signed_in, submit, visit
from tests.browser.test_screenshots import TABLET
from tests.groups.helpers import add_area

BANK = load_bank(PROJECT_ROOT / "content")
TABLET_SIZE = {"width": TABLET[0], "height": TABLET[1]}
WORRYING = "Nobody comes when I ring the bell at night. I am frightened."


def add_comment(live_app: Flask, area_id: int) -> int:
    """Someone in the area wrote a worrying "Tell us more" comment; returns its id."""
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        row = questionnaire_row(db, "self-advocates", BANK.questionnaires["self-advocates"].version)
        assert row is not None
        response = Response(
            token=secrets.token_urlsafe(12), questionnaire_id=row.id, language="en",
            answered_by="own", area_id=area_id, started_at=datetime.now(),
        )  # fmt: skip
        db.add(response)
        db.flush()
        comment = Comment(
            response_id=response.id,
            statement_id=BANK.questionnaires["self-advocates"].statement_ids[0],
            text=WORRYING,
        )
        db.add(comment)
        db.flush()
        return comment.id


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page picture of what the browser shows, to look at."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{TABLET[0]}x{TABLET[1]}.png"
    page.screenshot(path=str(path), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET[0], f"{name} scrolls sideways ({width}px)"


@pytest.fixture
def contexts(
    browser: Browser, live_server: str, live_app: Flask
) -> Iterator[dict[str, BrowserContext]]:
    made = {
        role: signed_in(browser, live_server, live_app, role, TABLET_SIZE)
        for role in ("administrator", "reviewer", "safeguarding_lead")
    }
    yield made
    for context in made.values():
        context.close()


def test_safety_staff_pages_pass_axe_on_a_tablet(
    contexts: dict[str, BrowserContext], live_app: Flask, axe_tally: AxeTally
) -> None:
    area_name = f"On-call browser area {secrets.token_hex(3)}"
    area_id = add_area(live_app, area_name)
    comment_id = add_comment(live_app, area_id)
    lead_name = f"Asha Lead {secrets.token_hex(2)}"
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        lead = db.get_one(StaffUser, add_staff(live_app, "safeguarding_lead"))
        lead.display_name = lead_name
        facilitator_id = add_staff(live_app, "facilitator")
    admin = contexts["administrator"].new_page()

    visit(admin, "/staff/")
    problems = page_problems(admin, "en", "staff home for an administrator", axe_tally)
    screenshot(admin, "staff-home-administrator")

    visit(admin, f"/staff/admin/areas/{area_id}")
    admin.select_option("select[name=person]", label=f"{lead_name} (safeguarding lead)")
    submit(admin, "#on-call ~ form button[type=submit]")
    assert lead_name in admin.locator("section.on-call ol").inner_text()
    problems += page_problems(admin, "en", "area with its safety on-call list", axe_tally)
    screenshot(admin, "admin-area-on-call")

    # Someone who cannot see safety alerts, sent as if the list had offered them
    admin.evaluate(
        "id => { const o = document.createElement('option'); o.value = id; o.text = 'x';"
        " document.querySelector('select[name=person]').append(o); }",
        str(facilitator_id),
    )
    admin.select_option("select[name=person]", str(facilitator_id))
    submit(admin, "#on-call ~ form button[type=submit]", status=400)
    assert "cannot be on call" in admin.locator("main .error-summary").inner_text()
    problems += page_problems(admin, "en", "area on-call list with an error", axe_tally)
    screenshot(admin, "admin-area-on-call-error")

    visit(admin, "/staff/admin/areas")
    problems += page_problems(admin, "en", "areas and the whole site's on-call list", axe_tally)
    screenshot(admin, "admin-areas-on-call")

    visit(admin, "/staff/sign-ins")
    assert "this browser" in admin.locator("main").inner_text()
    problems += page_problems(admin, "en", "your sign-ins", axe_tally)
    screenshot(admin, "staff-sign-ins")

    reviewer = contexts["reviewer"].new_page()
    visit(reviewer, "/staff/comments/")
    comment = f"#comment-{comment_id}"
    assert reviewer.locator(comment).count() == 1, "the comment is not waiting"
    screenshot(reviewer, "comments-to-check")
    submit(reviewer, f"{comment} form[action$='/safety-lead'] button[type=submit]")
    assert reviewer.locator(comment).count() == 0, "reviewers still see the comment"
    problems += page_problems(reviewer, "en", "comments to check, one sent to the lead", axe_tally)
    screenshot(reviewer, "comments-sent-to-safety-lead")

    visit(admin, "/staff/comments/")
    assert "With the safety lead" in admin.locator(comment).inner_text()
    problems += page_problems(admin, "en", "comments to check with the safety lead", axe_tally)
    screenshot(admin, "comments-with-the-safety-lead")

    lead_page = contexts["safeguarding_lead"].new_page()
    visit(lead_page, "/staff/")
    assert "open safety alert" in lead_page.locator("main").inner_text()
    problems += page_problems(lead_page, "en", "staff home for a safety lead", axe_tally)
    screenshot(lead_page, "staff-home-safety-lead")

    # Leave no open alert behind for other tests: the lead follows it up
    with Session(live_app.extensions["db_engine"]) as db:
        flag_id = db.scalars(select(SafetyFlag.id).where(SafetyFlag.comment_id == comment_id)).one()
    visit(lead_page, "/staff/safety/")
    lead_page.fill(f"#flag-{flag_id}-note", "Spoke to the care home manager.")
    submit(lead_page, f"#flag-{flag_id} form[action$='/acknowledge'] button[type=submit]")
    visit(reviewer, "/staff/comments/")
    assert reviewer.locator(comment).count() == 1, "the comment did not come back"
    assert not problems, "\n".join(problems)
