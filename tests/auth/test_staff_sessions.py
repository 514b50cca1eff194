"""A staff sign-in lives in the database, not only in the cookie: signing out, a role change or
switching the account off ends it at once, and it ends by itself when too old or unused."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.admin.services import change_role, set_staff_active
from portal.auth.models import StaffSignIn, StaffUser
from portal.db import utcnow
from tests.auth.helpers import PASSWORD, add_staff, sign_in, start_signed_in
from tests.groups.helpers import form_index
from tests.helpers import Browser
from tests.respond.journey import answer, begin

CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


def copy_cookie(source: Browser, target: Browser) -> None:
    """What someone who copied the session cookie out of `source` could do: use it elsewhere."""
    cookie = source.client.get_cookie("session")
    assert cookie is not None
    target.client.set_cookie("session", cookie.value)


def age_sign_ins(db: Session, **ago: timedelta) -> None:
    """Move every sign-in's start or last use back by the given time."""
    for row in db.scalars(select(StaffSignIn)):
        if "started" in ago:
            row.started_at -= ago["started"]
        if "last_seen" in ago:
            row.last_seen_at -= ago["last_seen"]
    db.commit()


def test_a_cookie_copied_before_signing_out_stops_working(app: Flask, client: Browser) -> None:
    add_staff(app, "facilitator", "facilitator@example.org")
    home = sign_in(client, "facilitator@example.org")
    thief = Browser(app.test_client())
    copy_cookie(client, thief)
    assert thief.get("/staff/").h1 == "Staff home"

    page = client.submit(home, form=form_index(home, "/staff/sign-out"))
    assert "You have signed out." in page.text
    assert thief.get("/staff/").h1 == "Staff sign in"


def test_a_thirty_day_old_sign_in_is_refused(
    app: Flask, client: Browser, db_session: Session
) -> None:
    start_signed_in(client, add_staff(app, "reviewer"))
    age_sign_ins(db_session, started=timedelta(days=30), last_seen=timedelta(days=30))
    assert client.get("/staff/").h1 == "Staff sign in"


def test_after_31_minutes_doing_nothing_staff_sign_in_again_and_are_told_why(
    app: Flask, client: Browser, db_session: Session
) -> None:
    start_signed_in(client, add_staff(app, "reviewer", "reviewer@example.org"))
    assert client.get("/staff/comments/").status == 200
    age_sign_ins(db_session, started=timedelta(minutes=31), last_seen=timedelta(minutes=31))

    page = client.get("/staff/comments/")
    assert page.h1 == "Staff sign in"
    assert "We signed you out because you did nothing for 30 minutes. Sign in again." in page.text
    page = client.submit(page, {"email": "reviewer@example.org", "password": PASSWORD})
    assert page.url == "/staff/comments/"
    ended = db_session.scalars(select(StaffSignIn).where(StaffSignIn.ended_at.is_not(None)))
    assert [s.ended_why for s in ended] == ["idle"]


def test_29_minutes_doing_nothing_keeps_the_sign_in(
    app: Flask, client: Browser, db_session: Session
) -> None:
    start_signed_in(client, add_staff(app, "reviewer"))
    age_sign_ins(db_session, started=timedelta(minutes=29), last_seen=timedelta(minutes=29))
    assert client.get("/staff/").h1 == "Staff home"
    db_session.expire_all()
    last_seen = db_session.scalars(select(StaffSignIn.last_seen_at)).one()
    assert utcnow() - last_seen < timedelta(minutes=1)


def test_a_sign_in_older_than_8_hours_ends_even_when_in_use(
    app: Flask, client: Browser, db_session: Session
) -> None:
    start_signed_in(client, add_staff(app, "reviewer"))
    age_sign_ins(db_session, started=timedelta(hours=8, minutes=1))
    page = client.get("/staff/")
    assert page.h1 == "Staff sign in"
    assert (
        "We signed you out because you signed in more than 8 hours ago. Sign in again." in page.text
    )


def test_the_limits_follow_the_settings(app: Flask, client: Browser, db_session: Session) -> None:
    app.config.update(STAFF_IDLE_MINUTES=5, STAFF_SESSION_HOURS=1)
    start_signed_in(client, add_staff(app, "reviewer"))
    age_sign_ins(db_session, last_seen=timedelta(minutes=6))
    page = client.get("/staff/")
    assert "because you did nothing for 5 minutes" in page.text


def test_last_use_is_written_at_most_once_a_minute(
    app: Flask, client: Browser, db_session: Session
) -> None:
    start_signed_in(client, add_staff(app, "reviewer"))
    first = db_session.scalars(select(StaffSignIn.last_seen_at)).one()
    for _ in range(3):
        client.get("/staff/")
    db_session.expire_all()
    assert db_session.scalars(select(StaffSignIn.last_seen_at)).one() == first


def test_changing_someones_role_signs_them_out_everywhere(
    app: Flask, client: Browser, db_session: Session
) -> None:
    admin = db_session.get_one(StaffUser, add_staff(app, "administrator"))
    reviewer_id = add_staff(app, "reviewer")
    other_browser = Browser(app.test_client())
    start_signed_in(client, reviewer_id)
    start_signed_in(other_browser, reviewer_id)
    assert client.get("/staff/").h1 == "Staff home"

    change_role(db_session, admin, db_session.get_one(StaffUser, reviewer_id), "facilitator")
    db_session.commit()
    page = client.get("/staff/")
    assert page.h1 == "Staff sign in"
    assert "We signed you out. Sign in again." in page.text
    assert other_browser.get("/staff/").h1 == "Staff sign in"


def test_switching_an_account_off_signs_it_out_at_once(
    app: Flask, client: Browser, db_session: Session
) -> None:
    admin = db_session.get_one(StaffUser, add_staff(app, "administrator"))
    reviewer_id = add_staff(app, "reviewer")
    start_signed_in(client, reviewer_id)
    set_staff_active(db_session, admin, db_session.get_one(StaffUser, reviewer_id), False)
    db_session.commit()
    assert client.get("/staff/").h1 == "Staff sign in"
    # Switched on again, the old cookie still does not work
    set_staff_active(db_session, admin, db_session.get_one(StaffUser, reviewer_id), True)
    db_session.commit()
    assert client.get("/staff/").h1 == "Staff sign in"


def test_a_cookie_holding_only_the_account_number_is_refused(app: Flask, client: Browser) -> None:
    user_id = add_staff(app, "administrator")
    with client.client.session_transaction() as session:
        session["_user_id"] = str(user_id)  # what every staff cookie held before
    assert client.get("/staff/").h1 == "Staff sign in"


def test_signing_in_forgets_what_a_respondent_answered_in_this_browser(
    app: Flask, client: Browser
) -> None:
    add_staff(app, "facilitator", "facilitator@example.org")
    second_question = answer(client, begin(client), "yes")
    assert second_question.url.startswith("/question/")
    with client.client.session_transaction() as session:
        respondent_keys = set(session)
        respondent_token = session["csrf_token"]
    assert "response" in respondent_keys

    sign_in(client, "facilitator@example.org")
    with client.client.session_transaction() as session:
        assert not ({"response", "who"} & set(session))
        assert session.get("csrf_token") != respondent_token
    assert not client.get(second_question.url).url.startswith("/question/")


def test_staff_see_their_sign_ins_and_can_sign_out_everywhere_else(
    app: Flask, client: Browser, db_session: Session
) -> None:
    user_id = add_staff(app, "reviewer", "reviewer@example.org")
    phone = Browser(app.test_client())
    phone.client.environ_base["HTTP_USER_AGENT"] = CHROME_ON_ANDROID
    sign_in(phone, "reviewer@example.org")
    start_signed_in(client, user_id, browser="Firefox on Windows")

    page = client.get(client.get("/staff/").link("Your sign-ins"))
    assert page.h1 == "Your sign-ins"
    assert "Firefox on Windows (this browser)" in page.text
    assert "Chrome on Android" in page.text
    assert "Chrome on Android (this browser)" not in page.text

    page = client.submit(page, form=form_index(page, "/staff/sign-ins/sign-out-others"))
    assert "1 other sign-in ended." in page.text
    assert "you signed out everywhere else, from another browser." in page.text
    assert "You are not signed in anywhere else." in page.text
    assert phone.get("/staff/").h1 == "Staff sign in"
    assert client.get("/staff/").h1 == "Staff home"


def test_signing_out_everywhere_else_needs_the_form_token(
    app: Flask, client: Browser, db_session: Session
) -> None:
    user_id = add_staff(app, "reviewer")
    phone = Browser(app.test_client())
    start_signed_in(phone, user_id)
    start_signed_in(client, user_id)
    page = client.get("/staff/sign-ins")
    client.submit(page, form=form_index(page, "/sign-out-others"), drop_csrf=True, status=None)
    assert phone.get("/staff/").h1 == "Staff home"


def test_ended_sign_ins_older_than_30_days_are_not_listed(
    app: Flask, client: Browser, db_session: Session
) -> None:
    user_id = add_staff(app, "reviewer")
    start_signed_in(client, user_id, browser="Safari on iPhone")
    old = start_signed_in(Browser(app.test_client()), user_id, browser="Edge on Windows")
    db_session.execute(
        update(StaffSignIn)
        .where(StaffSignIn.id == old)
        .values(ended_at=utcnow() - timedelta(days=31), ended_why="signed_out")
    )
    db_session.commit()
    page = client.get("/staff/sign-ins")
    assert "Safari on iPhone" in page.text
    assert "Edge on Windows" not in page.text
