"""SQLite connections that run their statements on the event loop's own thread.

aiosqlite gives every connection a worker thread and sends it each cursor operation as a job:
one statement is four or five round trips (cursor, execute, fetch, close), each a thread wake-up,
a GIL hand-over and a wake-up of the event loop. A billing takes ten short statements, and the
round trips cost more than SQLite itself: about 13 ms of CPU per billing against well under one
when the same statements run inline. Under a burst it is worse, because the worker thread waits
for the busy event loop to give up the GIL.

An `InlineConnection` is an aiosqlite connection whose jobs run at once, in the caller's thread,
so SQLAlchemy's aiosqlite dialect drives it unchanged. That is right for the short statements of
an interaction (a few milliseconds at most); it would stall the bot during long work, which is
why `Database` keeps a threaded aiosqlite engine for imports, exports and erasure. A statement
that has to wait for a lock held by another process would stall it too: inline connections
wait at most `INLINE_BUSY_TIMEOUT`, and `Database` retries the start of a write transaction
with asynchronous back-off instead.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy.ext.asyncio import AsyncConnection

# How long one inline statement may block the event loop waiting for another process's lock.
INLINE_BUSY_TIMEOUT = 0.01

Job = tuple["asyncio.Future[Any] | None", Callable[[], Any]]


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

    def run_now(self, sql: str) -> None:
        """Run a statement that returns nothing (BEGIN, COMMIT, ROLLBACK) at once."""
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


def _connect_file(path: Path) -> sqlite3.Connection:
    # Transactions are begun by Database's hooks, never implicitly by the driver. The pool may
    # close a connection from a garbage-collector pass, hence no same-thread check.
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False)


def inline_creator(path: Path) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: inline connections to the SQLite file."""

    async def create() -> InlineConnection:
        return await InlineConnection(partial(_connect_file, path))

    return create
