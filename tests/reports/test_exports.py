"""A published report as a Word board pack and a spreadsheet: they open in their own libraries
and hold the same published numbers as the page and the CSV, with hidden counts blank and said
in words, never 0; a draft has neither."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.comments.models import Comment, CommentTheme
from portal.reports.disclosure import ONS_PTABLE
from portal.reports.services import CSV_COLUMNS
from portal.respond.models import Response
from portal.shared.answers import ANSWERS
from tests.helpers import Browser
from tests.reports.fixtures import add_area, add_people
from tests.reports.published import draft_report, published_report
from tests.reports.test_report_pages import NOW
from tests.reports.test_results import BANK, YES_GOOD

STATEMENT = BANK.statements[YES_GOOD]
QUOTE = "My support worker always listens to me."


@pytest.fixture(autouse=True)
def _figures_by_hand(app: Flask) -> None:
    """The ONS 10/5 table: figures the same whatever the record keys, so written out here."""
    app.config["REPORT_PTABLE"] = ONS_PTABLE


@pytest.fixture
def published(app: Flask, db_session: Session) -> tuple[Browser, str]:
    add_people(db_session, {YES_GOOD: "yes"}, 13, NOW)  # published as 15
    add_people(db_session, {YES_GOOD: "no"}, 2, NOW)  # fewer than 10: not shown
    response = db_session.scalars(select(Response)).first()
    assert response is not None
    comment = Comment(
        response_id=response.id,
        statement_id=YES_GOOD,
        text="Sam Jones always listens to me",
        shown_text=QUOTE,
        status="approved",
    )
    db_session.add(comment)
    db_session.flush()
    db_session.add(CommentTheme(comment_id=comment.id, theme_id=STATEMENT.theme))
    db_session.commit()
    return published_report(app, db_session)


def _page_figures(admin: Browser, url: str) -> dict[str, str]:
    """Answer or column -> what the page's figures table for YES_GOOD shows."""
    page = admin.get(url + "/board-pack")
    table = page.soup.find(id=f"bar-{YES_GOOD}-title").find_parent("div").select_one("table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    cells = [td.get_text(strip=True) for td in table.select("tbody td")]
    return dict(zip(headers, cells, strict=True))


def _download(admin: Browser, url: str, mimetype: str) -> bytes:
    response = admin.client.get(url)
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def test_the_word_board_pack_holds_the_page_numbers_in_real_headings_and_tables(
    published: tuple[Browser, str],
) -> None:
    admin, url = published
    on_page = _page_figures(admin, url)
    assert on_page["Yes"] == "15" and on_page["No"] == "fewer than 10"
    report = admin.get(url)
    assert report.link("Board pack as a Word document").endswith("/board-pack.docx")
    document = Document(
        io.BytesIO(
            _download(
                admin,
                url + "/board-pack.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        )
    )

    assert document.core_properties.title == "Board pack: Board report"
    assert document.core_properties.language == "en-GB"
    headings = {
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    }
    assert {
        ("Heading 1", "Who took part"),
        ("Heading 1", "Results by theme"),
        ("Heading 1", "Keeping safe"),
        ("Heading 2", BANK.themes[STATEMENT.theme].name),
        ("Heading 3", STATEMENT.text),
        ("Heading 3", "What people told us"),
        ("Heading 3", "What we will do"),
    } <= headings
    assert document.paragraphs[0].style.name == "Title"

    tables = {
        table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")): table
        for table in document.tables
    }
    figures = tables[f"Figures for: {STATEMENT.text}"]
    rows = [[cell.text for cell in row.cells] for row in figures.rows]
    assert rows[0] == ["Answer", "People"]
    header = figures.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true", "no repeating header row"
    in_word = dict(rows[1:])
    for word in ANSWERS.values():
        assert in_word[word] == on_page[word], f"{word}: the Word table is not the page"
    for column in ("All answers", "People it is about", "Good answer"):
        assert in_word[column] == on_page[column]
    assert in_word["Change since the period before"] == on_page["Change since the period before"]
    assert "Who answered" in tables, "no table of who took part"
    text = "\n".join(p.text for p in document.paragraphs)
    assert STATEMENT.text in text and "Numbers under 10 are not shown" in text
    assert f"“{QUOTE}”" in text and "Sam Jones" not in text, "only the approved words"
    assert QUOTE in admin.get(url + "/board-pack").text


def test_the_spreadsheet_holds_the_csv_rows_with_hidden_counts_blank(
    published: tuple[Browser, str], db_session: Session
) -> None:
    admin, url = published
    assert admin.get(url).link("Figures as a spreadsheet").endswith("/figures.xlsx")
    from_csv = list(csv.DictReader(io.StringIO(admin.client.get(url + "/figures.csv").text)))
    book = load_workbook(
        io.BytesIO(
            _download(
                admin,
                url + "/figures.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        )
    )
    assert book.sheetnames == ["Figures", "Who took part", "About these figures"]
    sheet = book["Figures"]
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == [*CSV_COLUMNS, "note"]
    assert len(rows) == len(from_csv)
    for row, expected in zip(rows, from_csv, strict=True):
        as_text = ["" if v is None else str(v) for v in row[: len(CSV_COLUMNS)]]
        assert as_text == [expected[c] for c in CSV_COLUMNS], "the spreadsheet is not the CSV"
    mine = {r[2]: r for r in rows if r[1] == YES_GOOD}
    assert mine["yes"][3] == 15 and mine["yes"][4] == 15
    assert mine["no"][3] is None, "a hidden count must be blank, not 0"
    assert mine["no"][-1] == "fewer than 10"
    assert mine["yes"][-1] is None, "a shown count needs no note"

    people = [list(row) for row in book["Who took part"].iter_rows(values_only=True)]
    assert people[0] == ["Split by", "Group", "People", "note"]
    assert ["Everyone", "All people", 15, None] in people
    page = admin.get(url + "/board-pack")
    welsh = page.soup.find("th", string="Welsh").find_next("td").get_text(strip=True)
    assert welsh == "fewer than 10"
    assert ["Language", "Welsh", None, "fewer than 10"] in people
    about = "\n".join(str(r[0]) for r in book["About these figures"].iter_rows(values_only=True))
    assert "Numbers under 10 are not shown" in about and "multiple of 5" in about

    exports = db_session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "report.exported")
    ).all()
    assert sorted(exports) == ["csv", "xlsx"]


def test_a_draft_has_no_word_or_spreadsheet_file(app: Flask) -> None:
    admin, url = draft_report(app)
    admin.get(url + "/board-pack.docx", status=404)
    admin.get(url + "/figures.xlsx", status=404)


def test_a_name_that_looks_like_a_formula_stays_text_in_the_spreadsheet(
    app: Flask, db_session: Session
) -> None:
    area = add_area(db_session, '=HYPERLINK("http://example.org","Area")')
    add_people(db_session, {YES_GOOD: "yes"}, 15, NOW, area)
    db_session.commit()
    admin, url = published_report(app, db_session)
    book = load_workbook(io.BytesIO(admin.client.get(url + "/figures.xlsx").data))
    cells = [row[1] for row in book["Who took part"].iter_rows() if row[0].value == "Area"]
    named = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    assert named.data_type == "s", "a spreadsheet would run the area's name as a formula"
