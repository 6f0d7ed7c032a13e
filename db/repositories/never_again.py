"""Each member's private "never again" list: clients they will not work with again. Only the
member ever reads it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select, update

from advisor.community.names import client_key
from advisor.community.warnings import NeverAgainEntry, UnknownClient, check_note
from advisor.ledger import clean_client_name
from db.models import NeverAgain
from db.repositories._scope import Repository, UnitT, checked_snowflake, ensure_member
from db.units import Reads, Writes

_COLUMNS = (
    NeverAgain.id,
    NeverAgain.client_name,
    NeverAgain.client_key,
    NeverAgain.note,
    NeverAgain.added_on,
)


def _entry(row: Any) -> NeverAgainEntry:
    return NeverAgainEntry(row.id, row.client_name, row.client_key, row.note, row.added_on)


async def never_again_entries(unit: Reads, member_id: int) -> tuple[NeverAgainEntry, ...]:
    """The member's whole list, by name."""
    rows = await unit.rows(
        select(*_COLUMNS).where(NeverAgain.member_id == member_id).order_by(NeverAgain.client_key)
    )
    return tuple(_entry(row) for row in rows)


class NeverAgainRepository(Repository[UnitT]):
    """One member's "never again" list."""

    async def add(
        self: NeverAgainRepository[Writes],
        member_id: int,
        client_name: str,
        note: str | None,
        on: date,
    ) -> tuple[NeverAgainEntry, bool]:
        """Put the client on the list; the entry, and whether it is new (an existing entry keeps
        its date and takes the new note, if one was given)."""
        member_id = await ensure_member(self.unit, member_id)
        name = clean_client_name(client_name)
        key = client_key(name) or name.casefold()
        note = check_note(note)
        values = {
            "member_id": member_id,
            "client_name": name,
            "client_key": key,
            "note": note,
            "added_on": on,
        }
        inserted = await self.unit.scalar(
            self.unit.insert_or_ignore(NeverAgain, values, ["member_id", "client_key"]).returning(
                NeverAgain.id
            )
        )
        if inserted is None and note is not None:
            await self.unit.run(
                update(NeverAgain)
                .where(NeverAgain.member_id == member_id, NeverAgain.client_key == key)
                .values(note=note)
            )
        found = await self.find(member_id, name)
        assert found is not None
        return found, inserted is not None

    async def find(self, member_id: int, client_name: str) -> NeverAgainEntry | None:
        """The member's entry for this client, matched as warnings are."""
        member_id = checked_snowflake(member_id)
        row = await self.unit.first(
            select(*_COLUMNS).where(
                NeverAgain.member_id == member_id,
                NeverAgain.client_key == client_key(client_name),
            )
        )
        return None if row is None else _entry(row)

    async def remove(self: NeverAgainRepository[Writes], member_id: int, client_name: str) -> str:
        """Take the client off the list; its name as listed. `UnknownClient` if not listed."""
        found = await self.find(member_id, client_name)
        if found is None:
            raise UnknownClient(
                f"{client_name.strip()[:100]} is not on your never-again list: pick one from it."
            )
        await self.unit.run(delete(NeverAgain).where(NeverAgain.id == found.id))
        return found.client_name

    async def entries(self, member_id: int) -> tuple[NeverAgainEntry, ...]:
        return await never_again_entries(self.unit, checked_snowflake(member_id))
