"""The Advisory Group's summary in easy read: words for figures (the bands, defined once), ten
people coloured by what their answers mean, a good "No" shown as good, comments typed or
spoken, each theme agreed before the whole report is approved."""

from __future__ import annotations

import io
import math
import struct
import wave

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.auth.models import StaffUser
from portal.reports import easy
from portal.reports.filters import ReportFilters
from portal.reports.models import Report, ReviewComment, ReviewRecording, ThemeApproval
from portal.reports.results import Row, StatementResult
from portal.reports.services import (
    ReportStateError,
    approve,
    create_draft,
    share_for_review,
    theme_ids,
)
from portal.reports.summary_texts import spoken_summary_texts
from portal.shared.answers import ANSWER_VALUES
from tests.actions.helpers import BANK, IN_Q3, Q3
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page
from tests.reports.fixtures import PTABLE, add_people
from tests.reports.test_results import NO_GOOD, YES_GOOD

SAID = "Please read the housing part out first."


def _row(about: int | None, total: int | None = None, **counts: int | None) -> Row:
    full = dict.fromkeys(ANSWER_VALUES, None) | counts
    return Row(full, about if total is None else total, about)


def _statement(row: Row, good: str = "yes") -> StatementResult:
    return StatementResult("s", "I feel safe.", "house", good, row, row, 10)


def _say(message: str, **values: object) -> str:
    return message % values if values else message


@pytest.mark.parametrize(
    ("percent", "words"),
    [
        (100, "almost_all"),
        (90, "almost_all"),
        (89, "most"),
        (60, "most"),
        (59, "half"),
        (40, "half"),
        (39, "some"),
        (20, "some"),
        (19, "few"),
        (1, "few"),
        (0, None),
        (None, None),
    ],
)
def test_each_share_has_the_words_of_its_band(percent: int | None, words: str | None) -> None:
    assert easy.band(percent) == words


def test_every_band_and_answer_has_a_whole_sentence_to_translate_and_voice() -> None:
    for _lowest, name in easy.BANDS:
        for value in easy.DESCRIBED:
            assert easy.SAID[(name, value)].endswith(".")
    assert easy.share(15, 20) == 75 and easy.share(None, 20) is None and easy.share(5, None) is None


def test_a_statement_is_told_in_three_short_sentences_at_most() -> None:
    sentences = easy.statement_sentences(_statement(_row(40, yes=30, no=10)), _say)
    assert [s.text for s in sentences] == [
        "Most people said Yes.",  # 30 of 40: 75%
        "Some people said No.",  # 25%
        "This is good for some people, but not for others.",  # 75% is under 80
    ]
    assert [s.picture for s in sentences] == [
        "meaning-good",
        "meaning-not-good",
        "meaning-in-between",
    ]


def test_a_good_no_is_shown_as_good() -> None:
    lonely = _statement(_row(50, no=45, yes=5), good="no")  # "I feel lonely": No is good
    sentences = easy.statement_sentences(lonely, _say)
    assert sentences[0].text == "Almost everyone said No."
    assert sentences[0].picture == "meaning-good", "a good No has the smiling face"
    assert sentences[-1].text == "This is going well."
    people = easy.ten_people(lonely.now, "no")
    assert people == ("good",) * 9 + ("not_good",), "nine smiling people said No"


def test_counts_under_the_threshold_are_never_described() -> None:
    # Yes 20 of 25; No and the rest under the threshold (None): no words about them at all
    sentences = easy.statement_sentences(_statement(_row(25, yes=20)), _say)
    assert [s.text for s in sentences] == ["Most people said Yes.", "This is going well."]
    people = easy.ten_people(_row(25, yes=20), "yes")
    assert len(people) == 10 and people.count("good") == 8 and people.count("hidden") == 2
    words = easy.people_words(people, {"good": "Yes", "not_good": "No", "in_between": "S"}, _say)
    assert [part.words for part in words] == [
        "8 of 10 people: a good answer (Yes).",
        "2 of 10 people: we cannot show these answers, to keep people private.",
    ]


def test_not_enough_answers_gives_one_sentence_and_no_people() -> None:
    quiet = _statement(_row(None, yes=None))
    assert [s.text for s in easy.statement_sentences(quiet, _say)] == [easy.NOT_ENOUGH]
    assert easy.ten_people(quiet.now, "yes") == ()


def test_ten_people_are_always_ten_however_the_rounded_counts_add_up() -> None:
    for yes, sometimes, no in [(10, 10, 10), (35, 5, 10), (15, 15, 15), (100, 0, 5)]:
        row = _row(yes + sometimes + no + 5, yes=yes, sometimes=sometimes, no=no)
        assert len(easy.ten_people(row, "yes")) == 10
    assert easy.ten_people(_row(30, yes=30), "yes") == ("good",) * 10


# --- the pages -------------------------------------------------------------------------------


def _in_review(app: Flask, db_session: Session, admin_id: int) -> int:
    add_people(db_session, {YES_GOOD: "yes", NO_GOOD: "no"}, 40, IN_Q3)
    add_people(db_session, {YES_GOOD: "no", NO_GOOD: "yes"}, 12, IN_Q3)
    db_session.commit()
    with Session(app.extensions["db_engine"]) as db, db.begin():
        actor = db.get_one(StaffUser, admin_id)
        row = create_draft(
            db, actor, "Autumn report", ReportFilters("self-advocates", Q3, Q3), BANK, PTABLE
        )
        share_for_review(db, row, actor)
        return row.id


def _signed_in(app: Flask, role: str) -> tuple[Browser, int]:
    staff_id = add_staff(app, role)
    browser = Browser(app.test_client())
    start_signed_in(browser, staff_id)
    return browser, staff_id


def _theme_of(statement_id: str) -> str:
    return BANK.statements[statement_id].theme


def _form(page: Page, ending: str) -> int:
    for index, form in enumerate(page.soup.find_all("form")):
        if (form.get("action") or "").endswith(ending):
            return index
    raise AssertionError(f"no form posting to …{ending}")


def test_a_reviewer_reads_a_theme_in_words_and_pictures_not_statistics(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = _signed_in(app, "administrator")
    report_id = _in_review(app, db_session, admin_id)
    reviewer, _ = _signed_in(app, "reviewer")
    home = reviewer.get(f"/staff/reports/{report_id}/summary")
    assert "About 50 people answered." in home.text  # 52, published as 50
    assert "People answered from July 2026 to September 2026." in home.text
    links = [a.get_text(strip=True) for a in home.soup.select(".summary-parts__link")]
    assert links == [BANK.themes[t].name for t in theme_ids(db_session.get_one(Report, report_id))]
    page = reviewer.get(f"/staff/reports/{report_id}/summary/{_theme_of(NO_GOOD)}")
    section = page.soup.find(id=f"statement-{NO_GOOD}").find_parent("section")
    words = section.get_text(" ", strip=True)
    sentences = [p.get_text(strip=True) for p in section.select(".summary-sentences p")]
    assert sentences == ["Most people said No.", "Some people said Yes.", "This is going well."]
    for statistic in ("%", "points", "2026-Q3", "Good answer", "hidden"):
        assert statistic not in words, statistic
    faces = [img["src"] for img in section.select(".summary-sentences__picture")]
    assert faces[0].endswith("/1F642.svg"), "the good No has the smiling face"
    people = section.select(".people__person")
    assert len(people) == 10
    assert len(section.select(".people__person--good")) == 8  # 40 of 50 said No
    key = [li.get_text(" ", strip=True) for li in section.select(".people-key li")]
    assert key[0] == "8 of 10 people: a good answer (No)."
    assert page.soup.find("template", id="read-page"), "Read this page to me"


def test_the_summary_is_in_the_readers_language_right_to_left_for_urdu(
    app: Flask, db_session: Session
) -> None:
    _admin, admin_id = _signed_in(app, "administrator")
    report_id = _in_review(app, db_session, admin_id)
    reviewer, _ = _signed_in(app, "reviewer")
    page = reviewer.get(f"/staff/reports/{report_id}/summary/{_theme_of(YES_GOOD)}?lang=ur")
    html = page.soup.find("html")
    assert html["lang"] == "ur" and html["dir"] == "rtl"
    assert "Most people said Yes." not in page.text, "the band sentence is in Urdu"
    heading = page.soup.find(id=f"statement-{YES_GOOD}")
    if heading.get_text(strip=True) == BANK.statements[YES_GOOD].text:  # not translated yet
        assert heading["lang"] == "en" and heading["dir"] == "ltr"


def test_a_reviewer_comments_by_typing_or_by_recording_and_nothing_is_lost(
    app: Flask, db_session: Session
) -> None:
    _admin, admin_id = _signed_in(app, "administrator")
    report_id = _in_review(app, db_session, admin_id)
    reviewer, _ = _signed_in(app, "reviewer")
    url = f"/staff/reports/{report_id}/summary/{_theme_of(YES_GOOD)}"
    page = reviewer.get(url)
    page = reviewer.submit(page, {"text": SAID}, form=_form(page, "/comment"))
    assert "Thank you. We have your words." in page.text and SAID in page.text
    # A recording that is not sound: refused in words, and the words typed beside it stay
    page = reviewer.get(url)
    token = page.soup.find("input", attrs={"name": "csrf_token"})["value"]
    refused = reviewer.client.post(
        url + "/comment",
        data={"csrf_token": token, "text": "And the bus times.", "way": "speak",
              "recording": (io.BytesIO(b"not a sound at all"), "words.webm")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "We could not play your recording. Please record it again." in body
    assert "And the bus times." in body
    sent = reviewer.client.post(
        url + "/comment",
        data={"csrf_token": token, "text": "", "way": "speak",
              "recording": (io.BytesIO(_tone()), "words.wav")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert sent.status_code == 302
    recorded = db_session.scalars(select(ReviewRecording)).one()
    assert recorded.audio[0] == 0xFF and recorded.audio[1] & 0xE0 == 0xE0, "an MP3 frame"
    assert 1.5 < recorded.seconds < 2.5
    comment = db_session.get_one(ReviewComment, recorded.comment_id)
    assert comment.theme_id == _theme_of(YES_GOOD) and comment.text == ""
    staff_page = reviewer.get(f"/staff/reports/{report_id}")
    assert SAID in staff_page.text and "(spoken)" in staff_page.text
    player = staff_page.soup.select_one(f"audio[src$='/comments/{comment.id}/recording']")
    assert player is not None
    sound = reviewer.client.get(player["src"])
    assert sound.status_code == 200 and sound.mimetype == "audio/mpeg"
    assert sound.headers["Cache-Control"] == "no-store"
    assert db_session.scalars(select(ReviewComment.text)).all().count(SAID) == 1


def test_each_theme_is_agreed_before_the_whole_report_is_approved(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = _signed_in(app, "administrator")
    report_id = _in_review(app, db_session, admin_id)
    reviewer, _ = _signed_in(app, "reviewer")
    row = db_session.get_one(Report, report_id)
    themes = theme_ids(row)
    assert len(themes) > 1
    staff_page = reviewer.get(f"/staff/reports/{report_id}")
    assert "Approve for publishing" not in staff_page.text
    assert "Agree each theme on the" in staff_page.text
    token = staff_page.soup.find("input", attrs={"name": "csrf_token"})["value"]
    early = reviewer.client.post(f"/staff/reports/{report_id}/approve", data={"csrf_token": token})
    assert "done=agree-first" in early.headers["Location"]
    with pytest.raises(ReportStateError):
        approve(db_session, row, db_session.get_one(StaffUser, admin_id))
    # the administrator who made it cannot agree a theme
    page = admin.get(f"/staff/reports/{report_id}/summary/{themes[0]}")
    assert "I agree with this part" not in page.text
    for theme in themes:
        page = reviewer.get(f"/staff/reports/{report_id}/summary/{theme}")
        page = reviewer.submit(page, form=_form(page, "/agree"))
        assert "You agreed this part." in page.text and "This part is agreed." in page.text
    home = reviewer.get(f"/staff/reports/{report_id}/summary")
    assert len(home.soup.select(".summary-parts__agreed")) == len(themes)
    done = reviewer.submit(home, form=_form(home, "/summary/approve"))
    assert "Thank you. You approved the report." in done.text
    db_session.expire_all()
    assert db_session.get_one(Report, report_id).status == "approved"
    assert len(db_session.scalars(select(ThemeApproval)).all()) == len(themes)
    agreed = db_session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "report.theme_agreed")
    ).all()
    assert sorted(agreed) == sorted(themes)
    figures = admin.get(f"/staff/reports/{report_id}")
    assert figures.text.count("(Advisory Group) on") >= len(themes)


def test_a_report_shared_from_its_page_is_heard_at_once_in_every_language(
    app: Flask, db_session: Session
) -> None:
    """No `flask audio build` between sharing and reading: every sentence has its clip."""
    admin, admin_id = _signed_in(app, "administrator")
    add_people(db_session, {YES_GOOD: "yes", NO_GOOD: "no"}, 40, IN_Q3)
    db_session.commit()
    with Session(app.extensions["db_engine"]) as db, db.begin():
        actor = db.get_one(StaffUser, admin_id)
        filters = ReportFilters("self-advocates", Q3, Q3)
        report_id = create_draft(db, actor, "Shared today", filters, BANK, PTABLE).id
    page = admin.get(f"/staff/reports/{report_id}")
    admin.submit(page, form=_form(page, "/share"))
    reviewer, _ = _signed_in(app, "reviewer")
    for language in ("en", "ur"):
        home = reviewer.get(f"/staff/reports/{report_id}/summary?lang={language}")
        said = home.soup.select("main .said")
        silent = [block.get_text(" ", strip=True) for block in said if not block.find("audio")]
        assert len(said) >= 4 and silent == [], (language, silent)


def test_every_sentence_of_a_summary_gets_a_clip_in_each_language(
    app: Flask, db_session: Session
) -> None:
    _admin, admin_id = _signed_in(app, "administrator")
    _in_review(app, db_session, admin_id)

    def gettext(language: str):  # type: ignore[no-untyped-def]
        return _say if language == "en" else (lambda message, **values: "")

    with app.app_context():
        from portal.content import current_bank

        texts = spoken_summary_texts(db_session, current_bank, gettext, ["en", "cy"])
    english = list(texts["en"])
    assert "About 50 people answered." in english
    assert BANK.statements[YES_GOOD].text in english
    assert "" not in list(texts.get("cy", []))


def _tone(seconds: float = 2.0, rate: int = 16_000) -> bytes:
    """A real sound: a 440 Hz tone as a WAV file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        frames = (
            struct.pack("<h", int(12_000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(seconds * rate))
        )
        wav.writeframes(b"".join(frames))
    return out.getvalue()
