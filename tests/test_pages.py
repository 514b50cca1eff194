"""Every page a person can open has the right structure, headers, pictures and words."""

from __future__ import annotations

from flask import Flask

from portal.audio.texts import interface_messages
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.easy_read import easy_read_problems
from tests.helpers import Browser
from tests.respond.journey import begin
from tests.safety.helpers import help_now_form

BANK = load_bank(PROJECT_ROOT / "content")


def _simple_get_routes(app: Flask) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


def test_every_page_without_parameters_is_well_formed(app: Flask, client: Browser) -> None:
    routes = _simple_get_routes(app)
    assert {"/", "/language", "/who", "/resume", "/help", "/attributions"} <= set(routes)
    for route in routes:
        client.get(route, status=None)  # structure is checked on every HTML page


def test_every_page_has_the_help_now_button_and_a_skip_link(client: Browser) -> None:
    for url in ("/", "/language", "/who", "/resume", "/attributions", "/about-the-questions"):
        page = client.get(url)
        form = page.form(help_now_form(page))
        assert form["action"] == f"/help?back={url}", "back to this page after"
    page = begin(client)
    assert page.form(help_now_form(page))["action"].startswith("/help?back=/question/")


def test_pages_send_security_headers(client: Browser) -> None:
    response = client.get("/").response
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_or_styles(client: Browser) -> None:
    page = begin(client)
    assert all(script.get("src") for script in page.soup.find_all("script"))
    assert not page.soup.find_all("style")
    assert not page.soup.find_all(attrs={"style": True})


def test_pictures_are_served_as_cacheable_svg_with_alt_text(client: Browser) -> None:
    page = begin(client)
    images = page.soup.find_all("img")
    assert images
    for img in images:
        with client.client.get(img["src"]) as response:
            assert response.status_code == 200
            assert response.mimetype == "image/svg+xml"
            assert "max-age=31536000" in response.headers["Cache-Control"]
    statement_picture = page.soup.select_one("legend img")
    statement = BANK.statements[page.url.rsplit("/", 1)[-1]]
    assert statement_picture["alt"] == BANK.pictures[statement.picture].alt


def test_only_pictures_named_in_content_are_served(client: Browser) -> None:
    assert client.client.get("/pictures/1F4A9.svg").status_code == 404
    assert client.client.get("/pictures/..%2F..%2Fsecret.svg").status_code == 404


def test_attributions_credit_openmoji_and_its_licence(client: Browser) -> None:
    page = client.get("/attributions")
    assert "OpenMoji" in page.text and "CC BY-SA 4.0" in page.text
    assert "eSpeak NG" in page.text


def test_where_the_questions_come_from_cites_each_statement(client: Browser) -> None:
    page = client.get("/about-the-questions")
    shown = [span.get_text() for span in page.soup.select(".sources__text")]
    asked = [s.text for s in BANK.statements.values() if not s.retired]
    assert sorted(shown) == sorted(asked), "every statement a questionnaire may ask, once"
    assert "We wrote this sentence." in page.text
    assert "Joint Learning Disabilities Commissioning Strategy for Leicester (2016)." in page.text


def test_a_question_page_is_a_few_kilobytes(client: Browser) -> None:
    page = begin(client)
    assert len(page.response.data) < 12_000


def test_interface_text_follows_the_easy_read_rules(app: Flask) -> None:
    problems = []
    for message in interface_messages(app.root_path):
        for text in [message] if isinstance(message, str) else message:
            problems += easy_read_problems(text, BANK.jargon)
    assert problems == []
