"""Statements run straight on the SQLite driver, with the SQL and type conversions of SQLAlchemy.

SQLAlchemy's execution machinery (its statement cache, parameter and result handling, events, the
greenlet hop of its asyncio layer) costs 50 to 80 µs a statement, several times what SQLite takes
for the one-row reads and writes on the path of the commonest commands. For a statement built
once, everything SQLAlchemy works out for it can be worked out once too: its SQL, the order of its
parameters, and the conversions of each parameter and result column (dates as text, decimals).
`first_row` runs such a statement on an aiosqlite connection with those, and the answers are the
ones SQLAlchemy would give; on PostgreSQL it simply asks SQLAlchemy.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, Select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.inline_sqlite import InlineConnection, driver_of

_SQLITE = sqlite.dialect()

Statement = Select[*tuple[Any, ...]] | Insert

Convert = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Prepared:
    sql: str
    # Per parameter, in the order the SQL takes them: its name, its value when the statement
    # fixes one, and SQLAlchemy's conversion for it.
    names: tuple[str, ...]
    fixed: Mapping[str, Any]
    to_driver: tuple[Convert, ...]
    # Per result column, SQLAlchemy's conversion of what the driver returns.
    from_driver: tuple[Convert, ...]


@functools.cache
def _prepared(statement: Statement) -> _Prepared:
    compiled = statement.compile(dialect=_SQLITE)
    names = tuple(compiled.positiontup or ())
    binds = compiled.binds
    for name in names:
        if binds[name].expanding:
            raise TypeError(f"{name} is an IN list, which only SQLAlchemy expands")
    columns = statement.exported_columns
    return _Prepared(
        sql=str(compiled),
        names=names,
        fixed={name: bind.value for name, bind in binds.items() if not bind.required},
        to_driver=tuple(
            binds[name].type.dialect_impl(_SQLITE).bind_processor(_SQLITE) for name in names
        ),
        from_driver=tuple(
            column.type.dialect_impl(_SQLITE).result_processor(_SQLITE, None) for column in columns
        ),
    )


async def connection_of(reader: AsyncSession | AsyncConnection) -> AsyncConnection:
    """The connection under a session, or the connection itself."""
    return await reader.connection() if isinstance(reader, AsyncSession) else reader


async def first_row(
    connection: AsyncConnection, statement: Statement, params: Mapping[str, Any]
) -> Sequence[Any] | None:
    """The first row the statement returns (None when none), as SQLAlchemy would convert it.

    For statements built once, with plain bound parameters (no IN lists).
    """
    rows = await _rows(connection, statement, params, first_only=True)
    return rows[0] if rows else None


async def all_rows(
    connection: AsyncConnection, statement: Statement, params: Mapping[str, Any]
) -> list[Sequence[Any]]:
    """Every row the statement returns, as `first_row` gives the first."""
    return await _rows(connection, statement, params, first_only=False)


async def _rows(
    connection: AsyncConnection,
    statement: Statement,
    params: Mapping[str, Any],
    *,
    first_only: bool,
) -> list[Sequence[Any]]:
    if connection.dialect.name != "sqlite":
        result = await connection.execute(statement, params)
        if first_only:
            found = result.first()
            return [] if found is None else [found]
        return list(result.all())
    prepared = _prepared(statement)
    args = []
    for name, convert in zip(prepared.names, prepared.to_driver, strict=True):
        value = params[name] if name in params else prepared.fixed[name]
        args.append(value if convert is None or value is None else convert(value))
    driver = driver_of(connection)
    try:
        if isinstance(driver, InlineConnection):
            rows = driver.rows(prepared.sql, args, first_only=first_only)
        else:
            async with driver.execute(prepared.sql, args) as cursor:
                if first_only:
                    row = await cursor.fetchone()
                    rows = [] if row is None else [row]
                else:
                    rows = list(await cursor.fetchall())
    except sqlite3.Error as error:
        # As SQLAlchemy raises it, so callers tell a busy database or a clash apart as usual.
        raise DBAPIError.instance(prepared.sql, args, error, sqlite3.Error) from error
    converts = prepared.from_driver
    if not any(converts):
        return rows
    return [
        tuple(
            value if convert is None else convert(value)
            for value, convert in zip(row, converts, strict=True)
        )
        for row in rows
    ]
