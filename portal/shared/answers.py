"""The answer vocabulary: the five answers, who can be answering, their words and pictures.

English words are marked for the catalogue with `N_` and translated where a respondent sees
them (`ANSWER_WORDS`, `WHO_CHOICES`); staff pages and reports are English only.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext


def N_(message: str) -> str:  # noqa: N802  (the gettext convention for "mark, do not translate")
    """Mark `message` for the interface catalogue without translating it here."""
    return message


# value -> the English word; the order is the order of the choices on a question page
ANSWERS = {
    "yes": N_("Yes"),
    "sometimes": N_("Sometimes"),
    "no": N_("No"),
    "not_sure": N_("Not sure"),
    "not_about_me": N_("This is not about me"),  # only where a statement offers it
    "prefer_not": N_("I don't want to answer"),
}
ANSWER_VALUES = tuple(ANSWERS)
# Next with no answer, then "Skip": kept so reports can say how many skipped, apart from the
# answers (never a choice on the page, never a group vote).
SKIPPED = "skipped"
STORED_VALUES = (*ANSWER_VALUES, SKIPPED)
ANSWER_WORDS = {value: lazy_gettext(word) for value, word in ANSWERS.items()}
ANSWER_PICTURES = {
    "yes": "answer-yes",
    "sometimes": "answer-sometimes",
    "no": "answer-no",
    "not_sure": "answer-not-sure",
    "not_about_me": "answer-not-about-me",
    "prefer_not": "answer-skip",
}
# Someone answering for another person reads "This is not about them".
NOT_ABOUT_THEM = lazy_gettext(N_("This is not about them"))
ANSWER_WORDS_FOR_ANOTHER = {**ANSWER_WORDS, "not_about_me": NOT_ABOUT_THEM}


def answer_words_for(answered_by: str | None) -> Mapping[str, object]:
    """The answer words this person reads: "This is not about them" for someone answering for
    another person, "This is not about me" for everyone else."""
    return ANSWER_WORDS_FOR_ANOTHER if answered_by == "on_behalf" else ANSWER_WORDS


# Who is answering: recorded with every answer and kept apart in reports.
WHO = {
    "own": N_("Me, on my own"),
    "with_help": N_("Me, with help from someone"),
    "on_behalf": N_("I am answering for another person"),
    "family_carer": N_("I look after someone in my family. I am answering about me."),
}
ANSWERED_BY = tuple(WHO)
WHO_CHOICES = {value: lazy_gettext(words) for value, words in WHO.items()}
WHO_PICTURES = {
    "own": "who-me",
    "with_help": "who-me-with-help",
    "on_behalf": "who-on-behalf",
    "family_carer": "who-family-carer",
}


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK constraint: `column IN ('a', 'b')` (values are our own constants)."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"
