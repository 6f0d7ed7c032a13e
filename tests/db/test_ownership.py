"""The one list of what a member owns holds for every table: each table with a member column is
declared, moves the member's revision on every change, is exported, and is erased."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import BigInteger, Column, ForeignKey, Integer, MetaData, Table, func, select

from advisor.community import WarningReason
from db.database import Database
from db.models import Base
from db.ownership import (
    MEMBER_TABLES,
    MemberTable,
    ownership_problems,
    revision_trigger_sql,
    revision_triggers,
)
from db.repositories import MemberRepository
from db.repositories.events import EventRepository
from db.repositories.member_settings import MemberSettingsRepository
from db.repositories.never_again import NeverAgainRepository
from db.repositories.warnings import WarningRepository
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract, fresh_key


def _with_scratch_table() -> tuple[MetaData, Table]:
    """The schema with one more member table, as a new feature might add it."""
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    scratch = Table(
        "scratch_notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("member_id", BigInteger, ForeignKey("members.id"), nullable=False),
    )
    return metadata, scratch


@pytest.fixture
async def scratch(db: Database) -> AsyncIterator[tuple[MetaData, Table]]:
    """The scratch table created in the database (without a trigger), dropped afterwards: on
    PostgreSQL the tests share one database."""
    metadata, table = _with_scratch_table()
    async with db.engine.begin() as connection:
        await connection.run_sync(table.create)
    yield metadata, table
    async with db.engine.begin() as connection:
        await connection.run_sync(table.drop)


async def _add_triggers(db: Database, table: Table) -> None:
    async with db.engine.begin() as connection:
        for statement in revision_trigger_sql(table.name, db.backend.name):
            await connection.exec_driver_sql(statement)


async def test_every_member_table_is_declared_triggered_and_exported(db: Database) -> None:
    triggers = await revision_triggers(db)
    assert ownership_problems(Base.metadata.tables.values(), triggers) == []


async def test_a_new_member_table_that_is_not_declared_is_found(db: Database) -> None:
    metadata, _ = _with_scratch_table()
    problems = ownership_problems(metadata.tables.values(), await revision_triggers(db))
    assert len(problems) == 1
    assert "scratch_notes" in problems[0]
    assert "MEMBER_TABLES" in problems[0]


async def test_a_declared_table_without_its_trigger_is_found(
    db: Database, scratch: tuple[MetaData, Table]
) -> None:
    metadata, table = scratch
    declared = (*MEMBER_TABLES, MemberTable(table, export_as="clients"))
    problems = ownership_problems(metadata.tables.values(), await revision_triggers(db), declared)
    assert problems == [
        "scratch_notes has no revision trigger on DELETE, INSERT, UPDATE: kept /momentum reports "
        "would not see those changes (add revision_trigger_sql to its migration)"
    ]


async def test_the_trigger_a_migration_adds_satisfies_the_check(
    db: Database, scratch: tuple[MetaData, Table]
) -> None:
    metadata, table = scratch
    await _add_triggers(db, table)
    declared = (*MEMBER_TABLES, MemberTable(table, export_as="clients"))
    assert ownership_problems(metadata.tables.values(), await revision_triggers(db), declared) == []


async def test_a_declared_table_without_an_export_file_is_found(
    db: Database, scratch: tuple[MetaData, Table]
) -> None:
    metadata, table = scratch
    await _add_triggers(db, table)
    declared = (*MEMBER_TABLES, MemberTable(table, export_as="notes"))
    problems = ownership_problems(metadata.tables.values(), await revision_triggers(db), declared)
    assert len(problems) == 1
    assert "'notes'" in problems[0]


async def _every_members_table_filled(db: Database, member_id: int) -> None:
    _, contract = await client_with_contract(db, member_id)
    await bill(db, member_id, contract.id, "100.00")
    async with db.write() as writes:
        await MemberSettingsRepository(writes).save_default_rate(member_id, Decimal("0.12"))
        await EventRepository(writes).log(
            member_id, "invite", 1, date(2024, 4, 2), None, fresh_key()
        )
        await NeverAgainRepository(writes).add(member_id, "Globex", None, date(2024, 4, 2))
        await WarningRepository(writes).file(
            GUILD,
            member_id,
            client_name="Initech",
            reasons=(WarningReason.NON_PAYMENT,),
            details="Never paid the last milestone.",
            share_details=False,
            profile_link=None,
            filed_on=date(2024, 4, 2),
        )


GUILD = 777_000_000_000_000_001


async def _rows_of(db: Database, member_id: int) -> dict[str, int]:
    counts = {}
    async with db.read() as reads:
        for owned in MEMBER_TABLES:
            counts[owned.name] = await reads.scalar(
                select(func.count()).where(owned.table.c.member_id == member_id)
            )
    return counts


async def test_erasure_empties_every_declared_table_of_that_member_only(db: Database) -> None:
    await _every_members_table_filled(db, ALICE)
    await _every_members_table_filled(db, BOB)
    assert all((await _rows_of(db, ALICE)).values())
    async with db.write() as writes:
        deleted = await MemberRepository(writes).forget_member(ALICE)
    assert set(deleted) == {owned.export_as for owned in MEMBER_TABLES} | {"members"}
    assert set((await _rows_of(db, ALICE)).values()) == {0}
    assert all((await _rows_of(db, BOB)).values())


async def test_the_export_holds_a_row_of_every_declared_table(db: Database) -> None:
    await _every_members_table_filled(db, ALICE)
    async with db.read() as reads:
        export = await MemberRepository(reads).export(ALICE)
    for owned in MEMBER_TABLES:
        assert len(getattr(export, owned.export_as)) == 1, owned.name
