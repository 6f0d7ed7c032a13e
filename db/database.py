"""The database connection: one engine per process, one session and transaction per interaction.

`DATABASE_URL` chooses the engine: an embedded SQLite file (the default) or PostgreSQL when several
bot processes share one database. On SQLite every connection gets WAL (readers never wait for the
writer), `foreign_keys=ON` and a busy timeout, and Gigwise emits `BEGIN IMMEDIATE` itself: a write
transaction takes the write lock when it starts, so two interactions never both read and then
fail to upgrade to a write lock half way through. A lock held past the timeout surfaces as
`DatabaseBusy`, after the transaction has been rolled back.

An interaction's statements on a SQLite file run inline, on the event loop's thread (see
`db.inline_sqlite` for why and what it buys); `session(bulk=True)` is for work that may take
seconds, such as an import, and runs on aiosqlite's worker threads so the bot keeps answering.
Inline connections never copy the write-ahead log back into the file inside a commit: a
`Checkpointer` does that on a thread of its own (see `db.checkpoints`). `transaction()` is the
lean write for statements built once (recording a billing): no session, and on a SQLite file its
BEGIN and COMMIT go straight to the driver.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from db.checkpoints import DEFAULT_CHECKPOINT_EVERY, Checkpointer
from db.errors import DatabaseBusy
from db.inline_sqlite import INLINE_BUSY_TIMEOUT, InlineConnection, driver_of, inline_creator

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///gigwise.sqlite3"
DEFAULT_BUSY_TIMEOUT = 5.0
# Connections each process keeps to PostgreSQL (see build_engine).
POSTGRES_POOL_SIZE = 15

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"

# URLs as hosting providers hand them out name no async driver; pick the one Gigwise ships with.
_ASYNC_DRIVERS = {
    "sqlite": SQLITE_DRIVER,
    SQLITE_DRIVER: SQLITE_DRIVER,
    "postgres": POSTGRES_DRIVER,
    "postgresql": POSTGRES_DRIVER,
    POSTGRES_DRIVER: POSTGRES_DRIVER,
}

# SQLITE_BUSY and SQLITE_LOCKED, before the extended-code bits.
_SQLITE_BUSY_CODES = frozenset({5, 6})
# lock_not_available (lock_timeout expired), deadlock_detected, serialization_failure.
_POSTGRES_BUSY_STATES = frozenset({"55P03", "40P01", "40001"})

# Execution option marking an engine whose transactions only read.
_READ_ONLY = "gigwise_read_only"
# Execution option marking the lookup connection: no BEGIN, each statement commits on its own.
_LOOKUP = "gigwise_lookup"
# Back-off between attempts to begin a write transaction while another process writes.
_FIRST_RETRY_DELAY = 0.002
_LONGEST_RETRY_DELAY = 0.05

_Begun = TypeVar("_Begun")


def async_database_url(url: str | URL) -> URL:
    """Parse a database URL and make sure it names the async driver Gigwise uses."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise ValueError(
            "DATABASE_URL must start with sqlite+aiosqlite:/// or postgresql+asyncpg://, "
            f"not {parsed.drivername}://"
        )
    return parsed.set(drivername=driver)


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    if url.drivername != SQLITE_DRIVER:
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def is_busy_error(error: BaseException) -> bool:
    """Whether a driver error means another transaction held a lock too long."""
    original = error.orig if isinstance(error, DBAPIError) else error
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_BUSY_CODES:
        return True
    if isinstance(original, sqlite3.OperationalError) and "locked" in str(original):
        return True
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return state in _POSTGRES_BUSY_STATES


@contextlib.contextmanager
def _busy_as_database_busy() -> Iterator[None]:
    """A database that stayed busy past the timeout raises `DatabaseBusy`, a "try again"."""
    try:
        yield
    except DBAPIError as error:
        if is_busy_error(error):
            raise DatabaseBusy() from error
        raise
    except PoolTimeout as error:
        # Every pooled connection stayed busy past the pool's wait: a "try again", too.
        raise DatabaseBusy() from error


def _run_on_driver(connection: AsyncConnection, sql: str) -> None:
    """Run BEGIN, COMMIT or ROLLBACK at once on an inline connection's driver."""
    driver = driver_of(connection)
    if not isinstance(driver, InlineConnection):
        raise RuntimeError("only an inline connection runs statements at once")
    try:
        driver.run_now(sql)
    except sqlite3.Error as error:
        # As SQLAlchemy raises it, so that a busy database is told apart as usual.
        raise DBAPIError.instance(sql, (), error, sqlite3.Error) from error


def build_engine(
    url: URL,
    *,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    enforce_foreign_keys: bool = True,
    pooled: bool = True,
    inline: bool = False,
) -> AsyncEngine:
    """An engine configured as described in the module docstring.

    Migrations use `enforce_foreign_keys=False`: SQLite's batch mode rebuilds a table by copying it
    and dropping the original, and with foreign keys on that drop would cascade into child rows.
    `inline=True` (SQLite files only) runs statements on the calling thread.
    """
    timeout_ms = round(busy_timeout * 1000)
    options: dict[str, Any] = {}
    if not pooled:
        options["poolclass"] = NullPool
    file = sqlite_file(url)
    if inline and file is not None:
        options["async_creator"] = inline_creator(file)
        timeout_ms = round(min(busy_timeout, INLINE_BUSY_TIMEOUT) * 1000)
    if url.drivername == POSTGRES_DRIVER:
        # PostgreSQL's counterpart of the SQLite busy timeout: give up on a lock, don't hang.
        options["connect_args"] = {"server_settings": {"lock_timeout": str(timeout_ms)}}
        if pooled:
            # Every connection is a server process. SQLAlchemy closes an overflow connection
            # as soon as it is returned, so under a burst the default pool (5 kept, 10 more
            # on demand) opened and closed connections all the time, and starting server
            # processes cost more CPU than the answers. A fixed pool queues a burst instead.
            options["pool_size"] = POSTGRES_POOL_SIZE
            options["max_overflow"] = 0
    engine = create_async_engine(url, **options)
    if url.drivername == SQLITE_DRIVER:
        _configure_sqlite(
            engine,
            timeout_ms=timeout_ms,
            enforce_foreign_keys=enforce_foreign_keys,
            # A Checkpointer does it off the event loop (see db.checkpoints).
            autocheckpoint=not (inline and file is not None),
        )
    return engine


def _configure_sqlite(
    engine: AsyncEngine, *, timeout_ms: int, enforce_foreign_keys: bool, autocheckpoint: bool
) -> None:
    foreign_keys = "ON" if enforce_foreign_keys else "OFF"

    @event.listens_for(engine.sync_engine, "connect")
    def prepare_connection(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the driver so that SAVEPOINT and DDL are transactional and the
        # `begin` hook below decides how each transaction locks.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA foreign_keys = {foreign_keys}")
            if not autocheckpoint:
                cursor.execute("PRAGMA wal_autocheckpoint = 0")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def begin_transaction(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get(_LOOKUP, False):
            return
        read_only = options.get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


class Database:
    """The process's connection to its database; `session()` is the unit of work."""

    def __init__(
        self,
        url: str | URL = DEFAULT_DATABASE_URL,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY,
    ) -> None:
        self.url = async_database_url(url)
        self.busy_timeout = busy_timeout
        self.file = sqlite_file(self.url)
        if self.file is not None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        self.engine = build_engine(self.url, busy_timeout=busy_timeout, inline=True)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(
            self.engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )
        # Statements that wait for another process's lock, or run long, would stall the event
        # loop on an inline connection; write transactions there begin with a retry instead,
        # and bulk work has engines of its own, on worker threads.
        self._inline = self.file is not None
        self.checkpointer = (
            Checkpointer(self.file, every=checkpoint_every, hold_writers=self._writers_held)
            if self.file is not None
            else None
        )
        self._bulk_engine: AsyncEngine | None = None
        # See lookup(): one inline connection shared by every lookup of the process.
        self._lookup_engine = self.engine.execution_options(**{_LOOKUP: True})
        self._lookup_connection: AsyncConnection | None = None
        # Inline write transactions take turns (see _writer below), so they share one connection
        # kept open for them: checking a connection out of the pool and back for each one cost
        # about as much as the BEGIN and COMMIT themselves. A connection that is lost is replaced
        # by SQLAlchemy on the next write.
        self._write_connection: AsyncConnection | None = None
        self._write_sessions: async_sessionmaker[AsyncSession] | None = None
        # SQLite takes one writer at a time. Writers of this process queue here, on the event
        # loop, rather than each holding a pooled connection while SQLite makes it wait: a burst
        # of writes then neither exhausts the pool nor starves the reads.
        self._writer = asyncio.Lock() if self.url.drivername == SQLITE_DRIVER else None
        self._queued_writers = 0

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"

    @asynccontextmanager
    async def session(
        self, *, read_only: bool = False, bulk: bool = False
    ) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back if it raises.

        `read_only=True` is for lookups such as autocomplete: on SQLite it does not take the write
        lock, so it never waits behind a long import. `bulk=True` is for work that may take
        seconds (imports, exports, erasing a member): on SQLite it runs on a worker thread.
        """
        factory = self._factory(read_only=read_only, bulk=bulk)
        with _busy_as_database_busy():
            async with contextlib.AsyncExitStack() as stack:
                if self._writer is not None and not read_only:
                    await self._wait_for_our_turn(stack)
                if self._inline and not bulk and not read_only:
                    session = await self._begin_writing(stack, await self._writing_sessions())
                else:
                    session = await stack.enter_async_context(factory())
                    await stack.enter_async_context(session.begin())
                yield session
            if self.checkpointer is not None and not bulk and not read_only:
                self.checkpointer.wrote()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One short write transaction on a bare connection: committed when the block ends,
        rolled back if it raises.

        For writes made only of statements run with `first_row` or `all_rows`
        (`db.repositories._driver`), such as recording a billing. On a SQLite file the
        transaction begins and ends on the driver itself, on the connection kept for inline
        writes: a session's bookkeeping around its BEGIN and COMMIT cost twice what SQLite took
        for the whole billing. SQLAlchemy does not know of that transaction: a statement run on
        the connection through SQLAlchemy fails (its own BEGIN clashes with the one under way),
        and the transaction is lost with it. On PostgreSQL, and on SQLite in memory, it is an
        ordinary SQLAlchemy transaction.
        """
        with _busy_as_database_busy():
            async with contextlib.AsyncExitStack() as stack:
                if self._writer is not None:
                    await self._wait_for_our_turn(stack)
                if self._inline:
                    connection = await self._until_not_busy(self._begin_on_driver)
                    stack.push_async_exit(functools.partial(self._end_on_driver, connection))
                else:
                    connection = await stack.enter_async_context(self.engine.begin())
                yield connection
            if self.checkpointer is not None:
                self.checkpointer.wrote()

    @asynccontextmanager
    async def lookup(self) -> AsyncIterator[AsyncConnection]:
        """A connection for quick reads of one statement each, such as a member's revision.

        There is no transaction around the statements: each sees the database as of its own
        start, so reads that must agree with each other belong in `session(read_only=True)`.
        What it saves is the session's own cost (a BEGIN, a COMMIT, a pooled connection's
        checkout and return), which is most of what a one-row read costs. On a SQLite file every
        lookup of the process shares one inline connection: an inline statement never yields to
        the event loop, so no two coroutines are ever inside it at once. On PostgreSQL a lookup
        takes a pooled connection.
        """
        with _busy_as_database_busy():
            if not self._inline:
                async with self.engine.connect() as pooled:
                    yield pooled
                return
            if self._lookup_connection is None:
                self._lookup_connection = await self._lookup_engine.connect()
            try:
                yield self._lookup_connection
            except DBAPIError as error:
                # A failed statement leaves the connection usable (there is no transaction to
                # spoil), and other lookups may be using it; only a lost one is replaced.
                if error.connection_invalidated:
                    await self._close_lookup_connection()
                raise

    async def _writing_connection(self) -> AsyncConnection:
        """The inline write connection; only the holder of `_writer` may use it."""
        if self._write_connection is None:
            self._write_connection = await self.engine.connect()
        return self._write_connection

    async def _writing_sessions(self) -> async_sessionmaker[AsyncSession]:
        """Sessions on the inline write connection; only the holder of `_writer` may use one."""
        if self._write_sessions is None:
            self._write_sessions = async_sessionmaker(
                bind=await self._writing_connection(), expire_on_commit=False
            )
        return self._write_sessions

    async def _close_write_connection(self, *, invalidate: bool = False) -> None:
        """Close the inline write connection; `invalidate` also keeps the pool from reusing it."""
        connection, self._write_connection = self._write_connection, None
        self._write_sessions = None
        if connection is None:
            return
        if invalidate:
            await connection.invalidate()
        await connection.close()

    async def _close_lookup_connection(self) -> None:
        connection, self._lookup_connection = self._lookup_connection, None
        if connection is not None:
            await connection.close()

    def _factory(self, *, read_only: bool, bulk: bool) -> async_sessionmaker[AsyncSession]:
        if not (bulk and self._inline):
            return self._read_sessions if read_only else self._sessions
        if self._bulk_engine is None:
            self._bulk_engine = build_engine(self.url, busy_timeout=self.busy_timeout)
        engine = self._bulk_engine
        if read_only:
            engine = engine.execution_options(**{_READ_ONLY: True})
        return async_sessionmaker(engine, expire_on_commit=False)

    async def _begin_writing(
        self, stack: contextlib.AsyncExitStack, factory: async_sessionmaker[AsyncSession]
    ) -> AsyncSession:
        """Begin a write transaction on an inline connection, waiting out another process's lock."""

        async def begin() -> AsyncSession:
            attempt = contextlib.AsyncExitStack()
            session = await attempt.enter_async_context(factory())
            await attempt.enter_async_context(session.begin())
            try:
                await session.connection()
            except DBAPIError as error:
                await attempt.__aexit__(type(error), error, error.__traceback__)
                raise
            stack.push_async_exit(attempt)
            return session

        return await self._until_not_busy(begin)

    async def _until_not_busy(self, begin: Callable[[], Awaitable[_Begun]]) -> _Begun:
        """`begin()`, tried again with back-off while another process holds the write lock.

        The lock is waited for here, between attempts, on the event loop's clock: an inline
        statement itself gives up after a few milliseconds rather than stall the loop.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.busy_timeout
        delay = _FIRST_RETRY_DELAY
        while True:
            try:
                return await begin()
            except DBAPIError as error:
                if not is_busy_error(error) or loop.time() + delay > deadline:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, _LONGEST_RETRY_DELAY)

    async def _begin_on_driver(self) -> AsyncConnection:
        connection = await self._writing_connection()
        try:
            _run_on_driver(connection, "BEGIN IMMEDIATE")
        except DBAPIError as error:
            if not is_busy_error(error):
                # Not another process's lock: the next write starts on a new connection.
                await self._close_write_connection(invalidate=True)
            raise
        return connection

    async def _end_on_driver(
        self,
        connection: AsyncConnection,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Commit the driver's transaction, or roll it back when the block raised."""
        try:
            _run_on_driver(connection, "COMMIT" if error is None else "ROLLBACK")
        except DBAPIError:
            # The transaction may still be open, or the connection lost: the next write gets a
            # new one. A failed ROLLBACK leaves the block's own error to say what went wrong.
            await self._close_write_connection(invalidate=True)
            if error is None:
                raise

    @asynccontextmanager
    async def _writers_held(self) -> AsyncIterator[None]:
        """No write of this process begins until the block ends; `DatabaseBusy` if the writers
        before it take longer than the busy timeout."""
        async with contextlib.AsyncExitStack() as stack:
            await self._wait_for_our_turn(stack)
            yield

    async def _wait_for_our_turn(self, stack: contextlib.AsyncExitStack) -> None:
        assert self._writer is not None
        if self._writer.locked() or self._queued_writers:
            # Also when the lock was just let go: a writer queued before us is about to take it.
            self._queued_writers += 1
            try:
                async with asyncio.timeout(self.busy_timeout):
                    await self._writer.acquire()
            except TimeoutError:
                raise DatabaseBusy() from None
            finally:
                self._queued_writers -= 1
        else:
            # Free, and nobody waits for it: taken at once, without the timer a timeout would
            # schedule and cancel.
            await self._writer.acquire()
        stack.callback(self._writer.release)

    async def dispose(self) -> None:
        """Close every pooled connection; call once when the bot shuts down."""
        await self._close_lookup_connection()
        await self._close_write_connection()
        if self.checkpointer is not None:
            await self.checkpointer.close()
        await self.engine.dispose()
        if self._bulk_engine is not None:
            await self._bulk_engine.dispose()
