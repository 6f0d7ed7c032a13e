"""What the database holds before the bot starts: members with an active contract to bill.

Seeding goes through Gigwise's own repositories, on the database the bot will open, and
`open_database` brings the schema up to date first, as `gigwise run` would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository
from db.startup import open_database

# A burst of billings is many members billing once each: with a few members billing many times a
# second, a burst would measure waits on their contracts' rows (each billing updates its
# contract's total) rather than throughput.
BILLING_MEMBERS = 500
FIRST_BILLING_MEMBER_ID = 310_000_000_000_000_000


def billing_members(count: int = BILLING_MEMBERS) -> list[int]:
    return [FIRST_BILLING_MEMBER_ID + number for number in range(count)]


CONTRACTS_START = date(2020, 1, 6)


async def seed_active_contracts(database_url: str, members: Sequence[int]) -> dict[int, int]:
    """One client and one active contract for each member, on Upwork's tiers from before any
    day the sandbox may call today; returns member id -> the member's number for it."""
    database = await open_database(database_url)
    contracts: dict[int, int] = {}
    try:
        async with database.write() as writes:
            for member_id in members:
                client = await ClientRepository(writes).get_or_create(
                    member_id, "Northwind Traders", "upwork"
                )
                contract = await ContractRepository(writes).start(
                    member_id,
                    client.id,
                    title="Monthly retainer",
                    started_on=CONTRACTS_START,
                    fee_schedule="upwork-tiered",
                )
                contracts[member_id] = contract.number
    finally:
        await database.dispose()
    return contracts
