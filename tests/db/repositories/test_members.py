"""Tests for MemberRepository: forgetting a member entirely, and exporting what is stored."""

from __future__ import annotations

from decimal import Decimal

from advisor.ledger import GuildSettings
from db.database import Database
from db.repositories import GuildSettingsRepository, MemberRepository
from tests.db.ledger_seeding import (
    ALICE,
    BOB,
    START,
    add_client,
    bill,
    client_with_contract,
    start_contract,
)

GUILD = 555_555_555_555_555_555


async def alice_with_history(db: Database) -> None:
    """Two clients, three contracts, four billings."""
    acme, logo = await client_with_contract(db, ALICE, "Acme Corp")
    site = await start_contract(db, ALICE, acme.id, "Website")
    _, globex_job = await client_with_contract(db, ALICE, "Globex")
    for contract_id in (logo.id, logo.id, site.id, globex_job.id):
        await bill(db, ALICE, contract_id, "10")


async def forget(db: Database, member_id: int) -> dict[str, int]:
    async with db.write() as writes:
        return await MemberRepository(writes).forget_member(member_id)


async def test_forget_me_says_what_was_deleted(db: Database) -> None:
    await alice_with_history(db)
    assert await forget(db, ALICE) == {
        "settings": 0,
        "never_again": 0,
        "warnings": 0,
        "events": 0,
        "billings": 4,
        "contracts": 3,
        "clients": 2,
        "members": 1,
    }


async def test_forget_me_leaves_nothing_about_the_member(db: Database) -> None:
    await alice_with_history(db)
    await forget(db, ALICE)
    async with db.write() as writes:
        members = MemberRepository(writes)
        assert not await members.exists(ALICE)
        export = await members.export(ALICE)
    assert (export.clients, export.contracts, export.billings) == ((), (), ())


async def test_forget_me_keeps_other_members(db: Database) -> None:
    await alice_with_history(db)
    _, contract = await client_with_contract(db, BOB)
    await bill(db, BOB, contract.id, "10")
    await forget(db, ALICE)
    async with db.write() as writes:
        export = await MemberRepository(writes).export(BOB)
    assert (len(export.clients), len(export.contracts), len(export.billings)) == (1, 1, 1)


async def test_forget_me_of_a_member_with_nothing_stored_deletes_nothing(db: Database) -> None:
    assert await forget(db, ALICE) == {
        "settings": 0,
        "never_again": 0,
        "warnings": 0,
        "events": 0,
        "billings": 0,
        "contracts": 0,
        "clients": 0,
        "members": 0,
    }


async def test_forget_me_keeps_server_settings(db: Database) -> None:
    async with db.write() as writes:
        await GuildSettingsRepository(writes).save(GuildSettings(GUILD, currency="EUR"))
    await alice_with_history(db)
    await forget(db, ALICE)
    async with db.write() as writes:
        assert await GuildSettingsRepository(writes).exists(GUILD)


async def test_export_holds_every_record_of_the_member(db: Database) -> None:
    await alice_with_history(db)
    async with db.write() as writes:
        export = await MemberRepository(writes).export(ALICE)
    assert export.member_id == ALICE
    assert [client.name for client in export.clients] == ["Acme Corp", "Globex"]
    assert [contract.title for contract in export.contracts] == [
        "Logo design",
        "Website",
        "Logo design",
    ]
    assert [b.amount for b in export.billings] == [Decimal("10.00")] * 4
    assert {b.billed_on for b in export.billings} == {START}


async def test_ensure_creates_the_member_once(db: Database) -> None:
    async with db.write() as writes:
        members = MemberRepository(writes)
        await members.ensure(ALICE)
        await members.ensure(ALICE)
        assert await members.exists(ALICE)


async def test_member_without_rows_does_not_exist(db: Database) -> None:
    await add_client(db, BOB)
    async with db.write() as writes:
        assert not await MemberRepository(writes).exists(ALICE)
