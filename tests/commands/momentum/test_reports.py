"""The momentum report cache: reused while the member's records stand still, fresh once they move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from advisor.fees import get_schedule
from commands.momentum._reports import MomentumReports
from db.database import Database
from db.repositories import MemberRepository
from db.startup import open_database
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract

DAY = date(2024, 6, 1)
UPWORK = get_schedule("upwork-tiered")


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'g.sqlite3'}")
    yield opened
    await opened.dispose()


@pytest.fixture
async def contract_id(database: Database) -> int:
    _, contract = await client_with_contract(database, ALICE)
    await bill(database, ALICE, contract.id, "100.00")
    return contract.id


async def test_an_unchanged_member_gets_the_same_report_without_recomputing(
    database: Database, contract_id: int
) -> None:
    reports = MomentumReports(database)
    first = await reports.report(ALICE, DAY)
    assert await reports.report(ALICE, DAY) is first
    assert reports.computed == 1


async def test_a_billing_makes_the_next_report_fresh(database: Database, contract_id: int) -> None:
    reports = MomentumReports(database)
    first = await reports.report(ALICE, DAY)
    await bill(database, ALICE, contract_id, "900.00")
    fresh = await reports.report(ALICE, DAY)
    assert fresh.fee_profile.lifetime_billed == first.fee_profile.lifetime_billed + 900


async def test_a_change_from_another_process_is_seen(database: Database, contract_id: int) -> None:
    reports = MomentumReports(database)
    await reports.report(ALICE, DAY)
    async with database.engine.begin() as sql:
        await sql.execute(text("UPDATE billings SET amount_minor = 50000"))
    fresh = await reports.report(ALICE, DAY)
    assert fresh.fee_profile.lifetime_billed == 500


async def test_another_day_is_computed_afresh(database: Database, contract_id: int) -> None:
    reports = MomentumReports(database)
    await reports.report(ALICE, DAY)
    await reports.report(ALICE, date(2024, 6, 2))
    assert reports.computed == 2


async def test_another_members_billing_keeps_the_report(
    database: Database, contract_id: int
) -> None:
    reports = MomentumReports(database)
    await reports.report(ALICE, DAY)
    _, bobs = await client_with_contract(database, BOB)
    await bill(database, BOB, bobs.id, "10.00")
    await reports.report(ALICE, DAY)
    assert reports.computed == 1


async def test_a_forgotten_member_gets_an_empty_report(
    database: Database, contract_id: int
) -> None:
    reports = MomentumReports(database)
    await reports.report(ALICE, DAY)
    async with database.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    empty = await reports.report(ALICE, DAY)
    assert empty.fee_profile.lifetime_billed == 0
