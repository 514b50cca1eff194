"""Chart labels are never cut off or lost: in the real browser every `<text>` of every chart on
a report's page and board pack lies inside its chart and no two overlap, and every part of an
answer bar, however narrow, has a label with its number (the part under the threshold too)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.reports.filters import ReportFilters
from portal.reports.services import (
    agree_every_theme,
    approve,
    create_draft,
    publish,
    share_for_review,
)
from tests.auth.helpers import add_staff
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import AxeTally, page_problems, quarter_of_its_own, signed_in, visit
from tests.groups.helpers import add_area
from tests.reports.fixtures import PTABLE, add_people

pytestmark = pytest.mark.browser

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
# A statement offering every answer but "This is not about me", and one more
WIDE = next(
    s for s in QUESTIONS if {"sometimes", "not_sure", "no"} <= set(BANK.statements[s].answers)
)
ALL_YES = next(s for s in QUESTIONS if s != WIDE)
QUARTER = quarter_of_its_own(1)

# Each label's box on the page, and its chart's, in CSS pixels.
MEASURE = """svg => {
  const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  return {
    id: svg.getAttribute('aria-labelledby'),
    chart: box(svg.getBoundingClientRect()),
    desc: svg.querySelector('desc')?.textContent || '',
    hidden_part: !!svg.querySelector('rect[y="0"][fill$="-hidden)"]'),
    labels: [...svg.querySelectorAll('text')].map(t => (
      {text: t.textContent.trim(), ...box(t.getBoundingClientRect())})),
  };
}"""


@pytest.fixture(scope="module")
def report_id(live_app: Flask) -> int:
    """A published report of this module's own area: one bar with a wide part, two narrow
    ones (about 2% each) and a part under the threshold; one statement all Yes (100%)."""
    area = add_area(live_app, f"Chart labels {secrets.token_hex(3)}")
    then = datetime.combine(QUARTER.start, datetime.min.time()) + timedelta(days=20)
    admin_id, reviewer_id = add_staff(live_app, "administrator"), add_staff(live_app, "reviewer")
    with Session(live_app.extensions["db_engine"]) as db, db.begin():
        add_people(db, {WIDE: "yes", ALL_YES: "yes"}, 480, then, area=area)
        add_people(db, {WIDE: "no"}, 12, then, area=area)
        add_people(db, {WIDE: "not_sure"}, 12, then, area=area)
        add_people(db, {WIDE: "sometimes"}, 3, then, area=area)
        actor, reviewer = db.get(StaffUser, admin_id), db.get(StaffUser, reviewer_id)
        assert actor is not None and reviewer is not None
        filters = ReportFilters("self-advocates", QUARTER, QUARTER, area=area)
        draft = create_draft(db, actor, "Chart labels report", filters, BANK, PTABLE)
        share_for_review(db, draft, actor)
        agree_every_theme(db, draft, reviewer)
        approve(db, draft, reviewer)
        publish(db, draft, actor, BANK, PTABLE)
        return draft.id


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


def _inside(label: dict[str, float], chart: dict[str, float]) -> bool:
    return (
        label["left"] >= chart["left"] - 0.5
        and label["right"] <= chart["right"] + 0.5
        and label["top"] >= chart["top"] - 0.5
        and label["bottom"] <= chart["bottom"] + 0.5
    )


def _unlabelled(chart: dict) -> list[str]:
    """The parts of an answer bar its labels do not name, read from its text alternative
    ("About 500 answers. Yes (the good answer): about 480; No: about 10; Sometimes: fewer
    than 10.")."""
    if not chart["id"].split()[0].startswith("bar-"):
        return []
    labels = {label["text"] for label in chart["labels"]}
    missing = []
    for part in chart["desc"].split(". ", 1)[1].rstrip(".").split("; "):
        word, _, count = part.partition(": ")
        word = word.removesuffix(" (the good answer)")
        number = count.removeprefix("about ")
        if count.startswith("about ") and not labels & {number, f"{word}: {number}"}:
            missing.append(part)
        labels -= {number, f"{word}: {number}"}  # one label names one part
        if (
            count.startswith("fewer than")
            and chart["hidden_part"]
            and not any(t.startswith("Answers under") for t in labels)
        ):
            missing.append(part)
    return missing


def _problems(page: Page, where: str) -> list[str]:
    problems, charts = [], page.locator("svg.chart__svg")
    assert charts.count() > 0, f"{where}: no charts"
    for index in range(charts.count()):
        chart = charts.nth(index).evaluate(MEASURE)
        name = f"{where}, {chart['id'].split()[0]}"
        for label in chart["labels"]:
            if not _inside(label, chart["chart"]):
                problems.append(
                    f"{name}: {label['text']!r} is cut off at the chart's edge"
                    f" ({label} outside {chart['chart']})"
                )
        for i, a in enumerate(chart["labels"]):
            for b in chart["labels"][i + 1 :]:
                if _overlap(a, b):
                    problems.append(f"{name}: {a['text']!r} and {b['text']!r} overlap")
        problems += [f"{name}: no label for {part!r}" for part in _unlabelled(chart)]
    return problems


@pytest.mark.parametrize("width", [DESKTOP["width"], 768, 360])
def test_every_chart_label_is_whole_and_apart_from_the_others(
    browser: Browser,
    live_server: str,
    live_app: Flask,
    report_id: int,
    width: int,
    axe_tally: AxeTally,
) -> None:
    context = signed_in(
        browser, live_server, live_app, "administrator", {"width": width, "height": 1024}
    )
    page = context.new_page()
    problems = []
    for path, where in (
        (f"/staff/reports/{report_id}", "report page"),
        (f"/staff/reports/{report_id}/board-pack", "board pack"),
    ):
        visit(page, path)
        bar = page.locator(f"svg[aria-labelledby^='bar-{WIDE}-']")
        assert bar.count() == 1, f"{where}: no answer bar for the statement with narrow parts"
        hidden = bar.locator("rect[y='0'][fill$='-hidden)']")
        assert hidden.count() == 1, f"{where}: no part for the answers under the threshold"
        problems += _problems(page, f"{where} at {width} px")
        if width == DESKTOP["width"]:  # the charts and their key pass axe-core too
            problems += page_problems(page, "en", f"{where} with chart keys", axe_tally)
    context.close()
    assert problems == [], "\n".join(problems)
