"""The schema revision this code expects, readable without loading Alembic.

Alembic and its template engine cost a tenth of a second and about 10 MB at every start, yet the
database is almost always current: start-up compares one row with this constant and loads Alembic
only when there is something to migrate. A test holds it equal to Alembic's own head.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.database import is_busy_error, read_only

HEAD_REVISION = "0009"


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is exactly at `HEAD_REVISION` (False on any doubt).

    It only reads, in a transaction that on SQLite never waits for a writer. A lock held by
    another process is raised rather than taken for doubt.
    """
    try:
        async with read_only(engine).connect() as connection:
            found = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
    except DBAPIError as error:
        if is_busy_error(error):
            raise
        # No alembic_version table yet (an empty database), or something worse: the full
        # check finds out which.
        return False
    return [row[0] for row in found] == [HEAD_REVISION]
