"""The board pack PDF is tagged (PDF/UA-1): a screen reader finds its headings, its tables'
header cells and a text alternative for every picture and chart."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf
import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal.reports.disclosure import ONS_PTABLE
from tests.reports.fixtures import add_people
from tests.reports.published import published_report
from tests.reports.test_report_pages import NOW
from tests.reports.test_results import BANK, YES_GOOD


@pytest.fixture(autouse=True)
def _figures_by_hand(app: Flask) -> None:
    app.config["REPORT_PTABLE"] = ONS_PTABLE


def _elements(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `node`, in reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            yield kid
            yield from _elements(kid)


class PageWords:
    """The words each marked-content id shows, per page, read through the fonts' ToUnicode maps
    (WeasyPrint writes two-byte glyph codes)."""

    def __init__(self) -> None:
        self.pages: dict[tuple[int, int], dict[int, str]] = {}

    def of(self, element: pikepdf.Dictionary) -> str:
        """All the words inside a structure element, in order."""
        return "".join(self._words(element, element.get("/Pg")))

    def _words(self, element: pikepdf.Dictionary, page: pikepdf.Object | None) -> Iterator[str]:
        page = element.get("/Pg", page)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int) and page is not None:
                yield self._marked(page).get(int(kid), "")
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                yield from self._words(kid, page)

    def _marked(self, page: pikepdf.Object) -> dict[int, str]:
        key = page.objgen
        if key not in self.pages:
            fonts = {str(name): _unicode_map(font) for name, font in page.Resources.Font.items()}
            found: dict[int, str] = {}
            mcid, font = None, {}
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    mcid = int(operands[1].get("/MCID", -1))
                elif name == "EMC":
                    mcid = None
                elif name == "Tf":
                    font = fonts.get(str(operands[0]), {})
                elif name == "TJ" and mcid is not None:
                    for part in operands[0]:
                        if isinstance(part, pikepdf.String):
                            codes = bytes(part)
                            found[mcid] = found.get(mcid, "") + "".join(
                                font.get(int.from_bytes(codes[i : i + 2]), "")
                                for i in range(0, len(codes), 2)
                            )
            self.pages[key] = found
        return self.pages[key]


def _unicode_map(font: pikepdf.Object) -> dict[int, str]:
    """Glyph code -> text, from a font's ToUnicode CMap (bfchar and bfrange entries)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[int, str] = {}

    def text(hex_: str) -> str:
        return bytes.fromhex(hex_).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, to in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found[int(code, 16)] = text(to)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, to in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            for offset in range(int(last, 16) - int(first, 16) + 1):
                found[int(first, 16) + offset] = chr(int(to, 16) + offset)
    return found


def _squeezed(text: str) -> str:
    """Text without its spaces: a PDF breaks lines where the page does not."""
    return re.sub(r"\s+", "", text)


def test_the_board_pack_pdf_is_tagged_with_headings_tables_and_alt_text(
    app: Flask, db_session: Session
) -> None:
    add_people(db_session, {YES_GOOD: "yes"}, 13, NOW)  # published as 15
    add_people(db_session, {YES_GOOD: "no"}, 2, NOW)  # fewer than 10: not shown
    db_session.commit()
    admin, url = published_report(app, db_session)
    html = admin.get(url + "/board-pack").soup.select_one("article")
    response = admin.client.get(url + "/board-pack.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = pikepdf.open(io.BytesIO(response.data))

    assert pdf.Root.MarkInfo.Marked is True, "not marked as a tagged PDF"
    assert str(pdf.Root.Lang) == "en", "no document language"
    assert str(pdf.docinfo.Title).startswith("Board pack: Board report")
    assert pdf.Root.ViewerPreferences.DisplayDocTitle, "viewers show the file name, not the title"
    elements = list(_elements(pdf.Root.StructTreeRoot))
    words = PageWords()

    headings = [
        (str(e.S)[1:], _squeezed(words.of(e)))
        for e in elements
        if re.fullmatch(r"/H[1-6]", str(e.S))
    ]
    printed = [
        (h.name.upper(), _squeezed(h.get_text()))
        for h in html.find_all(re.compile(r"^h[1-6]$"))
        if not h.find_parent(class_="no-print")
    ]
    assert headings == printed, "the PDF's headings are not the board pack's"
    assert headings[0] == ("H1", _squeezed("Board pack: Board report"))
    assert {level for level, _ in headings} >= {"H1", "H2", "H3"}

    tables = [e for e in elements if e.S == "/Table"]
    assert len(tables) == len(html.find_all("table")), "a table is not tagged as a table"
    for table in tables:
        cells = [e for e in _elements(table) if e.S in ("/TH", "/TD")]
        assert any(cell.S == "/TH" for cell in cells), "a table without header cells"
        for cell in cells:
            if cell.S == "/TD":
                assert len(cell.A.Headers) > 0, "a data cell not linked to its headers"
    header_words = {_squeezed(words.of(e)) for e in elements if e.S == "/TH"}
    assert {"Yes", "Allanswers", "Peopleitisabout", "Goodanswer"} <= header_words

    figures = [e for e in elements if e.S == "/Figure"]
    assert figures, "no pictures or charts tagged"
    shown = [
        img
        for img in html.find_all("img")
        if img.get("alt") and not img.find_parent(class_="no-print")
    ]
    assert len(figures) == len(shown) + len(html.find_all("svg")), (
        "decorative pictures (empty alt text) must be artifacts, not figures"
    )
    alts = [str(e.get("/Alt", "")) for e in figures]
    assert all(alt.strip() for alt in alts), "a picture or chart without alt text"
    text = BANK.statements[YES_GOOD].text
    chart = next(alt for alt in alts if alt.startswith(f"Answers to: {text}"))
    assert "about 15" in chart and "fewer than 10" in chart, "the chart's alt text lacks figures"
