"""Staff areas are protected at the blueprint: sign-in and role are checked before every view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from portal.logs import security_event


class StaffBlueprint(Blueprint):
    """A blueprint whose every route needs a signed-in staff member with one of `allowed_roles`."""

    allowed_roles: frozenset[str]


def _forbidden(_error: Forbidden) -> tuple[str, int]:
    security_event(
        "forbidden", staff_user=current_user.id if current_user.is_authenticated else None
    )
    return render_template("staff/forbidden.html"), 403


def staff_blueprint(
    name: str, roles: Iterable[str], import_name: str | None = None, **options: Any
) -> StaffBlueprint:
    """A blueprint that sends anonymous visitors to sign in and refuses other roles (403)."""
    bp = StaffBlueprint(name, import_name or __name__, **options)
    bp.allowed_roles = frozenset(roles)

    @bp.before_request
    def _require_staff_role() -> Response | None:
        if not current_user.is_authenticated:
            # Flask-Login's init_app sets app.login_manager; Flask's own types cannot know it
            manager = current_app.login_manager  # type: ignore[attr-defined]  # see above
            sign_in: Response = manager.unauthorized()  # a redirect to the sign-in page
            return sign_in
        if current_user.role not in bp.allowed_roles:
            abort(403)
        return None

    bp.register_error_handler(403, _forbidden)
    return bp


def can_use(blueprint_name: str) -> bool:
    """Whether the signed-in staff member may open the staff blueprint with this name."""
    bp = current_app.blueprints.get(blueprint_name)
    return bool(
        current_user.is_authenticated
        and isinstance(bp, StaffBlueprint)
        and current_user.role in bp.allowed_roles
    )
