"""One way to listen: "Read this page to me" plays the page in order and outlines each sentence;
tapping an answer says it and chooses it; speakers beside sentences can go; big pictures and a
tick on the chosen answer. On a tablet (768x1024, touch) unless a test says otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.helpers import (
    RESULTS_DIR,
    AxeTally,
    page_problems,
    path_of,
    question_id,
    screenshot_dir,
    submit,
    visit,
    walk_to_first_question,
)

TABLET = {"width": 768, "height": 768 + 256}
READ = "main .read-page"
PAGE_CLIPS = "main .listen audio"
# Every clip that starts playing is written down with the sentences outlined at that moment.
# Clips play four times as fast here: the order is what is tested, not the voice.
RECORD_PLAYS = """
window.__played = [];
document.addEventListener('play', function (event) {
  var audio = event.target;
  audio.playbackRate = 4;
  var lit = Array.prototype.map.call(document.querySelectorAll('.is-being-read'), function (el) {
    return {text: el.textContent.replace(/\\s+/g, ' ').trim(),
            current: el.getAttribute('aria-current'),
            outline: parseFloat(getComputedStyle(el).outlineWidth)};
  });
  window.__played.push({src: audio.currentSrc || audio.src,
                        label: audio.getAttribute('aria-label'), lit: lit});
}, true);
"""

TabletPage = Callable[..., Page]


def open_tablets(browser: Browser, live_server: str) -> Iterator[TabletPage]:
    """For a fixture: a factory of touch tablet pages, each in its own browser context (own
    cookies and storage); the contexts close when the test ends."""
    contexts: list[BrowserContext] = []

    def open_tablet(
        width: int = TABLET["width"], javascript: bool = True, height: int = TABLET["height"]
    ) -> Page:
        context = browser.new_context(
            base_url=live_server,
            viewport={"width": width, "height": height},
            has_touch=True,
            is_mobile=True,
        )
        context.set_default_timeout(15_000)
        if javascript:
            context.add_init_script(RECORD_PLAYS)
        else:
            context.route("**/*.js", lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield open_tablet
    for context in contexts:
        context.close()


@pytest.fixture
def tablet(browser: Browser, live_server: str) -> Iterator[TabletPage]:
    """A factory: a touch tablet page in its own browser context (own cookies and storage)."""
    yield from open_tablets(browser, live_server)


def first_question(page: Page, language: str = "en") -> str:
    """From the start page to the first real question (past a practice page, if there is one)."""
    for name in walk_to_first_question(page, language):
        if name == "consent":
            break
    submit(page)  # I agree
    if path_of(page) == "/practice":
        submit(page, "main a.button:not(.button--secondary)")  # Start the real questions
    return question_id(page)


def played(page: Page) -> list[dict]:
    """The clips that started playing on this page, in order, with what was outlined."""
    return page.evaluate("() => window.__played || []")


def wait_until_read(page: Page, clips: int, timeout: float = 60_000) -> None:
    """Wait until `clips` clips have started on this page and the reader has stopped."""
    page.wait_for_function(
        "n => (window.__played || []).length >= n && document.querySelector("
        "'.read-page').getAttribute('aria-pressed') === 'false'",
        arg=clips,
        timeout=timeout,
    )


def clip_sources(page: Page) -> list[str]:
    return page.eval_on_selector_all(PAGE_CLIPS, "els => els.map(a => a.currentSrc || a.src)")


def choose_preferences(page: Page, **choices: str) -> None:
    """Change how the portal looks and sounds on the preferences page, then come back."""
    back = path_of(page)
    visit(page, f"/preferences?next={back}")
    for name, value in choices.items():
        page.check(f"#{name}-{value}")
    submit(page, "main form button[type=submit]")
    assert path_of(page) == back


def test_read_this_page_plays_every_clip_in_order_and_outlines_each_sentence(
    tablet: TabletPage,
) -> None:
    page = tablet()
    first_question(page)
    button = page.locator(READ)
    assert button.count() == 1, "no 'Read this page to me' button"
    assert button.inner_text().strip() == "Read this page to me"
    assert button.get_attribute("aria-pressed") == "false"
    assert button.locator("img").count() == 1, "the button has no picture"
    expected = clip_sources(page)
    assert len(expected) >= 8, f"only {len(expected)} clips on a question page"

    button.tap()
    assert button.get_attribute("aria-pressed") == "true"
    wait_until_read(page, len(expected))
    heard = played(page)
    assert [clip["src"] for clip in heard] == expected, "clips played out of page order"
    for clip in heard:
        words = clip["label"].split(": ", 1)[1]
        assert len(clip["lit"]) == 1, f"{len(clip['lit'])} sentences outlined for {words!r}"
        lit = clip["lit"][0]
        assert words in lit["text"], f"{lit['text']!r} outlined while {words!r} is read"
        assert lit["current"] == "true" and lit["outline"] >= 4, lit
    assert page.locator(".is-being-read").count() == 0, "an outline stays after reading"
    page.screenshot(path=screenshot_dir() / "issue15-read-page-question-en.png")


def test_pressing_read_again_stops_and_reading_carries_on_to_the_next_page(
    tablet: TabletPage,
) -> None:
    page = tablet()
    first_question(page)
    button = page.locator(READ)
    button.tap()
    page.wait_for_function("() => (window.__played || []).length >= 1")
    button.tap()
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate(
        f"() => [...document.querySelectorAll('{PAGE_CLIPS}')].every(a => a.paused)"
    )
    assert page.locator(".is-being-read").count() == 0

    button.tap()  # on again: the next pages read themselves
    page.locator(".choice__label").first.tap()
    submit(page, "button[name=action][value=next]")
    page.wait_for_function("() => (window.__played || []).length >= 2", timeout=15_000)
    assert page.locator(READ).get_attribute("aria-pressed") == "true", "the next page is silent"
    assert played(page)[0]["src"] == clip_sources(page)[0], "it did not start at the top"

    page.locator(READ).tap()  # off: the next page stays quiet
    page.locator(".choice__label").first.tap()
    submit(page, "button[name=action][value=next]")
    page.wait_for_timeout(1500)
    assert played(page) == [], "a page read itself after reading was stopped"
    assert page.locator(READ).get_attribute("aria-pressed") == "false"


def test_tapping_an_answer_chooses_it_and_says_it(tablet: TabletPage) -> None:
    page = tablet()
    first_question(page)
    choice = page.locator(".choice").nth(2)
    choice.locator(".choice__label").tap()
    assert choice.locator("input").is_checked()
    page.wait_for_function("() => (window.__played || []).length >= 1")
    answer_clip = choice.locator("audio").evaluate("a => a.currentSrc || a.src")
    assert [clip["src"] for clip in played(page)] == [answer_clip]


def test_answers_can_be_tapped_in_silence_and_speakers_can_go(tablet: TabletPage) -> None:
    page = tablet()
    first_question(page)
    speakers = page.locator("main .listen-button")
    assert speakers.count() == len(clip_sources(page)), "a sentence has no speaker"
    first = speakers.first
    assert first.get_attribute("aria-label", timeout=1000).startswith("Listen: ")
    box = first.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44, box

    choose_preferences(page, listen_buttons="none", say_answer="off")
    assert page.locator("main .listen-button").count() == 0, "speakers stay after 'No'"
    assert page.locator(READ).count() == 1, "the page cannot be read without speakers"
    page.locator(".choice__label").first.tap()
    page.wait_for_timeout(800)
    assert played(page) == [], "the answer was said although the preference is off"


def test_without_javascript_each_sentence_keeps_its_own_player(tablet: TabletPage) -> None:
    page = tablet(javascript=False)
    first_question(page)
    assert page.locator(READ).count() == 0
    assert page.locator("main .listen-button").count() == 0
    players = page.locator("main .listen audio[controls]")
    assert players.count() == page.locator("main .listen").count() >= 8


def _size(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not shown"
    return box


@pytest.mark.parametrize("contrast", ["normal", "high"])
def test_pictures_are_big_and_the_chosen_answer_has_a_thick_border_and_a_tick(
    tablet: TabletPage, contrast: str
) -> None:
    page = tablet()
    first_question(page)
    if contrast == "high":
        choose_preferences(page, contrast="high")
    statement = _size(page, ".statement__picture")
    answers = [page.locator(".choice__picture").nth(i).bounding_box() for i in range(3)]
    assert statement["height"] >= 160, f"statement picture {statement}"
    assert all(box and box["height"] >= 72 for box in answers), f"answer pictures {answers}"

    chosen = page.locator(".choice").nth(1)
    chosen.locator(".choice__label").tap()
    tick = chosen.locator(".choice__label").evaluate(
        "l => { const s = getComputedStyle(l, '::after'); return [s.content, s.width,"
        " getComputedStyle(l).borderTopWidth]; }"
    )
    assert "2713" in json.dumps(tick[0]) or "\u2713" in tick[0], f"no tick: {tick}"
    assert float(tick[1].removesuffix("px")) >= 32 and float(tick[2].removesuffix("px")) >= 4
    other = page.locator(".choice").nth(0).locator(".choice__label")
    assert other.evaluate("l => getComputedStyle(l, '::after').content") in ("none", "normal")
    if contrast == "high":  # an unchosen radio is an empty ring, not a filled disc
        fill = page.locator(".choice__input").first.evaluate(
            "i => getComputedStyle(i).backgroundColor"
        )
        assert fill == "rgb(0, 0, 0)", fill
    page.screenshot(path=screenshot_dir() / f"issue15-chosen-answer-{contrast}.png")
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"picture-sizes-{contrast}.json").write_text(
        json.dumps(
            {"statement": statement["height"], "answers": [a and a["height"] for a in answers]}
        )
    )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_question_page_never_scrolls_sideways_on_a_small_phone(
    tablet: TabletPage, language: str
) -> None:
    page = tablet(width=320)
    first_question(page, language)
    page.locator(".choice__label").first.tap()
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 320, f"the page is {wide} px wide at 320 px"
    page.screenshot(path=screenshot_dir() / f"issue15-question-320-{language}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_check_page_rows_say_the_statement_then_you_said_then_the_answer(
    tablet: TabletPage, live_app: Flask, language: str
) -> None:
    page = tablet()
    first_question(page, language)
    page.locator(".choice__label").first.tap()
    submit(page, "button[name=action][value=next]")
    visit(page, "/check")
    rows = page.locator(".summary__row")
    first = rows.first
    assert first.locator("img.summary__picture").count() == 1, "the row has no picture"
    assert first.locator("audio").count() == 3, "statement, 'You said:' and answer"
    speaker = first.locator(".listen-button")
    assert speaker.count() == 1
    change = first.locator("a.summary__change")
    box = change.bounding_box()
    assert box and box["height"] >= 44 and "button" in (change.get_attribute("class") or "")

    speaker.tap()
    page.wait_for_function("() => (window.__played || []).length >= 3", timeout=20_000)
    sources = first.locator("audio").evaluate_all("els => els.map(a => a.currentSrc || a.src)")
    assert [clip["src"] for clip in played(page)][:3] == sources
    if language == "en":
        labels = [clip["label"] for clip in played(page)][:3]
        assert labels[1:] == ["Listen: You said:", "Listen: Yes"], labels
    unanswered = rows.nth(1).locator(".summary__answer").inner_text().strip()
    assert unanswered, "an unanswered row is empty"
    page.screenshot(path=screenshot_dir() / f"issue15-check-{language}.png", full_page=True)


def test_a_skipped_statement_shows_you_skipped_this(live_app: Flask) -> None:
    """answer_summary says "You skipped this" for a skipped answer, without a picture error."""
    from portal.content import current_bank
    from portal.shared.answers import ANSWER_PICTURES, ANSWER_WORDS

    with live_app.test_request_context("/check"):
        bank = current_bank()
        statements = [bank.statements[i] for i in list(bank.statements)[:2]]
        template = live_app.jinja_env.from_string(
            '{% from "components/macros.html" import answer_summary %}'
            "{{ answer_summary(statements, answers, {}, words, pictures) }}"
        )
        html = template.render(
            statements=statements,
            answers={statements[0].id: "skipped", statements[1].id: "gone"},
            words=ANSWER_WORDS,
            pictures=ANSWER_PICTURES,
        )
    rows = html.split('class="summary__row"')[1:]
    assert "You skipped this" in rows[0] and "You said:" not in rows[0]
    assert "Not answered yet" in rows[1]


def respondent_page_types(page: Page, language: str, javascript: bool) -> Iterator[str]:
    """Each type of respondent page, reached as a person would; yields its name on arrival."""
    for name in walk_to_first_question(page, language):
        yield name
        if name == "consent":
            break
    submit(page)  # I agree
    if path_of(page) == "/practice":
        yield "practice question"
        submit(page, "main a.button:not(.button--secondary)")
    question = path_of(page)
    yield "question"
    if javascript:
        page.locator(READ).tap()
        page.wait_for_selector(".is-being-read")
        yield "question while it is read"
        page.locator(READ).tap()
    with page.expect_navigation():
        page.click("button[name=action][value=next]")  # nothing chosen
    yield "question with nothing chosen"
    visit(page, question)
    page.locator(".choice__label").first.tap()
    yield "question with an answer chosen"
    submit(page, "button[name=action][value=more]")
    yield "tell us more"
    for path, name in [
        ("/help", "help"),
        ("/preferences", "preferences"),
        ("/code", "get a code"),
        ("/check", "check answers"),
    ]:
        visit(page, path)
        yield name
    submit(page, "main form button[type=submit]")  # Send my answers
    assert path_of(page) == "/thank-you", path_of(page)
    yield "thank you"
    visit(page, "/resume")
    yield "resume"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_respondent_page_type_passes_axe_with_and_without_javascript(
    tablet: TabletPage, language: str, javascript: bool, axe_tally: AxeTally
) -> None:
    page = tablet(javascript=javascript)
    problems: list[str] = []
    seen = []
    for name in respondent_page_types(page, language, javascript):
        seen.append(name)
        problems += page_problems(page, language, f"{name} (tablet)", axe_tally, javascript)
        if javascript:
            slug = name.replace(" ", "-")
            page.screenshot(path=screenshot_dir() / f"issue15-tablet-{language}-{slug}.png")
        has_reader = page.locator(READ).count() == 1
        if javascript:
            assert has_reader, f"{name}: no 'Read this page to me'"
        else:
            assert not has_reader and page.locator("main .listen audio[controls]").count(), name
    assert "check answers" in seen
    assert not problems, "\n".join(problems)


PHONE = (360, 740)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_respondent_page_type_fits_a_phone_and_is_pictured(
    tablet: TabletPage, language: str
) -> None:
    """Each page type on a 360x740 phone: no sideways scroll, and a whole-page screenshot for
    people to look at (the tablet ones are written by the axe test above)."""
    width, height = PHONE
    page = tablet(width=width, height=height)
    wide = []
    for name in respondent_page_types(page, language, javascript=True):
        slug = name.replace(" ", "-").replace("?", "")
        page.screenshot(
            path=screenshot_dir() / f"issue15-phone-{language}-{slug}.png", full_page=True
        )
        if page.evaluate("() => document.documentElement.scrollWidth") > width:
            wide.append(name)
    assert not wide, f"these pages scroll sideways at {width} px: {wide}"
