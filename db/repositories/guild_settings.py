"""Guild settings: a server's default platform, currency and arbitration fee."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from advisor.ledger import (
    GuildSettings,
    check_fee_charged,
    from_minor_units,
    normalise_currency,
    normalise_platform,
    to_minor_units,
)
from db.models import GuildSetting
from db.repositories._scope import checked_snowflake
from db.repositories._statements import upsert


class GuildSettingsRepository:
    """Reading and saving each server's settings."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, guild_id: int) -> GuildSettings:
        """The server's settings, or the defaults if none were saved."""
        guild_id = checked_snowflake(guild_id, "guild id")
        row = await self.session.get(GuildSetting, guild_id)
        if row is None:
            return GuildSettings(guild_id=guild_id)
        return GuildSettings(
            guild_id=row.guild_id,
            default_platform=row.default_platform,
            currency=row.currency,
            arbitration_fee=(
                from_minor_units(row.arbitration_fee_minor, row.currency)
                if row.arbitration_fee_minor is not None
                else None
            ),
        )

    async def save(self, settings: GuildSettings) -> GuildSettings:
        """Store the server's settings, replacing any saved before; return them as stored."""
        guild_id = checked_snowflake(settings.guild_id, "guild id")
        currency = normalise_currency(settings.currency)
        fee = check_fee_charged(settings.arbitration_fee, currency, "arbitration fee")
        row = {
            "guild_id": guild_id,
            "default_platform": normalise_platform(settings.default_platform),
            "currency": currency,
            "arbitration_fee_minor": to_minor_units(fee, currency) if fee is not None else None,
        }
        await self.session.execute(upsert(self.session, GuildSetting, row, ["guild_id"]))
        # The identity map may hold the row as it was before the upsert.
        self.session.expire_all()
        return await self.get(guild_id)

    async def delete(self, guild_id: int) -> bool:
        """Forget the server's settings (when the bot leaves it); whether there were any."""
        guild_id = checked_snowflake(guild_id, "guild id")
        deleted = await self.session.scalars(
            delete(GuildSetting)
            .where(GuildSetting.guild_id == guild_id)
            .returning(GuildSetting.guild_id)
        )
        return deleted.first() is not None

    async def exists(self, guild_id: int) -> bool:
        """Whether the server has saved settings."""
        guild_id = checked_snowflake(guild_id, "guild id")
        found = await self.session.scalar(
            select(GuildSetting.guild_id).where(GuildSetting.guild_id == guild_id)
        )
        return found is not None
