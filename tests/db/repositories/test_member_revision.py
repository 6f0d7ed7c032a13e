"""The member's revision: every change to their records moves it, whoever makes the change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from advisor.ledger import ContractStatus
from db.database import Database
from db.repositories import ContractRepository, MemberRepository
from db.repositories.events import EventRepository
from db.repositories.momentum import MomentumRepository
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract, fresh_key


async def revision(db: Database, member_id: int = ALICE) -> int | None:
    async with db.read() as reads:
        return await MomentumRepository(reads).revision(member_id)


async def _bill(db: Database, contract_id: int) -> None:
    await bill(db, ALICE, contract_id, "50.00")


async def _end(db: Database, contract_id: int) -> None:
    async with db.write() as writes:
        await ContractRepository(writes).end(
            ALICE,
            contract_id,
            ended_on=date(2024, 4, 1),
            status=ContractStatus.COMPLETED,
            rating=Decimal("4.50"),
        )


async def _log(db: Database, _contract_id: int) -> None:
    async with db.write() as writes:
        await EventRepository(writes).log(ALICE, "invite", 2, date(2024, 4, 2), None, fresh_key())


async def _edit_elsewhere(db: Database, contract_id: int) -> None:
    # Another process, or a hand-run SQL fix: no repository involved.
    async with db.engine.begin() as sql:
        await sql.execute(
            text("UPDATE contracts SET title = 'Renamed' WHERE id = :id"), {"id": contract_id}
        )


async def _delete_elsewhere(db: Database, contract_id: int) -> None:
    async with db.engine.begin() as sql:
        await sql.execute(text("DELETE FROM billings WHERE contract_id = :id"), {"id": contract_id})


CHANGES: dict[str, Callable[[Database, int], Awaitable[None]]] = {
    "bill": _bill,
    "end a contract": _end,
    "log an event": _log,
    "edit a row directly": _edit_elsewhere,
    "delete rows directly": _delete_elsewhere,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
async def test_each_change_moves_the_revision(
    db: Database, change: Callable[[Database, int], Awaitable[None]]
) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "10.00")
    before = await revision(db)
    await change(db, contract.id)
    assert await revision(db) != before


async def test_reading_does_not_move_the_revision(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    before = await revision(db)
    async with db.read() as reads:
        await MomentumRepository(reads).report(ALICE, date(2024, 5, 1))
        await ContractRepository(reads).get(ALICE, contract.id)
    assert await revision(db) == before


async def test_another_members_change_leaves_the_revision_alone(db: Database) -> None:
    await client_with_contract(db, ALICE)
    _, bobs = await client_with_contract(db, BOB)
    before = await revision(db)
    await bill(db, BOB, bobs.id, "10.00")
    assert await revision(db) == before


async def test_a_member_without_records_has_no_revision(db: Database) -> None:
    assert await revision(db) is None


async def test_a_member_who_comes_back_starts_a_new_count(db: Database) -> None:
    await client_with_contract(db, ALICE)
    first = await revision(db)
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    await client_with_contract(db, ALICE)
    # Two random starting points 2**62 apart at most: equal only by a bug.
    assert await revision(db) != first
