"""The schema revision this code expects, readable without loading Alembic.

Alembic and its template engine cost a tenth of a second and about 10 MB at every start, yet the
database is almost always current: start-up compares one row with this constant and loads Alembic
only when there is something to migrate. A test holds it equal to Alembic's own head.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.database import Database

HEAD_REVISION = "0006"


async def is_current(db: Database) -> bool:
    """True when the database is exactly at `HEAD_REVISION` (False on any doubt)."""
    try:
        async with db.engine.connect() as connection:
            found = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
    except DBAPIError:
        # No alembic_version table yet: an empty database, for the full check to handle.
        return False
    return [row[0] for row in found] == [HEAD_REVISION]
