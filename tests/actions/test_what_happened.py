""" "What happened": what people in an area said (a published report only) and what was done,
in easy read, in every language, with small numbers never shown."""

from __future__ import annotations

from datetime import date

from babel.support import Translations
from flask import Flask

from portal.config import PROJECT_ROOT
from portal.happened.services import month
from portal.reports.periods import Quarter
from tests.actions.helpers import (
    BANK,
    THEME,
    YES_GOOD,
    add_action,
    add_answers,
    publish_report,
)
from tests.groups.helpers import add_area
from tests.helpers import Browser, Page

NORTH_WORDS = "We trained staff in North to use easy words."
EVERYWHERE_WORDS = "We made our letters easier to read."
SOUTH_WORDS = "We opened a new day centre in South."
LATE_REASON = "The builder went out of business."


def _said(page: Page) -> dict[str, str]:
    """Statement text -> its sentence, for every statement under "You said:"."""
    found = {}
    for row in page.soup.select("ul[id^=said-] li"):
        text = row.select_one(".summary__text")
        sentence = row.select_one(".said .body--strong")
        if text is not None and sentence is not None:
            found[" ".join(text.get_text().split())] = " ".join(sentence.get_text().split())
    return found


def _north_and_south(app: Flask) -> tuple[int, int]:
    north, south = add_area(app, "North locality"), add_area(app, "South locality")
    # published (the ONS 10/5 rule): Yes 15, No 10, Sometimes 15, of 40: 15 of 40 is 3.75 -> 4
    add_answers(app, north, {YES_GOOD: "yes"}, 14)
    add_answers(app, north, {YES_GOOD: "no"}, 10)
    add_answers(app, north, {YES_GOOD: "sometimes"}, 16)
    add_action(app, area_id=north, easy_read=NORTH_WORDS)
    add_action(app, easy_read=EVERYWHERE_WORDS, status="done")
    add_action(app, area_id=south, easy_read=SOUTH_WORDS, status="not_on_track", reason=LATE_REASON)
    return north, south


def test_an_area_sees_what_its_people_said_and_what_was_done_there(
    app: Flask, client: Browser
) -> None:
    north, south = _north_and_south(app)
    publish_report(app, north)
    page = client.get(f"/what-happened/{north}")
    assert page.h1 == "What happened"
    assert "This page is about North locality." in page.text
    assert "These are answers from everyone in North locality." in page.text
    assert "People answered from July 2026 to September 2026." in page.text
    statement = BANK.statements[YES_GOOD].text
    assert _said(page)[statement] == "4 out of 10 people said Yes."
    theme = page.soup.find("h2", id=f"theme-{THEME}")
    assert theme.get_text(strip=True) == BANK.themes[THEME].name
    assert NORTH_WORDS in page.text and EVERYWHERE_WORDS in page.text
    assert SOUTH_WORDS not in page.text, "another area's actions are not shown"
    assert "We are doing this." in page.text and "Done." in page.text
    assert "We said we would do this by March 2027." in page.text
    assert page.soup.main.find(lang="en") is None, "an English page marks nothing as English"
    assert page.audio_sources(), "sentences have Listen clips"

    south_page = client.get(f"/what-happened/{south}")
    assert SOUTH_WORDS in south_page.text and NORTH_WORDS not in south_page.text
    assert f"This is late because: {LATE_REASON}" in south_page.text
    assert "We are still listening." in south_page.text, "North's report is not South's"
    assert _said(south_page) == {}


def test_the_page_in_welsh_marks_the_english_action_words(app: Flask, client: Browser) -> None:
    north, south = _north_and_south(app)
    publish_report(app, north)
    page = client.get(f"/what-happened/{north}?lang=cy")
    assert (page.soup.html["lang"], page.soup.html["dir"]) == ("cy", "ltr")
    assert page.h1 != "What happened" and page.soup.title.get_text().startswith(page.h1)
    assert "This page is about North locality." not in page.text
    welsh = BANK.localised("cy")
    cy = Translations.load(str(PROJECT_ROOT / "translations"), ["cy"])
    assert (
        _said(page)[welsh.statements[YES_GOOD].text]
        == cy.gettext("%(number)s out of 10 people said Yes.") % {"number": 4}
        != "4 out of 10 people said Yes."
    )
    assert page.soup.find("h2", id=f"theme-{THEME}").get_text(strip=True) == (
        welsh.themes[THEME].name
    )
    for words in (NORTH_WORDS, EVERYWHERE_WORDS):
        marked = page.soup.find(string=words).parent
        assert (marked["lang"], marked["dir"]) == ("en", "ltr")  # "safe." ends in its full stop
    assert "Medi 2026" in page.text, "months in Welsh"
    assert SOUTH_WORDS not in page.text


def test_before_the_first_report_the_page_says_kindly_that_we_are_still_listening(
    app: Flask, client: Browser
) -> None:
    north, _south = _north_and_south(app)
    page = client.get(f"/what-happened/{north}")
    first = month("en", Quarter.of(date.today()).next().start)
    assert "We are still listening." in page.text
    assert f"The first results come out in {first}." in page.text
    assert _said(page) == {}
    assert NORTH_WORDS in page.text and EVERYWHERE_WORDS in page.text


def test_an_area_without_its_own_report_sees_the_report_for_every_area(
    app: Flask, client: Browser
) -> None:
    north, south = _north_and_south(app)
    publish_report(app, None)
    page = client.get(f"/what-happened/{south}")
    assert "These are answers from everyone, in every area." in page.text
    assert _said(page)[BANK.statements[YES_GOOD].text] == "4 out of 10 people said Yes."
    everyone = client.get("/what-happened/all")
    assert "This page is about every area." in everyone.text
    assert EVERYWHERE_WORDS in everyone.text
    assert NORTH_WORDS not in everyone.text and SOUTH_WORDS not in everyone.text


def test_figures_come_only_from_the_published_snapshot(app: Flask, client: Browser) -> None:
    north, _south = _north_and_south(app)
    publish_report(app, north)
    before = client.get(f"/what-happened/{north}")
    add_answers(app, north, {YES_GOOD: "no"}, 30)
    after = client.get(f"/what-happened/{north}")
    assert _said(after) == _said(before)
    assert _said(after)[BANK.statements[YES_GOOD].text] == "4 out of 10 people said Yes."


def test_small_numbers_are_never_shown(app: Flask, client: Browser) -> None:
    north = add_area(app, "North locality")
    add_answers(app, north, {YES_GOOD: "yes"}, 3)
    add_answers(app, north, {YES_GOOD: "no"}, 1)
    publish_report(app, north)
    page = client.get(f"/what-happened/{north}")
    said = _said(page)
    assert said[BANK.statements[YES_GOOD].text] == "Not enough answers to show."
    assert set(said.values()) == {"Not enough answers to show."}
    assert "out of 10" not in page.text


def test_each_questionnaires_latest_report_can_be_chosen(app: Flask, client: Browser) -> None:
    north, _south = _north_and_south(app)
    publish_report(app, north)
    publish_report(app, None, "family-carers")  # published last: shown first
    page = client.get(f"/what-happened/{north}")
    carers, advocates = (BANK.questionnaires[s].title for s in ("family-carers", "self-advocates"))
    assert f"These are the answers to: {carers}." in page.text
    assert "You can also see the answers to:" in page.text
    page = client.get(page.link(advocates))
    assert page.url == f"/what-happened/{north}?questions=self-advocates"
    assert f"These are the answers to: {advocates}." in page.text
    assert _said(page)[BANK.statements[YES_GOOD].text] == "4 out of 10 people said Yes."
    assert page.link(carers).endswith(f"/what-happened/{north}?questions=family-carers")
    assert page.audio_sources(), "the new sentences have clips too"
    welsh = client.get(f"/what-happened/{north}?questions=self-advocates&lang=cy")
    assert "Gallwch hefyd weld yr atebion i:" in welsh.text
    assert client.get("/what-happened/all?questions=nonsense&lang=en").h1 == "What happened"


def test_a_visitor_first_sees_the_answers_to_their_own_questions(
    app: Flask, client: Browser
) -> None:
    north, _south = _north_and_south(app)
    publish_report(app, north)
    publish_report(app, None, "family-carers")  # published last
    with client.client.session_transaction() as session:
        session["link"] = {"area": north, "questionnaire": "self-advocates"}
    page = client.get(f"/what-happened/{north}")
    advocates = BANK.questionnaires["self-advocates"].title
    assert f"These are the answers to: {advocates}." in page.text


def test_choosing_an_area_and_going_straight_to_the_visitors_own(
    app: Flask, client: Browser
) -> None:
    north, south = _north_and_south(app)
    page = client.get("/what-happened")
    assert page.h1 == "What happened"
    assert page.link("North locality").endswith(f"/what-happened/{north}")
    page = client.get(page.link("All areas"))
    assert page.url == "/what-happened/all"
    with client.client.session_transaction() as session:
        session["link"] = {"area": south, "questionnaire": "self-advocates"}
    page = client.get("/what-happened")
    assert page.url == f"/what-happened/{south}"
    page = client.get(page.link("Choose another area"))
    assert page.url == "/what-happened?choose=1" and page.link("North locality")
    client.get("/what-happened/999999", status=404)


def test_the_thank_you_page_links_to_what_happened(client: Browser) -> None:
    with client.client.session_transaction() as session:
        session["finished"] = True
    page = client.get("/thank-you")
    page = client.get(page.link("What happened after people answered"))
    assert page.url == "/what-happened" and page.h1 == "What happened"
    assert client.get("/").link("What happened after people answered").endswith("/what-happened")
