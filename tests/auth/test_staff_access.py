"""Every staff route is protected at its blueprint: this walks app.url_map to prove it."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from portal.actions.models import Action
from portal.areas.models import Area, AreaContact, ShareLink
from portal.auth.access import StaffBlueprint
from portal.auth.models import ROLES
from portal.comments.models import Comment, CommentRecording
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.models import Questionnaire, QuestionnaireItem, Theme
from portal.kiosk.models import GroupSession, KioskTablet
from portal.reports.figures import to_figures
from portal.reports.filters import ReportFilters
from portal.reports.models import Report, ReviewComment, ReviewRecording
from portal.reports.periods import Quarter
from portal.reports.results import build_report
from portal.respond.models import Response
from portal.rounds.models import SurveyRound
from portal.safety.models import OnCall, SafetyFlag
from portal.studio.voices import text_ident
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser
from tests.reports.fixtures import PTABLE

# The sign-in page, the steps after the password (a new password, the second factor: they check
# the half-signed-in state themselves) and a password reset link's page
PUBLIC_STAFF_ENDPOINTS = {
    "auth.sign_in",
    "sign_in_steps.choose_password",
    "sign_in_steps.second_factor",
    "sign_in_steps.reset_password",
}
BANK = load_bank(PROJECT_ROOT / "content")
# Routes that change what other routes with the same arguments do: checked last.
CHECKED_LAST = {"facilitation.close", "admin.remove_contact", "admin.remove_on_call"}
# Routes of a file the database may not have (an uploaded picture or voice of the studio's
# working copy; the test has none): 404 to the roles let in, 403 to the others.
MAY_BE_MISSING = {"studio_review.working_file"}


def staff_rules(app: Flask) -> list[Rule]:
    """Every route under /staff/ except the sign-in page; closing a session and removing a
    contact come last, as they change what other pages do."""
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/staff/") and rule.endpoint not in PUBLIC_STAFF_ENDPOINTS
        ),
        key=lambda rule: (rule.endpoint in CHECKED_LAST, rule.rule),
    )


def allowed_roles(app: Flask, rule: Rule) -> frozenset[str]:
    blueprint = app.blueprints.get(rule.endpoint.split(".")[0])
    assert isinstance(blueprint, StaffBlueprint), (
        f"{rule.rule} is not in a blueprint made by staff_blueprint()"
    )
    return blueprint.allowed_roles


@pytest.fixture
def users(app: Flask) -> dict[str, int]:
    """One staff account per role."""
    return {role: add_staff(app, role) for role in ROLES}


@pytest.fixture
def admin_values(app: Flask, db_session: Session) -> dict[str, object]:
    """An account (not one of `users`, as it gets switched off), an area, a help contact, a
    share link, an action and a place on the area's safety on-call list, for the
    administrator's pages."""
    account = add_staff(app, "reviewer")
    lead = add_staff(app, "safeguarding_lead")
    area = Area(name="Access test admin area")
    db_session.add(area)
    db_session.flush()
    contact = AreaContact(area_id=area.id, name="Team", phone="01632 960999", text="Call.")
    link = ShareLink(token="access-test", questionnaire_slug="x", area_id=area.id, label="Test")
    action = Action(
        theme_id=db_session.scalar(select(Theme.id).limit(1)), what="Access test", owner="Team",
        due=date(2027, 3, 31), status="on_track", easy_read="We did it.",
    )  # fmt: skip
    on_call = OnCall(area_id=area.id, staff_user_id=lead)
    survey_round = SurveyRound(
        name="Access test round", questionnaire_slug="x", opens_on=date(2026, 1, 1),
        closes_on=date(2099, 1, 1),
    )  # fmt: skip
    db_session.add_all([contact, link, action, on_call, survey_round])
    db_session.commit()
    return {
        "user_id": account, "area_id": area.id, "contact_id": contact.id, "link_id": link.id,
        "action_id": action.id, "on_call_id": on_call.id, "round_id": survey_round.id,
    }  # fmt: skip


@pytest.fixture
def report_values(db_session: Session) -> dict[str, object]:
    """A published report, so every report page (board pack, exports) has something to show."""
    filters = ReportFilters("self-advocates", Quarter(2026, 3), Quarter(2026, 3))
    figures = to_figures(build_report(db_session, BANK, filters, PTABLE))
    row = Report(
        title="Access test report", filters=filters.to_dict(), threshold=10,
        status="published", figures=figures | {"quotes": []}, published_at=datetime(2026, 11, 1),
    )  # fmt: skip
    db_session.add(row)
    db_session.flush()
    said = ReviewComment(report_id=row.id, theme_id=None, text="")  # a spoken review comment
    db_session.add(said)
    db_session.flush()
    db_session.add(ReviewRecording(comment_id=said.id, audio=b"ID3", seconds=1.0))
    db_session.commit()
    return {"report_id": row.id, "review_comment_id": said.id}


@pytest.fixture
def values(
    app: Flask,
    db_session: Session,
    users: dict[str, int],
    admin_values: dict[str, object],
    report_values: dict[str, object],
) -> dict[str, object]:
    """A value for every argument of a staff route (the session is the facilitator's own; the
    comment waits for moderation)."""
    flag = SafetyFlag(kind="help_link")
    area = Area(name="Access test area")
    db_session.add_all([flag, area])
    db_session.flush()
    group = GroupSession(
        join_code="123456",
        group_name="Access test group",
        area_id=area.id,
        questionnaire_id=db_session.scalar(select(Questionnaire.id).limit(1)),
        session_date=date(2026, 11, 24),
        facilitator_id=users["facilitator"],
    )
    db_session.add(group)
    db_session.flush()
    tablet = KioskTablet(session_id=group.id, number=1, generation=0)
    db_session.add(tablet)
    db_session.commit()
    first_statement = db_session.scalar(
        select(QuestionnaireItem.statement_id).where(
            QuestionnaireItem.questionnaire_id == group.questionnaire_id,
            QuestionnaireItem.position == 1,
        )
    )
    response = Response(
        token="access-test", questionnaire_id=group.questionnaire_id, language="en",
        answered_by="own",
    )  # fmt: skip
    db_session.add(response)
    db_session.flush()
    comment = Comment(response_id=response.id, statement_id=first_statement, text="Access test.")
    db_session.add(comment)
    db_session.flush()
    # a spoken comment too, so the staff route that plays recordings has one to play
    db_session.add(CommentRecording(comment_id=comment.id, audio=b"ID3", seconds=1.0))
    db_session.commit()
    return {
        "comment_id": comment.id,
        "flag_id": flag.id,
        "session_id": group.id,
        "tablet_id": tablet.id,
        "statement_id": first_statement,
        "slug": "self-advocates",  # the studio's questionnaire pages
        "collection": "self-advocates",  # the studio's voices pages: a questionnaire's texts
        "theme_id": "my-home",  # the studio's theme pages
        "code": "1F3E0",  # an OpenMoji picture the studio shows
        "position": 1,  # the studio's preview of a question
        "folder": "pictures",  # the studio's uploaded files (none: 404 to those allowed)
        "name": "0" * 64 + ".png",
        "picture_name": "answer-yes",  # the studio's page that changes a named picture
        "lang": "cy",  # the studio's voices pages: the Welsh title of self-advocates
        "ident": text_ident("cy", BANK.localised("cy").questionnaires["self-advocates"].title),
        **admin_values,
        **report_values,
    }


def _requests(rule: Rule, values: dict[str, object]) -> list[tuple[str, str, dict[str, str]]]:
    """(method, url, form data) for one rule; a new route with arguments must be added here."""
    assert rule.arguments <= values.keys(), f"give a test value for {rule.arguments} of {rule}"
    flag_id = values["flag_id"]
    url = rule.rule
    for name in rule.arguments:
        url = url.replace(f"<int:{name}>", str(values[name])).replace(
            f"<{name}>", str(values[name])
        )
    data = {f"flag-{flag_id}-note": "Phoned the safety team."}
    return [(method, url, data) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def _send(client: Browser, method: str, url: str, data: dict[str, str], token: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.client.get(url)
    return client.client.post(url, data={"csrf_token": token, **data})


def _token(client: Browser) -> str:
    return client.get("/staff/sign-in").soup.find("input", attrs={"name": "csrf_token"})["value"]


def _is_sign_in_redirect(response, url: str) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code != 302:
        return False
    location = urlsplit(response.headers["Location"])
    return location.path == "/staff/sign-in" and parse_qs(location.query).get("next") == [url]


def test_there_are_staff_routes_to_check(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in staff_rules(app)}
    assert {"staff.home", "staff.sign_out", "safeguarding.flags", "safeguarding.acknowledge"} <= (
        endpoints
    )


def test_every_staff_route_sends_an_anonymous_visitor_to_sign_in(
    app: Flask, client: Browser, values: dict[str, object]
) -> None:
    token = _token(client)
    for rule in staff_rules(app):
        allowed_roles(app, rule)
        for method, url, data in _requests(rule, values):
            response = _send(client, method, url, data, token)
            assert _is_sign_in_redirect(response, url), (method, url, response.status_code)


def test_every_staff_route_refuses_each_role_not_allowed_and_lets_allowed_roles_in(
    app: Flask, users: dict[str, int], values: dict[str, object]
) -> None:
    for rule in staff_rules(app):
        allowed = allowed_roles(app, rule)
        for role in ROLES:
            for method, url, data in _requests(rule, values):
                client = Browser(app.test_client())
                token = _token(client)
                start_signed_in(client, users[role])
                response = _send(client, method, url, data, token)
                if role in allowed:
                    # 400: let in, and the (empty) form was checked and refused
                    missing = (404,) if rule.endpoint in MAY_BE_MISSING else ()
                    assert response.status_code in (200, 302, 400, *missing), (role, method, url)
                    assert not _is_sign_in_redirect(response, url), (role, method, url)
                else:
                    assert response.status_code == 403, (role, method, url)
                    if method == "GET":
                        page = client.get(url, status=403)
                        assert page.h1 == "You cannot open this page"
