"""Demo answers: a believable run of responses so every staff page and report has something
to show before real people have answered.

Everything made here is marked, so it can be found again and never doubled, with marks no real
data can have: responses have tokens starting "demo." (a real token, from
secrets.token_urlsafe, never holds a "."), group sessions have join codes starting "demo" (a
real code is digits only, and a tablet's typed code is cut to digits, so none can join one).
Their names end "(demo)" for people to see, but a real group may be called that too: the name
is never used to find them. Flags, comments, answers, tablets and group votes hang off those.
Nothing names a person.

The answers are drawn, not copied: each statement has its own chance of the good answer
("Yes", or "No" where No is good), nudged by area and drifting a little from quarter to
quarter, so reports differ by statement, area and period the way real ones would. Each
statement gets only the answers it offers (content: no "Sometimes" for a one-off event; "This
is not about me" only where it may not apply, and then from a good share of people).
"""

from __future__ import annotations

import random
import secrets
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from portal.areas.services import active_areas, ensure_demo_areas
from portal.auth.models import StaffUser
from portal.auth.services import create_user, user_by_email
from portal.comments.models import Comment, CommentTheme
from portal.content.bank import Bank
from portal.content.models import Questionnaire, Statement
from portal.db import new_record_key, rowcount
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession, KioskTablet
from portal.reports.periods import Quarter
from portal.respond.models import Answer, Response
from portal.respond.services import raises_safety_flag
from portal.safety.models import SafetyFlag
from portal.shared.answers import ANSWER_VALUES, SKIPPED

TOKEN_PREFIX = "demo."  # noqa: S105  (a marker, not a password)  # nosec B105
JOIN_CODE_PREFIX = "demo"  # and four hex digits: 8 characters, as the column allows
SESSION_MARK = " (demo)"  # for people to see; never used to find demo sessions
SELF_ADVOCATES = "self-advocates"
FAMILY_CARERS = "family-carers"
DEMO_FACILITATOR = ("demo-facilitator@example.org", "Demo facilitator")
FACILITATOR_EMAILS = ("demo-admin@example.org",)
SAFETY_LEAD_EMAILS = ("demo-safety-lead@example.org", "demo-admin@example.org")
_Choice = TypeVar("_Choice")  # what _pick picks: an area id, a language, who answered

LANGUAGE_WEIGHTS = {"en": 72, "cy": 8, "pl": 6, "ur": 6, "gu": 4, "pa": 4}
FAMILY_CARER_SHARE = 0.28
SESSION_SHARE = 0.45  # of self-advocates, when the quarter had group sessions
UNFINISHED_SHARE = 0.08
SESSIONS_PER_QUARTER = 3
QUARTER_DRIFT = 0.06  # largest change in the chance of the good answer from one quarter to the next
# Of the people asked a statement that may not apply (hospital, police, a job), how many say
# "This is not about me": drawn for each statement between these
NOT_ABOUT_ME_SHARE = (0.15, 0.45)
# The answers of a statement the bank no longer has (an older questionnaire version)
USUAL_ANSWERS = tuple(value for value in ANSWER_VALUES if value != "not_about_me")
SESSION_NAMES = ("speak-up group", "self-advocacy drop-in", "self-advocacy meeting")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Who answered: in a group session people answer themselves or with help; at home someone
# may answer for another person.
WHO_IN_SESSION = {"own": 75, "with_help": 25}
WHO_AT_HOME = {"own": 50, "with_help": 20, "on_behalf": 30}
COMMENTS = {
    "listened-to": "At my review meeting people asked me first. That was good.",
    "safe-where-i-live": "It is noisy at night where I live and I do not sleep well.",
    "home-feels-mine": "I would like to choose the colour of my bedroom.",
    "talked-about-not-there": "At the doctors they talk to my support worker, not to me.",
    "good-health-care": "I waited a long time to see the dentist.",
    "lonely": "I would like to see my friends more at the weekend.",
    "my-choice-what-i-do": "The bus to the club stopped, so I cannot go any more.",
    "staff-know-me": "New staff keep changing, so I have to explain things again.",
    "learn-new-skills": "I want to go on a cooking course.",
    "hear-back": "Nobody told us what happened after the last meeting.",
    "carer-break": "We waited months for a reply about a short break.",
    "carer-asked-what-help": "The carer's assessment forms are too long.",
    "carer-fight-for-everything": "Every review feels like starting again from nothing.",
    "carer-no-chasing": "I phone three times before anyone gets back to me.",
    "tell-story-again": "Each new worker asks the same questions.",
}
FLAG_NOTES = (
    "Spoke to the group facilitator on the day; the support provider is following it up.",
    "Phoned the family; they were already in touch with the social worker. No further action.",
    "Passed to the local safeguarding team, who made contact the same day.",
    "Checked in with the person's key worker; a meeting is booked for next week.",
    "Talked it through with the person at the session; they were happy with the help agreed.",
)


@dataclass
class DemoSummary:
    """What was made, for the command to print."""

    responses: int = 0
    answers: int = 0
    areas: int = 0
    quarters: list[Quarter] = field(default_factory=list)
    sessions: int = 0
    group_votes: int = 0
    flags: int = 0
    flags_followed_up: int = 0
    comments: int = 0


@dataclass(frozen=True)
class _Form:
    """A questionnaire's row and, for each statement in order, its direction and safety, and
    the answers each statement offers (by statement id)."""

    id: int
    statements: tuple[Statement, ...]
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def answers_to(self, statement: Statement) -> tuple[str, ...]:
        return self.answers.get(statement.id, USUAL_ANSWERS)


@dataclass
class _Session:
    id: int
    area_id: int
    opened_at: datetime
    tablets: list[int] = field(default_factory=list)  # kiosk_tablet ids, by number - 1
    people: int = 0


def has_demo_answers(db: Session) -> bool:
    """Whether demo responses or demo group sessions are there."""
    return (
        db.scalar(select(Response.id).where(_demo_response()).limit(1)) is not None
        or db.scalar(select(GroupSession.id).where(_demo_session()).limit(1)) is not None
    )


def _demo_response() -> ColumnElement[bool]:
    return Response.token.startswith(TOKEN_PREFIX, autoescape=True)


def _demo_session() -> ColumnElement[bool]:
    return GroupSession.join_code.startswith(JOIN_CODE_PREFIX, autoescape=True)


def _demo_rows() -> dict[str, tuple[type[Any], ColumnElement[bool]]]:
    """Each kind of demo row, by what `flask demo answers --replace` calls it, with its table
    and the condition that finds it (demo marks only, never a name); in the order they can be
    deleted, rows that point at others first."""
    responses = select(Response.id).where(_demo_response()).scalar_subquery()
    sessions = select(GroupSession.id).where(_demo_session()).scalar_subquery()
    comments = select(Comment.id).where(Comment.response_id.in_(responses)).scalar_subquery()
    return {
        "safety flags": (
            SafetyFlag,
            or_(SafetyFlag.response_id.in_(responses), SafetyFlag.session_id.in_(sessions)),
        ),
        "comment themes": (CommentTheme, CommentTheme.comment_id.in_(comments)),
        "comments": (Comment, Comment.response_id.in_(responses)),
        "answers": (Answer, Answer.response_id.in_(responses)),
        "responses": (Response, _demo_response()),
        "group votes": (GroupVote, GroupVote.session_id.in_(sessions)),
        "tablets": (KioskTablet, KioskTablet.session_id.in_(sessions)),
        "group sessions": (GroupSession, _demo_session()),
    }


# What `flask demo answers --replace` names before it deletes, in this order.
SHOWN_KINDS = ("responses", "answers", "comments", "safety flags", "group sessions", "group votes")


def count_demo_answers(db: Session) -> dict[str, int]:
    """How many of each kind of demo row `remove_demo_answers` would delete."""
    rows = _demo_rows()
    return {
        kind: int(
            db.scalar(select(func.count()).select_from(rows[kind][0]).where(rows[kind][1])) or 0
        )
        for kind in SHOWN_KINDS
    }


def remove_demo_answers(db: Session) -> int:
    """Delete every demo response and demo group session, and what hangs off them (found by
    their demo marks only: real data stays, whatever it is called).

    Returns how many responses went."""
    quietly = {"synchronize_session": False}
    deleted = {
        kind: rowcount(db.execute(delete(table).where(which), execution_options=quietly))
        for kind, (table, which) in _demo_rows().items()
    }
    db.flush()
    return int(deleted["responses"] or 0)


def _latest_form(db: Session, slug: str, bank: Bank) -> _Form:
    questionnaire = db.scalar(
        select(Questionnaire)
        .where(Questionnaire.slug == slug)
        .order_by(Questionnaire.version.desc())
    )
    if questionnaire is None:
        raise LookupError(f"questionnaire '{slug}' is not loaded: run `flask content load` first")
    ids = [item.statement_id for item in questionnaire.items]
    statements = {s.id: s for s in db.scalars(select(Statement).where(Statement.id.in_(ids)))}
    answers = {i: bank.statements[i].answers for i in ids if i in bank.statements}
    return _Form(questionnaire.id, tuple(statements[i] for i in ids), answers)


def _staff(db: Session, emails: Sequence[str], roles: Sequence[str]) -> StaffUser | None:
    for email in emails:
        user = user_by_email(db, email)
        if user is not None:
            return user
    return db.scalar(
        select(StaffUser)
        .where(StaffUser.role.in_(roles), StaffUser.active)
        .order_by(StaffUser.id)
        .limit(1)
    )


def _facilitator(db: Session) -> StaffUser:
    """The demo administrator, another facilitator or administrator, or a new demo facilitator."""
    user = _staff(db, FACILITATOR_EMAILS, ("facilitator", "administrator"))
    if user is None:
        email, name = DEMO_FACILITATOR
        user = user_by_email(db, email) or create_user(
            db, email, name, "facilitator", secrets.token_urlsafe(18)
        )
    return user


class _Chances:
    """The chance of each answer for a statement, in an area, in a quarter."""

    def __init__(self, rng: random.Random, forms: Sequence[_Form], areas: Sequence[int]) -> None:
        self.base: dict[tuple[int, str], float] = {}
        self.drift: dict[tuple[int, str], float] = {}
        self.area: dict[tuple[int, str, int], float] = {}
        self.answers: dict[tuple[int, str], tuple[str, ...]] = {}
        self.not_about_me: dict[tuple[int, str], float] = {}
        for form in forms:
            for statement in form.statements:
                key = (form.id, statement.id)
                self.answers[key] = form.answers_to(statement)
                self.not_about_me[key] = rng.uniform(*NOT_ABOUT_ME_SHARE)
                self.base[key] = 0.92 if statement.safety else rng.uniform(0.35, 0.8)
                self.drift[key] = 0.0 if statement.safety else rng.uniform(-1, 1) * QUARTER_DRIFT
                for area in areas:
                    self.area[(form.id, statement.id, area)] = rng.gauss(0, 0.07)

    def weights(
        self, form: int, statement: Statement, area: int, quarters_ago: int, who: str
    ) -> dict[str, float]:
        """The chance of each answer the statement offers, by answer value."""
        key = (form, statement.id)
        answers = self.answers[key]
        good = self.base[key] + self.area[(*key, area)] - self.drift[key] * quarters_ago
        good = min(0.95, max(0.05, good))
        rest = 1 - good
        if statement.safety:  # worrying answers to safety statements are rare
            shares = {"sometimes": 0.65, "bad": 0.15, "not_sure": 0.08, "prefer_not": 0.12}
        else:
            shares = {"sometimes": 0.38, "bad": 0.4, "not_sure": 0.15, "prefer_not": 0.07}
        if who == "on_behalf":  # answering for someone else: less sure
            shares["not_sure"] *= 2
        if "sometimes" not in answers:  # one event: it happened or it did not
            shares["bad"] += shares.pop("sometimes")
        good_answer, bad_answer = (
            ("yes", "no") if statement.direction == "yes_good" else ("no", "yes")
        )
        weights = {good_answer: good, bad_answer: rest * shares.pop("bad")}
        weights |= {value: rest * share for value, share in shares.items()}
        if "not_about_me" in answers:  # everyone else answers as usual
            applies = 1 - self.not_about_me[key]
            weights = {value: weight * applies for value, weight in weights.items()}
            weights["not_about_me"] = self.not_about_me[key]
        return {value: weights[value] for value in answers}


def _pick(rng: random.Random, weights: Mapping[_Choice, float]) -> _Choice:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _window(quarter: Quarter, now: datetime) -> tuple[datetime, datetime]:
    """When people could have started answering in this quarter: not in the future."""
    start = _at(quarter.start, 0)
    end = min(_at(quarter.end, 0), now - timedelta(hours=1))
    return start, max(end, start + timedelta(minutes=1))


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def _join_codes(db: Session, rng: random.Random) -> Iterator[str]:
    """Demo join codes: "demo" and four hex digits, a code no real session can have."""
    used = set(db.scalars(select(GroupSession.join_code)))
    while True:
        code = f"{JOIN_CODE_PREFIX}{rng.randrange(16**4):04x}"
        if code not in used:
            used.add(code)
            yield code


def _make_sessions(
    db: Session,
    rng: random.Random,
    quarter: Quarter,
    now: datetime,
    areas: Sequence[int],
    form: _Form,
    facilitator: int,
    codes: Iterator[str],
) -> list[_Session]:
    """A few closed group sessions in the quarter, each in an area, all in the past."""
    start, end = _window(quarter, now)
    last_day = (min(end, now - timedelta(hours=3)) - timedelta(hours=13)).date()
    days = (last_day - quarter.start).days
    if days < 0:
        return []
    made = []
    for number in range(SESSIONS_PER_QUARTER):
        day = quarter.start + timedelta(days=rng.randint(0, days))
        if day.weekday() == 6 and day > quarter.start:  # no sessions on a Sunday
            day -= timedelta(days=1)
        opened = _at(day, rng.choice((10, 13)), rng.choice((0, 30)))
        area = areas[(number + quarter.number) % len(areas)]
        group = GroupSession(
            join_code=next(codes),
            group_name=f"{WEEKDAYS[day.weekday()]} {rng.choice(SESSION_NAMES)}{SESSION_MARK}",
            area_id=area,
            questionnaire_id=form.id,
            session_date=day,
            facilitator_id=facilitator,
            opened_at=opened,
            closed_at=opened + timedelta(hours=2),
        )
        db.add(group)
        db.flush()
        made.append(_Session(group.id, area, opened))
    return made


@dataclass
class _Person:
    form: _Form
    quarter_index: int
    area: int
    who: str
    language: str
    started_at: datetime
    finished: bool
    session: _Session | None = None
    tablet: int | None = None


def _people(
    rng: random.Random,
    count: int,
    quarters: Sequence[Quarter],
    sessions: Sequence[Sequence[_Session]],
    now: datetime,
    forms: tuple[_Form, _Form],
    areas: Mapping[int, float],
    languages: Mapping[str, float],
) -> list[_Person]:
    """Who answered, where and when: spread evenly over the quarters."""
    self_advocates, family_carers = forms
    found = []
    for index in range(count):
        quarter_index = index * len(quarters) // count
        start, end = _window(quarters[quarter_index], now)
        language = _pick(rng, languages)
        finished = rng.random() > UNFINISHED_SHARE
        groups = sessions[quarter_index]
        if rng.random() < FAMILY_CARER_SHARE:
            person = _Person(
                family_carers, quarter_index, _pick(rng, areas), "family_carer", language,
                _moment(rng, start, end), finished,
            )  # fmt: skip
        elif groups and rng.random() < SESSION_SHARE:
            group = rng.choice(groups)
            started = group.opened_at + timedelta(minutes=rng.randint(5, 75))
            person = _Person(
                self_advocates, quarter_index, group.area_id, _pick(rng, WHO_IN_SESSION),
                language, started, finished, group,
            )  # fmt: skip
            group.people += 1
        else:
            person = _Person(
                self_advocates, quarter_index, _pick(rng, areas), _pick(rng, WHO_AT_HOME),
                language, _moment(rng, start, end), finished,
            )  # fmt: skip
        found.append(person)
    return found


def _add_tablets(db: Session, sessions: Sequence[_Session], people: Sequence[_Person]) -> None:
    """Up to six tablets per session; each person used one in turn ("Next person")."""
    for group in sessions:
        if not group.people:
            continue
        count = min(6, group.people)
        seated = [p for p in people if p.session is group]
        served = [len(seated[n::count]) for n in range(count)]
        rows = [
            {
                "session_id": group.id,
                "number": n + 1,
                "generation": served[n] - 1,
                "joined_at": group.opened_at,
            }
            for n in range(count)
        ]
        db.execute(insert(KioskTablet), rows)
        group.tablets = list(
            db.scalars(
                select(KioskTablet.id)
                .where(KioskTablet.session_id == group.id)
                .order_by(KioskTablet.number)
            )
        )
        db.get_one(GroupSession, group.id).tablets_joined = count
        for turn, person in enumerate(seated):
            person.tablet = turn % count


def _answers(
    rng: random.Random, person: _Person, chances: _Chances, quarters: int
) -> list[tuple[Statement, str, datetime]]:
    """One person's answers in order, with when each was given; unfinished ones stop early."""
    statements = person.form.statements
    count = len(statements) if person.finished else rng.randint(1, len(statements) - 1)
    ago = quarters - 1 - person.quarter_index
    moment = person.started_at
    found = []
    for statement in statements[:count]:
        moment += timedelta(seconds=rng.randint(20, 90))
        weights = chances.weights(person.form.id, statement, person.area, ago, person.who)
        value = _pick(rng, weights)
        found.append((statement, SKIPPED if _skips(person, statement) else value, moment))
    return found


SKIP_ONE_IN = 40  # about 1 answer in 40 skipped (Next with no answer, then "Skip")


def _skips(person: _Person, statement: Statement) -> bool:
    """Whether this person skipped this statement: fixed by who and what, and drawing nothing
    from the random numbers, so the rest of the demo stays as it was."""
    name = f"{person.started_at.isoformat()} {person.form.id} {statement.id}"
    return zlib.crc32(name.encode()) % SKIP_ONE_IN == 0


def make_demo_answers(
    db: Session,
    bank: Bank,
    *,
    quarters: int = 2,
    people: int = 240,
    seed: int = 1,
    languages: Sequence[str] = ("en",),
    now: datetime,
) -> DemoSummary:
    """Add demo responses, answers, sessions, votes, flags and comments; flush, not commit.
    `bank`: the statement bank, for the answers each statement offers."""
    rng = random.Random(seed)  # noqa: S311  (made-up answers, not secrets)  # nosec B311
    forms = (_latest_form(db, SELF_ADVOCATES, bank), _latest_form(db, FAMILY_CARERS, bank))
    areas = [area.id for area in active_areas(db)]
    if not areas:
        ensure_demo_areas(db)
        areas = [area.id for area in active_areas(db)]
    facilitator = _facilitator(db)
    safety_lead = (
        _staff(db, SAFETY_LEAD_EMAILS, ("safeguarding_lead", "administrator")) or facilitator
    )
    periods = [Quarter.of(now)]
    while len(periods) < quarters:
        periods.insert(0, periods[0].previous())
    codes = _join_codes(db, rng)
    sessions = [
        _make_sessions(db, rng, q, now, areas, forms[0], facilitator.id, codes) for q in periods
    ]
    area_weights = {area: rng.uniform(0.6, 1.4) for area in areas}
    language_weights = {code: LANGUAGE_WEIGHTS.get(code, 3) for code in languages}
    crowd = _people(rng, people, periods, sessions, now, forms, area_weights, language_weights)
    _add_tablets(db, [s for group in sessions for s in group], crowd)

    chances = _Chances(rng, forms, areas)
    given = [_answers(rng, person, chances, len(periods)) for person in crowd]
    rows: list[dict[str, Any]] = []
    for person, answered in zip(crowd, given, strict=True):
        group = person.session
        rows.append(
            {
                "token": TOKEN_PREFIX + secrets.token_urlsafe(24),
                "questionnaire_id": person.form.id,
                "language": person.language,
                "answered_by": person.who,
                "started_at": person.started_at,
                "finished_at": answered[-1][2] + timedelta(seconds=30) if person.finished else None,
                "has_answers": bool(answered),
                "record_key": new_record_key(),
                "area_id": person.area,
                "session_id": group.id if group else None,
                "tablet_id": None if group is None else group.tablets[person.tablet or 0],
            }
        )
    db.execute(insert(Response), rows)
    made = db.execute(select(Response.token, Response.id).where(_demo_response()))
    ids = {token: response_id for token, response_id in made}
    response_ids = [ids[row["token"]] for row in rows]
    questionnaire_of = {ids[row["token"]]: row["questionnaire_id"] for row in rows}
    copied = [Response(**row).copied_details() for row in rows]  # kept on each answer
    answers = [
        {"response_id": response_id, "statement_id": s.id, "value": value, "answered_at": at}
        | details
        for response_id, details, answered in zip(response_ids, copied, given, strict=True)
        for s, value, at in answered
    ]
    db.execute(insert(Answer), answers)
    worrying = [
        (person, response_id, s.id, value, at)
        for person, response_id, answered in zip(crowd, response_ids, given, strict=True)
        for s, value, at in answered
        if raises_safety_flag(s, value)
    ]

    summary = DemoSummary(
        responses=len(rows),
        answers=len(answers),
        areas=len({p.area for p in crowd}),
        quarters=periods,
        sessions=sum(1 for group in sessions for s in group),
    )
    summary.group_votes = _add_group_votes(db, rng, sessions, forms[0], chances, facilitator.id)
    flags: list[dict[str, Any]] = [
        {
            "kind": "answer",
            "statement_id": statement_id,
            "answer": value,
            "response_id": response_id,
            "questionnaire_id": questionnaire_of[response_id],
            "area_id": person.area,
            "session_id": person.session.id if person.session else None,
            "tablet_number": person.tablet + 1 if person.tablet is not None else None,
            "raised_at": moment,
        }
        for person, response_id, statement_id, value, moment in worrying
    ]
    helped = rng.sample(range(len(crowd)), k=min(len(crowd), max(2, len(crowd) // 80)))
    for index in helped:
        person = crowd[index]
        flags.append(
            {
                "kind": "help_link",
                "statement_id": None,
                "answer": None,
                "response_id": response_ids[index],
                "questionnaire_id": questionnaire_of[response_ids[index]],
                "area_id": person.area,
                "session_id": person.session.id if person.session else None,
                "tablet_number": person.tablet + 1 if person.tablet is not None else None,
                "raised_at": person.started_at + timedelta(minutes=rng.randint(1, 8)),
            }
        )
    for flag in flags:
        # Followed up within a day or so, except the ones raised in the last two days.
        done = flag["raised_at"] + timedelta(minutes=rng.randint(20, 30 * 60))
        open_still = flag["raised_at"] > now - timedelta(days=2) or done > now
        flag["acknowledged_at"] = None if open_still else done
        flag["acknowledged_by"] = None if open_still else safety_lead.id
        flag["action_note"] = None if open_still else rng.choice(FLAG_NOTES)
        flag["record_key"] = new_record_key()
    if flags:
        db.execute(insert(SafetyFlag), flags)
    summary.flags = len(flags)
    summary.flags_followed_up = sum(1 for flag in flags if flag["acknowledged_at"] is not None)
    summary.comments = _add_comments(db, rng, answers, len(crowd))
    db.flush()
    return summary


def _add_group_votes(
    db: Session,
    rng: random.Random,
    sessions: Sequence[Sequence[_Session]],
    form: _Form,
    chances: _Chances,
    facilitator: int,
) -> int:
    """In most sessions the group voted together on the shared screen for a few statements."""
    rows: list[dict[str, Any]] = []
    for ago, groups in enumerate(reversed(sessions)):
        for group in groups:
            if rng.random() < 0.3:
                continue
            in_room = group.people + rng.randint(2, 6)
            for statement in rng.sample(form.statements, k=min(3, len(form.statements))):
                weights = chances.weights(form.id, statement, group.area_id, ago, "own")
                votes = dict.fromkeys(weights, 0)
                for value in rng.choices(list(weights), weights=list(weights.values()), k=in_room):
                    votes[value] += 1
                rows.extend(
                    {
                        "session_id": group.id,
                        "statement_id": statement.id,
                        "value": value,
                        "votes": count,
                        "recorded_at": group.opened_at + timedelta(minutes=90),
                        "recorded_by": facilitator,
                        "record_key": new_record_key(),
                    }
                    for value, count in votes.items()
                    if count
                )
    if rows:
        db.execute(insert(GroupVote), rows)
    return len(rows)


def _add_comments(
    db: Session, rng: random.Random, answers: list[dict[str, Any]], people: int
) -> int:
    """A few "tell us more" comments waiting for moderation, each on a different statement
    someone answered."""
    by_statement: dict[str, list[dict[str, Any]]] = {}
    for answer in answers:
        if answer["statement_id"] in COMMENTS:
            by_statement.setdefault(answer["statement_id"], []).append(answer)
    statements = sorted(by_statement)
    chosen = rng.sample(statements, k=min(len(statements), max(3, people // 30)))
    rows = []
    for statement_id in chosen:
        answer = rng.choice(by_statement[statement_id])
        rows.append(
            {
                "response_id": answer["response_id"],
                "statement_id": statement_id,
                "text": COMMENTS[statement_id],
                "status": "pending",
                "created_at": answer["answered_at"],
            }
        )
    if rows:
        db.execute(insert(Comment), rows)
    return len(rows)
