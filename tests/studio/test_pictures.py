"""The studio's picture library: an editor finds an OpenMoji picture or uploads one with its
licence; a statement can choose it; once published, /attributions names who made it. Hostile
uploads are refused beside the file field, and nothing at all is kept."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal.audit.models import AuditEntry
from portal.content.models import ContentBlob, ContentRelease
from tests.helpers import Browser, Page
from tests.studio.helpers import signed_in
from tests.studio.test_studio import _review_and_publish

UPLOAD = {
    "name": "a-bus-stop",
    "alt": "A bus at a bus stop.",
    "licence": "CC BY 4.0",
    "author": "Sam Painter",
    "attribution": "Drawn for Our Voices",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def _png_with_exif() -> bytes:
    """A drawn symbol (few colours) with EXIF that says where it was made."""
    picture = Image.new("RGB", (120, 80), (250, 250, 250))
    for x in range(30, 90):
        for y in range(20, 60):
            picture.putpixel((x, y), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x013B] = "Secret Artist"  # Artist
    out = BytesIO()
    picture.save(out, "PNG", exif=exif)
    return out.getvalue()


def _jpeg_photo() -> bytes:
    picture = Image.effect_noise((200, 150), 80).convert("RGB")
    out = BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def _png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose header says it is 30000 by 30000 pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" {size}>{body}</svg>'
HOSTILE = {
    "script": (
        SVG.format(size="", body='<script>alert(1)</script><rect width="5" height="5"/>').encode(),
        "script",
    ),
    "external href": (
        SVG.format(
            size='xmlns:xlink="http://www.w3.org/1999/xlink"',
            body='<image xlink:href="https://tracker.example/p.png" width="10" height="10"/>',
        ).encode(),
        "outside itself",
    ),
    "width 1e9": (SVG.format(size='width="1e9" height="10"', body="<rect/>").encode(), "bigger"),
    "over 2 MB": (
        SVG.format(size="", body="<!--" + "x" * (2 * 1024 * 1024 + 10) + "-->").encode(),
        "too big",
    ),
    "decompression bomb": (_png_bomb(), "pixels"),
}


def _counts(app: Flask) -> tuple[int, int, int]:
    with Session(app.extensions["db_engine"]) as db:
        return (
            db.scalar(select(func.count()).select_from(ContentRelease)) or 0,
            db.scalar(select(func.count()).select_from(ContentBlob)) or 0,
            db.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def _upload(
    editor: Browser, data: bytes, filename: str, status: int = 200, **fields: object
) -> Page:
    """Send the upload form as a browser would. The body is built here, in memory: the test
    client would spool a large one to a temporary file that it never closes."""
    page = editor.get("/staff/studio/pictures/upload")
    hidden = {i["name"]: i.get("value", "") for i in page.form().find_all("input", type="hidden")}
    upload = FileStorage(BytesIO(data), filename=filename)
    boundary, body = encode_multipart(MultiDict({**hidden, **UPLOAD, **fields, "file": upload}))
    response = editor.client.post(
        page.url,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        follow_redirects=True,
    )
    return editor._page(response, response.request.path, status)


def _working_bank(app: Flask):  # type: ignore[no-untyped-def]
    from portal.db import get_db
    from portal.studio import services

    with app.test_request_context("/"):
        return services.working(get_db()).bank


def test_search_finds_the_house_first_and_adding_it_lets_a_statement_choose_it(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    home = editor.get("/staff/studio/")
    page = editor.get(home.link("Pictures: find an OpenMoji picture or upload your own"))
    search = page.soup.find("form", attrs={"role": "search"})
    assert search["method"] == "get" and search.find("input", attrs={"name": "q"})
    page = editor.get(f"{search['action']}?q=house")
    first = page.soup.select("#results + ul > li")[0]
    assert first["id"] == "openmoji-1F3E0"
    assert (
        first.img["alt"] == "" and first.find(class_="studio-picture__name").get_text() == "house"
    )
    assert editor.get(first.img["src"]).response.mimetype == "image/svg+xml"
    assert len(page.soup.select("#results + ul > li")) <= 24
    suggested = first.find("input", attrs={"name": "name"})["value"]
    assert suggested == "house"

    form = next(n for n, f in enumerate(page.soup.find_all("form")) if f.find(value="1F3E0"))
    page = editor.submit(page, {"name": "our-house", "alt": "A house."}, form=form)
    assert "The picture is in your changes" in page.text
    assert page.soup.find(id="picture-our-house") is not None
    assert _working_bank(app).pictures["our-house"].code == "1F3E0"

    existing = next(
        s for s in _working_bank(app).statements.values() if not s.retired and s.picture
    )
    chosen = editor.get(f"/staff/studio/statements/{existing.id}").soup.select_one(
        ".studio-chosen-picture img"
    )
    assert chosen is not None and editor.get(chosen["src"]).response.mimetype == "image/svg+xml"
    statement = editor.get("/staff/studio/statements/new")
    assert statement.link("Find or upload a picture") == "/staff/studio/pictures"
    options = [o["value"] for o in statement.soup.find(id="picture").find_all("option")]
    assert "our-house" in options
    with Session(app.extensions["db_engine"]) as db:
        assert (
            db.scalar(
                select(AuditEntry.subject).where(AuditEntry.action == "content.picture_added")
            )
            == "our-house"
        )


def test_alt_text_must_be_easy_read_and_the_short_name_free(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = editor.get("/staff/studio/pictures?q=house")
    form = next(n for n, f in enumerate(page.soup.find_all("form")) if f.find(value="1F3E0"))
    long_alt = "A house " + "with a very big red roof and many windows " * 3 + "."
    page = editor.submit(page, {"name": "bed", "alt": long_alt}, form=form, status=400)
    assert "Another picture has this short name" in page.soup.find(id="add-1F3E0-name-error").text
    assert "Easy read rule [" in page.soup.find(id="add-1F3E0-alt-error").text
    assert page.soup.find(id="add-1F3E0-alt")["value"] == long_alt  # the words typed are kept
    assert page.soup.title.get_text().startswith("Error: ")
    assert _counts(app)[0] == 0


def test_an_uploaded_png_is_stored_clean_reviewed_published_and_credited(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    original = _png_with_exif()
    assert b"Secret Artist" in original
    page = _upload(editor, original, "bus-stop.png")
    assert "The picture is in your changes" in page.text
    item = page.soup.find(id="picture-a-bus-stop")
    assert "Sam Painter" in item.text and "CC BY 4.0" in item.text
    stored = editor.get(item.img["src"])
    assert stored.response.headers["Cache-Control"] == "no-store"
    data = stored.response.data
    assert data.startswith(b"\x89PNG") and b"Secret Artist" not in data
    assert not Image.open(BytesIO(data)).getexif()
    picture = _working_bank(app).pictures["a-bus-stop"]
    assert (picture.licence, picture.author, picture.photo) == ("CC BY 4.0", "Sam Painter", False)

    # not live yet
    assert "Sam Painter" not in editor.get("/attributions").text
    editor.get(f"/pictures/file/{picture.file}", status=404)

    reviewer = signed_in(app, "reviewer")
    listed = reviewer.get("/staff/studio/changes/").text  # reviewers read who made it
    assert "Picture a-bus-stop: new" in listed and "by Sam Painter: CC BY 4.0" in listed
    _review_and_publish(editor, reviewer, "A picture of a bus stop.")
    live = editor.get(f"/pictures/file/{picture.file}")
    assert live.response.data == data
    credits = editor.get("/attributions")
    line = next(li for li in credits.soup.find_all("li") if "Sam Painter" in li.text)
    assert "CC BY 4.0" in line.text and "Drawn for Our Voices" in line.text


def test_a_photo_needs_the_consent_tick(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    before = _counts(app)
    page = _upload(editor, _jpeg_photo(), "people.jpg", status=400, name="our-team")
    error = page.soup.find(id="consent-error").get_text()
    assert "looks like a photo" in error and "Tick the box" in error
    assert page.soup.find(id="name")["value"] == "our-team"  # the typed fields are kept
    assert _counts(app) == before

    page = _upload(editor, _jpeg_photo(), "people.jpg", name="our-team", consent="y")
    assert "A photo: everyone in it agreed" in page.soup.find(id="picture-our-team").text
    assert _working_bank(app).pictures["our-team"].photo


def test_an_upload_needs_a_licence_and_who_made_it(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    page = _upload(editor, _png_with_exif(), "a.png", status=400, licence="", author="")
    assert "licence" in page.soup.find(id="licence-error").text
    assert "who made" in page.soup.find(id="author-error").text
    assert "Choose the file again" in page.soup.find(id="file-hint").text
    page = _upload(editor, _png_with_exif(), "a.png", status=400, url="javascript:alert(1)")
    assert "https://" in page.soup.find(id="url-error").text
    assert _counts(app)[0] == 0


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_upload_is_refused_beside_the_file_field_and_nothing_is_kept(
    app: Flask, kind: str
) -> None:
    editor = signed_in(app, "content_editor")
    data, says = HOSTILE[kind]
    before = _counts(app)
    name = "bomb.png" if kind == "decompression bomb" else "drawing.svg"
    page = _upload(editor, data, name, status=400)
    error = page.soup.find(id="file-error")
    assert error is not None and says in error.get_text()
    assert page.soup.find(id="licence")["value"] == "CC BY 4.0"  # the typed fields are kept
    assert _counts(app) == before


def test_only_installed_openmoji_codes_are_served_to_staff(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    assert editor.get("/staff/studio/changes/openmoji/1F9A9.svg").response.data.startswith(b"<")
    editor.get("/pictures/1F9A9.svg", status=404)  # not in the published content
    both = editor.get("/staff/studio/changes/openmoji/1F9A9+1F3E0.svg").response.data
    assert both.startswith(b"<svg") and b'viewBox="0 0 144 72"' in both
    for bad in ("..%2Fsecret", "1f3e0", "ZZZZ", "1F3E0.svg%00", "FFFFFF"):
        editor.get(f"/staff/studio/changes/openmoji/{bad}.svg", status=404)
    anonymous = Browser(app.test_client())
    response = anonymous.client.get("/staff/studio/changes/openmoji/1F3E0.svg")
    assert response.status_code in (302, 401, 403)
