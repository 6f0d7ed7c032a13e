"""Tests for BotStateRepository: values and command-sync hashes survive between sessions."""

from __future__ import annotations

import pytest

from db.database import Database
from db.repositories import BotStateRepository


async def test_missing_key_reads_as_none(db: Database) -> None:
    async with db.write() as writes:
        assert await BotStateRepository(writes).get("nothing") is None


async def test_value_is_kept_and_replaced(db: Database) -> None:
    async with db.write() as writes:
        await BotStateRepository(writes).set("greeting", "hello")
    async with db.write() as writes:
        await BotStateRepository(writes).set("greeting", "hi")
    async with db.write() as writes:
        assert await BotStateRepository(writes).get("greeting") == "hi"


async def test_command_hash_is_kept_per_scope(db: Database) -> None:
    async with db.write() as writes:
        state = BotStateRepository(writes)
        await state.set_command_hash("global", "aaa")
        await state.set_command_hash("555", "bbb")
    async with db.write() as writes:
        state = BotStateRepository(writes)
        hashes = (await state.command_hash("global"), await state.command_hash("555"))
        assert (*hashes, await state.command_hash("666")) == ("aaa", "bbb", None)


@pytest.mark.parametrize("key", ["", "k" * 101])
async def test_unusable_key_is_a_value_error(db: Database, key: str) -> None:
    async with db.write() as writes:
        with pytest.raises(ValueError, match="key"):
            await BotStateRepository(writes).set(key, "v")
