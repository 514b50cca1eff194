"""Six languages: every page, statement, answer and clip in the chosen one; Urdu right to left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from portal.config import LANGUAGES, PROJECT_ROOT
from portal.content.checker import check, load_bank
from tests.content.test_content_check import broken
from tests.helpers import Browser
from tests.respond.journey import begin

BANK = load_bank(PROJECT_ROOT / "content")
OWN_NAMES = {
    "en": "English",
    "cy": "Cymraeg",
    "pl": "Polski",
    "ur": "اردو",
    "gu": "ગુજરાતી",
    "pa": "ਪੰਜਾਬੀ",
}


def test_language_page_names_each_language_in_its_own_script_with_audio(client: Browser) -> None:
    page = client.get("/language")
    for code, name in OWN_NAMES.items():
        label = page.soup.find("label", attrs={"for": f"language-{code}"})
        assert " ".join(label.get_text().split()) == name
        assert label["lang"] == code
        assert label.find("img") is None, "languages are never shown as flags"
    assert len(page.audio_sources()) >= len(OWN_NAMES)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_a_whole_question_page_is_in_the_chosen_language(client: Browser, language: str) -> None:
    page = begin(client, language=language)
    statement_id = page.url.rsplit("/", 1)[-1]
    localised = BANK.localised(language)
    assert page.h1 == localised.statements[statement_id].text != BANK.statements[statement_id].text
    assert page.soup.html["lang"] == language
    assert page.soup.html["dir"] == ("rtl" if language == "ur" else "ltr")
    words = [" ".join(w.get_text().split()) for w in page.soup.select(".choice__word")]
    assert "Yes" not in words and len(words) == 5
    english = Browser(client.client.application.test_client())
    english_page = begin(english)
    assert set(page.audio_sources()).isdisjoint(english_page.audio_sources()), (
        "each language has its own clips, never English audio"
    )


def test_the_language_choice_is_kept_for_the_visit(client: Browser) -> None:
    client.get("/?lang=cy")
    page = client.get("/who")
    assert page.soup.html["lang"] == "cy"
    assert page.h1 != "Who is answering?"


def test_urdu_pages_read_right_to_left(client: Browser) -> None:
    for url in ("/?lang=ur", "/help", "/who", "/preferences"):
        page = client.get(url)
        assert (page.soup.html["lang"], page.soup.html["dir"]) == ("ur", "rtl")


def test_punjabi_is_written_in_gurmukhi(client: Browser) -> None:
    page = begin(client, language="pa")
    gurmukhi = [c for c in page.h1 if "\u0a00" <= c <= "\u0a7f"]
    arabic = [c for c in page.h1 if "\u0600" <= c <= "\u06ff"]
    assert gurmukhi and not arabic


def test_content_check_reports_draft_translations_per_language(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    for code in LANGUAGES:
        if code != "en":
            # every text is there, and every one is still a draft (we wrote them)
            assert re.search(rf"Translations {code}: (\d+) texts, \1 draft", result.output)
            assert f"Translations interface {code}:" in result.output


def test_content_check_reports_a_text_missing_in_a_language(tmp_path: Path) -> None:
    root = broken(
        tmp_path,
        "translations/pl.yaml",
        "  statement.listened-to.text:\n",
        "  statement.not-a-real-key.text:\n",
    )
    bank, problems = check(root)
    messages = [str(p) for p in problems]
    assert bank is None
    assert any("missing pl text for 'statement.listened-to.text'" in m for m in messages)
    assert any("unknown text 'statement.not-a-real-key.text'" in m for m in messages)


def test_a_translation_of_changed_english_is_reported_out_of_date(tmp_path: Path) -> None:
    root = broken(
        tmp_path,
        "statements/being-listened-to.yaml",
        "text: People listen to me.",
        "text: People really listen to me.",
    )
    messages = [str(p) for p in check(root)[1]]
    assert any(
        "'statement.listened-to.text' was translated from older English" in m for m in messages
    )


def test_every_interface_message_is_translated(app: Flask) -> None:
    from portal.i18n import catalogue_report

    for code in LANGUAGES:
        if code != "en":
            report = catalogue_report(code)
            assert report.missing == (), (code, report.missing[:5])
            assert report.draft == report.messages, "everything we wrote is marked draft"
