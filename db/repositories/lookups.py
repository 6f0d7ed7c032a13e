"""Reads of one statement each on the hot path of an interaction, for `Database.lookup()`.

Each is a statement built once and run without a session: the /momentum cache's revision check,
the price of a bad review under a screening, the contract a /contract command names. The same
statements serve the session-based repositories, so both give the same answers; on SQLite they
go straight to the driver (see `db.repositories._driver`).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncConnection

from advisor.ledger import DEFAULT_CURRENCY, ContractRecord
from db.repositories._records import owned_contract_with_lifetime
from db.repositories._scope import checked_snowflake
from db.repositories.clients import billed_jobs
from db.repositories.momentum import member_revision


class Lookups:
    """Quick reads for one member, on a lookup connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def revision(self, member_id: int) -> int | None:
        """The member's revision (`MomentumRepository.revision`); None when nothing is stored."""
        return await member_revision(self.connection, member_id)

    async def billed_jobs(
        self, member_id: int, currency: str = DEFAULT_CURRENCY
    ) -> tuple[int, Decimal]:
        """As `ClientRepository.billed_jobs`."""
        return await billed_jobs(self.connection, member_id, currency)

    async def contract(self, member_id: int, contract_id: int) -> ContractRecord:
        """As `ContractRepository.get`: `UnknownContract` if the member has no such contract."""
        contract, _ = await owned_contract_with_lifetime(
            self.connection, checked_snowflake(member_id), contract_id
        )
        return contract
