"""Question pages are rendered once per process with slots for each person's own values
(portal/shared/pages.py). A person must see exactly the page they would see if it were rendered
for them alone, and nothing of theirs may stay in what the process keeps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from portal.config import LANGUAGES
from portal.shared.pages import PageCache
from tests.conftest import make_app
from tests.groups.helpers import join, open_session
from tests.helpers import Browser
from tests.respond.journey import answer, begin

# The two values that differ on every request: the signed CSRF token and the one-time key.
PER_REQUEST = re.compile(r'(name="(?:csrf_token|submission)"[^>]*value=")[^"]*(")')


def _same_for_comparing(html: str) -> str:
    return PER_REQUEST.sub(r"\1…\2", html)


@pytest.fixture
def whole_pages_app(template_database: str, audio_dir: Path, tmp_path: Path) -> Iterator[Flask]:
    """The same portal and database, with no pages kept: every page rendered whole."""
    app = make_app(template_database, audio_dir, tmp_path, PAGE_CACHE_MB=0)
    yield app
    app.extensions["db_engine"].dispose()


def _both_ways(app: Flask, whole: Flask, client: Browser, path: str) -> tuple[str, str]:
    """The page at `path` for this visitor, kept-and-filled and rendered whole."""
    cookie = client.client.get_cookie("session")
    assert cookie is not None
    kept = client.get(path)
    other = whole.test_client()
    other.set_cookie("session", cookie.value)
    for name in ("preferences",):
        own = client.client.get_cookie(name)
        if own is not None:
            other.set_cookie(name, own.decoded_value)
    rendered = other.get(path)
    assert rendered.status_code == kept.status == 200
    return kept.response.text, rendered.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_page_is_the_same_kept_or_rendered_whole(
    app: Flask, whole_pages_app: Flask, client: Browser, language: str
) -> None:
    """In every language, each question, before and after answering, with ?change=1 and with
    other display choices: the kept page with this person's values is the page rendered whole."""
    page = begin(client, language=language)
    first = page.url
    checked = 0
    for value in ("sometimes", "prefer_not", "sometimes"):  # never the safety help page
        path = page.url
        for variant in (path, f"{path}?change=1"):
            kept, whole = _both_ways(app, whole_pages_app, client, variant)
            assert _same_for_comparing(kept) == _same_for_comparing(whole), variant
            checked += 1
        page = answer(client, page, value)
    client.get(f"/preferences?next={first}")
    preferences = client.get(f"/preferences?next={first}")
    client.submit(
        preferences,
        {
            "text": "larger",
            "contrast": "high",
            "pictures": "off",
            "autoplay": "on",
            "speech": "slow",
        },
    )
    kept, whole = _both_ways(app, whole_pages_app, client, first)
    assert _same_for_comparing(kept) == _same_for_comparing(whole)
    assert 'class="text-larger contrast-high pictures-off"' in kept
    assert " checked" in kept, "the first answer is shown as chosen"
    assert checked == 6


def test_a_tablet_sees_the_same_page_kept_or_rendered_whole(
    app: Flask, whole_pages_app: Flask, client: Browser
) -> None:
    at_home = Browser(app.test_client())
    assert "autocomplete" not in begin(at_home).response.text  # the home page is kept first
    _, code = open_session(app, client)
    tablet = Browser(app.test_client())
    join(tablet, code)
    page = begin(tablet)
    kept, whole = _both_ways(app, whole_pages_app, tablet, page.url)
    assert _same_for_comparing(kept) == _same_for_comparing(whole)
    assert 'autocomplete="off"' in kept, "a kiosk page, not a home one"


def test_each_person_sees_their_own_answer_and_token_on_a_kept_page(app: Flask) -> None:
    """Two people on the same question: one page is kept, each sees their own choice and CSRF
    token, and what is kept holds neither."""
    people = [Browser(app.test_client()) for _ in range(2)]
    pages = [begin(person) for person in people]
    assert pages[0].url == pages[1].url
    answer(people[0], pages[0], "no")
    answer(people[1], pages[1], "sometimes")
    seen = [person.get(pages[0].url) for person in people]
    chosen = [page.soup.find("input", checked=True)["value"] for page in seen]
    assert chosen == ["no", "sometimes"]
    tokens = {page.soup.find("input", attrs={"name": "csrf_token"})["value"] for page in seen}
    assert len(tokens) == 2
    kept = app.extensions["kept_pages"]
    assert len(kept) >= 1
    for page in kept._pages.values():
        assert " checked" not in page
        assert not any(token in page for token in tokens)
        assert 'value="\ue000csrf_token\ue001"' in page


def test_the_pages_kept_never_take_more_than_their_limit() -> None:
    pages = PageCache(max_bytes=10_000)
    for number in range(40):
        pages.page(("page", number), lambda: "x" * 3000)
    assert pages.bytes_kept <= 10_000
    assert len(pages) == 3
    again: list[int] = []
    pages.page(("page", 39), lambda: again.append(1) or "y")  # type: ignore[func-returns-value]
    assert again == [], "the most recent page is still kept"
    pages.page(("page", 0), lambda: again.append(1) or "y")  # type: ignore[func-returns-value]
    assert again == [1], "the oldest was dropped"
    assert pages.page(("big",), lambda: "z" * 20_000) == "z" * 20_000, "too big: shown, not kept"
    assert pages.bytes_kept <= 10_000
