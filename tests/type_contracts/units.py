"""A unit of work offers only what works on every backend, and a read offers no writing."""

from __future__ import annotations

from sqlalchemy import delete, text

from db.database import Database
from db.models import Client
from db.repositories import ClientRepository, ContractRepository


async def misuse(database: Database) -> None:
    async with database.read() as reads:
        # A write in a read block.
        await ClientRepository(reads).get_or_create(1, "Acme", "upwork")  # type: ignore[misc]
        await reads.run(delete(Client))  # type: ignore[attr-defined]
        # Raw SQL and the connection's own API are not offered.
        await reads.rows(text("SELECT 1"))  # type: ignore[arg-type]
        await reads.execute(text("SELECT 1"))  # type: ignore[attr-defined]
    async with database.write() as writes:
        # What worked only on one backend: the session's and the connection's API.
        await writes.execute(delete(Client))  # type: ignore[attr-defined]
        await writes.commit()  # type: ignore[attr-defined]
        await writes.get(Client, 1)  # type: ignore[attr-defined]
        # Fine: a repository's reads and writes in a write block.
        await ContractRepository(writes).list(1)
