"""Reads of one statement each on the hot path of an interaction, for `Database.lookup()`.

Each is a statement built once and run without a session: the /momentum cache's revision check,
the price of a bad review under a screening, the contract a /contract command names. The same
statements serve the session-based repositories, so both give the same answers.

The two that read only numbers go straight to the driver on SQLite, with the SQL SQLAlchemy
compiled for them once: SQLAlchemy's execution machinery costs about 60 µs a statement, against
15 µs for the whole read through aiosqlite on an inline connection, and these run on every
/screen and /momentum.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from advisor.ledger import (
    DEFAULT_CURRENCY,
    ContractRecord,
    from_minor_units,
    normalise_currency,
)
from db.repositories._records import owned_contract_with_lifetime
from db.repositories._scope import checked_snowflake
from db.repositories.clients import BILLED_JOBS
from db.repositories.momentum import REVISION

_SQLITE = sqlite.dialect()


@functools.cache
def _sqlite_form(statement: Select[Any]) -> tuple[str, Any]:
    """The statement's SQLite text and its compiled form, for `_first_row`."""
    compiled = statement.compile(dialect=_SQLITE)
    for name, bind in compiled.binds.items():
        if bind.type.dialect_impl(_SQLITE).bind_processor(_SQLITE) is not None:
            raise TypeError(f"{name} needs SQLAlchemy's conversion; read it through SQLAlchemy")
    return str(compiled), compiled


async def _first_row(
    connection: AsyncConnection, statement: Select[Any], params: Mapping[str, int | str]
) -> Sequence[Any] | None:
    """The statement's first row, its values as the driver gives them (ints and text only)."""
    if connection.dialect.name != "sqlite":
        found: Sequence[Any] | None = (await connection.execute(statement, params)).first()
        return found
    sql, compiled = _sqlite_form(statement)
    values = compiled.construct_params(params)
    args = [values[name] for name in compiled.positiontup]
    # The aiosqlite connection under the pooled one, which a lookup connection always holds.
    driver = connection.sync_connection.connection.driver_connection  # type: ignore[union-attr]
    if driver is None:
        raise RuntimeError("a lookup connection without a driver connection")
    try:
        async with driver.execute(sql, args) as cursor:
            row: Sequence[Any] | None = await cursor.fetchone()
            return row
    except sqlite3.Error as error:
        # As SQLAlchemy would raise it, so Database.lookup() tells a busy database apart.
        raise DBAPIError.instance(sql, args, error, sqlite3.Error) from error


class Lookups:
    """Quick reads for one member, on a lookup connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def revision(self, member_id: int) -> int | None:
        """The member's revision (`MomentumRepository.revision`); None when nothing is stored."""
        row = await _first_row(
            self.connection, REVISION, {"member_id": checked_snowflake(member_id)}
        )
        return None if row is None else int(row[0])

    async def billed_jobs(
        self, member_id: int, currency: str = DEFAULT_CURRENCY
    ) -> tuple[int, Decimal]:
        """As `ClientRepository.billed_jobs`."""
        currency = normalise_currency(currency)
        row = await _first_row(
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
