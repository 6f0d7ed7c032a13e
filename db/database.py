"""The database: one per process, reached only through four units of work.

    async with database.read() as reads:         # queries that must agree with each other
    async with database.write() as writes:       # a short change, committed when the block ends
    async with database.bulk_read() as reads:    # a long read: an export
    async with database.bulk_write() as writes:  # a long change: an import, erasing a member

Each yields a `db.units.Reads` or `Writes`; repositories take those and nothing else. Which
backend serves them is decided once, when the database opens, from `DATABASE_URL`: an embedded
SQLite file (the default) or PostgreSQL when several bot processes share one database.

On a SQLite file every connection gets WAL (readers never wait for the writer), `foreign_keys=ON`
and a busy timeout. A write begins with `BEGIN IMMEDIATE`, so it takes the write lock when it
starts and two writes never both read and then fail to upgrade half way through; the process's
writers queue for the lock on the event loop rather than each hold a connection while SQLite
makes it wait. Reads and writes run inline, on the event loop's own thread (`db.inline_sqlite`
says why and what it buys); bulk work runs on aiosqlite's worker threads so the bot keeps
answering. Inline connections never copy the write-ahead log back into the file inside a commit:
a `Checkpointer` does that on a thread of its own (`db.checkpoints`).

A lock held past the timeout surfaces as `DatabaseBusy`, after the transaction has been rolled
back. A write block must await nothing but the database (`db.units.WriteGuard`).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from db.checkpoints import DEFAULT_CHECKPOINT_EVERY, Checkpointer
from db.errors import DatabaseBusy
from db.inline_sqlite import (
    INLINE_BUSY_TIMEOUT,
    InlineConnection,
    InlineReads,
    InlineWrites,
    as_dbapi_error,
    inline_creator,
    inline_driver_of,
)
from db.units import POSTGRESQL, SQLITE, Backend, ConnectionReads, ConnectionWrites, Reads, Writes

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
# Back-off between attempts to begin a write transaction while another process writes.
_FIRST_RETRY_DELAY = 0.002
_LONGEST_RETRY_DELAY = 0.05

_Begun = TypeVar("_Begun")

_BACKENDS = {SQLITE_DRIVER: SQLITE, POSTGRES_DRIVER: POSTGRESQL}


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


def read_only(engine: AsyncEngine) -> AsyncEngine:
    """The engine, its transactions only reading: on SQLite they begin DEFERRED, so they never
    wait for a writer (in WAL mode), where every other transaction begins IMMEDIATE."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(postgresql_readonly=True)
    return engine.execution_options(**{_READ_ONLY: True})


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
        except BaseException:
            # SQLAlchemy drops a connection its connect hook failed on without closing it, which
            # would leave aiosqlite's worker thread running (a file that cannot be read fails
            # here, at the first statement).
            cursor.close()
            dbapi_connection.close()
            raise
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def begin_transaction(connection: Connection) -> None:
        driver = connection.connection.driver_connection
        if isinstance(driver, InlineConnection) and driver.open_transaction:
            # A unit began the transaction on the driver itself: SQLAlchemy joins it.
            return
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


class Database:
    """The process's connection to its database: see the module docstring."""

    def __init__(
        self,
        url: str | URL = DEFAULT_DATABASE_URL,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY,
    ) -> None:
        self.url = async_database_url(url)
        self.busy_timeout = busy_timeout
        self.backend: Backend = _BACKENDS[self.url.drivername]
        self.file = sqlite_file(self.url)
        if self.file is not None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        self.engine = build_engine(self.url, busy_timeout=busy_timeout, inline=True)
        self._store: _Store = (
            _SqliteFile(self, self.file, checkpoint_every)
            if self.file is not None
            else _Connected(self)
        )
        self.checkpointer = self._store.checkpointer

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"

    def read(self) -> AbstractAsyncContextManager[Reads]:
        """A transaction that only reads, for the short reads of an interaction: its queries see
        the database as of one moment, and on SQLite it never waits for a writer."""
        return self._store.read()

    def write(self) -> AbstractAsyncContextManager[Writes]:
        """A short write transaction: committed when the block ends, rolled back if it raises.
        The block must await nothing but the database."""
        return self._store.write()

    def bulk_read(self) -> AbstractAsyncContextManager[Reads]:
        """As `read()`, for a read that may take seconds (an export): on SQLite it runs on a
        worker thread, so the bot keeps answering meanwhile."""
        return self._store.bulk_read()

    def bulk_write(self) -> AbstractAsyncContextManager[Writes]:
        """As `write()`, for work that may take seconds (an import, erasing a member): on SQLite
        it runs on a worker thread, so the bot keeps answering meanwhile."""
        return self._store.bulk_write()

    def writers_held(self) -> AbstractAsyncContextManager[None]:
        """No write of this process begins until the block ends (on SQLite, where writers take
        turns; elsewhere it holds nothing); `DatabaseBusy` if the writers before it take longer
        than the busy timeout."""
        return self._store.writers_held()

    async def dispose(self) -> None:
        """Close every connection; call once when the bot shuts down."""
        await self._store.dispose()
        await self.engine.dispose()


class _Store:
    """How one backend serves the four units of work."""

    checkpointer: Checkpointer | None = None

    def read(self) -> AbstractAsyncContextManager[Reads]:
        raise NotImplementedError

    def write(self) -> AbstractAsyncContextManager[Writes]:
        raise NotImplementedError

    def bulk_read(self) -> AbstractAsyncContextManager[Reads]:
        raise NotImplementedError

    def bulk_write(self) -> AbstractAsyncContextManager[Writes]:
        raise NotImplementedError

    def writers_held(self) -> AbstractAsyncContextManager[None]:
        return contextlib.nullcontext()

    async def dispose(self) -> None:
        return


@asynccontextmanager
async def _connected_write(
    connections: AbstractAsyncContextManager[AsyncConnection], backend: Backend
) -> AsyncIterator[Writes]:
    async with connections as connection:
        writes = ConnectionWrites(connection, backend)
        try:
            yield writes
        except BaseException:
            writes.guard.cancel()
            raise
        # Raised inside the transaction's block, so that it is rolled back.
        writes.guard.close()


@asynccontextmanager
async def _connected_read(engine: AsyncEngine, backend: Backend) -> AsyncIterator[Reads]:
    async with engine.connect() as connection, connection.begin():
        yield ConnectionReads(connection, backend)


class _Connected(_Store):
    """PostgreSQL (and SQLite in memory): every unit on a pooled connection, through SQLAlchemy.

    PostgreSQL needs nothing more: its drivers talk to the server without holding up the event
    loop, and it serves many writers at once.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.backend = database.backend
        engine = database.engine
        self._reading_engine = engine.execution_options(
            **({"postgresql_readonly": True} if self.backend is POSTGRESQL else {_READ_ONLY: True})
        )
        # SQLite takes one writer at a time; see _SqliteFile.
        self._writers = _WriterQueue(database.busy_timeout) if self.backend is SQLITE else None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Reads]:
        with _busy_as_database_busy():
            async with _connected_read(self._reading_engine, self.backend) as reads:
                yield reads

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Writes]:
        with _busy_as_database_busy():
            async with contextlib.AsyncExitStack() as stack:
                if self._writers is not None:
                    await self._writers.wait_for_our_turn(stack)
                writes = await stack.enter_async_context(
                    _connected_write(self.database.engine.begin(), self.backend)
                )
                yield writes

    def bulk_read(self) -> AbstractAsyncContextManager[Reads]:
        return self.read()

    def bulk_write(self) -> AbstractAsyncContextManager[Writes]:
        return self.write()

    def writers_held(self) -> AbstractAsyncContextManager[None]:
        return self._writers.held() if self._writers is not None else contextlib.nullcontext()


class _WriterQueue:
    """The process's SQLite writers, taking turns on the event loop.

    SQLite takes one writer at a time. Writers of this process queue here rather than each
    holding a pooled connection while SQLite makes it wait: a burst of writes then neither
    exhausts the pool nor starves the reads.
    """

    def __init__(self, busy_timeout: float) -> None:
        self.busy_timeout = busy_timeout
        self._lock = asyncio.Lock()
        self._queued = 0

    async def wait_for_our_turn(self, stack: contextlib.AsyncExitStack) -> None:
        """Wait for the lock (`DatabaseBusy` after the busy timeout); `stack` lets it go."""
        if self._lock.locked() or self._queued:
            # Also when the lock was just let go: a writer queued before us is about to take it.
            self._queued += 1
            try:
                async with asyncio.timeout(self.busy_timeout):
                    await self._lock.acquire()
            except TimeoutError:
                raise DatabaseBusy() from None
            finally:
                self._queued -= 1
        else:
            # Free, and nobody waits for it: taken at once, without the timer a timeout would
            # schedule and cancel.
            await self._lock.acquire()
        stack.callback(self._lock.release)

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """No write of this process begins until the block ends; `DatabaseBusy` if the writers
        before it take longer than the busy timeout."""
        async with contextlib.AsyncExitStack() as stack:
            await self.wait_for_our_turn(stack)
            yield


class _SqliteFile(_Store):
    """A SQLite file: short units inline on the event loop's thread, bulk ones on worker threads.

    Writes take turns (`_WriterQueue`) on one inline connection kept open for them: checking a
    connection out of the pool and back for each cost about as much as the BEGIN and COMMIT
    themselves. Reads share another, and a read that begins while that one is in use (a read
    inside a read, or one that awaited something else meanwhile) takes a pooled connection of its
    own. A connection that is lost is replaced on the next use.
    """

    def __init__(self, database: Database, file: Path, checkpoint_every: int) -> None:
        self.database = database
        self.busy_timeout = database.busy_timeout
        self._writers = _WriterQueue(database.busy_timeout)
        self.checkpointer = Checkpointer(
            file, every=checkpoint_every, hold_writers=self._writers.held
        )
        self._bulk_engine: AsyncEngine | None = None
        self._write_connection: AsyncConnection | None = None
        self._read_connection: AsyncConnection | None = None
        self._reading = False

    # Reads

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Reads]:
        with _busy_as_database_busy():
            if self._reading:
                async with (
                    self.database.engine.connect() as pooled,
                    _inline_transaction(pooled, "BEGIN DEFERRED") as reads,
                ):
                    yield reads
                return
            self._reading = True
            try:
                connection = await self._reading_connection()
                try:
                    async with _inline_transaction(connection, "BEGIN DEFERRED") as reads:
                        yield reads
                except DBAPIError as error:
                    if error.connection_invalidated:
                        await self._close_read_connection()
                    raise
            finally:
                self._reading = False

    async def _reading_connection(self) -> AsyncConnection:
        if self._read_connection is None:
            self._read_connection = await self.database.engine.connect()
        return self._read_connection

    async def _close_read_connection(self) -> None:
        connection, self._read_connection = self._read_connection, None
        if connection is not None:
            await connection.close()

    # Writes

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Writes]:
        with _busy_as_database_busy():
            async with contextlib.AsyncExitStack() as stack:
                await self._writers.wait_for_our_turn(stack)
                connection = await self._until_not_busy(self._begin_writing)
                try:
                    async with _inline_transaction(connection, None) as writes:
                        assert isinstance(writes, InlineWrites)
                        try:
                            yield writes
                        except BaseException:
                            writes.guard.cancel()
                            raise
                        # Raised inside the transaction's block, so that it is rolled back.
                        writes.guard.close()
                except BaseException:
                    if _needs_replacing(connection):
                        # The transaction could not be ended, or the connection was lost: the
                        # next write starts on a new one.
                        await self._close_write_connection(invalidate=True)
                    raise
        assert self.checkpointer is not None
        self.checkpointer.wrote()

    async def _begin_writing(self) -> AsyncConnection:
        if self._write_connection is None:
            self._write_connection = await self.database.engine.connect()
        connection = self._write_connection
        try:
            inline_driver_of(connection).run_now("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            wrapped = as_dbapi_error("BEGIN IMMEDIATE", (), error)
            if not is_busy_error(wrapped):
                # Not another process's lock: the next write starts on a new connection.
                await self._close_write_connection(invalidate=True)
            raise wrapped from error
        return connection

    async def _close_write_connection(self, *, invalidate: bool = False) -> None:
        connection, self._write_connection = self._write_connection, None
        if connection is None:
            return
        if invalidate:
            await connection.invalidate()
        await connection.close()

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

    # Bulk work, on worker threads

    def _threaded(self) -> AsyncEngine:
        if self._bulk_engine is None:
            self._bulk_engine = build_engine(self.database.url, busy_timeout=self.busy_timeout)
        return self._bulk_engine

    @asynccontextmanager
    async def bulk_read(self) -> AsyncIterator[Reads]:
        with _busy_as_database_busy():
            engine = self._threaded().execution_options(**{_READ_ONLY: True})
            async with _connected_read(engine, SQLITE) as reads:
                yield reads

    @asynccontextmanager
    async def bulk_write(self) -> AsyncIterator[Writes]:
        with _busy_as_database_busy():
            async with contextlib.AsyncExitStack() as stack:
                await self._writers.wait_for_our_turn(stack)
                writes = await stack.enter_async_context(
                    _connected_write(self._threaded().begin(), SQLITE)
                )
                yield writes

    def writers_held(self) -> AbstractAsyncContextManager[None]:
        return self._writers.held()

    async def dispose(self) -> None:
        await self._close_read_connection()
        await self._close_write_connection()
        if self.checkpointer is not None:
            await self.checkpointer.close()
        if self._bulk_engine is not None:
            await self._bulk_engine.dispose()


@asynccontextmanager
async def _inline_transaction(
    connection: AsyncConnection, begin: str | None
) -> AsyncIterator[InlineReads]:
    """A transaction on an inline connection, begun on the driver (`begin`, or already begun
    when None) and ended there, or by SQLAlchemy when a statement run through it joined it.

    Reads get `InlineReads`, writes (`begin` None) `InlineWrites`.
    """
    driver = inline_driver_of(connection)
    if begin is not None:
        _on_driver(driver, begin)
    unit = InlineReads(connection) if begin is not None else InlineWrites(connection)
    try:
        yield unit
    except BaseException:
        if connection.in_transaction():
            await connection.rollback()
        elif driver.open_transaction:
            _on_driver(driver, "ROLLBACK")
        raise
    if connection.in_transaction():
        await connection.commit()
    else:
        _on_driver(driver, "COMMIT")


def _needs_replacing(connection: AsyncConnection) -> bool:
    """Whether an inline connection is lost or still inside a transaction it failed to end."""
    if connection.invalidated or connection.closed:
        return True
    try:
        driver = inline_driver_of(connection)
    except RuntimeError:
        return True
    return driver._connection is None or driver.open_transaction


def _on_driver(driver: InlineConnection, sql: str) -> None:
    try:
        driver.run_now(sql)
    except sqlite3.Error as error:
        raise as_dbapi_error(sql, (), error) from error
