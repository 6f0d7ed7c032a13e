"""Alembic environment: runs the revisions on the connection `db.migrate` hands over, or, when
the alembic command line is used while writing a revision, on its own async engine."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from db.database import DEFAULT_DATABASE_URL, async_database_url, build_engine
from db.migrate import check_foreign_keys, lock_for_migration
from db.models import Base

config = context.config


def run_on(connection: Connection) -> None:
    """Run the pending revisions inside the transaction the caller has begun."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        # Gigwise emits BEGIN itself on SQLite, so DDL there is transactional too.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(url: str) -> None:
    engine = build_engine(async_database_url(url), enforce_foreign_keys=False, pooled=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(lock_for_migration)
            await connection.run_sync(run_on)
            await connection.run_sync(check_foreign_keys)
    finally:
        await engine.dispose()


def database_url() -> str:
    return (
        os.environ.get("DATABASE_URL")
        or config.get_main_option("sqlalchemy.url")
        or DEFAULT_DATABASE_URL
    )


if context.is_offline_mode():
    context.configure(
        url=database_url(),
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    handed_over = config.attributes.get("connection")
    if isinstance(handed_over, Connection):
        run_on(handed_over)
    else:
        asyncio.run(run_with_own_engine(database_url()))
