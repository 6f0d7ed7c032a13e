"""Jobs-channel messages already screened: each is screened once, even when the gateway replays
it after a reconnect, or when several processes share the database; an edit is screened again.

A message is claimed by inserting its id with a digest of its text: the database's unique key
decides who screens it, so a replayed MESSAGE_CREATE finds it taken and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import delete, select, update

from db.models import ScreenedMessage
from db.repositories._scope import Repository, UnitT
from db.units import Writes


class Claim(Enum):
    NEW = "new"  # never screened: screen and answer it
    CHANGED = "changed"  # screened, and its text changed since: screen it again
    SEEN = "seen"  # screened with this very text: nothing to do


@dataclass(frozen=True)
class ScreenedRecord:
    """Where a screened message's answer is, so that an edit or a deletion can find it."""

    message_id: int
    channel_id: int
    guild_id: int
    verdict: str | None
    answer_channel_id: int | None
    answer_message_id: int | None
    reaction: str | None


def _record(row: Any) -> ScreenedRecord:
    return ScreenedRecord(
        row.message_id,
        row.channel_id,
        row.guild_id,
        row.verdict,
        row.answer_channel_id,
        row.answer_message_id,
        row.reaction,
    )


class ScreenedMessageRepository(Repository[UnitT]):
    async def claim(
        self: ScreenedMessageRepository[Writes],
        *,
        message_id: int,
        channel_id: int,
        guild_id: int,
        digest: str,
        on: date,
    ) -> tuple[Claim, ScreenedRecord | None]:
        """Claim the message's screening; with CHANGED, the answer the earlier text got."""
        values = {
            "message_id": message_id,
            "channel_id": channel_id,
            "guild_id": guild_id,
            "digest": digest,
            "screened_on": on,
        }
        inserted = await self.unit.scalar(
            self.unit.insert_or_ignore(ScreenedMessage, values, ["message_id"]).returning(
                ScreenedMessage.message_id
            )
        )
        if inserted is not None:
            return Claim.NEW, None
        row = await self.unit.first(
            select(ScreenedMessage).where(ScreenedMessage.message_id == message_id)
        )
        if row is None or row.digest == digest:
            return Claim.SEEN, None
        changed = await self.unit.run(
            update(ScreenedMessage)
            .where(ScreenedMessage.message_id == message_id, ScreenedMessage.digest == row.digest)
            .values(digest=digest, screened_on=on)
        )
        return (Claim.CHANGED, _record(row)) if changed else (Claim.SEEN, None)

    async def answered(
        self: ScreenedMessageRepository[Writes],
        message_id: int,
        *,
        verdict: str,
        answer_channel_id: int | None,
        answer_message_id: int | None,
        reaction: str | None,
    ) -> None:
        await self.unit.run(
            update(ScreenedMessage)
            .where(ScreenedMessage.message_id == message_id)
            .values(
                verdict=verdict,
                answer_channel_id=answer_channel_id,
                answer_message_id=answer_message_id,
                reaction=reaction,
            )
        )

    async def forget(
        self: ScreenedMessageRepository[Writes], message_id: int
    ) -> ScreenedRecord | None:
        """The deleted message's record, removed; None if it was never screened."""
        row = await self.unit.first(
            select(ScreenedMessage).where(ScreenedMessage.message_id == message_id)
        )
        if row is None:
            return None
        await self.unit.run(delete(ScreenedMessage).where(ScreenedMessage.message_id == message_id))
        return _record(row)

    async def prune(self: ScreenedMessageRepository[Writes], before: date) -> int:
        """Forget messages screened before `before`: an edit that late is screened as new."""
        return await self.unit.run(
            delete(ScreenedMessage).where(ScreenedMessage.screened_on < before)
        )
