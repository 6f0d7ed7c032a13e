"""A scratch PostgreSQL database for one run: created on entry, dropped on exit."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.engine import make_url


def server_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (its CPU is part of what is measured)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


class PostgresUnavailable(RuntimeError):
    """The server could not be reached or refused to create a database."""


@contextlib.asynccontextmanager
async def scratch_database(admin_url: str) -> AsyncIterator[str]:
    """Yield the URL of a new, empty database on the server `admin_url` points at."""
    import asyncpg

    url = make_url(admin_url)
    name = f"gigwise_bench_{os.getpid()}"
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        admin = await asyncpg.connect(plain, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        raise PostgresUnavailable(
            f"cannot reach PostgreSQL at {url.host}:{url.port}: {error}"
        ) from error
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    except asyncpg.PostgresError as error:
        await admin.close()
        raise PostgresUnavailable(f"cannot create a database: {error}") from error
    try:
        yield url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
