"""Guild settings: a server's default platform, currency and arbitration fee."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select

from advisor.ledger import (
    GuildSettings,
    check_fee_charged,
    check_fee_rate,
    from_minor_units,
    normalise_currency,
    normalise_platform,
    to_minor_units,
)
from db.models import GuildSetting
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.units import Prepared, Writes

_SETTINGS = Prepared(
    select(
        GuildSetting.guild_id,
        GuildSetting.default_platform,
        GuildSetting.currency,
        GuildSetting.arbitration_fee_minor,
        GuildSetting.default_fee_rate,
    ).where(GuildSetting.guild_id == bindparam("guild_id"))
)


class GuildSettingsRepository(Repository[UnitT]):
    """Reading and saving each server's settings."""

    async def get(self, guild_id: int) -> GuildSettings:
        """The server's settings, or the defaults if none were saved."""
        guild_id = checked_snowflake(guild_id, "guild id")
        row = await self.unit.first(_SETTINGS, {"guild_id": guild_id})
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
            default_fee_rate=row.default_fee_rate,
        )

    async def save(self: GuildSettingsRepository[Writes], settings: GuildSettings) -> GuildSettings:
        """Store the server's settings, replacing any saved before; return them as stored."""
        guild_id = checked_snowflake(settings.guild_id, "guild id")
        currency = normalise_currency(settings.currency)
        fee = check_fee_charged(settings.arbitration_fee, currency, "arbitration fee")
        row = {
            "guild_id": guild_id,
            "default_platform": normalise_platform(settings.default_platform),
            "currency": currency,
            "arbitration_fee_minor": to_minor_units(fee, currency) if fee is not None else None,
            "default_fee_rate": check_fee_rate(settings.default_fee_rate),
        }
        await self.unit.run(self.unit.upsert(GuildSetting, row, ["guild_id"]))
        return await self.get(guild_id)

    async def delete(self: GuildSettingsRepository[Writes], guild_id: int) -> bool:
        """Forget the server's settings (when the bot leaves it); whether there were any."""
        guild_id = checked_snowflake(guild_id, "guild id")
        deleted = await self.unit.run(delete(GuildSetting).where(GuildSetting.guild_id == guild_id))
        return deleted > 0

    async def exists(self, guild_id: int) -> bool:
        """Whether the server has saved settings."""
        guild_id = checked_snowflake(guild_id, "guild id")
        return await self.unit.first(_SETTINGS, {"guild_id": guild_id}) is not None
