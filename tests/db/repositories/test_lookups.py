"""Lookups give the answers the session-based repositories give, without a session."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from advisor.ledger import UnknownContract
from db.database import Database
from db.repositories import ClientRepository, ContractRepository
from db.repositories.lookups import Lookups
from db.repositories.momentum import MomentumRepository
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract


async def test_a_contract_is_the_one_the_repository_reads(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "120.00")
    async with db.session(read_only=True) as session:
        expected = await ContractRepository(session).get(ALICE, contract.id)
    async with db.lookup() as connection:
        assert await Lookups(connection).contract(ALICE, contract.id) == expected


async def test_another_members_contract_is_unknown(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    async with db.lookup() as connection:
        with pytest.raises(UnknownContract):
            await Lookups(connection).contract(BOB, contract.id)


async def test_billed_jobs_are_the_ones_the_repository_counts(db: Database) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "120.00")
    await bill(db, ALICE, contract.id, "30.00")
    async with db.session(read_only=True) as session:
        expected = await ClientRepository(session).billed_jobs(ALICE)
    async with db.lookup() as connection:
        assert await Lookups(connection).billed_jobs(ALICE) == expected


async def test_the_revision_is_the_one_the_repository_reads(db: Database) -> None:
    await client_with_contract(db, ALICE)
    async with db.session(read_only=True) as session:
        expected = await MomentumRepository(session).revision(ALICE)
    async with db.lookup() as connection:
        assert await Lookups(connection).revision(ALICE) == expected is not None


async def test_a_failed_read_is_raised_as_sqlalchemy_raises_it(empty_db: Database) -> None:
    # Database.lookup() tells a busy database from other failures by SQLAlchemy's error, also
    # for the reads that go straight to the driver.
    async with empty_db.lookup() as connection:
        with pytest.raises(DBAPIError, match="members"):
            await Lookups(connection).revision(ALICE)


@pytest.mark.parametrize("contract_id", [0, -1, 2**31, 9_999_999_999, 10**30])
async def test_an_id_no_contract_can_have_is_unknown(db: Database, contract_id: int) -> None:
    # What a member typing digits into the contract option can send.
    async with db.lookup() as connection:
        with pytest.raises(UnknownContract):
            await Lookups(connection).contract(ALICE, contract_id)
