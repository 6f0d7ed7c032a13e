"""The community's memory: client warnings with their moderation log, each member's private
"never again" list, a server's community settings, and the jobs-channel messages screened.

Only new tables: nothing that exists changes meaning. The two tables that hold a member's rows
(client_warnings, never_again) get their member-revision triggers, as every member table does.

Revision ID: 0007c
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007c"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MEMBER_TABLES = ("client_warnings", "never_again")
_TOUCH_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))


def _touch_triggers(table: str, sqlite: bool) -> list[str]:
    if not sqlite:
        return [
            f"CREATE TRIGGER {table}_touch_member AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION gigwise_touch_member()"
        ]
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_touch_member AFTER {event} ON {table} "
        f"BEGIN UPDATE members SET revision = revision + 1 WHERE id = {row}.member_id; END"
        for event, row in _TOUCH_EVENTS
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "client_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=True),
        sa.Column("client_name", sa.String(length=100), nullable=False),
        sa.Column("client_key", sa.String(length=200), nullable=False),
        sa.Column("profile_link", sa.String(length=300), nullable=True),
        sa.Column("reasons", sa.String(length=200), nullable=False),
        sa.Column("details", sa.String(length=1000), nullable=True),
        sa.Column("share_details", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_client_warnings_status")
        ),
        sa.CheckConstraint("length(client_key) > 0", name=op.f("ck_client_warnings_client_key")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_client_warnings_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_warnings")),
        sa.UniqueConstraint(
            "guild_id",
            "member_id",
            "client_key",
            name=op.f("uq_client_warnings_guild_id_member_id_client_key"),
        ),
    )
    op.create_index(
        op.f("ix_client_warnings_guild_id_status_client_key"),
        "client_warnings",
        ["guild_id", "status", "client_key"],
    )
    op.create_index(op.f("ix_client_warnings_member_id"), "client_warnings", ["member_id"])
    op.create_table(
        "moderation_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("moderator_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=True),
        sa.Column("client_name", sa.String(length=100), nullable=True),
        sa.Column("acted_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_log")),
    )
    op.create_index(op.f("ix_moderation_log_guild_id_id"), "moderation_log", ["guild_id", "id"])
    op.create_table(
        "never_again",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("client_name", sa.String(length=100), nullable=False),
        sa.Column("client_key", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_never_again_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_never_again")),
        sa.UniqueConstraint(
            "member_id", "client_key", name=op.f("uq_never_again_member_id_client_key")
        ),
    )
    op.create_table(
        "community_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("expiry_months", sa.Integer(), server_default="12", nullable=False),
        sa.Column("moderator_role_id", sa.BigInteger(), nullable=True),
        sa.Column("jobs_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("jobs_answer", sa.String(length=16), server_default="thread", nullable=False),
        sa.Column("jobs_green", sa.String(length=16), server_default="nothing", nullable=False),
        sa.CheckConstraint(
            "expiry_months >= 1 AND expiry_months <= 60",
            name=op.f("ck_community_settings_expiry_months"),
        ),
        sa.CheckConstraint(
            "jobs_answer IN ('thread', 'reaction')", name=op.f("ck_community_settings_jobs_answer")
        ),
        sa.CheckConstraint(
            "jobs_green IN ('nothing', 'reaction')", name=op.f("ck_community_settings_jobs_green")
        ),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_community_settings")),
    )
    op.create_index(
        op.f("ix_community_settings_jobs_channel_id"), "community_settings", ["jobs_channel_id"]
    )
    op.create_table(
        "screened_messages",
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=True),
        sa.Column("answer_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("answer_message_id", sa.BigInteger(), nullable=True),
        sa.Column("reaction", sa.String(length=16), nullable=True),
        sa.Column("screened_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_screened_messages")),
    )
    op.create_index(op.f("ix_screened_messages_screened_on"), "screened_messages", ["screened_on"])
    for table in _MEMBER_TABLES:
        for statement in _touch_triggers(table, sqlite):
            op.execute(statement)


def downgrade() -> None:
    # Dropping a table drops its triggers with it, on both backends.
    op.drop_index(op.f("ix_screened_messages_screened_on"), table_name="screened_messages")
    op.drop_table("screened_messages")
    op.drop_index(op.f("ix_community_settings_jobs_channel_id"), table_name="community_settings")
    op.drop_table("community_settings")
    op.drop_table("never_again")
    op.drop_index(op.f("ix_moderation_log_guild_id_id"), table_name="moderation_log")
    op.drop_table("moderation_log")
    op.drop_index(op.f("ix_client_warnings_member_id"), table_name="client_warnings")
    op.drop_index(
        op.f("ix_client_warnings_guild_id_status_client_key"), table_name="client_warnings"
    )
    op.drop_table("client_warnings")
