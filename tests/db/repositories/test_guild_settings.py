"""Tests for GuildSettingsRepository: defaults, saving, replacing and deleting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.errors import AmountError
from advisor.ledger import CurrencyError, GuildSettings, LedgerError
from db.database import Database
from db.repositories import GuildSettingsRepository

GUILD = 444_444_444_444_444_444


async def save(db: Database, settings: GuildSettings) -> GuildSettings:
    async with db.write() as writes:
        return await GuildSettingsRepository(writes).save(settings)


async def load(db: Database, guild_id: int = GUILD) -> GuildSettings:
    async with db.write() as writes:
        return await GuildSettingsRepository(writes).get(guild_id)


async def test_server_without_settings_gets_the_defaults(db: Database) -> None:
    assert await load(db) == GuildSettings(GUILD, "upwork", "USD", None)


async def test_saved_settings_are_read_back(db: Database) -> None:
    await save(db, GuildSettings(GUILD, "Fiverr", "eur", Decimal("291")))
    assert await load(db) == GuildSettings(GUILD, "fiverr", "EUR", Decimal("291.00"))


async def test_saving_again_replaces_the_settings(db: Database) -> None:
    await save(db, GuildSettings(GUILD, "fiverr", "EUR", Decimal("291")))
    returned = await save(db, GuildSettings(GUILD, "upwork", "GBP", None))
    assert returned == await load(db) == GuildSettings(GUILD, "upwork", "GBP", None)


async def test_settings_of_one_server_leave_others_at_the_defaults(db: Database) -> None:
    await save(db, GuildSettings(GUILD, "fiverr", "EUR", None))
    assert await load(db, GUILD + 1) == GuildSettings(GUILD + 1)


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        (GuildSettings(GUILD, currency="dollars"), CurrencyError),
        (GuildSettings(GUILD, default_platform="up work"), LedgerError),
        (GuildSettings(GUILD, arbitration_fee=Decimal("-1")), AmountError),
        (GuildSettings(GUILD, arbitration_fee=Decimal("0.001")), AmountError),
    ],
)
async def test_unusable_settings_are_refused(
    db: Database, settings: GuildSettings, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await save(db, settings)


async def test_deleted_settings_fall_back_to_the_defaults(db: Database) -> None:
    await save(db, GuildSettings(GUILD, "fiverr", "EUR", None))
    async with db.write() as writes:
        repository = GuildSettingsRepository(writes)
        assert await repository.delete(GUILD)
        assert not await repository.delete(GUILD)
    assert await load(db) == GuildSettings(GUILD)
