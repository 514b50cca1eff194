""" "You said, we did": add, change and list actions, and the rules an action must keep.

Every change is written to the audit log. No Flask globals: views and commands pass the session.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.actions.models import ACTION_STATUSES, Action
from portal.areas.services import area_by_id
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.content.bank import Bank
from portal.content.easy_read import MAX_WORDS_PER_SENTENCE, sentences

STATUS_NAMES = {"done": "Done", "on_track": "On track", "not_on_track": "Not on track"}
OWNER_LENGTH = 200
TEXT_LENGTH = 1000


@dataclass(frozen=True)
class ActionDraft:
    """What an administrator typed for an action, before it is checked."""

    theme_id: str = ""
    statement_id: str = ""  # "" : the whole theme
    area_id: int | None = None  # None: every area
    what: str = ""
    owner: str = ""
    due: date | None = None
    status: str = ""
    reason: str = ""
    easy_read: str = ""

    @classmethod
    def of(cls, action: Action) -> ActionDraft:
        """The draft an existing action would be typed as."""
        return cls(
            theme_id=action.theme_id,
            statement_id=action.statement_id or "",
            area_id=action.area_id,
            what=action.what,
            owner=action.owner,
            due=action.due,
            status=action.status,
            reason=action.reason or "",
            easy_read=action.easy_read,
        )


class ActionInvalid(ValueError):
    """The draft breaks a rule; `problems` maps each field's name to what to do about it."""

    def __init__(self, problems: Mapping[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{name}: {text}" for name, text in self.problems.items()))


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _cleaned(draft: ActionDraft) -> ActionDraft:
    """Spaces trimmed and runs of spaces made one; a reason only when it is not on track."""
    return ActionDraft(
        theme_id=draft.theme_id.strip(),
        statement_id=draft.statement_id.strip(),
        area_id=draft.area_id,
        what=_clean(draft.what),
        owner=_clean(draft.owner),
        due=draft.due,
        status=draft.status.strip(),
        reason=_clean(draft.reason) if draft.status.strip() == "not_on_track" else "",
        easy_read=_clean(draft.easy_read),
    )


def jargon_in(text: str, jargon: Mapping[str, str]) -> list[tuple[str, str]]:
    """(word, plainer words) for every jargon word or phrase in the text, as whole words."""
    found = []
    for word, instead in jargon.items():
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags=re.IGNORECASE):
            found.append((word, instead))
    return found


def easy_read_problem(text: str, jargon: Mapping[str, str]) -> str | None:
    """What to change so respondents can read the words easily, or None when they can."""
    for sentence in sentences(text):
        words = len(sentence.split())
        if words > MAX_WORDS_PER_SENTENCE:
            return (
                f"Use {MAX_WORDS_PER_SENTENCE} words or fewer in each sentence. "
                f"This sentence has {words} words: “{sentence}”"
            )
    for word, instead in jargon_in(text, jargon)[:1]:
        return f"People may not know the word “{word}”. Say “{instead}” instead."
    return None


def problems(db: Session, bank: Bank, draft: ActionDraft) -> dict[str, str]:
    """Field name -> what to change, in the order the form asks; empty when the draft is fine."""
    draft = _cleaned(draft)
    found: dict[str, str] = {}
    theme = bank.themes.get(draft.theme_id)
    if theme is None:
        found["theme_id"] = "Choose the theme this action is about."
    statement = bank.statements.get(draft.statement_id) if draft.statement_id else None
    if draft.statement_id and (statement is None or (theme and statement.theme != theme.id)):
        found["statement_id"] = (
            "Choose a sentence from the theme you chose, or choose “The whole theme”."
        )
    if draft.area_id is not None and area_by_id(db, draft.area_id) is None:
        found["area_id"] = "Choose an area from the list, or choose “Every area”."
    if not draft.what:
        found["what"] = "Say what will be done, for example: Train support staff in easy read."
    elif len(draft.what) > TEXT_LENGTH:
        found["what"] = f"Use {TEXT_LENGTH} letters or fewer to say what will be done."
    if not draft.owner:
        found["owner"] = "Type who is responsible for it, for example: Head of housing."
    elif len(draft.owner) > OWNER_LENGTH:
        found["owner"] = f"Use {OWNER_LENGTH} letters or fewer to say who is responsible."
    if draft.due is None:
        found["due"] = "Type the date it will be done by, for example 31 3 2027."
    if draft.status not in ACTION_STATUSES:
        found["status"] = "Choose done, on track or not on track."
    elif draft.status == "not_on_track" and not draft.reason:
        found["reason"] = "Say why it is not on track. People answering will see this reason."
    elif len(draft.reason) > TEXT_LENGTH:
        found["reason"] = f"Use {TEXT_LENGTH} letters or fewer for the reason."
    if not draft.easy_read:
        found["easy_read"] = "Type what people answering will read, in short and easy words."
    elif len(draft.easy_read) > TEXT_LENGTH:
        found["easy_read"] = f"Use {TEXT_LENGTH} letters or fewer for the easy read words."
    else:
        problem = easy_read_problem(draft.easy_read, bank.jargon)
        if problem:
            found["easy_read"] = problem
    return found


def _checked(db: Session, bank: Bank, draft: ActionDraft) -> ActionDraft:
    found = problems(db, bank, draft)
    if found:
        raise ActionInvalid(found)
    return _cleaned(draft)


def _fill(action: Action, draft: ActionDraft) -> None:
    action.theme_id = draft.theme_id
    action.statement_id = draft.statement_id or None
    action.area_id = draft.area_id
    action.what = draft.what
    action.owner = draft.owner
    action.due = draft.due  # type: ignore[assignment]  # never None: _checked refuses that
    action.status = draft.status
    action.reason = draft.reason or None
    action.easy_read = draft.easy_read


def add_action(db: Session, actor: StaffUser, bank: Bank, draft: ActionDraft) -> Action:
    """A new action, if the draft keeps every rule (else ActionInvalid); audited."""
    draft = _checked(db, bank, draft)
    action = Action(created_by=actor.id)
    _fill(action, draft)
    db.add(action)
    db.flush()
    record(db, actor, "action.added", f"action:{action.id}", _summary(draft))
    return action


def change_action(
    db: Session, actor: StaffUser, bank: Bank, action: Action, draft: ActionDraft
) -> list[str]:
    """Change an action if the draft keeps every rule (else ActionInvalid); audit what changed.

    Returns the names of the fields that changed (none: nothing is written)."""
    draft = _checked(db, bank, draft)
    before = ActionDraft.of(action)
    changed = [
        f.name for f in fields(ActionDraft) if getattr(before, f.name) != getattr(draft, f.name)
    ]
    if not changed:
        return []
    detail = "; ".join(
        f"{name}: {_shown(getattr(before, name))} to {_shown(getattr(draft, name))}"
        for name in changed
    )
    _fill(action, draft)
    db.flush()
    record(db, actor, "action.changed", f"action:{action.id}", detail)
    return changed


def _shown(value: object) -> str:
    if value in (None, ""):
        return "(none)"
    return STATUS_NAMES.get(str(value), str(value))


def _summary(draft: ActionDraft) -> str:
    return f"{draft.what} ({STATUS_NAMES[draft.status]}, due {draft.due}, owner {draft.owner})"


def all_actions(db: Session) -> list[Action]:
    """Every action, soonest due first."""
    return list(db.scalars(select(Action).order_by(Action.due, Action.id)))


def actions_for_area(db: Session, area_id: int | None) -> list[Action]:
    """The actions people in an area see: that area's own and those for every area.

    For "every area" (None), only the actions for every area."""
    query = select(Action).order_by(Action.due, Action.id)
    if area_id is None:
        query = query.where(Action.area_id.is_(None))
    else:
        query = query.where(or_(Action.area_id.is_(None), Action.area_id == area_id))
    return list(db.scalars(query))


def is_overdue(action: Action, today: date) -> bool:
    """Not done, and its due date has passed."""
    return action.status != "done" and action.due < today


def by_theme(bank: Bank, actions: list[Action]) -> list[tuple[str, list[Action]]]:
    """(theme id, its actions), themes in the content's order."""
    grouped: dict[str, list[Action]] = {}
    for action in actions:
        grouped.setdefault(action.theme_id, []).append(action)
    order = list(bank.themes)
    return sorted(
        grouped.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
    )
