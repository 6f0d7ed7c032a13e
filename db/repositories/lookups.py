"""Reads of one statement each on the hot path of an interaction, for `Database.lookup()`.

Each is a statement built once and run without a session: the /momentum cache's revision check,
the price of a bad review under a screening, the contract a /contract command names. The same
statements serve the session-based repositories, so both give the same answers; on SQLite they
go straight to the driver (see `db.repositories._driver`).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncConnection

from advisor.ledger import (
    DEFAULT_CURRENCY,
    ContractRecord,
    from_minor_units,
    normalise_currency,
)
from db.repositories._driver import first_row
from db.repositories._records import owned_contract_with_lifetime
from db.repositories._scope import checked_snowflake
from db.repositories.clients import BILLED_JOBS
from db.repositories.momentum import REVISION


class Lookups:
    """Quick reads for one member, on a lookup connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def revision(self, member_id: int) -> int | None:
        """The member's revision (`MomentumRepository.revision`); None when nothing is stored."""
        row = await first_row(
            self.connection, REVISION, {"member_id": checked_snowflake(member_id)}
        )
        return None if row is None else int(row[0])

    async def billed_jobs(
        self, member_id: int, currency: str = DEFAULT_CURRENCY
    ) -> tuple[int, Decimal]:
        """As `ClientRepository.billed_jobs`."""
        currency = normalise_currency(currency)
        row = await first_row(
            self.connection,
            BILLED_JOBS,
            {"member_id": checked_snowflake(member_id), "currency": currency},
        )
        assert row is not None, "an aggregate without GROUP BY always has a row"
        return int(row[0]), from_minor_units(int(row[1]), currency)

    async def contract(self, member_id: int, contract_id: int) -> ContractRecord:
        """As `ContractRepository.get`: `UnknownContract` if the member has no such contract."""
        contract, _ = await owned_contract_with_lifetime(
            self.connection, checked_snowflake(member_id), contract_id
        )
        return contract
