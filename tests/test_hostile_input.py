"""Hostile input (property-based, with Hypothesis): random and nasty values posted to every form
a respondent or a signer-in can reach never cause a 500, never store what should not be stored,
and any refusal says what to do in easy read."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.comments.models import Comment
from portal.respond.models import Answer
from portal.shared.answers import ANSWER_VALUES
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
