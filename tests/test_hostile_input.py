"""Hostile input (property-based, with Hypothesis): random and nasty values posted to every form
a respondent or a signer-in can reach never cause a 500, never store what should not be stored,
and any refusal says what to do in easy read; ids too large for the database, control characters
in addresses and in `next=`, and a deeply nested preferences cookie are refused calmly."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.comments.models import Comment
from portal.preferences.forms import DEFAULTS
from portal.respond.models import Answer
from portal.security import safe_next_url
from portal.shared.answers import ANSWER_VALUES
from tests.auth.helpers import PASSWORD, add_staff, start_signed_in
from tests.helpers import Browser
from tests.respond.journey import answer, begin

NASTY = st.one_of(
    st.text(max_size=300),  # any Unicode, control characters included
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zl", "Zp"]), max_size=50
    ),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "{{ 7*7 }}",
            "'; DROP TABLE answer; --",
            "\x00\x01\x02",
            "yes\x00",
            "YES",
            "../../etc/passwd",
            "１２３４５６",
            "x" * 100_000,
            "🙂" * 3000,
        ]
    ),
    st.integers().map(str),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),  # not valid UTF-8 when sent
)
# How many examples, deadlines and health checks: the profile loaded in tests/conftest.py.
SETTINGS = settings()


def _token(page_html: str) -> str:
    marker = 'name="csrf_token" type="hidden" value="'
    start = page_html.find(marker)
    if start < 0:
        marker = 'name="csrf_token" value="'
        start = page_html.find(marker)
    assert start >= 0, "no CSRF token"
    start += len(marker)
    return page_html[start : page_html.index('"', start)]


def _post(client: Browser, path: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    page = client.client.get(path, follow_redirects=True)
    token = _token(page.get_data(as_text=True))
    body = {"csrf_token": token, **fields}
    return client.client.post(path, data=body)


def _refused_clearly(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, response.status_code
    text = response.get_data(as_text=True)
    if response.status_code == 400:
        assert (
            "There is a problem" in text
            or "Please press the button again" in text
            or ("This page was open for too long" in text)
        ), text[:500]
    assert "<script>alert(1)</script>" not in text, "hostile HTML came back unescaped"
    assert "<img src=x onerror" not in text


def _answers_are_valid(db: Session) -> None:
    values = set(db.scalars(select(Answer.value)))
    assert values <= set(ANSWER_VALUES)
    longest = db.scalar(select(func.max(func.length(Comment.text)))) or 0
    assert longest <= 2000


def _check_form(app: Flask, db: Session, prepare: Callable[[Browser], str], names: list[str]):  # type: ignore[no-untyped-def]
    @SETTINGS
    @given(st.lists(NASTY, min_size=len(names), max_size=len(names)))
    def run(values: list[str]) -> None:
        client = Browser(app.test_client())
        path = prepare(client)
        response = _post(client, path, dict(zip(names, values, strict=True)))
        _refused_clearly(response)
        db.expire_all()
        _answers_are_valid(db)

    run()


def _question(client: Browser) -> str:
    return begin(client).url


def _tell_more(client: Browser) -> str:
    page = answer(client, begin(client), "yes", button="more")
    return page.url


def test_language_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, lambda client: "/language", ["language", "next"])


def test_who_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, lambda client: "/who", ["answered_by"])


def test_answer_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, _question, ["answer", "action"])


def test_tell_us_more_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, _tell_more, ["comment"])


def test_resume_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, lambda client: "/resume", ["code"])


def test_join_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, lambda client: "/join", ["code"])


def test_preferences_form(app: Flask, db_session: Session) -> None:
    names = ["text", "contrast", "pictures", "autoplay", "slow", "next"]
    _check_form(app, db_session, lambda client: "/preferences", names)


def test_staff_sign_in_form(app: Flask, db_session: Session) -> None:
    _check_form(app, db_session, lambda client: "/staff/sign-in", ["email", "password"])


def test_unknown_statement_ids_in_the_address(app: Flask, db_session: Session) -> None:
    @SETTINGS
    @given(st.text(min_size=1, max_size=200))
    def run(statement: str) -> None:
        client = Browser(app.test_client())
        begin(client)
        response = client.client.get("/question/" + statement.replace("/", "%2F"))
        assert response.status_code < 500

    run()


# Ids past PostgreSQL's `integer` (2**31-1) would reach the database, which refuses them (a 500).
TOO_LARGE_IDS = (2**31, 2**63, 10**30)


def _int_routes(app: Flask) -> list[tuple[str, str, list[str]]]:
    """(rule, method, names of its int arguments) for every route with an `<int:...>` part."""
    routes = []
    for rule in app.url_map.iter_rules():
        names = re.findall(r"<int:(\w+)>", rule.rule)
        if names:
            method = "GET" if "GET" in (rule.methods or ()) else "POST"
            routes.append((rule.rule, method, names))
    return routes


def _fill(rule: str, value: int) -> str:
    return re.sub(r"<[^>]+>", "x", re.sub(r"<int:\w+>", str(value), rule))


def test_ids_past_32_bits_are_not_found_on_every_route(app: Flask, db_session: Session) -> None:
    routes = _int_routes(app)
    assert any(method == "GET" for _, method, _ in routes) and len(routes) > 20, routes
    client = Browser(app.test_client())
    start_signed_in(client, add_staff(app, "administrator"))
    for rule, method, _ in routes:
        for value in TOO_LARGE_IDS:
            response = client.client.open(_fill(rule, value), method=method)
            assert response.status_code == 404, (rule, value, response.status_code)
        # The largest id that fits goes to the database, which finds nothing there.
        response = client.client.open(_fill(rule, 2**31 - 1), method=method)
        assert response.status_code < 500, (rule, response.status_code)


def test_any_large_id_in_the_address_is_not_found(app: Flask, db_session: Session) -> None:
    @SETTINGS
    @given(st.integers(min_value=2**31, max_value=2**256))
    def run(area_id: int) -> None:
        response = app.test_client().get(f"/what-happened/{area_id}")
        assert response.status_code == 404, response.status_code

    run()


def test_share_links_with_nul_or_control_characters_are_not_found(
    app: Flask, db_session: Session
) -> None:
    client = app.test_client()
    for token in ("%00", "abc%00def", "%0d%0a", "%7f", "a%09b"):
        response = client.get(f"/s/{token}")
        assert response.status_code == 404, (token, response.status_code)

    # Without "/": werkzeug decodes %2F, and "/s//0" is redirected (308) to "/s/0" by merging
    # the slashes before any route runs, which says nothing about the token.
    @SETTINGS
    @given(st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=100))
    def run(token: str) -> None:
        response = app.test_client().get("/s/" + quote(token, safe=""))
        assert response.status_code in (302, 404), response.status_code

    run()


def _location_is_safe(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert not re.search(r"[\x00-\x1f\x7f]", location), repr(location)
    assert location.startswith("/") and not location.startswith("//"), location


def test_next_with_new_lines_goes_to_a_safe_page_after_signing_in(
    app: Flask, db_session: Session
) -> None:
    email = "hostile-next@example.org"
    add_staff(app, "facilitator", email=email)
    client = Browser(app.test_client())
    path = "/staff/sign-in?next=" + quote("/staff/\r\nSet-Cookie: evil=1", safe="")
    response = _post(client, path, {"email": email, "password": PASSWORD})
    _location_is_safe(response)
    assert response.headers["Location"] == "/"
    assert "evil" not in response.headers.get("Set-Cookie", "")


NEXT_TARGETS = st.one_of(
    st.sampled_from(
        [
            "/\r\nSet-Cookie: evil=1",
            "/preferences\r\n\r\n<script>alert(1)</script>",
            "/\n/evil.example",
            "/\t/evil.example",
            "/\x00",
            "/\x85",
        ]
    ),
    st.sampled_from(["/", "//", "/preferences?"]).flatmap(
        lambda start: st.text(max_size=200).map(start.__add__)
    ),
)


def test_next_never_puts_control_characters_in_a_header(app: Flask, db_session: Session) -> None:
    @SETTINGS
    @given(NEXT_TARGETS)
    def run(target: str) -> None:
        client = Browser(app.test_client())
        fields = dict(PREFERENCES, next=target)
        _location_is_safe(_post(client, "/preferences", fields))
        with app.test_request_context():
            url = safe_next_url(target)
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", url) and not url.startswith("//")

    run()


PREFERENCES = {"text": "large", "contrast": "normal", "pictures": "on", "autoplay": "off"}
PREFERENCES["speech"] = "normal"


@pytest.mark.parametrize(
    "cookie",
    [
        '{"text":' * 1000 + '"large"' + "}" * 1000,
        "[" * 1000 + "]" * 1000,
        "[" * 100_000,
    ],
    ids=["objects", "lists", "unclosed"],
)
def test_a_deeply_nested_preferences_cookie_means_the_defaults(
    app: Flask, db_session: Session, cookie: str
) -> None:
    # In the header as sent, as a hostile client would (the test client warns of large cookies).
    response = app.test_client().get("/preferences", headers={"Cookie": f"preferences={cookie}"})
    assert response.status_code == 200, response.status_code
    checked = {
        box["name"]: box["value"]
        for box in BeautifulSoup(response.text, "html.parser").find_all("input", checked=True)
    }
    assert checked == DEFAULTS, checked


# Header values as an HTTP server passes them on: Latin-1 text, no control characters.
HEADER_VALUE = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=300).filter(
        lambda text: "\x7f" not in text
    ),
    st.sampled_from(
        [
            "",
            "*",
            "x" * 8000,
            "en;q=abc, ur;q=-1, ;;;",
            "Mozilla/5.0 (Linux; Android 14) " + "(" * 500,
            "1.2.3.4, 5.6.7.8, not-an-address, ::1, [::1]:80",
            '{"text":' * 200,
            "evil.example",
            "localhost:99999999",
        ]
    ),
)
HEADERS = ("Accept-Language", "User-Agent", "Referer", "X-Forwarded-For", "If-None-Match")
PUBLIC_PAGES = ("/", "/start", "/join", "/help", "/preferences", "/resume", "/staff/sign-in")


@SETTINGS
@given(
    path=st.sampled_from(PUBLIC_PAGES),
    header=st.sampled_from(HEADERS),
    value=HEADER_VALUE,
    cookie_name=st.sampled_from(["session", "preferences", "kiosk", "x"]),
    cookie=HEADER_VALUE.filter(lambda text: ";" not in text),
)
def test_any_header_or_cookie_on_a_public_page_is_answered_calmly(
    app: Flask, path: str, header: str, value: str, cookie_name: str, cookie: str
) -> None:
    client = app.test_client()
    response = client.get(
        path, headers={header: value, "Cookie": f"{cookie_name}={cookie}"}, follow_redirects=True
    )
    assert response.status_code < 500, (path, header, response.status_code)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@SETTINGS
@given(header=st.sampled_from(HEADERS + ("Host",)), value=HEADER_VALUE)
def test_any_header_on_a_staff_page_is_answered_calmly(
    app: Flask, db_session: Session, header: str, value: str
) -> None:
    client = Browser(app.test_client())
    start_signed_in(client, add_staff(app, "facilitator"))
    for path in ("/staff/", "/staff/sessions/"):
        response = client.client.get(path, headers={header: value})
        assert response.status_code < 500, (path, header, response.status_code)


@pytest.mark.parametrize("host", ["a" * 64 + ".example", "[not-an-address", "x..y"])
def test_a_host_header_no_link_can_be_built_for_gets_a_plain_400(app: Flask, host: str) -> None:
    # Found by the test above: the error page's links could not be built, so it crashed (500).
    response = app.test_client().get("/staff/sign-in", headers={"Host": host})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
