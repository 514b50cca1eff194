"""Every staff route is protected at its blueprint: this walks app.url_map to prove it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from portal.auth.access import StaffBlueprint
from portal.auth.models import ROLES
from portal.safety.models import SafetyFlag
from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser

PUBLIC_STAFF_ENDPOINTS = {"auth.sign_in"}


def staff_rules(app: Flask) -> list[Rule]:
    """Every route under /staff/ except the sign-in page."""
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/staff/") and rule.endpoint not in PUBLIC_STAFF_ENDPOINTS
        ),
        key=lambda rule: rule.rule,
    )


def allowed_roles(app: Flask, rule: Rule) -> frozenset[str]:
    blueprint = app.blueprints.get(rule.endpoint.split(".")[0])
    assert isinstance(blueprint, StaffBlueprint), (
        f"{rule.rule} is not in a blueprint made by staff_blueprint()"
    )
    return blueprint.allowed_roles


@pytest.fixture
def flag_id(db_session: Session) -> int:
    flag = SafetyFlag(kind="help_link")
    db_session.add(flag)
    db_session.commit()
    return flag.id


def _requests(rule: Rule, flag_id: int) -> list[tuple[str, str, dict[str, str]]]:
    """(method, url, form data) for one rule; a new route with arguments must be added here."""
    values = {"flag_id": flag_id}
    assert rule.arguments <= values.keys(), f"give a test value for {rule.arguments} of {rule}"
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
    app: Flask, client: Browser, flag_id: int
) -> None:
    token = _token(client)
    for rule in staff_rules(app):
        allowed_roles(app, rule)
        for method, url, data in _requests(rule, flag_id):
            response = _send(client, method, url, data, token)
            assert _is_sign_in_redirect(response, url), (method, url, response.status_code)


def test_every_staff_route_refuses_each_role_not_allowed_and_lets_allowed_roles_in(
    app: Flask, flag_id: int
) -> None:
    users = {role: add_staff(app, role) for role in ROLES}
    for rule in staff_rules(app):
        allowed = allowed_roles(app, rule)
        for role in ROLES:
            for method, url, data in _requests(rule, flag_id):
                client = Browser(app.test_client())
                token = _token(client)
                start_signed_in(client, users[role])
                response = _send(client, method, url, data, token)
                if role in allowed:
                    assert response.status_code in (200, 302), (role, method, url)
                    assert not _is_sign_in_redirect(response, url), (role, method, url)
                else:
                    assert response.status_code == 403, (role, method, url)
                    if method == "GET":
                        page = client.get(url, status=403)
                        assert page.h1 == "You cannot open this page"
