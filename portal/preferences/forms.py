"""The preferences form: every choice a radio group with a picture-free, short label."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, Optional

from portal.shared.forms import ChoiceField, choices_from

CHOOSE_ONE = _l("Choose one of the answers on this page.")

OPTIONS = {
    "text": {"normal": _l("Normal"), "large": _l("Big"), "larger": _l("Very big")},
    "contrast": {"normal": _l("Normal colours"), "high": _l("Strong colours: yellow on black")},
    "pictures": {"on": _l("Show pictures"), "off": _l("Hide pictures")},
    "autoplay": {
        "off": _l("No. I press Listen."),
        "on": _l("Yes. Play each sentence when the page opens."),
    },
    "speech": {"normal": _l("Normal speed"), "slow": _l("A little slower")},
    "listen_buttons": {
        "small": _l("Yes. Show a small speaker beside each sentence."),
        "none": _l("No. I use the button that reads the whole page."),
    },
    "say_answer": {"on": _l("Yes. Say my answer."), "off": _l("No. Keep quiet.")},
}
DEFAULTS = {name: next(iter(values)) for name, values in OPTIONS.items()}


# Added later: a form sent without them (a page opened before they were) keeps what was chosen.
MAY_BE_MISSING = ("listen_buttons", "say_answer")


def _field(label: str, name: str) -> ChoiceField:
    return ChoiceField(
        label,
        choices=choices_from(OPTIONS[name]),
        validators=[Optional() if name in MAY_BE_MISSING else InputRequired(CHOOSE_ONE)],
        invalid_message=CHOOSE_ONE,
    )


class PreferencesForm(FlaskForm):
    text = _field(_l("How big should the words be?"), "text")
    contrast = _field(_l("Which colours?"), "contrast")
    pictures = _field(_l("Pictures"), "pictures")
    autoplay = _field(_l("Play each sentence when the page opens?"), "autoplay")
    speech = _field(_l("How fast should the voice talk?"), "speech")
    listen_buttons = _field(_l("Show a speaker beside each sentence?"), "listen_buttons")
    say_answer = _field(_l("Say my answer when I tap it?"), "say_answer")
