"""Browser helpers: axe-core checks, keyboard moves and walking the journey like a person."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page

from portal.config import PROJECT_ROOT
from portal.reports.cube import countable
from portal.reports.periods import Quarter
from tests.auth.helpers import PASSWORD, TOTP_SECRET, add_staff

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
AXE = Axe()
FIRST_BUTTON = "main form button[type=submit]"
QUESTION_PATH = re.compile(r"/question/([\w-]+)$")
RESULTS_DIR = PROJECT_ROOT / "test-results"
AXE_CHECKS_DIR = RESULTS_DIR / "axe-checks"  # one file per test worker, merged at the end

OpenPage = Callable[..., Page]
"""The `open_page` fixture: open_page(width=1024, height=768, javascript=True) -> Page;
javascript=False keeps the portal's own scripts from loading."""


def quarter_of_its_own(slot: int) -> Quarter:
    """A quarter only one module's reports count. A report counts its quarter and the four
    before it (change, trend, the year before) once and for good, so a module adding answers
    after another module's report counted their quarter would not see them; slots are two years
    apart, back from the newest quarter a report can cover (slot 0, shared)."""
    newest = Quarter.of(date.today()).previous()
    if not countable(newest, date.today(), 7):
        newest = newest.previous()
    return Quarter(newest.year - 2 * slot, newest.number)


def screenshot_dir() -> Path:
    """Where screenshots go: $SCREENSHOT_DIR, else test-results/screenshots."""
    return Path(os.environ.get("SCREENSHOT_DIR") or RESULTS_DIR / "screenshots")


def axe_core_version() -> str:
    """The axe-core version bundled with axe-playwright-python, e.g. "4.12.1"."""
    found = re.search(r"axe v(\d+\.\d+\.\d+)", AXE_SCRIPT[:200])
    package = f"axe-playwright-python {version('axe-playwright-python')}"
    return found.group(1) if found else f"unknown, from {package}"


def axe_violations(page: Page) -> list[dict]:
    """What axe-core finds on the page against WCAG 2.2 A and AA."""
    return AXE.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(where: str, violations: list[dict]) -> str:
    """One readable block per violation: rule, impact, what it means, and each failing node."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n      {node['html'][:200]}\n      {summary}")
    return "\n".join(lines)


@dataclass
class AxeTally:
    """Every page axe-core looked at in this run, for the summary at the end."""

    checked: list[tuple[str, str, bool, int]] = field(default_factory=list)

    def record(
        self, language: str, page_name: str, violations: list[dict], javascript: bool = True
    ) -> None:
        self.checked.append((language, page_name, javascript, len(violations)))

    def save(self, folder: Path, worker: str) -> None:
        """Write this test worker's checks to folder/<worker>.tsv (workers run in parallel)."""
        folder.mkdir(parents=True, exist_ok=True)
        rows = [f"{lang}\t{int(js)}\t{count}\t{name}\n" for lang, name, js, count in self.checked]
        (folder / f"{worker}.tsv").write_text("".join(rows), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> AxeTally:
        """Every worker's checks, as saved by `save`."""
        tally = cls()
        for path in sorted(folder.glob("*.tsv")):
            for row in path.read_text(encoding="utf-8").splitlines():
                lang, js, count, name = row.split("\t", 3)
                tally.checked.append((lang, name, js == "1", int(count)))
        return tally

    def summary(self) -> str:
        with_js = [(lang, name) for lang, name, js, _ in self.checked if js]
        languages = sorted({lang for lang, _ in with_js})
        pages = {name for _, name in with_js}
        every_language = {
            name for name in pages if {lang for lang, n in with_js if n == name} >= set(languages)
        }
        without_js = [f"{lang} {name}" for lang, name, js, _ in self.checked if not js]
        failing = sum(1 for *_, count in self.checked if count)
        lines = [
            f"axe-core {axe_core_version()} (rules tagged {', '.join(WCAG_22_AA)})",
            f"{len(self.checked)} page checks of {len(pages)} pages: {len(every_language)} in"
            f" every language ({', '.join(languages)}), {len(pages) - len(every_language)} staff"
            f" pages in English; {len(with_js)} with JavaScript on, {len(without_js)} with it"
            f" off; {failing} with violations",
        ]
        lines += [
            f"{lang}\t{'js' if js else 'no-js'}\t{name}\t{count} violations"
            for lang, name, js, count in self.checked
        ]
        return "\n".join(lines) + "\n"


def html_language(page: Page) -> tuple[str, str]:
    """The page's `<html lang>` and `dir`."""
    return page.evaluate(
        "() => [document.documentElement.lang, document.documentElement.getAttribute('dir')]"
    )


def page_problems(
    page: Page, language: str, name: str, axe_tally: AxeTally, javascript: bool = True
) -> list[str]:
    """What is wrong with the page the browser shows: `<html lang dir>` other than the
    language's, and axe-core's violations (recorded in `axe_tally` as `name`)."""
    problems = []
    where = f"[{language}] {name} ({path_of(page)})"
    expected_dir = "rtl" if language == "ur" else "ltr"
    lang, direction = html_language(page)
    if (lang, direction) != (language, expected_dir):
        problems.append(
            f'{where}: <html lang="{lang}" dir="{direction}">,'
            f' expected lang="{language}" dir="{expected_dir}"'
        )
    violations = axe_violations(page)
    axe_tally.record(language, name, violations, javascript)
    if violations:
        problems.append(describe_violations(where, violations))
    return problems


def path_of(page: Page) -> str:
    """The path and query of the page the browser shows, e.g. "/question/lonely?lang=ur"."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def submit(page: Page, selector: str = FIRST_BUTTON, status: int = 200) -> None:
    """Press a button that sends a form (or follows a link); the next page has `status`."""
    with page.expect_navigation() as navigation:
        page.click(selector)
    response = navigation.value
    assert response is not None and response.status == status, (
        f"{selector} led to {path_of(page)} with status {response and response.status},"
        f" expected {status}"
    )


def focus_is_on(page: Page, selector: str) -> bool:
    """True when the element with keyboard focus matches `selector`."""
    return page.evaluate("s => !!document.activeElement?.matches(s)", selector)


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if focus_is_on(page, selector):
            return
    raise AssertionError(f"{key} x{limit} on {path_of(page)} never reached {selector}")


def press_enter_and_wait(page: Page) -> None:
    """Press Enter on the focused link, button or text box and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def visit(page: Page, path: str) -> None:
    """Go to a page by its address; it must not be an error page."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"


def question_id(page: Page) -> str:
    """The statement id of the question page the browser is on."""
    found = QUESTION_PATH.search(page.url.split("?")[0])
    assert found, f"expected a question page, got {page.url}"
    return found.group(1)


def begin_questions(page: Page, language: str = "en", answered_by: str = "own") -> str:
    """From the start page to the first question, pressing what a person would press."""
    for _ in walk_to_first_question(page, language, answered_by):
        pass
    return question_id(page)


def walk_to_first_question(
    page: Page, language: str = "en", answered_by: str = "own"
) -> Iterator[str]:
    """Start, language, who, consent, practice: yields each page's name on arrival, ends on
    question 1."""
    visit(page, f"/?lang={language}")
    yield "start"
    submit(page, "main a.button:not(.button--secondary)")  # Start
    assert page.url.split("?")[0].endswith("/language"), page.url
    yield "language"
    page.check(f"#language-{language}")
    submit(page)
    assert page.url.endswith("/who"), page.url
    yield "who"
    page.check(f"#answered_by-{answered_by}")
    submit(page)
    assert page.url.endswith("/consent"), page.url
    yield "consent"
    submit(page)  # I agree. Start the questions.
    assert page.url.endswith("/practice"), page.url
    yield "practice"
    submit(page, "main a.button[href*='/question/']")  # Start the real questions
    question_id(page)


def walk_respondent_pages(page: Page, language: str, safety_statement: str) -> Iterator[str]:
    """Every page a respondent can meet, reached the way a person would reach it.

    Yields each page's name once the browser shows it. Ends with the journey finished.
    `safety_statement` is answered "No", which leads to the safety help page.
    """
    yield from walk_to_first_question(page, language)
    first = question_id(page)
    yield "question"
    submit(page, "button[name=action][value=next]")  # no answer chosen: "Skip this one?"
    assert path_of(page) == f"/question/{first}/skip", path_of(page)
    yield "skip this one"
    submit(page, "main a.button[href*='/question/']")  # Go back
    assert path_of(page) == f"/question/{first}", path_of(page)
    page.check("#answer-yes")
    submit(page, "button[name=action][value=more]")
    assert path_of(page) == f"/question/{first}/more", path_of(page)
    yield "tell us more"
    page.fill("#comment", "The staff are kind.")
    submit(page)
    visit(page, f"/question/{safety_statement}")
    page.check("#answer-no")
    submit(page, "button[name=action][value=next]")
    assert path_of(page).startswith(f"/help?after={safety_statement}"), path_of(page)
    yield "help after saying I am not safe"
    for path, name in [
        ("/consent/more", "more about your answers"),
        ("/code", "get a code"),
        ("/help", "help"),
        ("/preferences", "preferences"),
        ("/attributions", "attributions"),
        ("/about-the-questions", "about the questions"),
        ("/check", "check answers"),
    ]:
        visit(page, path)
        yield name
    submit(page)  # Send my answers
    assert path_of(page) == "/thank-you", path_of(page)
    yield "thank you"
    visit(page, "/resume")
    yield "resume"


def signed_in(
    browser: Browser, live_server: str, live_app: Flask, role: str, viewport: dict[str, int]
) -> BrowserContext:
    """A browser context (own cookies) of `viewport` size where a new staff member of `role`
    has signed in through the sign-in page."""
    email = f"{role}-{secrets.token_hex(4)}@example.org"
    add_staff(live_app, role, email)
    context = browser.new_context(base_url=live_server, viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit(page, "/staff/sign-in")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    if path_of(page) == "/staff/sign-in/code":  # administrators and leads: the app's code
        page.fill("input[name=code]", pyotp.TOTP(TOTP_SECRET).now())
        submit(page)
    assert not path_of(page).startswith("/staff/sign-in"), f"the {role} is not signed in"
    page.close()
    return context


def assert_no_problems(page: Page, name: str, axe_tally: AxeTally, language: str = "en") -> None:
    """The page has the language's `<html lang dir>` and no axe-core violation."""
    problems = page_problems(page, language, name, axe_tally)
    assert problems == [], "\n".join(problems)


@contextmanager
def studio_editor(browser: Browser, live_server: str, live_app: Flask) -> Iterator[Page]:
    """A content editor's page in the studio; whatever they changed is thrown away afterwards,
    so the other browser tests see the content as it was."""
    context = signed_in(
        browser, live_server, live_app, "content_editor", {"width": 1024, "height": 768}
    )
    page = context.new_page()
    yield page
    visit(page, "/staff/studio/")
    if page.locator("button:has-text('Throw away these changes')").count():
        submit(page, "button:has-text('Throw away these changes')")
    context.close()


def record_with_fake_microphone(page: Page, seconds: float = 3) -> None:
    """On a page with the recorder (portal/static/recorder.js), record `seconds` from Chromium's
    fake microphone (a beep every second) and stop."""
    page.locator("[data-recorder-controls]").wait_for(state="visible")
    page.click("[data-recorder-record]")
    page.locator("[data-recorder-state=recording]").wait_for(state="visible")
    page.wait_for_timeout(int(seconds * 1000))
    page.click("[data-recorder-stop]")
    page.locator("[data-recorder-state=recorded]").wait_for(state="visible")
