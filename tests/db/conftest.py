"""Fixtures for the database tests: a real SQLite file per test, and the same tests on PostgreSQL
when GIGWISE_TEST_DATABASE_URL names a server.

On PostgreSQL every database is created by this run under a random name and dropped at the end,
so runs never share tables: migration tests get a new empty database each, and the others share
one migrated database whose tables are emptied before each test.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from db.database import Database, async_database_url
from db.migrate import upgrade
from db.models import Base
from db.startup import open_database

POSTGRES_URL = os.environ.get("GIGWISE_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


async def create_postgres_database(server_url: str) -> str:
    """A new, empty database on the server; returns its URL."""
    server = async_database_url(server_url)
    name = f"gigwise_test_{uuid4().hex[:16]}"
    await _administer(server_url, f'CREATE DATABASE "{name}"')
    return server.set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    await _administer(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _administer(server_url: str, statement: str) -> None:
    admin = create_async_engine(
        async_database_url(server_url), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        async with admin.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await admin.dispose()


@asynccontextmanager
async def fresh_postgres_database(server_url: str) -> AsyncIterator[str]:
    """A new database for one test, dropped afterwards, so runs never share tables."""
    url = await create_postgres_database(server_url)
    try:
        yield url
    finally:
        await drop_postgres_database(server_url, url)


async def _migrated_database(server_url: str) -> str:
    url = await create_postgres_database(server_url)
    database = Database(url)
    try:
        await upgrade(database)
    finally:
        await database.dispose()
    return url


@pytest.fixture(scope="session")
def postgres_at_head() -> Iterator[str | None]:
    """A database of this run only, migrated to head once; `db` empties its tables per test.

    None when no PostgreSQL server is configured.
    """
    if POSTGRES_URL is None:
        yield None
        return
    url = asyncio.run(_migrated_database(POSTGRES_URL))
    yield url
    asyncio.run(drop_postgres_database(POSTGRES_URL, url))


def sqlite_url_for(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in a folder that does not exist yet."""
    return sqlite_url_for(tmp_path / "data" / "gigwise.sqlite3")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(backend: str, sqlite_url: str) -> AsyncIterator[str]:
    """An empty database on each configured backend."""
    if backend == "postgresql":
        assert POSTGRES_URL is not None
        async with fresh_postgres_database(POSTGRES_URL) as url:
            yield url
    else:
        yield sqlite_url


@pytest.fixture
async def empty_db(database_url: str) -> AsyncIterator[Database]:
    """A connected database without any tables."""
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def db(
    backend: str, sqlite_url: str, postgres_at_head: str | None
) -> AsyncIterator[Database]:
    """A database at the newest revision with no rows, as `gigwise run` opens a new one."""
    if backend == "postgresql":
        assert postgres_at_head is not None
        database = Database(postgres_at_head)
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        async with database.engine.begin() as connection:
            await connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        database = await open_database(sqlite_url)
    yield database
    await database.dispose()


@asynccontextmanager
async def write_lock_held_elsewhere(db: Database) -> AsyncIterator[None]:
    """Another process holding the write lock (SQLite) or the billings table (PostgreSQL)."""
    if db.file is not None:
        with closing(sqlite3.connect(db.file, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            try:
                yield
            finally:
                other.execute("ROLLBACK")
        return
    other_db = Database(db.url)
    try:
        async with other_db.engine.connect() as connection:
            await connection.exec_driver_sql("LOCK TABLE billings IN ACCESS EXCLUSIVE MODE")
            yield
            await connection.rollback()
    finally:
        await other_db.dispose()
