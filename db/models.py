"""The tables, as SQLAlchemy 2.0 typed declarative models.

These classes stay inside `db/`: repositories turn rows into `advisor.ledger` records before
returning. Amounts are integer minor units (cents) next to a three-letter currency code; a client's
lifetime billed is always a SUM over its billings, never a stored counter that could drift.

Every row about a member carries `member_id`, and the composite foreign keys
(client_id, member_id) and (contract_id, member_id) make it impossible for a contract or billing
to point at another member's client or contract, whatever a query gets wrong.

Constraint names follow `NAMING_CONVENTION`, so Alembic's batch mode can find them on SQLite.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from advisor.ledger import (
    MAX_CLIENT_NAME_LENGTH,
    MAX_FEE_SCHEDULE_LENGTH,
    MAX_FEEDBACK_LENGTH,
    MAX_IDEMPOTENCY_KEY_LENGTH,
    MAX_PLATFORM_LENGTH,
    MAX_TITLE_LENGTH,
)
from advisor.momentum.events import MAX_EVENT_NOTE_LENGTH, EventKind

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Length of the stored normalised name: folding can lengthen a name (ß becomes ss).
NORMALISED_NAME_LENGTH = 2 * MAX_CLIENT_NAME_LENGTH


class Base(DeclarativeBase):
    """Declarative base carrying the shared metadata and its naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def starting_revision() -> int:
    """Where a new member's revision count starts: random, so a member who is forgotten and
    comes back never meets the numbers of their old records."""
    return secrets.randbits(62)


class Member(Base):
    """A Discord user who has stored anything; the id is their Discord user id."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Moved by triggers (revision 0004) whenever any of the member's records change, so that a
    # cached report can tell whether it is still true (see `starting_revision`).
    revision: Mapped[int] = mapped_column(
        BigInteger, nullable=False, server_default="0", default=starting_revision
    )
    # The highest number of the member's deleted contracts, never given again (revision 0008).
    retired_contract_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The member's import still under way, and when it last wrote a slice (seconds since the
    # epoch): an import whose process stopped is undone from these (revision 0010).
    import_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    import_seen_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Client(Base):
    """A member's client on one platform, billed in one currency."""

    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("member_id", "platform", "normalised_name"),
        # The target of contracts' composite foreign key.
        UniqueConstraint("id", "member_id"),
        Index(None, "member_id", "normalised_name"),
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency"),
        CheckConstraint("length(name) > 0 AND length(normalised_name) > 0", name="name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("members.id", ondelete="CASCADE"), nullable=False
    )
    platform: Mapped[str] = mapped_column(String(MAX_PLATFORM_LENGTH), nullable=False)
    name: Mapped[str] = mapped_column(String(MAX_CLIENT_NAME_LENGTH), nullable=False)
    normalised_name: Mapped[str] = mapped_column(String(NORMALISED_NAME_LENGTH), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    # The import that added it (revision 0010): what undoing an unfinished import deletes.
    import_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


RATE_SOURCES_SQL = "'given', 'member', 'server', 'assumed'"
FEE_SOURCES_SQL = "'computed', 'recorded'"


class Contract(Base):
    """One contract with a client: its terms when it started and how it ended.

    `fee_schedule` is the fee rule it was recorded under (`upwork`, the dated calendar, or an
    explicit schedule) and `fee_rate` its own rate where the rule needs one; both are facts of
    the record, kept whatever the server's settings later say. `number` is the member's own
    numbering (#1, #2, ...), never reused.
    """

    __tablename__ = "contracts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["client_id", "member_id"], ["clients.id", "clients.member_id"], ondelete="CASCADE"
        ),
        # The target of billings' composite foreign key.
        UniqueConstraint("id", "member_id"),
        UniqueConstraint("member_id", "number"),
        Index(None, "member_id", "status"),
        Index(None, "client_id"),
        CheckConstraint("kind IN ('hourly', 'fixed')", name="kind"),
        CheckConstraint(
            "status IN ('active', 'completed', 'cancelled', 'disputed')", name="status"
        ),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating"),
        CheckConstraint("fee_rate IS NULL OR (fee_rate >= 0 AND fee_rate <= 1)", name="fee_rate"),
        CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on", name="dates"
        ),
        CheckConstraint("(status = 'active') = (ended_on IS NULL)", name="ended_when_not_active"),
        CheckConstraint(
            f"fee_rate_source IS NULL OR fee_rate_source IN ({RATE_SOURCES_SQL})",
            name="fee_rate_source",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    client_id: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str | None] = mapped_column(String(MAX_TITLE_LENGTH))
    kind: Mapped[str | None] = mapped_column(String(16))
    fee_schedule: Mapped[str | None] = mapped_column(String(MAX_FEE_SCHEDULE_LENGTH))
    fee_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    # Where `fee_rate` came from when the member did not give it: their saved rate, the server's,
    # or the common 10% assumed.
    fee_rate_source: Mapped[str | None] = mapped_column(String(16))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    rating: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    feedback: Mapped[str | None] = mapped_column(String(MAX_FEEDBACK_LENGTH))
    # The sum of its billings, kept by triggers on billings (revision 0005), never written here.
    billed_minor: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    # The import that added it (revision 0010).
    import_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Billing(Base):
    """Money billed on a contract and the fee the platform kept on it.

    A refund is a billing with a negative amount (and fee), so every total of billings is net of
    refunds. `fee_source` says whether the fee is one Gigwise computed from the contract's terms
    (recomputed when an earlier billing is added) or one read from the platform's statement,
    a fact never recomputed.
    """

    __tablename__ = "billings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["contract_id", "member_id"],
            ["contracts.id", "contracts.member_id"],
            ondelete="CASCADE",
        ),
        # What makes a replayed interaction or a re-imported file a no-op.
        UniqueConstraint("member_id", "idempotency_key"),
        Index(None, "contract_id"),
        CheckConstraint("amount_minor <> 0", name="amount_not_zero"),
        CheckConstraint(
            "fee_charged_minor IS NULL OR (amount_minor > 0 AND fee_charged_minor >= 0) "
            "OR (amount_minor < 0 AND fee_charged_minor <= 0)",
            name="fee_follows_amount",
        ),
        CheckConstraint(f"fee_source IN ({FEE_SOURCES_SQL})", name="fee_source"),
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency"),
        CheckConstraint("source IN ('typed', 'imported')", name="source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    contract_id: Mapped[int] = mapped_column(Integer, nullable=False)
    amount_minor: Mapped[int] = mapped_column(BigInteger, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    billed_on: Mapped[date] = mapped_column(Date, nullable=False)
    fee_charged_minor: Mapped[int | None] = mapped_column(BigInteger)
    fee_source: Mapped[str] = mapped_column(String(16), nullable=False)
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    idempotency_key: Mapped[str] = mapped_column(String(MAX_IDEMPOTENCY_KEY_LENGTH), nullable=False)
    # The import that added it (revision 0010).
    import_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class GuildSetting(Base):
    """A server's defaults, chosen by someone with Manage Server."""

    __tablename__ = "guild_settings"
    __table_args__ = (
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency"),
        CheckConstraint(
            "arbitration_fee_minor IS NULL OR arbitration_fee_minor >= 0",
            name="arbitration_fee_not_negative",
        ),
    )

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    default_platform: Mapped[str] = mapped_column(String(MAX_PLATFORM_LENGTH), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    arbitration_fee_minor: Mapped[int | None] = mapped_column(BigInteger)
    # The per-contract rate to assume where a member gave none and saved none.
    default_fee_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))


class MemberSetting(Base):
    """A member's own defaults, such as the per-contract fee rate they are usually shown."""

    __tablename__ = "member_settings"

    member_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    default_fee_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))


class BotState(Base):
    """Small facts the bot keeps between runs, such as the hash of the last synced commands."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


EVENT_KINDS_SQL = ", ".join(f"'{kind.value}'" for kind in EventKind)


class MemberEvent(Base):
    """Something the member did or received that the ledger cannot see: `count` invites,
    proposals, profile updates, portfolio pieces or feedback responses on one day."""

    __tablename__ = "member_events"
    __table_args__ = (
        # What makes a replayed `/log` interaction a no-op.
        UniqueConstraint("member_id", "idempotency_key"),
        Index(None, "member_id", "kind", "occurred_on"),
        CheckConstraint(f"kind IN ({EVENT_KINDS_SQL})", name="kind"),
        CheckConstraint("count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("members.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(String(MAX_EVENT_NOTE_LENGTH))
    idempotency_key: Mapped[str] = mapped_column(String(MAX_IDEMPOTENCY_KEY_LENGTH), nullable=False)


# Indexes for the momentum report's date-range and per-contract aggregates (revision 0003): they
# keep each query to the member's own rows in the range asked, however long the history.
Index(None, Contract.member_id, Contract.ended_on)
Index(None, Contract.member_id, Contract.started_on)
Index(None, Billing.member_id, Billing.billed_on)
Index(None, Billing.member_id, Billing.contract_id, Billing.amount_minor)
# Per-client totals from the index alone (revision 0005).
Index(None, Contract.member_id, Contract.client_id, Contract.billed_minor)


# -- the community's memory (revision 0007c) ----------------------------------------------------

WARNING_STATUSES_SQL = "'pending', 'approved', 'rejected'"
MAX_WARNING_REASONS_LENGTH = 200
MAX_LINK_LENGTH = 300


class ClientWarning(Base):
    """A member's warning about a client, for the members of one server.

    `member_id` is the reporter: shown to the server's moderators, never to members. It is
    emptied when the reporter asks to be forgotten and the warning was approved (the community
    keeps the fact, without its source or the reporter's own words).
    """

    __tablename__ = "client_warnings"
    __table_args__ = (
        # One warning per member per client in a server.
        UniqueConstraint("guild_id", "member_id", "client_key"),
        Index(None, "guild_id", "status", "client_key"),
        Index(None, "member_id"),
        CheckConstraint(f"status IN ({WARNING_STATUSES_SQL})", name="status"),
        CheckConstraint("length(client_key) > 0", name="client_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    member_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("members.id", ondelete="SET NULL")
    )
    client_name: Mapped[str] = mapped_column(String(MAX_CLIENT_NAME_LENGTH), nullable=False)
    client_key: Mapped[str] = mapped_column(String(NORMALISED_NAME_LENGTH), nullable=False)
    profile_link: Mapped[str | None] = mapped_column(String(MAX_LINK_LENGTH))
    # The reasons' names, comma-separated, in the list's order.
    reasons: Mapped[str] = mapped_column(String(MAX_WARNING_REASONS_LENGTH), nullable=False)
    details: Mapped[str | None] = mapped_column(String(1000))
    share_details: Mapped[bool] = mapped_column(Boolean, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    filed_on: Mapped[date] = mapped_column(Date, nullable=False)
    reviewed_on: Mapped[date | None] = mapped_column(Date)


class ModerationAction(Base):
    """One thing a moderator (or a reporter withdrawing) did to a warning or the settings.

    Read only by the server's moderators. `moderator_id` is emptied when that member asks to be
    forgotten.
    """

    __tablename__ = "moderation_log"
    __table_args__ = (Index(None, "guild_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    moderator_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    warning_id: Mapped[int | None] = mapped_column(Integer)
    client_name: Mapped[str | None] = mapped_column(String(MAX_CLIENT_NAME_LENGTH))
    acted_on: Mapped[date] = mapped_column(Date, nullable=False)


class NeverAgain(Base):
    """A client on a member's private "never again" list."""

    __tablename__ = "never_again"
    __table_args__ = (UniqueConstraint("member_id", "client_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("members.id", ondelete="CASCADE"), nullable=False
    )
    client_name: Mapped[str] = mapped_column(String(MAX_CLIENT_NAME_LENGTH), nullable=False)
    client_key: Mapped[str] = mapped_column(String(NORMALISED_NAME_LENGTH), nullable=False)
    note: Mapped[str | None] = mapped_column(String(200))
    added_on: Mapped[date] = mapped_column(Date, nullable=False)


JOBS_ANSWERS_SQL = "'thread', 'reaction'"
JOBS_GREEN_SQL = "'nothing', 'reaction'"


class CommunitySetting(Base):
    """A server's choices for warnings and its screened jobs channel, set by its moderators."""

    __tablename__ = "community_settings"
    __table_args__ = (
        CheckConstraint("expiry_months >= 1 AND expiry_months <= 60", name="expiry_months"),
        CheckConstraint(f"jobs_answer IN ({JOBS_ANSWERS_SQL})", name="jobs_answer"),
        CheckConstraint(f"jobs_green IN ({JOBS_GREEN_SQL})", name="jobs_green"),
    )

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    expiry_months: Mapped[int] = mapped_column(Integer, nullable=False, server_default="12")
    moderator_role_id: Mapped[int | None] = mapped_column(BigInteger)
    jobs_channel_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    jobs_answer: Mapped[str] = mapped_column(String(16), nullable=False, server_default="thread")
    jobs_green: Mapped[str] = mapped_column(String(16), nullable=False, server_default="nothing")


class ScreenedMessage(Base):
    """A jobs-channel message already screened, and where its answer is: what makes a message
    replayed after a reconnect a no-op, an edit a new screening, and a deletion take the answer
    with it. The post itself is never stored, only a digest of its text."""

    __tablename__ = "screened_messages"
    __table_args__ = (Index(None, "screened_on"),)

    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    digest: Mapped[str] = mapped_column(String(32), nullable=False)
    verdict: Mapped[str | None] = mapped_column(String(8))
    # The thread (or channel) the answer was posted in, and the answer's message.
    answer_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    answer_message_id: Mapped[int | None] = mapped_column(BigInteger)
    reaction: Mapped[str | None] = mapped_column(String(16))
    screened_on: Mapped[date] = mapped_column(Date, nullable=False)
