"""The "Change how this looks and sounds" page; choices live in one cookie."""

from __future__ import annotations

import json

from flask import Blueprint, g, redirect, render_template, request
from werkzeug.wrappers import Response

from portal.preferences.forms import DEFAULTS, OPTIONS, PreferencesForm
from portal.security import safe_next_url

bp = Blueprint("preferences", __name__)

COOKIE = "preferences"
ONE_YEAR = 365 * 24 * 3600


def current_preferences() -> dict[str, str]:
    """The visitor's choices, with defaults for anything missing or not allowed."""
    preferences: dict[str, str] | None = g.get("preferences")
    if preferences is None:
        try:
            saved = json.loads(request.cookies.get(COOKIE, "{}"))
        except (ValueError, RecursionError):  # not JSON, or nested too deeply to read
            saved = {}
        if not isinstance(saved, dict):
            saved = {}
        preferences = g.preferences = {
            name: saved[name] if saved.get(name) in values else DEFAULTS[name]
            for name, values in OPTIONS.items()
        }
    return preferences


@bp.route("/preferences", methods=["GET", "POST"])
def preferences() -> Response | tuple[str, int]:
    """Choose text size, colours, pictures, audio playing by itself, voice speed, speaker
    buttons and hearing an answer when it is tapped."""
    back = safe_next_url(request.values.get("next"))
    current = current_preferences()
    form = PreferencesForm(data=current)
    if form.validate_on_submit():
        chosen = {name: getattr(form, name).data or current[name] for name in OPTIONS}
        response = redirect(back)
        response.set_cookie(
            COOKIE,
            json.dumps(chosen),
            max_age=ONE_YEAR,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
        return response
    status = 400 if form.errors else 200
    return render_template("preferences/preferences.html", form=form, back=back), status
