"""Pictures made of two OpenMoji side by side, for ideas one drawing cannot show."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import Flask

from portal.content import current_bank
from portal.content.openmoji import openmoji_file, picture_parts
from tests.helpers import Browser
from tests.respond.journey import begin

SVG = "{http://www.w3.org/2000/svg}"
# "Staff let me decide." in the self-advocates' first questionnaire
STATEMENT = "staff-let-me-decide"


def composite_code(app: Flask, statement_id: str = STATEMENT) -> str:
    with app.app_context():
        bank = current_bank()
        code = bank.pictures[bank.statements[statement_id].picture].code
    assert "+" in code, f"{statement_id} no longer shows two drawings: choose another statement"
    return code


def test_a_composite_picture_is_one_svg_holding_both_drawings(app: Flask, client: Browser) -> None:
    code = composite_code(app)
    response = client.get(f"/pictures/{code}.svg").response
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.get_data(as_text=True))
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 144 72"
    drawings = root.findall(f"{SVG}svg")
    assert [(d.get("x"), d.get("width"), d.get("height")) for d in drawings] == [
        ("0", "72", "72"),
        ("72", "72", "72"),
    ], "two drawings, side by side, each in its own half"
    for drawing, part in zip(drawings, picture_parts(code), strict=True):
        path = openmoji_file(part)
        assert path is not None
        original = ET.parse(path).getroot()
        assert drawing.get("viewBox") == original.get("viewBox")
        assert len(list(drawing.iter())) == len(list(original.iter())), f"{part} is not whole"
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert ids and len(ids) == len(set(ids)), "the two drawings share an id"


def test_a_composite_is_cached_like_a_single_picture(app: Flask, client: Browser) -> None:
    code = composite_code(app)
    with client.client.get("/pictures/1F3E5.svg") as single:  # the hospital, a file
        single_cache = single.headers["Cache-Control"]
    composite = client.get(f"/pictures/{code}.svg").response
    assert composite.headers["Cache-Control"] == single_cache
    assert "immutable" in single_cache
    tag = composite.get_etag()[0]
    assert tag, "no ETag"
    again = client.client.get(f"/pictures/{code}.svg", headers={"If-None-Match": f'"{tag}"'})
    assert again.status_code == 304


def test_only_composites_that_content_names_are_served(client: Browser) -> None:
    client.get("/pictures/1F3E5+1F3E0.svg", status=404)  # both exist, but no picture joins them
    client.get("/pictures/1F3E5+..%2F1F3E0.svg", status=404)


def test_question_page_shows_a_composite_twice_as_wide_as_high(app: Flask, client: Browser) -> None:
    begin(client)
    page = client.get(f"/question/{STATEMENT}")
    picture = page.soup.select_one("img.statement__picture")
    assert picture is not None
    assert "picture--wide" in picture["class"]
    assert (picture["width"], picture["height"]) == ("128", "64")
    assert picture["alt"] == "A name badge and a person putting their hand up"
    assert picture["src"].endswith(f"/pictures/{composite_code(app)}.svg")
