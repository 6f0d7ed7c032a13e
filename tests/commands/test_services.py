"""The server-settings cache: read once, fresh after a change here, refreshed after its time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.ledger import GuildSettings
from commands.services import ServerDefaults
from db.database import Database
from db.repositories.guild_settings import GuildSettingsRepository
from db.startup import open_database

GUILD = 200_000_000_000_000_001


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'g.sqlite3'}")
    yield opened
    await opened.dispose()


async def _save_elsewhere(database: Database, platform: str) -> None:
    """A change made by another process: straight to the database."""
    async with database.write() as writes:
        await GuildSettingsRepository(writes).save(
            GuildSettings(guild_id=GUILD, default_platform=platform)
        )


async def test_direct_messages_have_no_server_settings(database: Database) -> None:
    assert await ServerDefaults(database).get(None) is None


async def test_settings_are_read_once_within_their_time(database: Database) -> None:
    now = [0.0]
    defaults = ServerDefaults(database, ttl=60, timer=lambda: now[0])
    first = await defaults.get(GUILD)
    assert first is not None
    await _save_elsewhere(database, "fiverr")
    now[0] = 59
    assert await defaults.get(GUILD) == first


async def test_settings_are_read_again_after_their_time(database: Database) -> None:
    now = [0.0]
    defaults = ServerDefaults(database, ttl=60, timer=lambda: now[0])
    await defaults.get(GUILD)
    await _save_elsewhere(database, "fiverr")
    now[0] = 61
    fresh = await defaults.get(GUILD)
    assert fresh is not None
    assert fresh.default_platform == "fiverr"


async def test_settings_saved_here_are_used_at_once(database: Database) -> None:
    defaults = ServerDefaults(database)
    await defaults.get(GUILD)
    saved = GuildSettings(guild_id=GUILD, arbitration_fee=Decimal("291"))
    defaults.remember(saved)
    assert await defaults.get(GUILD) == saved
