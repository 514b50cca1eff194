"""Words with no translation yet are shown in English on another language's page, marked as
English, so a screen reader reads them in an English voice and they run left to right."""

from __future__ import annotations

from flask import Flask

from tests.studio.helpers import listened_to_well, signed_in


def _welsh_preview_of_first_question(app: Flask, text_cy: str, language: str = "cy") -> object:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/statements/listened-to")
    words = listened_to_well(**{f"text_{language}": text_cy})
    assert "Saved in your changes" in editor.submit(page, words).text
    reviewer = signed_in(app, "reviewer")
    page = reviewer.get("/staff/studio/changes/")
    page = reviewer.get(page.link("Preview “About your life and support”"))
    return reviewer.get(f"{page.form()['action']}?language={language}&who=own")


def test_a_statement_not_translated_yet_is_marked_as_english_on_the_welsh_page(
    app: Flask,
) -> None:
    page = _welsh_preview_of_first_question(app, "")
    heading = page.soup.find("h1")  # type: ignore[attr-defined]
    assert heading.get_text(strip=True) == "People listen to me well."
    assert (heading.get("lang"), heading.get("dir")) == ("en", "ltr")
    assert page.soup.html["lang"] == "cy"  # type: ignore[attr-defined]


def test_a_translated_statement_takes_the_page_language(app: Flask) -> None:
    page = _welsh_preview_of_first_question(app, "Mae pobl yn gwrando arna i yn dda.")
    heading = page.soup.find("h1")  # type: ignore[attr-defined]
    assert heading.get_text(strip=True) == "Mae pobl yn gwrando arna i yn dda."
    assert heading.get("lang") is None


def test_english_words_on_the_urdu_page_run_left_to_right(app: Flask) -> None:
    page = _welsh_preview_of_first_question(app, "", language="ur")
    heading = page.soup.find("h1")  # type: ignore[attr-defined]
    assert (heading.get("lang"), heading.get("dir")) == ("en", "ltr")
    assert page.soup.html["dir"] == "rtl"  # type: ignore[attr-defined]


def test_staff_pages_offer_no_read_this_page_button_but_respondent_pages_do(app: Flask) -> None:
    """audio.js puts "Read this page to me" at the top of a page only from the page's
    `template#read-page`: a staff page with a clip (here the studio's voices page) has none."""
    editor = signed_in(app, "content_editor")
    staff_page = editor.get("/staff/studio/voices")
    assert staff_page.soup.select_one("template#read-page") is None
    respondent_page = editor.get("/")
    assert respondent_page.soup.select_one("template#read-page") is not None
