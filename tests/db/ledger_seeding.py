"""Short ways for tests to put a member's clients, contracts and billings in place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from advisor.ledger import BillingResult, BillingSource, ClientRecord, ContractRecord
from db.database import Database
from db.repositories import BillingRepository, ClientRepository, ContractRepository

ALICE = 111_111_111_111_111_111
BOB = 222_222_222_222_222_222
START = date(2024, 3, 1)

_keys = count(1)


def fresh_key() -> str:
    return f"interaction:{next(_keys)}"


async def add_client(db: Database, member_id: int, name: str = "Acme Corp") -> ClientRecord:
    async with db.write() as writes:
        return await ClientRepository(writes).get_or_create(member_id, name, "upwork")


async def start_contract(
    db: Database, member_id: int, client_id: int, title: str = "Logo design"
) -> ContractRecord:
    async with db.write() as writes:
        return await ContractRepository(writes).start(
            member_id, client_id, title=title, started_on=START
        )


async def bill(
    db: Database,
    member_id: int,
    contract_id: int,
    amount: str,
    key: str | None = None,
    billed_on: date = START,
) -> BillingResult:
    async with db.write() as writes:
        return await BillingRepository(writes).record(
            member_id,
            contract_id,
            Decimal(amount),
            "USD",
            billed_on,
            None,
            BillingSource.TYPED,
            key or fresh_key(),
        )


async def client_with_contract(
    db: Database, member_id: int, name: str = "Acme Corp"
) -> tuple[ClientRecord, ContractRecord]:
    client = await add_client(db, member_id, name)
    return client, await start_contract(db, member_id, client.id)
