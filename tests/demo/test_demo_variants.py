"""Demo answers give each statement only the answers it offers: no "Sometimes" for a one-off
event, "This is not about me" only where it applies (and then from some people). (The small
bank of tests/respond/variants.)"""

from __future__ import annotations

from collections import Counter

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.content import current_bank
from portal.db import utcnow
from portal.demo.services import make_demo_answers
from portal.groups.models import GroupVote
from portal.respond.models import Answer, Response
from tests.respond import variants

# The portal on the small bank (tests/respond/variants.py), for every test here
app = variants.app
variant_content = variants.variant_content
variant_database = variants.variant_database


def test_demo_answers_are_answers_each_statement_offers(app: Flask, db_session: Session) -> None:
    with app.app_context():
        bank = current_bank("en")
    made = make_demo_answers(db_session, bank, quarters=2, people=300, seed=3, now=utcnow())
    db_session.commit()
    assert made.responses == 300

    given: dict[str, Counter[str]] = {}
    for statement_id, value in db_session.execute(select(Answer.statement_id, Answer.value)):
        given.setdefault(statement_id, Counter())[value] += 1
    for statement_id, counts in given.items():
        offered = bank.statements[statement_id].answers
        # "skipped" (Next with no answer, then Skip) can be kept for any statement
        assert set(counts) - {"skipped"} <= set(offered), f"{statement_id}: {counts}"
    assert "sometimes" not in given["asked-before-move"]
    police = given["police-treat-well"]
    assert 0.1 < police["not_about_me"] / police.total() < 0.5, police
    assert police["yes"] and police["no"] and police["sometimes"], "others answer as usual"
    assert {"yes", "sometimes", "no"} <= set(given["people-listen"])

    for statement_id, value in db_session.execute(select(GroupVote.statement_id, GroupVote.value)):
        assert value in bank.statements[statement_id].answers, (statement_id, value)
    who = set(db_session.scalars(select(Response.answered_by)))
    assert {"on_behalf", "family_carer"} <= who
