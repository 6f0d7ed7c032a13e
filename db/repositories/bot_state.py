"""The bot's own small state between runs, such as the hash of the command payload it last
synced for each scope (global or one guild), so unchanged commands are not synced again."""

from __future__ import annotations

from sqlalchemy import select

from db.models import BotState
from db.repositories._scope import Repository, UnitT
from db.units import Writes

MAX_KEY_LENGTH = 100
_COMMAND_HASH_PREFIX = "command_hash:"


def _checked_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a bot state key has 1 to {MAX_KEY_LENGTH} characters")
    return key


class BotStateRepository(Repository[UnitT]):
    """Keys and values the bot keeps for itself."""

    async def get(self, key: str) -> str | None:
        """The value stored under `key`, if any."""
        value: str | None = await self.unit.scalar(
            select(BotState.value).where(BotState.key == _checked_key(key))
        )
        return value

    async def set(self: BotStateRepository[Writes], key: str, value: str) -> None:
        """Store `value` under `key`, replacing what was there."""
        row = {"key": _checked_key(key), "value": value}
        await self.unit.run(self.unit.upsert(BotState, row, ["key"]))

    async def command_hash(self, scope: str) -> str | None:
        """The hash of the command payload last synced to `scope` (`global` or a guild id)."""
        return await self.get(_COMMAND_HASH_PREFIX + scope)

    async def set_command_hash(
        self: BotStateRepository[Writes], scope: str, payload_hash: str
    ) -> None:
        """Remember the hash of the command payload just synced to `scope`."""
        await self.set(_COMMAND_HASH_PREFIX + scope, payload_hash)
