"""Tests for db.migrate: every revision path to head keeps the data, and the models match."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from advisor.ledger import BillingSource, ContractKind, ContractStatus, GuildSettings
from db.database import Database
from db.import_slices import recover_unfinished_imports, unfinished_import_wait
from db.migrate import (
    SchemaState,
    SchemaStatus,
    alembic_config,
    downgrade,
    head_revision,
    known_revisions,
    schema_state,
    upgrade,
)
from db.models import Base
from db.repositories import (
    BotStateRepository,
    ClientRepository,
    ContractRepository,
    GuildSettingsRepository,
    MemberRepository,
)
from tests.db.ledger_seeding import ALICE

GUILD = 333_333_333_333_333_333

REVISIONS_OLDEST_FIRST = [
    revision.revision
    for revision in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]

# Rows written with the SQL of each revision, as a member of that time would have left them.
# Every revision needs an entry, so that upgrading from it with data in place is tested.
LEDGER_ROWS = [
    f"INSERT INTO members (id) VALUES ({ALICE})",
    "INSERT INTO clients (member_id, platform, name, normalised_name, currency) "
    f"VALUES ({ALICE}, 'upwork', 'Acme Corp', 'acme corp', 'USD')",
    "INSERT INTO contracts (member_id, client_id, title, kind, fee_schedule, fee_rate, "
    "started_on, ended_on, status, rating, feedback) "
    "SELECT member_id, id, 'Logo design', 'fixed', 'upwork-2016', 0.2, '2020-01-01', "
    "'2020-02-01', 'completed', 4.85, 'Great to work with' FROM clients",
    "INSERT INTO billings (member_id, contract_id, amount_minor, currency, billed_on, "
    "fee_charged_minor, source, idempotency_key) "
    "SELECT member_id, id, 60000, 'USD', '2020-01-15', 11000, 'imported', 'upwork:701' "
    "FROM contracts",
]
GUILD_ROWS = [
    "INSERT INTO guild_settings (guild_id, default_platform, currency, arbitration_fee_minor) "
    f"VALUES ({GUILD}, 'fiverr', 'EUR', 29100)",
    "INSERT INTO bot_state (key, value) VALUES ('command_hash:global', 'abc123')",
]
LEDGER_ROWS_0006 = [
    *LEDGER_ROWS[:2],
    "INSERT INTO contracts (member_id, number, client_id, title, kind, fee_schedule, fee_rate, "
    "started_on, ended_on, status, rating, feedback) "
    "SELECT member_id, 1, id, 'Logo design', 'fixed', 'upwork-2016', 0.2, '2020-01-01', "
    "'2020-02-01', 'completed', 4.85, 'Great to work with' FROM clients",
    "INSERT INTO billings (member_id, contract_id, amount_minor, currency, billed_on, "
    "fee_charged_minor, fee_source, source, idempotency_key) "
    "SELECT member_id, id, 60000, 'USD', '2020-01-15', 11000, 'recorded', 'imported', "
    "'upwork:701' FROM contracts",
]
COMMUNITY_ROWS = [
    "INSERT INTO client_warnings (guild_id, member_id, client_name, client_key, reasons, "
    "details, share_details, status, filed_on) "
    f"VALUES ({GUILD}, {ALICE}, 'Acme Corp', 'acme', 'NON_PAYMENT', 'Never paid', TRUE, "
    "'approved', '2026-01-05')",
    f"INSERT INTO never_again (member_id, client_name, client_key, added_on) VALUES ({ALICE}, "
    "'Globex', 'globex', '2026-01-06')",
    "INSERT INTO community_settings (guild_id, expiry_months, jobs_channel_id) "
    f"VALUES ({GUILD}, 6, 444)",
]
SEED_ROWS = {
    "0001": LEDGER_ROWS,
    "0002": LEDGER_ROWS + GUILD_ROWS,
    "0003": LEDGER_ROWS + GUILD_ROWS,
    "0004": LEDGER_ROWS + GUILD_ROWS,
    "0005": LEDGER_ROWS + GUILD_ROWS,
    "0006": LEDGER_ROWS_0006 + GUILD_ROWS,
    "0007c": LEDGER_ROWS_0006 + GUILD_ROWS + COMMUNITY_ROWS,
    "0008": [
        *LEDGER_ROWS_0006,
        *GUILD_ROWS,
        *COMMUNITY_ROWS,
        f"UPDATE members SET retired_contract_number = 2 WHERE id = {ALICE}",
    ],
    "0010": [
        *LEDGER_ROWS_0006,
        *GUILD_ROWS,
        *COMMUNITY_ROWS,
        f"UPDATE members SET retired_contract_number = 2 WHERE id = {ALICE}",
        # A finished import's rows keep its id; the member's row names no unfinished one.
        "UPDATE billings SET import_id = 77",
    ],
}
# Revision 0009 changes only how PostgreSQL's triggers keep totals and revisions.
SEED_ROWS["0009"] = SEED_ROWS["0008"]


def test_every_revision_has_seed_rows() -> None:
    assert set(SEED_ROWS) == known_revisions()


def test_revisions_form_one_line_ending_at_head() -> None:
    assert REVISIONS_OLDEST_FIRST[-1] == head_revision()
    assert len(REVISIONS_OLDEST_FIRST) == len(known_revisions())


async def seed(db: Database, revision: str) -> None:
    async with db.engine.begin() as connection:
        for statement in SEED_ROWS[revision]:
            await connection.exec_driver_sql(statement)


async def assert_ledger_kept(db: Database) -> None:
    async with db.write() as writes:
        [summary] = await ClientRepository(writes).list_with_totals(ALICE)
        [contract] = await ContractRepository(writes).list(ALICE)
        export = await MemberRepository(writes).export(ALICE)
    assert (summary.client.name, summary.lifetime_billed, summary.contracts) == (
        "Acme Corp",
        Decimal("600.00"),
        1,
    )
    assert (contract.title, contract.kind, contract.status) == (
        "Logo design",
        ContractKind.FIXED,
        ContractStatus.COMPLETED,
    )
    assert (contract.fee_schedule, contract.fee_rate, contract.rating, contract.feedback) == (
        "upwork-2016",
        Decimal("0.2000"),
        Decimal("4.85"),
        "Great to work with",
    )
    assert (contract.started_on, contract.ended_on) == (date(2020, 1, 1), date(2020, 2, 1))
    [billing] = export.billings
    assert (billing.fee_charged, billing.source, billing.idempotency_key) == (
        Decimal("110.00"),
        BillingSource.IMPORTED,
        "upwork:701",
    )


async def assert_guild_state_kept(db: Database) -> None:
    async with db.write() as writes:
        settings = await GuildSettingsRepository(writes).get(GUILD)
        command_hash = await BotStateRepository(writes).command_hash("global")
    assert settings == GuildSettings(GUILD, "fiverr", "EUR", Decimal("291.00"))
    assert command_hash == "abc123"


async def test_upgrade_from_0006_adds_the_community_tables_beside_the_rows(
    empty_db: Database,
) -> None:
    await upgrade(empty_db, "0006")
    await seed(empty_db, "0006")
    await upgrade(empty_db)
    await seed_only(empty_db, COMMUNITY_ROWS)
    await assert_ledger_kept(empty_db)
    async with empty_db.read() as reads:
        export = await MemberRepository(reads).export(ALICE)
    assert [w.client_name for w in export.warnings] == ["Acme Corp"]
    assert [e.client_name for e in export.never_again] == ["Globex"]


async def test_a_warning_changes_its_reporters_revision(empty_db: Database) -> None:
    """The new member tables carry the revision triggers every member table has."""
    await upgrade(empty_db)
    await seed(empty_db, head_revision())
    async with empty_db.engine.begin() as connection:
        before = (
            await connection.exec_driver_sql(f"SELECT revision FROM members WHERE id = {ALICE}")
        ).scalar()
        await connection.exec_driver_sql("UPDATE client_warnings SET status = 'rejected'")
        after = (
            await connection.exec_driver_sql(f"SELECT revision FROM members WHERE id = {ALICE}")
        ).scalar()
    assert after != before


async def seed_only(db: Database, statements: list[str]) -> None:
    async with db.engine.begin() as connection:
        for statement in statements:
            await connection.exec_driver_sql(statement)


async def test_empty_database_upgrades_to_head(empty_db: Database) -> None:
    await upgrade(empty_db)
    state = await schema_state(empty_db)
    assert state == SchemaState(head_revision(), head_revision(), SchemaStatus.CURRENT)


@pytest.mark.parametrize("revision", REVISIONS_OLDEST_FIRST[:-1])
async def test_upgrade_from_earlier_revision_keeps_every_row(
    empty_db: Database, revision: str
) -> None:
    await upgrade(empty_db, revision)
    await seed(empty_db, revision)
    await upgrade(empty_db)
    await assert_ledger_kept(empty_db)
    if revision >= "0002":
        await assert_guild_state_kept(empty_db)


async def test_head_keeps_data_written_at_head(empty_db: Database) -> None:
    await upgrade(empty_db)
    await seed(empty_db, head_revision())
    await assert_ledger_kept(empty_db)
    await assert_guild_state_kept(empty_db)


async def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(
    empty_db: Database,
) -> None:
    await upgrade(empty_db)
    await downgrade(empty_db, "base")
    assert await table_names(empty_db) == {"alembic_version"}
    await upgrade(empty_db)
    assert await table_names(empty_db) == {"alembic_version", *Base.metadata.tables}


async def table_names(db: Database) -> set[str]:
    def names(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with db.engine.connect() as connection:
        return await connection.run_sync(names)


def differences_from_models(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_autogenerate_finds_no_difference_from_the_models(empty_db: Database) -> None:
    await upgrade(empty_db)
    async with empty_db.engine.connect() as connection:
        differences = await connection.run_sync(differences_from_models)
    assert differences == []


def constraint_names_in_database(connection: Connection) -> set[str]:
    inspector = inspect(connection)
    names: set[str] = set()
    for table in Base.metadata.tables:
        names.add(str(inspector.get_pk_constraint(table)["name"]))
        for found in (
            *inspector.get_foreign_keys(table),
            *inspector.get_unique_constraints(table),
            *inspector.get_check_constraints(table),
            *inspector.get_indexes(table),
        ):
            names.add(str(found["name"]))
    return names


def constraint_names_in_models() -> set[str]:
    names: set[str] = set()
    for table in Base.metadata.tables.values():
        names.update(str(constraint.name) for constraint in table.constraints)
        names.update(str(index.name) for index in table.indexes)
    return names


async def test_constraint_names_match_the_models(empty_db: Database) -> None:
    """Batch mode finds constraints by name, and autogenerate does not compare CHECK names."""
    await upgrade(empty_db)
    async with empty_db.engine.connect() as connection:
        in_database = await connection.run_sync(constraint_names_in_database)
    assert in_database == constraint_names_in_models()


async def test_schema_state_of_an_empty_database(empty_db: Database) -> None:
    assert await schema_state(empty_db) == SchemaState(None, head_revision(), SchemaStatus.EMPTY)


async def test_schema_state_of_an_older_database(empty_db: Database) -> None:
    await upgrade(empty_db, REVISIONS_OLDEST_FIRST[0])
    state = await schema_state(empty_db)
    assert (state.current, state.status) == (REVISIONS_OLDEST_FIRST[0], SchemaStatus.BEHIND)


async def test_schema_state_of_a_database_from_newer_code(empty_db: Database) -> None:
    await upgrade(empty_db)
    await stamp_unknown_revision(empty_db, "9999")
    state = await schema_state(empty_db)
    assert (state.current, state.status) == ("9999", SchemaStatus.AHEAD)


async def stamp_unknown_revision(db: Database, revision: str) -> None:
    async with db.engine.begin() as connection:
        await connection.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{revision}'")


async def test_upgrade_to_0010_leaves_no_import_unfinished(empty_db: Database) -> None:
    """Rows from before sliced imports belong to no import, and no member has one under way."""
    await upgrade(empty_db, "0009")
    await seed(empty_db, "0009")
    await upgrade(empty_db)
    async with empty_db.engine.connect() as connection:
        marked = [
            (
                await connection.exec_driver_sql(
                    f"SELECT COUNT(*) FROM {table} WHERE import_id IS NOT NULL"
                )
            ).scalar()
            for table in ("clients", "contracts", "billings", "members")
        ]
    assert marked == [0, 0, 0, 0]
    assert await unfinished_import_wait(empty_db) is None
    assert await recover_unfinished_imports(empty_db, stale_after=-1) == 0
    await assert_ledger_kept(empty_db)
