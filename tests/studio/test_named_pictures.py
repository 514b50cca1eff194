"""Every named picture can show another drawing: an organisation puts its own symbol on the
"Yes" answer, reviewers see the drawing before and after, and respondents see it once it is
published. The alt text is required and a made-up OpenMoji code is refused, with nothing saved;
an uploaded picture nothing uses can be removed, a used one cannot."""

from __future__ import annotations

from io import BytesIO

from flask import Flask
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from tests.helpers import Browser, Page
from tests.respond.journey import begin
from tests.studio.helpers import press, signed_in, statement_data
from tests.studio.test_pictures import _counts, _png_with_exif, _upload, _working_bank
from tests.studio.test_studio import _review_and_publish

NEW_ALT = "A green tick in a circle."


def _change_page(editor: Browser, name: str) -> Page:
    """The picture list, then the named picture's "Change" link."""
    listed = editor.get("/staff/studio/pictures")
    item = listed.soup.find(id=f"picture-{name}")
    assert item is not None, f"{name} is not listed"
    page = editor.get(listed.link(f"Change the picture {name}"))
    assert page.h1 == f"Change the picture {name}"
    return page


def _save(editor: Browser, page: Page, data: dict[str, str], status: int = 200) -> Page:
    """Press "Save the change" on a picture's page with these choices."""
    form = next(
        n for n, f in enumerate(page.soup.find_all("form")) if "Save the change" in f.get_text()
    )
    return editor.submit(page, data, form=form, status=status)


def _another_png() -> bytes:
    picture = Image.new("RGB", (64, 64), (255, 255, 255))
    for x in range(10, 50):
        picture.putpixel((x, 32), (0, 0, 200))
    out = BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _our_tick(editor: Browser) -> str:
    """Upload the organisation's own tick; its file name."""
    _upload(editor, _png_with_exif(), "tick.png", name="our-tick", alt="A tick we drew.")
    return _working_bank(editor.client.application).pictures["our-tick"].file


def test_the_picture_list_groups_the_answers_and_says_what_uses_each(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/pictures")
    answers = page.soup.find(id="group-answers").find_next("ul")
    yes = answers.find(id="picture-answer-yes")
    assert yes is not None and "Alt text: A tick" in yes.text
    assert "Every question page: the answer “Yes”" in yes.text
    assert yes.img["src"] == "/staff/studio/changes/openmoji/2714.svg"
    assert page.soup.find(id="group-buttons").find_next("ul").find(id="picture-button-next")
    statement = next(s for s in _working_bank(app).statements.values() if not s.retired)
    shown = page.soup.find(id=f"picture-{statement.picture}")
    assert shown is not None and f"Statement “{statement.text}”" in shown.text
    assert page.link(f"Change the picture {statement.picture}").endswith(statement.picture)
    thanks = page.soup.find(id="picture-thank-you")  # pages are named by their titles
    assert thanks is not None and "Page “Thank you”" in thanks.text


def test_an_organisation_puts_its_own_tick_on_yes_and_respondents_see_it_once_published(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    file = _our_tick(editor)
    page = _change_page(editor, "answer-yes")
    assert page.soup.find(id="alt")["value"] == "A tick"
    assert page.soup.find(id="source")["value"] == "openmoji" and page.soup.find(
        id="source"
    ).has_attr("checked")
    assert page.soup.find(id="code")["value"] == "2714"
    page = _save(editor, page, {"source": "our-tick", "alt": NEW_ALT})
    assert "The new picture is in your changes" in page.text
    assert NEW_ALT in page.soup.find(id="picture-answer-yes").text

    changed = _working_bank(app).pictures["answer-yes"]
    assert (changed.file, changed.alt, changed.code) == (file, NEW_ALT, "")
    assert (changed.licence, changed.author) == ("CC BY 4.0", "Sam Painter")  # the upload's
    with Session(app.extensions["db_engine"]) as db:
        actions = db.scalars(
            select(AuditEntry.subject).where(AuditEntry.action == "content.picture_changed")
        )
        assert list(actions) == ["answer-yes"]

    reviewer = signed_in(app, "reviewer")
    changes = reviewer.get("/staff/studio/changes/")
    heading = changes.soup.find("h2", string="Picture answer-yes: changed")
    assert heading is not None
    drawings = heading.find_parent("section").select(".studio-picture-change img")
    assert [img["alt"] for img in drawings] == ["Now: A tick", f"After the change: {NEW_ALT}"]
    assert drawings[0]["src"] == "/staff/studio/changes/openmoji/2714.svg"
    for img in drawings:  # the reviewer sees both drawings
        assert reviewer.get(img["src"]).response.mimetype.startswith("image/")

    _review_and_publish(editor, reviewer, "Our own tick for Yes.")
    respondent = Browser(app.test_client())
    question = begin(respondent)
    yes = question.soup.find("label", attrs={"for": "answer-yes"})
    assert yes.img["src"] == f"/pictures/file/{file}"
    assert yes.img["alt"] == ""  # decorative: the word "Yes" is beside it
    served = respondent.get(yes.img["src"]).response
    assert served.mimetype == "image/png" and served.data.startswith(b"\x89PNG")
    credits = respondent.get("/attributions")
    assert any(img.get("alt") == NEW_ALT for img in credits.soup.find_all("img"))


def test_an_empty_alt_text_is_refused_beside_the_field_and_nothing_is_saved(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = _change_page(editor, "answer-no")
    before = _counts(app)
    page = _save(editor, page, {"source": "openmoji", "code": "2716", "alt": "  "}, 400)
    assert page.soup.title.get_text().startswith("Error: ")
    assert "Type what the picture shows" in page.soup.find(id="alt-error").text
    summary = page.soup.select_one(".error-summary a")
    assert summary["href"] == "#alt"
    assert page.soup.find(id="code")["value"] == "2716"  # what was typed is kept
    assert _counts(app) == before
    assert _working_bank(app).pictures["answer-no"].alt == "A cross"


def test_an_unknown_openmoji_code_is_refused(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    before = _counts(app)
    for code in ("ZZZZ", "FFFFF", "2714+FFFFF"):
        page = _change_page(editor, "answer-yes")
        page = _save(editor, page, {"source": "openmoji", "code": code, "alt": "A tick"}, 400)
        assert "There is no OpenMoji drawing with the code" in page.soup.find(id="code-error").text
    assert _counts(app) == before
    assert _working_bank(app).pictures["answer-yes"].code == "2714"


def test_the_search_fills_in_the_code_and_a_lower_case_code_is_read(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/pictures/button-home?q=house")
    first = page.soup.select("#results + ul > li")[0]
    assert first["id"] == "openmoji-1F3E0"
    page = editor.get(first.find("a")["href"])
    assert page.soup.find(id="code")["value"] == "1F3E0"
    page = _save(editor, page, {"source": "openmoji", "code": "1f3da", "alt": "An old house."})
    assert "The new picture is in your changes" in page.text
    assert _working_bank(app).pictures["button-home"].code == "1F3DA"


def test_a_drawing_a_statement_shows_cannot_go_on_an_answer(app: Flask) -> None:
    """The content check runs on the whole release: the statement would look like "Yes"."""
    editor = signed_in(app, "content_editor")
    bank = _working_bank(app)
    statement = next(
        s
        for s in bank.statements.values()
        if not s.retired
        and "+" not in bank.pictures[s.picture].code
        and not bank.pictures[s.picture].file
    )
    code = bank.pictures[statement.picture].code
    before = _counts(app)
    page = _change_page(editor, "answer-yes")
    page = _save(editor, page, {"source": "openmoji", "code": code, "alt": "A tick"}, 400)
    error = page.soup.find(id="code-error").text
    assert "looks like the 'answer-yes' picture" in error
    assert _counts(app) == before


def test_an_unused_upload_can_be_removed_and_a_used_one_cannot(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    file = _our_tick(editor)
    page = _change_page(editor, "answer-yes")
    _save(editor, page, {"source": "our-tick", "alt": NEW_ALT})

    # answer-yes shows the upload on every question page: it stays
    page = _change_page(editor, "answer-yes")
    assert "You cannot remove this picture" in page.text
    page = editor.get("/staff/studio/pictures/answer-yes/remove")
    assert page.h1 == "You cannot remove the picture answer-yes"
    assert "Every question page" in page.text
    token = page.soup.find("input", attrs={"name": "csrf_token"})["value"]
    response = editor.client.post(
        "/staff/studio/pictures/answer-yes/remove", data={"csrf_token": token}
    )
    assert response.status_code == 400
    assert _working_bank(app).pictures["answer-yes"].file == file

    # our-tick: nothing uses it by that name
    page = _change_page(editor, "our-tick")
    page = editor.get(page.link("Remove this picture"))
    assert page.h1 == "Remove the picture our-tick"
    page = press(editor, page, "Yes, remove this picture")
    assert "The picture is taken out of your changes" in page.text
    bank = _working_bank(app)
    assert "our-tick" not in bank.pictures and bank.pictures["answer-yes"].file == file

    # a new upload nothing uses goes, and its file leaves the release
    _upload(editor, _another_png(), "b.png", name="a-bus-stop")
    page = editor.get("/staff/studio/pictures/a-bus-stop/remove")
    press(editor, page, "Yes, remove this picture")
    assert "a-bus-stop" not in _working_bank(app).pictures
    from portal.db import get_db
    from portal.studio import services

    with app.test_request_context("/"):
        assert services.working(get_db()).assets == [f"pictures/{file}"]


def test_a_statement_can_still_choose_an_upload_once_yes_is_an_upload(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    _our_tick(editor)
    _save(editor, _change_page(editor, "answer-yes"), {"source": "our-tick", "alt": NEW_ALT})
    _upload(editor, _another_png(), "b.png", name="a-bus-stop")
    page = editor.get("/staff/studio/statements/new")
    form = next(n for n, f in enumerate(page.soup.find_all("form")) if f.find(id="picture"))
    data = statement_data("I like my bus stop.", "They like their bus stop.", picture="a-bus-stop")
    page = editor.submit(page, data, form=form)
    assert "Saved in your changes" in page.text
    page = editor.get("/staff/studio/statements/new")
    data = statement_data("I like my own tick.", "They like their own tick.", picture="our-tick")
    page = editor.submit(page, data, form=form, status=400)  # the very file "Yes" shows
    error = page.soup.find(id="picture-error")
    assert error is not None and "looks like the 'answer-yes' picture" in error.get_text()
