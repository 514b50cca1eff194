"""An editor writes a new theme (its name in English and Welsh, its picture, where it comes
from) and a statement in it; a reviewer sees the theme in the changes and approves; after
publishing, people reading Welsh see the theme's name. Names that break the easy-read rules and
pictures not in the library are refused beside their field, and nothing is saved."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.content.editing import load
from portal.content.models import ContentRelease
from portal.studio import services
from tests.helpers import Browser, Page
from tests.studio.helpers import press, signed_in, statement_data

GARDEN = "Gardens and parks"
GARDEN_CY = "Gerddi a pharciau"
HOME_SEED, HOME_LINE = "001_aa30cc943bde5794.txt", "53"  # my-home's source in themes.yaml


def _theme_data(name: str, picture: str = "map", **extra: object) -> dict[str, object]:
    """The theme form filled in: its name, a picture, our own words, its name in Welsh."""
    return {"name": name, "picture": picture, "origin": "proposed locally", **extra}


def _files(app: Flask) -> dict[str, str]:
    """The working copy's files."""
    with app.app_context(), Session(app.extensions["db_engine"]) as db:
        return services.working(db).files


def _nothing_saved(app: Flask) -> bool:
    with Session(app.extensions["db_engine"]) as db:
        return db.scalar(select(ContentRelease).where(ContentRelease.status == "draft")) is None


def _beside(page: Page, field: str) -> str:
    error = page.soup.find(id=f"{field}-error")
    assert error is not None, f"nothing is said beside {field}"
    return " ".join(error.get_text().split())


def _publish(editor: Browser, note: str) -> Browser:
    """Send the changes, a reviewer approves them (reading the changes), the editor publishes:
    the reviewer's browser."""
    press(editor, editor.get("/staff/studio/"), "Send to the reviewers", {"note": note})
    reviewer = signed_in(editor.client.application, "reviewer")
    page = press(reviewer, reviewer.get("/staff/studio/changes/"), "Approve these changes")
    assert "Approved" in page.text
    assert "Published" in press(editor, editor.get("/staff/studio/"), "Publish the changes").text
    return reviewer


def test_a_new_theme_with_a_welsh_name_is_reviewed_published_and_read_in_welsh(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/")
    page = editor.get(page.link("Write a new theme"))
    assert page.h1 == "Write a new theme"
    page = editor.submit(page, _theme_data(GARDEN, name_cy=GARDEN_CY))
    assert "Saved in your changes" in page.text
    home = page.soup.find(id="theme-gardens-and-parks")
    assert home is not None and GARDEN in home.get_text()
    assert "no statements yet" in home.get_text()

    # a statement can be written in the new theme (its statements file is made for it)
    page = editor.get("/staff/studio/statements/new")
    assert page.soup.find("option", attrs={"value": "gardens-and-parks"}) is not None
    page = editor.submit(
        page,
        statement_data(
            "I like my garden.", "They like their garden.", theme="gardens-and-parks", picture="map"
        ),
    )
    assert "Saved in your changes" in page.text
    assert "theme: gardens-and-parks" in _files(app)["statements/gardens-and-parks.yaml"]

    page = editor.get("/staff/studio/themes/gardens-and-parks")
    assert page.h1 == "Change a theme"
    assert page.soup.find(id="name")["value"] == GARDEN
    assert page.soup.find(id="name_cy")["value"] == GARDEN_CY
    assert "I like my garden." in page.text  # its statements are listed

    reviewer = signed_in(app, "reviewer")
    changes = reviewer.get("/staff/studio/changes/")
    shown = " ".join(changes.text.split())
    assert "Theme gardens-and-parks: new" in shown
    assert f"Name: {GARDEN}" in shown and f"Name in Welsh: {GARDEN_CY}" in shown
    assert "Picture: " in shown and "(map)" in shown

    _publish(editor, "A theme about gardens, with its first statement.")
    respondent = Browser(app.test_client())
    about = respondent.get("/about-the-questions?lang=cy")
    assert GARDEN_CY in [h.get_text() for h in about.soup.find_all("h2")]
    english = Browser(app.test_client()).get("/about-the-questions")
    assert GARDEN in [h.get_text() for h in english.soup.find_all("h2")]
    with Session(app.extensions["db_engine"]) as db:
        actions = set(db.scalars(select(AuditEntry.action)))
    assert "content.theme_added" in actions


def test_jargon_or_a_long_name_is_refused_beside_the_box_with_its_rule(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/themes/new")
    page = editor.submit(page, _theme_data("Advocacy and accommodation"), status=400)
    assert "Easy read rule [jargon]" in _beside(page, "name")
    assert page.soup.find(id="name")["value"] == "Advocacy and accommodation"  # kept
    assert page.h1 == "Write a new theme" and page.soup.title.get_text().startswith("Error")

    long = "Things that happen in the garden and in the park and on the way to the shops"
    page = editor.submit(page, _theme_data(long), status=400)
    assert "Easy read rule [sentence length]" in _beside(page, "name")
    assert _nothing_saved(app)


def test_a_picture_not_in_the_library_is_refused_beside_the_picture(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/themes/new")
    page = editor.submit(page, _theme_data(GARDEN, picture="no-such-picture"), status=400)
    assert "Choose a picture from the list" in _beside(page, "picture")
    assert _nothing_saved(app)


def test_a_seed_document_needs_its_line_and_a_short_name_is_never_taken_twice(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/themes/new")
    page = editor.submit(page, _theme_data(GARDEN, origin="seed", seed=HOME_SEED), status=400)
    assert "Type the line of its heading or passage" in _beside(page, "lines")
    page = editor.submit(page, _theme_data(GARDEN, ident="my-home"), status=400)
    assert "Another theme has this short name" in _beside(page, "ident")
    assert _nothing_saved(app)


def test_a_changed_theme_keeps_the_file_as_people_wrote_it_and_shows_before_and_after(
    app: Flask,
) -> None:
    before = _files(app)["themes.yaml"]
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/")
    page = editor.get(page.soup.find(id="theme-my-home").a["href"])
    assert page.h1 == "Change a theme"
    # its source is shown as a seed document and a line
    assert page.soup.find(id="origin-seed").has_attr("checked")
    assert page.soup.find("option", attrs={"selected": True, "value": HOME_SEED})
    assert page.soup.find(id="lines")["value"] == HOME_LINE
    assert page.soup.find(id="name_cy")["value"] == "Fy nghartref"
    data = {
        field["name"]: field.get("value", "")
        for field in page.form().find_all("input")
        if field.get("type") == "text"
    }
    data |= {"picture": "house-and-garden", "origin": "seed", "seed": HOME_SEED}
    page = editor.submit(page, {**data, "name": "The place I live", "name_cy": ""})
    assert "Saved in your changes" in page.text

    after = _files(app)["themes.yaml"]
    assert after.startswith(before.split("themes:")[0])  # the comments at the top are kept
    assert after.replace("The place I live", "My home") == before  # only the name changed
    themes = load(after)["themes"]
    assert [t["id"] for t in themes] == [t["id"] for t in load(before)["themes"]]  # same order
    welsh = load(_files(app)["translations/cy.yaml"])["texts"]["theme.my-home.name"]
    assert welsh["status"] == "missing"  # the box was emptied: shown in English

    shown = " ".join(editor.get("/staff/studio/changes/").text.split())
    assert "Theme my-home: changed" in shown
    assert "Now Name: My home" in shown
    assert "After the change Name: The place I live" in shown
    assert "No name in Welsh yet: shown in English" in shown
