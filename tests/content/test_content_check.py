"""`flask content check` finds every kind of mistake, names file and line, and loads nothing bad."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.content.bank import ContentError
from portal.content.checker import check, load_bank
from portal.content.models import Questionnaire, Statement
from portal.content.services import sync_bank

REAL = PROJECT_ROOT / "content"
LISTENED = "statements/being-listened-to.yaml"


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the real content with one change in one file."""
    root = tmp_path / "content"
    shutil.copytree(REAL, root)
    target = root / file
    text = target.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {file}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def line_of(root: Path, file: str, needle: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if needle in line][-1]


def messages(root: Path) -> list[str]:
    bank, problems = check(root)
    assert bank is None, "broken content must not load"
    return [str(p) for p in problems]


def test_the_real_statement_bank_passes_and_is_big_enough() -> None:
    bank = load_bank(REAL)
    assert len(bank.themes) >= 12
    assert len(bank.statements) >= 45
    assert {s.theme for s in bank.statements.values()} == set(bank.themes)
    self_advocates = bank.questionnaire_for("self_advocate")
    family = bank.questionnaire_for("family_carer")
    # issue 14: the self-advocates' questionnaire stays short (12-15), the carers' 10-13
    assert 12 <= len(self_advocates.statement_ids) <= 15
    assert 10 <= len(family.statement_ids) <= 13
    assert "safe-where-i-live" in self_advocates.statement_ids
    assert bank.statements["safe-where-i-live"].text == "I feel safe where I live."
    no_good = [s for s in self_advocates.statement_ids if bank.statements[s].direction == "no_good"]
    assert len(no_good) >= 2, "directions are mixed against acquiescence"


def test_every_statement_says_where_its_words_come_from() -> None:
    for statement in load_bank(REAL).statements.values():
        source = statement.source
        assert source.origin in ("seed", "adapted", "proposed locally")
        if source.origin in ("seed", "adapted"):
            assert source.seed and source.lines and source.quote, statement.id


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "expected"),
    [
        (
            LISTENED,
            "picture: ear",
            "picture: no-such-picture",
            "no-such-picture",
            "unknown picture 'no-such-picture'",
        ),
        (
            LISTENED,
            "    direction: yes_good\n",
            "",
            "- id: listened-to",
            "statement is missing field 'direction'",
        ),
        (
            LISTENED,
            "id: explained-my-way",
            "id: listened-to",
            "id: listened-to",
            "duplicate statement id 'listened-to'",
        ),
        (
            LISTENED,
            "text: People listen to me.",
            "text: People listen to me when I talk about the things that matter to me every day.",
            "text: People listen to me when",
            "sentence has 16 words",
        ),
        (
            LISTENED,
            "text: People listen to me.",
            "text: People facilitate my choices.",
            "facilitate",
            "jargon word 'facilitate'",
        ),
        (
            "questionnaires.yaml",
            "      - lonely\n",
            "      - lonely\n      - no-such-statement\n",
            "no-such-statement",
            "unknown statement 'no-such-statement'",
        ),
        (
            LISTENED,
            'quote: "people, services, staff who listen to me"',
            'quote: "people who never listen"',
            "people who never listen",
            "quote is not in sources/004_65a1ddd8f0e39343.txt lines 658",
        ),
        (
            LISTENED,
            "    theme: being-listened-to\n    text: People listen",
            "    theme: being-heard\n    text: People listen",
            "theme: being-heard",
            "unknown theme 'being-heard'",
        ),
        (
            LISTENED,
            "    direction: yes_good\n",
            "    direction: yes_good\n    colour: red\n",
            "colour: red",
            "unknown field 'colour' in statement",
        ),
        (
            LISTENED,
            "    picture: ear\n",
            "    picture: ear\n    picture: eye\n",
            "picture: eye",
            "duplicate key 'picture'",
        ),
        (
            "pictures.yaml",
            'openmoji: "2714"',
            'openmoji: "12345"',
            "12345",
            "no OpenMoji picture '12345'",
        ),
    ],
    ids=[
        "unknown picture",
        "missing field",
        "duplicate id",
        "long sentence",
        "jargon",
        "unknown statement in questionnaire",
        "misquoted source",
        "unknown theme",
        "unknown field",
        "duplicate key",
        "missing OpenMoji file",
    ],
)
def test_content_check_names_file_line_and_problem(
    tmp_path: Path, file: str, old: str, new: str, needle: str, expected: str
) -> None:
    root = broken(tmp_path, file, old, new)
    found = messages(root)
    line = line_of(root, file, needle)
    prefix = f"{Path(root, file)}"
    assert any(expected in m for m in found), found
    located = [m for m in found if expected in m]
    assert any(m.split(":")[0].endswith(file) for m in located), located
    assert any(f":{line}:" in m for m in located) or file == "questionnaires.yaml", (line, located)
    assert prefix  # path printed relative to the working directory


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    root = broken(tmp_path, LISTENED, "    text: People listen to me.", "    text: [unclosed")
    found = messages(root)
    assert any("not valid YAML" in m and LISTENED in m for m in found), found


def test_a_self_advocate_questionnaire_without_a_safety_statement_is_refused(
    tmp_path: Path,
) -> None:
    root = broken(tmp_path, "questionnaires.yaml", "      - safe-where-i-live\n", "")
    root_text = (root / "questionnaires.yaml").read_text()
    root_text = root_text.replace("      - safe-to-speak-up\n", "")
    (root / "questionnaires.yaml").write_text(root_text)
    assert any("needs a safety statement" in m for m in messages(root))


def test_content_check_command_exits_non_zero_and_prints_each_problem(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    root = broken(tmp_path, LISTENED, "picture: ear", "picture: nothing-here")
    result = runner.invoke(args=["content", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert "unknown picture 'nothing-here'" in result.output
    good = runner.invoke(args=["content", "check"])
    assert good.exit_code == 0
    assert "Content is fine" in good.output


def test_loading_bad_content_never_half_loads(
    runner: FlaskCliRunner, db_session: Session, tmp_path: Path
) -> None:
    before = db_session.scalar(select(func.count(Statement.id)))
    root = broken(tmp_path, "questionnaires.yaml", "      - lonely\n", "      - nowhere\n")
    runner.app.config["CONTENT_DIR"] = str(root)
    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 1
    assert "Nothing was loaded." in result.output
    db_session.expire_all()
    assert db_session.scalar(select(func.count(Statement.id))) == before


def test_a_questionnaire_version_cannot_change_its_statements(
    db_session: Session, tmp_path: Path
) -> None:
    root = broken(tmp_path, "questionnaires.yaml", "      - lonely\n", "")
    with pytest.raises(ContentError, match="give the changed list a new version"):
        sync_bank(db_session, load_bank(root))
    db_session.rollback()
    assert db_session.scalar(select(func.count(Questionnaire.id))) == len(
        load_bank(REAL).questionnaires
    )
