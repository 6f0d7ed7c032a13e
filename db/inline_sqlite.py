"""SQLite connections that run their statements on the event loop's own thread.

aiosqlite sends each cursor operation of a connection to a worker thread as a job: one statement
is several thread round trips, which cost more than SQLite itself for the short statements of an
interaction, and more still under a burst. An `InlineConnection` is an aiosqlite connection whose
jobs run at once, in the caller's thread, so SQLAlchemy's aiosqlite dialect drives it unchanged.
Long work would stall the bot on it, which is why `Database` keeps worker threads for bulk units;
a statement waits at most `INLINE_BUSY_TIMEOUT` for another process's lock, and `Database`
retries the start of a write with asynchronous back-off instead.

`InlineReads` and `InlineWrites` are the units of work on such a connection. A `Prepared`
statement also skips SQLAlchemy's execution machinery: what SQLAlchemy works out for it (its SQL,
the order of its parameters, each column's conversions) is worked out once, and it runs on the
driver with the answers SQLAlchemy would give. `bench/optimisations.py` has what each bought.

`InlineConnection` relies on aiosqlite's private attributes: `check_aiosqlite_internals` says
what changed when a release changes them, and pyproject.toml pins the releases it was checked
against.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import sqlite3
from collections.abc import AsyncIterator, Callable, Generator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import aiosqlite
from sqlalchemy import Insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.units import (
    SQLITE,
    Change,
    Params,
    Prepared,
    Query,
    Reads,
    Row,
    WriteGuard,
    Writes,
)

# How long one inline statement may block the event loop waiting for another process's lock.
INLINE_BUSY_TIMEOUT = 0.01

# The aiosqlite releases whose private attributes `InlineConnection` was checked against; the
# same range is pinned in pyproject.toml.
CHECKED_AIOSQLITE = ((0, 22), (0, 23))

Job = tuple["asyncio.Future[Any] | None", Callable[[], Any]]

_DIALECT = sqlite.dialect()


def check_aiosqlite_internals() -> None:
    """Raise a RuntimeError that says what changed if aiosqlite no longer has the private
    attributes `InlineConnection` relies on."""
    version = tuple(int(part) for part in aiosqlite.__version__.split(".")[:2])
    low, high = CHECKED_AIOSQLITE
    problems = []
    if not low <= version < high:
        problems.append(
            f"aiosqlite {aiosqlite.__version__} is outside the checked releases "
            f"{'.'.join(map(str, low))} to {'.'.join(map(str, high))} (exclusive)"
        )
    for name in ("_connect", "_execute", "stop"):
        if not callable(getattr(aiosqlite.Connection, name, None)):
            problems.append(f"aiosqlite.Connection has no method {name}")
    probe = aiosqlite.Connection.__new__(aiosqlite.Connection)
    try:
        aiosqlite.Connection.__init__(probe, lambda: sqlite3.connect(":memory:"), 64)
    except TypeError as error:
        problems.append(f"aiosqlite.Connection(connector, iter_chunk_size) fails: {error}")
    else:
        for name in ("_tx", "_connection", "_connector", "_running"):
            if not hasattr(probe, name):
                problems.append(f"an aiosqlite.Connection has no attribute {name}")
        # Nothing was connected; keep its finaliser from warning about it.
        probe._connection = None
    if problems:
        raise RuntimeError(
            "Gigwise's inline SQLite connections rely on aiosqlite internals that changed: "
            + "; ".join(problems)
            + ". Pin aiosqlite to a checked release, or check db/inline_sqlite.py against "
            "the new one and widen CHECKED_AIOSQLITE."
        )


class _RunAtOnce:
    """Stands in for aiosqlite's job queue: runs each job as it is queued and settles its future.

    aiosqlite awaits the future right after queueing the job; a future that is already done
    returns without a trip through the event loop.
    """

    def put_nowait(self, job: Job) -> None:
        future, function = job
        try:
            result = function()
        except BaseException as error:
            # A job nobody awaits (aiosqlite's stop) drops its error, as aiosqlite's worker does.
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection without a worker thread: see the module docstring."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunAtOnce()  # type: ignore[assignment]

    @property
    def _open(self) -> sqlite3.Connection:
        # aiosqlite's own check raises a ValueError; sqlite3 raises this for a closed connection.
        if self._connection is None:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        return self._connection

    @property
    def open_transaction(self) -> bool:
        """Whether a transaction is under way (False once the connection is closed)."""
        return self._connection is not None and self._connection.in_transaction

    def run_now(self, sql: str) -> None:
        """Run a statement that returns nothing (BEGIN, COMMIT, SAVEPOINT) at once."""
        self._open.execute(sql).close()

    def rows(self, sql: str, parameters: Sequence[Any], *, first_only: bool) -> list[Any]:
        """The statement's rows (only the first, or none, with `first_only`), run at once: what
        `execute` and `fetchone` or `fetchall` give, without the cursor's trips through
        aiosqlite's job queue."""
        cursor = self._open.execute(sql, parameters)
        try:
            if first_only:
                row = cursor.fetchone()
                return [] if row is None else [row]
            return cursor.fetchall()
        finally:
            cursor.close()

    def change(self, sql: str, parameters: Sequence[Any]) -> int:
        """Run a statement that returns no rows at once; how many rows it changed."""
        cursor = self._open.execute(sql, parameters)
        try:
            return cursor.rowcount
        finally:
            cursor.close()

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        # The base class starts its worker thread here; there is none to start.
        yield from self._connect().__await__()
        return self


def driver_of(connection: AsyncConnection) -> aiosqlite.Connection:
    """The aiosqlite connection under an opened SQLAlchemy connection to SQLite."""
    pooled = connection.sync_connection
    driver = pooled.connection.driver_connection if pooled is not None else None
    if not isinstance(driver, aiosqlite.Connection):
        raise RuntimeError("the driver is reached only through an opened SQLite connection")
    return driver


def inline_driver_of(connection: AsyncConnection) -> InlineConnection:
    """The inline driver under an opened SQLAlchemy connection made by `inline_creator`."""
    driver = driver_of(connection)
    if not isinstance(driver, InlineConnection):
        raise RuntimeError("only an inline connection runs statements at once")
    return driver


def _connect_file(path: Path) -> sqlite3.Connection:
    # Transactions are begun by Database's hooks, never implicitly by the driver. The pool may
    # close a connection from a garbage-collector pass, hence no same-thread check.
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False)


def inline_creator(path: Path) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: inline connections to the SQLite file."""
    check_aiosqlite_internals()

    async def create() -> InlineConnection:
        return await InlineConnection(partial(_connect_file, path))

    return create


Convert = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    """What SQLAlchemy works out for a prepared statement, worked out once."""

    sql: str
    # Per parameter, in the order the SQL takes them: its name, its value when the statement
    # fixes one, and SQLAlchemy's conversion for it.
    names: tuple[str, ...]
    fixed: dict[str, Any]
    to_driver: tuple[Convert, ...]
    # Per result column, SQLAlchemy's conversion of what the driver returns, and the row type
    # that names the columns as SQLAlchemy's rows do.
    from_driver: tuple[Convert, ...]
    row_type: type[tuple[Any, ...]]

    def arguments(self, params: Params | None) -> list[Any]:
        given = params or {}
        arguments = []
        for name, convert in zip(self.names, self.to_driver, strict=True):
            value = given[name] if name in given else self.fixed[name]
            arguments.append(value if convert is None or value is None else convert(value))
        return arguments

    def named(self, rows: list[Any]) -> list[Row]:
        make = self.row_type._make  # type: ignore[attr-defined]
        converts = self.from_driver
        if not any(converts):
            return [make(row) for row in rows]
        return [
            make(
                value if convert is None else convert(value)
                for value, convert in zip(row, converts, strict=True)
            )
            for row in rows
        ]


def _compiled(prepared: Prepared) -> _Compiled:
    found = prepared._sqlite_form
    if isinstance(found, _Compiled):
        return found
    statement = prepared.statement
    compiled = statement.compile(dialect=_DIALECT)
    names = tuple(compiled.positiontup or ())
    binds = compiled.binds
    for name in names:
        if binds[name].expanding:
            raise TypeError(f"{name} is an IN list, which a prepared statement cannot hold")
    columns = list(statement.exported_columns) if statement.is_select or _returns(statement) else []
    form = _Compiled(
        sql=str(compiled),
        names=names,
        fixed={name: bind.value for name, bind in binds.items() if not bind.required},
        to_driver=tuple(
            binds[name].type.dialect_impl(_DIALECT).bind_processor(_DIALECT) for name in names
        ),
        from_driver=tuple(
            column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
            for column in columns
        ),
        row_type=collections.namedtuple(
            "Row", [str(column.key) for column in columns], rename=True
        ),
    )
    prepared._sqlite_form = form
    return form


def _returns(statement: Any) -> bool:
    return bool(getattr(statement, "_returning", ()))


def as_dbapi_error(sql: str, arguments: Sequence[Any], error: sqlite3.Error) -> DBAPIError:
    """A driver error as SQLAlchemy raises it, so that callers tell a busy database, a clash or
    a lost connection apart as usual."""
    lost = isinstance(error, sqlite3.ProgrammingError) and "closed database" in str(error)
    return cast(
        DBAPIError,
        DBAPIError.instance(
            sql, list(arguments), error, sqlite3.Error, connection_invalidated=lost
        ),
    )


class InlineReads(Reads):
    """A unit on an inline connection: prepared statements on the driver, others through
    SQLAlchemy (which the connection's transaction hook lets join the driver's transaction)."""

    backend = SQLITE

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._driver = inline_driver_of(connection)

    def _prepared_rows(self, prepared: Prepared, params: Params | None, first_only: bool) -> Any:
        form = _compiled(prepared)
        arguments = form.arguments(params)
        try:
            rows = self._driver.rows(form.sql, arguments, first_only=first_only)
        except sqlite3.Error as error:
            raise as_dbapi_error(form.sql, arguments, error) from error
        return form.named(rows)

    async def rows(self, statement: Query | Change, params: Params | None = None) -> Sequence[Row]:
        if isinstance(statement, Prepared):
            return cast(Sequence[Row], self._prepared_rows(statement, params, first_only=False))
        result = await self._connection.execute(statement, params)
        return result.all() if result.returns_rows else []

    async def first(self, statement: Query | Change, params: Params | None = None) -> Row | None:
        if isinstance(statement, Prepared):
            rows = self._prepared_rows(statement, params, first_only=True)
            return cast(Row, rows[0]) if rows else None
        result = await self._connection.execute(statement, params)
        return result.first() if result.returns_rows else None


_SAVEPOINTS = itertools.count(1)


class InlineWrites(InlineReads, Writes):
    """`InlineReads` that may write. The driver never gives the event loop a turn, so the
    block's `WriteGuard` needs no re-arming around database calls."""

    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__(connection)
        self.guard = WriteGuard()

    async def run(self, statement: Change, params: Params | None = None) -> int:
        if isinstance(statement, Prepared):
            form = _compiled(statement)
            arguments = form.arguments(params)
            try:
                return self._driver.change(form.sql, arguments)
            except sqlite3.Error as error:
                raise as_dbapi_error(form.sql, arguments, error) from error
        result = await self._connection.execute(statement, params)
        return int(getattr(result, "rowcount", 0) or 0)

    async def returned_by_each(self, statement: Insert, rows: Sequence[Params]) -> Sequence[Row]:
        if not rows:
            return []
        result = await self._connection.execute(statement, [dict(row) for row in rows])
        return result.all()

    @contextlib.asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        name = f"gigwise_{next(_SAVEPOINTS)}"
        self._driver.run_now(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self._driver.run_now(f"ROLLBACK TO {name}")
            self._driver.run_now(f"RELEASE {name}")
            raise
        self._driver.run_now(f"RELEASE {name}")

    async def lock(self, statement: Query, params: Params | None = None) -> None:
        # Writers of one SQLite file take turns (BEGIN IMMEDIATE): nothing to lock.
        return
