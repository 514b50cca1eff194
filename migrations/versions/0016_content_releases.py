"""the content lives in the database as releases of its YAML files (the co-production studio
edits them); a questionnaire version keeps the words it asked; content editors and translators

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = "role IN ('administrator', 'facilitator', 'reviewer', 'safeguarding_lead')"
NEW_ROLES = (
    "role IN ('administrator', 'facilitator', 'reviewer', 'safeguarding_lead', "
    "'content_editor', 'translator')"
)
STATUSES = "status IN ('draft', 'in_review', 'approved', 'published', 'replaced', 'discarded')"


def _roles(allowed: str) -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_staff_user_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_staff_user_role"), allowed)


def upgrade() -> None:
    _roles(NEW_ROLES)
    op.create_table(
        "content_blob",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_content_blob")),
    )
    op.create_table(
        "content_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("files_digest", sa.String(length=64), nullable=True),
        sa.Column("based_on", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(STATUSES, name=op.f("ck_content_release_status")),
        sa.ForeignKeyConstraint(
            ["based_on"],
            ["content_release.id"],
            name=op.f("fk_content_release_based_on_content_release"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff_user.id"], name=op.f("fk_content_release_created_by_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff_user.id"],
            name=op.f("fk_content_release_approved_by_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["staff_user.id"],
            name=op.f("fk_content_release_published_by_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_release")),
    )
    op.create_index(
        "uq_content_release_published",
        "content_release",
        ["status"],
        unique=True,
        sqlite_where=sa.text("status = 'published'"),
        postgresql_where=sa.text("status = 'published'"),
    )
    op.create_table(
        "content_file",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["content_release.id"],
            name=op.f("fk_content_file_release_id_content_release"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["digest"], ["content_blob.digest"], name=op.f("fk_content_file_digest_content_blob")
        ),
        sa.PrimaryKeyConstraint("release_id", "path", name=op.f("pk_content_file")),
    )
    op.create_table(
        "content_review_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["content_release.id"],
            name=op.f("fk_content_review_comment_release_id_content_release"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["staff_user.id"],
            name=op.f("fk_content_review_comment_author_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_review_comment")),
    )
    op.create_index(
        op.f("ix_content_review_comment_release_id"), "content_review_comment", ["release_id"]
    )
    with op.batch_alter_table("questionnaire", schema=None) as batch_op:
        # no foreign key: the release's number only (releases are never deleted), so that
        # nothing done to staff accounts or releases can reach the questionnaires answers hold
        batch_op.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("questionnaire_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
    # The words each stored version asked: today's words, the only ones known
    op.execute(
        "UPDATE questionnaire_item SET text = "
        "(SELECT text FROM statement WHERE statement.id = questionnaire_item.statement_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("questionnaire_item", schema=None) as batch_op:
        batch_op.drop_column("text")
    with op.batch_alter_table("questionnaire", schema=None) as batch_op:
        batch_op.drop_column("release_id")
    op.drop_index(op.f("ix_content_review_comment_release_id"), table_name="content_review_comment")
    op.drop_table("content_review_comment")
    op.drop_table("content_file")
    op.drop_index("uq_content_release_published", table_name="content_release")
    op.drop_table("content_release")
    op.drop_table("content_blob")
    # Their audit entries stay theirs: the accounts are kept, switched off, as reviewers
    op.execute(
        "UPDATE staff_user SET role = 'reviewer', active = false "
        "WHERE role IN ('content_editor', 'translator')"
    )
    _roles(OLD_ROLES)
