"""A published report as files officers work in: the board pack as a Word document and the
figures as a spreadsheet. Both hold only the stored, published figures, the same as the page:
a count under the threshold is left blank (never 0) and said in words, "fewer than 10"."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, cast

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.content.bank import Bank
from portal.reports import services
from portal.reports.disclosure import Ptable
from portal.reports.models import Report
from portal.reports.results import ReportResult, StatementResult
from portal.shared.answers import ANSWERS

LANGUAGE = "en-GB"  # staff pages and board papers are in English
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_STATUS = {"done": "Done", "on_track": "On track"}


def about_these_figures(threshold: int) -> list[str]:
    """How the numbers were made safe to publish, as the page says it."""
    return [
        "The figures were worked out once, when the report was made, and never change.",
        "Every number is rounded up or down to a multiple of 5, like 15 or 20, so it is close "
        "to the real number.",
        f"Numbers under {threshold} are not shown: their cells are blank and say "
        f'"fewer than {threshold}". This keeps people\'s answers private.',
        "Each number is rounded on its own, so the numbers may not add up to the total.",
    ]


def _fewer(count: int | None, threshold: int) -> str:
    return f"fewer than {threshold}" if count is None else str(count)


def _answer_cell(statement: StatementResult, value: str) -> str:
    """What the page's figures table shows for one answer."""
    count = statement.now.counts.get(value)
    if count is not None:
        return str(count)
    return f"fewer than {statement.threshold}" if value in statement.offered else "not offered"


def _change(statement: StatementResult) -> str:
    change = statement.change
    if change is None:
        return "cannot be shown"
    if change == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {abs(change)} points"


# --- Word ------------------------------------------------------------------------------------


def _table(
    document: WordDocument, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    """A Word table with a header row that repeats on every page and a caption (alt text)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    described = OxmlElement("w:tblCaption")
    described.set(qn("w:val"), caption)
    table._tbl.tblPr.append(described)


def _statement(document: WordDocument, statement: StatementResult) -> None:
    document.add_heading(statement.text, level=3)
    document.add_paragraph(
        statement.sentence
        + (" For this sentence, No is the good answer." if statement.good_answer == "no" else "")
    )
    for note in (statement.asked_in, statement.left_out, statement.skipped_note):
        if note:
            document.add_paragraph(note)
    now = statement.now
    rows = [[ANSWERS[value], _answer_cell(statement, value)] for value in now.counts]
    rows += [
        ["All answers", _fewer(now.total, statement.threshold)],
        ["People it is about", _fewer(now.about, statement.threshold)],
        [
            "Good answer",
            "not shown" if statement.good_share is None else f"{statement.good_share}%",
        ],
        ["Change since the period before", _change(statement)],
    ]
    caption = f"Figures for: {statement.text}"
    document.add_paragraph(caption, style="Caption")
    _table(document, caption, ["Answer", "People"], rows)


def _actions(document: WordDocument, theme: str, actions: Sequence[Action]) -> None:
    document.add_heading("What we will do", level=3)
    if not actions:
        document.add_paragraph("No actions yet for this theme.")
        return
    rows = [
        [
            a.what,
            a.owner,
            a.due.isoformat(),
            ACTION_STATUS.get(a.status, f"Not on track: {a.reason or ''}".strip()),
        ]
        for a in actions
    ]
    _table(document, f"Actions for {theme}", ["Action", "Owner", "Due", "Status"], rows)


def board_pack_docx(db: Session, bank: Bank, row: Report, ptable: Ptable) -> bytes:
    """The board pack as a Word document: real headings, tables with repeating header rows."""
    context = services.page_context(db, bank, row, ptable)
    result = cast(ReportResult, context["result"])
    quotes = cast(dict[str, list[dict[str, Any]]], context["quotes_by_theme"])
    actions = cast(dict[str, list[Action]], context["actions_by_theme"])
    threshold = result.threshold
    document = Document()
    document.core_properties.title = f"Board pack: {row.title}"
    document.core_properties.language = LANGUAGE
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    document.styles["Normal"].element.get_or_add_rPr().append(language)

    document.add_heading(f"Board pack: {row.title}", level=0)
    published = row.published_at.strftime("%Y-%m-%d") if row.published_at else ""
    document.add_paragraph(f"Published {published}.")

    document.add_heading("Summary", level=1)
    document.add_paragraph(f"This report is about: {result.title}.")
    document.add_paragraph(f"It covers {result.filters.period_label}.")
    document.add_paragraph(
        f"About {result.people.total} people answered."
        if result.people.enough
        else f"Fewer than {threshold} people answered, so we cannot show their answers."
    )
    for sentence in about_these_figures(threshold):
        document.add_paragraph(sentence)
    for line in cast(list[str], context["filters_described"]):
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("Who took part", level=1)
    for breakdown in result.breakdowns:
        document.add_paragraph(breakdown.title, style="Caption")
        if breakdown.counts.enough:
            rows = [
                [label, _fewer(breakdown.counts.counts.get(key), threshold)]
                for key, label in breakdown.labels.items()
            ]
        else:
            rows = [["Everyone", f"fewer than {threshold}: not shown"]]
        _table(document, breakdown.title, ["Group", "People"], rows)
        for gap in breakdown.gaps:
            document.add_paragraph(f"Gap: {gap}", style="List Bullet")

    document.add_heading("Results by theme", level=1)
    for theme in result.themes:
        document.add_heading(theme.name, level=2)
        for statement in theme.statements:
            _statement(document, statement)
        document.add_heading("What people told us", level=3)
        said = quotes.get(theme.id, [])
        for quote in said:
            document.add_paragraph(f"“{quote['text']}”", style="Quote")
        if not said:
            document.add_paragraph("No approved comments for this theme.")
        _actions(document, theme.name, actions.get(theme.id, []))

    if result.pairs:
        document.add_heading("Saying yes to everything", level=1)
        for pair in result.pairs:
            document.add_paragraph(pair.sentence, style="List Bullet")

    document.add_heading("Keeping safe", level=1)
    safety = result.safety
    raised = "fewer than " + str(threshold) if safety.raised is None else f"about {safety.raised}"
    followed = (
        "fewer than " + str(threshold)
        if safety.followed_up is None
        else f"about {safety.followed_up}"
    )
    document.add_paragraph(f"Safety alerts raised in this period: {raised}.")
    document.add_paragraph(
        f"Followed up by the safety lead when the period was counted: {followed}."
    )
    document.add_paragraph(
        "Each alert is followed up under safeguarding procedures. This report gives no details "
        "about anyone."
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- spreadsheet -----------------------------------------------------------------------------


def _note(
    row: dict[str, object], offered: dict[str, tuple[str, ...]], threshold: int
) -> str | None:
    """Why a count is blank, in the page's words (None: it is not blank)."""
    if row["count"] is not None:
        return None
    if row["theme"] != services.PAIRS_THEME and row["answer"] not in offered[str(row["statement"])]:
        return "not offered"
    return f"fewer than {threshold}"


def _append(sheet: Any, values: Sequence[object]) -> None:
    """A row of values; text is always text, never a formula (an area named "=..." too)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def figures_xlsx(db: Session, bank: Bank, row: Report, ptable: Ptable) -> bytes:
    """The CSV's rows as a spreadsheet (blank, not 0, for hidden counts, and a note saying
    why), who took part, and how the figures were made safe."""
    result = services.figures_of(db, bank, row, ptable)
    book = Workbook()
    figures = book.active
    figures.title = "Figures"
    columns = [*services.CSV_COLUMNS, "note"]
    figures.append(columns)
    offered = {s.id: s.offered for theme in result.themes for s in theme.statements}
    for values in services.figure_rows(result):
        note = _note(values, offered, result.threshold)
        _append(figures, [values.get(column) for column in services.CSV_COLUMNS] + [note])
    people = book.create_sheet("Who took part")
    people.append(["Split by", "Group", "People", "note"])
    people.append(
        ["Everyone", "All people", result.people.total, _fewer_note(result.people.total, result)]
    )
    for breakdown in result.breakdowns:
        if not breakdown.counts.enough:
            _append(
                people,
                [breakdown.title, "Everyone", None, f"fewer than {result.threshold}: not shown"],
            )
            continue
        for key, label in breakdown.labels.items():
            count = breakdown.counts.counts.get(key)
            _append(people, [breakdown.title, label, count, _fewer_note(count, result)])
    about = book.create_sheet("About these figures")
    _append(about, [f"Report: {row.title}"])
    about.append([f"Covers {result.filters.period_label}."])
    for sentence in about_these_figures(result.threshold):
        about.append([sentence])
    about.column_dimensions["A"].width = 100
    for sheet in (figures, people):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for letter in "ABCDEFGHI":
            sheet.column_dimensions[letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fewer_note(count: int | None, result: ReportResult) -> str | None:
    return None if count is not None else f"fewer than {result.threshold}"
