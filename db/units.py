"""Units of work: what `Database.read()`, `.write()`, `.bulk_read()` and `.bulk_write()` yield.

A unit is one transaction. Repositories take one and run SQLAlchemy Core statements on it; they
never see a session or a connection, so nothing they do can work on one backend and fail on
the other. `Reads` runs queries; `Writes` adds changes, savepoints, row locks and the two
statements whose SQL differs between backends (insert-unless-present and upsert). A repository
method that changes anything asks for `Writes` in its `self` type, so calling it in a read block
is a type error.

Statements built once at import time can be marked `Prepared`: on a SQLite file they then run
straight on the driver, with the SQL and type conversions SQLAlchemy worked out for them once
(see `db.inline_sqlite`). Everything else goes through SQLAlchemy's own execution.

A write block holds the database's write lock (on SQLite, every writer of the process waits for
it), so it must await nothing but the database. `WriteGuard` makes that a rule rather than a
convention: a write block that lets the event loop run anything while it is not waiting for the
database fails with `WriteBlockAwaited`, and its transaction is rolled back.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias

from sqlalchemy import CompoundSelect, Delete, Insert, Select, Update, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import Base

Params = Mapping[str, Any]
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


class Row(Protocol):
    """A result row: columns by name (`row.client_name`) or by position."""

    def __getattr__(self, name: str) -> Any: ...

    def __getitem__(self, index: Any) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...


class Prepared:
    """A statement built once, whose values are bound by name when it runs.

    Mark a module-level statement on the path of a common command with it: on a SQLite file
    its compiled form is kept and it runs straight on the driver. It must have no IN lists
    (those are expanded per call).
    """

    __slots__ = ("_sqlite_form", "statement")

    def __init__(self, statement: AnySelect | Insert | Update | Delete) -> None:
        self.statement = statement
        # Filled in by the SQLite driver path the first time it runs the statement.
        self._sqlite_form: object | None = None

    def __repr__(self) -> str:
        return f"Prepared({self.statement})"


Query: TypeAlias = "AnySelect | CompoundSelect[*tuple[Any, ...]] | Prepared"
Change: TypeAlias = Insert | Update | Delete | Prepared


@dataclass(frozen=True, slots=True)
class Backend:
    """What differs between the databases Gigwise runs on, in the one place it is said."""

    name: str
    # The INSERT construct that knows ON CONFLICT.
    insert: Callable[[type[Base]], sqlite.Insert | postgresql.Insert]
    # Whether two write transactions can read the same rows at once, so that a write priced on
    # what it read must lock those rows first (PostgreSQL's READ COMMITTED); SQLite's writers
    # already take turns.
    locks_rows: bool
    # Whether dates are stored as ISO text, which `date.fromisoformat` reads back several times
    # faster than SQLAlchemy's date type does (SQLite); PostgreSQL's driver returns dates.
    dates_as_text: bool


SQLITE = Backend("sqlite", sqlite.insert, locks_rows=False, dates_as_text=True)
POSTGRESQL = Backend("postgresql", postgresql.insert, locks_rows=True, dates_as_text=False)


class WriteBlockAwaited(RuntimeError):
    """A write block awaited something other than the database while holding the write lock."""

    def __init__(self) -> None:
        super().__init__(
            "a write block awaited something other than the database: every other writer waited "
            "for it. Read and compute before the block, and answer Discord after it."
        )


class WriteGuard:
    """Notices a write block that lets the event loop run while it is not waiting for the database.

    A probe is scheduled on the loop: it can only run when the block's task gives the loop a
    turn. Around each database call the probe is allowed to run (drivers that talk to a server
    or a thread do give the loop a turn) and is scheduled afresh when the call returns; a probe
    that runs between database calls means the block awaited something else. Drivers that
    never give the loop a turn (the inline SQLite driver) need no re-arming at all.
    """

    __slots__ = ("_handle", "_in_call", "_loop", "tripped")

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._in_call = False
        self.tripped = False
        self._handle: asyncio.Handle | None = self._loop.call_soon(self._probe)

    def _probe(self) -> None:
        self._handle = None
        if not self._in_call:
            self.tripped = True

    @contextlib.contextmanager
    def database_call(self) -> Iterator[None]:
        """Around an await that may give the loop a turn while the database works."""
        self._in_call = True
        try:
            yield
        finally:
            self._in_call = False
            if self._handle is None and not self.tripped:
                self._handle = self._loop.call_soon(self._probe)

    def cancel(self) -> None:
        """Stop probing: the block ended with an error of its own."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def close(self) -> None:
        """Stop probing; `WriteBlockAwaited` if the block awaited anything but the database."""
        self.cancel()
        if self.tripped:
            raise WriteBlockAwaited()


class Reads(abc.ABC):
    """A transaction that only reads: every query in it sees the database as of one moment."""

    backend: Backend

    @abc.abstractmethod
    async def rows(self, statement: Query | Change, params: Params | None = None) -> Sequence[Row]:
        """Every row the statement returns."""

    @abc.abstractmethod
    async def first(self, statement: Query | Change, params: Params | None = None) -> Row | None:
        """The first row the statement returns, or None."""

    async def scalar(self, statement: Query | Change, params: Params | None = None) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = await self.first(statement, params)
        return None if row is None else row[0]

    async def scalars(self, statement: Query | Change, params: Params | None = None) -> list[Any]:
        """The first column of every row."""
        return [row[0] for row in await self.rows(statement, params)]


class Writes(Reads):
    """A transaction that may change the database: committed when its block ends, rolled back
    if the block raises."""

    @abc.abstractmethod
    async def run(self, statement: Change, params: Params | None = None) -> int:
        """Run a change; how many rows it touched."""

    @abc.abstractmethod
    async def returned_by_each(self, statement: Insert, rows: Sequence[Params]) -> Sequence[Row]:
        """Run an INSERT ... RETURNING built without values once for each of `rows` (all with
        the same keys); every row it returned. SQLAlchemy sends the rows in large batches of
        one statement each, compiled once ("insertmanyvalues"), where building a many-row
        INSERT for each batch cost more than running it."""

    @abc.abstractmethod
    def savepoint(self) -> contextlib.AbstractAsyncContextManager[None]:
        """A nested transaction: what the block changed is undone if it raises."""

    @abc.abstractmethod
    async def lock(self, statement: Query, params: Params | None = None) -> None:
        """Lock the rows a `with_for_update()` query selects until the transaction ends, where
        the backend needs it: PostgreSQL lets two transactions read the same rows and both
        write; SQLite's writers already take turns, so there it does nothing."""

    backend: Backend

    def insert_or_ignore(
        self,
        model: type[Base],
        rows: Params | Sequence[Params],
        conflict_columns: Sequence[str],
    ) -> Insert:
        """INSERT that silently skips rows clashing with the unique key on `conflict_columns`.

        The UNIQUE constraint decides, so two concurrent writers of the same row can never both
        succeed, unlike a read-then-write check.
        """
        # One row goes in as `values(row)`, not as a list of one: SQLAlchemy caches the compiled
        # form of the first and compiles the multi-row form again on every execution.
        values: dict[str, Any] | list[dict[str, Any]] = (
            dict(rows) if isinstance(rows, Mapping) else [dict(row) for row in rows]
        )
        return (
            self.backend.insert(model)
            .values(values)
            .on_conflict_do_nothing(index_elements=list(conflict_columns))
        )

    def upsert(self, model: type[Base], row: Params, key_columns: Sequence[str]) -> Insert:
        """INSERT, or UPDATE every other column of the row already holding this key."""
        statement = self.backend.insert(model).values(dict(row))
        return statement.on_conflict_do_update(
            index_elements=list(key_columns),
            set_={
                column: statement.excluded[column] for column in row if column not in key_columns
            },
        )


_PREPARED_INSERTS: dict[tuple[object, ...], Prepared] = {}
_INSERTS_EACH: dict[tuple[object, ...], Insert] = {}


def insert_or_ignore_each(
    writes: Writes, model: type[Base], conflict_columns: tuple[str, ...], returning: str
) -> Insert:
    """`insert_or_ignore` without values, returning the `returning` column of each row inserted:
    for `Writes.returned_by_each`. Built once per backend."""
    insert = writes.backend.insert
    key = (insert, model, conflict_columns, returning)
    found = _INSERTS_EACH.get(key)
    if found is None:
        table = model.__table__
        found = _INSERTS_EACH[key] = (
            insert(model)
            .on_conflict_do_nothing(index_elements=list(conflict_columns))
            .returning(table.c[returning])
        )
    return found


def prepared_insert_or_ignore(
    writes: Writes,
    model: type[Base],
    columns: tuple[str, ...],
    conflict_columns: tuple[str, ...],
    returning: str,
) -> Prepared:
    """`insert_or_ignore` of one row, its values bound by column name when it runs, returning
    the `returning` column of the row inserted (none when the row was skipped).

    Built once per backend: on the path of a command, building and fingerprinting an INSERT for
    SQLAlchemy's statement cache cost more than running it.
    """
    insert = writes.backend.insert
    key = (insert, model, columns, conflict_columns, returning)
    found = _PREPARED_INSERTS.get(key)
    if found is None:
        table = model.__table__
        values = {column: bindparam(column, type_=table.c[column].type) for column in columns}
        found = _PREPARED_INSERTS[key] = Prepared(
            insert(model)
            .values(values)
            .on_conflict_do_nothing(index_elements=list(conflict_columns))
            .returning(table.c[returning])
        )
    return found


def _statement(statement: Query | Change) -> Any:
    return statement.statement if isinstance(statement, Prepared) else statement


class ConnectionReads(Reads):
    """A unit on a SQLAlchemy connection inside its transaction: PostgreSQL, and SQLite's
    worker-thread engine for bulk work."""

    def __init__(self, connection: AsyncConnection, backend: Backend) -> None:
        self._connection = connection
        self.backend = backend

    async def rows(self, statement: Query | Change, params: Params | None = None) -> Sequence[Row]:
        result = await self._connection.execute(_statement(statement), params)
        return result.all() if result.returns_rows else []

    async def first(self, statement: Query | Change, params: Params | None = None) -> Row | None:
        result = await self._connection.execute(_statement(statement), params)
        return result.first() if result.returns_rows else None


class ConnectionWrites(ConnectionReads, Writes):
    """`ConnectionReads` that may write, each database call under the block's `WriteGuard`."""

    def __init__(self, connection: AsyncConnection, backend: Backend) -> None:
        super().__init__(connection, backend)
        self.guard = WriteGuard()

    async def rows(self, statement: Query | Change, params: Params | None = None) -> Sequence[Row]:
        with self.guard.database_call():
            return await super().rows(statement, params)

    async def first(self, statement: Query | Change, params: Params | None = None) -> Row | None:
        with self.guard.database_call():
            return await super().first(statement, params)

    async def run(self, statement: Change, params: Params | None = None) -> int:
        with self.guard.database_call():
            result = await self._connection.execute(_statement(statement), params)
        return int(getattr(result, "rowcount", 0) or 0)

    async def returned_by_each(self, statement: Insert, rows: Sequence[Params]) -> Sequence[Row]:
        if not rows:
            return []
        with self.guard.database_call():
            result = await self._connection.execute(statement, [dict(row) for row in rows])
        return result.all()

    @contextlib.asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        with self.guard.database_call():
            nested = await self._connection.begin_nested()
        try:
            yield
        except BaseException:
            with self.guard.database_call():
                await nested.rollback()
            raise
        with self.guard.database_call():
            await nested.commit()

    async def lock(self, statement: Query, params: Params | None = None) -> None:
        if self.backend.locks_rows:
            await self.rows(statement, params)
