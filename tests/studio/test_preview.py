"""Reviewers see a questionnaire of the working copy exactly as a respondent would, in any
language, before it is published; nothing they choose is saved."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.respond.models import Response
from tests.studio.helpers import listened_to_well, signed_in


def test_a_reviewer_previews_a_changed_statement_in_welsh_before_it_is_published(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/statements/listened-to")
    page = editor.submit(page, listened_to_well(text_cy="Mae pobl yn gwrando arna i yn dda."))
    assert "Saved in your changes" in page.text

    reviewer = signed_in(app, "reviewer")
    page = reviewer.get("/staff/studio/changes/")
    assert "Preview “About your life and support”" in page.text
    page = reviewer.get(page.link("Preview “About your life and support”"))
    start = page.form()["action"]  # a GET form: the browser puts the choices in the address
    page = reviewer.get(f"{start}?language=cy&who=own")
    assert page.soup.find("h1").get_text(strip=True) == "Mae pobl yn gwrando arna i yn dda."
    assert page.soup.html["lang"] == "cy"
    assert "Nothing you choose is saved" in page.text
    sources = page.audio_sources()
    assert sources, "the new Welsh words are heard, not only read"
    for src in sources:
        with reviewer.client.get(src) as clip:
            assert clip.status_code == 200 and clip.mimetype == "audio/mpeg"
    page = reviewer.get(page.soup.select_one("form[method=get]")["action"] + "&answer=yes")
    assert "2" in page.soup.select_one(".progress").get_text()
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalar(select(func.count(Response.id))) == 0
    with app.test_request_context("/?lang=cy"):
        from portal.content import current_bank

        assert current_bank().statements["listened-to"].text != "Mae pobl yn gwrando arna i yn dda."
